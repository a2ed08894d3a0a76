package authgenrt

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
)

// basicSpec is a provider with one basic scheme, shaped as the test needs.
func basicSpec(shape func(*SchemeSpec)) *ProviderSpec {
	spec := testSpec()
	s := SchemeSpec{Name: "basic", Kind: SchemeBasic, Option: "WithBasic", EnvVar: "ACME_TOKEN", EnvVarUser: "ACME_USER"}
	shape(&s)
	spec.Schemes = []SchemeSpec{s}
	spec.Security = []SecurityRequirement{{"basic"}}
	return spec
}

// TestBasicUserNameShape: Zendesk's API tokens are sent with the user name
// "{email}/token" and the token as the password.
func TestBasicUserNameShape(t *testing.T) {
	spec := basicSpec(func(s *SchemeSpec) { s.UserSuffix = "/token" })
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
	c, _ := newTestClient(t, spec, srv.URL, WithBasic("basic", "jdoe@example.com", "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv"))
	if err := get(c, context.Background()); err != nil {
		t.Fatal(err)
	}
	r := srv.request(0)
	// Zendesk's page: "jdoe@example.com/token:6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv", base64.
	if got, want := r.Header.Get("Authorization"), "Basic "+base64.StdEncoding.EncodeToString([]byte("jdoe@example.com/token:6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv")); got != want {
		t.Errorf("Authorization %q, want %q", got, want)
	}
}

// TestPathParameterFromTheCredential: Twilio's {AccountSid} is the basic
// credential's user name unless the caller names another account.
func TestPathParameterFromTheCredential(t *testing.T) {
	spec := basicSpec(func(*SchemeSpec) {})
	c, _ := newTestClient(t, spec, "http://127.0.0.1:1", WithBasic("basic", "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "auth-token"))
	if got := c.CredentialUser("basic", ""); got != "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX" {
		t.Errorf("default = %q", got)
	}
	if got := c.CredentialUser("basic", "ACsubaccount"); got != "ACsubaccount" {
		t.Errorf("given = %q", got)
	}
	none, _ := newTestClient(t, basicSpec(func(*SchemeSpec) {}), "http://127.0.0.1:1")
	if got := PathParam(none.CredentialUser("basic", "")); checkPath("/Accounts/"+got) == nil {
		t.Error("without a credential the empty parameter must be refused, not sent as //")
	}
}

// TestCredentialHeaders: OpenAI's OpenAI-Organization and OpenAI-Project go
// with the API key, from options or the environment, and only to requests
// that send the key.
func TestCredentialHeaders(t *testing.T) {
	spec := testSpec()
	spec.Schemes[0].Headers = []CredentialHeader{{Name: "OpenAI-Organization", EnvVar: "ACME_ORG"}, {Name: "OpenAI-Project", EnvVar: "ACME_PROJECT"}}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })

	c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey), WithCredentialHeader("OpenAI-Organization", "org-123"))
	if err := get(c, context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := c.Send(context.Background(), &Request{Operation: "public", Method: "GET", Path: "/public", Security: []SecurityRequirement{}}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := srv.request(0).Header.Get("OpenAI-Organization"); got != "org-123" {
		t.Errorf("OpenAI-Organization %q", got)
	}
	if _, set := srv.request(0).Header["Openai-Project"]; set {
		t.Error("an unset optional header was sent")
	}
	if got := srv.request(1).Header.Get("OpenAI-Organization"); got != "" {
		t.Errorf("a public operation got the credential's header %q", got)
	}

	env := map[string]string{"ACME_KEY": testKey, "ACME_ORG": "org-env", "ACME_PROJECT": "proj-env"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	c, err := NewClient(spec, lookup, []Option{WithBaseURL(srv.URL), WithCredentialHeader("OpenAI-Project", "proj-option")})
	if err != nil {
		t.Fatal(err)
	}
	if err := get(c, context.Background()); err != nil {
		t.Fatal(err)
	}
	r := srv.request(2)
	if r.Header.Get("OpenAI-Organization") != "org-env" || r.Header.Get("OpenAI-Project") != "proj-option" {
		t.Errorf("from the environment, the option winning: %v", r.Header)
	}

	if _, err := NewClient(spec, nil, []Option{WithCredentialHeader("OpenAI-Project", "a\r\nX-Evil: 1")}); err == nil {
		t.Error("a value with a line break was accepted")
	}
}

// TestFinalCodesAreNeverRetried: OpenAI's 429 insufficient_quota lasts
// until the bill is paid; its 429 rate_limit_exceeded passes.
func TestFinalCodesAreNeverRetried(t *testing.T) {
	spec := testSpec()
	spec.ErrorEnvelope = ErrorEnvelopeSpec{Code: "/error/code", Message: "/error/message"}
	spec.ErrorCodes = []ErrorCode{{Code: "insufficient_quota", Final: true}, {Code: "rate_limit_exceeded"}}
	for code, want := range map[string]int{"insufficient_quota": 1, "rate_limit_exceeded": 2} {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n > 1 {
				w.WriteHeader(204)
				return
			}
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(429)
			_, _ = w.Write([]byte(`{"error":{"code":"` + code + `","message":"m","type":"insufficient_quota"}}`))
		})
		c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey))
		err := get(c, context.Background())
		if srv.count() != want {
			t.Errorf("%s: %d requests, want %d (err %v)", code, srv.count(), want, err)
		}
		if want == 1 && (err == nil || !strings.Contains(err.Error(), "not retried: the code insufficient_quota is never retried")) {
			t.Errorf("%s: err = %v", code, err)
		}
	}
}

// TestExtraRetryStatuses: Notion's 529 service_overload is retried like a
// 503 (idempotent requests only), and only where the spec says so.
func TestExtraRetryStatuses(t *testing.T) {
	for _, tc := range []struct {
		statuses []int
		method   string
		want     int
	}{{[]int{529}, "GET", 2}, {nil, "GET", 1}, {[]int{529}, "POST", 1}} {
		spec := testSpec()
		spec.RetryStatuses = tc.statuses
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n == 1 {
				w.WriteHeader(529)
				return
			}
			w.WriteHeader(204)
		})
		c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey))
		_ = c.Send(context.Background(), &Request{Operation: "op", Method: tc.method, Path: "/x", Security: spec.Security}, nil, nil)
		if srv.count() != tc.want {
			t.Errorf("%v %s: %d requests, want %d", tc.statuses, tc.method, srv.count(), tc.want)
		}
	}
}
