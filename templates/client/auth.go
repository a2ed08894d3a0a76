package client

import (
	"context"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// The bodies of the generated credential options (WithAPIKey, ...): each
// names its security scheme, and the runtime keeps the credential.

func withStaticSecret(scheme, value string) Option {
	return Option(authgenrt.WithStaticSecret(scheme, value))
}

func withSecretFunc(scheme string, fn func(context.Context) (string, error)) Option {
	return Option(authgenrt.WithSecretFunc(scheme, fn))
}

func withBasic(scheme, username, password string) Option {
	return Option(authgenrt.WithBasic(scheme, username, password))
}

// withCredentialHeader is the body of an option for a header that goes
// with a credential (OpenAI-Organization).
func withCredentialHeader(name, value string) Option {
	return Option(authgenrt.WithCredentialHeader(name, value))
}

// withServerVariable is the body of an option for a {variable} of the
// servers' URLs.
func withServerVariable(name, value string) Option {
	return Option(authgenrt.WithServerVariable(name, value))
}

// credentialUser is the value of a path parameter the spec takes from a
// scheme's user name (Twilio's AccountSid) when the caller gives none.
func (c *Client) credentialUser(scheme, given string) string {
	return c.rt.CredentialUser(scheme, given)
}
