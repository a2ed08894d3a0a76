// Package runtime holds the source of authgen's runtime packages, so that
// authgen can write one copy of them beside the clients it generates
// (generate --runtime=copy) for teams that want no dependency. Generated
// clients import the packages themselves:
//
//   - authgenrt, the runtime of every client: auth, retries, rate limits,
//     errors, redirects and redaction, pagination, webhooks;
//   - authgenfake, the machinery of the fake providers beside them.
//
// This module imports the standard library only.
package runtime

import "embed"

// Source holds authgenrt/*.go and authgenfake/*.go, tests included.
//
//go:embed authgenrt/*.go authgenfake/*.go
var Source embed.FS

// Module is this module's path.
const Module = "github.com/authgen/authgen/runtime"
