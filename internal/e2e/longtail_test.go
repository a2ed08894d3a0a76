package e2e

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/authgen/authgen/internal/e2e/clients/longtail"
)

// The long tail of auth (issue 24): testdata/cases/longtail.yaml.

// Keys shaped as the vendors' docs show them: Okta's API token
// ("Authorization: SSWS 00QCjAl4MlV-WPXM...0HmjFx-vbGua"), PagerDuty's
// ("Authorization: Token token=y_NbAkKc66ryYTWUXYEu").
const (
	oktaToken     = "00QCjAl4MlV-WPXM-ABCDEFGHIJKLMNOPQRS0HmjFx-vbGua"
	pagerDutyKey  = "y_NbAkKc66ryYTWUXYEu"
	fixedUserKey  = "key-for-the-fixed-user-0123"
	ignoredKey    = "key-for-an-ignored-user-4567"
	oktaEchoError = `{"errorCode":"E0000011","errorSummary":"Invalid token provided","sent":%q}`
)

func newLongtail(t *testing.T, url string, opts ...longtail.Option) *longtail.Client {
	t.Helper()
	c, err := longtail.New(append([]longtail.Option{longtail.WithBaseURL(url), longtail.WithMaxRetries(0)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAnySchemeWordIsSentAsOpenAPISaysIt: `type: http, scheme: SSWS` with
// no x-authgen sends "Authorization: SSWS <key>"; a format sends the
// template ("Token token=<key>"); a fixed user name sends "api:<key>"; an
// ignored one (env without userEnv) ":<key>", from the variable.
func TestAnySchemeWordIsSentAsOpenAPISaysIt(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/users" {
			writeJSON(w, 200, map[string]string{"echo": "ok"})
			return
		}
		w.WriteHeader(204)
	})
	t.Setenv("LONGTAIL_KEY", ignoredKey)
	ctx := context.Background()
	c := newLongtail(t, srv.URL, longtail.WithSsws(oktaToken), longtail.WithPagerToken(pagerDutyKey), longtail.WithFixedUser(fixedUserKey))
	if _, err := c.ListUsers(ctx); err != nil {
		t.Fatal(err)
	}
	expectAuth(t, srv, "SSWS "+oktaToken)
	if err := c.ListIncidents(ctx, nil); err != nil {
		t.Fatal(err)
	}
	expectAuth(t, srv, "Token token="+pagerDutyKey)
	if err := c.GetFixedUser(ctx); err != nil {
		t.Fatal(err)
	}
	expectBasic(t, srv, "api", fixedUserKey)
	fromEnv, err := longtail.NewFromEnv(longtail.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if err := fromEnv.GetIgnoredUser(ctx); err != nil {
		t.Fatal(err)
	}
	expectBasic(t, srv, "", ignoredKey)

	// The rotating variants wrap each value the same way.
	rot := newLongtail(t, srv.URL, longtail.WithSswsFunc(func(context.Context) (string, error) { return oktaToken, nil }),
		longtail.WithFixedUserFunc(func(context.Context) (string, error) { return fixedUserKey, nil }))
	if _, err := rot.ListUsers(ctx); err != nil {
		t.Fatal(err)
	}
	expectAuth(t, srv, "SSWS "+oktaToken)
	if err := rot.GetFixedUser(ctx); err != nil {
		t.Fatal(err)
	}
	expectBasic(t, srv, "api", fixedUserKey)
}

func expectAuth(t *testing.T, srv *recorder, want string) {
	t.Helper()
	r, _ := srv.last(t)
	if got := r.Header.Values("Authorization"); len(got) != 1 || got[0] != want {
		t.Errorf("Authorization = %q, want %q", got, want)
	}
}

func expectBasic(t *testing.T, srv *recorder, wantUser, wantPass string) {
	t.Helper()
	r, _ := srv.last(t)
	user, pass, ok := r.BasicAuth()
	if !ok || user != wantUser || pass != wantPass {
		t.Errorf("basic auth = %q:%q (ok %v), want %q:%q", user, pass, ok, wantUser, wantPass)
	}
}

// TestSchemeWordKeysAreRedactedBareAndWhole: a server that echoes the
// header it got (as Okta's errors can) leaks neither the bare key nor the
// header value into the error, its Body or %v, whether the key is fixed
// or fetched per call.
func TestSchemeWordKeysAreRedactedBareAndWhole(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		auth := r.Header.Get("Authorization")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		// The bare key on its own, then the whole value.
		_, _ = fmt.Fprintf(w, oktaEchoError, strings.TrimPrefix(strings.TrimPrefix(auth, "SSWS "), "Token token=")+" "+auth)
	})
	ctx := context.Background()
	for name, opt := range map[string]longtail.Option{
		"fixed":    longtail.WithSsws(oktaToken),
		"rotating": longtail.WithSswsFunc(func(context.Context) (string, error) { return oktaToken, nil }),
	} {
		t.Run(name, func(t *testing.T) {
			c := newLongtail(t, srv.URL, opt, longtail.WithPagerToken(pagerDutyKey))
			for _, call := range []func() error{
				func() error { _, err := c.ListUsers(ctx); return err },
				func() error { return c.ListIncidents(ctx, nil) },
			} {
				err := call()
				var apiErr *longtail.APIError
				if !errors.As(err, &apiErr) {
					t.Fatalf("err = %v, want an APIError", err)
				}
				for _, shown := range []string{err.Error(), string(apiErr.Body), fmt.Sprintf("%v %+v %#v", err, apiErr, apiErr)} {
					for _, secret := range []string{oktaToken, pagerDutyKey, "SSWS " + oktaToken[:8], "token=" + pagerDutyKey[:8]} {
						if strings.Contains(shown, secret) {
							t.Errorf("%q leaks %q", shown, secret)
						}
					}
				}
				if !strings.Contains(string(apiErr.Body), "[REDACTED] [REDACTED]") {
					t.Errorf("Body = %s, want the key and the whole header value each redacted", apiErr.Body)
				}
			}
		})
	}
}

