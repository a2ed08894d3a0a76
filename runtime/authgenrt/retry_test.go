package authgenrt

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"log/slog"
	"net"
	"net/http"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestParseDelay(t *testing.T) {
	now := time.Date(2026, 11, 23, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		value  string
		format HeaderFormat
		want   time.Duration
		ok     bool
	}{
		{"120", FormatSeconds, 120 * time.Second, true},
		{"1.5", FormatSeconds, 1500 * time.Millisecond, true}, // fractional seconds
		{"2.0", FormatSeconds, 2 * time.Second, true},         // Shopify's Retry-After
		{"1.", FormatSeconds, 0, false},
		{".5", FormatSeconds, 0, false},
		{"1500.5", FormatMilliseconds, 1500500 * time.Microsecond, true},
		{strconv.FormatInt(now.Unix()+10, 10) + ".5", FormatUnixEpoch, 10500 * time.Millisecond, true}, // fractional epoch
		{"0", FormatSeconds, 0, true},
		{"1500", FormatMilliseconds, 1500 * time.Millisecond, true},
		{strconv.FormatInt(now.Add(42*time.Second).Unix(), 10), FormatUnixEpoch, 42 * time.Second, true},
		{strconv.FormatInt(now.Add(-time.Hour).Unix(), 10), FormatUnixEpoch, 0, true}, // already past: go now
		{now.Add(90 * time.Second).Format(http.TimeFormat), FormatHTTPDate, 90 * time.Second, true},
		{"30", formatAuto, 30 * time.Second, true},
		{now.Add(5 * time.Second).Format(http.TimeFormat), formatAuto, 5 * time.Second, true},
		{"-5", FormatSeconds, 0, false},
		{"+5", FormatSeconds, 0, false},
		{"1e3", FormatSeconds, 0, false},
		{"NaN", FormatSeconds, 0, false},
		{"0x10", FormatSeconds, 0, false},
		{"soon", FormatSeconds, 0, false},
		{"", FormatSeconds, 0, false},
		{"99999999999", FormatSeconds, 0, false},     // years: garbage, not a plan
		{"1700000000000", FormatUnixEpoch, 0, false}, // milliseconds sent as seconds
		// A monthly quota reset is a real wait, longer than any MaxWait: it is
		// returned in RetryAfter, not mistaken for garbage (issue 10: "a wait
		// longer than 7 days").
		{strconv.FormatInt(now.Add(30*24*time.Hour).Unix(), 10), FormatUnixEpoch, 30 * 24 * time.Hour, true},
		{"2592000", FormatSeconds, 30 * 24 * time.Hour, true},
		{"Tuesday", FormatHTTPDate, 0, false},
		// OpenAI's x-ratelimit-reset-requests and -tokens.
		{"1s", FormatDuration, time.Second, true},
		{"6m0s", FormatDuration, 6 * time.Minute, true},
		{"20ms", FormatDuration, 20 * time.Millisecond, true},
		{"1h2m3.5s", FormatDuration, time.Hour + 2*time.Minute + 3500*time.Millisecond, true},
		{"-1s", FormatDuration, 0, false},
		{"5", FormatDuration, 0, false},
		{"10000h", FormatDuration, 0, false},
	} {
		got, ok := parseDelay(tc.value, tc.format, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseDelay(%q, %d) = %v, %v; want %v, %v", tc.value, tc.format, got, ok, tc.want, tc.ok)
		}
	}
}

