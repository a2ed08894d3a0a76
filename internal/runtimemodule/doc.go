// Package runtimemodule runs the tests of the repository's nested modules
// as part of `go test ./...` at the root, where a nested module is outside
// `./...`: the runtime (github.com/authgen/authgen/runtime, runtime/), what
// every generated client imports, and redisbudget, the fleet's budget on
// Redis.
package runtimemodule
