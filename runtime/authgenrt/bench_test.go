package authgenrt

import (
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

// BenchmarkCall is one typed call end to end against a loopback server:
// the client's overhead on top of net/http and encoding/json.
func BenchmarkCall(b *testing.B) {
	srv := newServer(&testing.T{}, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"success":true,"data":{"company_name":"Acme","plan":"Pro"}}`))
	})
	defer srv.Close()
	spec := testSpec()
	spec.SuccessData = "/data"
	c, err := NewClient(spec, nil, []Option{WithBaseURL(srv.URL), WithKey(testKey)})
	if err != nil {
		b.Fatal(err)
	}
	var out struct {
		CompanyName string `json:"company_name"`
		Plan        string `json:"plan"`
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := c.Send(ctx, &Request{Operation: "op", Method: "GET", Path: "/x", Security: spec.Security, ExpectBody: true}, &out, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkErrorEnvelope is the work of turning an error body into an
// *APIError's code, message and details.
func BenchmarkErrorEnvelope(b *testing.B) {
	body := []byte(`{"success":false,"error":{"code":"INVALID_API_KEY","message":"API key is invalid","details":{"header_missing":"Authorization"}}}`)
	env := ErrorEnvelopeSpec{Code: "/error/code", Message: "/error/message", Details: "/error/details"}
	b.ReportAllocs()
	for b.Loop() {
		e := &APIError{StatusCode: 401, Body: body}
		e.fillFromBody(env, "application/json")
	}
}

// BenchmarkServerDelay reads the delay headers of a 429.
func BenchmarkServerDelay(b *testing.B) {
	spec := &ProviderSpec{DelayHeaders: []HeaderSpec{{Name: "X-RateLimit-Retry-After", Format: FormatSeconds}, {Name: "X-RateLimit-Reset", Format: FormatUnixEpoch}}}
	h := http.Header{"X-Ratelimit-Reset": {"1800000060"}, "Retry-After": {"30"}}
	now := time.Unix(1_800_000_000, 0)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, ok := spec.serverDelay(h, nil, now); !ok {
			b.Fatal("no delay")
		}
	}
}

// BenchmarkBaselineNetHTTP is BenchmarkCall written by hand with net/http
// and encoding/json, for comparison: the difference is the client's cost.
// It sends what the client sends (the key and Accept: application/json),
// so that the server's work is the same in both.
func BenchmarkBaselineNetHTTP(b *testing.B) { benchmarkBaseline(b, 0) }

// BenchmarkBaselineNetHTTPWithTimeout is the hand-written call with what
// the client also does: a deadline on each attempt (context.WithTimeout).
func BenchmarkBaselineNetHTTPWithTimeout(b *testing.B) { benchmarkBaseline(b, DefaultAttemptTimeout) }

func benchmarkBaseline(b *testing.B, timeout time.Duration) {
	srv := newServer(&testing.T{}, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"success":true,"data":{"company_name":"Acme","plan":"Pro"}}`))
	})
	defer srv.Close()
	var out struct {
		Data struct {
			CompanyName string `json:"company_name"`
			Plan        string `json:"plan"`
		} `json:"data"`
	}
	hc := &http.Client{}
	b.ReportAllocs()
	for b.Loop() {
		ctx, cancel := context.Background(), context.CancelFunc(func() {})
		if timeout > 0 {
			ctx, cancel = context.WithTimeout(ctx, timeout)
		}
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+"/x", nil)
		req.Header.Set("X-Api-Key", testKey)
		req.Header.Set("Accept", "application/json")
		resp, err := hc.Do(req)
		if err != nil {
			b.Fatal(err)
		}
		if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
			b.Fatal(err)
		}
		resp.Body.Close()
		cancel()
	}
}
