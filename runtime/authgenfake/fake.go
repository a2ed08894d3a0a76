package authgenfake

// The fake provider's machinery, copied into every <pkg>fake package: an
// httptest server that routes by the spec's paths, enforces each
// operation's security, answers with the vendor's error envelope and
// rate-limit headers, injects faults and records requests. The generated
// half (fake.go) adds the typed On<Method> handlers and Client.

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a fake of the provider for tests: it answers the client's
// requests with the handlers given, the way the provider does.
type Server struct {
	tb       testing.TB
	srv      *httptest.Server
	mu       sync.Mutex
	handlers map[string]fakeHandler
	requests []Request
	calls    map[string]int
	faults   map[string]map[int]Fault
	now      func() time.Time
	// lead is how long the fake's clients have waited on its clock (see
	// Clock): the fake's time is now() plus lead.
	lead     time.Duration
	limit    int
	window   time.Duration
	windowAt time.Time
	used     int
}

// Request is one request the fake received; credentials are redacted.
type Request struct {
	// Operation is the operationId the request matched ("" for none).
	Operation string
	Method    string
	// Path is the request's path and query, with any query credential
	// redacted.
	Path   string
	Header http.Header
	Body   []byte
}

// Fault is what the fake does instead of answering, for one call.
type Fault struct {
	// Status answers with this status and the vendor's error envelope.
	Status int
	// Delay waits this long before answering (or before the fault).
	Delay time.Duration
	// Drop closes the connection without an answer.
	Drop bool
}

// fakeHandler answers one matched call.
type fakeHandler func(ctx context.Context, c *fakeCall) (any, error)

// fakeCall is what a handler reads its arguments from.
type fakeCall struct {
	header http.Header // headers of the answer a handler may set
	r      *http.Request
	path   []string
	body   []byte
	route  *fakeRoute
	server *Server
}

// apiError is what Error returns: the fake sends it as the vendor's error.
type apiError struct {
	status        int
	code, message string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message)
}

// Error returns an error that a handler returns to make the fake answer
// with status and the vendor's own error envelope holding code and message.
func Error(status int, code, message string) error {
	return &apiError{status: status, code: code, message: message}
}

// NewServer starts a fake provider for the test; it stops when the test
// ends.
func NewServer(tb testing.TB) *Server {
	tb.Helper()
	s := &Server{tb: tb, handlers: map[string]fakeHandler{}, calls: map[string]int{}, faults: map[string]map[int]Fault{}, now: time.Now}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.srv.Close)
	return s
}

// URL is the fake's base URL, the environment's path included.
func (s *Server) URL() string { return s.srv.URL + fakeBasePath }

// SetClock replaces the clock the fake's time starts from (the real one
// by default). The time its clients have waited on it (see Clock) is
// added; the rate limit's window runs on the sum.
func (s *Server) SetClock(now func() time.Time) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.now = now
}

// Clock is the clock the clients of Client and Options keep (WithClock
// with its Now and Sleep): the fake's time, on which a wait passes at once
// and moves that time on by its length. A retry after the fake's 60-second Retry-After takes no real
// time and finds the window over, so a test of rate limiting stays fast.
// A context's deadline still counts such waits as if they were real.
func (s *Server) Clock() *Clock { return &Clock{s: s} }

// Clock is the fake's time, as its clients keep it; see Server.Clock.
type Clock struct{ s *Server }

// Now is the fake's time.
func (c *Clock) Now() time.Time {
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	return c.s.timeLocked()
}

// Sleep returns at once, having moved the fake's time on by d, unless
// ctx is already done.
func (c *Clock) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	c.s.mu.Lock()
	defer c.s.mu.Unlock()
	c.s.lead += max(d, 0)
	return nil
}

// timeLocked is the fake's time; s.mu is held.
func (s *Server) timeLocked() time.Time { return s.now().Add(s.lead) }

// RateLimit makes the fake allow limit requests per window; the next ones
// get 429 with the provider's rate-limit and delay headers, until the
// window (on the fake's clock) ends.
func (s *Server) RateLimit(limit int, window time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limit, s.window, s.windowAt, s.used = limit, window, s.timeLocked(), 0
}

// Fail makes the n-th call (from 1) of the operation fail as f says.
func (s *Server) Fail(operationID string, n int, f Fault) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.faults[operationID] == nil {
		s.faults[operationID] = map[int]Fault{}
	}
	s.faults[operationID][n] = f
}

// Requests are the requests received so far, in order.
func (s *Server) Requests() []Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]Request(nil), s.requests...)
}

