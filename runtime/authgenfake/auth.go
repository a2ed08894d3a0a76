package authgenfake

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// tokenPath is where the fake answers a token request.
const tokenPath = "/__authgen_fake/oauth/token"

// Transport is the transport of the fake's clients: it sends token
// requests for the flows' token URLs to the fake, and everything else out
// as it is. A function, not a method, for the reason Handle is one.
func Transport(s *Server) http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		for _, sc := range s.spec.Schemes {
			if sc.TokenURL != "" && strings.TrimSuffix(r.URL.Scheme+"://"+r.URL.Host+r.URL.Path, "/") == strings.TrimSuffix(sc.TokenURL, "/") {
				u, _ := url.Parse(s.srv.URL + tokenPath)
				r = r.Clone(r.Context())
				r.URL, r.Host = u, u.Host
				break
			}
		}
		return http.DefaultTransport.RoundTrip(r)
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// isTokenPath: the fake's own token path, or a token URL the spec gives
// relative to the API's server, which comes to the fake as this path.
func (s *Server) isTokenPath(path string) bool {
	if path == tokenPath {
		return true
	}
	for _, sc := range s.spec.Schemes {
		if sc.TokenURL == "" || strings.Contains(sc.TokenURL, "://") {
			continue
		}
		if path == sc.TokenURL || path == s.spec.BasePath+"/"+strings.TrimPrefix(sc.TokenURL, "/") {
			return true
		}
	}
	return false
}

// serveToken is the OAuth 2.0 token endpoint of every flow the spec
// declares: a client it knows gets the scheme's access token.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	id, secret, ok := r.BasicAuth()
	if ok {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	w.Header().Set("Content-Type", "application/json")
	for _, sc := range s.spec.Schemes {
		if sc.Kind == authgenrt.SchemeOAuth2 && sc.ClientID != "" && id == sc.ClientID && secret == sc.ClientSecret {
			_ = json.NewEncoder(w).Encode(map[string]any{"access_token": sc.Secret, "token_type": "Bearer", "expires_in": 3600})
			return
		}
	}
	w.WriteHeader(http.StatusUnauthorized)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": "invalid_client"})
}

// authorized: the request satisfies one of the operation's alternatives.
func (s *Server) authorized(r *http.Request, body []byte, rt *Route) bool {
	if len(rt.Security) == 0 {
		return true
	}
	for _, alt := range rt.Security {
		all := true
		for _, name := range alt {
			all = all && schemeSatisfied(s.spec.Schemes, r, body, name)
		}
		if all {
			return true
		}
	}
	return false
}

// schemeSatisfied: the request carries the credential scheme name accepts.
func schemeSatisfied(schemes []Scheme, r *http.Request, body []byte, name string) bool {
	for _, sc := range schemes {
		if sc.Name != name {
			continue
		}
		if len(sc.Placements) > 0 {
			return placementsSatisfied(sc, r, body)
		}
		switch sc.Kind {
		case authgenrt.SchemeBearer, authgenrt.SchemeOAuth2, authgenrt.SchemeOpenIDConnect:
			return r.Header.Get("Authorization") == "Bearer "+sc.Secret
		case authgenrt.SchemeHeaderKey:
			return r.Header.Get(sc.Param) == sc.ValuePrefix+sc.Secret+sc.ValueSuffix
		case authgenrt.SchemeQueryKey:
			return r.URL.Query().Get(sc.Param) == sc.Secret
		case authgenrt.SchemeCookieKey:
			c, err := r.Cookie(sc.Param)
			return err == nil && c.Value == sc.Secret
		case authgenrt.SchemeBasic:
			user, pass, ok := r.BasicAuth()
			return ok && user == sc.User && pass == sc.Secret
		}
	}
	return false
}

// placementsSatisfied: the credential is in every place the scheme puts
// it, each in its template.
func placementsSatisfied(sc Scheme, r *http.Request, body []byte) bool {
	for _, p := range sc.Placements {
		want := p.ValuePrefix + sc.Secret + p.ValueSuffix
		var got string
		switch p.In {
		case authgenrt.PlaceHeader:
			got = r.Header.Get(p.Name)
		case authgenrt.PlaceQuery:
			got = r.URL.Query().Get(p.Name)
		case authgenrt.PlaceCookie:
			if c, err := r.Cookie(p.Name); err == nil {
				got = c.Value
			}
		case authgenrt.PlaceBody:
			got, _ = bodyMember(r.Header.Get("Content-Type"), body, p.Name)
		}
		if got != want {
			return false
		}
	}
	return true
}

// bodyMember is the string member name of a JSON object body, or the
// field name of a form body.
func bodyMember(contentType string, body []byte, name string) (string, bool) {
	if strings.Contains(contentType, "x-www-form-urlencoded") {
		form, err := url.ParseQuery(string(body))
		return form.Get(name), err == nil && form.Has(name)
	}
	var members map[string]json.RawMessage
	if json.Unmarshal(body, &members) != nil {
		return "", false
	}
	var v string
	if raw, ok := members[name]; !ok || json.Unmarshal(raw, &v) != nil {
		return "", false
	}
	return v, true
}
