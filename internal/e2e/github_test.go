package e2e

// GitHub, as its docs answer (quotes from
// https://docs.github.com/rest/using-the-rest-api/rate-limits-for-the-rest-api
// and .../troubleshooting-the-rest-api; bodies as GitHub sends them).

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/github"
)

const githubToken = "ghp_16C7e42F292c6912E7710c838347Ae178B4a"

func newGitHub(t *testing.T, srv *recorder, opts ...github.Option) *github.Client {
	t.Helper()
	c, err := github.New(append([]github.Option{github.WithToken(githubToken), github.WithBaseURL(srv.URL)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestGitHubAuthAndVersionOnTheWire(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-GitHub-Request-Id", "CC6E:1F2B:9C5A0B:A1B2C3:65F0A1B2")
		w.Header().Set("x-ratelimit-limit", "5000")
		w.Header().Set("x-ratelimit-remaining", "4999")
		w.Header().Set("x-ratelimit-reset", "1372700873")
		writeJSON(w, 200, map[string]any{"login": "octocat", "id": 1})
	})
	var resp github.Response
	user, err := newGitHub(t, srv).UsersGetAuthenticated(context.Background(), github.WithResponseInto(&resp))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := srv.last(t)
	if got := req.Header.Get("Authorization"); got != "Bearer "+githubToken {
		t.Errorf("Authorization = %q", got)
	}
	if got := req.Header.Get("X-GitHub-Api-Version"); got != "2022-11-28" {
		t.Errorf("X-GitHub-Api-Version = %q", got)
	}
	if resp.RequestID != "CC6E:1F2B:9C5A0B:A1B2C3:65F0A1B2" || resp.RateLimit.Remaining != 4999 || !resp.RateLimit.Reset.Equal(time.Unix(1372700873, 0)) {
		t.Errorf("metadata = %+v", resp)
	}
	if user == nil {
		t.Fatal("no user")
	}
	// The version can be overridden per client, as a new API version is
	// adopted.
	newer := newGitHub(t, srv, github.WithDefaultHeader("X-GitHub-Api-Version", "2026-03-10"))
	if _, err := newer.UsersGetAuthenticated(context.Background()); err != nil {
		t.Fatal(err)
	}
	if req, _ := srv.last(t); req.Header.Get("X-GitHub-Api-Version") != "2026-03-10" {
		t.Errorf("overridden version = %q", req.Header.Get("X-GitHub-Api-Version"))
	}
}

func TestGitHubErrors(t *testing.T) {
	for _, tc := range []struct {
		name     string
		status   int
		body     map[string]any
		sentinel error
		message  string
	}{
		{"not found", 404, map[string]any{"message": "Not Found", "documentation_url": "https://docs.github.com/rest/repos/repos#get-a-repository", "status": "404"}, github.ErrNotFound, "Not Found"},
		{"bad credentials", 401, map[string]any{"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}, github.ErrUnauthorized, "Bad credentials"},
		{"validation failed", 422, map[string]any{"message": "Validation Failed", "errors": []any{map[string]any{"resource": "Issue", "field": "title", "code": "missing_field"}}, "documentation_url": "https://docs.github.com/rest/issues/issues#create-an-issue"}, github.ErrUnprocessableEntity, "Validation Failed"},
	} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("x-ratelimit-remaining", "4990")
			writeJSON(w, tc.status, tc.body)
		})
		_, err := newGitHub(t, srv).ReposGet(context.Background(), "octocat", "hello-world")
		var apiErr *github.APIError
		if !errors.Is(err, tc.sentinel) || !errors.As(err, &apiErr) {
			t.Errorf("%s: err = %v", tc.name, err)
			continue
		}
		if apiErr.Message != tc.message || apiErr.DocumentationURL != tc.body["documentation_url"] || apiErr.Operation != "repos/get" {
			t.Errorf("%s: %+v", tc.name, apiErr)
		}
		if tc.status == 422 && string(apiErr.Details) != `[{"code":"missing_field","field":"title","resource":"Issue"}]` {
			t.Errorf("%s: details = %s", tc.name, apiErr.Details)
		}
		if srv.count() != 1 {
			t.Errorf("%s: %d requests; a %d is not retried", tc.name, srv.count(), tc.status)
		}
	}
}

// githubLimited answers every request with the rate-limit response.
func githubLimited(t *testing.T, status int, header map[string]string) *recorder {
	return newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		writeJSON(w, status, map[string]any{"message": "API rate limit exceeded for user ID 1.", "documentation_url": "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api"})
	})
}