func (s *Server) on(operationID string, h fakeHandler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[operationID] = h
}

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == tokenPath || isTokenPath(r.URL.Path) {
		s.serveToken(w, r)
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	route, path := matchRoute(r.Method, strings.TrimPrefix(r.URL.EscapedPath(), fakeBasePath))
	op := ""
	if route != nil {
		op = route.operation
	}
	s.mu.Lock()
	s.requests = append(s.requests, Request{Operation: op, Method: r.Method, Path: redactQuery(r.URL), Header: redactHeader(r.Header), Body: body})
	s.calls[op]++
	n := s.calls[op]
	fault, faulted := s.faults[op][n]
	handler := s.handlers[op]
	s.mu.Unlock()

	s.writeRateLimitHeaders(w)
	if route == nil {
		s.writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("the fake has no operation %s %s", r.Method, r.URL.Path))
		return
	}
	if faulted {
		if fault.Delay > 0 {
			select {
			case <-time.After(fault.Delay):
			case <-r.Context().Done():
				return
			}
		}
		if fault.Drop {
			// The answer starts and the connection drops mid-body: a
			// failure the client sees, which the transport does not hide
			// by resending on its own.
			if hj, ok := w.(http.Hijacker); ok {
				if conn, buf, err := hj.Hijack(); err == nil {
					_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
					_ = buf.Flush()
					conn.Close()
					return
				}
			}
		}
		if fault.Status != 0 {
			s.writeError(w, fault.Status, statusCode(fault.Status), fmt.Sprintf("injected fault on call %d of %s", n, op))
			return
		}
	}
	if !s.authorized(r, route) {
		s.writeError(w, http.StatusUnauthorized, fakeUnauthorizedCode, "the fake got no valid credential for "+op)
		return
	}
	if s.rateLimited(w) {
		s.writeError(w, http.StatusTooManyRequests, fakeRateLimitedCode, "rate limited by the fake")
		return
	}
	if handler == nil {
		s.tb.Logf("fake: %s: 501: no handler; set one with On%s", op, route.method)
		s.writeError(w, http.StatusNotImplemented, "not_implemented", "the fake has no handler for "+op+"; set one with On"+route.method)
		return
	}
	call := &fakeCall{header: w.Header(), r: r, path: path, body: body, route: route, server: s}
	out, err := handler(r.Context(), call)
	var bad *badRequest
	var apiErr *apiError
	switch {
	case errors.As(err, &bad):
		s.tb.Logf("fake: %s: 400: %s", op, bad.why) // the envelope may have no room for why
		s.writeError(w, http.StatusBadRequest, "invalid_request", bad.why)
		return
	case errors.As(err, &apiErr):
		s.writeError(w, apiErr.status, apiErr.code, apiErr.message)
		return
	case err != nil:
		s.writeError(w, http.StatusInternalServerError, "internal_error", err.Error())
		return
	}
	s.writeResult(w, route, out)
}

// writeResult sends a handler's result: JSON, a stream, or no content.
func (s *Server) writeResult(w http.ResponseWriter, route *fakeRoute, out any) {
	if p, ok := out.(rawPage); ok {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(route.status)
		_ = json.NewEncoder(w).Encode(p.v) // already the body as sent, envelope and all
		return
	}
	if out == nil || reflect.ValueOf(out).Kind() == reflect.Pointer && reflect.ValueOf(out).IsNil() {
		w.WriteHeader(http.StatusNoContent)
		return
	}
	if rc, ok := out.(io.ReadCloser); ok {
		defer rc.Close()
		w.Header().Set("Content-Type", "application/octet-stream")
		w.WriteHeader(route.status)
		_, _ = io.Copy(w, rc)
		return
	}
	body, err := json.Marshal(wrapSuccess(route, out))
	if err != nil {
		s.tb.Errorf("fake: %s: the handler's result does not encode: %v", route.operation, err)
		s.writeError(w, http.StatusInternalServerError, "internal_error", "the handler's result does not encode")
		return
	}
	body = asSuccess(body)
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(route.status)
	_, _ = w.Write(body)
}

// asSuccess keeps a handler's success from reading as the provider's
// in-band failure (Slack's ok: false in a zero value): a success is sent
// as one.
func asSuccess(body []byte) []byte {
	f := fakeEnvelope
	if f.failurePointer == "" {
		return body
	}
	var doc map[string]any
	if json.Unmarshal(body, &doc) != nil {
		return body
	}
	parts := strings.Split(strings.TrimPrefix(f.failurePointer, "/"), "/")
	m := doc
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			return body
		}
		m = next
	}
	last := parts[len(parts)-1]
	got, _ := json.Marshal(m[last])
	if string(got) != f.failureEquals {
		return body
	}
	switch f.failureEquals {
	case "false":
		m[last] = true
	case "true":
		m[last] = false
	default:
		delete(m, last)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return body
	}
	return out
}

// wrapSuccess puts a result into the provider's success envelope, when
// it has one.
func wrapSuccess(route *fakeRoute, out any) any {
	pointer := route.successData
	if pointer == "" {
		return out
	}
	return nest(pointer, out)
}

// nest builds {"a": {"b": value}} for the pointer /a/b.
func nest(pointer string, value any) any {
	parts := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	for i := len(parts) - 1; i >= 0; i-- {
		key := strings.ReplaceAll(strings.ReplaceAll(parts[i], "~1", "/"), "~0", "~")
		value = map[string]any{key: value}
	}
	return value
}

