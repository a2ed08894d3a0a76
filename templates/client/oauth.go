//authgen:feature oauth2
package client

import "github.com/authgen/authgen/runtime/authgenrt"

// withOAuthFlow is the body of an option whose OAuth 2.0 flow the client
// runs itself: it fetches, caches and refreshes the token.
func withOAuthFlow(scheme string, flow authgenrt.OAuthFlow) Option {
	return Option(authgenrt.WithOAuthFlow(scheme, flow))
}
