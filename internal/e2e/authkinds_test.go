package e2e

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/authgen/authgen/internal/e2e/clients/authkinds"
)

// authServer plays the Auth Kinds API: it records the credentials of every
// request and serves an OAuth token endpoint at /oauth/token that counts
// its fetches.
type authServer struct {
	*recorder
	fetches atomic.Int32
	revoked sync.Map // tokens the API refuses with 401
}

func newAuthServer(t *testing.T) *authServer {
	s := &authServer{}
	s.recorder = newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/oauth/token" {
			_ = r.ParseForm()
			if user, pass, _ := r.BasicAuth(); user != "client-id" || pass != "client-secret" {
				writeJSON(w, 401, map[string]string{"error": "invalid_client"})
				return
			}
			if r.Form.Get("grant_type") == "password" && (r.Form.Get("username") != "ann" || r.Form.Get("password") != "pw") {
				writeJSON(w, 400, map[string]string{"error": "invalid_grant"})
				return
			}
			n := s.fetches.Add(1)
			writeJSON(w, 200, map[string]any{"access_token": fmt.Sprintf("tok-%d", n), "token_type": "Bearer", "expires_in": 3600})
			return
		}
		if _, bad := s.revoked.Load(strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")); bad {
			w.WriteHeader(401)
			return
		}
		w.WriteHeader(204)
	})
	return s
}

// apiRequests are the requests that were not token fetches.
func (s *authServer) apiRequests() []*http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []*http.Request
	for _, r := range s.requests {
		if r.URL.Path != "/oauth/token" {
			out = append(out, r)
		}
	}
	return out
}

func (s *authServer) lastAPI(t *testing.T) *http.Request {
	t.Helper()
	reqs := s.apiRequests()
	if len(reqs) == 0 {
		t.Fatal("no API request")
	}
	return reqs[len(reqs)-1]
}

