package e2e

// Intercom, as its docs answer (authentication, update-your-api-version,
// rate-limiting, error-objects, pagination-cursor pages cited in
// specs/intercom.yaml; bodies as Intercom shows them).

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/intercom"
)

const intercomToken = "dG9rOmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0NTY3ODk=" // a token's shape

func newIntercom(t *testing.T, srv *recorder, opts ...intercom.Option) *intercom.Client {
	t.Helper()
	c, err := intercom.New(append([]intercom.Option{intercom.WithBearerAuth(intercomToken), intercom.WithBaseURL(srv.URL),
		intercom.WithRetryPolicy(intercom.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestIntercomBearerAndVersion: "Authorization: Bearer <token>" and the
// Intercom-Version header on each request.
func TestIntercomBearerAndVersion(t *testing.T) {
	// The document's showContact example, its first members.
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"type": "contact", "id": "667d60a98a68186f43bafdb9", "workspace_id": "this_is_an_id252_that_should_be_at_least_", "external_id": "70", "role": "user", "email": "joe@bloggs.com", "name": "Joe Bloggs", "created_at": 1719492777})
	})
	contact, err := newIntercom(t, srv).ShowContact(context.Background(), "667d60a98a68186f43bafdb9")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := srv.last(t)
	if req.Header.Get("Authorization") != "Bearer "+intercomToken || req.Header.Get("Intercom-Version") != "2.11" || req.URL.Path != "/contacts/667d60a98a68186f43bafdb9" {
		t.Errorf("request %s %v", req.URL, req.Header)
	}
	if contact.ID != "667d60a98a68186f43bafdb9" || contact.Email == nil || *contact.Email != "joe@bloggs.com" {
		t.Errorf("contact %+v", contact)
	}
}

// TestIntercomErrorList: {"type": "error.list", "request_id", "errors":
// [{"code", "message"}]}: the first error's code is the sentinel, and the
// body's request_id is APIError.RequestID. The bodies are the examples of
// Intercom's own document (intercom/Intercom-OpenAPI): 2.11's 401 of GET
// /contacts and 404 "Article not found", 2.16's 400 "Resource not
// available", 2.14's 429 "Too many jobs in progress".
func TestIntercomErrorList(t *testing.T) {
	for _, tc := range []struct {
		status    int
		code      string
		message   string
		requestID string
		sentinel  error
	}{
		{401, "unauthorized", "Access Token Invalid", "d5bac7ff-7961-4fe5-8aed-6f1b031b38af", intercom.ErrUnauthorized},
		{404, "not_found", "Resource Not Found", "99c73902-e8ea-4872-b412-1d55ce4582fb", intercom.ErrNotFound},
		{400, "intercom_version_invalid", "Requested resource is not available in current API version.", "7a80b950-b392-499f-85db-ea7c6c424d37", intercom.ErrIntercomVersionInvalid},
		{429, "rate_limit_exceeded", "Exceeded rate limit of 5 pending reporting dataset export jobs", "b68959ea-6328-4f70-83cb-e7913dba1542", intercom.ErrRateLimitExceeded},
	} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, tc.status, map[string]any{"type": "error.list", "request_id": tc.requestID, "errors": []any{map[string]any{"code": tc.code, "message": tc.message}}})
		})
		_, err := newIntercom(t, srv, intercom.WithMaxRetries(0)).ShowContact(context.Background(), "nope")
		var apiErr *intercom.APIError
		if !errors.Is(err, tc.sentinel) || !errors.As(err, &apiErr) || apiErr.Code != tc.code || apiErr.Message != tc.message || apiErr.RequestID != tc.requestID {
			t.Errorf("%s: %v (%+v)", tc.code, err, apiErr)
		}
	}
}

// TestIntercomRateLimit: a 429 with X-RateLimit-Remaining: 0 waits until
// X-RateLimit-Reset (a Unix timestamp), then goes on. The rate-limiting
// page shows the 429's headers but no body; this one is the document's
// only 429 example.
func TestIntercomRateLimit(t *testing.T) {
	calls := 0
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("X-RateLimit-Limit", "10000")
		if calls == 1 {
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", fmt.Sprint(time.Now().Add(time.Second).Unix()))
			writeJSON(w, 429, map[string]any{"type": "error.list", "request_id": "b68959ea-6328-4f70-83cb-e7913dba1542", "errors": []any{map[string]any{"code": "rate_limit_exceeded", "message": "Exceeded rate limit of 5 pending reporting dataset export jobs"}}})
			return
		}
		w.Header().Set("X-RateLimit-Remaining", "9999")
		writeJSON(w, 200, map[string]any{"type": "contact", "id": "65f1", "role": "user"})
	})
	var waited []time.Duration
	var sources []string
	c := newIntercom(t, srv, intercom.WithOnRetry(func(e intercom.RetryEvent) { waited, sources = append(waited, e.Wait), append(sources, e.Source) }))
	if _, err := c.ShowContact(context.Background(), "65f1"); err != nil {
		t.Fatal(err)
	}
	// The reset is whole seconds, so the wait is anywhere below a second:
	// what matters is that the reset header set it, not backoff.
	if calls != 2 || len(waited) != 1 || sources[0] != "X-Ratelimit-Reset" || waited[0] > 1100*time.Millisecond {
		t.Errorf("calls %d, waits %v from %v: want one wait until the reset", calls, waited, sources)
	}
}

// TestIntercomCursorPages: pages.next.starting_after is sent back as
// starting_after until a page has no next.
func TestIntercomCursorPages(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("starting_after") == "" {
			writeJSON(w, 200, map[string]any{"type": "list", "data": []any{map[string]any{"type": "contact", "id": "a", "role": "user"}},
				"pages": map[string]any{"type": "pages", "next": map[string]any{"page": 2, "starting_after": "WzE3MTk0OTM3NTcwMDAsIjY2N2QiLDJd"}}})
			return
		}
		writeJSON(w, 200, map[string]any{"type": "list", "data": []any{map[string]any{"type": "contact", "id": "b", "role": "user"}}, "pages": map[string]any{"type": "pages"}})
	})
	var ids []string
	for contact, err := range newIntercom(t, srv).ListContactsAll(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, contact.ID)
	}
	req, _ := srv.last(t)
	if fmt.Sprint(ids) != "[a b]" || req.URL.Query().Get("starting_after") != "WzE3MTk0OTM3NTcwMDAsIjY2N2QiLDJd" {
		t.Errorf("ids %v, last request %s", ids, req.URL)
	}
}
