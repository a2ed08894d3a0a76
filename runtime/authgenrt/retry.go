package authgenrt

import (
	cryptorand "crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy says how the client retries rate-limited and transient
// failures. Zero durations mean "the spec's default".
type RetryPolicy struct {
	// MaxRetries is how many times a request is retried after the first
	// attempt; 0 disables retries.
	MaxRetries int
	// BaseDelay is the first backoff step when the server gives no delay.
	BaseDelay time.Duration
	// MaxDelay caps each backoff step.
	MaxDelay time.Duration
	// MaxWait is the longest server-requested wait the client honours; a
	// longer one returns the *APIError at once, with RetryAfter set.
	MaxWait time.Duration
	// MinWait is the least a rate-limited request waits when the server
	// names no delay (GitHub: "wait at least one minute"); 0: backoff only.
	MinWait time.Duration
}

// The defaults when the spec sets none.
const (
	defaultMaxRetries = 3
	defaultBaseDelay  = 500 * time.Millisecond
	defaultMaxDelay   = 30 * time.Second
	defaultMaxWait    = 60 * time.Second
)

// withDefaults fills what the spec left zero. MaxRetries stays as given:
// the generator writes the spec's value, or the default, explicitly.
func (p RetryPolicy) withDefaults() RetryPolicy {
	return p.withDefaultsFrom(RetryPolicy{
		BaseDelay: defaultBaseDelay,
		MaxDelay:  defaultMaxDelay,
		MaxWait:   defaultMaxWait,
	})
}

func (p RetryPolicy) withDefaultsFrom(d RetryPolicy) RetryPolicy {
	if p.BaseDelay == 0 {
		p.BaseDelay = d.BaseDelay
	}
	if p.MaxDelay == 0 {
		p.MaxDelay = d.MaxDelay
	}
	if p.MaxWait == 0 {
		p.MaxWait = d.MaxWait
	}
	if p.MinWait == 0 {
		p.MinWait = d.MinWait
	}
	return p
}

// RetryEvent describes one retry, for WithOnRetry hooks.
type RetryEvent struct {
	Operation string        // the operationId, or "METHOD path" for Do
	Attempt   int           // the attempt that failed, from 1
	Status    int           // 0 for a connection error
	Wait      time.Duration // how long the client waits before the next attempt
	Source    string        // the header that set Wait, or "backoff"
	Err       error         // what failed
}

// retryDecision is what the loop does after a failed attempt.
type retryDecision struct {
	retry  bool
	wait   time.Duration
	source string
	// serverWait is what the server asked for, even when not honoured.
	serverWait time.Duration
	// stopped says why a retryable failure was not retried ("retry budget
	// spent", "wait 3m0s exceeds MaxWait 1m0s"); "" when it was retried or
	// was not retryable at all.
	stopped string
}

// idempotentMethods may be retried after a transient failure: sending them
// twice does no more than sending them once.
func isIdempotent(method string, header http.Header, keyHeader string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodPut, http.MethodDelete, http.MethodTrace:
		return true
	}
	return header.Get("Idempotency-Key") != "" || (keyHeader != "" && header.Get(keyHeader) != "")
}

// newIdempotencyKey is a random key for one call, the same on every retry
// of it.
func newIdempotencyKey() string {
	var b [16]byte
	if _, err := cryptorand.Read(b[:]); err != nil {
		return ""
	}
	return hex.EncodeToString(b[:])
}

// retryableStatus says whether a status may be retried for a method: 429
// always (the server did nothing), 502/503/504 only when repeating is safe.
func (p *ProviderSpec) retryableStatus(status int, idempotent bool) bool {
	switch status {
	case http.StatusTooManyRequests:
		return true
	case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
		return idempotent
	}
	return idempotent && slices.Contains(p.RetryStatuses, status)
}

// The formats added after FormatDuration, numbered after it.
const (
	// FormatRFC3339 is an absolute time as RFC 3339 (ISO 8601) writes
	// it: 2026-12-04T15:04:05Z, 2026-12-04T15:04:05.5+01:00.
	FormatRFC3339 HeaderFormat = FormatDuration + 1 + iota
	// FormatRateLimit is the IETF RateLimit structured field
	// (draft-ietf-httpapi-ratelimit-headers): `"default";r=0;t=30`, a
	// list of policies each with its remaining quota r and the seconds
	// t until it resets. As a delay: the longest t of the policies with
	// nothing left (none: no delay); as a reset: the first policy's t.
	FormatRateLimit
)