func newAuthKinds(t *testing.T, srv *authServer, opts ...authkinds.Option) *authkinds.Client {
	t.Helper()
	c, err := authkinds.New(append([]authkinds.Option{authkinds.WithBaseURL(srv.URL)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestEverySchemeSendsItsCredential(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name  string
		opt   authkinds.Option
		call  func(*authkinds.Client) error
		check func(*http.Request) string
	}{
		{"http bearer", authkinds.WithBearerAuth("b-token"), func(c *authkinds.Client) error { return c.WithBearer(ctx) },
			func(r *http.Request) string { return r.Header.Get("Authorization") + "|Bearer b-token" }},
		{"apiKey in header", authkinds.WithHeaderKey("h-key"), func(c *authkinds.Client) error { return c.WithHeaderKey(ctx) },
			func(r *http.Request) string { return r.Header.Get("X-Api-Key") + "|h-key" }},
		{"apiKey in query", authkinds.WithQueryKey("q key"), func(c *authkinds.Client) error { return c.WithQueryKey(ctx) },
			func(r *http.Request) string { return r.URL.Query().Get("api_key") + "|q key" }},
		{"apiKey in cookie", authkinds.WithCookieKey("c-key"), func(c *authkinds.Client) error { return c.WithCookieKey(ctx) },
			func(r *http.Request) string {
				ck, _ := r.Cookie("session")
				return fmt.Sprint(ck != nil && ck.Value == "c-key") + "|true"
			}},
		{"http basic", authkinds.WithBasicAuth("ann", "s3cret"), func(c *authkinds.Client) error { return c.WithBasic(ctx) },
			func(r *http.Request) string { u, p, _ := r.BasicAuth(); return u + ":" + p + "|ann:s3cret" }},
		{"oauth2 client credentials", authkinds.WithClientCreds("client-id", "client-secret", "things:read"), func(c *authkinds.Client) error { return c.WithClientCredentials(ctx) },
			func(r *http.Request) string { return r.Header.Get("Authorization") + "|Bearer tok-1" }},
		{"oauth2 password", authkinds.WithPasswordFlow("ann", "pw", "client-id", "client-secret"), func(c *authkinds.Client) error { return c.WithPassword(ctx) },
			func(r *http.Request) string { return r.Header.Get("Authorization") + "|Bearer tok-1" }},
		{"oauth2 with both flows, client credentials", authkinds.WithBothFlows("client-id", "client-secret"), func(c *authkinds.Client) error { return c.WithBothFlows(ctx) },
			func(r *http.Request) string { return r.Header.Get("Authorization") + "|Bearer tok-1" }},
		{"oauth2 with both flows, password", authkinds.WithBothFlowsPassword("ann", "pw", "client-id", "client-secret"), func(c *authkinds.Client) error { return c.WithBothFlows(ctx) },
			func(r *http.Request) string { return r.Header.Get("Authorization") + "|Bearer tok-1" }},
		{"oauth2 authorization code, caller's token", authkinds.WithAuthCodeFunc(func(context.Context) (string, error) { return "user-token", nil }), func(c *authkinds.Client) error { return c.WithAuthorizationCode(ctx) },
			func(r *http.Request) string { return r.Header.Get("Authorization") + "|Bearer user-token" }},
		{"openIdConnect, caller's token", authkinds.WithOIDCFunc(func(context.Context) (string, error) { return "id-token", nil }), func(c *authkinds.Client) error { return c.WithOpenIDConnect(ctx) },
			func(r *http.Request) string { return r.Header.Get("Authorization") + "|Bearer id-token" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newAuthServer(t)
			if err := tc.call(newAuthKinds(t, srv, tc.opt)); err != nil {
				t.Fatal(err)
			}
			got, want, _ := strings.Cut(tc.check(srv.lastAPI(t)), "|")
			if got != want {
				t.Errorf("sent %q, want %q", got, want)
			}
		})
	}
}

// TestOAuthTokenRequestAsTheSpecShapesIt: credentials.<s>.tokenRequest
// puts client_id and client_secret in the form instead of HTTP basic
// (clientAuth: body) and adds the spec's members, fixed or the caller's.
func TestOAuthTokenRequestAsTheSpecShapesIt(t *testing.T) {
	for _, tc := range []struct {
		name      string
		opts      []authkinds.Option
		subjectID string
	}{
		{"subject given", []authkinds.Option{authkinds.WithPostCreds("client-id", "client-secret"), authkinds.WithSubjectID("4242")}, "4242"},
		{"subject left unset", []authkinds.Option{authkinds.WithPostCreds("client-id", "client-secret")}, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var form url.Values
			var basic bool
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/oauth/post-token" {
					_ = r.ParseForm()
					form = r.PostForm
					_, _, basic = r.BasicAuth()
					writeJSON(w, 200, map[string]any{"access_token": "post-tok", "token_type": "bearer", "expires_in": 60})
					return
				}
				w.WriteHeader(204)
			})
			c, err := authkinds.New(append([]authkinds.Option{authkinds.WithBaseURL(srv.URL)}, tc.opts...)...)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.WithPostCredentials(context.Background()); err != nil {
				t.Fatal(err)
			}
			if basic {
				t.Error("the token request sent HTTP basic; the spec says the secret goes in the form")
			}
			want := url.Values{"grant_type": {"client_credentials"}, "client_id": {"client-id"}, "client_secret": {"client-secret"}, "box_subject_type": {"enterprise"}}
			if tc.subjectID != "" {
				want.Set("box_subject_id", tc.subjectID)
			}
			if diff := cmp.Diff(want, form); diff != "" {
				t.Errorf("token request form (-want +got):\n%s", diff)
			}
			req, _ := srv.last(t)
			if got := req.Header.Get("Authorization"); got != "Bearer post-tok" {
				t.Errorf("Authorization = %q", got)
			}
		})
	}
}

// TestOAuthSecretInTheFormIsRedacted: a token endpoint that echoes the
// form's client_secret in its refusal does not put it in the error.
func TestOAuthSecretInTheFormIsRedacted(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		_ = r.ParseForm()
		writeJSON(w, 401, map[string]string{"error": "invalid_client", "error_description": "bad secret " + r.PostForm.Get("client_secret")})
	})
	c, err := authkinds.New(authkinds.WithBaseURL(srv.URL), authkinds.WithPostCreds("client-id", "s3cret-in-form"))
	if err != nil {
		t.Fatal(err)
	}
	err = c.WithPostCredentials(context.Background())
	if err == nil || strings.Contains(err.Error(), "s3cret-in-form") || !strings.Contains(err.Error(), "invalid_client") {
		t.Errorf("err = %v", err)
	}
}

func TestOAuthClientCredentialsOneFetchFor50Callers(t *testing.T) {
	srv := newAuthServer(t)
	c := newAuthKinds(t, srv, authkinds.WithClientCreds("client-id", "client-secret"))
	var wg sync.WaitGroup
	var failures atomic.Int32
	for i := 0; i < 50; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := c.WithClientCredentials(context.Background()); err != nil {
				failures.Add(1)
			}
		}()
	}
	wg.Wait()
	if failures.Load() != 0 {
		t.Fatalf("%d calls failed", failures.Load())
	}
	if n := srv.fetches.Load(); n != 1 {
		t.Errorf("the token was fetched %d times for 50 concurrent calls, want 1", n)
	}
	if n := len(srv.apiRequests()); n != 50 {
		t.Errorf("API requests = %d, want 50", n)
	}
}

