package authgenrt

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// TestListPointersCollectEveryItem: a * segment walks every item (Asana's
// {"errors":[{"message":..}]}), a list at the end is flattened ({"errors":
// ["a","b"]}), and a pointer without * reads one member as before.
func TestListPointersCollectEveryItem(t *testing.T) {
	for _, tc := range []struct {
		body, pointer string
		want          []string
	}{
		{`{"errors":[{"message":"a","help":"h1"},{"message":"b"}]}`, "/errors/*/message", []string{"a", "b"}},
		{`{"errors":["a","b",3,true,null,{"x":1}]}`, "/errors", []string{"a", "b", "3", "true"}},
		{`{"errors":["a","b"]}`, "/errors/*", []string{"a", "b"}},
		{`{"errors":{"title":["blank","short"],"body":["long"]}}`, "/errors/*", []string{"blank", "short", "long"}},
		{`{"errors":[{"causes":["x","y"]},{"causes":["z"]}]}`, "/errors/*/causes", []string{"x", "y", "z"}},
		{`{"errors":[{"message":"a"}]}`, "/errors/0/message", []string{"a"}},
		{`{"*x":"star"}`, "/*x", []string{"star"}},
		{`{"*x":[{"y":"a"},{"y":"b"}]}`, "/*x/*/y", []string{"a", "b"}},
		{`{"errors":"not a list"}`, "/errors/*/message", nil},
		{`not json`, "/errors/*", nil},
		{`[{"m":"top"}]`, "/*/m", []string{"top"}},
	} {
		if got := ErrorFieldStrings(json.RawMessage(tc.body), tc.pointer); !slices.Equal(got, tc.want) {
			t.Errorf("%s at %s = %q, want %q", tc.body, tc.pointer, got, tc.want)
		}
	}
}

// TestEnvelopeMessageJoinsAList: envelope.message with a * segment keeps
// every message, joined; /errors/0/message still reads the first.
func TestEnvelopeMessageJoinsAList(t *testing.T) {
	body := `{"errors":[{"message":"name: is required","help":"see docs"},{"message":"due_on: not a date"}]}`
	for pointer, want := range map[string]string{
		"/errors/*/message": "name: is required; due_on: not a date",
		"/errors/0/message": "name: is required",
	} {
		e := &APIError{Body: []byte(body)}
		e.fillFromBody(ErrorEnvelopeSpec{Message: pointer}, "application/json")
		if e.Message != want {
			t.Errorf("message %s = %q, want %q", pointer, e.Message, want)
		}
	}
}

// TestHeaderBool reads true and false in the spellings vendors send.
func TestHeaderBool(t *testing.T) {
	h := http.Header{"A": {"true"}, "B": {"False"}, "C": {"1"}, "D": {"yes"}}
	for name, want := range map[string][2]bool{"A": {true, true}, "B": {false, true}, "C": {true, true}, "D": {false, false}, "E": {false, false}} {
		v, ok := HeaderBool(h, name)
		if v != want[0] || ok != want[1] {
			t.Errorf("%s: got %v, %v; want %v, %v", name, v, ok, want[0], want[1])
		}
	}
}

// TestSecondCodeMemberMatchesItsSentinel: a code read from its own member
// (error_type beside error_code) gives its sentinel beside the envelope
// code's, and a final one stops the retry.
func TestSecondCodeMemberMatchesItsSentinel(t *testing.T) {
	errInvalid, errQuota := NewCodeSentinel("invalid_request"), NewCodeSentinel("quota_exceeded")
	spec := testSpec()
	spec.ErrorEnvelope = ErrorEnvelopeSpec{Code: "/error/code", Message: "/error/message"}
	spec.ErrorCodes = []ErrorCode{
		{Code: "invalid_request", Sentinel: errInvalid, Pointer: "/error/type"},
		{Code: "quota_exceeded", Sentinel: errQuota, Final: true},
	}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(429)
		w.Write([]byte(`{"error":{"type":"invalid_request","code":"quota_exceeded","message":"m"}}`))
	})
	c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey))
	err := get(c, context.Background())
	if !errors.Is(err, errInvalid) || !errors.Is(err, errQuota) || !errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v; want both code sentinels and ErrRateLimited", err)
	}
	if srv.count() != 1 || !strings.Contains(err.Error(), "quota_exceeded is never retried") {
		t.Errorf("%d requests, err %v; want one, not retried", srv.count(), err)
	}
}

// TestRetryRulesDecideByBodyMethodAndWait: a rule on a body member stops
// a retry the status allows; a rule on a POST's 503 with Retry-After
// retries it without an idempotency key; a 503 without Retry-After is
// still not retried for a POST.
func TestRetryRulesDecideByBodyMethodAndWait(t *testing.T) {
	spec := testSpec()
	spec.RetryWhen = []RetryRule{
		{Pointer: "/error/details/error_code", Equals: "QUOTA_EXHAUSTED", Retry: false},
		{Status: 503, Method: "POST", RetryAfter: true, Retry: true},
	}
	post := func(c *Client) error {
		return c.Send(context.Background(), &Request{Operation: "createThing", Method: "POST", Path: "/thing", Security: c.spec.Security}, nil, nil)
	}
	t.Run("body stops", func(t *testing.T) {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			w.WriteHeader(503)
			w.Write([]byte(`{"error":{"details":{"error_code":"QUOTA_EXHAUSTED"}}}`))
		})
		c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey))
		err := get(c, context.Background())
		if srv.count() != 1 || !strings.Contains(err.Error(), `retry.when[0]: /error/details/error_code is "QUOTA_EXHAUSTED": never retried`) {
			t.Errorf("%d requests, err %v", srv.count(), err)
		}
	})
	t.Run("POST 503 with Retry-After", func(t *testing.T) {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n == 1 {
				w.Header().Set("Retry-After", "2")
				w.WriteHeader(503)
				return
			}
			w.WriteHeader(204)
		})
		c, clk := newTestClient(t, spec, srv.URL, WithKey(testKey))
		if err := post(c); err != nil || srv.count() != 2 {
			t.Fatalf("err %v after %d requests; want a retry", err, srv.count())
		}
		if srv.request(0).Header.Get("Idempotency-Key") != "" {
			t.Error("an idempotency key was added")
		}
		if s := clk.sleeps(); len(s) != 1 || s[0].Seconds() != 2 {
			t.Errorf("slept %v, want the 2s Retry-After asked", s)
		}
	})
	t.Run("POST 503 without Retry-After", func(t *testing.T) {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(503) })
		c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey))
		if err := post(c); err == nil || srv.count() != 1 {
			t.Fatalf("err %v after %d requests; want no retry", err, srv.count())
		}
	})
}

// TestRequestIDFromTheBody: without the header, the envelope's requestId
// pointer fills RequestID, redacted; the header wins when present.
func TestRequestIDFromTheBody(t *testing.T) {
	spec := testSpec()
	spec.RequestIDHeader = "X-Request-Id"
	spec.ErrorEnvelope = ErrorEnvelopeSpec{RequestID: "/request_id"}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 2 {
			w.Header().Set("X-Request-Id", "from-header")
		}
		w.WriteHeader(404)
		w.Write([]byte(`{"request_id":"abc-` + testKey + `"}`))
	})
	c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey))
	for _, want := range []string{"abc-[REDACTED]", "from-header"} {
		var apiErr *APIError
		if err := get(c, context.Background()); !errors.As(err, &apiErr) || apiErr.RequestID != want {
			t.Errorf("RequestID of %v = %q, want %q", err, apiErr.RequestID, want)
		}
	}
}