// merge adds src's members into dst, recursively.
func merge(dst, src map[string]any) {
	for k, v := range src {
		if sub, ok := v.(map[string]any); ok {
			if d, ok := dst[k].(map[string]any); ok {
				merge(d, sub)
				continue
			}
		}
		dst[k] = v
	}
}

// writeError sends the vendor's error envelope.
func (s *Server) writeError(w http.ResponseWriter, status int, code, message string) {
	body := map[string]any{}
	if fakeEnvelope.code != "" {
		merge(body, nest(fakeEnvelope.code, code).(map[string]any))
	}
	if fakeEnvelope.message != "" {
		merge(body, nest(fakeEnvelope.message, message).(map[string]any))
	}
	if fakeEnvelope.code == "" && fakeEnvelope.message == "" {
		body = map[string]any{"code": code, "message": message}
	}
	if fakeEnvelope.failurePointer != "" {
		var equals any
		_ = json.Unmarshal([]byte(fakeEnvelope.failureEquals), &equals)
		merge(body, nest(fakeEnvelope.failurePointer, equals).(map[string]any))
	}
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(body)
}

func statusCode(status int) string {
	return strings.ReplaceAll(strings.ToLower(http.StatusText(status)), " ", "_")
}

// rateLimited counts the request against the window.
func (s *Server) rateLimited(w http.ResponseWriter) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limit <= 0 {
		return false
	}
	now := s.timeLocked()
	if now.Sub(s.windowAt) >= s.window {
		s.windowAt, s.used = now, 0
	}
	s.used++
	if s.used <= s.limit {
		return false
	}
	wait := s.windowAt.Add(s.window).Sub(now)
	reset := s.windowAt.Add(s.window)
	for _, h := range fakeDelayHeaders {
		w.Header().Set(h.name, formatTime(h.format, wait, reset))
	}
	if len(fakeDelayHeaders) == 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int((wait+time.Second-1)/time.Second)))
	}
	return true
}

// writeRateLimitHeaders sends the provider's rate-limit headers, when a
// limit is set.
func (s *Server) writeRateLimitHeaders(w http.ResponseWriter) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.limit <= 0 {
		return
	}
	now := s.timeLocked()
	used, windowAt := s.used, s.windowAt
	if now.Sub(windowAt) >= s.window {
		used, windowAt = 0, now
	}
	remaining := max(s.limit-used-1, 0)
	if fakeRateLimit.limit != "" {
		w.Header().Set(fakeRateLimit.limit, strconv.Itoa(s.limit))
	}
	if fakeRateLimit.remaining != "" {
		w.Header().Set(fakeRateLimit.remaining, strconv.Itoa(remaining))
	}
	if fakeRateLimit.bucket != "" {
		w.Header().Set(fakeRateLimit.bucket, fmt.Sprintf("%d/%d", min(used+1, s.limit), s.limit))
	}
	if fakeRateLimit.reset.name != "" {
		reset := windowAt.Add(s.window)
		w.Header().Set(fakeRateLimit.reset.name, formatTime(fakeRateLimit.reset.format, reset.Sub(now), reset))
	}
}

// formatTime writes a wait or an instant in a header format.
func formatTime(format string, wait time.Duration, at time.Time) string {
	switch format {
	case "milliseconds":
		return strconv.FormatInt(wait.Milliseconds(), 10)
	case "unix-epoch":
		return strconv.FormatInt(at.Unix(), 10)
	case "http-date":
		return at.UTC().Format(http.TimeFormat)
	case "duration":
		return wait.Round(time.Millisecond).String()
	}
	return strconv.FormatInt(int64((wait+time.Second-1)/time.Second), 10)
}

// fakeRoute is one operation's method and path, as the spec gives them.
type fakeRoute struct {
	operation   string
	method      string // the client's Go method, for messages
	verb        string
	pattern     []fakePiece // the path without its leading and trailing slash
	security    [][]string
	status      int // the success status to answer with
	successData string
	paging      *fakePaging
}

// fakePiece is a piece of a route's path: literal text, or (lit empty)
// the path parameter at index param of the operation's path parameters,
// which takes one segment, or several when multi (GitHub's x-multi-segment
// file paths).
type fakePiece struct {
	lit   string
	param int
	multi bool
}

// matchRoute finds the operation of a request path; path holds the
// parameters' values, unescaped, in the order of the operation's path
// parameters. Of several routes that match (/users/me and /users/{id}) the
// one with the most literal text wins.
func matchRoute(verb, escapedPath string) (*fakeRoute, []string) {
	path := strings.Trim(escapedPath, "/")
	var best *fakeRoute
	var bestValues []string
	bestLiteral := -1
	for i := range fakeRoutes {
		rt := &fakeRoutes[i]
		if rt.verb != verb {
			continue
		}
		literal, params := 0, 0
		for _, p := range rt.pattern {
			literal += len(p.lit)
			if p.lit == "" {
				params = max(params, p.param+1)
			}
		}
		if literal <= bestLiteral {
			continue
		}
		values := make([]string, params)
		if matchPieces(rt.pattern, path, values) {
			best, bestValues, bestLiteral = rt, values, literal
		}
	}
	return best, bestValues
}