func TestOAuth401RefreshesOnceAndRetriesOnce(t *testing.T) {
	srv := newAuthServer(t)
	srv.revoked.Store("tok-1", true)
	c := newAuthKinds(t, srv, authkinds.WithPasswordFlow("ann", "pw", "client-id", "client-secret"))
	if err := c.WithPassword(context.Background()); err != nil {
		t.Fatal(err)
	}
	if srv.fetches.Load() != 2 || len(srv.apiRequests()) != 2 || srv.lastAPI(t).Header.Get("Authorization") != "Bearer tok-2" {
		t.Errorf("fetches %d, API requests %d; want a refreshed token and one retry", srv.fetches.Load(), len(srv.apiRequests()))
	}
	// Bad client credentials: the token error, not a request without a token.
	c2 := newAuthKinds(t, srv, authkinds.WithClientCreds("client-id", "wrong-secret"))
	before := len(srv.apiRequests())
	err := c2.WithClientCredentials(context.Background())
	if err == nil || !strings.Contains(err.Error(), "invalid_client") || strings.Contains(err.Error(), "wrong-secret") {
		t.Errorf("err = %v", err)
	}
	if len(srv.apiRequests()) != before {
		t.Error("the API was called without a token")
	}
}

func TestRequirementsCombine(t *testing.T) {
	ctx := context.Background()
	srv := newAuthServer(t)

	// OR: the first alternative that is configured.
	c := newAuthKinds(t, srv, authkinds.WithQueryKey("q-1"))
	if err := c.WithEither(ctx); err != nil {
		t.Fatal(err)
	}
	if r := srv.lastAPI(t); r.URL.Query().Get("api_key") != "q-1" || r.Header.Get("X-Api-Key") != "" {
		t.Errorf("either: %s %v", r.URL, r.Header)
	}
	// AND: both at once; with one missing, no request at all.
	if err := c.WithBoth(ctx); !errors.Is(err, authkinds.ErrMissingCredential) || !strings.Contains(err.Error(), `"headerKey"`) || !strings.Contains(err.Error(), "AUTHKINDS_KEY") {
		t.Errorf("both with one key: %v", err)
	}
	c = newAuthKinds(t, srv, authkinds.WithQueryKey("q-1"), authkinds.WithHeaderKey("h-1"), authkinds.WithBearerAuth("b-1"))
	if err := c.WithBoth(ctx); err != nil {
		t.Fatal(err)
	}
	if r := srv.lastAPI(t); r.URL.Query().Get("api_key") != "q-1" || r.Header.Get("X-Api-Key") != "h-1" || r.Header.Get("Authorization") != "" {
		t.Errorf("both: %s %v", r.URL, r.Header)
	}
	// security: [] sends nothing, whatever is configured.
	if err := c.Public(ctx); err != nil {
		t.Fatal(err)
	}
	if r := srv.lastAPI(t); r.URL.RawQuery != "" || r.Header.Get("X-Api-Key") != "" || r.Header.Get("Authorization") != "" || r.Header.Get("Cookie") != "" {
		t.Errorf("public sent credentials: %s %v", r.URL, r.Header)
	}
	// An optional requirement ({}): the token when there is one.
	if err := c.WithOptional(ctx); err != nil || srv.lastAPI(t).Header.Get("Authorization") != "Bearer b-1" {
		t.Errorf("optional with a token: %v, %q", err, srv.lastAPI(t).Header.Get("Authorization"))
	}
	anon := newAuthKinds(t, srv)
	if err := anon.WithOptional(ctx); err != nil || srv.lastAPI(t).Header.Get("Authorization") != "" {
		t.Errorf("optional without a token: %v", err)
	}
	// The per-operation override wins over the global bearer requirement.
	before := srv.count()
	if err := anon.WithBearer(ctx); !errors.Is(err, authkinds.ErrMissingCredential) || !strings.Contains(err.Error(), `"bearerAuth" (WithBearerAuth or AUTHKINDS_TOKEN)`) {
		t.Errorf("missing bearer: %v", err)
	}
	if srv.count() != before {
		t.Error("a request went out without its credential")
	}
}

