// Package jwtcheck holds only a test: the runtime's per-request JWTs
// (authgenrt.JWTSigner) parsed and verified by github.com/golang-jwt/jwt/v5,
// a test-only dependency of the generator's module; the runtime module
// stays standard-library only.
package jwtcheck
