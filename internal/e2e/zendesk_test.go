package e2e

// Zendesk, as its docs answer (https://developer.zendesk.com/api-reference/introduction/security-and-auth/,
// /rate-limits/; bodies as Zendesk sends them).

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/zendesk"
)

func newZendesk(t *testing.T, srv *recorder, opts ...zendesk.Option) *zendesk.Client {
	t.Helper()
	c, err := zendesk.New(append([]zendesk.Option{zendesk.WithAPIToken("jdoe@example.com", "6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv"), zendesk.WithBaseURL(srv.URL),
		zendesk.WithRetryPolicy(zendesk.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestZendeskTokenAuthAndSubdomain(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Rate-Limit", "700")
		w.Header().Set("X-Rate-Limit-Remaining", "699")
		writeJSON(w, 200, map[string]any{"user": map[string]any{"id": 35436, "name": "Johnny Agent", "email": "jdoe@example.com"}})
	})
	var resp zendesk.Response
	if _, err := newZendesk(t, srv).ShowSelf(context.Background(), zendesk.WithResponseInto(&resp)); err != nil {
		t.Fatal(err)
	}
	req, _ := srv.last(t)
	// "{email_address}/token:{api_token}", base64-encoded.
	want := "Basic " + base64.StdEncoding.EncodeToString([]byte("jdoe@example.com/token:6wiIBWbGkBMo1mRDMuVwkw1EPsNkeUj95PIz2akv"))
	if req.Header.Get("Authorization") != want || req.URL.Path != "/users/me.json" {
		t.Errorf("Authorization %q, path %s", req.Header.Get("Authorization"), req.URL.Path)
	}
	if resp.RateLimit.Limit != 700 || resp.RateLimit.Remaining != 699 {
		t.Errorf("rate limit %+v", resp.RateLimit)
	}
	rt := &urlRecorder{}
	t.Setenv("ZENDESK_SUBDOMAIN", "obscura")
	t.Setenv("ZENDESK_EMAIL", "jdoe@example.com")
	t.Setenv("ZENDESK_API_TOKEN", "tok")
	c, err := zendesk.NewFromEnv(zendesk.WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = c.ShowSelf(context.Background())
	if len(rt.urls) != 1 || rt.urls[0] != "https://obscura.zendesk.com/api/v2/users/me.json" {
		t.Errorf("urls %v", rt.urls)
	}
	if _, err := zendesk.New(zendesk.WithAPIToken("a@b.c", "t")); err == nil || !strings.Contains(err.Error(), "subdomain") {
		t.Errorf("without a subdomain: %v", err)
	}
}

func TestZendeskBothErrorShapes(t *testing.T) {
	for _, tc := range []struct {
		status        int
		body          any
		sentinel      error
		code, message string
		details       string
	}{
		{404, map[string]any{"error": "RecordNotFound", "description": "Not found"}, zendesk.ErrRecordNotFound, "RecordNotFound", "Not found", ""},
		{422, map[string]any{"error": "RecordInvalid", "description": "Record validation errors", "details": map[string]any{"value": []any{map[string]any{"description": "Value: is invalid", "error": "InvalidValue"}}}}, zendesk.ErrRecordInvalid, "RecordInvalid", "Record validation errors", `{"value":[{"description":"Value: is invalid","error":"InvalidValue"}]}`},
		{403, map[string]any{"error": map[string]any{"title": "Forbidden", "message": "You do not have access to this page. Please contact the account owner of this help desk for further help."}}, zendesk.ErrForbidden, "Forbidden", "You do not have access to this page. Please contact the account owner of this help desk for further help.", ""},
		{401, map[string]any{"error": "Couldn't authenticate you"}, zendesk.ErrCouldNotAuthenticate, "Couldn't authenticate you", "", ""},
	} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, tc.status, tc.body) })
		_, err := newZendesk(t, srv).ShowTicket(context.Background(), 35436)
		var apiErr *zendesk.APIError
		if !errors.Is(err, tc.sentinel) || !errors.As(err, &apiErr) || apiErr.Code != tc.code || apiErr.Message != tc.message || string(apiErr.Details) != tc.details {
			t.Errorf("%d: %v (%+v)", tc.status, err, apiErr)
		}
	}
}

func TestZendeskRateLimit(t *testing.T) {
	for _, post := range []bool{false, true} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "41")
			w.Header().Set("X-Rate-Limit", "700")
			w.Header().Set("X-Rate-Limit-Remaining", "0")
			w.Header().Set("Content-Type", "text/plain")
			w.WriteHeader(429)
			_, _ = w.Write([]byte("Number of allowed API requests per minute exceeded"))
		})
		wait, source, retried, _ := plannedWait(t, func(ctx context.Context, onRetry func(time.Duration, string)) error {
			c := newZendesk(t, srv, zendesk.WithOnRetry(func(e zendesk.RetryEvent) { onRetry(e.Wait, e.Source) }))
			var err error
			if post {
				_, err = c.CreateTicket(ctx, &zendesk.CreateTicketParams{Body: zendesk.CreateTicketRequest{Ticket: zendesk.CreateTicketRequestTicket{Comment: zendesk.CreateTicketRequestTicketComment{Body: "The smoke is very colorful."}}}})
			} else {
				_, err = c.ListTickets(ctx, nil)
			}
			return err
		})
		if !retried || wait != 41*time.Second || source != "Retry-After" {
			t.Errorf("post=%v: planned %v from %q (retried %v)", post, wait, source, retried)
		}
	}
	// "The Retry-After header specifies that you can retry the API call in
	// 93 seconds": more than MaxWait, returned at once.
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "93")
		w.WriteHeader(429)
	})
	_, err := newZendesk(t, srv).ListTickets(context.Background(), nil)
	var apiErr *zendesk.APIError
	if !errors.As(err, &apiErr) || apiErr.RetryAfter != 93*time.Second || srv.count() != 1 {
		t.Errorf("93s: %v", err)
	}
}
