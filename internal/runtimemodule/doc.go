// Package runtimemodule runs the tests of the runtime module
// (github.com/authgen/authgen/runtime, the directory runtime/ of this
// repository) as part of `go test ./...` at the root: a nested module is
// outside the root module's `./...`, and the runtime is what every
// generated client imports.
package runtimemodule
