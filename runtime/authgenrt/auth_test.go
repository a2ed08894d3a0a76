package authgenrt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// multiSpec has one scheme of every kind.
func multiSpec() *ProviderSpec {
	return &ProviderSpec{
		Name:         "multi",
		Environments: []EnvironmentSpec{{Name: "production", BaseURL: "https://api.example.com"}},
		Schemes: []SchemeSpec{
			{Name: "basic", Kind: SchemeBasic, Option: "WithBasic"},
			{Name: "bearer", Kind: SchemeBearer, Option: "WithBearer"},
			{Name: "cookie", Kind: SchemeCookieKey, ParamName: "session", Option: "WithCookie"},
			{Name: "header", Kind: SchemeHeaderKey, ParamName: "X-Api-Key", Option: "WithHeader", EnvVar: "MULTI_KEY"},
			{Name: "query", Kind: SchemeQueryKey, ParamName: "api_key", Option: "WithQuery"},
		},
		Retry: RetryPolicy{MaxRetries: 0},
	}
}

func TestSecurityRequirements(t *testing.T) {
	for _, tc := range []struct {
		name     string
		creds    []Option
		security []SecurityRequirement
		want     map[string]string // header or query name -> value
		wantErr  string
	}{
		{"bearer", []Option{WithStaticSecret("bearer", "tok-1")}, []SecurityRequirement{{"bearer"}},
			map[string]string{"Authorization": "Bearer tok-1"}, ""},
		{"header key", []Option{WithStaticSecret("header", "key-1")}, []SecurityRequirement{{"header"}},
			map[string]string{"X-Api-Key": "key-1"}, ""},
		{"query key", []Option{WithStaticSecret("query", "key 2&x")}, []SecurityRequirement{{"query"}},
			map[string]string{"?api_key": "key 2&x"}, ""},
		{"cookie key", []Option{WithStaticSecret("cookie", "sess-3")}, []SecurityRequirement{{"cookie"}},
			map[string]string{"Cookie": "session=sess-3"}, ""},
		{"basic", []Option{WithBasic("basic", "ann", "pw")}, []SecurityRequirement{{"basic"}},
			map[string]string{"Authorization": "Basic YW5uOnB3"}, ""},
		{"AND: both at once", []Option{WithStaticSecret("header", "key-1"), WithStaticSecret("query", "q-1")}, []SecurityRequirement{{"header", "query"}},
			map[string]string{"X-Api-Key": "key-1", "?api_key": "q-1"}, ""},
		{"OR: the first satisfied alternative", []Option{WithStaticSecret("query", "q-1")}, []SecurityRequirement{{"header"}, {"query"}},
			map[string]string{"?api_key": "q-1", "X-Api-Key": ""}, ""},
		{"OR: the first wins when both are set", []Option{WithStaticSecret("query", "q-1"), WithStaticSecret("header", "key-1")}, []SecurityRequirement{{"header"}, {"query"}},
			map[string]string{"X-Api-Key": "key-1", "?api_key": ""}, ""},
		{"public sends nothing", []Option{WithStaticSecret("header", "key-1"), WithStaticSecret("bearer", "b")}, []SecurityRequirement{},
			map[string]string{"X-Api-Key": "", "Authorization": ""}, ""},
		{"AND with one missing", []Option{WithStaticSecret("header", "key-1")}, []SecurityRequirement{{"header", "query"}},
			nil, `missing credential: security scheme "query" (WithQuery)`},
		{"missing, with env var hint", nil, []SecurityRequirement{{"header"}, {"bearer"}},
			nil, `security scheme "header" (WithHeader or MULTI_KEY), or "bearer" (WithBearer)`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
			c, _ := newTestClient(t, multiSpec(), srv.URL, tc.creds...)
			err := c.Send(context.Background(), &Request{Operation: "op", Method: "GET", Path: "/x", Security: tc.security}, nil, nil)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) || !errors.Is(err, ErrMissingCredential) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if srv.count() != 0 {
					t.Error("a request was sent without its credential")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			req := srv.request(0)
			for name, want := range tc.want {
				var got string
				if strings.HasPrefix(name, "?") {
					got = req.URL.Query().Get(name[1:])
				} else {
					got = req.Header.Get(name)
				}
				if got != want {
					t.Errorf("%s = %q, want %q", name, got, want)
				}
			}
		})
	}
}

