package authgenrt

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// delta is the tests' event type, as a spec would describe it.
type delta struct {
	Text string `json:"text"`
}

func streamRequest() *Request {
	return &Request{Operation: "streamThing", Method: "GET", Path: "/stream", Security: []SecurityRequirement{{"key"}}}
}

func collectEvents(t *testing.T, seq func(func(StreamEvent[delta], error) bool)) ([]StreamEvent[delta], error) {
	t.Helper()
	var events []StreamEvent[delta]
	for ev, err := range seq {
		if err != nil {
			return events, err
		}
		events = append(events, ev)
	}
	return events, nil
}

func sse(w http.ResponseWriter, frames ...string) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(200)
	for _, f := range frames {
		fmt.Fprint(w, f)
		w.(http.Flusher).Flush()
	}
}

// TestStreamYieldsTypedEventsUntilDone: the events are decoded as the
// spec's type, an undescribed type comes back raw (never dropped), and the
// Done sentinel ends the stream without being yielded. The request asks
// for an event stream with the credential.
func TestStreamYieldsTypedEventsUntilDone(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, ": keep-alive\n\n", "event: delta\nid: 1\ndata: {\"text\":\"Hel\"}\n\n", "event: ping\ndata: {}\n\n",
			"event: delta\nid: 2\ndata: {\"text\":\"lo\"}\n\n", "data: [DONE]\n\n", "event: delta\ndata: {\"text\":\"after done\"}\n\n")
	})
	c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
	events, err := collectEvents(t, Stream[delta](context.Background(), c, streamRequest(), nil, &StreamSpec{Done: "[DONE]", Events: []string{"delta"}}))
	if err != nil {
		t.Fatal(err)
	}
	want := []StreamEvent[delta]{
		{Type: "delta", ID: "1", Data: delta{"Hel"}, Raw: `{"text":"Hel"}`, Described: true},
		{Type: "ping", ID: "1", Raw: "{}"},
		{Type: "delta", ID: "2", Data: delta{"lo"}, Raw: `{"text":"lo"}`, Described: true},
	}
	if fmt.Sprint(events) != fmt.Sprint(want) {
		t.Errorf("events:\n got %v\nwant %v", events, want)
	}
	req := srv.request(0)
	if req.Header.Get("Accept") != "text/event-stream" || req.Header.Get("X-Api-Key") != testKey {
		t.Errorf("request headers: %v", req.Header)
	}
}

// TestStreamEndsAtTheConventionalDone: with no Done in the spec, OpenAI's
// [DONE] ends the stream rather than failing to decode.
func TestStreamEndsAtTheConventionalDone(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, "data: {\"text\":\"a\"}\n\n", "data: [DONE]\n\n")
	})
	c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
	events, err := collectEvents(t, Stream[delta](context.Background(), c, streamRequest(), nil, &StreamSpec{}))
	if err != nil || len(events) != 1 {
		t.Errorf("events %v, err %v", events, err)
	}
}

// TestStreamErrorEventIsAnAPIError: a mid-stream error frame ends the
// stream with an *APIError that carries the vendor's code and its
// sentinel.
func TestStreamErrorEventIsAnAPIError(t *testing.T) {
	spec := testSpec()
	spec.ErrorEnvelope = ErrorEnvelopeSpec{Code: "/error/type", Message: "/error/message"}
	overloaded := NewCodeSentinel("overloaded_error")
	spec.ErrorCodes = []ErrorCode{{Code: "overloaded_error", Sentinel: overloaded}}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, "event: delta\ndata: {\"text\":\"a\"}\n\n", "event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n")
	})
	c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey))
	events, err := collectEvents(t, Stream[delta](context.Background(), c, streamRequest(), nil, &StreamSpec{ErrorEvent: "error"}))
	var apiErr *APIError
	if len(events) != 1 || !errors.As(err, &apiErr) || !errors.Is(err, overloaded) || apiErr.Message != "Overloaded" {
		t.Fatalf("events %v, err %v", events, err)
	}
}

// TestStreamErrorInTheDataIsAnAPIError: a vendor that sends its error
// envelope as a plain data event (OpenAI) is read by the pointer the spec
// names.
func TestStreamErrorInTheDataIsAnAPIError(t *testing.T) {
	spec := testSpec()
	spec.ErrorEnvelope = ErrorEnvelopeSpec{Code: "/error/code", Message: "/error/message"}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		sse(w, "data: {\"text\":\"a\"}\n\n", "data: {\"error\":{\"code\":\"server_error\",\"message\":\"The server had an error\"}}\n\n")
	})
	c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey))
	events, err := collectEvents(t, Stream[delta](context.Background(), c, streamRequest(), nil, &StreamSpec{ErrorData: "/error"}))
	var apiErr *APIError
	if len(events) != 1 || !errors.As(err, &apiErr) || apiErr.Code != "server_error" {
		t.Errorf("events %v, err %v", events, err)
	}
}

