// Package e2e holds behaviour tests of generated clients: each test starts
// an httptest server that plays a provider as its docs describe and drives
// the generated package the way a user would, through its exported API
// only.
package e2e