func TestKeyFormatsAndEnvironments(t *testing.T) {
	spec := &ProviderSpec{
		Name: "hive",
		Environments: []EnvironmentSpec{
			{Name: "production", BaseURL: "https://api.example.com"},
			{Name: "development", BaseURL: "https://dev.example.com"},
		},
		EnvironmentEnvVar: "HIVE_ENVIRONMENT",
		Schemes: []SchemeSpec{{Name: "key", Kind: SchemeBearer, Option: "WithKey", EnvVar: "HIVE_KEY", KeyFormats: []KeyFormat{
			{Prefix: "hk_live_", Environment: "production", Description: `a key starting with "hk_live_"`},
			{Prefix: "hk_dev_", Environment: "development", Description: `a key starting with "hk_dev_"`},
			{Pattern: regexp.MustCompile(`^legacy-[0-9a-f]{8}$`), Description: "a key matching ^legacy-[0-9a-f]{8}$"},
		}}},
		Security: []SecurityRequirement{{"key"}},
	}
	newWith := func(env map[string]string, opts ...Option) (*Client, error) {
		return NewClient(spec, func(k string) (string, bool) { v, ok := env[k]; return v, ok }, opts)
	}
	for _, tc := range []struct {
		name    string
		env     map[string]string
		opts    []Option
		wantEnv Environment
		wantURL string
		wantErr string
	}{
		{"live key", nil, []Option{WithStaticSecret("key", "hk_live_1")}, "production", "https://api.example.com", ""},
		{"dev key picks development", nil, []Option{WithStaticSecret("key", "hk_dev_1")}, "development", "https://dev.example.com", ""},
		{"pattern, no environment", nil, []Option{WithStaticSecret("key", "legacy-0123abcd")}, "production", "https://api.example.com", ""},
		{"contradicting environment", nil, []Option{WithStaticSecret("key", "hk_dev_1"), WithEnvironment("production")}, "", "", `the key is for environment "development" but environment "production" was selected`},
		{"malformed key", nil, []Option{WithStaticSecret("key", "sk_live_TOPSECRET")}, "", "", `the key given to WithKey (security scheme "key") has no known format; want a key starting with "hk_live_" or a key starting with "hk_dev_" or a key matching`},
		{"malformed key from env", map[string]string{"HIVE_KEY": "TOPSECRET"}, nil, "", "", "the key given to HIVE_KEY"},
		{"env key and env environment", map[string]string{"HIVE_KEY": "hk_dev_9", "HIVE_ENVIRONMENT": "Development"}, nil, "development", "https://dev.example.com", ""},
		{"unknown env environment", map[string]string{"HIVE_ENVIRONMENT": "staging"}, nil, "", "", `HIVE_ENVIRONMENT="staging" names no environment (want one of production, development)`},
		{"option beats env", map[string]string{"HIVE_KEY": "hk_dev_9"}, []Option{WithStaticSecret("key", "hk_live_2")}, "production", "https://api.example.com", ""},
		{"unknown environment", nil, []Option{WithEnvironment("qa")}, "", "", `unknown environment "qa"`},
		{"key set twice", nil, []Option{WithStaticSecret("key", "hk_live_1"), WithStaticSecret("key", "hk_live_2")}, "", "", `security scheme "key" is set twice`},
		{"empty key", nil, []Option{WithStaticSecret("key", "")}, "", "", "empty credential"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := newWith(tc.env, tc.opts...)
			if tc.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
					t.Fatalf("err = %v, want %q", err, tc.wantErr)
				}
				if strings.Contains(err.Error(), "TOPSECRET") {
					t.Errorf("the error echoes the key: %v", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if c.environment != tc.wantEnv || c.baseURL.String() != tc.wantURL {
				t.Errorf("environment %q at %s, want %q at %s", c.environment, c.baseURL, tc.wantEnv, tc.wantURL)
			}
		})
	}
}

