package authgenfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Streams: an operation that answers with server-sent events is served
// the events a test gives to Stream, with the pauses it asks, as the
// vendor frames them: each event's type and id, its data as JSON, the
// spec's Done data at the end, and a mid-stream error as the spec's error
// event holding the vendor's envelope.

// Event is one server-sent event a fake's stream sends.
type Event struct {
	// Type is the event's type ("" sends none: a message).
	Type string
	// ID is the event's id ("" sends none).
	ID string
	// Data is encoded as JSON; a string or []byte is sent as it is.
	Data any
	// Pause is waited before the event is sent (on real time).
	Pause time.Duration

	err *apiError // a mid-stream error (StreamError)
}

// StreamError is an event that ends the stream with the vendor's error
// envelope holding code and message, sent as the spec's error event.
func StreamError(code, message string) Event {
	return Event{err: &apiError{status: http.StatusOK, code: code, message: message}}
}

// Stream makes the operation answer with events, in order, then the
// spec's Done data; an operation that answers JSON or a stream by a body
// member streams only when the request asks for it.
func (s *Server) Stream(operationID string, events ...Event) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.streams == nil {
		s.streams = map[string][]Event{}
	}
	s.streams[operationID] = events
}

// streamFor is the script an operation's request gets; ok is false when
// the request does not ask for a stream or no script was given.
func (s *Server) streamFor(route *Route, body []byte) ([]Event, bool) {
	if route.Stream == nil {
		return nil, false
	}
	s.mu.Lock()
	events, ok := s.streams[route.Operation]
	s.mu.Unlock()
	if !ok {
		return nil, false
	}
	if t := route.Stream.Toggle; t != "" {
		var req map[string]json.RawMessage
		if json.Unmarshal(body, &req) != nil || strings.TrimSpace(string(req[t])) != "true" {
			return nil, false
		}
	}
	return events, true
}

// writeStream sends events as server-sent events, flushing each, and
// stops when the client goes away.
func (s *Server) writeStream(w http.ResponseWriter, r *http.Request, route *Route, events []Event) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	flusher, _ := w.(http.Flusher)
	for _, ev := range events {
		if ev.Pause > 0 {
			select {
			case <-time.After(ev.Pause):
			case <-r.Context().Done():
				return
			}
		}
		if ev.err != nil {
			typ := route.Stream.ErrorEvent
			if typ == "" {
				typ = "error"
			}
			body, _ := json.Marshal(s.routeErrorDocument(route, ev.err.status, ev.err.code, ev.err.message))
			writeEvent(w, typ, "", body)
			if flusher != nil {
				flusher.Flush()
			}
			return // an error ends the stream
		}
		data, err := eventData(ev.Data)
		if err != nil {
			s.tb.Errorf("fake: %s: stream event %q does not encode: %v", route.Operation, ev.Type, err)
			return
		}
		writeEvent(w, ev.Type, ev.ID, data)
		if flusher != nil {
			flusher.Flush()
		}
	}
	if done := route.Stream.Done; done != "" {
		writeEvent(w, "", "", []byte(done))
	}
}

// eventData is an event's data as the stream carries it.
func eventData(v any) ([]byte, error) {
	switch x := v.(type) {
	case string:
		return []byte(x), nil
	case []byte:
		return x, nil
	}
	return json.Marshal(v)
}

// writeEvent frames one event: a data line per line of data.
func writeEvent(w http.ResponseWriter, typ, id string, data []byte) {
	var b strings.Builder
	if typ != "" {
		fmt.Fprintf(&b, "event: %s\n", typ)
	}
	if id != "" {
		fmt.Fprintf(&b, "id: %s\n", id)
	}
	for _, line := range strings.Split(string(data), "\n") {
		fmt.Fprintf(&b, "data: %s\n", line)
	}
	b.WriteString("\n")
	_, _ = w.Write([]byte(b.String()))
}
