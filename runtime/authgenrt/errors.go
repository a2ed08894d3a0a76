package authgenrt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
	"math"
	"mime"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// maxErrorBody caps how much of an error response is read and kept.
const maxErrorBody = 64 << 10

// APIError is every non-2xx response the client gives up on.
//
// A failed call returns one of four kinds of error; branch on them in this
// order:
//
//   - the vendor's own codes: errors.Is(err, ErrSomeCode), for each code the
//     spec lists, matched on Code;
//   - the status: errors.Is(err, ErrNotFound), ErrRateLimited, ErrServer (any
//     5xx) and the other status sentinels; errors.As(err, &apiErr) for the
//     status, the vendor's message, RetryAfter, RateLimit and the metering
//     headers;
//   - *DecodeError: the server said yes (2xx) but its body did not match the
//     operation's schema; status and body are kept;
//   - anything else is the transport or the context: errors.Is(err,
//     context.DeadlineExceeded) and friends work, and ErrMissingCredential
//     means no configured credential satisfies the operation's security.
//
// ExampleAPIError shows the whole switch.
type APIError struct {
	// StatusCode is the HTTP status of the final response.
	StatusCode int
	// Code is the vendor's error code from its error envelope, if any.
	Code string
	// Message is the vendor's human-readable message, or a summary of the
	// body when the response had no envelope.
	Message string
	// Details is the envelope's details member, verbatim.
	Details json.RawMessage
	// Operation is the operationId of the call, or "METHOD path" for Do.
	Operation string
	// RequestID is the provider's request identifier, for support tickets:
	// the spec's request-ID header, else the error body's member the spec
	// names (errors.envelope.requestId).
	RequestID string
	// RetryAfter is how long the server asked the client to wait; zero if it
	// asked nothing.
	RetryAfter time.Duration
	// RateLimit is the rate-limit state the response reported.
	RateLimit RateLimit
	// Attempts is how many requests were sent, retries included.
	Attempts int
	// Header is the final response's header.
	Header http.Header
	// Body is the final response's body, capped at 64 KiB.
	Body []byte

	// Provider is the client's package name, the first word of Error.
	Provider    string
	sentinels   []error // the vendor codes' sentinels, for the codes the spec lists
	adHoc       bool    // from Client.Do: Operation is "METHOD path", not named in Error
	rateLimited bool    // a rate limit signalled by another status than 429
	stopped     string  // why a retryable failure was not retried
}

// Error reads like "acme: getAccount: 401 Unauthorized: INVALID_API_KEY:
// API key is invalid": the package, the operation (left out for Client.Do),
// the status, and the vendor's code and message when the body has them. A
// retryable failure the client stopped retrying ends with why: "(not
// retried: wait 3m0s exceeds MaxWait 1m0s)".
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString(e.Provider)
	b.WriteString(": ")
	if e.Operation != "" && !e.adHoc {
		b.WriteString(e.Operation)
		b.WriteString(": ")
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	if text := http.StatusText(e.StatusCode); text != "" {
		b.WriteString(" ")
		b.WriteString(text)
	}
	if e.Code != "" {
		b.WriteString(": ")
		b.WriteString(e.Code)
	}
	if e.Message != "" && e.Message != e.Code {
		b.WriteString(": ")
		b.WriteString(e.Message)
	}
	if e.stopped != "" {
		b.WriteString(" (not retried: ")
		b.WriteString(e.stopped)
		b.WriteString(")")
	}
	return b.String()
}

// GoString keeps %#v to the same safe summary as Error.
func (e *APIError) GoString() string { return "&APIError{" + e.Error() + "}" }

// Is matches the status sentinels by StatusCode and the code sentinels by
// Code.
func (e *APIError) Is(target error) bool {
	s, ok := target.(*sentinelError)
	if !ok {
		return false
	}
	for _, own := range e.sentinels {
		if own == target {
			return true
		}
	}
	if e.rateLimited && target == ErrRateLimited {
		return true // a 403 with the budget at 0, where the spec says so
	}
	return s.matchesStatus(e.StatusCode)
}

// sentinelError is the type of every Err... variable of the package.
type sentinelError struct {
	text      string
	minStatus int // 0 for a code sentinel
	maxStatus int
}

func (s *sentinelError) Error() string { return s.text }

func (s *sentinelError) matchesStatus(code int) bool {
	return s.minStatus != 0 && code >= s.minStatus && code <= s.maxStatus
}

func newStatusSentinel(text string, status int) error {
	return &sentinelError{text: text, minStatus: status, maxStatus: status}
}

func NewCodeSentinel(code string) error { return &sentinelError{text: code} }

