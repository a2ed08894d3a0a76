package authgenrt

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server-side holes found from outside (issue 10), one test each, named
// after the finding.

// TestTokenFetchHoldsNoLockAcrossTheNetwork: "Token fetch holds the lock
// across the network call". A caller with a short deadline waited for a
// slow token endpoint to answer someone else; now it returns when its own
// deadline passes, while the fetch goes on for those who can wait.
func TestTokenFetchHoldsNoLockAcrossTheNetwork(t *testing.T) {
	release := make(chan struct{})
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-release
		_, _ = w.Write([]byte(`{"access_token":"tok-1","token_type":"bearer","expires_in":3600}`))
	}))
	defer tokens.Close()
	defer close(release)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
	c, _ := newTestClient(t, oauthSpec(tokens.URL, "client_credentials"), srv.URL, withClientCredentials(tokens.URL))

	// A patient caller starts the fetch and keeps waiting.
	patient := make(chan error, 1)
	go func() { patient <- get(c, context.Background()) }()
	time.Sleep(20 * time.Millisecond)

	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	start := time.Now()
	err := get(c, ctx)
	if waited := time.Since(start); waited > time.Second {
		t.Errorf("a caller with a 50ms deadline waited %v for someone else's token fetch", waited)
	}
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want the caller's own deadline", err)
	}
	select {
	case err := <-patient:
		t.Fatalf("the patient caller gave up before the token came: %v", err)
	default:
	}
	release <- struct{}{}
	if err := <-patient; err != nil {
		t.Errorf("patient caller: %v", err)
	}
	if got := srv.request(0).Header.Get("Authorization"); got != "Bearer tok-1" {
		t.Errorf("Authorization = %q", got)
	}
}

// TestTokenEndpointRedirectIsNotFollowed: "OAuth password grant follows a
// 307/308 from the token endpoint to another origin, re-sending
// password=... there, and accepts the token it gets back."
func TestTokenEndpointRedirectIsNotFollowed(t *testing.T) {
	var mu sync.Mutex
	var stolen []string
	evil := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		mu.Lock()
		stolen = append(stolen, string(b)+" "+r.Header.Get("Authorization"))
		mu.Unlock()
		_, _ = w.Write([]byte(`{"access_token":"evil-token","token_type":"bearer"}`))
	}))
	defer evil.Close()
	for _, status := range []int{http.StatusTemporaryRedirect, http.StatusPermanentRedirect, http.StatusFound} {
		tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Redirect(w, r, evil.URL+"/token", status)
		}))
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
		flow := WithOAuthFlow("oauth", OAuthFlow{Spec: &OAuthFlowSpec{GrantType: "password", TokenURL: tokens.URL}, ClientID: "c", ClientSecret: Secret("client-secret-1"), Username: "ann", Password: Secret("hunter2-password")})
		c, _ := newTestClient(t, oauthSpec(tokens.URL, "password"), srv.URL, flow)
		err := get(c, context.Background())
		if err == nil || !strings.Contains(err.Error(), "token endpoint answered") {
			t.Errorf("%d: err = %v, want the redirect refused", status, err)
		}
		if srv.count() != 0 {
			t.Errorf("%d: the API was called with %q", status, srv.request(0).Header.Get("Authorization"))
		}
		tokens.Close()
	}
	mu.Lock()
	defer mu.Unlock()
	if len(stolen) > 0 {
		t.Errorf("the other origin received %q", stolen)
	}
}

// TestStalledServerTimesOutPerAttempt: "No default client timeout: a
// stalled server blocks forever without a context deadline."
func TestStalledServerTimesOutPerAttempt(t *testing.T) {
	stall := make(chan struct{})
	defer close(stall)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		select {
		case <-stall:
		case <-r.Context().Done():
		}
	})
	c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey), WithAttemptTimeout(50*time.Millisecond), WithMaxRetries(1))
	start := time.Now()
	err := get(c, context.Background())
	if !errors.Is(err, errAttemptTimeout) || !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want an attempt timeout that is also a DeadlineExceeded", err)
	}
	if srv.count() != 2 {
		t.Errorf("%d attempts, want 2: a timed-out GET is retried", srv.count())
	}
	if waited := time.Since(start); waited > 2*time.Second {
		t.Errorf("took %v", waited)
	}
	if c2, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey)); c2.attemptTimeout != DefaultAttemptTimeout {
		t.Errorf("default attempt timeout = %v", c2.attemptTimeout)
	}
	if c3, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey), WithAttemptTimeout(0)); c3.attemptTimeout != 0 {
		t.Errorf("WithAttemptTimeout(0) = %v, want no limit", c3.attemptTimeout)
	}
}

