package authgenrt

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"testing"
	"time"
)

// faultServer answers each request with a fault drawn from a seeded source,
// so a failing run can be replayed. It counts requests per call (the
// X-Call header) to check the retry budget.
type faultServer struct {
	srv   *server
	mu    sync.Mutex
	rng   *rand.Rand
	calls map[string]int
	// resets counts, per call, the connections the server hung up on.
	// net/http resends an idempotent request once by itself when a reused
	// connection dies before any response, below the client's retry loop,
	// so each reset may add one wire request that is not an attempt.
	resets map[string]int
	clock  func() time.Time
}

var faults = []string{
	"429-retry-after", "429-retry-after-ms", "429-vendor-seconds", "429-reset-epoch", "429-http-date",
	"429-garbage", "429-huge", "503", "503-retry-after", "502", "reset", "slow", "truncated", "ok",
}

func newFaultServer(t *testing.T, seed uint64, now func() time.Time) *faultServer {
	fs := &faultServer{rng: rand.New(rand.NewPCG(seed, seed)), calls: map[string]int{}, resets: map[string]int{}, clock: now}
	fs.srv = newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		fs.mu.Lock()
		fs.calls[r.Header.Get("X-Call")]++
		fault := faults[fs.rng.IntN(len(faults))]
		wait := fs.rng.IntN(3)
		if fault == "reset" {
			fs.resets[r.Header.Get("X-Call")]++
		}
		fs.mu.Unlock()
		h := w.Header()
		switch fault {
		case "429-retry-after":
			h.Set("Retry-After", strconv.Itoa(wait))
		case "429-retry-after-ms":
			h.Set("Retry-After-Ms", strconv.Itoa(wait*100))
		case "429-vendor-seconds":
			h.Set("X-RateLimit-Retry-After", strconv.Itoa(wait))
		case "429-reset-epoch":
			h.Set("X-RateLimit-Reset", strconv.FormatInt(fs.clock().Add(time.Duration(wait)*time.Second).Unix(), 10))
		case "429-http-date":
			h.Set("Retry-After", fs.clock().Add(time.Duration(wait)*time.Second).UTC().Format(http.TimeFormat))
		case "429-garbage":
			h.Set("Retry-After", "-1e9")
			h.Set("X-RateLimit-Reset", "NaN")
		case "429-huge":
			h.Set("Retry-After", "86400")
		case "503-retry-after":
			h.Set("Retry-After", "1")
		case "reset":
			hangUp(w)
			return
		case "slow":
			time.Sleep(30 * time.Millisecond)
		case "truncated":
			h.Set("Content-Length", "100")
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{"trunc`))
			hangUp(w)
			return
		case "ok":
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{"ok":true}`))
			return
		}
		switch fault[:3] {
		case "429":
			w.WriteHeader(429)
		case "503":
			w.WriteHeader(503)
		case "502":
			w.WriteHeader(502)
		default:
			w.WriteHeader(200)
			_, _ = w.Write([]byte(`{"ok":true}`))
		}
	})
	return fs
}

func faultSpec() *ProviderSpec {
	spec := testSpec()
	spec.DelayHeaders = []HeaderSpec{
		{Name: "X-RateLimit-Retry-After", Format: FormatSeconds},
		{Name: "X-RateLimit-Reset", Format: FormatUnixEpoch},
	}
	return spec
}

// TestFaultStorm runs 300 calls against the fault server with the fake
// clock: every call ends, within its retry budget and its context, and a
// failure reports the last attempt.
func TestFaultStorm(t *testing.T) {
	clk := newFakeClock()
	fs := newFaultServer(t, 42, clk.Now)
	const maxRetries = 4
	c, _ := newTestClient(t, faultSpec(), fs.srv.URL, WithKey(testKey), withClock(clk),
		WithRetryPolicy(RetryPolicy{MaxRetries: maxRetries, BaseDelay: 10 * time.Millisecond, MaxDelay: 200 * time.Millisecond, MaxWait: 5 * time.Second}))
	overall, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	outcomes := map[string]int{}
	for i := 0; i < 300 && overall.Err() == nil; i++ {
		call := fmt.Sprintf("call-%d", i)
		budget := time.Duration(1+i%4) * time.Second // in fake time
		ctx, cancelCall := context.WithDeadline(overall, time.Now().Add(budget))
		clk.mu.Lock()
		clk.now, clk.slept = time.Now(), nil
		clk.mu.Unlock()
		method := []string{"GET", "POST", "PUT"}[i%3]
		var out map[string]any
		err := c.Send(ctx, &Request{Operation: "storm", Method: method, Path: "/x", Security: c.spec.Security, ExpectBody: true}, &out, []RequestOption{WithHeader("X-Call", call)})
		cancelCall()

		fs.mu.Lock()
		sent, resets := fs.calls[call], fs.resets[call]
		fs.mu.Unlock()
		if sent-resets > maxRetries+1 {
			t.Errorf("%s: %d requests (%d after resets), more than 1+MaxRetries", call, sent, resets)
		}
		var slept time.Duration
		for _, d := range clk.sleeps() {
			slept += d
		}
		if slept > budget {
			t.Errorf("%s: slept %v in fake time, past its %v context", call, slept, budget)
		}
		var apiErr *APIError
		var decErr *DecodeError
		switch {
		case err == nil:
			outcomes["ok"]++
		case errors.As(err, &apiErr):
			outcomes[strconv.Itoa(apiErr.StatusCode)]++
			if apiErr.Attempts > maxRetries+1 || apiErr.Attempts < sent-resets {
				t.Errorf("%s: the error is from attempt %d; %d requests were sent (%d resets); want the last", call, apiErr.Attempts, sent, resets)
			}
		case errors.As(err, &decErr):
			outcomes["decode"]++
		default:
			outcomes["transport"]++
		}
	}
	if overall.Err() != nil {
		t.Fatal("the storm did not finish in time")
	}
	t.Logf("outcomes: %v", outcomes)
	if outcomes["ok"] == 0 || outcomes["429"] == 0 || outcomes["transport"] == 0 {
		t.Errorf("the storm did not exercise success, 429 and transport failures: %v", outcomes)
	}
}

// TestFaultStormRealTime replays a short storm with the real clock and
// tight contexts: no call outlives its context by more than a scheduling
// slack, whatever the server asks for.
func TestFaultStormRealTime(t *testing.T) {
	fs := newFaultServer(t, 7, time.Now)
	c, err := NewClient(faultSpec(), nil, []Option{WithBaseURL(fs.srv.URL), WithKey(testKey),
		WithRetryPolicy(RetryPolicy{MaxRetries: 3, BaseDelay: time.Millisecond, MaxDelay: 20 * time.Millisecond, MaxWait: 100 * time.Millisecond})})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 40; i++ {
		timeout := 150 * time.Millisecond
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		start := time.Now()
		var out map[string]any
		_ = c.Send(ctx, &Request{Operation: "storm", Method: "GET", Path: "/x", Security: c.spec.Security, ExpectBody: true}, &out, nil)
		cancel()
		if elapsed := time.Since(start); elapsed > timeout+500*time.Millisecond {
			t.Errorf("call %d took %v with a %v context", i, elapsed, timeout)
		}
	}
}
