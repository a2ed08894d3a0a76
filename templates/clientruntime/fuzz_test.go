package clientruntime

import (
	"net/http"
	"testing"
	"time"
)

// FuzzErrorBody: no response body makes building an *APIError panic, and
// every result has an Error() string.
func FuzzErrorBody(f *testing.F) {
	for _, seed := range []string{
		`{"error":{"code":"X","message":"m","details":{}}}`, `{"errors":[{"code":1}]}`, `[]`, `null`,
		`<html><title>x</title></html>`, "\xff\xfe", `{"error":`, `{"a":{"b":{"c":[1,2,{"d":"e"}]}}}`,
	} {
		f.Add([]byte(seed), "application/json", "/error/code", "/errors/0/detail")
	}
	f.Fuzz(func(t *testing.T, body []byte, contentType, codePtr, msgPtr string) {
		e := &APIError{StatusCode: 400, Body: body, provider: "fuzz"}
		e.fillFromBody(errorEnvelopeSpec{code: codePtr, message: msgPtr, details: codePtr}, contentType)
		if e.Error() == "" {
			t.Fatal("empty Error()")
		}
	})
}

// FuzzHeaders: no header value makes delay or rate-limit parsing panic, and
// a delay is never negative or beyond a week.
func FuzzHeaders(f *testing.F) {
	for _, seed := range []string{"120", "-1", "1.5", "Wed, 21 Oct 2015 07:28:00 GMT", "1700000000", "", "9999999999999999999999"} {
		f.Add(seed)
	}
	now := time.Unix(1_800_000_000, 0)
	f.Fuzz(func(t *testing.T, value string) {
		for _, format := range []headerFormat{formatSeconds, formatMilliseconds, formatUnixEpoch, formatHTTPDate, formatAuto} {
			if d, ok := parseDelay(value, format, now); ok && (d < 0 || d > maxHeaderDelay) {
				t.Fatalf("parseDelay(%q, %d) = %v", value, format, d)
			}
			_, _ = parseTime(value, format, now)
		}
		spec := &providerSpec{rateLimit: rateLimitSpec{limit: "L", remaining: "R", reset: headerSpec{name: "T", format: formatUnixEpoch}}}
		_ = spec.readRateLimit(http.Header{"L": {value}, "R": {value}, "T": {value}}, now)
	})
}