// serverDelay reads the wait the server asked for: the spec's delay
// sources (a header, or a member of the error body) in order, then
// Retry-After and retry-after-ms. A missing, malformed, negative or absurd
// value is skipped. ok is false when no source gave one.
func (p *ProviderSpec) serverDelay(h http.Header, body []byte, now time.Time) (wait time.Duration, source string, ok bool) {
	for _, hs := range p.DelayHeaders {
		if hs.WhenExhausted && !p.exhausted(h) {
			continue // a reset time is a wait only when nothing is left
		}
		value, source := h.Get(hs.Name), hs.Name
		if hs.Pointer != "" {
			value, source = bodyValue(body, hs.Pointer), "body "+hs.Pointer
		}
		if d, ok := parseDelay(value, hs.Format, now); ok {
			return d, source, true
		}
	}
	for _, hs := range standardDelayHeaders {
		if d, ok := parseDelay(h.Get(hs.Name), hs.Format, now); ok {
			return d, hs.Name, true
		}
	}
	return 0, "", false
}

var standardDelayHeaders = []HeaderSpec{
	{Name: "Retry-After", Format: formatAuto},
	{Name: "Retry-After-Ms", Format: FormatMilliseconds},
}

// bodyValue is the body's member at pointer as text: a number as
// written, a string unquoted; "" for anything else, or no such member.
func bodyValue(body []byte, pointer string) string {
	raw := lookupPointer(body, pointer)
	if len(raw) > 0 && raw[0] == '"' {
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return ""
		}
		return s
	}
	if len(raw) > 0 && (raw[0] == '-' || raw[0] >= '0' && raw[0] <= '9') {
		return string(raw)
	}
	return ""
}

// maxHeaderDelay bounds what a header may ask for; anything longer is
// garbage, not a plan. It is long enough for a monthly or yearly quota
// reset: such a wait is far over MaxWait, so the client returns it in
// APIError.RetryAfter at once instead of retrying.
const maxHeaderDelay = 400 * 24 * time.Hour

// parseDelay turns a header value into a wait from now. An absolute time in
// the past is a wait of zero.
func parseDelay(value string, format HeaderFormat, now time.Time) (time.Duration, bool) {
	value = strings.TrimSpace(value)
	if value == "" {
		return 0, false
	}
	var d time.Duration
	switch format {
	case FormatSeconds, FormatMilliseconds:
		n, ok := parseNonNegative(value)
		if !ok {
			return 0, false
		}
		unit := float64(time.Second)
		if format == FormatMilliseconds {
			unit = float64(time.Millisecond)
		}
		if n*unit > float64(maxHeaderDelay) {
			return 0, false
		}
		d = time.Duration(math.Ceil(n * unit))
	case FormatUnixEpoch:
		t, ok := parseEpoch(value)
		if !ok {
			return 0, false
		}
		d = t.Sub(now)
	case FormatHTTPDate:
		t, err := http.ParseTime(value)
		if err != nil {
			return 0, false
		}
		d = t.Sub(now)
	case FormatDuration:
		v, err := time.ParseDuration(value)
		if err != nil || v < 0 {
			return 0, false
		}
		d = v
	case FormatRFC3339:
		t, err := time.Parse(time.RFC3339Nano, value)
		if err != nil {
			return 0, false
		}
		d = t.Sub(now)
	case FormatRateLimit:
		seconds, ok := rateLimitWait(value)
		if !ok {
			return 0, false
		}
		return parseDelay(strconv.FormatInt(seconds, 10), FormatSeconds, now)
	case formatAuto:
		if n, ok := parseNonNegative(value); ok {
			return parseDelay(strconv.FormatFloat(n, 'f', -1, 64), FormatSeconds, now)
		}
		return parseDelay(value, FormatHTTPDate, now)
	default:
		return 0, false
	}
	if d > maxHeaderDelay {
		return 0, false
	}
	return max(d, 0), true
}

// parseNonNegative accepts whole decimal numbers only, as RFC 9110's
// delta-seconds: no sign, no fraction, no exponent, no hex, no NaN.
func parseNonNegative(s string) (float64, bool) {
	whole, frac, hasFrac := strings.Cut(s, ".")
	if !digitsOnly(whole) || len(whole) > 18 || (hasFrac && (!digitsOnly(frac) || len(frac) > 9)) {
		return 0, false
	}
	// Fractional seconds are sent as they are (Shopify's Retry-After: 2.0,
	// epochs such as 1767225600.5); no sign, exponent or hex.
	n, err := strconv.ParseFloat(s, 64)
	return n, err == nil
}

