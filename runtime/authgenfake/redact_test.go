package authgenfake

import (
	"context"
	"net/http"
	"net/url"
	"testing"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// TestRedaction: the requests a fake records hide every scheme's
// credential, wherever it travels, and keep the rest.
func TestRedaction(t *testing.T) {
	schemes := []Scheme{
		{Kind: authgenrt.SchemeBearer},
		{Kind: authgenrt.SchemeHeaderKey, Param: "X-Key"},
		{Kind: authgenrt.SchemeCookieKey, Param: "sid"},
		{Kind: authgenrt.SchemeQueryKey, Param: "api_key"},
		{Kind: authgenrt.SchemeBearer, Headers: []string{"Openai-Organization"}},
	}
	h := redactHeader(schemes, http.Header{"Authorization": {"Bearer t"}, "X-Key": {"k"}, "Cookie": {"sid=s"}, "Accept": {"application/json"}, "Openai-Organization": {"org-secret"}})
	for _, name := range []string{"Authorization", "X-Key", "Cookie", "Openai-Organization"} {
		if h.Get(name) != redacted {
			t.Errorf("%s: %q", name, h.Get(name))
		}
	}
	if h.Get("Accept") != "application/json" {
		t.Errorf("Accept: %q", h.Get("Accept"))
	}
	u, _ := url.Parse("/v1/things?api_key=secret&limit=2")
	if got := redactQuery(schemes, u); got != "/v1/things?api_key=%5Bredacted%5D&limit=2" {
		t.Errorf("query: %q", got)
	}
}

// TestPlacedCredentialsAreAcceptedAndRedacted: a scheme whose credential
// goes in the body (Plaid's client_id and secret) and in a templated
// header is accepted there, refused without it, and the requests the fake
// records hide those members and that header, keeping the rest of the
// body as it came.
func TestPlacedCredentialsAreAcceptedAndRedacted(t *testing.T) {
	spec := testSpec()
	spec.Schemes = []Scheme{
		{Name: "clientId", Kind: authgenrt.SchemeHeaderKey, Param: "X-Client-Id", Secret: "fake-id", Placements: []authgenrt.CredentialPlacement{{In: authgenrt.PlaceBody, Name: "client_id"}}},
		{Name: "secret", Kind: authgenrt.SchemeHeaderKey, Param: "X-Secret", Secret: "fake-secret", Placements: []authgenrt.CredentialPlacement{{In: authgenrt.PlaceBody, Name: "secret"}, {In: authgenrt.PlaceHeader, Name: "X-Sig", ValuePrefix: "s="}}},
	}
	spec.Routes[0].Verb, spec.Routes[0].Security = "POST", []authgenrt.SecurityRequirement{{"clientId", "secret"}}
	s := NewServer(t, spec)
	Handle(s, "getThing", func(context.Context, *Call) (any, error) { return map[string]string{"ok": "yes"}, nil })
	sig := http.Header{"X-Sig": {"s=fake-secret"}, "Content-Type": {"application/json"}}
	if a := do(t, s, call{method: "POST", path: "/things/1", header: sig, body: `{"client_id":"fake-id","secret":"fake-secret","n":1.50}`}); a.status != 200 {
		t.Errorf("with the credentials: %d %s", a.status, a.body)
	}
	form := http.Header{"X-Sig": {"s=fake-secret"}, "Content-Type": {"application/x-www-form-urlencoded"}}
	if a := do(t, s, call{method: "POST", path: "/things/1", header: form, body: "client_id=fake-id&secret=fake-secret&n=1"}); a.status != 200 {
		t.Errorf("a form with the credentials: %d %s", a.status, a.body)
	}
	for name, c := range map[string]call{
		"no secret member":   {body: `{"client_id":"fake-id","n":1}`, header: sig},
		"the wrong secret":   {body: `{"client_id":"fake-id","secret":"other"}`, header: sig},
		"no header":          {body: `{"client_id":"fake-id","secret":"fake-secret"}`},
		"in the header only": {header: http.Header{"X-Secret": {"fake-secret"}, "X-Client-Id": {"fake-id"}, "X-Sig": {"s=fake-secret"}}},
	} {
		c.method, c.path = "POST", "/things/1"
		if a := do(t, s, c); a.status != 401 {
			t.Errorf("%s: %d, want 401", name, a.status)
		}
	}
	reqs := s.Requests()
	if got := string(reqs[0].Body); got != `{"client_id":"[redacted]","secret":"[redacted]","n":1.50}` {
		t.Errorf("recorded body %s", got)
	}
	if got := string(reqs[1].Body); got != "client_id=%5Bredacted%5D&n=1&secret=%5Bredacted%5D" {
		t.Errorf("recorded form %s", got)
	}
	if got := reqs[0].Header.Get("X-Sig"); got != redacted {
		t.Errorf("recorded X-Sig %q", got)
	}
}
