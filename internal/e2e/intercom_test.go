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
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"type": "contact", "id": "65f1", "role": "user", "email": "joe@example.com"})
	})
	contact, err := newIntercom(t, srv).ShowContact(context.Background(), "65f1")
	if err != nil {
		t.Fatal(err)
	}
	req, _ := srv.last(t)
	if req.Header.Get("Authorization") != "Bearer "+intercomToken || req.Header.Get("Intercom-Version") != "2.11" || req.URL.Path != "/contacts/65f1" {
		t.Errorf("request %s %v", req.URL, req.Header)
	}
	if contact.ID != "65f1" || contact.Email == nil || *contact.Email != "joe@example.com" {
		t.Errorf("contact %+v", contact)
	}
}

// TestIntercomErrorList: {"type": "error.list", "request_id", "errors":
// [{"code", "message"}]}: the first error's code is the sentinel, and the
// body's request_id is APIError.RequestID.
func TestIntercomErrorList(t *testing.T) {
	for _, tc := range []struct {
		status   int
		code     string
		message  string
		sentinel error
	}{
		{401, "unauthorized", "Access Token Invalid", intercom.ErrUnauthorized},
		{404, "not_found", "User Not Found", intercom.ErrNotFound},
		{400, "intercom_version_invalid", "Requested version does not exist", intercom.ErrIntercomVersionInvalid},
	} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, tc.status, map[string]any{"type": "error.list", "request_id": "000uh1f1eq9cqa1qr5kg", "errors": []any{map[string]any{"code": tc.code, "message": tc.message}}})
		})
		_, err := newIntercom(t, srv).ShowContact(context.Background(), "nope")
		var apiErr *intercom.APIError
		if !errors.Is(err, tc.sentinel) || !errors.As(err, &apiErr) || apiErr.Code != tc.code || apiErr.Message != tc.message || apiErr.RequestID != "000uh1f1eq9cqa1qr5kg" {
			t.Errorf("%s: %v (%+v)", tc.code, err, apiErr)
		}
	}
}

// TestIntercomRateLimit: a 429 with X-RateLimit-Remaining: 0 waits until
// X-RateLimit-Reset (a Unix timestamp), then goes on.
func TestIntercomRateLimit(t *testing.T) {
	calls := 0
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		calls++
		w.Header().Set("X-RateLimit-Limit", "10000")
		if calls == 1 {
			w.Header().Set("X-RateLimit-Remaining", "0")
			w.Header().Set("X-RateLimit-Reset", fmt.Sprint(time.Now().Add(time.Second).Unix()))
			writeJSON(w, 429, map[string]any{"type": "error.list", "errors": []any{map[string]any{"code": "rate_limit_exceeded", "message": "Exceeded rate limit of 10000 in 10_seconds"}}})
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
