// Package authgenfake is the machinery of the fake providers authgen
// writes beside its clients (<pkg>fake): an httptest server that routes by
// the spec's paths, enforces each operation's security, answers with the
// vendor's error envelope and rate-limit headers, pages, signs webhooks,
// injects faults and records requests. The generated half of a <pkg>fake
// package declares the provider's Spec, embeds Server and adds the typed
// On<Method> handlers and Client.
package authgenfake

import (
	"bytes"
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
)

// Server is a fake of the provider for tests: it answers the client's
// requests with the handlers given, the way the provider does.
type Server struct {
	tb       testing.TB
	spec     *Spec
	srv      *httptest.Server
	mu       sync.Mutex
	handlers map[string]Handler
	requests []Request
	calls    map[string]int
	faults   map[string]map[int]Fault
	streams  map[string][]Event // by operation: what Stream gave
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

// Handler answers one matched call: the generated On<Method> reads the
// method's arguments from c and calls the test's typed handler.
type Handler func(ctx context.Context, c *Call) (any, error)

// Call is what a handler reads its arguments from.
type Call struct {
	header http.Header // headers of the answer a handler may set
	r      *http.Request
	path   []string
	body   []byte
	route  *Route
}

// NewServer starts a fake of the provider spec describes for the test; it
// stops when the test ends. spec must not change afterwards.
func NewServer(tb testing.TB, spec *Spec) *Server {
	tb.Helper()
	s := &Server{tb: tb, spec: spec, handlers: map[string]Handler{}, calls: map[string]int{}, faults: map[string]map[int]Fault{}, now: time.Now}
	s.srv = httptest.NewServer(http.HandlerFunc(s.serve))
	tb.Cleanup(s.srv.Close)
	return s
}

// URL is the fake's base URL, the environment's path included.
func (s *Server) URL() string { return s.srv.URL + s.spec.BasePath }

// Handle sets how the fake answers the operation. It is a function, not a
// method, so that it stays out of the API of the <pkg>fake Server that
// embeds this one, whose typed On<Method> methods call it.
func Handle(s *Server, operationID string, h Handler) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.handlers[operationID] = h
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

// serve answers one request, in the order a provider decides: route,
// injected fault, credential, rate limit, then the test's handler.
func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.isTokenPath(r.URL.Path) {
		s.serveToken(w, r)
		return
	}
	body, _ := io.ReadAll(io.LimitReader(r.Body, 64<<20))
	route, path := matchRoute(s.spec.Routes, r.Method, strings.TrimPrefix(r.URL.EscapedPath(), s.spec.BasePath))
	op := ""
	if route != nil {
		op = route.Operation
	}
	s.mu.Lock()
	s.requests = append(s.requests, Request{Operation: op, Method: r.Method, Path: redactQuery(s.spec.Schemes, r.URL), Header: redactHeader(s.spec.Schemes, r.Header), Body: redactBody(s.spec.Schemes, r.Header.Get("Content-Type"), body)})
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
	if faulted && s.fault(w, r, route, fault, fmt.Sprintf("injected fault on call %d of %s", n, op)) {
		return
	}
	if s.spec.Signing != nil && !s.signatureValid(w, r, &body) {
		return
	}
	if !s.authorized(r, body, route) {
		s.writeRouteError(w, route, http.StatusUnauthorized, s.spec.UnauthorizedCode, "the fake got no valid credential for "+op)
		return
	}
	if bodyDelays, limited := s.rateLimited(w); limited {
		doc := s.routeErrorDocument(route, http.StatusTooManyRequests, s.spec.RateLimitedCode, "rate limited by the fake")
		for _, pointer := range slices.Sorted(maps.Keys(bodyDelays)) {
			doc = setPointer(doc, pointer, bodyDelays[pointer])
		}
		s.writeDocument(w, http.StatusTooManyRequests, doc)
		return
	}
	if _, streams := s.streamFor(route, body); handler == nil && !streams {
		s.tb.Logf("fake: %s: 501: no handler; set one with On%s", op, route.Method)
		s.writeRouteError(w, route, http.StatusNotImplemented, "not_implemented", "the fake has no handler for "+op+"; set one with On"+route.Method)
		return
	}
	if events, ok := s.streamFor(route, body); ok {
		s.writeStream(w, r, route, events)
		return
	}
	call := &Call{header: w.Header(), r: r, path: path, body: body, route: route}
	out, err := handler(r.Context(), call)
	if err != nil {
		s.writeHandlerError(w, route, err)
		return
	}
	s.writeResult(w, route, out)
}

// fault does what f says; done is false when the call goes on (a delay
// alone).
func (s *Server) fault(w http.ResponseWriter, r *http.Request, route *Route, f Fault, why string) (done bool) {
	if f.Delay > 0 {
		select {
		case <-time.After(f.Delay):
		case <-r.Context().Done():
			return true
		}
	}
	if f.Drop {
		// The answer starts and the connection drops mid-body: a failure
		// the client sees, which the transport does not hide by resending
		// on its own.
		if hj, ok := w.(http.Hijacker); ok {
			if conn, buf, err := hj.Hijack(); err == nil {
				_, _ = buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
				_ = buf.Flush()
				conn.Close()
				return true
			}
		}
	}
	if f.Status != 0 {
		code := s.spec.FaultCodes[f.Status]
		if code == "" {
			code = statusCode(f.Status)
		}
		s.writeRouteError(w, route, f.Status, code, why)
		return true
	}
	return false
}

