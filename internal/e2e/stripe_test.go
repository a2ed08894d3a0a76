package e2e

// Stripe, as its docs answer (https://docs.stripe.com/api/errors,
// /error-codes, /api/idempotent_requests, /rate-limits; bodies as Stripe
// sends them).

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/stripe"
)

const stripeKey = "sk_test_4eC39HqLyjWDarjtT1zdp7dc" // Stripe's documented test key

func newStripe(t *testing.T, srv *recorder, opts ...stripe.Option) *stripe.Client {
	t.Helper()
	c, err := stripe.New(append([]stripe.Option{stripe.WithBearerAuth(stripeKey), stripe.WithBaseURL(srv.URL), stripe.WithRetryPolicy(stripe.RetryPolicy{BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestStripeAuthVersionAndForm(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Request-Id", "req_FAdtGV9Y0UrSrO")
		writeJSON(w, 200, map[string]any{"id": "cus_NffrFeUfNV2Hib", "object": "customer", "email": "jennyrosen@example.com", "created": 1680893993, "livemode": false})
	})
	email := "jennyrosen@example.com"
	var resp stripe.Response
	cus, err := newStripe(t, srv).PostCustomers(context.Background(), &stripe.PostCustomersParams{Body: &stripe.PostCustomersRequest{Email: &email}}, stripe.WithResponseInto(&resp))
	if err != nil {
		t.Fatal(err)
	}
	req, body := srv.last(t)
	if got := req.Header.Get("Authorization"); got != "Bearer "+stripeKey {
		t.Errorf("Authorization = %q", got)
	}
	if got := req.Header.Get("Stripe-Version"); got != "2023-08-16" {
		t.Errorf("Stripe-Version = %q", got)
	}
	if ct := req.Header.Get("Content-Type"); ct != "application/x-www-form-urlencoded" || string(body) != "email=jennyrosen%40example.com" {
		t.Errorf("body %q as %q", body, ct)
	}
	if len(req.Header.Get("Idempotency-Key")) < 16 {
		t.Errorf("Idempotency-Key = %q, want a fresh key on a POST", req.Header.Get("Idempotency-Key"))
	}
	if cus.ID != "cus_NffrFeUfNV2Hib" || resp.RequestID != "req_FAdtGV9Y0UrSrO" {
		t.Errorf("customer %+v, request id %q", cus, resp.RequestID)
	}
	// A publishable key cannot call the API: refused before any request.
	if _, err := stripe.New(stripe.WithBearerAuth("pk_test_TYooMQauvdEDq54NiTphI7jx")); !errors.Is(err, stripe.ErrInvalidCredential) {
		t.Errorf("publishable key: %v", err)
	}
}

func TestStripeErrors(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Request-Id", "req_1")
		writeJSON(w, 402, map[string]any{"error": map[string]any{
			"charge": "ch_1", "code": "card_declined", "decline_code": "insufficient_funds",
			"doc_url": "https://stripe.com/docs/error-codes/card-declined", "message": "Your card has insufficient funds.",
			"request_log_url": "https://dashboard.stripe.com/test/logs/req_1", "type": "card_error",
		}})
	})
	amount := int64(2000)
	_, err := newStripe(t, srv).PostPaymentIntents(context.Background(), &stripe.PostPaymentIntentsParams{Body: stripe.PostPaymentIntentsRequest{Amount: amount, Currency: "usd"}})
	var apiErr *stripe.APIError
	if !errors.Is(err, stripe.ErrCardDeclined) || !errors.Is(err, stripe.ErrPaymentRequired) || !errors.As(err, &apiErr) {
		t.Fatalf("err = %v", err)
	}
	if apiErr.Type != "card_error" || apiErr.DeclineCode != "insufficient_funds" || apiErr.DocURL != "https://stripe.com/docs/error-codes/card-declined" || apiErr.RequestID != "req_1" || apiErr.Message != "Your card has insufficient funds." {
		t.Errorf("%+v", apiErr)
	}
	if srv.count() != 1 {
		t.Errorf("a decline was sent %d times", srv.count())
	}
}

// TestStripeShouldRetry: Stripe-Should-Retry is followed both ways, and a
// retried POST carries the same Idempotency-Key.
func TestStripeShouldRetry(t *testing.T) {
	for _, tc := range []struct {
		name     string
		status   int
		hint     string
		post     bool
		requests int
	}{
		{"409 on a POST, hint true: retried", 409, "true", true, 2},
		{"409 on a POST, no hint: not retried", 409, "", true, 1},
		{"503 on a GET, hint false: not retried", 503, "false", false, 1},
		{"503 on a GET, no hint: retried", 503, "", false, 2},
		{"500 on a POST, hint true: retried", 500, "true", true, 2},
		{"429 lock_timeout on a POST: retried", 429, "", true, 2},
	} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			if tc.hint != "" {
				w.Header().Set("Stripe-Should-Retry", tc.hint)
			}
			writeJSON(w, tc.status, map[string]any{"error": map[string]any{"code": "lock_timeout", "message": "try again", "type": "invalid_request_error"}})
		})
		c := newStripe(t, srv, stripe.WithMaxRetries(1))
		if tc.post {
			_, _ = c.PostCustomers(context.Background(), nil)
		} else {
			_, _ = c.GetBalance(context.Background(), nil)
		}
		if srv.count() != tc.requests {
			t.Errorf("%s: %d requests, want %d", tc.name, srv.count(), tc.requests)
		}
		if tc.post && srv.count() == 2 {
			srv.mu.Lock()
			a, b := srv.requests[0].Header.Get("Idempotency-Key"), srv.requests[1].Header.Get("Idempotency-Key")
			srv.mu.Unlock()
			if a == "" || a != b {
				t.Errorf("%s: idempotency keys %q and %q, want one key on both attempts", tc.name, a, b)
			}
		}
	}
}