func TestNewFromEnvReadsEveryDeclaredVariable(t *testing.T) {
	srv := newAuthServer(t)
	t.Setenv("AUTHKINDS_TOKEN", "env-token")
	t.Setenv("AUTHKINDS_USER", "env-user")
	t.Setenv("AUTHKINDS_PASSWORD", "env-pass")
	c, err := authkinds.NewFromEnv(authkinds.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.WithBearer(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := srv.lastAPI(t).Header.Get("Authorization"); got != "Bearer env-token" {
		t.Errorf("Authorization = %q", got)
	}
	if err := c.WithBasic(context.Background()); err != nil {
		t.Fatal(err)
	}
	if u, p, _ := srv.lastAPI(t).BasicAuth(); u != "env-user" || p != "env-pass" {
		t.Errorf("basic = %s:%s", u, p)
	}
}

// TestNewFromEnvReadsACallersOAuthToken is issue 17's "credentials.<scheme>.env
// on an OAuth2 scheme whose flow takes the caller's token is accepted,
// documented and ignored by NewFromEnv, which then reports the credential
// missing".
func TestNewFromEnvReadsACallersOAuthToken(t *testing.T) {
	srv := newAuthServer(t)
	t.Setenv("AUTHKINDS_ACCESS_TOKEN", "access-from-env")
	c, err := authkinds.NewFromEnv(authkinds.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.WithAuthorizationCode(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := srv.lastAPI(t).Header.Get("Authorization"); got != "Bearer access-from-env" {
		t.Errorf("Authorization = %q", got)
	}
}

// TestCredentialsStayWithTheirOrigin redirects to another origin and back.
func TestCredentialsStayWithTheirOrigin(t *testing.T) {
	var elsewhere *http.Request
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		elsewhere = r.Clone(context.Background())
		w.WriteHeader(204)
	}))
	defer other.Close()
	var self string
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		// The redirect keeps the query string, as many servers do: a query
		// key would travel with it unless the client removes it.
		switch {
		case r.URL.Path == "/landed":
			w.WriteHeader(204)
		case r.Header.Get("X-Test-Hop") == "away":
			http.Redirect(w, r, other.URL+"/landed?"+r.URL.RawQuery, http.StatusFound)
		case r.Header.Get("X-Test-Hop") == "home":
			http.Redirect(w, r, self+"/landed?"+r.URL.RawQuery, http.StatusFound)
		default:
			w.WriteHeader(204)
		}
	})
	self = srv.URL
	for _, hc := range []*http.Client{nil, {}} {
		opts := []authkinds.Option{authkinds.WithHeaderKey("h-secret"), authkinds.WithQueryKey("q-secret"), authkinds.WithBaseURL(srv.URL)}
		if hc != nil {
			opts = append(opts, authkinds.WithHTTPClient(hc))
		}
		c, err := authkinds.New(opts...)
		if err != nil {
			t.Fatal(err)
		}
		err = c.WithBoth(context.Background(), authkinds.WithHeader("X-Trace", "1"), hop("away"))
		if err != nil {
			t.Fatal(err)
		}
		if elsewhere == nil {
			t.Fatal("the redirect was not followed")
		}
		if elsewhere.Header.Get("X-Api-Key") != "" || elsewhere.URL.Query().Get("api_key") != "" {
			t.Errorf("credentials crossed origins: %s %v", elsewhere.URL, elsewhere.Header)
		}
		if elsewhere.Header.Get("X-Trace") != "1" {
			t.Error("a non-credential header was dropped too")
		}
		if err := c.WithBoth(context.Background(), hop("home")); err != nil {
			t.Fatal(err)
		}
		req, _ := srv.last(t)
		if req.URL.Path != "/landed" || req.Header.Get("X-Api-Key") != "h-secret" || req.URL.Query().Get("api_key") != "q-secret" {
			t.Errorf("same-origin redirect lost credentials: %s %v", req.URL, req.Header)
		}
		if hc != nil && hc.CheckRedirect != nil {
			t.Error("WithHTTPClient's client was changed")
		}
	}
	// Plain http only for loopback.
	for url, ok := range map[string]bool{"http://127.0.0.1:1": true, "http://localhost:1": true, "http://[::1]:1": true, "http://api.authkinds.example": false} {
		if _, err := authkinds.New(authkinds.WithBaseURL(url)); (err == nil) != ok {
			t.Errorf("base URL %s: %v", url, err)
		}
	}
}

// hop tells the test server where to redirect the call.
func hop(where string) authkinds.RequestOption { return authkinds.WithHeader("X-Test-Hop", where) }