// digitsOnly: s is one or more ASCII digits.
func digitsOnly(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseEpoch reads Unix seconds. Values that only make sense as
// milliseconds are refused rather than misread as the far future.
func parseEpoch(s string) (time.Time, bool) {
	n, ok := parseNonNegative(s)
	if !ok || n > 1e11 {
		return time.Time{}, false
	}
	sec, frac := math.Modf(n)
	return time.Unix(int64(sec), int64(math.Round(frac*1e9))), true
}

// parseTime reads a time header in the declared format: an absolute time,
// or a delay from now for the relative formats.
func parseTime(value string, format HeaderFormat, now time.Time) (time.Time, bool) {
	value = strings.TrimSpace(value)
	switch format {
	case FormatUnixEpoch:
		return parseEpoch(value)
	case FormatHTTPDate:
		t, err := http.ParseTime(value)
		return t, err == nil
	case FormatRFC3339:
		t, err := time.Parse(time.RFC3339Nano, value)
		return t, err == nil
	case FormatRateLimit:
		items := parseRateLimitField(value)
		if len(items) == 0 || items[0].t < 0 {
			return time.Time{}, false
		}
		return parseTime(strconv.FormatInt(items[0].t, 10), FormatSeconds, now)
	case FormatSeconds, FormatMilliseconds, formatAuto, FormatDuration:
		d, ok := parseDelay(value, format, now)
		if !ok {
			return time.Time{}, false
		}
		return now.Add(d), true
	}
	return time.Time{}, false
}

// backoff is exponential backoff with full jitter: a random wait in
// [0, min(MaxDelay, BaseDelay·2^(attempt-1))).
func (c *Client) backoff(attempt int) time.Duration {
	ceiling := c.retry.MaxDelay
	if attempt < 62 {
		if step := c.retry.BaseDelay << (attempt - 1); step > 0 && step < ceiling {
			ceiling = step
		}
	}
	return c.clock.Jitter(ceiling)
}

// decide says whether and how long to wait after a failed attempt. status is
// 0 for a connection error. remaining is what is left of the context's
// deadline (negative: no deadline).
//
// The decisions stand in this order, the first that speaks deciding: the
// vendor's shouldRetryHeader saying false; the spec's retry.when rules, the
// first that matches (retry: false stops, retry: true retries even a POST
// or a status not otherwise retried); the shouldRetryHeader saying true;
// then the status and the method's idempotency. A code with retry: false
// is checked after (in send): it stops even what a rule allowed. The
// budget, MaxWait and the context's deadline bound every retry.
func (c *Client) decide(attempt, status int, method string, idempotent bool, h http.Header, body []byte, remaining time.Duration) retryDecision {
	var d retryDecision
	if status != 0 {
		if w, source, ok := c.spec.serverDelay(h, body, c.clock.Now()); ok {
			d.serverWait, d.wait, d.source = w, w, source
		}
	}
	// The vendor's own word on this response, when the spec names the
	// header: "false" stops a retry, "true" allows one even for a POST.
	hint := ""
	if c.spec.ShouldRetryHeader != "" && status != 0 {
		hint = strings.ToLower(strings.TrimSpace(h.Get(c.spec.ShouldRetryHeader)))
	}
	if hint != "false" && status != 0 {
		if rule, i, ok := c.spec.retryRule(status, method, body, d.source != ""); ok {
			if !rule.Retry {
				d.stopped = rule.describe(i) + ": never retried"
				return d
			}
			hint = "true"
		}
	}
	switch {
	case hint == "false":
		d.stopped = c.spec.ShouldRetryHeader + ": false"
		return d
	case status == 0 && !idempotent:
		return d
	case status != 0 && !c.spec.retryableStatus(status, idempotent) && hint != "true" && !c.spec.rateLimited(status, h):
		return d
	}
	if attempt > c.retry.MaxRetries {
		d.stopped = "retry budget spent"
		if c.retry.MaxRetries == 0 {
			d.stopped = "retries are off"
		}
		return d
	}
	if d.source == "" && c.retry.MinWait > 0 && c.spec.rateLimited(status, h) {
		// Rate limited with no delay named: the vendor's documented floor.
		d.wait, d.serverWait, d.source = max(c.backoff(attempt), c.retry.MinWait), c.retry.MinWait, "minimum wait"
	}
	if d.source == "" {
		d.wait, d.source = c.backoff(attempt), "backoff"
	} else if d.wait > c.retry.MaxWait {
		d.stopped = fmt.Sprintf("wait %v exceeds MaxWait %v", d.wait, c.retry.MaxWait)
		return d // the server asked for more than the caller will wait
	}
	if remaining >= 0 && d.wait >= remaining {
		d.stopped = fmt.Sprintf("wait %v exceeds the context's deadline", d.wait)
		return d // the context would end before the wait does
	}
	d.retry = true
	return d
}
