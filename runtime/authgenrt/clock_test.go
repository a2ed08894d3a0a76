package authgenrt

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// virtualClock is a clock as a caller writes one: a fixed lead over real
// time that every Sleep lengthens, as the fake provider package keeps it.
type virtualClock struct {
	mu    sync.Mutex
	lead  time.Duration
	slept []time.Duration
}

func (v *virtualClock) Now() time.Time {
	v.mu.Lock()
	defer v.mu.Unlock()
	return time.Now().Add(v.lead)
}

func (v *virtualClock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	v.mu.Lock()
	defer v.mu.Unlock()
	v.lead += d
	v.slept = append(v.slept, d)
	return nil
}

func (v *virtualClock) sleeps() []time.Duration {
	v.mu.Lock()
	defer v.mu.Unlock()
	return append([]time.Duration(nil), v.slept...)
}

// rateLimitedOnce answers the first request with a 429 asking for wait.
func rateLimitedOnce(t *testing.T, wait string) *server {
	return newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", wait)
			w.WriteHeader(http.StatusTooManyRequests)
			return
		}
		w.Write([]byte(`{}`))
	})
}

func TestWithClockWaitsOnTheCallersClock(t *testing.T) {
	srv := rateLimitedOnce(t, "30")
	clk := &virtualClock{}
	c, err := NewClient(testSpec(), nil, []Option{WithBaseURL(srv.URL), WithKey(testKey), WithClock(clk.Now, clk.Sleep)})
	if err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	go func() { done <- get(c, context.Background()) }()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the call is still waiting on the real clock for a 30 s Retry-After")
	}
	if got := clk.sleeps(); len(got) != 1 || got[0] != 30*time.Second || srv.count() != 2 {
		t.Errorf("slept %v over %d requests; want one 30s wait on the given clock and 2 requests", got, srv.count())
	}
}

// A clock that runs ahead of real time (a fake's, after earlier waits)
// must not make a context's real deadline look spent: with 10 s left, a
// 5 s wait is taken and a 30 s one is not, however far ahead the clock is.
func TestAClockAheadOfRealTimeKeepsTheContextsDeadline(t *testing.T) {
	for _, tc := range []struct {
		wait     string
		requests int
	}{{"5", 2}, {"30", 1}} {
		srv := rateLimitedOnce(t, tc.wait)
		clk := &virtualClock{lead: 3 * time.Hour}
		c, err := NewClient(testSpec(), nil, []Option{WithBaseURL(srv.URL), WithKey(testKey), WithClock(clk.Now, clk.Sleep)})
		if err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		err = get(c, ctx)
		cancel()
		if got := srv.count(); got != tc.requests {
			t.Errorf("Retry-After %s with 10s left: %d requests (err %v); want %d", tc.wait, got, err, tc.requests)
		}
	}
}

func TestWithClockSleepEndsWithTheContext(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "1")
		w.WriteHeader(http.StatusTooManyRequests)
	})
	ctx, cancel := context.WithCancel(context.Background())
	clk := &virtualClock{}
	c, err := NewClient(testSpec(), nil, []Option{WithBaseURL(srv.URL), WithKey(testKey), WithClock(clk.Now, clk.Sleep),
		WithOnRetry(func(RetryEvent) { cancel() })})
	if err != nil {
		t.Fatal(err)
	}
	err = get(c, ctx)
	if !errors.Is(err, context.Canceled) || srv.count() != 1 {
		t.Errorf("err = %v after %d requests; want context.Canceled after 1", err, srv.count())
	}
}

func TestWithClockRefusesNil(t *testing.T) {
	if _, err := NewClient(testSpec(), nil, []Option{WithKey(testKey), WithClock(nil, nil)}); err == nil || !strings.Contains(err.Error(), "WithClock") {
		t.Errorf("err = %v; want WithClock's nil functions refused", err)
	}
}