// The status sentinels. errors.Is(err, ErrNotFound) is true for any
// *APIError with that status; a vendor code whose Go name is the same as one
// of these (rate_limited gives ErrRateLimited) matches it too.
var (
	// ErrBadRequest matches 400 Bad Request.
	ErrBadRequest = newStatusSentinel("bad request", http.StatusBadRequest)
	// ErrUnauthorized matches 401 Unauthorized.
	ErrUnauthorized = newStatusSentinel("unauthorized", http.StatusUnauthorized)
	// ErrPaymentRequired matches 402 Payment Required.
	ErrPaymentRequired = newStatusSentinel("payment required", http.StatusPaymentRequired)
	// ErrForbidden matches 403 Forbidden.
	ErrForbidden = newStatusSentinel("forbidden", http.StatusForbidden)
	// ErrNotFound matches 404 Not Found.
	ErrNotFound = newStatusSentinel("not found", http.StatusNotFound)
	// ErrConflict matches 409 Conflict.
	ErrConflict = newStatusSentinel("conflict", http.StatusConflict)
	// ErrUnprocessableEntity matches 422 Unprocessable Entity.
	ErrUnprocessableEntity = newStatusSentinel("unprocessable entity", http.StatusUnprocessableEntity)
	// ErrRateLimited matches 429 Too Many Requests.
	ErrRateLimited = newStatusSentinel("rate limited", http.StatusTooManyRequests)
	// ErrServer matches every 5xx status.
	ErrServer error = &sentinelError{text: "server error", minStatus: 500, maxStatus: 599}
)

// DecodeError is a 2xx response whose body does not match the operation's
// schema. It is not an *APIError: the server said yes, the client could not
// read the answer. Status and body are kept for diagnosis.
type DecodeError struct {
	// Operation is the operationId of the call, or "METHOD path" for Do.
	Operation string
	// StatusCode is the 2xx status of the response.
	StatusCode int
	// Header is the response's header.
	Header http.Header
	// Body is the response's body, capped at 64 KiB.
	Body []byte
	// Err is what went wrong decoding it.
	Err error

	// Provider is the client's package name, the first word of Error.
	Provider string
}

// Error names the provider, the operation and the status.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("%s: %s: decoding %d response: %v", e.Provider, e.Operation, e.StatusCode, e.Err)
}

// Unwrap returns the decoding error, for errors.Is and errors.As.
func (e *DecodeError) Unwrap() error { return e.Err }

// GoString keeps %#v to the same summary as Error.
func (e *DecodeError) GoString() string { return "&DecodeError{" + e.Error() + "}" }

// ErrorEnvelopeSpec says where the vendor's error envelope keeps its parts,
// as JSON pointers into the body.
type ErrorEnvelopeSpec struct {
	Code    string
	Message string // a * segment (/errors/*/message) joins every message
	Details string
	// RequestID is where the body keeps the request's identifier (Box's
	// /request_id), read when the RequestIDHeader is absent.
	RequestID string
}

// fillFromBody sets Code, Message and Details from the body: the spec's
// envelope first, then RFC 9457 problem details, then the usual shapes,
// then whatever text the body has. It never fails; a body it cannot read
// leaves a summary.
func (e *APIError) fillFromBody(env ErrorEnvelopeSpec, contentType string, alternatives ...ErrorEnvelopeSpec) {
	body := bytes.TrimSpace(e.Body)
	mediaType, _, _ := mime.ParseMediaType(contentType)
	if len(body) == 0 {
		return
	}
	if json.Valid(body) {
		doc := json.RawMessage(body)
		// The spec's envelope, then its other shapes in order: the first
		// that yields a code or a message describes this body.
		for _, shape := range append([]ErrorEnvelopeSpec{env}, alternatives...) {
			e.Code = scalarText(lookupPointer(doc, shape.Code))
			e.Message = envelopeText(doc, shape.Message, messageText)
			if e.Code == "" && e.Message == "" {
				continue
			}
			if raw := lookupPointer(doc, shape.Details); raw != nil {
				e.Details = raw
			}
			break
		}
		if e.Code == "" && e.Message == "" {
			e.fillFromProblem(doc, mediaType)
		}
		if e.Code == "" && e.Message == "" {
			e.fillFromCommonShapes(doc)
		}
		return
	}
	switch {
	case mediaType == "text/html" || looksLikeHTML(body):
		e.Message = htmlTitle(body)
	default:
		e.Message = firstLine(body)
	}
}

// fillFromProblem reads RFC 9457 problem details.
func (e *APIError) fillFromProblem(doc json.RawMessage, mediaType string) {
	title := scalarText(lookupPointer(doc, "/title"))
	detail := scalarText(lookupPointer(doc, "/detail"))
	if mediaType != "application/problem+json" && (title == "" || detail == "") {
		return
	}
	if t := scalarText(lookupPointer(doc, "/type")); t != "about:blank" {
		e.Code = t
	}
	e.Message = detail
	if e.Message == "" {
		e.Message = title
	}
}