func TestServerDelayFollowsTheSpecsOrder(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	spec := &ProviderSpec{DelayHeaders: []HeaderSpec{
		{Name: "X-RateLimit-Retry-After", Format: FormatSeconds},
		{Name: "X-RateLimit-Reset", Format: FormatUnixEpoch},
	}}
	for _, tc := range []struct {
		name   string
		header http.Header
		want   time.Duration
		source string
	}{
		{"preferred first", http.Header{"X-Ratelimit-Retry-After": {"7"}, "X-Ratelimit-Reset": {"1700000060"}, "Retry-After": {"99"}}, 7 * time.Second, "X-RateLimit-Retry-After"},
		{"second when first is garbage", http.Header{"X-Ratelimit-Retry-After": {"-1"}, "X-Ratelimit-Reset": {"1700000060"}}, 60 * time.Second, "X-RateLimit-Reset"},
		{"Retry-After after the spec's", http.Header{"Retry-After": {"3"}, "Retry-After-Ms": {"10"}}, 3 * time.Second, "Retry-After"},
		{"retry-after-ms last", http.Header{"Retry-After-Ms": {"250"}}, 250 * time.Millisecond, "Retry-After-Ms"},
	} {
		got, source, ok := spec.serverDelay(tc.header, nil, now)
		if !ok || got != tc.want || source != tc.source {
			t.Errorf("%s: got %v from %q (ok %v), want %v from %q", tc.name, got, source, ok, tc.want, tc.source)
		}
	}
	if _, _, ok := spec.serverDelay(http.Header{"Retry-After": {"later"}}, nil, now); ok {
		t.Error("a garbage Retry-After gave a delay")
	}
}

func TestBackoffIsExponentialWithFullJitterCappedAtMaxDelay(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(503) })
	c, clk := newTestClient(t, testSpec(), srv.URL, WithKey(testKey),
		WithRetryPolicy(RetryPolicy{MaxRetries: 6, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}))
	clk.fraction = 1
	err := get(c, context.Background())
	if !errors.Is(err, ErrServer) {
		t.Fatalf("err = %v", err)
	}
	ms := time.Millisecond
	want := []time.Duration{100 * ms, 200 * ms, 400 * ms, 800 * ms, 1000 * ms, 1000 * ms}
	if got := clk.ceilings; !reflect.DeepEqual(want, got) {
		t.Errorf("jitter ceilings: got %v, want %v", got, want)
	}
	if got := clk.sleeps(); !reflect.DeepEqual(want, got) {
		t.Errorf("waits: got %v, want %v", got, want)
	}
	if srv.count() != 7 {
		t.Errorf("requests = %d, want 7", srv.count())
	}
}

func TestRetryWaitsWhatTheHeaderSays(t *testing.T) {
	spec := testSpec()
	spec.DelayHeaders = []HeaderSpec{{Name: "X-RateLimit-Reset", Format: FormatUnixEpoch}}
	var clk *fakeClock
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("X-RateLimit-Reset", strconv.FormatInt(clk.Now().Add(12*time.Second).Unix(), 10))
			w.WriteHeader(429)
			return
		}
		w.WriteHeader(204)
	})
	c, clk := newTestClient(t, spec, srv.URL, WithKey(testKey))
	clk.now = time.Unix(1_800_000_000, 0)
	var resp Response
	if err := get(c, context.Background(), WithResponseInto(&resp)); err != nil {
		t.Fatal(err)
	}
	if got := clk.sleeps(); !reflect.DeepEqual([]time.Duration{12 * time.Second}, got) {
		t.Errorf("waits: got %v, want %v", got, []time.Duration{12 * time.Second})
	}
	if resp.Attempts != 2 || resp.StatusCode != 204 {
		t.Errorf("response: %d attempts, status %d", resp.Attempts, resp.StatusCode)
	}
}

func TestWaitLongerThanMaxWaitIsNotSlept(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "120")
		w.WriteHeader(429)
	})
	c, clk := newTestClient(t, testSpec(), srv.URL, WithKey(testKey), WithRetryPolicy(RetryPolicy{MaxRetries: 3, MaxWait: time.Minute}))
	err := get(c, context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, ErrRateLimited) {
		t.Fatalf("err = %v, want a 429 *APIError", err)
	}
	if apiErr.RetryAfter != 120*time.Second {
		t.Errorf("RetryAfter = %v, want 2m", apiErr.RetryAfter)
	}
	if len(clk.sleeps()) != 0 || srv.count() != 1 {
		t.Errorf("slept %v over %d requests; want no wait and 1 request", clk.sleeps(), srv.count())
	}
}

