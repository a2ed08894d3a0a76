package e2e

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/authgen/authgen/generated/jobo"
)

const joboKey = "jobo-key-0123456789"

func newJobo(t *testing.T, srv *recorder, opts ...jobo.Option) *jobo.Client {
	t.Helper()
	c, err := jobo.New(append([]jobo.Option{jobo.WithAPIKey(joboKey), jobo.WithBaseURL(srv.URL)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestJoboGetCompanyIsPublic(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"id": "acme", "name": "Acme"})
	})
	got, err := newJobo(t, srv).GetCompany(context.Background(), "acme/inc")
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&jobo.GetCompanyResponse{"id": "acme", "name": "Acme"}, got); diff != "" {
		t.Errorf("company (-want +got):\n%s", diff)
	}
	req, _ := srv.last(t)
	if req.URL.EscapedPath() != "/api/companies/acme%2Finc" {
		t.Errorf("path = %s, want the id escaped as one segment", req.URL.EscapedPath())
	}
	if v := req.Header.Get("X-Api-Key"); v != "" {
		t.Errorf("the public getCompany sent X-Api-Key %q", v)
	}
	if v := req.Header.Get("Authorization"); v != "" {
		t.Errorf("the public getCompany sent Authorization %q", v)
	}
	if req.URL.RawQuery != "" {
		t.Errorf("query = %q, want none", req.URL.RawQuery)
	}
}

func TestJoboDoSendsTheKeyInTheHeaderOnly(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Credits-Deducted", "2")
		w.Header().Set("X-Credits-Balance", "98")
		w.Header().Set("X-RateLimit-Limit", "60")
		w.Header().Set("X-RateLimit-Remaining", "59")
		w.Header().Set("X-RateLimit-Reset", "1700000000")
		writeJSON(w, 200, map[string]any{"jobs": []any{}})
	})
	var out map[string]any
	var resp jobo.Response
	if err := newJobo(t, srv).Do(context.Background(), "GET", "/api/jobs", nil, &out, jobo.WithResponseInto(&resp)); err != nil {
		t.Fatal(err)
	}
	req, _ := srv.last(t)
	if got := req.Header.Get("X-Api-Key"); got != joboKey {
		t.Errorf("X-Api-Key = %q, want the key", got)
	}
	if req.URL.RawQuery != "" {
		t.Errorf("the key must never travel in the URL; query = %q", req.URL.RawQuery)
	}
	if resp.CreditsDeducted != 2 || resp.CreditsBalance != 98 || resp.CreditsRequired != 0 {
		t.Errorf("metering = %+v", resp.Metering)
	}
	want := jobo.RateLimit{Limit: 60, Remaining: 59, Reset: time.Unix(1700000000, 0)}
	if diff := cmp.Diff(want, resp.RateLimit); diff != "" {
		t.Errorf("rate limit (-want +got):\n%s", diff)
	}
}

func TestJobo402CarriesCredits(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Credits-Balance", "1")
		w.Header().Set("X-Credits-Required", "5")
		writeJSON(w, 402, map[string]any{"error": "insufficient_credits", "message": "Not enough credits"})
	})
	err := newJobo(t, srv).Do(context.Background(), "GET", "/api/jobs", nil, nil)
	var apiErr *jobo.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("error %v is not an *APIError", err)
	}
	if !errors.Is(err, jobo.ErrPaymentRequired) {
		t.Error("a 402 does not match ErrPaymentRequired")
	}
	if apiErr.CreditsRequired != 5 || apiErr.CreditsBalance != 1 {
		t.Errorf("metering on the error = %+v", apiErr.Metering)
	}
	if apiErr.Message != "Not enough credits" {
		t.Errorf("Message = %q", apiErr.Message)
	}
}

func TestJoboStatusErrors(t *testing.T) {
	for status, sentinel := range map[int]error{401: jobo.ErrUnauthorized, 403: jobo.ErrForbidden, 404: jobo.ErrNotFound} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, status, map[string]any{"message": "nope"})
		})
		_, err := newJobo(t, srv).GetCompany(context.Background(), "x")
		var apiErr *jobo.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != status || apiErr.Message != "nope" || apiErr.Operation != "getCompany" {
			t.Errorf("status %d: error = %#v", status, err)
		}
		if !errors.Is(err, sentinel) {
			t.Errorf("status %d does not match %v", status, sentinel)
		}
	}
}

func TestJoboWaitsUntilRateLimitReset(t *testing.T) {
	calls := 0
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			// A reset already in the past: retry at once.
			w.Header().Set("X-RateLimit-Reset", "1000")
			writeJSON(w, 429, map[string]any{"message": "Rate limit exceeded"})
			return
		}
		writeJSON(w, 200, map[string]any{})
	})
	if _, err := newJobo(t, srv).GetCompany(context.Background(), "x"); err != nil {
		t.Fatal(err)
	}
	if srv.count() != 2 {
		t.Errorf("requests = %d, want 2", srv.count())
	}
	// A reset far ahead is more than MaxWait: the error comes back at once,
	// telling the caller how long the server asked for.
	calls = 0
	srv2 := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(time.Now().Add(10*time.Minute).Unix(), 10))
		writeJSON(w, 429, map[string]any{"message": "Rate limit exceeded"})
	})
	start := time.Now()
	_, err := newJobo(t, srv2).GetCompany(context.Background(), "x")
	var apiErr *jobo.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, jobo.ErrRateLimited) {
		t.Fatalf("error = %v, want a 429 *APIError", err)
	}
	if apiErr.RetryAfter < 9*time.Minute || apiErr.RetryAfter > 10*time.Minute {
		t.Errorf("RetryAfter = %v, want about 10m", apiErr.RetryAfter)
	}
	if time.Since(start) > 5*time.Second || srv2.count() != 1 {
		t.Errorf("the client waited (%v, %d requests) instead of returning", time.Since(start), srv2.count())
	}
}
