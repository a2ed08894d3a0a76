package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/authgen/authgen/internal/e2e/clients/streams"
	"github.com/authgen/authgen/internal/e2e/clients/streams/streamsfake"
)

func newStreamsClient(t *testing.T, url string) *streams.Client {
	t.Helper()
	c, err := streams.New(streams.WithBaseURL(url), streams.WithKey("sk-stream"), streams.WithMaxRetries(1))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func writeEvents(w http.ResponseWriter, frames ...string) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(200)
	for _, f := range frames {
		fmt.Fprint(w, f)
		w.(http.Flusher).Flush()
	}
}

// TestStreamMethodAsksForTheStreamAndYieldsTypedEvents: CreateMessage
// stays a JSON call; CreateMessageStream sends the same body with
// "stream": true, asks for an event stream, and yields the events as the
// union the document describes, until [DONE].
func TestStreamMethodAsksForTheStreamAndYieldsTypedEvents(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		var body map[string]any
		_ = json.NewDecoder(r.Body).Decode(&body)
		if body["stream"] != true {
			writeJSON(w, 200, map[string]any{"id": "msg_1", "text": "Hello"})
			return
		}
		writeEvents(w,
			"event: message_start\ndata: {\"type\":\"message_start\",\"id\":\"msg_1\"}\n\n",
			": ping\n\n",
			"event: text_delta\ndata: {\"type\":\"text_delta\",\"text\":\"Hel\"}\n\n",
			"event: text_delta\ndata: {\"type\":\"text_delta\",\"text\":\"lo\"}\n\n",
			"data: [DONE]\n\n")
	})
	c := newStreamsClient(t, rec.URL)
	msg, err := c.CreateMessage(context.Background(), &streams.CreateMessageParams{Body: streams.MessageRequest{Prompt: "hi"}})
	if err != nil || msg.Text != "Hello" {
		t.Fatalf("CreateMessage: %+v, %v", msg, err)
	}
	var text string
	var types []string
	for ev, err := range c.CreateMessageStream(context.Background(), &streams.CreateMessageParams{Body: streams.MessageRequest{Prompt: "hi"}}) {
		if err != nil {
			t.Fatal(err)
		}
		types = append(types, ev.Type)
		v, err := ev.Data.Value()
		if err != nil {
			t.Fatal(err)
		}
		if d, ok := v.(streams.TextDelta); ok {
			text += d.Text
		}
	}
	if text != "Hello" || fmt.Sprint(types) != "[message_start text_delta text_delta]" {
		t.Errorf("text %q, types %v", text, types)
	}
	req, body := rec.last(t)
	if req.Header.Get("Accept") != "text/event-stream" || req.Header.Get("X-Api-Key") != "sk-stream" || string(body) != `{"prompt":"hi","stream":true}` {
		t.Errorf("stream request: %v %s", req.Header, body)
	}
}

// TestStreamErrorEventEndsWithTheVendorsCode: an error frame mid-stream
// ends the loop with an *APIError that matches the code's sentinel.
func TestStreamErrorEventEndsWithTheVendorsCode(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeEvents(w,
			"event: text_delta\ndata: {\"type\":\"text_delta\",\"text\":\"Hel\"}\n\n",
			"event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}\n\n")
	})
	c := newStreamsClient(t, rec.URL)
	n := 0
	var last error
	for _, err := range c.CreateMessageStream(context.Background(), &streams.CreateMessageParams{Body: streams.MessageRequest{Prompt: "hi"}}) {
		if err != nil {
			last = err
			break
		}
		n++
	}
	var apiErr *streams.APIError
	if n != 1 || !errors.Is(last, streams.ErrOverloadedError) || !errors.As(last, &apiErr) || apiErr.Message != "Overloaded" {
		t.Errorf("after %d events: %v", n, last)
	}
}

// TestStreamOnlyOperationResumesAndKeepsUndescribedEvents: tailLogs only
// streams, so its own method yields; a "heartbeat" event, which the spec
// does not describe, comes back raw; a dropped connection is resumed
// with Last-Event-ID.
func TestStreamOnlyOperationResumesAndKeepsUndescribedEvents(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Last-Event-ID") == "" {
			writeEvents(w, "retry: 1\nevent: log\nid: 41\ndata: {\"line\":\"starting\"}\n\n", "event: heartbeat\ndata: beat\n\n")
			panic(http.ErrAbortHandler)
		}
		writeEvents(w, "event: log\nid: 42\ndata: {\"line\":\"done\"}\n\n")
	})
	c := newStreamsClient(t, rec.URL)
	var lines, raw []string
	for ev, err := range c.TailLogs(context.Background(), "job_1", &streams.TailLogsParams{Level: ptr("info")}) {
		if err != nil {
			t.Fatal(err)
		}
		if ev.Described {
			lines = append(lines, ev.Data.Line)
		} else {
			raw = append(raw, ev.Type+":"+ev.Raw)
		}
	}
	if fmt.Sprint(lines) != "[starting done]" || fmt.Sprint(raw) != "[heartbeat:beat]" {
		t.Errorf("lines %v, raw %v", lines, raw)
	}
	req, _ := rec.last(t)
	if req.Header.Get("Last-Event-ID") != "41" || req.URL.Path != "/jobs/job_1/logs" || req.URL.Query().Get("level") != "info" {
		t.Errorf("resumed request: %s %v", req.URL, req.Header)
	}
}

// TestInferredToggleStreams: createCompletion's stream member is the
// document's own convention; the method exists and sets it.
func TestInferredToggleStreams(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeEvents(w, "data: {\"text\":\"a\"}\n\n", "data: {\"text\":\"b\"}\n\n", "data: [DONE]\n\n")
	})
	c := newStreamsClient(t, rec.URL)
	var got string
	for ev, err := range c.CreateCompletionStream(context.Background(), &streams.CreateCompletionParams{Body: streams.CreateCompletionRequest{Prompt: "x"}}) {
		if err != nil {
			t.Fatal(err)
		}
		got += ev.Data.Text
	}
	if _, body := rec.last(t); got != "ab" || string(body) != `{"prompt":"x","stream":true}` {
		t.Errorf("got %q, body %s", got, body)
	}
}

// TestFakeServesStreams: a consumer's test streams through the fake: the
// events given to Stream, typed by the client, and a mid-stream error as
// the vendor's error event, matching the code's sentinel.
func TestFakeServesStreams(t *testing.T) {
	fake := streamsfake.NewServer(t)
	fake.Stream("createMessage",
		streamsfake.Event{Type: "message_start", Data: map[string]string{"type": "message_start", "id": "msg_1"}},
		streamsfake.Event{Type: "text_delta", Data: map[string]string{"type": "text_delta", "text": "Hi"}})
	var types []string
	for ev, err := range fake.Client().CreateMessageStream(context.Background(), &streams.CreateMessageParams{Body: streams.MessageRequest{Prompt: "hi"}}) {
		if err != nil {
			t.Fatal(err)
		}
		types = append(types, ev.Type)
	}
	if fmt.Sprint(types) != "[message_start text_delta]" {
		t.Errorf("events %v", types)
	}
	fake.Stream("createMessage", streamsfake.Event{Type: "text_delta", Data: `{"type":"text_delta","text":"a"}`}, streamsfake.StreamError("overloaded_error", "Overloaded"))
	var last error
	for _, err := range fake.Client().CreateMessageStream(context.Background(), &streams.CreateMessageParams{Body: streams.MessageRequest{Prompt: "hi"}}) {
		last = err
	}
	if !errors.Is(last, streams.ErrOverloadedError) {
		t.Errorf("the mid-stream error: %v", last)
	}
}
