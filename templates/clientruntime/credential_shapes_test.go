package clientruntime

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"testing"
)

// basicSpec is a provider with one basic scheme, shaped as the test needs.
func basicSpec(shape func(*schemeSpec)) *providerSpec {
	spec := testSpec()
	s := schemeSpec{name: "basic", kind: schemeBasic, option: "WithBasic", envVar: "ACME_TOKEN", envVarUser: "ACME_USER"}
	shape(&s)
	spec.schemes = []schemeSpec{s}
	spec.security = []securityRequirement{{"basic"}}
	return spec
}

// TestBasicUserNameShape: Zendesk's API tokens are sent with the user name
// "{email}/token" and the token as the password.
func TestBasicUserNameShape(t *testing.T) {
	spec := basicSpec(func(s *schemeSpec) { s.userSuffix = "/token" })
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
	c, _ := newTestClient(t, spec, srv.URL, withBasic("basic", "jdoe@example.com", "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv"))
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
	spec := basicSpec(func(*schemeSpec) {})
	c, _ := newTestClient(t, spec, "http://127.0.0.1:1", withBasic("basic", "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "auth-token"))
	if got := c.credentialUser("basic", ""); got != "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX" {
		t.Errorf("default = %q", got)
	}
	if got := c.credentialUser("basic", "ACsubaccount"); got != "ACsubaccount" {
		t.Errorf("given = %q", got)
	}
	none, _ := newTestClient(t, basicSpec(func(*schemeSpec) {}), "http://127.0.0.1:1")
	if got := pathParam(none.credentialUser("basic", "")); checkPath("/Accounts/"+got) == nil {
		t.Error("without a credential the empty parameter must be refused, not sent as //")
	}
}

// TestCredentialHeaders: OpenAI's OpenAI-Organization and OpenAI-Project go
// with the API key, from options or the environment, and only to requests
// that send the key.
func TestCredentialHeaders(t *testing.T) {
	spec := testSpec()
	spec.schemes[0].headers = []credentialHeader{{name: "OpenAI-Organization", envVar: "ACME_ORG"}, {name: "OpenAI-Project", envVar: "ACME_PROJECT"}}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })

	c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey), withCredentialHeader("OpenAI-Organization", "org-123"))
	if err := get(c, context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := c.send(context.Background(), &request{operation: "public", method: "GET", path: "/public", security: []securityRequirement{}}, nil, nil); err != nil {
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
	c, err := newClient(spec, lookup, []Option{WithBaseURL(srv.URL), withCredentialHeader("OpenAI-Project", "proj-option")})
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

	if _, err := newClient(spec, nil, []Option{withCredentialHeader("OpenAI-Project", "a\r\nX-Evil: 1")}); err == nil {
		t.Error("a value with a line break was accepted")
	}
}

// TestFinalCodesAreNeverRetried: OpenAI's 429 insufficient_quota lasts
// until the bill is paid; its 429 rate_limit_exceeded passes.
func TestFinalCodesAreNeverRetried(t *testing.T) {
	spec := testSpec()
	spec.errorEnvelope = errorEnvelopeSpec{code: "/error/code", message: "/error/message"}
	spec.errorCodes = []errorCode{{code: "insufficient_quota", final: true}, {code: "rate_limit_exceeded"}}
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
		spec.retryStatuses = tc.statuses
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n == 1 {
				w.WriteHeader(529)
				return
			}
			w.WriteHeader(204)
		})
		c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey))
		_ = c.send(context.Background(), &request{operation: "op", method: tc.method, path: "/x", security: spec.security}, nil, nil)
		if srv.count() != tc.want {
			t.Errorf("%v %s: %d requests, want %d", tc.statuses, tc.method, srv.count(), tc.want)
		}
	}
}
