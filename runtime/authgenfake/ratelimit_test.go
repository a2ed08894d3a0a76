package authgenfake

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
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
		authgenrt.FormatRFC3339:      "2026-01-02T03:04:05Z",
		authgenrt.FormatRateLimit:    `"default";r=0;t=2`,
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

// TestRateLimitScenarioNeverFlakes is issue 27's acceptance 3: with
// RateLimit(1, time.Minute), a client that waits what the fake announces,
// in each format the fake writes, finds the window over on its first
// retry, 200 times in a row. The fake's time moves on by an odd fraction
// of a millisecond at every reading, as real time does between requests,
// so a wait truncated to a whole unit lands inside the window.
func TestRateLimitScenarioNeverFlakes(t *testing.T) {
	var delays []authgenrt.HeaderSpec
	for _, format := range waitFormats {
		delays = append(delays, authgenrt.HeaderSpec{Name: "X-Wait", Format: format})
	}
	// A wait the vendor gives in the error body ({"retry_after": 60}).
	delays = append(delays, authgenrt.HeaderSpec{Pointer: "/retry_after", Format: authgenrt.FormatSeconds},
		authgenrt.HeaderSpec{Pointer: "/retry_after_ms", Format: authgenrt.FormatMilliseconds})
	for _, delay := range delays {
		format := delay.Format
		spec := testSpec()
		spec.DelayHeaders = []authgenrt.HeaderSpec{delay}
		s := NewServer(t, spec)
		Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return map[string]bool{"ok": true}, nil })
		now, tick := time.Unix(1_700_000_000, 123_456_789), time.Duration(0)
		s.SetClock(func() time.Time { now = now.Add(tick); return now })
		var retries int
		client := scenarioClient(t, s, spec.DelayHeaders, &retries)
		for run := range 200 {
			tick = time.Duration(1+run*7919%997) * time.Microsecond
			s.RateLimit(1, time.Minute)
			retries = 0
			for call := range 2 {
				if err := client.Do(context.Background(), "GET", "/ping", nil, nil); err != nil {
					t.Fatalf("format %d %s, run %d, call %d: %v", format, delay.Pointer, run+1, call+1, err)
				}
			}
			if retries != 1 {
				t.Fatalf("format %d %s, run %d: %d retries, want the one after the announced wait", format, delay.Pointer, run+1, retries)
			}
		}
	}
}

