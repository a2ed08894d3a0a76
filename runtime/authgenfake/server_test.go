package authgenfake

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServeRoutesToTheHandler: a request under the base path reaches the
// operation's handler with its path argument, and is recorded with its
// credential redacted.
func TestServeRoutesToTheHandler(t *testing.T) {
	s := NewServer(t, testSpec())
	if !strings.HasSuffix(s.URL(), "/v1") {
		t.Fatalf("URL %q does not end in the base path", s.URL())
	}
	Handle(s, "getThing", echo)
	got := do(t, s, call{path: "/things/a%2Fb", header: keyed()})
	if got.status != 200 || decode(t, got.body)["id"] != "a/b" {
		t.Fatalf("got %d %s", got.status, got.body)
	}
	reqs := s.Requests()
	if len(reqs) != 1 || reqs[0].Operation != "getThing" || reqs[0].Header.Get("X-Api-Key") != redacted {
		t.Errorf("requests %+v", reqs)
	}
}

// TestServeAnswersWhatItCannotRoute: no route is 404, no handler is 501
// naming the method to set one with; both in the vendor's envelope.
func TestServeAnswersWhatItCannotRoute(t *testing.T) {
	s := NewServer(t, testSpec())
	if got := do(t, s, call{path: "/nowhere"}); got.status != 404 || errorCode(t, got.body) != "not_found" {
		t.Errorf("no route: %d %s", got.status, got.body)
	}
	got := do(t, s, call{path: "/ping"})
	if got.status != 501 || !strings.Contains(got.body, "OnPing") {
		t.Errorf("no handler: %d %s", got.status, got.body)
	}
}

// TestHandlerResults: a nil result is the route's documented status with
// no body (204 by default), a stream is sent as it is, a handler's plain
// error is 500, and a result that does not encode is a 500 and a test
// failure.
func TestHandlerResults(t *testing.T) {
	spec := testSpec()
	spec.Routes[1].Status = 0
	s := NewServer(t, spec)
	var result any
	var failure error
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return result, failure })
	if got := do(t, s, call{path: "/ping"}); got.status != http.StatusNoContent {
		t.Errorf("nil result: %d", got.status)
	}
	result = readCloser{strings.NewReader("raw bytes")}
	if got := do(t, s, call{path: "/ping"}); got.status != 200 || got.body != "raw bytes" || got.header.Get("Content-Type") != "application/octet-stream" {
		t.Errorf("stream: %d %q %v", got.status, got.body, got.header)
	}
	result, failure = nil, errors.New("boom")
	if got := do(t, s, call{path: "/ping"}); got.status != 500 || errorCode(t, got.body) != "internal_error" {
		t.Errorf("error: %d %s", got.status, got.body)
	}
	rec := &recordingTB{TB: t}
	s2 := NewServer(rec, spec)
	Handle(s2, "ping", func(ctx context.Context, c *Call) (any, error) { return map[string]any{"f": func() {}}, nil })
	if got := do(t, s2, call{path: "/ping"}); got.status != 500 || len(rec.errors) != 1 {
		t.Errorf("unencodable: %d, test errors %v", got.status, rec.errors)
	}
}

// TestFail: the n-th call of an operation answers the injected status,
// drops the connection, or waits first; the other calls are untouched.
func TestFail(t *testing.T) {
	s := NewServer(t, testSpec())
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return map[string]bool{"ok": true}, nil })
	s.Fail("ping", 2, Fault{Status: 503})
	s.Fail("ping", 3, Fault{Drop: true})
	s.Fail("ping", 4, Fault{Delay: 20 * time.Millisecond})
	if got := do(t, s, call{path: "/ping"}); got.status != 200 {
		t.Errorf("call 1: %d", got.status)
	}
	if got := do(t, s, call{path: "/ping"}); got.status != 503 || errorCode(t, got.body) != "service_unavailable" {
		t.Errorf("call 2: %d %s", got.status, got.body)
	}
	resp, err := http.Get(s.URL() + "/ping")
	if err == nil {
		_, err = readAll(resp)
	}
	if err == nil {
		t.Error("call 3: the dropped connection gave a whole answer")
	}
	start := time.Now()
	if got := do(t, s, call{path: "/ping"}); got.status != 200 || time.Since(start) < 20*time.Millisecond {
		t.Errorf("call 4: %d after %v", got.status, time.Since(start))
	}
}

// TestDocumentedSuccessStatus: a result, and an empty one, are answered
// with the route's documented success status (201 for a create that
// documents only 201; 202 without content), not always 200 or 204.
func TestDocumentedSuccessStatus(t *testing.T) {
	spec := testSpec()
	spec.Routes[1].Status = http.StatusCreated
	s := NewServer(t, spec)
	var result any = map[string]string{"id": "1"}
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return result, nil })
	if got := do(t, s, call{path: "/ping"}); got.status != http.StatusCreated || got.body != `{"id":"1"}` {
		t.Errorf("created: %d %s", got.status, got.body)
	}
	spec.Routes[1].Status = http.StatusAccepted
	result = nil
	if got := do(t, s, call{path: "/ping"}); got.status != http.StatusAccepted || got.body != "" {
		t.Errorf("accepted, no content: %d %q", got.status, got.body)
	}
	// A documented 201 that carries a body, and a handler that gives none:
	// 204, which a client reads as nothing, not an empty 201 it cannot
	// decode.
	spec.Routes[1].Status, spec.Routes[1].ResultBody = http.StatusCreated, true
	if got := do(t, s, call{path: "/ping"}); got.status != http.StatusNoContent {
		t.Errorf("created, no result: %d %q", got.status, got.body)
	}
}

// TestANilResultOfADocumentedBody: a handler's nil result, for an
// operation whose only documented success is a 201 with a JSON body
// (GitHub's apps/create-from-manifest), is that 201 with the result's zero
// value, its required members filled as any result's are: not a 204 the
// document does not list (issue 27).
func TestANilResultOfADocumentedBody(t *testing.T) {
	type app struct {
		ID    int64  `json:"id"`
		Slug  string `json:"slug"`
		Owner any    `json:"owner"`
	}
	spec := testSpec()
	spec.Routes[1].Status, spec.Routes[1].ResultBody, spec.Routes[1].MediaType = http.StatusCreated, true, "application/json"
	spec.Routes[1].Result = `{"t":"object","m":{"id":{"t":"integer"},"slug":{"t":"string"},"owner":{"t":"object"}}}`
	s := NewServer(t, spec)
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return (*app)(nil), nil })
	if got := do(t, s, call{path: "/ping"}); got.status != http.StatusCreated || got.body != `{"id":0,"owner":{},"slug":""}` {
		t.Errorf("a typed nil result: %d %s; want 201 with the zero value, owner filled", got.status, got.body)
	}
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return nil, nil })
	if got := do(t, s, call{path: "/ping"}); got.status != http.StatusCreated || got.body != `{"id":0,"owner":{},"slug":""}` {
		t.Errorf("an untyped nil result with the document's shape: %d %s; want 201 with the shape's required members", got.status, got.body)
	}
}
