package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/jobhive"
)

// The generated client's call against the same call written by hand: the
// overhead a user pays for the generated code, measured on a generated
// method (its request literal, its security, its result) rather than on
// the runtime alone.

const benchKey = "jh_live_0123456789abcdef01234567"

func benchServer(b *testing.B) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != "Bearer "+benchKey {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"success":true,"data":{"company_name":"Acme","plan":"growth"}}`))
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkGeneratedCall is jobhive's GetAccountProfile: bearer key,
// envelope unwrapped, typed result, the attempt's timeout.
func BenchmarkGeneratedCall(b *testing.B) { benchmarkGenerated(b) }

// BenchmarkGeneratedCallNoAttemptTimeout is the same call without the
// per-attempt timeout (WithAttemptTimeout(0)): what the client adds to a
// hand-written call that has no deadline either.
func BenchmarkGeneratedCallNoAttemptTimeout(b *testing.B) {
	benchmarkGenerated(b, jobhive.WithAttemptTimeout(0))
}

func benchmarkGenerated(b *testing.B, opts ...jobhive.Option) {
	srv := benchServer(b)
	c, err := jobhive.New(append([]jobhive.Option{jobhive.WithBaseURL(srv.URL), jobhive.WithAPIKey(benchKey)}, opts...)...)
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		p, err := c.GetAccountProfile(ctx)
		if err != nil || p.CompanyName != "Acme" {
			b.Fatal(p, err)
		}
	}
}

// BenchmarkHandWrittenCall is the same call written with net/http and
// encoding/json, sending the same headers; timeout is a per-request
// deadline as the generated client has per attempt (0: none).
func BenchmarkHandWrittenCall(b *testing.B) { benchmarkHandWritten(b, 0) }

func BenchmarkHandWrittenCallWithTimeout(b *testing.B) {
	benchmarkHandWritten(b, jobhive.DefaultAttemptTimeout)
}

func benchmarkHandWritten(b *testing.B, timeout time.Duration) {
	srv := benchServer(b)
	hc := &http.Client{}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		p, err := handWrittenGetAccountProfile(ctx, hc, srv.URL, timeout)
		if err != nil || p.CompanyName != "Acme" {
			b.Fatal(p, err)
		}
	}
}

func handWrittenGetAccountProfile(ctx context.Context, hc *http.Client, base string, timeout time.Duration) (*jobhive.AccountProfile, error) {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/account/profile", nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Authorization", "Bearer "+benchKey)
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "jobhive-go (hand-written)")
	resp, err := hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("getAccountProfile: %s", resp.Status)
	}
	var env struct {
		Success bool                   `json:"success"`
		Data    jobhive.AccountProfile `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&env); err != nil {
		return nil, err
	}
	return &env.Data, nil
}