// TestWaitOfAMonthIsReturnedNotRetried is issue 10's "a wait longer than 7
// days": a monthly quota reset used to be taken for garbage, and the client
// retried at once with backoff. Now the wait comes back in RetryAfter, with
// no retry and no sleep.
func TestWaitOfAMonthIsReturnedNotRetried(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "2592000") // 30 days
		w.WriteHeader(429)
	})
	c, clk := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
	err := get(c, context.Background())
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.RetryAfter != 30*24*time.Hour {
		t.Fatalf("err = %v; want a 429 *APIError with RetryAfter 720h", err)
	}
	if len(clk.sleeps()) != 0 || srv.count() != 1 {
		t.Errorf("slept %v over %d requests; want no wait and 1 request", clk.sleeps(), srv.count())
	}
}

func TestWaitBeyondTheDeadlineIsNotSlept(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(429)
	})
	c, clk := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err := get(c, ctx)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.RetryAfter != 30*time.Second {
		t.Fatalf("err = %v, want the *APIError with RetryAfter 30s", err)
	}
	if len(clk.sleeps()) != 0 || srv.count() != 1 {
		t.Errorf("slept %v; want to return at once", clk.sleeps())
	}
}

func TestCancelEndsAWaitAtOnce(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(429)
	})
	// The fake clock's Sleep blocks until the context is done, with no
	// timer at all: only the cancellation can end the 30 s wait. The
	// cancellation comes from the retry hook, just before the wait starts.
	ctx, cancel := context.WithCancel(context.Background())
	clk := newFakeClock()
	clk.blockUntilDone = true
	c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey), withClock(clk), WithOnRetry(func(RetryEvent) { cancel() }))
	err := get(c, ctx)
	var apiErr *APIError
	if !errors.Is(err, context.Canceled) || !errors.As(err, &apiErr) || apiErr.StatusCode != 429 {
		t.Errorf("err = %v; want context.Canceled with the last *APIError", err)
	}
	if srv.count() != 1 || len(clk.sleeps()) != 0 {
		t.Errorf("%d requests, completed waits %v; want 1 and none", srv.count(), clk.sleeps())
	}
}

func TestMethodRules(t *testing.T) {
	for _, tc := range []struct {
		method, idemKey string
		status          int
		wantRequests    int
	}{
		{"GET", "", 429, 3},
		{"POST", "", 429, 3},
		{"PATCH", "", 429, 3},
		{"GET", "", 503, 3},
		{"PUT", "", 502, 3},
		{"DELETE", "", 504, 3},
		{"POST", "", 503, 1},
		{"PATCH", "", 502, 1},
		{"POST", "k-1", 503, 3},
		{"GET", "", 500, 1},
		{"GET", "", 400, 1},
	} {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(tc.status) })
		c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey), WithMaxRetries(2))
		r := &Request{Operation: "op", Method: tc.method, Path: "/x", Security: c.spec.Security}
		var opts []RequestOption
		if tc.idemKey != "" {
			opts = append(opts, WithIdempotencyKey(tc.idemKey))
		}
		err := c.Send(context.Background(), r, nil, opts)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != tc.status {
			t.Errorf("%s %d: err = %v", tc.method, tc.status, err)
		}
		if srv.count() != tc.wantRequests || apiErr.Attempts != tc.wantRequests {
			t.Errorf("%s %d (Idempotency-Key %q): %d requests, %d attempts; want %d", tc.method, tc.status, tc.idemKey, srv.count(), apiErr.Attempts, tc.wantRequests)
		}
	}
}

// hangUp is a handler that closes the connection without answering.
func hangUp(w http.ResponseWriter) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

