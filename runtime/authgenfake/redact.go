package authgenfake

import (
	"net/http"
	"net/url"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// redacted stands for a credential in the requests the fake records.
const redacted = "[redacted]"

// redactHeader is h with the credentials of every scheme hidden.
func redactHeader(schemes []Scheme, h http.Header) http.Header {
	out := h.Clone()
	for _, sc := range schemes {
		for _, name := range sc.Headers {
			if out.Get(name) != "" {
				out.Set(name, redacted)
			}
		}
		switch sc.Kind {
		case authgenrt.SchemeBearer, authgenrt.SchemeBasic, authgenrt.SchemeOAuth2, authgenrt.SchemeOpenIDConnect:
			if out.Get("Authorization") != "" {
				out.Set("Authorization", redacted)
			}
		case authgenrt.SchemeHeaderKey:
			if out.Get(sc.Param) != "" {
				out.Set(sc.Param, redacted)
			}
		case authgenrt.SchemeCookieKey:
			if out.Get("Cookie") != "" {
				out.Set("Cookie", redacted)
			}
		}
	}
	return out
}

// redactQuery is u's path and query, with query credentials hidden.
func redactQuery(schemes []Scheme, u *url.URL) string {
	q := u.Query()
	for _, sc := range schemes {
		if sc.Kind == authgenrt.SchemeQueryKey && q.Has(sc.Param) {
			q.Set(sc.Param, redacted)
		}
	}
	if len(q) == 0 {
		return u.EscapedPath()
	}
	return u.EscapedPath() + "?" + q.Encode()
}
