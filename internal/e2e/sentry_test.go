package e2e

// Sentry, as its docs answer (auth, pagination, ratelimits pages cited in
// specs/sentry.yaml); error bodies as Sentry's own source writes them.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/sentry"
)

const sentryToken = "1a2b3c" // "If your authentication token is 1a2b3c"

func newSentry(t *testing.T, srv *recorder, opts ...sentry.Option) *sentry.Client {
	t.Helper()
	c, err := sentry.New(append([]sentry.Option{sentry.WithAuthToken(sentryToken), sentry.WithBaseURL(srv.URL),
		sentry.WithRetryPolicy(sentry.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestSentryBearerToken: "curl -H 'Authorization: Bearer 1a2b3c'
// https://sentry.io/api/0/organizations/acme/projects/", trailing slash
// and all.
func TestSentryBearerToken(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`[{"id": "2", "slug": "the-interstellar-jurisdiction", "name": "The Interstellar Jurisdiction", "dateCreated": "2018-11-06T21:19:55.101Z", "status": {"id": "active", "name": "active"}}]`))
	})
	projects, err := newSentry(t, srv).ListAnOrganizationsProjects(context.Background(), "acme", nil)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := srv.last(t)
	if req.Header.Get("Authorization") != "Bearer 1a2b3c" || req.URL.Path != "/api/0/organizations/acme/projects/" {
		t.Errorf("request %s %v", req.URL, req.Header)
	}
	if len(*projects) != 1 || (*projects)[0].Slug != "the-interstellar-jurisdiction" {
		t.Errorf("projects %+v", projects)
	}
}

// TestSentryRegions: sentry.io by default; "US region is hosted on
// us.sentry.io, DE region is hosted on de.sentry.io"; NewFromEnv reads
// SENTRY_AUTH_TOKEN.
func TestSentryRegions(t *testing.T) {
	for env, want := range map[sentry.Environment]string{
		"":                        "https://sentry.io/api/0/organizations/",
		sentry.EnvironmentUs:      "https://us.sentry.io/api/0/organizations/",
		sentry.EnvironmentDe:      "https://de.sentry.io/api/0/organizations/",
		sentry.EnvironmentDefault: "https://sentry.io/api/0/organizations/",
	} {
		rt := &datadogSiteRT{}
		opts := []sentry.Option{sentry.WithAuthToken(sentryToken), sentry.WithHTTPClient(&http.Client{Transport: rt})}
		if env != "" {
			opts = append(opts, sentry.WithEnvironment(env))
		}
		c, err := sentry.New(opts...)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = c.ListYourOrganizations(context.Background(), nil)
		if len(rt.urls) != 1 || rt.urls[0] != want {
			t.Errorf("environment %q: urls %v", env, rt.urls)
		}
	}
	t.Setenv("SENTRY_AUTH_TOKEN", sentryToken)
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, []any{}) })
	c, err := sentry.NewFromEnv(sentry.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListYourOrganizations(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	if req, _ := srv.last(t); req.Header.Get("Authorization") != "Bearer 1a2b3c" {
		t.Errorf("from env: %v", req.Header)
	}
}

// TestSentryErrors: {"detail": "..."} is the message; Sentry lists no
// codes, so the status says what failed. The 409 is Sentry's own test's
// (tests/sentry/core/endpoints/test_organization_teams.py).
func TestSentryErrors(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(409)
		_, _ = w.Write([]byte(`{"non_field_errors": ["A team with this slug already exists."], "detail": "A team with this slug already exists."}`))
	})
	_, err := newSentry(t, srv).CreateANewTeam(context.Background(), "acme", &sentry.CreateANewTeamParams{Body: sentry.CreateANewTeamRequest{Slug: ptr("foobar")}})
	var apiErr *sentry.APIError
	if !errors.Is(err, sentry.ErrConflict) || !errors.As(err, &apiErr) || apiErr.Message != "A team with this slug already exists." {
		t.Errorf("409: %v (%+v)", err, apiErr)
	}
	if req, body := srv.last(t); req.Method != "POST" || req.URL.Path != "/api/0/organizations/acme/teams/" || string(body) != `{"slug":"foobar"}` || srv.count() != 1 {
		t.Errorf("%s %s %s, %d requests", req.Method, req.URL.Path, body, srv.count())
	}
}

