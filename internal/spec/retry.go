package spec

// The retry concern: the retry policy and the headers that say how long to
// wait.

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"
)

// The defaults of client-contract.md, when the spec sets none.
const (
	defaultMaxRetries = 3
	defaultBaseDelay  = 500 * time.Millisecond
	defaultMaxDelay   = 30 * time.Second
	defaultMaxWait    = 60 * time.Second
)

func (b *builder) buildRetry() {
	x := b.ext.Retry
	p := RetryPolicy{MaxRetries: defaultMaxRetries, BaseDelay: defaultBaseDelay, MaxDelay: defaultMaxDelay, MaxWait: defaultMaxWait}
	if x.MaxRetries != nil {
		p.MaxRetries = *x.MaxRetries
	}
	if x.BaseDelay > 0 {
		p.BaseDelay = x.BaseDelay
	}
	if x.MaxDelay > 0 {
		p.MaxDelay = x.MaxDelay
	}
	if x.MaxWait > 0 {
		p.MaxWait = x.MaxWait
	}
	p.MinWait = x.MinWait
	for _, s := range x.Statuses {
		if s != http.StatusBadGateway && s != http.StatusServiceUnavailable && s != http.StatusGatewayTimeout && !slices.Contains(p.Statuses, s) {
			p.Statuses = append(p.Statuses, s)
		}
	}
	slices.Sort(p.Statuses)
	if p.BaseDelay > p.MaxDelay {
		b.problem(b.ext.pos, "%s.retry: baseDelay %s is longer than maxDelay %s", ExtensionKey, p.BaseDelay, p.MaxDelay)
	}
	for _, h := range []struct {
		value, key string
		pos        Position
		set        *string
	}{{x.ShouldRetry, "shouldRetryHeader", x.keyPos("shouldRetryHeader"), &p.ShouldRetryHeader}, {x.Idempotency, "idempotencyHeader", x.keyPos("idempotencyHeader"), &p.IdempotencyHeader}} {
		if h.value == "" {
			continue
		}
		if !validHeaderName(h.value) {
			b.problem(h.pos, "%s.retry.%s: %q is not a valid header name", ExtensionKey, h.key, h.value)
			continue
		}
		if h.key == "idempotencyHeader" && b.credentialCarrier(h.value) {
			// The scheme would overwrite the key, and the header, set on
			// every call, would make every POST look safe to retry.
			b.problem(h.pos, "%s.retry.%s: %s is sent with a credential; the idempotency key needs a header of its own", ExtensionKey, h.key, h.value)
			continue
		}
		*h.set = h.value
	}
	b.p.Retry = p
	seen := map[string]bool{}
	for i, h := range x.DelayHeaders {
		th, ok := b.timeHeader(h, fmt.Sprintf("%s.retry.delayHeaders[%d]", ExtensionKey, i), true)
		if !ok {
			continue
		}
		key := http.CanonicalHeaderKey(th.Name)
		if seen[key] {
			b.problem(h.pos, "%s.retry.delayHeaders[%d]: header %s is listed twice", ExtensionKey, i, th.Name)
			continue
		}
		seen[key] = true
		b.p.DelayHeaders = append(b.p.DelayHeaders, th)
	}
}

// sameScale keeps a suggestion from changing the unit a spec meant: a
// format that says nothing of milliseconds is never offered "milliseconds"
// (a wait 1000 times too long), and one that does is never offered
// "seconds".
func sameScale(written, suggestion string) bool {
	w := strings.ToLower(written)
	milli := strings.Contains(w, "ms") || strings.Contains(w, "milli")
	switch TimeFormat(suggestion) {
	case Milliseconds:
		return milli
	case Seconds:
		return !milli
	case Duration:
		return strings.Contains(w, "dur") // not a guess for a number of seconds
	}
	return true
}

var timeFormats = []string{string(Seconds), string(Milliseconds), string(UnixEpoch), string(HTTPDate), string(Duration)}

func (b *builder) timeHeader(h headerConfig, where string, required bool) (TimeHeader, bool) {
	if h.Name == "" {
		if required || h.Format != "" {
			b.problem(h.pos, "%s: name is required", where)
		}
		return TimeHeader{}, false
	}
	if !validHeaderName(h.Name) {
		b.problem(h.pos, "%s.name: %q is not a valid header name", where, h.Name)
		return TimeHeader{}, false
	}
	switch TimeFormat(h.Format) {
	case Seconds, Milliseconds, UnixEpoch, HTTPDate, Duration:
	case "":
		b.problem(h.pos, "%s: format is required (one of %s)", where, strings.Join(timeFormats, ", "))
		return TimeHeader{}, false
	default:
		msg := fmt.Sprintf("%s.format: unknown format %q (want one of %s)", where, h.Format, strings.Join(timeFormats, ", "))
		if s := suggest(h.Format, timeFormats); s != "" && sameScale(h.Format, s) {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		b.problem(h.pos, "%s", msg)
		return TimeHeader{}, false
	}
	if h.WhenExhausted && b.ext.RateLimit.Remaining == "" && b.ext.RateLimit.Bucket == "" {
		b.problem(h.pos, "%s.whenExhausted: needs %s.rateLimit.remaining, the header that says the budget is spent", where, ExtensionKey)
		return TimeHeader{}, false
	}
	return TimeHeader{Name: h.Name, Format: TimeFormat(h.Format), WhenExhausted: h.WhenExhausted}, true
}

// credentialCarrier: a credential, or a header tied to one, is sent in
// this header.
func (b *builder) credentialCarrier(name string) bool {
	key := http.CanonicalHeaderKey(name)
	_, _, tied := b.credentialTiedHeader(key)
	return key == "Authorization" || b.isCredentialHeader(key) || tied
}