// TestLongtailWaits: each wait a vendor writes elsewhere than Retry-After
// reaches APIError.RetryAfter (every one is over the case's maxWait of 1s,
// so the client returns at once instead of sleeping), where the client
// used to fall back to a backoff of milliseconds; the RateLimit fields
// fill Response.RateLimit.
func TestLongtailWaits(t *testing.T) {
	var answer func(w http.ResponseWriter)
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { answer(w) })
	c := newLongtail(t, srv.URL, longtail.WithSsws(oktaToken), longtail.WithMaxRetries(3))
	ctx := context.Background()
	for _, tc := range []struct {
		name   string
		answer func(w http.ResponseWriter)
		want   time.Duration
		slack  time.Duration
	}{
		{"a member of the 429 body, float seconds", func(w http.ResponseWriter) {
			w.Header().Set("Retry-After", "1") // the body's member comes first
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(429)
			_, _ = w.Write([]byte(`{"message":"Rate limit exceeded","retry_after":1.234}`))
		}, 1234 * time.Millisecond, 0},
		{"an RFC 3339 reset two minutes ahead", func(w http.ResponseWriter) {
			w.Header().Set("X-Rate-Limit-Reset", time.Now().UTC().Add(2*time.Minute).Format(time.RFC3339))
			w.WriteHeader(429)
		}, 2 * time.Minute, 2 * time.Second},
		{"the IETF RateLimit field", func(w http.ResponseWriter) {
			w.Header().Set("RateLimit-Policy", `"default";q=100;w=60`)
			w.Header().Set("RateLimit", `"default";r=0;t=30`)
			w.WriteHeader(429)
		}, 30 * time.Second, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			answer = tc.answer
			before := srv.count()
			_, err := c.ListUsers(ctx)
			var apiErr *longtail.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("err = %v, want an APIError", err)
			}
			if d := apiErr.RetryAfter - tc.want; d > 0 || d < -tc.slack {
				t.Errorf("RetryAfter = %v, want %v (within %v)", apiErr.RetryAfter, tc.want, tc.slack)
			}
			if n := srv.count() - before; n != 1 {
				t.Errorf("%d requests, want 1: a wait over MaxWait is not slept", n)
			}
		})
	}
	answer = func(w http.ResponseWriter) {
		w.Header().Set("RateLimit-Policy", `"default";q=100;w=60`)
		w.Header().Set("RateLimit", `"default";r=50;t=30`)
		writeJSON(w, 200, map[string]string{"echo": "ok"})
	}
	var meta longtail.Response
	if _, err := c.ListUsers(ctx, longtail.WithResponseInto(&meta)); err != nil {
		t.Fatal(err)
	}
	if rl := meta.RateLimit; rl.Limit != 100 || rl.Remaining != 50 || time.Until(rl.Reset) < 28*time.Second || time.Until(rl.Reset) > 30*time.Second {
		t.Errorf("RateLimit = %+v, want limit 100, remaining 50, reset in 30s", rl)
	}
}

// TestQueryOnEveryCall: x-authgen.query's api-version goes on every call,
// once, whether the operation declares the parameter (ListIncidents, whose
// method no longer takes it) or not (ListUsers); never empty.
func TestQueryOnEveryCall(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/users" {
			writeJSON(w, 200, map[string]string{"echo": "ok"})
			return
		}
		w.WriteHeader(204)
	})
	c := newLongtail(t, srv.URL, longtail.WithSsws(oktaToken), longtail.WithPagerToken(pagerDutyKey))
	ctx := context.Background()
	limit := int64(5)
	if err := c.ListIncidents(ctx, &longtail.ListIncidentsParams{Limit: &limit}); err != nil {
		t.Fatal(err)
	}
	if r, _ := srv.last(t); r.URL.RawQuery != "api-version=2024-01-01&limit=5" {
		t.Errorf("query = %q, want api-version=2024-01-01&limit=5", r.URL.RawQuery)
	}
	if _, err := c.ListUsers(ctx); err != nil {
		t.Fatal(err)
	}
	if r, _ := srv.last(t); r.URL.RawQuery != "api-version=2024-01-01" {
		t.Errorf("query = %q, want api-version=2024-01-01", r.URL.RawQuery)
	}
}
