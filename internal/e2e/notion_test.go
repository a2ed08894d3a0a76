package e2e

// Notion, as its docs answer (https://developers.notion.com/reference/versioning,
// /status-codes, /request-limits; bodies as Notion sends them).

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/notion"
)

const notionToken = "secret_t1CdN9S8yicG5eWLUOfhcWaOscVnFXns" // the docs' example

func newNotion(t *testing.T, srv *recorder, opts ...notion.Option) *notion.Client {
	t.Helper()
	c, err := notion.New(append([]notion.Option{notion.WithIntegrationToken(notionToken), notion.WithBaseURL(srv.URL),
		notion.WithRetryPolicy(notion.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestNotionVersionAndTokenOnEveryRequest(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"object": "user", "id": "16d84278-ab0e-484c-9bdd-b35da3bd8905", "type": "bot", "name": "pied piper"})
	})
	me, err := newNotion(t, srv).GetSelf(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	req, _ := srv.last(t)
	if req.Header.Get("Authorization") != "Bearer "+notionToken || req.Header.Get("Notion-Version") != "2022-06-28" {
		t.Errorf("headers %v", req.Header)
	}
	if me.ID != "16d84278-ab0e-484c-9bdd-b35da3bd8905" {
		t.Errorf("user %+v", me)
	}
	// Per client, a newer version.
	if _, err := newNotion(t, srv, notion.WithDefaultHeader("Notion-Version", "2025-09-03")).GetSelf(context.Background()); err != nil {
		t.Fatal(err)
	}
	if req, _ := srv.last(t); req.Header.Get("Notion-Version") != "2025-09-03" {
		t.Errorf("Notion-Version = %q", req.Header.Get("Notion-Version"))
	}
}

func TestNotionErrors(t *testing.T) {
	for _, tc := range []struct {
		status   int
		code     string
		message  string
		sentinel error
		requests int
	}{
		{401, "unauthorized", "API token is invalid.", notion.ErrUnauthorized, 1},
		{404, "object_not_found", "Could not find page with ID: 5b2a.... Make sure the relevant pages and databases are shared with your integration.", notion.ErrObjectNotFound, 1},
		{400, "missing_version", "Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.", notion.ErrMissingVersion, 1},
		{400, "validation_error", "body failed validation: body.properties should be defined, instead was `undefined`.", notion.ErrValidationError, 1},
		{503, "service_unavailable", "Notion is unavailable, please try again later.", notion.ErrServiceUnavailable, 3},
	} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, tc.status, map[string]any{"object": "error", "status": tc.status, "code": tc.code, "message": tc.message, "request_id": "c7e8d9a0-1234"})
		})
		_, err := newNotion(t, srv).RetrievePage(context.Background(), "5b2a")
		var apiErr *notion.APIError
		if !errors.Is(err, tc.sentinel) || !errors.As(err, &apiErr) || apiErr.Message != tc.message || apiErr.NotionRequestID != "c7e8d9a0-1234" {
			t.Errorf("%s: %v", tc.code, err)
		}
		if srv.count() != tc.requests {
			t.Errorf("%s: %d requests, want %d", tc.code, srv.count(), tc.requests)
		}
	}
}

// TestNotionRateLimit: 429 rate_limited with "Retry-After ... an integer
// number of seconds": waited for GET and POST; one beyond MaxWait comes
// back at once.
func TestNotionRateLimit(t *testing.T) {
	limited := func(after string) *recorder {
		return newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", after)
			writeJSON(w, 429, map[string]any{"object": "error", "status": 429, "code": "rate_limited", "message": "You have been rate limited. Please try again in a few minutes."})
		})
	}
	for _, post := range []bool{false, true} {
		srv := limited("7")
		wait, source, retried, _ := plannedWait(t, func(ctx context.Context, onRetry func(time.Duration, string)) error {
			c := newNotion(t, srv, notion.WithOnRetry(func(e notion.RetryEvent) { onRetry(e.Wait, e.Source) }))
			var err error
			if post {
				_, err = c.Search(ctx, &notion.SearchParams{Body: &notion.SearchRequest{Query: ptr("roadmap")}})
			} else {
				_, err = c.GetSelf(ctx)
			}
			return err
		})
		if !retried || wait != 7*time.Second || source != "Retry-After" {
			t.Errorf("post=%v: planned %v from %q (retried %v)", post, wait, source, retried)
		}
	}
	srv := limited("120")
	_, err := newNotion(t, srv).GetSelf(context.Background())
	var apiErr *notion.APIError
	if !errors.Is(err, notion.ErrRateLimited) || !errors.As(err, &apiErr) || apiErr.RetryAfter != 2*time.Minute || srv.count() != 1 {
		t.Errorf("a wait beyond MaxWait: %v", err)
	}
}

// TestNotionServiceOverload: "handle HTTP 429 and 529 responses and respect
// the Retry-After response header".
func TestNotionServiceOverload(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3")
		writeJSON(w, 529, map[string]any{"object": "error", "status": 529, "code": "service_overload", "message": "Notion is overloaded."})
	})
	wait, source, retried, _ := plannedWait(t, func(ctx context.Context, onRetry func(time.Duration, string)) error {
		_, err := newNotion(t, srv, notion.WithOnRetry(func(e notion.RetryEvent) { onRetry(e.Wait, e.Source) })).GetSelf(ctx)
		return err
	})
	if !retried || wait != 3*time.Second || source != "Retry-After" {
		t.Errorf("planned %v from %q (retried %v)", wait, source, retried)
	}
}
