package authgenfake

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// TestRateLimitOnTheFakesClock: past the limit, 429 with the vendor's code
// and delay header, and the rate-limit headers on every answer; a wait on
// the fake's Clock ends the window at once.
func TestRateLimitOnTheFakesClock(t *testing.T) {
	s := NewServer(t, testSpec())
	start := time.Unix(1_700_000_000, 0)
	s.SetClock(func() time.Time { return start })
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return map[string]bool{}, nil })
	s.RateLimit(2, time.Minute)
	for i, want := range []string{"1", "0"} {
		got := do(t, s, call{path: "/ping"})
		if got.status != 200 || got.header.Get("X-RateLimit-Remaining") != want || got.header.Get("X-RateLimit-Limit") != "2" {
			t.Errorf("call %d: %d remaining %q", i+1, got.status, got.header.Get("X-RateLimit-Remaining"))
		}
	}
	got := do(t, s, call{path: "/ping"})
	if got.status != 429 || errorCode(t, got.body) != "rate_limited" || got.header.Get("Retry-After") != "60" {
		t.Errorf("over the limit: %d %s Retry-After %q", got.status, got.body, got.header.Get("Retry-After"))
	}
	if reset := got.header.Get("X-RateLimit-Reset"); reset != "1700000060" {
		t.Errorf("reset %q, want the window's end", reset)
	}
	if err := s.Clock().Sleep(context.Background(), time.Minute); err != nil {
		t.Fatal(err)
	}
	if !s.Clock().Now().Equal(start.Add(time.Minute)) {
		t.Errorf("the fake's time is %v, want a minute on", s.Clock().Now())
	}
	if got := do(t, s, call{path: "/ping"}); got.status != 200 {
		t.Errorf("after the window: %d", got.status)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if s.Clock().Sleep(ctx, time.Hour) == nil {
		t.Error("Sleep on a done context succeeded")
	}
}

// TestRateLimitHeaderFormats: every format a delay or reset header comes
// in; waits in whole seconds round up, so a client that waits what it is
// told finds the window over.
func TestRateLimitHeaderFormats(t *testing.T) {
	at := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	wait := 1500 * time.Millisecond
	for format, want := range map[authgenrt.HeaderFormat]string{
		authgenrt.FormatSeconds:      "2",
		authgenrt.FormatMilliseconds: "1500",
		authgenrt.FormatUnixEpoch:    "1767323045",
		authgenrt.FormatHTTPDate:     at.Format(http.TimeFormat),
		authgenrt.FormatDuration:     "1.5s",
	} {
		if got := formatTime(format, wait, at); got != want {
			t.Errorf("format %d: %q, want %q", format, got, want)
		}
	}
}

// TestRateLimitBucket: Shopify's used/limit bucket header.
func TestRateLimitBucket(t *testing.T) {
	spec := testSpec()
	spec.RateLimit = authgenrt.RateLimitSpec{Bucket: "X-Call-Limit"}
	spec.DelayHeaders = nil
	s := NewServer(t, spec)
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return map[string]bool{}, nil })
	s.RateLimit(2, time.Minute)
	if got := do(t, s, call{path: "/ping"}); got.header.Get("X-Call-Limit") != "1/2" {
		t.Errorf("bucket %q", got.header.Get("X-Call-Limit"))
	}
	do(t, s, call{path: "/ping"})
	if got := do(t, s, call{path: "/ping"}); got.status != 429 || got.header.Get("Retry-After") == "" {
		t.Errorf("without delay headers: %d, Retry-After %q", got.status, got.header.Get("Retry-After"))
	}
}