func TestRelativeServerNeedsWithBaseURL(t *testing.T) {
	spec := testSpec()
	spec.Environments = []EnvironmentSpec{{Name: "default", BaseURL: "/api/v3"}}
	_, err := NewClient(spec, nil, []Option{WithKey(testKey)})
	if err == nil || !strings.Contains(err.Error(), `the spec's server "/api/v3" is relative; give the API's address with WithBaseURL`) {
		t.Errorf("err = %v", err)
	}
	if _, err := NewClient(spec, nil, []Option{WithKey(testKey), WithBaseURL("https://petstore.example/api/v3")}); err != nil {
		t.Error(err)
	}
}

func TestBaseURLRules(t *testing.T) {
	for url, ok := range map[string]bool{
		"https://api.example.com/v1/": true,
		"http://127.0.0.1:8080":       true,
		"http://[::1]:9000/x":         true,
		"http://localhost:3000":       true,
		"http://api.example.com":      false,
		"http://10.0.0.1":             false,
		"ftp://api.example.com":       false,
		"/v1":                         false,
		"https://user:pw@example.com": false,
		"::":                          false,
	} {
		_, err := NewClient(testSpec(), nil, []Option{WithBaseURL(url), WithKey(testKey)})
		if (err == nil) != ok {
			t.Errorf("base URL %q: err = %v", url, err)
		}
	}
}

// TestCrossOriginRedirectDropsCredentials follows a redirect to another
// origin (another port is another origin) and wants every credential gone;
// a same-origin redirect keeps them. WithHTTPClient does not weaken it.
func TestCrossOriginRedirectDropsCredentials(t *testing.T) {
	var seen sync.Map
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		seen.Store("other", r.Clone(context.Background()))
		w.WriteHeader(204)
	}))
	defer other.Close()
	var srvURL string
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, other.URL+"/landing?"+r.URL.RawQuery, http.StatusFound)
		case "/home":
			http.Redirect(w, r, srvURL+"/landing?"+r.URL.RawQuery, http.StatusTemporaryRedirect)
		default:
			w.WriteHeader(204)
		}
	})
	srvURL = srv.URL
	security := []SecurityRequirement{{"header", "query", "cookie", "bearer"}}
	creds := []Option{WithStaticSecret("header", "hk-1"), WithStaticSecret("query", "qk-1"), WithStaticSecret("cookie", "ck-1"), WithStaticSecret("bearer", "bt-1")}
	for _, hc := range []*http.Client{nil, {Timeout: 5 * time.Second}} {
		opts := creds
		if hc != nil {
			opts = append([]Option{WithHTTPClient(hc)}, creds...)
		}
		c, _ := newTestClient(t, multiSpec(), srv.URL, opts...)
		if err := c.Send(context.Background(), &Request{Operation: "op", Method: "GET", Path: "/away", Security: security}, nil, nil); err != nil {
			t.Fatal(err)
		}
		v, _ := seen.Load("other")
		got := v.(*http.Request)
		for _, h := range []string{"X-Api-Key", "Authorization", "Cookie"} {
			if got.Header.Get(h) != "" {
				t.Errorf("cross-origin redirect kept %s: %q", h, got.Header.Get(h))
			}
		}
		if got.URL.Query().Get("api_key") != "" {
			t.Errorf("cross-origin redirect kept the query key: %s", got.URL.RawQuery)
		}
		if err := c.Send(context.Background(), &Request{Operation: "op", Method: "GET", Path: "/home", Security: security}, nil, nil); err != nil {
			t.Fatal(err)
		}
		landed := srv.request(srv.count() - 1)
		if landed.URL.Path != "/landing" || landed.Header.Get("X-Api-Key") != "hk-1" || landed.Header.Get("Authorization") != "Bearer bt-1" || landed.URL.Query().Get("api_key") != "qk-1" {
			t.Errorf("same-origin redirect lost credentials: %s %v", landed.URL, landed.Header)
		}
		if hc != nil && hc.CheckRedirect != nil {
			t.Error("WithHTTPClient's client was modified")
		}
	}
}

