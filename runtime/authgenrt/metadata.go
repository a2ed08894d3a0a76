package authgenrt

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
}

// WithResponseInto stores the final response's metadata in r, on success
// and on failure.
func WithResponseInto(r *Response) RequestOption {
	return func(o *CallOptions) { o.responseInto = r }
}

// WithResponseFunc calls fn with each response's metadata as it arrives,
// the final one last, on success and on failure: a generated client's
// WithResponseInto adds the headers its spec declares (its Metering).
func WithResponseFunc(fn func(Response)) RequestOption {
	return func(o *CallOptions) { o.responseFunc = fn }
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
func (p *ProviderSpec) readRateLimit(h http.Header, now time.Time) RateLimit {
	var rl RateLimit
	if p.RateLimit.Limit != "" {
		rl.Limit, _ = HeaderInt64(h, p.RateLimit.Limit)
	}
	if p.RateLimit.Remaining != "" {
		rl.Remaining, _ = HeaderInt64(h, p.RateLimit.Remaining)
	}
	if p.RateLimit.Bucket != "" {
		if used, limit, ok := parseBucket(h.Get(p.RateLimit.Bucket)); ok {
			rl.Limit, rl.Remaining = limit, max(limit-used, 0)
		}
	}
	if p.RateLimit.Reset.Name != "" {
		if t, ok := parseTime(h.Get(p.RateLimit.Reset.Name), p.RateLimit.Reset.Format, now); ok {
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

// HeaderInt64 reads an integer header; ok is false when absent or
// malformed.
func HeaderInt64(h http.Header, name string) (int64, bool) {
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

// HeaderFloat64 reads a decimal header; ok is false when absent or
// malformed.
func HeaderFloat64(h http.Header, name string) (float64, bool) {
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
