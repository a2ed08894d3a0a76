package e2e

// PagerDuty, as its docs answer: the pages of PagerDuty/developer-docs
// (docs/REST-API/02-Authentication.md, 03-Versioning.md, 04-Rate-Limits.md,
// 09-Pagination.md, 14-Errors.md) cited in specs/pagerduty.yaml; bodies and
// headers as those pages show them, where they show one.

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/pagerduty"
)

const pagerdutyKey = "y_NbAkKc66ryYTWUXYEu" // the docs' example

func newPagerDuty(t *testing.T, srv *recorder, opts ...pagerduty.Option) *pagerduty.Client {
	t.Helper()
	c, err := pagerduty.New(append([]pagerduty.Option{pagerduty.WithAPIKey(pagerdutyKey), pagerduty.WithBaseURL(srv.URL),
		pagerduty.WithRetryPolicy(pagerduty.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestPagerDutyTokenHeader: "Authorization: Token token=y_NbAkKc66ryYTWUXYEu",
// and the From header createIncident requires.
func TestPagerDutyTokenHeader(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 201, map[string]any{"incident": map[string]any{"id": "PT4KHLK", "type": "incident", "incident_number": 1234, "title": "The server is on fire.", "status": "triggered"}})
	})
	inc, err := newPagerDuty(t, srv).CreateIncident(context.Background(), &pagerduty.CreateIncidentParams{From: "user@example.com",
		Body: pagerduty.CreateIncidentRequest{Incident: pagerduty.CreateIncidentRequestIncident{Type: "incident", Title: "The server is on fire.",
			Service: pagerduty.CreateIncidentRequestIncidentService{ID: "PWIXJZS", Type: "service_reference"}}}})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := srv.last(t)
	// "Accept: application/vnd.pagerduty+json;version=2", the documented
	// media type with its version parameter.
	if req.Header.Get("Authorization") != "Token token="+pagerdutyKey || req.Header.Get("From") != "user@example.com" || req.Header.Get("Accept") != "application/vnd.pagerduty+json;version=2" {
		t.Errorf("headers %v", req.Header)
	}
	if inc.Incident.ID != "PT4KHLK" {
		t.Errorf("incident %+v", inc)
	}
}

// TestPagerDutyErrors: {"error": {"message", "code", "errors"}} with numeric
// codes. The first body is 14-Errors.md's example byte for byte; the others
// put the codes and messages of that page's table into the same shape
// (the page shows no other body, and pairs no code with a status: the
// statuses are ours).
func TestPagerDutyErrors(t *testing.T) {
	const documented = "{\n    \"error\": {\n        \"message\": \"Error Message String\",\n        \"code\": 2001,\n        \"errors\": [\n            \"human-readable error details\",\n            \"more details\"\n        ]\n    }\n}"
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		_, _ = w.Write([]byte(documented))
	})
	_, err := newPagerDuty(t, srv).GetCurrentUser(context.Background())
	var docErr *pagerduty.APIError
	if !errors.Is(err, pagerduty.ErrInvalidInputProvided) || !errors.As(err, &docErr) || docErr.Code != "2001" || docErr.Message != "Error Message String" ||
		!bytes.Contains([]byte(documented), docErr.Details) || !strings.Contains(string(docErr.Details), `"more details"`) {
		t.Errorf("documented body: %v (%+v)", err, docErr)
	}

	for _, tc := range []struct {
		status   int
		code     int
		message  string
		sentinel error
	}{
		{400, 2001, "Invalid Input Provided", pagerduty.ErrInvalidInputProvided},
		{401, 2006, "Authentication failed", pagerduty.ErrAuthenticationFailed},
		{403, 2010, "Access Denied", pagerduty.ErrAccessDenied},
		{404, 2100, "Not Found", pagerduty.ErrNotFound},
		{402, 2014, "Missing Account Ability", pagerduty.ErrMissingAccountAbility},
	} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, tc.status, map[string]any{"error": map[string]any{"message": tc.message, "code": tc.code, "errors": []any{tc.message}}})
		})
		_, err := newPagerDuty(t, srv).GetCurrentUser(context.Background())
		var apiErr *pagerduty.APIError
		if !errors.Is(err, tc.sentinel) || !errors.As(err, &apiErr) || apiErr.Code != itoa(tc.code) || apiErr.Message != tc.message || string(apiErr.Details) != `["`+tc.message+`"]` {
			t.Errorf("%d: %v (%+v)", tc.code, err, apiErr)
		}
	}
}

// TestPagerDutyRateLimit: 04-Rate-Limits.md's 429, headers and body byte
// for byte: the wait is ratelimit-reset's seconds, and the body's 2020 is
// ErrRateLimitExceeded.
func TestPagerDutyRateLimit(t *testing.T) {
	const body = "{\n  \"error\": {\n    \"message\": \"Rate Limit Exceeded\",\n    \"code\": 2020\n  }\n}"
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("date", "Tue, 03 Oct 2023 16:46:39 GMT")
		w.Header().Set("ratelimit-limit", "960")
		w.Header().Set("ratelimit-remaining", "0")
		w.Header().Set("ratelimit-reset", "20")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(429)
		_, _ = w.Write([]byte(body))
	})
	wait, source, retried, _ := plannedWait(t, func(ctx context.Context, onRetry func(time.Duration, string)) error {
		_, err := newPagerDuty(t, srv, pagerduty.WithOnRetry(func(e pagerduty.RetryEvent) { onRetry(e.Wait, e.Source) })).ListIncidents(ctx, nil)
		return err
	})
	if !retried || wait != 20*time.Second || source != "Ratelimit-Reset" {
		t.Errorf("planned %v from %q (retried %v)", wait, source, retried)
	}
	_, err := newPagerDuty(t, srv, pagerduty.WithMaxRetries(0)).ListIncidents(context.Background(), nil)
	var apiErr *pagerduty.APIError
	if !errors.Is(err, pagerduty.ErrRateLimitExceeded) || !errors.As(err, &apiErr) || apiErr.Code != "2020" || apiErr.Message != "Rate Limit Exceeded" {
		t.Errorf("429: %v (%+v)", err, apiErr)
	}
}

// TestPagerDutyOffsetPages: offset grows by the items received until more
// is false; "The `total` field is `null` by default" (09-Pagination.md).
func TestPagerDutyOffsetPages(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("offset") == "1" {
			writeJSON(w, 200, map[string]any{"users": []any{map[string]any{"id": "PXPGF42", "type": "user"}}, "limit": 1, "offset": 1, "more": false, "total": nil})
			return
		}
		writeJSON(w, 200, map[string]any{"users": []any{map[string]any{"id": "PAM4FGS", "type": "user"}}, "limit": 1, "offset": 0, "more": true, "total": nil})
	})
	var ids []string
	for u, err := range newPagerDuty(t, srv).ListUsersAll(context.Background(), &pagerduty.ListUsersParams{Limit: ptr(int64(1))}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	if len(ids) != 2 || ids[0] != "PAM4FGS" || ids[1] != "PXPGF42" || srv.count() != 2 {
		t.Errorf("ids %v after %d requests", ids, srv.count())
	}
}
