package authgenfake

import (
	"bufio"
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// streamSpec is testSpec with a chat operation that answers JSON or a
// stream by its body's "stream" member.
func streamSpec() *Spec {
	spec := testSpec()
	spec.Routes = append(spec.Routes, Route{Operation: "chat", Method: "Chat", Verb: "POST", Pattern: []Piece{{Literal: "chat"}},
		Security: []authgenrt.SecurityRequirement{{"key"}}, Status: 200,
		Stream: &RouteStream{Toggle: "stream", Done: "[DONE]", ErrorEvent: "error"}})
	return spec
}

// TestStreamServesEventsAsTheVendorFramesThem: the events in order, typed
// and with ids, a pause honoured, then the Done data; a request that does
// not ask for the stream goes to the handler.
func TestStreamServesEventsAsTheVendorFramesThem(t *testing.T) {
	s := NewServer(t, streamSpec())
	s.Stream("chat", Event{Type: "delta", ID: "1", Data: map[string]string{"text": "Hel"}}, Event{Type: "delta", ID: "2", Data: map[string]string{"text": "lo"}, Pause: 30 * time.Millisecond})
	Handle(s, "chat", func(ctx context.Context, c *Call) (any, error) { return map[string]string{"text": "Hello"}, nil })
	start := time.Now()
	a := do(t, s, call{method: "POST", path: "/chat", header: keyed(), body: `{"prompt":"hi","stream":true}`})
	if a.status != 200 || a.header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("%d %v", a.status, a.header)
	}
	want := "event: delta\nid: 1\ndata: {\"text\":\"Hel\"}\n\nevent: delta\nid: 2\ndata: {\"text\":\"lo\"}\n\ndata: [DONE]\n\n"
	if a.body != want || time.Since(start) < 30*time.Millisecond {
		t.Errorf("stream %q after %v, want %q", a.body, time.Since(start), want)
	}
	if a := do(t, s, call{method: "POST", path: "/chat", header: keyed(), body: `{"prompt":"hi"}`}); a.status != 200 || !strings.Contains(a.body, "Hello") {
		t.Errorf("without stream: true: %d %q", a.status, a.body)
	}
	if a := do(t, s, call{method: "POST", path: "/chat", body: `{"stream":true}`}); a.status != 401 {
		t.Errorf("a stream without a credential: %d", a.status)
	}
}

// TestStreamErrorIsTheVendorsErrorEvent: a mid-stream error is the spec's
// error event holding the vendor's envelope, and ends the stream.
func TestStreamErrorIsTheVendorsErrorEvent(t *testing.T) {
	s := NewServer(t, streamSpec())
	s.Stream("chat", Event{Data: `{"text":"a"}`}, StreamError("overloaded", "Try later"), Event{Data: `{"text":"never"}`})
	a := do(t, s, call{method: "POST", path: "/chat", header: keyed(), body: `{"stream":true}`})
	sc := bufio.NewScanner(strings.NewReader(a.body))
	var lines []string
	for sc.Scan() {
		lines = append(lines, sc.Text())
	}
	got := strings.Join(lines, "|")
	if !strings.Contains(got, "event: error|data: {\"error\":{\"code\":\"overloaded\",\"message\":\"Try later\"}}") || strings.Contains(got, "never") || strings.Contains(got, "[DONE]") {
		t.Errorf("stream %q", got)
	}
	_ = http.StatusOK
}
