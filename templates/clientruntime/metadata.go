package clientruntime

import (
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// The metadata of responses: Response, the rate-limit state and the typed
// header readers the generated metering code uses.

// Response is the metadata of a call's final response. Pass one to
// WithResponseInto to read it.
type Response struct {
	// StatusCode is the final response's status.
	StatusCode int
	// Header is the final response's header.
	Header http.Header
	// Attempts is how many requests were sent, retries included.
	Attempts int
	// RateLimit is the rate-limit state the response reported.
	RateLimit RateLimit
	// RequestID is the provider's request identifier, if it sends one.
	RequestID string
	// Metering holds the usage headers the spec declares.
	Metering
}

// WithResponseInto stores the final response's metadata in r, on success
// and on failure.
func WithResponseInto(r *Response) RequestOption {
	return func(o *callOptions) { o.responseInto = r }
}

// RateLimit is the rate-limit state a response reported; zero values mean
// the header was absent or malformed.
type RateLimit struct {
	// Limit is how many requests the window allows.
	Limit int64
	// Remaining is how many are left in the window.
	Remaining int64
	// Reset is when the window resets.
	Reset time.Time
}

// readRateLimit reads the spec's rate-limit headers; malformed values are
// left zero.
func (p *providerSpec) readRateLimit(h http.Header, now time.Time) RateLimit {
	var rl RateLimit
	if p.rateLimit.limit != "" {
		rl.Limit, _ = headerInt64(h, p.rateLimit.limit)
	}
	if p.rateLimit.remaining != "" {
		rl.Remaining, _ = headerInt64(h, p.rateLimit.remaining)
	}
	if p.rateLimit.bucket != "" {
		if used, limit, ok := parseBucket(h.Get(p.rateLimit.bucket)); ok {
			rl.Limit, rl.Remaining = limit, max(limit-used, 0)
		}
	}
	if p.rateLimit.reset.name != "" {
		if t, ok := parseTime(h.Get(p.rateLimit.reset.name), p.rateLimit.reset.format, now); ok {
			rl.Reset = t
		}
	}
	return rl
}

// parseBucket reads a used/limit header value such as "32/40"; ok is false
// unless both are whole numbers and the limit is positive.
func parseBucket(v string) (used, limit int64, ok bool) {
	a, b, found := strings.Cut(strings.TrimSpace(v), "/")
	if !found {
		return 0, 0, false
	}
	used, err1 := strconv.ParseInt(strings.TrimSpace(a), 10, 64)
	limit, err2 := strconv.ParseInt(strings.TrimSpace(b), 10, 64)
	if err1 != nil || err2 != nil || used < 0 || limit <= 0 {
		return 0, 0, false
	}
	return used, limit, true
}

// headerInt64 reads an integer header; ok is false when absent or
// malformed.
func headerInt64(h http.Header, name string) (int64, bool) {
	v := strings.TrimSpace(h.Get(name))
	if v == "" {
		return 0, false
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil {
		return 0, false // ParseInt returns the limit on overflow; keep zero
	}
	return n, true
}

// headerFloat64 reads a decimal header; ok is false when absent or
// malformed.
func headerFloat64(h http.Header, name string) (float64, bool) {
	v := strings.TrimSpace(h.Get(name))
	if v == "" {
		return 0, false
	}
	n, err := strconv.ParseFloat(v, 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return 0, false
	}
	return n, true
}
