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
		rl.Limit, _ = rateLimitCount(h, p.RateLimit.Limit, 'q')
	}
	if p.RateLimit.Remaining != "" {
		rl.Remaining, _ = rateLimitCount(h, p.RateLimit.Remaining, 'r')
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

// rateLimitItem is one policy of an IETF RateLimit field; -1 for a
// parameter it lacks.
type rateLimitItem struct{ r, t, q int64 }

// maxRateLimitItems bounds the policies read from one field.
const maxRateLimitItems = 16

// parseRateLimitField reads the IETF RateLimit and RateLimit-Policy
// structured fields (RFC 8941 lists): `"default";r=50;t=30, "day";r=0;t=3600`
// and `"default";q=100;w=60`. Only the integer parameters r, t and q are
// kept; an item whose parameters do not parse ends the list, so a field
// that is not one gives none.
func parseRateLimitField(v string) []rateLimitItem {
	if !strings.Contains(v, ";") {
		// Absent, or a bare number or token: not a structured field. Every
		// response of a client whose headers may hold one passes here, so
		// this costs no allocation.
		return nil
	}
	var items []rateLimitItem
	for member := range strings.SplitSeq(v, ",") {
		if len(items) == maxRateLimitItems {
			break
		}
		_, params, found := strings.Cut(strings.TrimSpace(member), ";")
		if !found {
			return items // a bare number or token: not a structured field
		}
		item := rateLimitItem{r: -1, t: -1, q: -1}
		for p := range strings.SplitSeq(params, ";") {
			key, value, _ := strings.Cut(strings.TrimSpace(p), "=")
			if key != "r" && key != "t" && key != "q" {
				continue
			}
			n, err := strconv.ParseInt(value, 10, 64)
			if err != nil || n < 0 {
				return items
			}
			switch key {
			case "r":
				item.r = n
			case "t":
				item.t = n
			case "q":
				item.q = n
			}
		}
		items = append(items, item)
	}
	return items
}

// rateLimitWait is the wait a RateLimit field asks for: the longest reset
// of the policies with nothing left; ok is false when every policy has
// quota left (the field is then no reason to wait).
func rateLimitWait(v string) (seconds int64, ok bool) {
	for _, it := range parseRateLimitField(v) {
		if it.r == 0 && it.t >= 0 && it.t >= seconds {
			seconds, ok = it.t, true
		}
	}
	return seconds, ok
}

// rateLimitCount reads an integer header, or the parameter of the first
// policy of a RateLimit field (r for the remaining quota, q for the
// limit): `remaining: RateLimit` works with either kind of header.
func rateLimitCount(h http.Header, name string, param byte) (int64, bool) {
	if n, ok := HeaderInt64(h, name); ok {
		return n, true
	}
	items := parseRateLimitField(h.Get(name))
	if len(items) == 0 {
		return 0, false
	}
	n := items[0].r
	if param == 'q' {
		n = items[0].q
	}
	return n, n >= 0
}

// remainingZero: a remaining-budget header says nothing is left, as a
// number or in a RateLimit field (any policy at r=0).
func remainingZero(v string) bool {
	if strings.TrimSpace(v) == "0" {
		return true
	}
	_, ok := rateLimitWait(v)
	return ok
}