// TestNewFromEnvRefusesHalfABasicCredential is issue 10's "NewFromEnv
// sends an empty basic-auth username when the user variable is unset": it
// is a missing credential, named, and no request is made.
func TestNewFromEnvRefusesHalfABasicCredential(t *testing.T) {
	spec := multiSpec()
	spec.Schemes[0].EnvVar, spec.Schemes[0].EnvVarUser = "MULTI_PASSWORD", "MULTI_USER"
	for _, env := range []map[string]string{
		{"MULTI_PASSWORD": "pw-12345"},
		{"MULTI_PASSWORD": "pw-12345", "MULTI_USER": "  "},
		{"MULTI_USER": "ann"},
	} {
		_, err := NewClient(spec, func(k string) (string, bool) { v, ok := env[k]; return v, ok }, []Option{WithBaseURL("https://api.example.com")})
		if !errors.Is(err, ErrMissingCredential) || !strings.Contains(err.Error(), "MULTI_USER") || strings.Contains(err.Error(), "pw-12345") {
			t.Errorf("env %v: err = %v; want ErrMissingCredential naming both variables, without the password", env, err)
		}
	}
	c, err := NewClient(spec, func(k string) (string, bool) {
		return map[string]string{"MULTI_PASSWORD": "pw-12345", "MULTI_USER": "ann"}[k], true
	}, []Option{WithBaseURL("https://api.example.com")})
	if err != nil || c.credentials["basic"] == nil || c.credentials["basic"].username.reveal() != "ann" {
		t.Errorf("both set: %v", err)
	}
}

// TestRefererNeverCarriesAQueryKey is issue 10's "Referer leak": net/http
// sets Referer to the previous URL, query key included, before the redirect
// policy runs, so a redirect to another origin sent the key along in that
// header, on plain redirects and after a 429 retry alike.
func TestRefererNeverCarriesAQueryKey(t *testing.T) {
	var referers sync.Map
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		referers.Store(r.URL.Path, r.Header.Get("Referer"))
		w.WriteHeader(204)
	}))
	defer other.Close()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Path == "/limited" && n == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(429)
			return
		}
		http.Redirect(w, r, other.URL+r.URL.Path, http.StatusFound)
	})
	c, _ := newTestClient(t, multiSpec(), srv.URL, WithStaticSecret("query", "QUERY-KEY-1234"))
	for _, path := range []string{"/plain", "/limited"} {
		if err := c.Send(context.Background(), &Request{Operation: "op", Method: "GET", Path: path, Security: []SecurityRequirement{{"query"}}}, nil, nil); err != nil {
			t.Fatal(err)
		}
		v, ok := referers.Load(path)
		if !ok {
			t.Fatalf("%s: the redirect did not arrive", path)
		}
		if ref := v.(string); strings.Contains(ref, "QUERY-KEY-1234") || ref != "" {
			t.Errorf("%s: Referer %q reached another origin", path, ref)
		}
	}
}

// tokenServer is an OAuth token endpoint that counts its fetches.
type tokenServer struct {
	*httptest.Server
	fetches   atomic.Int32
	expiresIn int
	lastForm  atomic.Value
}

func newTokenServer(t *testing.T, expiresIn int) *tokenServer {
	ts := &tokenServer{expiresIn: expiresIn}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		ts.lastForm.Store(r.Form.Encode())
		user, pass, _ := r.BasicAuth()
		if user != "client-1" || pass != "client-secret-XYZ" {
			w.WriteHeader(401)
			_, _ = w.Write([]byte(`{"error":"invalid_client"}`))
			return
		}
		n := ts.fetches.Add(1)
		time.Sleep(20 * time.Millisecond) // let concurrent callers pile up
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"access_token": fmt.Sprintf("token-%d", n), "token_type": "Bearer", "expires_in": ts.expiresIn})
	}))
	t.Cleanup(ts.Close)
	return ts
}