// writeHandlerError sends what a handler's error says: a request that
// does not match (400), the vendor's error from Error, or a 500.
func (s *Server) writeHandlerError(w http.ResponseWriter, route *Route, err error) {
	var bad *badRequest
	var apiErr *apiError
	switch {
	case errors.As(err, &bad):
		s.tb.Logf("fake: %s: 400: %s", route.Operation, bad.why) // the envelope may have no room for why
		s.writeRouteError(w, route, http.StatusBadRequest, "invalid_request", bad.why)
	case errors.As(err, &apiErr):
		s.writeRouteError(w, route, apiErr.status, apiErr.code, apiErr.message)
	default:
		s.writeRouteError(w, route, http.StatusInternalServerError, "internal_error", err.Error())
	}
}

// writeResult sends a handler's result: JSON, a stream, or no content.
func (s *Server) writeResult(w http.ResponseWriter, route *Route, out any) {
	if p, ok := out.(rawPage); ok {
		// The page is the body as sent, envelope and all, but for what
		// the document requires besides the items and the way on (Stripe's
		// object and url).
		body, err := json.Marshal(p.v)
		if err != nil {
			s.tb.Errorf("fake: %s: the page does not encode: %v", route.Operation, err)
			s.writeError(w, http.StatusInternalServerError, "internal_error", "the page does not encode: "+err.Error())
			return
		}
		w.Header().Set("Content-Type", cmp.Or(route.MediaType, "application/json"))
		w.WriteHeader(cmp.Or(route.Status, http.StatusOK))
		_, _ = w.Write(asSuccess(s.spec.FailureWhen, fillRequired(routeShape(route), body)))
		return
	}
	if out == nil || reflect.ValueOf(out).Kind() == reflect.Pointer && reflect.ValueOf(out).IsNil() {
		if body, ok := s.documentedZero(route, out); ok {
			w.Header().Set("Content-Type", cmp.Or(route.MediaType, "application/json"))
			w.WriteHeader(cmp.Or(route.Status, http.StatusOK))
			_, _ = w.Write(body)
			return
		}
		w.WriteHeader(emptyStatus(route))
		return
	}
	if rc, ok := out.(io.ReadCloser); ok {
		defer rc.Close()
		w.Header().Set("Content-Type", cmp.Or(route.MediaType, "application/octet-stream"))
		w.WriteHeader(cmp.Or(route.Status, http.StatusOK))
		_, _ = io.Copy(w, rc)
		return
	}
	body, err := json.Marshal(wrapSuccess(route, out))
	if err != nil {
		why := "the handler's result does not encode: " + err.Error()
		if at, typ, ok := unsetMember(reflect.ValueOf(out), "", 0); ok {
			why = fmt.Sprintf("the handler's result leaves the required member %s (%s) unset; build it with one of its From functions", at, typ)
		}
		s.tb.Errorf("fake: %s: %s", route.Operation, why)
		s.writeError(w, http.StatusInternalServerError, "internal_error", why)
		return
	}
	// Filled first: a member the fill gives its zero value may be the
	// vendor's in-band failure (Slack's ok: false), which a success must
	// not read as.
	body = asSuccess(s.spec.FailureWhen, fillRequired(routeShape(route), body))
	w.Header().Set("Content-Type", cmp.Or(route.MediaType, "application/json"))
	w.WriteHeader(cmp.Or(route.Status, http.StatusOK))
	_, _ = w.Write(body)
}

// documentedZero is the body of a handler's nil result when the document
// promises a JSON body (GitHub's create-from-manifest documents only a
// 201 with one): the result's zero value, filled as any result is (its
// required members given their default, first enum value or an empty
// list or object), so the answer is the documented status with a body
// the document allows, not a 204 it does not list. ok is false when the
// fake cannot tell the body: no documented JSON body, a stream, or an
// untyped nil with no shape to draw it from.
func (s *Server) documentedZero(route *Route, out any) (body []byte, ok bool) {
	if !route.ResultBody || route.Stream != nil || !isJSONMedia(cmp.Or(route.MediaType, "application/json")) {
		return nil, false
	}
	body = []byte("null")
	if out != nil {
		zero := reflect.New(reflect.TypeOf(out).Elem()).Interface()
		if b, err := json.Marshal(wrapSuccess(route, zero)); err == nil {
			body = b
		}
	}
	body = fillRequired(routeShape(route), body)
	if bytes.Equal(body, []byte("null")) {
		return nil, false
	}
	return asSuccess(s.spec.FailureWhen, body), true
}

// isJSONMedia: application/json and the vendors' +json types.
func isJSONMedia(mediaType string) bool {
	mediaType, _, _ = strings.Cut(mediaType, ";")
	mediaType = strings.TrimSpace(strings.ToLower(mediaType))
	return mediaType == "application/json" || strings.HasSuffix(mediaType, "+json")
}

// emptyStatus is the status of an answer without a body: the documented
// one when the documented success has no body (a 204, or a 200 or 201
// the vendor sends empty, as S3's PutObject); 204 when the document
// promises a body the fake cannot draw (documentedZero), since 204 is
// what a client reads as "nothing".
func emptyStatus(route *Route) int {
	if route.ResultBody || route.MediaType != "" || route.Status == 0 {
		return http.StatusNoContent
	}
	return route.Status
}