func TestConnectionErrorsAreRetriedOnlyWhenSafe(t *testing.T) {
	for _, tc := range []struct {
		method, idemKey string
		wantRequests    int
		wantOK          bool
	}{
		{"GET", "", 2, true},
		{"POST", "", 1, false},
		{"POST", "key-7", 2, true},
	} {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n == 1 {
				hangUp(w)
				return
			}
			w.WriteHeader(204)
		})
		c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
		var opts []RequestOption
		if tc.idemKey != "" {
			opts = append(opts, WithIdempotencyKey(tc.idemKey))
		}
		err := c.Send(context.Background(), &Request{Operation: "op", Method: tc.method, Path: "/x", Security: c.spec.Security}, nil, opts)
		if (err == nil) != tc.wantOK || srv.count() != tc.wantRequests {
			t.Errorf("%s (Idempotency-Key %q): err %v after %d requests", tc.method, tc.idemKey, err, srv.count())
		}
		if err != nil && !strings.Contains(err.Error(), "acme: op: POST") {
			t.Errorf("transport error does not name the operation: %v", err)
		}
	}
	// A refused connection: nothing listens.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	c, clk := newTestClient(t, testSpec(), "http://"+addr, WithKey(testKey), WithMaxRetries(2))
	err = get(c, context.Background())
	if err == nil || len(clk.sleeps()) != 2 {
		t.Errorf("refused connection: err %v after %d waits, want an error after 2 retries", err, len(clk.sleeps()))
	}
	var opErr *net.OpError
	if !errors.As(err, &opErr) {
		t.Errorf("the cause is not kept for errors.As: %v", err)
	}
}