// fillFromCommonShapes covers envelopes a spec did not declare: a top-level
// message or error string, or an "error"/"errors" member shaped like the
// usual ones.
func (e *APIError) fillFromCommonShapes(doc json.RawMessage) {
	for _, probe := range []struct{ code, message string }{
		{"/error/code", "/error/message"},
		{"/error/type", "/error/message"},
		{"/errors/0/code", "/errors/0/message"},
		{"/errors/0/code", "/errors/0/detail"},
		{"/code", "/message"},
		{"/error", "/error_description"},
		{"", "/error"},
		{"", "/message"},
		{"", "/detail"},
	} {
		code := scalarText(lookupPointer(doc, probe.code))
		msg := scalarText(lookupPointer(doc, probe.message))
		if msg != "" {
			e.Code, e.Message = code, msg
			return
		}
	}
}

// lookupPointer resolves an RFC 6901 JSON pointer in a JSON document; nil
// when the pointer is empty or leads nowhere, or the document is not
// valid JSON. The value comes back byte for byte, a slice of doc: it walks
// the document's syntax rather than decoding it, so a call on every
// response (the success envelope) allocates nothing. Of members with the
// same name the last counts, as encoding/json has it.
func lookupPointer(doc json.RawMessage, pointer string) json.RawMessage {
	if pointer == "" || pointer[0] != '/' || !json.Valid(doc) {
		return nil
	}
	cur := []byte(doc)
	rest := pointer[1:]
	for {
		token, more, found := strings.Cut(rest, "/")
		if strings.Contains(token, "~") {
			token = strings.ReplaceAll(strings.ReplaceAll(token, "~1", "/"), "~0", "~")
		}
		cur = skipSpace(cur)
		switch {
		case len(cur) == 0:
			return nil
		case cur[0] == '{':
			next, ok := jsonMember(cur, token)
			if !ok {
				return nil
			}
			cur = next
		case cur[0] == '[':
			i, err := strconv.Atoi(token)
			if err != nil || i < 0 {
				return nil
			}
			next, ok := jsonElement(cur, i)
			if !ok {
				return nil
			}
			cur = next
		default:
			return nil
		}
		if !found {
			return cur
		}
		rest = more
	}
}

// jsonMember is the value of the last member named name in the JSON
// object obj begins with (text may follow it).
func jsonMember(obj []byte, name string) (value []byte, ok bool) {
	eachMember(obj, func(key, v []byte) {
		if keyEquals(key, name) {
			value, ok = v, true
		}
	})
	return value, ok
}

// eachMember calls visit with each top-level member of the JSON object obj,
// its key still quoted; false when obj is not a well-formed object or text
// follows it (the members before are visited all the same). Here, not in
// the unions' file, because every client reads error bodies with it. Values
// are skipped, not checked: the decode that follows checks them.
func eachMember(obj []byte, visit func(key, value []byte)) bool {
	if len(obj) == 0 || obj[0] != '{' {
		return false
	}
	rest := skipSpace(obj[1:])
	if len(rest) > 0 && rest[0] == '}' {
		return len(skipSpace(rest[1:])) == 0
	}
	for {
		if len(rest) == 0 || rest[0] != '"' {
			return false
		}
		keyEnd := skipString(rest)
		if keyEnd < 2 || rest[keyEnd-1] != '"' {
			return false
		}
		key := rest[:keyEnd]
		rest = skipSpace(rest[keyEnd:])
		if len(rest) == 0 || rest[0] != ':' {
			return false
		}
		rest = skipSpace(rest[1:])
		valueEnd := skipValue(rest)
		if valueEnd == 0 {
			return false
		}
		visit(key, rest[:valueEnd])
		rest = skipSpace(rest[valueEnd:])
		if len(rest) == 0 {
			return false
		}
		switch rest[0] {
		case ',':
			rest = skipSpace(rest[1:])
		case '}':
			return len(skipSpace(rest[1:])) == 0
		default:
			return false
		}
	}
}

// jsonElement is the i-th element of the valid JSON array arr.
func jsonElement(arr []byte, i int) ([]byte, bool) {
	rest := skipSpace(arr[1:])
	for n := 0; len(rest) > 0 && rest[0] != ']'; n++ {
		end := skipValue(rest)
		if n == i {
			return rest[:end], true
		}
		rest = skipSpace(rest[end:])
		if len(rest) > 0 && rest[0] == ',' {
			rest = skipSpace(rest[1:])
		}
	}
	return nil, false
}

