package authgenrt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"slices"
	"time"
)

// Streams: an operation whose 2xx answers with server-sent events
// (text/event-stream) gives a method that yields the events as they
// arrive, typed by the spec. The request is sent as any other (auth,
// retries before the first byte, errors); from the first byte the body is
// read as events, with no attempt timeout (a stream may run for minutes)
// but the caller's context, and with the memory of one event.

// StreamSpec is how an operation's stream ends and fails, as the spec
// says.
type StreamSpec struct {
	// Done is the data of the event that ends the stream; "" for
	// "[DONE]", the convention, which is no JSON any event type could
	// describe.
	Done string
	// ErrorEvent is the type of the event whose data is the vendor's error
	// envelope; it ends the stream with an *APIError.
	ErrorEvent string
	// ErrorData is a JSON pointer whose presence in an event's data makes
	// the data the vendor's error envelope, whatever the event's type
	// (OpenAI sends {"error": {...}} as a plain data event).
	ErrorData string
	// Events are the event types whose data the operation's event type
	// describes; the others come back with only Raw. Empty: every event.
	Events []string
	// Resume: the vendor resumes a stream from Last-Event-ID, so a
	// connection lost mid-stream is opened again, at most MaxResumes times
	// in a row without an event between.
	Resume bool
}

// conventionalDone ends a stream whose spec names no Done: OpenAI's
// sentinel, which the vendors that copy its API send too, and which is not
// JSON, so no event type could describe it.
const conventionalDone = "[DONE]"

// MaxResumes bounds the reconnections of a resumable stream in a row,
// without an event received between them.
const MaxResumes = 3

// maxResumeWait caps the wait a stream's retry field asks before a
// reconnection.
const maxResumeWait = 30 * time.Second

// StreamEvent is one event of a stream.
type StreamEvent[T any] struct {
	// Type is the event's type ("message" when the server named none).
	Type string
	// ID is the stream's last event ID when the event came.
	ID string
	// Data is the event's data decoded as the operation's event type; the
	// zero value for an event of a type the spec does not describe.
	Data T
	// Raw is the event's data as it was sent.
	Raw string
	// Described says whether Data holds the event: false for an event of
	// a type the spec does not describe, which comes back with Raw only.
	Described bool
}

// Stream sends r and yields the events of its answer, decoded as T. The
// sequence ends at the spec's Done event, at the end of the stream, at the
// first error (yielded once: an *APIError for a failed request or an
// error event, a *DecodeError for data that does not match T), when ctx
// is done, or when the caller stops ranging; the body is closed in every
// case.
func Stream[T any](ctx context.Context, c *Client, r *Request, opts []RequestOption, spec *StreamSpec) iter.Seq2[StreamEvent[T], error] {
	return func(yield func(StreamEvent[T], error) bool) {
		s := streamWalk{ctx: ctx, c: c, r: r, opts: opts, spec: spec}
		for {
			ev, err := s.next()
			if errors.Is(err, io.EOF) {
				s.close()
				return
			}
			if err != nil {
				s.close()
				yield(StreamEvent[T]{}, err)
				return
			}
			out := StreamEvent[T]{Type: ev.Type, ID: ev.ID, Raw: ev.Data}
			if len(spec.Events) == 0 || slices.Contains(spec.Events, ev.Type) {
				if err := json.Unmarshal([]byte(ev.Data), &out.Data); err != nil {
					s.close()
					yield(StreamEvent[T]{}, s.decodeError(ev, err))
					return
				}
				out.Described = true
			}
			if !yield(out, nil) {
				s.close()
				return
			}
		}
	}
}

// streamWalk is one stream's state: the open body and its decoder, and
// what a reconnection needs.
type streamWalk struct {
	ctx     context.Context
	c       *Client
	r       *Request
	opts    []RequestOption
	spec    *StreamSpec
	body    io.ReadCloser
	dec     *SSEDecoder
	meta    Response
	lastID  string
	resumes int // reconnections since the last event
}