func oauthSpec(tokenURL, grant string) *ProviderSpec {
	return &ProviderSpec{
		Name:         "oauthy",
		Environments: []EnvironmentSpec{{Name: "production", BaseURL: "https://api.example.com"}},
		Schemes:      []SchemeSpec{{Name: "oauth", Kind: SchemeOAuth2, Option: "WithOAuth"}},
		Security:     []SecurityRequirement{{"oauth"}},
		Retry:        RetryPolicy{MaxRetries: 2},
	}
}

func withClientCredentials(tokenURL string) Option {
	return WithOAuthFlow("oauth", OAuthFlow{Spec: &OAuthFlowSpec{GrantType: "client_credentials", TokenURL: tokenURL}, ClientID: "client-1", ClientSecret: Secret("client-secret-XYZ"), Scopes: []string{"read", "write"}})
}

func TestOAuthOneFetchForManyConcurrentCallers(t *testing.T) {
	tokens := newTokenServer(t, 3600)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.Header.Get("Authorization") != "Bearer token-1" {
			w.WriteHeader(401)
			return
		}
		w.WriteHeader(204)
	})
	c, _ := newTestClient(t, oauthSpec(tokens.URL, "client_credentials"), srv.URL, withClientCredentials(tokens.URL))
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs <- get(c, context.Background())
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		if err != nil {
			t.Fatal(err)
		}
	}
	if n := tokens.fetches.Load(); n != 1 {
		t.Errorf("token fetched %d times for 50 concurrent calls, want 1", n)
	}
	if form, _ := tokens.lastForm.Load().(string); form != "grant_type=client_credentials&scope=read+write" {
		t.Errorf("token request form = %q", form)
	}
}

func TestOAuthRefreshesBeforeExpiry(t *testing.T) {
	tokens := newTokenServer(t, 120)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
	c, clk := newTestClient(t, oauthSpec(tokens.URL, "client_credentials"), srv.URL, withClientCredentials(tokens.URL))
	for i := 0; i < 3; i++ {
		if err := get(c, context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if tokens.fetches.Load() != 1 {
		t.Fatalf("fetches = %d, want 1 while the token is fresh", tokens.fetches.Load())
	}
	clk.mu.Lock()
	clk.now = clk.now.Add(100 * time.Second) // within the refresh margin of expiry
	clk.mu.Unlock()
	if err := get(c, context.Background()); err != nil {
		t.Fatal(err)
	}
	if tokens.fetches.Load() != 2 || srv.request(3).Header.Get("Authorization") != "Bearer token-2" {
		t.Errorf("fetches = %d, last Authorization %q; want a refreshed token", tokens.fetches.Load(), srv.request(3).Header.Get("Authorization"))
	}
}

func TestOAuth401RefreshesOnceAndRetriesOnce(t *testing.T) {
	tokens := newTokenServer(t, 3600)
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.Header.Get("Authorization") == "Bearer token-1" {
			w.WriteHeader(401) // revoked server-side
			return
		}
		w.WriteHeader(204)
	})
	c, _ := newTestClient(t, oauthSpec(tokens.URL, "client_credentials"), srv.URL, withClientCredentials(tokens.URL))
	if err := get(c, context.Background()); err != nil {
		t.Fatal(err)
	}
	if tokens.fetches.Load() != 2 || srv.count() != 2 {
		t.Errorf("fetches %d, requests %d; want 2 and 2", tokens.fetches.Load(), srv.count())
	}
	// A 401 that persists: one refresh, one retry, then the error.
	always := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(401) })
	c2, _ := newTestClient(t, oauthSpec(tokens.URL, "client_credentials"), always.URL, withClientCredentials(tokens.URL))
	if err := get(c2, context.Background()); !errors.Is(err, ErrUnauthorized) {
		t.Errorf("err = %v", err)
	}
	if always.count() != 2 {
		t.Errorf("requests = %d, want 2 (one retry with a fresh token)", always.count())
	}
}