func TestRetriesResendAnIdenticalBody(t *testing.T) {
	var sums [][32]byte
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n < 3 {
			w.WriteHeader(503)
			return
		}
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{}`))
	})
	c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
	body := map[string]any{"amount": 1234, "note": strings.Repeat("é", 5000)}
	r := &Request{Operation: "create", Method: "POST", Path: "/x", Body: body, ContentType: "application/json", Security: c.spec.Security}
	if err := c.Send(context.Background(), r, &map[string]any{}, []RequestOption{WithIdempotencyKey("idem-1")}); err != nil {
		t.Fatal(err)
	}
	for _, b := range srv.bodies {
		sums = append(sums, sha256.Sum256([]byte(b)))
	}
	if len(sums) != 3 || sums[0] != sums[1] || sums[1] != sums[2] || len(srv.bodies[0]) < 5000 {
		t.Errorf("bodies differ across %d attempts", len(sums))
	}
	for i := 0; i < 3; i++ {
		if got := srv.request(i).Header.Get("Idempotency-Key"); got != "idem-1" {
			t.Errorf("attempt %d Idempotency-Key = %q", i+1, got)
		}
	}
}

func TestMaxRetriesIsNeverExceeded(t *testing.T) {
	for _, max := range []int{0, 1, 4} {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(429)
		})
		c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey), WithMaxRetries(max))
		if err := get(c, context.Background()); !errors.Is(err, ErrRateLimited) {
			t.Errorf("max %d: err = %v", max, err)
		}
		if srv.count() != max+1 {
			t.Errorf("max %d: %d requests", max, srv.count())
		}
	}
}

func TestRetryIsLoggedAndCountedWithoutSecrets(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", "2")
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(429)
			_, _ = w.Write([]byte(`{"message":"slow down, ` + testKey + `"}`))
			return
		}
		w.WriteHeader(204)
	})
	var logs bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	var events []RetryEvent
	c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey), WithLogger(logger), WithOnRetry(func(e RetryEvent) { events = append(events, e) }))
	if err := get(c, context.Background()); err != nil {
		t.Fatal(err)
	}
	out := logs.String()
	for _, want := range []string{`"msg":"retrying request"`, `"operation":"getThing"`, `"attempt":1`, `"status":429`, `"wait":2000000000`, `"decided_by":"Retry-After"`, `"level":"DEBUG"`} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %s:\n%s", want, out)
		}
	}
	if strings.Contains(out, testKey) {
		t.Errorf("log contains the key:\n%s", out)
	}
	if len(events) != 1 || events[0].Wait != 2*time.Second || events[0].Source != "Retry-After" || events[0].Status != 429 {
		t.Errorf("events = %+v", events)
	}
}

// TestVendorRetryHintsAndIdempotencyKeys: issue 12's vendor hints
// (Stripe-Should-Retry, x-should-retry) honoured both ways, and the
// idempotency key the client adds itself to POSTs, which makes a POST safe
// to retry after a 503 and is the same on every attempt.
func TestVendorRetryHintsAndIdempotencyKeys(t *testing.T) {
	spec := testSpec()
	spec.ShouldRetryHeader = "Stripe-Should-Retry"
	spec.IdempotencyHeader = "Idempotency-Key"
	post := func(c *Client) error {
		return c.Send(context.Background(), &Request{Operation: "create", Method: "POST", Path: "/x", Body: map[string]int{"a": 1}, ContentType: "application/json", Security: c.spec.Security}, nil, nil)
	}
	for _, tc := range []struct {
		name     string
		status   int
		hint     string
		method   string
		attempts int
		why      string
	}{
		{"a POST the vendor says to retry", 409, "true", "POST", 2, ""},
		{"a GET the vendor says not to retry", 503, "false", "GET", 1, "Stripe-Should-Retry: false"},
		{"a POST with the client's idempotency key, on 503", 503, "", "POST", 2, ""},
		{"a 409 without a hint", 409, "", "POST", 1, ""},
	} {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n == 1 {
				if tc.hint != "" {
					w.Header().Set("Stripe-Should-Retry", tc.hint)
				}
				w.WriteHeader(tc.status)
				return
			}
			w.WriteHeader(204)
		})
		c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey))
		var err error
		if tc.method == "POST" {
			err = post(c)
		} else {
			err = get(c, context.Background())
		}
		if srv.count() != tc.attempts {
			t.Errorf("%s: %d attempts, want %d (err %v)", tc.name, srv.count(), tc.attempts, err)
		}
		if tc.why != "" && (err == nil || !strings.Contains(err.Error(), tc.why)) {
			t.Errorf("%s: err = %v, want it to say %q", tc.name, err, tc.why)
		}
		if tc.method == "POST" {
			first := srv.request(0).Header.Get("Idempotency-Key")
			if len(first) != 32 {
				t.Errorf("%s: Idempotency-Key = %q, want a fresh key", tc.name, first)
			}
			if srv.count() > 1 && srv.request(1).Header.Get("Idempotency-Key") != first {
				t.Errorf("%s: the retry sent another key", tc.name)
			}
		}
	}
}

// TestRateLimitsSignalledOtherwise is issue 12's GitHub pattern: a primary
// limit arrives as 403 with x-ratelimit-remaining: 0 and a reset epoch, a
// secondary one as 403/429 with retry-after or, without it, "wait at least
// a minute"; and the reset header is a wait only when remaining is 0 (a
// 49-minute wait came back from it once).
func TestRateLimitsSignalledOtherwise(t *testing.T) {
	spec := testSpec()
	spec.RateLimit = RateLimitSpec{Limit: "X-Ratelimit-Limit", Remaining: "X-Ratelimit-Remaining", Statuses: []int{403},
		Reset: HeaderSpec{Name: "X-Ratelimit-Reset", Format: FormatUnixEpoch}}
	spec.DelayHeaders = []HeaderSpec{{Name: "Retry-After", Format: FormatSeconds}, {Name: "X-Ratelimit-Reset", Format: FormatUnixEpoch, WhenExhausted: true}}
	spec.Retry = RetryPolicy{MaxRetries: 2, MinWait: time.Minute, MaxWait: 2 * time.Minute}
	for _, tc := range []struct {
		name      string
		status    int
		remaining string
		resetIn   time.Duration
		rateLimit bool
		wait      time.Duration // the one sleep expected with retries on; 0: none
	}{
		{"primary: 403 with nothing left waits for the reset", 403, "0", 30 * time.Second, true, 30 * time.Second},
		{"a 403 with budget left is a plain refusal", 403, "12", 49 * time.Minute, false, 0},
		{"secondary: 429 without a delay waits the minimum", 429, "", 0, true, time.Minute},
		{"a 403 with a bucket left is a plain refusal", 403, "bucket 39/40", 49 * time.Minute, false, 0},
		{"a 403 with a full bucket waits for the reset", 403, "bucket 40/40", 30 * time.Second, true, 30 * time.Second},
	} {
		serve := func() *server {
			return newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				if n == 1 {
					if bucket, ok := strings.CutPrefix(tc.remaining, "bucket "); ok {
						w.Header().Set("X-Bucket", bucket)
					} else if tc.remaining != "" {
						w.Header().Set("X-Ratelimit-Remaining", tc.remaining)
					}
					if tc.resetIn > 0 {
						w.Header().Set("X-Ratelimit-Reset", strconv.FormatInt(time.Now().Add(tc.resetIn).Unix(), 10))
					}
					w.WriteHeader(tc.status)
					return
				}
				w.WriteHeader(204)
			})
		}
		spec := spec
		if strings.HasPrefix(tc.remaining, "bucket ") {
			rl := spec.RateLimit
			rl.Limit, rl.Remaining, rl.Bucket = "", "", "X-Bucket"
			spec.RateLimit = rl
		}
		srv := serve()
		c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey), WithMaxRetries(0))
		err := get(c, context.Background())
		if got := errors.Is(err, ErrRateLimited); got != tc.rateLimit {
			t.Errorf("%s: errors.Is(err, ErrRateLimited) = %v (err %v)", tc.name, got, err)
		}
		var apiErr *APIError
		if errors.As(err, &apiErr) && !tc.rateLimit && apiErr.RetryAfter != 0 {
			t.Errorf("%s: RetryAfter = %v from a reset header while budget is left", tc.name, apiErr.RetryAfter)
		}
		srv = serve()
		c, clk := newTestClient(t, spec, srv.URL, WithKey(testKey))
		err = get(c, context.Background())
		sleeps := clk.sleeps()
		switch {
		case tc.wait == 0 && (len(sleeps) != 0 || srv.count() != 1):
			t.Errorf("%s: slept %v over %d requests; want no retry", tc.name, sleeps, srv.count())
		case tc.wait > 0 && (err != nil || len(sleeps) != 1 || sleeps[0] < tc.wait-2*time.Second || sleeps[0] > tc.wait):
			t.Errorf("%s: slept %v, err %v; want one wait of about %v", tc.name, sleeps, err, tc.wait)
		}
	}
}

// TestEveryAttemptSendsTheSameHeaders: the first attempt takes the headers
// built for the call and each retry builds its own (the credential is added
// to each), so a retry carries one cookie, not two, and keeps the call's
// own headers and the generated idempotency key.
func TestEveryAttemptSendsTheSameHeaders(t *testing.T) {
	spec := testSpec()
	spec.Schemes = append(spec.Schemes, SchemeSpec{Name: "cookie", Kind: SchemeCookieKey, ParamName: "session", Option: "WithCookie"})
	spec.Security = []SecurityRequirement{{"key", "cookie"}}
	spec.IdempotencyHeader = "Idempotency-Key"
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n < 3 {
			w.WriteHeader(503)
			return
		}
		w.WriteHeader(204)
	})
	c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey), WithStaticSecret("cookie", "sess-1"))
	r := &Request{Operation: "create", Method: "POST", Path: "/x", Body: map[string]int{"a": 1}, ContentType: "application/json", Security: spec.Security}
	if err := c.Send(context.Background(), r, nil, []RequestOption{WithHeader("X-Trace", "t-1")}); err != nil {
		t.Fatal(err)
	}
	if srv.count() != 3 {
		t.Fatalf("%d requests, want 3", srv.count())
	}
	first := srv.request(0).Header
	for i := range 3 {
		h := srv.request(i).Header
		for _, name := range []string{"Cookie", "X-Api-Key", "X-Trace", "Idempotency-Key", "Content-Type", "Accept", "User-Agent"} {
			if got, want := h.Values(name), first.Values(name); len(got) != 1 || got[0] != want[0] {
				t.Errorf("attempt %d: %s = %q, want the first attempt's %q, once", i+1, name, got, want)
			}
		}
	}
	if got := first.Get("Cookie"); got != "session=sess-1" {
		t.Errorf("Cookie = %q, want session=sess-1", got)
	}
}

// TestWaitsWrittenElsewhere: the waits of issue 24 that fell back to
// backoff (274 ms for {"retry_after": 1.234}; 86 ms for a reset two
// minutes ahead written in RFC 3339): a member of the error body, an
// RFC 3339 time, and the IETF RateLimit field.
func TestWaitsWrittenElsewhere(t *testing.T) {
	now := time.Unix(1_700_000_000, 0) // 2023-11-14T22:13:20Z
	for _, tc := range []struct {
		value  string
		format HeaderFormat
		want   time.Duration
		ok     bool
	}{
		{"2023-11-14T22:15:20Z", FormatRFC3339, 2 * time.Minute, true},
		{"2023-11-14T23:15:20.5+01:00", FormatRFC3339, 2*time.Minute + 500*time.Millisecond, true},
		{"2023-11-14T22:00:00Z", FormatRFC3339, 0, true}, // past: no wait
		{"2023-11-14 22:15:20", FormatRFC3339, 0, false},
		{"1700000120", FormatRFC3339, 0, false},
		{`"default";r=0;t=30`, FormatRateLimit, 30 * time.Second, true},
		{`"default";r=50;t=30`, FormatRateLimit, 0, false}, // quota left: no reason to wait
		{`"burst";r=0;t=1, "day";r=0;t=3600, "hour";r=9;t=7200`, FormatRateLimit, time.Hour, true},
		{`"default";r=0;t=-3`, FormatRateLimit, 0, false},
		{`30`, FormatRateLimit, 0, false},
	} {
		got, ok := parseDelay(tc.value, tc.format, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("parseDelay(%q, %d) = %v, %v; want %v, %v", tc.value, tc.format, got, ok, tc.want, tc.ok)
		}
	}
	spec := &ProviderSpec{DelayHeaders: []HeaderSpec{{Pointer: "/retry_after", Format: FormatSeconds}}}
	for _, tc := range []struct {
		body   string
		want   time.Duration
		source string
	}{
		{`{"message":"Too many requests","retry_after":1.234}`, 1234 * time.Millisecond, "body /retry_after"},
		{`{"retry_after":"2"}`, 2 * time.Second, "body /retry_after"},
		{`{"retry_after":null}`, 5 * time.Second, "Retry-After"},
		{`not json`, 5 * time.Second, "Retry-After"},
	} {
		got, source, ok := spec.serverDelay(http.Header{"Retry-After": {"5"}}, []byte(tc.body), now)
		if !ok || got != tc.want || source != tc.source {
			t.Errorf("%s: got %v from %q (ok %v), want %v from %q", tc.body, got, source, ok, tc.want, tc.source)
		}
	}
}

// TestRateLimitFieldsFillRateLimit: remaining: RateLimit and limit:
// RateLimit-Policy read the structured fields' r and q; a reset in the
// ratelimit format is the first policy's t; r=0 is exhausted.
func TestRateLimitFieldsFillRateLimit(t *testing.T) {
	now := time.Unix(1_700_000_000, 0)
	spec := &ProviderSpec{RateLimit: RateLimitSpec{Limit: "RateLimit-Policy", Remaining: "RateLimit",
		Reset: HeaderSpec{Name: "RateLimit", Format: FormatRateLimit}}}
	h := http.Header{"Ratelimit": {`"default";r=50;t=30`}, "Ratelimit-Policy": {`"default";q=100;w=60`}}
	got := spec.readRateLimit(h, now)
	want := RateLimit{Limit: 100, Remaining: 50, Reset: now.Add(30 * time.Second)}
	if got != want {
		t.Errorf("readRateLimit = %+v, want %+v", got, want)
	}
	if spec.exhausted(h) {
		t.Error("r=50 read as exhausted")
	}
	if !spec.exhausted(http.Header{"Ratelimit": {`"default";r=0;t=30`}}) {
		t.Error("r=0 not read as exhausted")
	}
	if got := spec.readRateLimit(http.Header{"Ratelimit": {"12"}}, now); got.Remaining != 12 {
		t.Errorf("a plain number: Remaining = %d, want 12", got.Remaining)
	}
}
