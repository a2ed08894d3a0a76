package spec

// The retry concern: the retry policy and the headers that say how long to
// wait.

import (
	"encoding/json"
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
	p.When = b.retryRules(x.When)
	b.p.Retry = p
	seen := map[string]bool{}
	for i, h := range x.DelayHeaders {
		th, ok := b.timeHeader(h, fmt.Sprintf("%s.retry.delayHeaders[%d]", ExtensionKey, i), true)
		if !ok {
			continue
		}
		key := http.CanonicalHeaderKey(th.Name)
		if th.Pointer != "" {
			key = "body " + th.Pointer
		}
		if seen[key] {
			b.problem(h.pos, "%s.retry.delayHeaders[%d]: %s is listed twice", ExtensionKey, i, key)
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

var timeFormats = []string{string(Seconds), string(Milliseconds), string(UnixEpoch), string(HTTPDate), string(Duration), string(RFC3339), string(RateLimit)}

// required is true for retry.delayHeaders, whose entries may also read
// the error body (pointer); a reset is read from every response's headers.
func (b *builder) timeHeader(h headerConfig, where string, required bool) (TimeHeader, bool) {
	switch {
	case h.Pointer != "" && !required:
		b.problem(h.keyPos("pointer"), "%s.pointer: a reset is read from the headers of every response, not the error body; give name", where)
		return TimeHeader{}, false
	case h.Pointer != "" && h.Name != "":
		b.problem(h.keyPos("pointer"), "%s: give name (a header) or pointer (a member of the error body), not both", where)
		return TimeHeader{}, false
	case h.Pointer != "" && h.Pointer[0] != '/':
		b.problem(h.keyPos("pointer"), "%s.pointer: %q is not a JSON pointer (it starts with /)", where, h.Pointer)
		return TimeHeader{}, false
	case h.Pointer != "" && h.WhenExhausted:
		b.problem(h.keyPos("whenExhausted"), "%s.whenExhausted: is for a reset header sent on every response; a member of the error body is a delay already", where)
		return TimeHeader{}, false
	case h.Pointer != "":
		f, ok := b.timeFormat(h, where)
		return TimeHeader{Pointer: h.Pointer, Format: f}, ok
	}
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
	if _, ok := b.timeFormat(h, where); !ok {
		return TimeHeader{}, false
	}
	if h.WhenExhausted && b.ext.RateLimit.Remaining == "" && b.ext.RateLimit.Bucket == "" {
		b.problem(h.pos, "%s.whenExhausted: needs %s.rateLimit.remaining, the header that says the budget is spent", where, ExtensionKey)
		return TimeHeader{}, false
	}
	return TimeHeader{Name: h.Name, Format: TimeFormat(h.Format), WhenExhausted: h.WhenExhausted}, true
}

// timeFormat checks a time value's format.
func (b *builder) timeFormat(h headerConfig, where string) (TimeFormat, bool) {
	switch TimeFormat(h.Format) {
	case Seconds, Milliseconds, UnixEpoch, HTTPDate, Duration, RFC3339, RateLimit:
		return TimeFormat(h.Format), true
	case "":
		b.problem(h.pos, "%s: format is required (one of %s)", where, strings.Join(timeFormats, ", "))
		return "", false
	}
	msg := fmt.Sprintf("%s.format: unknown format %q (want one of %s)", where, h.Format, strings.Join(timeFormats, ", "))
	if s := suggest(h.Format, timeFormats); s != "" && sameScale(h.Format, s) {
		msg += fmt.Sprintf("; did you mean %q?", s)
	}
	b.problem(h.pos, "%s", msg)
	return "", false
}

// credentialCarrier: a credential, or a header tied to one, is sent in
// this header.
func (b *builder) credentialCarrier(name string) bool {
	key := http.CanonicalHeaderKey(name)
	_, _, tied := b.credentialTiedHeader(key)
	return key == "Authorization" || b.isCredentialHeader(key) || tied
}

// ruleMethods are the methods a retry rule may name, as the grammar's
// enum lists them.
var ruleMethods = []string{"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"}

// retryRules reads retry.when: each rule's conditions, all of which must
// hold, and its retry. A rule with pointer needs equals, and the reverse.
func (b *builder) retryRules(rules []retryRuleConfig) []RetryRule {
	var out []RetryRule
	for i, r := range rules {
		where := fmt.Sprintf("%s.retry.when[%d]", ExtensionKey, i)
		equals := string(r.Equals)
		if strings.HasPrefix(equals, `"`) {
			var text string
			if json.Unmarshal([]byte(equals), &text) == nil {
				equals = text
			}
		}
		switch {
		case r.Pointer != "" && (!strings.HasPrefix(r.Pointer, "/") || hasWildcard(r.Pointer)):
			b.problem(r.keyPos("pointer"), "%s.pointer: %q is not a JSON pointer to one member (want one like \"/error/details/error_code\")", where, r.Pointer)
			continue
		case r.Pointer != "" && r.Equals == "":
			b.problem(r.keyPos("pointer"), "%s: pointer needs equals, the value that makes the rule hold", where)
			continue
		case r.Pointer == "" && r.Equals != "":
			b.problem(r.keyPos("equals"), "%s: equals needs pointer, the member of the error body it is compared with", where)
			continue
		case r.Retry == nil:
			b.problem(r.pos, "%s: give retry (true or false), what a response the rule matches gets", where)
			continue
		case r.Status == 0 && r.Method == "" && r.Pointer == "" && !r.RetryAfter:
			b.problem(r.pos, "%s: give a condition (status, method, pointer with equals, retryAfter); a rule for every response would replace the policy", where)
			continue
		case r.Method != "" && !slices.Contains(ruleMethods, r.Method):
			hint := ""
			if slices.Contains(ruleMethods, strings.ToUpper(r.Method)) {
				hint = fmt.Sprintf(" (did you mean %q?)", strings.ToUpper(r.Method))
			}
			b.problem(r.keyPos("method"), "%s.method: unknown method %q (want one of %s)%s", where, r.Method, strings.Join(ruleMethods, ", "), hint)
			continue
		}
		out = append(out, RetryRule{Status: r.Status, Method: r.Method, Pointer: r.Pointer, Equals: equals, RetryAfter: r.RetryAfter, Retry: *r.Retry})
	}
	return out
}