// TestSentryRateLimit: a 429 sends no Retry-After. With
// X-Sentry-Rate-Limit-Remaining at 0 the wait is until
// X-Sentry-Rate-Limit-Reset ("UTC seconds from epoch"); a 429 of the
// concurrent limiter (requests remain in the window) backs off instead.
// Bodies as src/sentry/middleware/ratelimit.py writes them.
func TestSentryRateLimit(t *testing.T) {
	limited := func(remaining, concurrentRemaining string, reset time.Time, detail string) *recorder {
		return newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("X-Sentry-Rate-Limit-Limit", "40")
			w.Header().Set("X-Sentry-Rate-Limit-Remaining", remaining)
			w.Header().Set("X-Sentry-Rate-Limit-Reset", strconv.FormatInt(reset.Unix(), 10))
			w.Header().Set("X-Sentry-Rate-Limit-ConcurrentLimit", "25")
			w.Header().Set("X-Sentry-Rate-Limit-ConcurrentRemaining", concurrentRemaining)
			w.WriteHeader(429)
			_, _ = w.Write([]byte(`{"detail": "` + detail + `"}`))
		})
	}
	window := limited("0", "24", time.Now().Add(7*time.Second), "You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds")
	wait, source, retried, _ := plannedWait(t, func(ctx context.Context, onRetry func(time.Duration, string)) error {
		_, err := newSentry(t, window, sentry.WithOnRetry(func(e sentry.RetryEvent) { onRetry(e.Wait, e.Source) })).RetrieveAnOrganization(ctx, "acme")
		return err
	})
	if !retried || !near(wait, 7*time.Second) || source != "X-Sentry-Rate-Limit-Reset" {
		t.Errorf("window: planned %v from %q (retried %v)", wait, source, retried)
	}
	concurrent := limited("39", "0", time.Now().Add(30*time.Second), "You are attempting to go above the allowed concurrency for this endpoint. Concurrency limit is 25")
	wait, source, retried, _ = plannedWait(t, func(ctx context.Context, onRetry func(time.Duration, string)) error {
		_, err := newSentry(t, concurrent, sentry.WithOnRetry(func(e sentry.RetryEvent) { onRetry(e.Wait, e.Source) })).RetrieveAnOrganization(ctx, "acme")
		return err
	})
	if !retried || source != "backoff" || wait > time.Second {
		t.Errorf("concurrency: planned %v from %q (retried %v)", wait, source, retried)
	}
	_, err := newSentry(t, concurrent, sentry.WithMaxRetries(0)).RetrieveAnOrganization(context.Background(), "acme")
	var apiErr *sentry.APIError
	if !errors.Is(err, sentry.ErrRateLimited) || !errors.As(err, &apiErr) || apiErr.ConcurrentLimit != 25 || apiErr.ConcurrentRemaining != 0 ||
		apiErr.RateLimit.Limit != 40 || apiErr.RateLimit.Remaining != 39 || apiErr.Message != "You are attempting to go above the allowed concurrency for this endpoint. Concurrency limit is 25" {
		t.Errorf("429: %v (%+v)", err, apiErr)
	}
}

// sentryEvents answers List an Issue's Events as the pagination page
// shows: 100 events a page (here one), a Link header with a previous and
// a next cursor on every page, results="false" on the next of the last
// page, and an empty page, with the same links, past it.
func sentryEvents(t *testing.T) *recorder {
	var srv *recorder
	srv = newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		base := srv.URL + "/api/0/organizations/acme/issues/123456/events/?&cursor="
		page := map[string]struct {
			prev, prevResults, next, nextResults, body string
		}{
			"":        {"0:0:1", "false", "0:100:0", "true", `[{"id": "a"}]`},
			"0:100:0": {"0:0:1", "true", "0:200:0", "false", `[{"id": "b"}]`},
			"0:200:0": {"0:100:1", "true", "0:200:0", "false", `[]`},
		}[r.URL.Query().Get("cursor")]
		w.Header().Set("Link", fmt.Sprintf(`<%s%s>; rel="previous"; results="%s"; cursor="%s", <%s%s>; rel="next"; results="%s"; cursor="%s"`,
			base, page.prev, page.prevResults, page.prev, base, page.next, page.nextResults, page.next))
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(page.body))
	})
	return srv
}

// TestSentryLinkPages: "One of the URLs in the link response has
// rel=next, which indicates the next results page ... the next request is
// GET <.../events/?&cursor=0:100:0>".
func TestSentryLinkPages(t *testing.T) {
	srv := sentryEvents(t)
	var ids []string
	for page, err := range newSentry(t, srv).ListAnIssuesEventsPages(context.Background(), "acme", "123456", nil) {
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range *page {
			ids = append(ids, e.ID)
		}
		if len(ids) == 2 {
			break
		}
	}
	req, _ := srv.last(t)
	if fmt.Sprint(ids) != "[a b]" || req.URL.Query().Get("cursor") != "0:100:0" || req.Header.Get("Authorization") != "Bearer 1a2b3c" {
		t.Errorf("ids %v, last request %s", ids, req.URL)
	}

	// "The process is repeated until the URL with rel=next has the flag
	// results=false to indicate the last page."
	t.Run("ends at results=false", func(t *testing.T) {
		srv := sentryEvents(t)
		var ids []string
		for e, err := range newSentry(t, srv).ListAnIssuesEventsAll(context.Background(), "acme", "123456", nil) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, e.ID)
		}
		if fmt.Sprint(ids) != "[a b]" || srv.count() != 2 {
			t.Errorf("ids %v after %d requests, want 2", ids, srv.count())
		}
	})
}
