package authgenfake

import (
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