// keyEquals compares a quoted JSON key with a name; only a key with
// escapes is decoded.
func keyEquals(quoted []byte, name string) bool {
	inner := quoted[1 : len(quoted)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return string(inner) == name
	}
	var key string
	return json.Unmarshal(quoted, &key) == nil && key == name
}

func skipSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\n' || b[0] == '\r') {
		b = b[1:]
	}
	return b
}

// skipString is the length of the JSON string b starts with, quotes
// included.
func skipString(b []byte) int {
	for i := 1; i < len(b); i++ {
		switch b[i] {
		case '\\':
			i++
		case '"':
			return i + 1
		}
	}
	return len(b)
}

// skipValue is the length of the JSON value b starts with (b is valid).
func skipValue(b []byte) int {
	if len(b) == 0 {
		return 0
	}
	switch b[0] {
	case '"':
		return skipString(b)
	case '{', '[':
		depth := 0
		for i := 0; i < len(b); i++ {
			switch b[i] {
			case '"':
				i += skipString(b[i:]) - 1
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return i + 1
				}
			}
		}
		return len(b)
	}
	for i, c := range b { // a number, true, false or null
		switch c {
		case ',', '}', ']', ' ', '\t', '\n', '\r':
			return i
		}
	}
	return len(b)
}

// scalarText turns a JSON scalar into text; objects, arrays and null give "".
// messageText is scalarText for messages, which vendors also send as a
// list or a map of lists (Shopify: {"errors":{"title":["can't be
// blank"]}}): the first entry, as "title: can't be blank".
func messageText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '[':
		var list []json.RawMessage
		if json.Unmarshal(raw, &list) == nil && len(list) > 0 {
			return messageText(list[0])
		}
		return ""
	case '{':
		var fields map[string]json.RawMessage
		if json.Unmarshal(raw, &fields) != nil || len(fields) == 0 {
			return ""
		}
		keys := make([]string, 0, len(fields))
		for k := range fields {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if inner := messageText(fields[keys[0]]); inner != "" {
			return limitText(keys[0] + ": " + inner)
		}
		return ""
	}
	return scalarText(raw)
}

// ErrorFieldString and its kin read one typed member of an error body for
// ErrorFields; a missing or mistyped member is the zero value.
func ErrorFieldString(doc json.RawMessage, pointer string) string {
	return scalarText(lookupPointer(doc, pointer))
}

func ErrorFieldInt64(doc json.RawMessage, pointer string) int64 {
	n, err := strconv.ParseInt(scalarText(lookupPointer(doc, pointer)), 10, 64)
	if err != nil {
		return 0
	}
	return n
}

func ErrorFieldFloat64(doc json.RawMessage, pointer string) float64 {
	n, err := strconv.ParseFloat(scalarText(lookupPointer(doc, pointer)), 64)
	if err != nil || math.IsNaN(n) || math.IsInf(n, 0) {
		return 0
	}
	return n
}

func ErrorFieldBool(doc json.RawMessage, pointer string) bool {
	return string(bytes.TrimSpace(lookupPointer(doc, pointer))) == "true"
}

func scalarText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) != nil {
			return ""
		}
		return limitText(strings.TrimSpace(s))
	case '{', '[', 'n':
		return ""
	default: // number or boolean, as written
		return limitText(string(raw))
	}
}

// maxMessage keeps a message readable in a log line.
const maxMessage = 512

func limitText(s string) string {
	if len(s) <= maxMessage {
		return s
	}
	cut := maxMessage
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

func firstLine(body []byte) string {
	if !utf8.Valid(body) {
		return "non-text body (" + strconv.Itoa(len(body)) + " bytes)"
	}
	line, _, _ := strings.Cut(string(body), "\n")
	return limitText(strings.TrimSpace(line))
}

func looksLikeHTML(body []byte) bool {
	head := bytes.ToLower(body[:min(len(body), 512)])
	return bytes.HasPrefix(head, []byte("<!doctype html")) || bytes.HasPrefix(head, []byte("<html")) || bytes.Contains(head, []byte("<head"))
}

var titlePattern = regexp.MustCompile(`(?is)<title[^>]*>(.*?)</title>`)
var tagPattern = regexp.MustCompile(`(?s)<[^>]*>`)

// htmlTitle summarises an HTML error page, typically from a proxy, by its
// title, or by its text when it has none.
func htmlTitle(body []byte) string {
	if m := titlePattern.FindSubmatch(body); m != nil {
		return limitText(strings.Join(strings.Fields(html.UnescapeString(string(m[1]))), " "))
	}
	text := tagPattern.ReplaceAllString(string(body), " ")
	return limitText(strings.Join(strings.Fields(html.UnescapeString(text)), " "))
}