func TestStripeRateLimitedReason(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Stripe-Rate-Limited-Reason", "endpoint-concurrency")
		writeJSON(w, 429, map[string]any{"error": map[string]any{"code": "rate_limit", "message": "Too many requests hit the API too quickly.", "type": "invalid_request_error"}})
	})
	_, err := newStripe(t, srv, stripe.WithMaxRetries(0)).GetBalance(context.Background(), nil)
	var apiErr *stripe.APIError
	if !errors.Is(err, stripe.ErrRateLimited) || !errors.As(err, &apiErr) || apiErr.RateLimitedReason != "endpoint-concurrency" {
		t.Errorf("err = %v (%+v)", err, apiErr)
	}
}

// TestStripeUnionAnswerIsCheckedOnReceipt: GetCustomersCustomer answers a
// union, whose body goes to the union unchecked (issue 30: one pass over
// it fewer); a body that is not JSON is still a *DecodeError naming the
// operation and the status, never a union holding bytes that are not JSON.
func TestStripeUnionAnswerIsCheckedOnReceipt(t *testing.T) {
	for _, body := range []string{`{"id":"cus_1","object":"customer"`, `{"id":"cus_1","object":"customer"} trailing`, `not json`} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(body))
		})
		resp, err := newStripe(t, srv).GetCustomersCustomer(context.Background(), "cus_1", nil)
		var decodeErr *stripe.DecodeError
		if !errors.As(err, &decodeErr) || decodeErr.Operation != "GetCustomersCustomer" || decodeErr.StatusCode != 200 {
			t.Errorf("%q: %v, %v; want a DecodeError of GetCustomersCustomer, status 200", body, resp, err)
		}
	}
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"id": "cus_1", "object": "customer", "deleted": true})
	})
	resp, err := newStripe(t, srv).GetCustomersCustomer(context.Background(), "cus_1", nil)
	if err != nil {
		t.Fatal(err)
	}
	if gone, err := resp.AsDeletedCustomer(); err != nil || !gone.Deleted || gone.ID != "cus_1" {
		t.Errorf("a deleted customer: %+v, %v", gone, err)
	}
}