// matchPieces matches path against pieces, a parameter taking the
// shortest value that lets the rest match ({name}.{ext} on a.tar.gz: a,
// tar.gz); a value is never empty and holds a slash only when multi.
func matchPieces(pieces []fakePiece, path string, values []string) bool {
	if len(pieces) == 0 {
		return path == ""
	}
	p := pieces[0]
	if p.lit != "" {
		rest, ok := strings.CutPrefix(path, p.lit)
		return ok && matchPieces(pieces[1:], rest, values)
	}
	for end := 1; end <= len(path); end++ {
		if !p.multi && path[end-1] == '/' {
			return false
		}
		v, err := unescapePath(path[:end])
		if err != nil {
			continue
		}
		values[p.param] = v
		if matchPieces(pieces[1:], path[end:], values) {
			return true
		}
	}
	return false
}

func unescapePath(s string) (string, error) {
	return url.PathUnescape(s)
}

// fakeScheme is a security scheme and the credential the fake accepts.
type fakeScheme struct {
	name   string
	kind   string // "bearer", "header", "query", "cookie", "basic", "oauth2"
	param  string
	secret string // the valid key or token; for basic, the password; for oauth2, the access token it issues
	user   string // basic: the user name sent (shape applied)
	// oauth2: the flow's token URL, which the fake answers in its place,
	// and the client it accepts there.
	tokenURL, clientID, clientSecret string
}

// tokenPath is where the fake answers a token request.
const tokenPath = "/__authgen_fake/oauth/token"

// transport sends token requests for the flows' token URLs to the fake;
// everything else goes out as it is.
func (s *Server) transport() http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		for _, sc := range fakeSchemes {
			if sc.tokenURL != "" && strings.TrimSuffix(r.URL.Scheme+"://"+r.URL.Host+r.URL.Path, "/") == strings.TrimSuffix(sc.tokenURL, "/") {
				u, _ := url.Parse(s.srv.URL + tokenPath)
				r = r.Clone(r.Context())
				r.URL, r.Host = u, u.Host
				break
			}
		}
		return http.DefaultTransport.RoundTrip(r)
	})
}