func TestOAuthPasswordFlowAndTokenErrors(t *testing.T) {
	var form string
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		form = r.Form.Encode()
		if r.Form.Get("password") != "hunter22" {
			w.WriteHeader(400)
			_, _ = w.Write([]byte(`{"error":"invalid_grant","error_description":"bad password hunter2x"}`))
			return
		}
		_, _ = w.Write([]byte(`{"access_token":"pw-token","token_type":"bearer","expires_in":"60"}`))
	}))
	defer tokens.Close()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
	flow := func(pw string) Option {
		return WithOAuthFlow("oauth", OAuthFlow{Spec: &OAuthFlowSpec{GrantType: "password", TokenURL: tokens.URL}, ClientID: "c", ClientSecret: Secret("s3cr3t!"), Username: "ann", Password: Secret(pw)})
	}
	c, _ := newTestClient(t, oauthSpec(tokens.URL, "password"), srv.URL, flow("hunter22"))
	if err := get(c, context.Background()); err != nil {
		t.Fatal(err)
	}
	if srv.request(0).Header.Get("Authorization") != "Bearer pw-token" || !strings.Contains(form, "grant_type=password") || !strings.Contains(form, "username=ann") {
		t.Errorf("password flow: Authorization %q, form %q", srv.request(0).Header.Get("Authorization"), form)
	}
	c2, _ := newTestClient(t, oauthSpec(tokens.URL, "password"), srv.URL, flow("hunter2x"))
	err := get(c2, context.Background())
	if err == nil || !strings.Contains(err.Error(), "invalid_grant") || strings.Contains(err.Error(), "hunter2x") {
		t.Errorf("token error = %v; want invalid_grant without the password", err)
	}
}

// TestCrossOriginRedirectDropsCredentialHeaders is issue 23's "credential-
// tied headers follow a redirect": OpenAI-Organization and OpenAI-Project
// go with the key only, so a redirect to another origin loses them as it
// loses the key; a same-origin redirect keeps both.
func TestCrossOriginRedirectDropsCredentialHeaders(t *testing.T) {
	var landed sync.Map
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		landed.Store("other", r.Header.Clone())
		w.WriteHeader(204)
	}))
	defer other.Close()
	var srvURL string
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		switch r.URL.Path {
		case "/away":
			http.Redirect(w, r, other.URL+"/landing", http.StatusTemporaryRedirect)
		case "/home":
			http.Redirect(w, r, srvURL+"/landing", http.StatusTemporaryRedirect)
		default:
			w.WriteHeader(204)
		}
	})
	srvURL = srv.URL
	spec := testSpec()
	spec.Schemes[0].Headers = []CredentialHeader{{Name: "OpenAI-Organization"}, {Name: "OpenAI-Project"}}
	c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey),
		WithCredentialHeader("OpenAI-Organization", "org-tied-1"), WithCredentialHeader("OpenAI-Project", "proj-tied-1"))
	for _, path := range []string{"/away", "/home"} {
		if err := c.Send(context.Background(), &Request{Operation: "op", Method: "GET", Path: path, Security: spec.Security}, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	v, _ := landed.Load("other")
	for _, name := range []string{"X-Api-Key", "Openai-Organization", "Openai-Project"} {
		if got := v.(http.Header).Get(name); got != "" {
			t.Errorf("a cross-origin redirect kept %s: %q", name, got)
		}
	}
	home := srv.request(srv.count() - 1)
	if home.URL.Path != "/landing" || home.Header.Get("OpenAI-Organization") != "org-tied-1" || home.Header.Get("OpenAI-Project") != "proj-tied-1" {
		t.Errorf("a same-origin redirect lost the credential's headers: %s %v", home.URL, home.Header)
	}
}