// TestBufferedBytesAreCappedClientWide: "The 64 MiB success-body cap is
// per call: 16 endless bodies at once took 2.1 GB." Concurrent calls share
// one budget; a body past it is a DecodeError, and the budget is given back
// when calls end.
func TestBufferedBytesAreCappedClientWide(t *testing.T) {
	const limit = 1 << 20
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`"` + strings.Repeat("x", limit*3/4) + `"`))
	})
	c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
	c.buffered = &bufferBudget{limit: limit}
	// Hold most of the budget, as a concurrent call reading a body would.
	if !c.buffered.reserve(limit / 2) {
		t.Fatal("reserve")
	}
	var out string
	err := c.Send(context.Background(), &Request{Operation: "big", Method: "GET", Path: "/big", ExpectBody: true}, &out, nil)
	var decodeErr *DecodeError
	if !errors.As(err, &decodeErr) || !errors.Is(err, errBufferBudget) {
		t.Fatalf("err = %v, want a DecodeError for the budget", err)
	}
	if used := c.buffered.used.Load(); used != limit/2 {
		t.Errorf("after the call %d bytes are still held, want %d", used, limit/2)
	}
	c.buffered.used.Add(-limit / 2)
	if err := c.Send(context.Background(), &Request{Operation: "big", Method: "GET", Path: "/big", ExpectBody: true}, &out, nil); err != nil || len(out) != limit*3/4 {
		t.Errorf("with the budget free: %v, %d bytes", err, len(out))
	}
}

// TestTenantServerVariableMustBeSet is issue 10's "A server URL with
// {variables} silently uses the spec's placeholder default": a caller who
// forgot the option sent credentials to example.zendesk.com. A tenant
// variable now has no default: New names the option and the variable.
func TestTenantServerVariableMustBeSet(t *testing.T) {
	spec := testSpec()
	spec.Environments = []EnvironmentSpec{{Name: "production", BaseURL: "https://{subdomain}.zendesk.example/api/{version}"}}
	spec.ServerVariables = []ServerVariableSpec{
		{Name: "subdomain", Option: "WithSubdomain", EnvVar: "ZD_SUBDOMAIN", DefaultValue: "example", Tenant: true},
		{Name: "version", Option: "WithVersion", DefaultValue: "v2"},
	}
	env := func(vars map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	}
	_, err := NewClient(spec, env(nil), []Option{WithKey(testKey)})
	if err == nil || !strings.Contains(err.Error(), "WithSubdomain or ZD_SUBDOMAIN") {
		t.Errorf("unset tenant variable: err = %v", err)
	}
	for _, tc := range []struct {
		opts []Option
		vars map[string]string
		want string
	}{
		{[]Option{WithServerVariable("subdomain", "acme")}, nil, "https://acme.zendesk.example/api/v2"},
		{nil, map[string]string{"ZD_SUBDOMAIN": "fromenv"}, "https://fromenv.zendesk.example/api/v2"},
		{[]Option{WithServerVariable("subdomain", "acme"), WithServerVariable("version", "v3")}, map[string]string{"ZD_SUBDOMAIN": "fromenv"}, "https://acme.zendesk.example/api/v3"},
		{[]Option{WithBaseURL("https://proxy.example")}, nil, "https://proxy.example"},
	} {
		c, err := NewClient(spec, env(tc.vars), append(tc.opts, WithKey(testKey)))
		if err != nil || c.baseURL.String() != tc.want {
			t.Errorf("%v %v: base URL %v, %v; want %s", tc.opts, tc.vars, c, err, tc.want)
		}
	}
	for _, bad := range []string{"evil.example/x", "a@evil.example", "a:1", "", "x?y"} {
		if _, err := NewClient(spec, env(nil), []Option{WithServerVariable("subdomain", bad), WithKey(testKey)}); err == nil || !strings.Contains(err.Error(), "not a usable value") {
			t.Errorf("subdomain %q: err = %v", bad, err)
		}
	}
}