// isTokenPath: a token URL the spec gives relative to the API's server
// comes to the fake as this path.
func isTokenPath(path string) bool {
	for _, sc := range fakeSchemes {
		if sc.tokenURL == "" || strings.Contains(sc.tokenURL, "://") {
			continue
		}
		if path == sc.tokenURL || path == fakeBasePath+"/"+strings.TrimPrefix(sc.tokenURL, "/") {
			return true
		}
	}
	return false
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// serveToken is the OAuth 2.0 token endpoint of every flow the spec
// declares: a client it knows gets the scheme's access token.
func (s *Server) serveToken(w http.ResponseWriter, r *http.Request) {
	_ = r.ParseForm()
	id, secret, ok := r.BasicAuth()
	if ok {
		id, _ = url.QueryUnescape(id)
		secret, _ = url.QueryUnescape(secret)
	} else {
		id, secret = r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")
	}
	w.Header().Set("Content-Type", "application/json")
	for _, sc := range fakeSchemes {
		if sc.kind == "oauth2" && sc.clientID != "" && id == sc.clientID && secret == sc.clientSecret {
			_ = json.NewEncoder(w).Encode(map[string]any{"access_token": sc.secret, "token_type": "Bearer", "expires_in": 3600})
			return
		}
	}
	w.WriteHeader(http.StatusUnauthorized)
	_ = json.NewEncoder(w).Encode(map[string]any{"error": "invalid_client"})
}

// authorized: the request satisfies one of the operation's alternatives.
func (s *Server) authorized(r *http.Request, rt *fakeRoute) bool {
	if len(rt.security) == 0 {
		return true
	}
	for _, alt := range rt.security {
		all := true
		for _, name := range alt {
			all = all && schemeSatisfied(r, name)
		}
		if all {
			return true
		}
	}
	return false
}

func schemeSatisfied(r *http.Request, name string) bool {
	for _, sc := range fakeSchemes {
		if sc.name != name {
			continue
		}
		switch sc.kind {
		case "bearer", "oauth2":
			return r.Header.Get("Authorization") == "Bearer "+sc.secret
		case "header":
			return r.Header.Get(sc.param) == sc.secret
		case "query":
			return r.URL.Query().Get(sc.param) == sc.secret
		case "cookie":
			c, err := r.Cookie(sc.param)
			return err == nil && c.Value == sc.secret
		case "basic":
			user, pass, ok := r.BasicAuth()
			return ok && user == sc.user && pass == sc.secret
		}
	}
	return false
}

func redactHeader(h http.Header) http.Header {
	out := h.Clone()
	for _, sc := range fakeSchemes {
		switch sc.kind {
		case "bearer", "basic", "oauth2":
			if out.Get("Authorization") != "" {
				out.Set("Authorization", "[redacted]")
			}
		case "header":
			if out.Get(sc.param) != "" {
				out.Set(sc.param, "[redacted]")
			}
		case "cookie":
			if out.Get("Cookie") != "" {
				out.Set("Cookie", "[redacted]")
			}
		}
	}
	return out
}

func redactQuery(u *url.URL) string {
	q := u.Query()
	for _, sc := range fakeSchemes {
		if sc.kind == "query" && q.Has(sc.param) {
			q.Set(sc.param, "[redacted]")
		}
	}
	if len(q) == 0 {
		return u.EscapedPath()
	}
	return u.EscapedPath() + "?" + q.Encode()
}

// fakeEnvelopeSpec is where the provider's error body keeps its parts.
type fakeEnvelopeSpec struct {
	code, message                 string
	failurePointer, failureEquals string // a 2xx body that is an error (Slack's ok: false)
}

// fakeTimeHeader is a rate-limit or delay header and its format.
type fakeTimeHeader struct {
	name, format string
}

// fakeRateLimitSpec names the provider's rate-limit headers.
type fakeRateLimitSpec struct {
	limit, remaining, bucket string
	reset                    fakeTimeHeader
}

// badRequest: the request does not match the operation.
type badRequest struct{ why string }

func (b *badRequest) Error() string { return b.why }

// pathArg reads the i-th path parameter into v.
func (c *fakeCall) pathArg(i int, name string, v any) error {
	if i >= len(c.path) {
		return &badRequest{fmt.Sprintf("path parameter %s is missing", name)}
	}
	if err := parseValue(c.path[i], v); err != nil {
		return &badRequest{fmt.Sprintf("path parameter %s: %q: %v", name, c.path[i], err)}
	}
	return nil
}

// fakeParam maps a request parameter to a field of the Params struct.
type fakeParam struct {
	name, in, field string
	required        bool
}

// params fills a Params struct from the query, headers, cookies and body.
func (c *fakeCall) params(dst any, params []fakeParam, body string) error {
	v := reflect.ValueOf(dst).Elem()
	q := c.r.URL.Query()
	for _, p := range params {
		var values []string
		switch p.in {
		case "query":
			values = q[p.name]
		case "header":
			if h := c.r.Header.Get(p.name); h != "" {
				values = strings.Split(h, ",")
			}
		case "cookie":
			if ck, err := c.r.Cookie(p.name); err == nil {
				values = []string{ck.Value}
			}
		}
		if len(values) == 0 && p.in == "query" {
			// deepObject: scope[type]=account, expand[0]=a,
			// lines[0][amount]=5: the keys under name[...], as JSON.
			if tree := deepObject(q, p.name); tree != nil {
				f := v.FieldByName(p.field)
				raw, _ := json.Marshal(shapeLike(tree, f.Type()))
				if err := json.Unmarshal(raw, f.Addr().Interface()); err != nil {
					return &badRequest{fmt.Sprintf("query parameter %s: %v", p.name, err)}
				}
				continue
			}
		}
		if len(values) == 0 {
			if p.required {
				return &badRequest{fmt.Sprintf("required %s parameter %s is missing", p.in, p.name)}
			}
			continue
		}
		f := v.FieldByName(p.field)
		if err := setField(f, values); err != nil {
			return &badRequest{fmt.Sprintf("%s parameter %s: %v", p.in, p.name, err)}
		}
	}
	if body == "" {
		return nil
	}
	f := v.FieldByName("Body")
	switch {
	case len(bytes.TrimSpace(c.body)) == 0:
		// An empty form is a form; a JSON body that is required must come.
		if body == "required" && strings.Contains(c.r.Header.Get("Content-Type"), "json") || body == "required" && c.r.Header.Get("Content-Type") == "" {
			return &badRequest{"the request body is required"}
		}
	case f.Type().Kind() == reflect.Interface: // io.Reader: a stream
		f.Set(reflect.ValueOf(bytes.NewReader(c.body)))
	default:
		target := f
		if f.Kind() == reflect.Pointer {
			f.Set(reflect.New(f.Type().Elem()))
			target = f.Elem()
		}
		raw := c.body
		if form, ok, err := c.formBody(); err != nil {
			return &badRequest{fmt.Sprintf("the request body does not decode: %v", err)}
		} else if ok {
			raw, _ = json.Marshal(shapeLike(formTree(form), target.Type()))
		}
		if err := json.Unmarshal(raw, target.Addr().Interface()); err != nil {
			return &badRequest{fmt.Sprintf("the request body does not decode: %v", err)}
		}
	}
	return nil
}

// formBody reads a form or multipart request body as values; ok is false
// for any other media type. A multipart file part is its content in
// base64, the JSON form of a []byte member.
func (c *fakeCall) formBody() (form url.Values, ok bool, err error) {
	mediaType, params, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	switch mediaType {
	case "application/x-www-form-urlencoded":
		form, err = url.ParseQuery(string(c.body))
		return form, true, err
	case "multipart/form-data":
		parts, err := multipart.NewReader(bytes.NewReader(c.body), params["boundary"]).ReadForm(int64(len(c.body)) + 1<<20)
		if err != nil {
			return nil, true, err
		}
		defer parts.RemoveAll()
		form = url.Values(parts.Value)
		for name, files := range parts.File {
			for _, fh := range files {
				f, err := fh.Open()
				if err != nil {
					return nil, true, err
				}
				content, err := io.ReadAll(f)
				f.Close()
				if err != nil {
					return nil, true, err
				}
				form.Add(name, base64.StdEncoding.EncodeToString(content))
			}
		}
		return form, true, nil
	}
	return nil, false, nil
}

// setField sets a Params field (T, *T or []T) from parameter values.
func setField(f reflect.Value, values []string) error {
	switch f.Kind() {
	case reflect.Slice:
		if f.Type().Elem().Kind() == reflect.Uint8 {
			b, err := base64.StdEncoding.DecodeString(values[0])
			if err != nil {
				return err
			}
			f.SetBytes(b)
			return nil
		}
		if len(values) == 1 {
			values = strings.Split(values[0], ",")
		}
		s := reflect.MakeSlice(f.Type(), len(values), len(values))
		for i, raw := range values {
			if err := parseValue(raw, s.Index(i).Addr().Interface()); err != nil {
				return err
			}
		}
		f.Set(s)
		return nil
	case reflect.Pointer:
		p := reflect.New(f.Type().Elem())
		if err := parseValue(values[0], p.Interface()); err != nil {
			return err
		}
		f.Set(p)
		return nil
	}
	return parseValue(values[0], f.Addr().Interface())
}

// parseValue reads a parameter's text into v: JSON for numbers and
// booleans, a JSON string otherwise.
func parseValue(raw string, v any) error {
	if err := json.Unmarshal([]byte(raw), v); err == nil {
		return nil
	}
	return json.Unmarshal([]byte(strconv.Quote(raw)), v)
}

// fakePaging is how an operation pages, for Pages: the spec's rule.
type fakePaging struct {
	style                       string // cursor, lastItem, nextURL, link, page, offset
	items, next, hasMore, total string
	param                       string
	inBody                      bool
	itemID                      string
	start                       int
}

// Pages makes the fake answer a paginated operation from items, size at a
// time, in the provider's own paging style (cursor, has_more and the last
// id, next URL, Link header, page number or offset): the client's
// <Method>All walks them all. items are encoded as JSON as they are.
func (s *Server) Pages(operationID string, items []any, size int) {
	var rt *fakeRoute
	for i := range fakeRoutes {
		if fakeRoutes[i].operation == operationID {
			rt = &fakeRoutes[i]
		}
	}
	if rt == nil || rt.paging == nil || size <= 0 {
		s.tb.Fatalf("fake: Pages: operation %q does not page (or size %d)", operationID, size)
		return
	}
	pg := rt.paging
	s.on(operationID, func(ctx context.Context, c *fakeCall) (any, error) {
		from := 0
		value := c.param(pg.param, pg.inBody)
		switch pg.style {
		case "cursor", "nextURL", "link", "offset":
			from, _ = strconv.Atoi(value)
		case "page":
			n, err := strconv.Atoi(value)
			if err != nil {
				n = pg.start
			}
			from = (n - pg.start) * size
		case "lastItem":
			for i, it := range items {
				if id, _ := json.Marshal(pick(it, pg.itemID)); value != "" && strings.Trim(string(id), `"`) == value {
					from = i + 1
				}
			}
		}
		from = max(min(from, len(items)), 0)
		to := min(from+size, len(items))
		page := append([]any{}, items[from:to]...)
		more := to < len(items)
		body := map[string]any{}
		var result any = page
		if pg.items != "" {
			result = body
			merge(body, nest(pg.items, page).(map[string]any))
		}
		if pg.hasMore != "" {
			merge(body, nest(pg.hasMore, more).(map[string]any))
		}
		if pg.total != "" {
			merge(body, nest(pg.total, len(items)).(map[string]any))
		}
		next := strconv.Itoa(to)
		switch pg.style {
		case "cursor":
			cursor := any(nil)
			if more {
				cursor = next
			}
			merge(body, nest(pg.next, cursor).(map[string]any))
		case "nextURL":
			u := any(nil)
			if more {
				u = c.nextURL(next)
			}
			merge(body, nest(pg.next, u).(map[string]any))
		case "link":
			if more {
				c.header.Set("Link", "<"+c.nextURL(next)+`>; rel="next"`)
			}
		}
		return rawPage{result}, nil
	})
}

// rawPage is a page the fake built itself, sent as it is.
type rawPage struct{ v any }

func pick(item any, member string) any {
	if m, ok := item.(map[string]any); ok {
		return m[member]
	}
	b, _ := json.Marshal(item)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m[member]
}

// param reads a request parameter: from the query, or the JSON body.
func (c *fakeCall) param(name string, inBody bool) string {
	if !inBody {
		if v := c.r.URL.Query().Get(name); v != "" {
			return v
		}
		return c.r.URL.Query().Get("fake_cursor")
	}
	var body map[string]any
	_ = json.Unmarshal(c.body, &body)
	if v, ok := body[name]; ok && v != nil {
		return strings.Trim(fmt.Sprint(v), `"`)
	}
	return ""
}

// nextURL is the request's own URL with the fake's cursor set.
func (c *fakeCall) nextURL(cursor string) string {
	u := *c.r.URL
	u.Scheme, u.Host = "http", c.r.Host
	q := u.Query()
	q.Set("fake_cursor", cursor)
	u.RawQuery = q.Encode()
	return u.String()
}

// fakeWebhookSpec is how the provider signs webhooks, for SendWebhook.
type fakeWebhookSpec struct {
	header, algorithm, encoding, prefix string
	timestampKey, signatureKey          string
	timestampHeader, idHeader           string
	eventHeader                         string
	secretPrefix                        string
	signed                              []string // "literal:...", "timestamp", "id", "body", "url", "params"
}

// SendWebhook posts body to target as the provider would: signed with secret
// in the provider's scheme, timestamped with the fake's clock, the event
// type in its header when the provider sends it so. It is for testing the
// consumer's webhook handler.
func (s *Server) SendWebhook(target, eventType string, body []byte, secret string) (*http.Response, error) {
	w := fakeWebhook
	if w == nil {
		return nil, errors.New("fake: the spec declares no webhook signing")
	}
	key := []byte(secret)
	if w.secretPrefix != "" {
		decoded, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, w.secretPrefix))
		if err != nil {
			return nil, fmt.Errorf("fake: the secret is not %s + base64", w.secretPrefix)
		}
		key = decoded
	}
	s.mu.Lock()
	ts := strconv.FormatInt(s.now().Unix(), 10)
	s.mu.Unlock()
	id := "msg_fake_" + ts
	var content bytes.Buffer
	for _, part := range w.signed {
		switch {
		case strings.HasPrefix(part, "literal:"):
			content.WriteString(strings.TrimPrefix(part, "literal:"))
		case part == "timestamp":
			content.WriteString(ts)
		case part == "id":
			content.WriteString(id)
		case part == "body":
			content.Write(body)
		case part == "url":
			content.WriteString(target)
		case part == "params":
			form, _ := url.ParseQuery(string(body))
			names := make([]string, 0, len(form))
			for n := range form {
				names = append(names, n)
			}
			sort.Strings(names)
			for _, n := range names {
				for _, v := range form[n] {
					content.WriteString(n + v)
				}
			}
		}
	}
	var sum []byte
	switch w.algorithm {
	case "hmac-sha1":
		m := hmac.New(sha1.New, key)
		m.Write(content.Bytes())
		sum = m.Sum(nil)
	case "hmac-sha256":
		m := hmac.New(sha256.New, key)
		m.Write(content.Bytes())
		sum = m.Sum(nil)
	default:
		return nil, fmt.Errorf("fake: cannot sign with %s", w.algorithm)
	}
	sig := hex.EncodeToString(sum)
	if w.encoding == "base64" {
		sig = base64.StdEncoding.EncodeToString(sum)
	}
	req, err := http.NewRequest(http.MethodPost, target, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json")
	if w.signatureKey != "" {
		req.Header.Set(w.header, w.timestampKey+"="+ts+","+w.signatureKey+"="+sig)
	} else {
		req.Header.Set(w.header, w.prefix+sig)
	}
	if w.timestampHeader != "" {
		req.Header.Set(w.timestampHeader, ts)
	}
	if w.idHeader != "" {
		req.Header.Set(w.idHeader, id)
	}
	if w.eventHeader != "" {
		req.Header.Set(w.eventHeader, eventType)
	}
	return http.DefaultClient.Do(req)
}