// next returns the next event the caller sees: Done and a clean end are
// io.EOF, an error event an *APIError.
func (s *streamWalk) next() (SSEEvent, error) {
	for {
		if s.dec == nil {
			if err := s.open(); err != nil {
				return SSEEvent{}, err
			}
		}
		ev, err := s.dec.Next()
		switch {
		case err == nil:
			s.resumes, s.lastID = 0, s.dec.LastEventID()
			if ev.Data == s.spec.Done || s.spec.Done == "" && ev.Data == conventionalDone {
				return SSEEvent{}, io.EOF
			}
			if s.spec.ErrorEvent != "" && ev.Type == s.spec.ErrorEvent ||
				s.spec.ErrorData != "" && lookupPointer(json.RawMessage(ev.Data), s.spec.ErrorData) != nil {
				return SSEEvent{}, s.c.newAPIError(s.r, s.meta, []byte(ev.Data))
			}
			return ev, nil
		case errors.Is(err, io.EOF):
			return SSEEvent{}, io.EOF
		case s.ctx.Err() != nil:
			return SSEEvent{}, s.ctx.Err()
		case s.spec.Resume && s.resumes < MaxResumes && !errors.Is(err, ErrSSEEventTooLarge):
			s.lastID = s.dec.LastEventID()
			wait, asked := s.dec.Retry()
			s.close()
			s.resumes++
			if !asked {
				wait = s.c.backoff(s.resumes)
			}
			if !s.c.clock.Sleep(s.ctx, min(wait, maxResumeWait)) {
				return SSEEvent{}, s.ctx.Err()
			}
		default:
			return SSEEvent{}, fmt.Errorf("%s: %s: reading the event stream: %w", s.c.spec.Name, s.r.Operation, s.c.redactor.wrap(err))
		}
	}
}

// open sends the request (again, with Last-Event-ID, when resuming).
func (s *streamWalk) open() error {
	r := *s.r
	r.RawResponse = true
	r.Header = r.Header.Clone()
	if r.Header == nil {
		r.Header = http.Header{}
	}
	r.Header.Set("Accept", "text/event-stream")
	if s.lastID != "" {
		r.Header.Set("Last-Event-ID", s.lastID)
	}
	var body io.ReadCloser
	opts := append(slices.Clip(s.opts), WithResponseFunc(func(m Response) { s.meta = m }))
	if err := s.c.Send(s.ctx, &r, &body, opts); err != nil {
		return err
	}
	s.body, s.dec = body, NewSSEDecoder(body, 0)
	return nil
}

func (s *streamWalk) close() {
	if s.body != nil {
		s.body.Close()
		s.body, s.dec = nil, nil
	}
}

func (s *streamWalk) decodeError(ev SSEEvent, err error) error {
	body := []byte(ev.Data)
	if len(body) > maxErrorBody {
		body = body[:maxErrorBody]
	}
	return &DecodeError{
		Operation:  s.r.Operation,
		StatusCode: s.meta.StatusCode,
		Header:     s.c.redactor.Header(s.meta.Header),
		Body:       s.c.redactor.Bytes(body),
		Err:        fmt.Errorf("event %q: %w", ev.Type, s.c.redactor.wrap(err)),
		Provider:   s.c.spec.Name,
	}
}

// EncodeJSONStreaming is the body encoder of an operation's stream method
// when the request asks for the stream with a body member (stream: true):
// the body as JSON with that member set to true.
func EncodeJSONStreaming(member string) func(body any, contentType string) ([]byte, string, error) {
	return func(body any, contentType string) ([]byte, string, error) {
		b, err := json.Marshal(body)
		if err != nil {
			return nil, "", err
		}
		var fields map[string]json.RawMessage
		if err := json.Unmarshal(b, &fields); err != nil || fields == nil {
			return nil, "", fmt.Errorf("asking for a stream: the body is not a JSON object")
		}
		fields[member] = json.RawMessage("true")
		b, err = json.Marshal(fields)
		return b, contentType, err
	}
}