func TestGitHubRateLimitSignals(t *testing.T) {
	now := time.Now()
	epoch := func(d time.Duration) string { return strconv.FormatInt(now.Add(d).Unix(), 10) }
	for _, tc := range []struct {
		name      string
		status    int
		header    map[string]string
		limited   bool          // errors.Is(err, ErrRateLimited)
		wait      time.Duration // the planned wait; 0: no retry
		source    string
		stoppedAt bool // returned at once: the wait is longer than MaxWait
	}{
		{"primary: 403, none remaining, reset soon: wait for the reset", 403,
			map[string]string{"x-ratelimit-remaining": "0", "x-ratelimit-reset": epoch(40 * time.Second)}, true, 40 * time.Second, "x-ratelimit-reset", false},
		{"primary: 403, reset in 49 minutes: return at once with RetryAfter", 403,
			map[string]string{"x-ratelimit-remaining": "0", "x-ratelimit-reset": epoch(49 * time.Minute)}, true, 0, "", true},
		{"403 with budget left is a refusal, not a rate limit; its reset is not a wait", 403,
			map[string]string{"x-ratelimit-remaining": "4321", "x-ratelimit-reset": epoch(49 * time.Minute)}, false, 0, "", false},
		{"secondary: 429 with retry-after", 429,
			map[string]string{"retry-after": "30", "x-ratelimit-remaining": "4000", "x-ratelimit-reset": epoch(49 * time.Minute)}, true, 30 * time.Second, "retry-after", false},
		{"secondary: 403 with retry-after", 403,
			map[string]string{"retry-after": "45", "x-ratelimit-remaining": "0"}, true, 45 * time.Second, "retry-after", false},
		{"secondary: 429 without retry-after waits at least a minute", 429,
			map[string]string{}, true, time.Minute, "minimum wait", false},
	} {
		srv := githubLimited(t, tc.status, tc.header)
		// Retries off: the error itself.
		_, err := newGitHub(t, srv, github.WithMaxRetries(0)).ReposGet(context.Background(), "octocat", "hello-world")
		if got := errors.Is(err, github.ErrRateLimited); got != tc.limited {
			t.Errorf("%s: errors.Is(err, ErrRateLimited) = %v: %v", tc.name, got, err)
		}
		var apiErr *github.APIError
		if errors.As(err, &apiErr) && !tc.limited && apiErr.RetryAfter != 0 {
			t.Errorf("%s: RetryAfter = %v while budget is left", tc.name, apiErr.RetryAfter)
		}
		// Retries on: the wait the client plans, for GET and for POST (a
		// rate-limited request was not processed, so a POST is retried
		// too).
		for _, method := range []string{"GET", "POST"} {
			srv := githubLimited(t, tc.status, tc.header)
			wait, source, retried, err := plannedWait(t, func(ctx context.Context, onRetry func(time.Duration, string)) error {
				c := newGitHub(t, srv, github.WithOnRetry(func(e github.RetryEvent) { onRetry(e.Wait, e.Source) }))
				if method == "GET" {
					_, err := c.ReposGet(ctx, "octocat", "hello-world")
					return err
				}
				title, _ := github.IssuesCreateRequestTitleFromString("Found a bug")
				_, err := c.IssuesCreate(ctx, "octocat", "hello-world", &github.IssuesCreateParams{Body: github.IssuesCreateRequest{Title: title}})
				return err
			})
			switch {
			case tc.wait == 0 && retried:
				t.Errorf("%s %s: retried after %v (%s); want none", tc.name, method, wait, source)
			case tc.wait > 0 && (!retried || !strings.EqualFold(source, tc.source) || !near(wait, tc.wait) && source != "minimum wait" || source == "minimum wait" && wait < tc.wait):
				t.Errorf("%s %s: planned %v from %q (retried %v); want %v from %q", tc.name, method, wait, source, retried, tc.wait, tc.source)
			case tc.stoppedAt:
				if !errors.As(err, &apiErr) || apiErr.RetryAfter < 48*time.Minute || srv.count() != 1 {
					t.Errorf("%s %s: want one request and RetryAfter about 49m: %v", tc.name, method, err)
				}
			}
		}
	}
}