// scenarioClient is a client of the runtime on the fake's clock that reads
// the fake's delay headers and counts its retries.
func scenarioClient(t *testing.T, s *Server, delays []authgenrt.HeaderSpec, retries *int) *authgenrt.Client {
	t.Helper()
	spec := &authgenrt.ProviderSpec{
		Name:         "fake",
		Environments: []authgenrt.EnvironmentSpec{{Name: "fake", BaseURL: s.URL()}},
		DelayHeaders: delays,
		// A wait rounded up to the next whole second may pass the
		// default MaxWait of one minute.
		Retry: authgenrt.RetryPolicy{MaxRetries: 3, MaxWait: 2 * time.Minute},
	}
	clock := s.Clock()
	opts := []authgenrt.Option{
		authgenrt.WithClock(clock.Now, clock.Sleep),
		authgenrt.WithOnRetry(func(authgenrt.RetryEvent) { *retries++ }),
	}
	c, err := authgenrt.NewClient(spec, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestAnnouncedWaitsAreNeverShort: read back in its own format, every wait
// and instant the fake writes is at least the one it enforces, for waits
// and instants with every kind of fraction.
func TestAnnouncedWaitsAreNeverShort(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	for _, wait := range []time.Duration{1, 999 * time.Microsecond, time.Millisecond + 1, 1500 * time.Millisecond,
		59998*time.Millisecond + 600*time.Microsecond, time.Minute - 1, time.Minute} {
		start := now.Add(time.Duration(wait%7) * 137 * time.Microsecond)
		at := start.Add(wait)
		for _, format := range waitFormats {
			value := formatTime(format, wait, at)
			if got := readWait(t, format, value, start); got < wait {
				t.Errorf("format %d: a wait of %v is announced as %q, %v", format, wait, value, got)
			}
		}
	}
}

// waitFormats are the formats in which the fake announces a wait or the
// instant a window ends: every one the client reads.
var waitFormats = []authgenrt.HeaderFormat{authgenrt.FormatSeconds, authgenrt.FormatMilliseconds,
	authgenrt.FormatUnixEpoch, authgenrt.FormatHTTPDate, authgenrt.FormatDuration,
	authgenrt.FormatRFC3339, authgenrt.FormatRateLimit}

// readWait reads value as a client does, a wait from now.
func readWait(t *testing.T, format authgenrt.HeaderFormat, value string, now time.Time) time.Duration {
	t.Helper()
	var got time.Duration
	var err error
	switch format {
	case authgenrt.FormatSeconds, authgenrt.FormatMilliseconds, authgenrt.FormatUnixEpoch:
		var n int64
		n, err = strconv.ParseInt(value, 10, 64)
		got = map[authgenrt.HeaderFormat]time.Duration{authgenrt.FormatSeconds: time.Duration(n) * time.Second,
			authgenrt.FormatMilliseconds: time.Duration(n) * time.Millisecond,
			authgenrt.FormatUnixEpoch:    time.Unix(n, 0).Sub(now)}[format]
	case authgenrt.FormatHTTPDate:
		var at time.Time
		at, err = http.ParseTime(value)
		got = at.Sub(now)
	case authgenrt.FormatDuration:
		got, err = time.ParseDuration(value)
	case authgenrt.FormatRFC3339:
		var at time.Time
		at, err = time.Parse(time.RFC3339Nano, value)
		got = at.Sub(now)
	case authgenrt.FormatRateLimit:
		var r, seconds int64
		_, err = fmt.Sscanf(value, `"default";r=%d;t=%d`, &r, &seconds)
		if err == nil && r != 0 {
			err = fmt.Errorf("a delay with r=%d: the client reads no wait from a policy with quota left", r)
		}
		got = time.Duration(seconds) * time.Second
	default:
		err = fmt.Errorf("the test does not read this format")
	}
	if err != nil {
		t.Fatalf("format %d: %q: %v", format, value, err)
	}
	return got
}

// TestRateLimitFieldCarriesTheRemainingQuota: a reset header in the IETF
// RateLimit format says what is left (r) and the whole seconds until the
// window ends (t); a field of r=0 on an answer that still has quota would
// read to the client as a limit reached. Past the limit, its delay
// header in that format says r=0.
func TestRateLimitFieldCarriesTheRemainingQuota(t *testing.T) {
	spec := testSpec()
	spec.RateLimit = authgenrt.RateLimitSpec{Remaining: "RateLimit", Reset: authgenrt.HeaderSpec{Name: "RateLimit", Format: authgenrt.FormatRateLimit}}
	spec.DelayHeaders = []authgenrt.HeaderSpec{{Name: "RateLimit", Format: authgenrt.FormatRateLimit}}
	s := NewServer(t, spec)
	start := time.Unix(1_700_000_000, 250_000_000)
	s.SetClock(func() time.Time { return start })
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return map[string]bool{}, nil })
	s.RateLimit(2, time.Minute)
	for i, want := range []string{`"default";r=1;t=60`, `"default";r=0;t=60`, `"default";r=0;t=60`} {
		if got := do(t, s, call{path: "/ping"}).header.Get("RateLimit"); got != want {
			t.Errorf("answer %d: RateLimit %q, want %q", i+1, got, want)
		}
	}
}

// TestRateLimitedBodyCarriesTheWait: a wait the spec reads from the error
// body is in the 429's envelope at its pointer, as a number, beside the
// code; no header is sent for it.
func TestRateLimitedBodyCarriesTheWait(t *testing.T) {
	spec := testSpec()
	spec.DelayHeaders = []authgenrt.HeaderSpec{{Pointer: "/error/retry_after", Format: authgenrt.FormatSeconds}}
	s := NewServer(t, spec)
	s.SetClock(func() time.Time { return time.Unix(1_700_000_000, 1) })
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return map[string]bool{}, nil })
	s.RateLimit(1, time.Minute)
	do(t, s, call{path: "/ping"})
	got := do(t, s, call{path: "/ping"})
	want := `{"error":{"code":"rate_limited","message":"rate limited by the fake","retry_after":60}}` + "\n"
	if got.status != 429 || got.body != want {
		t.Errorf("got %d %s, want 429 %s", got.status, got.body, want)
	}
	if _, ok := got.header[""]; ok {
		t.Error("a header with no name was sent for the body's wait")
	}
}