// deepObject gathers the query keys name[a][b]... into nested maps (maps
// keyed 0, 1, ... become lists); nil when there is no such key.
func deepObject(q url.Values, name string) any {
	tree, ok := formTree(q, name).(map[string]any)
	if !ok {
		return nil
	}
	return tree[name]
}

// formTree reads form values the way Stripe-style bodies write them
// (name=v, name[a][b]=v, name[0]=v, or name repeated) into the JSON shape
// of the body they encode, every leaf a string; only the keys whose head
// is one of heads when heads are given; nil when there is no such key.
func formTree(q url.Values, heads ...string) any {
	root := map[string]any{}
	found := false
	for k, vs := range q {
		if len(vs) == 0 {
			continue
		}
		head, rest, nested := strings.Cut(k, "[")
		if len(heads) > 0 && !slices.Contains(heads, head) {
			continue
		}
		path := []string{head}
		if nested {
			path = append(path, strings.Split(strings.TrimSuffix(rest, "]"), "][")...)
		}
		m := root
		for _, key := range path[:len(path)-1] {
			next, ok := m[key].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[key] = next
			}
			m = next
		}
		last := path[len(path)-1]
		switch {
		case last == "" && len(path) > 1: // name[]=a&name[]=b
			list := make([]any, len(vs))
			for i, v := range vs {
				list[i] = v
			}
			delete(m, last)
			m = root
			for _, key := range path[:len(path)-2] {
				m = m[key].(map[string]any)
			}
			m[path[len(path)-2]] = list
		case len(vs) > 1:
			list := make([]any, len(vs))
			for i, v := range vs {
				list[i] = v
			}
			m[last] = list
		default:
			m[last] = vs[0]
		}
		found = true
	}
	if !found {
		return nil
	}
	return listify(root)
}

