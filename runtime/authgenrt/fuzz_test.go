package authgenrt

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
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
		e := &APIError{StatusCode: 400, Body: body, Provider: "fuzz"}
		e.fillFromBody(ErrorEnvelopeSpec{Code: codePtr, Message: msgPtr, Details: codePtr}, contentType)
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
		for _, format := range []HeaderFormat{FormatSeconds, FormatMilliseconds, FormatUnixEpoch, FormatHTTPDate, formatAuto} {
			if d, ok := parseDelay(value, format, now); ok && (d < 0 || d > maxHeaderDelay) {
				t.Fatalf("parseDelay(%q, %d) = %v", value, format, d)
			}
			_, _ = parseTime(value, format, now)
		}
		spec := &ProviderSpec{RateLimit: RateLimitSpec{Limit: "L", Remaining: "R", Reset: HeaderSpec{Name: "T", Format: FormatUnixEpoch}}}
		_ = spec.readRateLimit(http.Header{"L": {value}, "R": {value}, "T": {value}}, now)
	})
}

// FuzzLookupPointer: the syntax walk of lookupPointer finds what decoding
// the document level by level finds, byte for byte (the last of repeated
// members, escaped keys, ~0 and ~1), and nothing in a document that is not
// valid JSON.
func FuzzLookupPointer(f *testing.F) {
	for _, seed := range [][2]string{
		{`{"success":true,"data":{"company_name":"Acme"}}`, "/data"},
		{`{"a":1,"a":2}`, "/a"},
		{`{"a\u0062":[10, {"c" : "d"}]}`, "/ab/1/c"},
		{`{"a/b":{"m~n":" x "}}`, "/a~1b/m~0n"},
		{`[1,[2,3],"]"]`, "/1/1"},
		{`{"a":"}\"{","b":[]}`, "/b"},
		{`{"a":1`, "/a"},
		{` { "k" : null } `, "/k"},
	} {
		f.Add([]byte(seed[0]), seed[1])
	}
	f.Fuzz(func(t *testing.T, doc []byte, pointer string) {
		got, want := lookupPointer(doc, pointer), lookupPointerByDecoding(doc, pointer)
		if !bytes.Equal(got, want) || (got == nil) != (want == nil) {
			t.Fatalf("lookupPointer(%q, %q) = %q, decoding finds %q", doc, pointer, got, want)
		}
	})
}

// lookupPointerByDecoding is the obvious lookup, one decode per level: the
// reference lookupPointer must agree with.
func lookupPointerByDecoding(doc json.RawMessage, pointer string) json.RawMessage {
	if pointer == "" || pointer[0] != '/' || !json.Valid(doc) {
		return nil
	}
	cur := doc
	for _, token := range strings.Split(pointer[1:], "/") {
		token = strings.ReplaceAll(strings.ReplaceAll(token, "~1", "/"), "~0", "~")
		cur = bytes.TrimSpace(cur)
		if len(cur) == 0 {
			return nil
		}
		switch cur[0] {
		case '{':
			var obj map[string]json.RawMessage
			if json.Unmarshal(cur, &obj) != nil {
				return nil
			}
			next, ok := obj[token]
			if !ok {
				return nil
			}
			cur = next
		case '[':
			var arr []json.RawMessage
			i, err := strconv.Atoi(token)
			if err != nil || json.Unmarshal(cur, &arr) != nil || i < 0 || i >= len(arr) {
				return nil
			}
			cur = arr[i]
		default:
			return nil
		}
	}
	return cur
}