// TestStreamFailsBeforeTheFirstByteAsACall: a refused request is the
// usual *APIError, and a 503 before the stream starts is retried as any
// idempotent call.
func TestStreamFailsBeforeTheFirstByteAsACall(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.WriteHeader(503)
			return
		}
		sse(w, "data: {\"text\":\"ok\"}\n\n")
	})
	c, clk := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
	events, err := collectEvents(t, Stream[delta](context.Background(), c, streamRequest(), nil, &StreamSpec{}))
	if err != nil || len(events) != 1 || srv.count() != 2 || len(clk.sleeps()) != 1 {
		t.Errorf("events %v, err %v, %d requests, waits %v", events, err, srv.count(), clk.sleeps())
	}
	c, _ = newTestClient(t, testSpec(), srv.URL) // no credential
	if _, err := collectEvents(t, Stream[delta](context.Background(), c, streamRequest(), nil, &StreamSpec{})); !errors.Is(err, ErrMissingCredential) {
		t.Errorf("without a credential: %v", err)
	}
}

// TestStreamOutlivesTheAttemptTimeout: the attempt timeout bounds the
// wait for the response, not a stream that keeps sending.
func TestStreamOutlivesTheAttemptTimeout(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(200)
		for i := range 4 {
			fmt.Fprintf(w, "data: {\"text\":\"%d\"}\n\n", i)
			w.(http.Flusher).Flush()
			time.Sleep(40 * time.Millisecond)
		}
	})
	c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey), WithAttemptTimeout(50*time.Millisecond))
	events, err := collectEvents(t, Stream[delta](context.Background(), c, streamRequest(), nil, &StreamSpec{}))
	if err != nil || len(events) != 4 {
		t.Errorf("%d events in 160 ms with a 50 ms attempt timeout: %v", len(events), err)
	}
}

// TestStreamBreakAndCancelCloseTheBody: breaking out of the loop or
// cancelling the context ends the request; the server sees it go.
func TestStreamBreakAndCancelCloseTheBody(t *testing.T) {
	var gone atomic.Int32
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(200)
		for {
			if _, err := fmt.Fprint(w, "data: {\"text\":\"x\"}\n\n"); err != nil {
				break
			}
			w.(http.Flusher).Flush()
			select {
			case <-r.Context().Done():
				gone.Add(1)
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
		gone.Add(1)
	})
	c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
	n := 0
	for _, err := range Stream[delta](context.Background(), c, streamRequest(), nil, &StreamSpec{}) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n == 3 {
			break
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	n = 0
	var last error
	for _, err := range Stream[delta](ctx, c, streamRequest(), nil, &StreamSpec{}) {
		if last = err; err != nil {
			break
		}
		if n++; n == 2 {
			cancel()
		}
	}
	if !errors.Is(last, context.Canceled) {
		t.Errorf("after cancel: %v", last)
	}
	deadline := time.Now().Add(5 * time.Second)
	for gone.Load() < 2 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if gone.Load() != 2 {
		t.Errorf("the server saw %d of 2 streams end", gone.Load())
	}
}

// TestStreamResumesFromTheLastEventID: a resumable stream whose
// connection drops is opened again with Last-Event-ID, after the wait its
// retry field asked; a stream that is not resumable is not.
func TestStreamResumesFromTheLastEventID(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Content-Type", "text/event-stream")
			w.WriteHeader(200)
			fmt.Fprint(w, "retry: 250\nid: 7\ndata: {\"text\":\"a\"}\n\n")
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler) // the connection drops mid-stream
		}
		sse(w, "id: 8\ndata: {\"text\":\"b\"}\n\n")
	})
	c, clk := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
	events, err := collectEvents(t, Stream[delta](context.Background(), c, streamRequest(), nil, &StreamSpec{Resume: true}))
	if err != nil || len(events) != 2 || events[1].Data.Text != "b" {
		t.Fatalf("events %v, err %v", events, err)
	}
	if got := srv.request(1).Header.Get("Last-Event-ID"); got != "7" {
		t.Errorf("Last-Event-ID = %q, want 7", got)
	}
	if waits := clk.sleeps(); len(waits) != 1 || waits[0] != 250*time.Millisecond {
		t.Errorf("waits %v, want the stream's 250ms", waits)
	}
	srv2 := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "text/event-stream")
		w.WriteHeader(200)
		fmt.Fprint(w, "data: {\"text\":\"a\"}\n\n")
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	})
	c, _ = newTestClient(t, testSpec(), srv2.URL, WithKey(testKey))
	if _, err := collectEvents(t, Stream[delta](context.Background(), c, streamRequest(), nil, &StreamSpec{})); err == nil || srv2.count() != 1 || !strings.Contains(err.Error(), "reading the event stream") {
		t.Errorf("a stream that is not resumable: err %v after %d requests", err, srv2.count())
	}
}

// TestEncodeJSONStreamingSetsTheMember: the stream method's body is the
// caller's with the member that asks for a stream set to true.
func TestEncodeJSONStreamingSetsTheMember(t *testing.T) {
	b, _, err := EncodeJSONStreaming("stream")(struct {
		Model  string `json:"model"`
		Stream *bool  `json:"stream,omitempty"`
	}{Model: "m"}, "application/json")
	if err != nil || string(b) != `{"model":"m","stream":true}` {
		t.Errorf("%s, %v", b, err)
	}
	if _, _, err := EncodeJSONStreaming("stream")([]int{1}, "application/json"); err == nil {
		t.Error("a list body was accepted")
	}
}