// shapeLike turns the string leaves of a form tree into the JSON the Go
// type t decodes: numbers and booleans bare where t wants them, text where
// it wants text. Where t does not say, a free-form value (an interface)
// reads a leaf that looks like a JSON number or boolean as one, and a
// union (a type with its own UnmarshalJSON, such as Stripe's "object or
// empty string") takes the reading its Value accepts: the leaves as text,
// as forms carry them, else numbers and booleans bare.
func shapeLike(v any, t reflect.Type) any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	union := t.Kind() != reflect.Interface && reflect.PointerTo(t).Implements(jsonUnmarshaler)
	if union {
		if _, isText := v.(string); !isText {
			return unionReading(v, t)
		}
	}
	opaque := union || t.Kind() == reflect.Interface
	switch v := v.(type) {
	case string:
		switch {
		case union, t.Kind() == reflect.String, t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
			return v
		case t.Kind() == reflect.Slice || t.Kind() == reflect.Array: // a list written once
			return []any{shapeLike(v, t.Elem())}
		case t.Kind() == reflect.Struct || t.Kind() == reflect.Map:
			if strings.HasPrefix(v, "{") && json.Valid([]byte(v)) { // a multipart part in JSON
				return json.RawMessage(v)
			}
		case v != "" && json.Valid([]byte(v)) && !strings.HasPrefix(v, "\""):
			return json.RawMessage(v)
		}
		return v
	case []any:
		elem := t
		if !opaque && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = shapeLike(e, elem)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			member := t
			if !union {
				member = memberType(t, k)
			}
			out[k] = shapeLike(e, member)
		}
		return out
	}
	return v
}

var jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()

// unionReading is the JSON of a form subtree for the union type t: the
// first of its readings (text leaves, then typed ones) that t's Value
// method decodes into one of its variants; the text one when none does,
// or when t has no Value.
func unionReading(v any, t reflect.Type) any {
	text, _ := json.Marshal(v)
	typed, _ := json.Marshal(typedLeaves(v))
	for _, raw := range [][]byte{text, typed} {
		u := reflect.New(t)
		if json.Unmarshal(raw, u.Interface()) != nil {
			continue
		}
		value := u.MethodByName("Value")
		if !value.IsValid() || value.Type().NumIn() != 0 || value.Type().NumOut() != 2 {
			return json.RawMessage(text)
		}
		if err, _ := value.Call(nil)[1].Interface().(error); err == nil {
			return json.RawMessage(raw)
		}
	}
	return json.RawMessage(text)
}

// typedLeaves reads every leaf of a form tree that looks like a JSON
// number or boolean as one.
func typedLeaves(v any) any {
	switch v := v.(type) {
	case string:
		if v != "" && json.Valid([]byte(v)) && !strings.HasPrefix(v, "\"") {
			return json.RawMessage(v)
		}
		return v
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = typedLeaves(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = typedLeaves(e)
		}
		return out
	}
	return v
}

// memberType is the Go type of JSON member name in t (a struct's tagged
// field or a map's element); an empty interface when t does not say.
func memberType(t reflect.Type, name string) reflect.Type {
	switch t.Kind() {
	case reflect.Map:
		return t.Elem()
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if tag == name || tag == "" && f.Name == name {
				return f.Type
			}
		}
	}
	return reflect.TypeFor[any]()
}

func listify(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	indexed := len(m) > 0
	for k := range m {
		if _, err := strconv.Atoi(k); err != nil {
			indexed = false
		}
	}
	for k, sub := range m {
		m[k] = listify(sub)
	}
	if !indexed {
		return m
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { a, _ := strconv.Atoi(keys[i]); b, _ := strconv.Atoi(keys[j]); return a < b })
	list := make([]any, 0, len(keys))
	for _, k := range keys {
		list = append(list, m[k])
	}
	return list
}
