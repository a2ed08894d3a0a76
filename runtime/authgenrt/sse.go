package authgenrt

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"
	"time"
)

// Server-sent events (text/event-stream), read as the WHATWG HTML
// standard's "event stream interpretation" says, rule for rule:
//
//   - one leading U+FEFF is dropped; lines end at CRLF, LF or CR (a CR at
//     the end of one read and an LF at the start of the next are one end);
//   - an empty line dispatches the event; a line starting with ":" is a
//     comment; "name: value" drops one space after the colon; a line
//     without a colon is a field with an empty value;
//   - "event" sets the type, "data" appends its value and a newline, "id"
//     sets the last event ID unless the value holds a NUL, "retry" sets the
//     reconnection time when the value is ASCII digits only; anything else
//     is ignored;
//   - dispatching takes the last event ID (which outlives the event), and
//     with an empty data buffer dispatches nothing; one final newline of
//     the data is dropped; the type defaults to "message";
//   - at the end of the stream, an event not ended by an empty line is
//     discarded.
//
// The reader holds one event at a time, whatever the stream's length: a
// line or an event past the decoder's limit is an error, not memory.

// SSEEvent is one server-sent event.
type SSEEvent struct {
	// Type is the event's type: the last "event" field, or "message".
	Type string
	// Data is the event's data: its "data" fields joined by newlines.
	Data string
	// ID is the stream's last event ID when the event was dispatched: the
	// latest "id" field so far, this event's or an earlier one's.
	ID string
}

// DefaultMaxSSEEvent bounds one event (its data, and any one line) when
// the decoder is given no limit.
const DefaultMaxSSEEvent = 16 << 20

// ErrSSEEventTooLarge is returned when a line or an event's data passes
// the decoder's limit; the stream cannot be read past it.
var ErrSSEEventTooLarge = errors.New("server-sent event too large")

// SSEDecoder reads server-sent events from a stream.
type SSEDecoder struct {
	r        *bufio.Reader
	max      int
	started  bool // the BOM check is done
	afterCR  bool // the last line ended at a CR: an LF now ends nothing
	data     bytes.Buffer
	hasData  bool // a data field was seen since the last dispatch
	typ      string
	idBuffer string // the latest id field
	lastID   string // the last event ID: idBuffer as of the last dispatch
	retry    time.Duration
	retrySet bool
	line     []byte
}

// NewSSEDecoder reads events from r, each at most maxEvent bytes of data
// and of any one line (0: DefaultMaxSSEEvent).
func NewSSEDecoder(r io.Reader, maxEvent int) *SSEDecoder {
	if maxEvent <= 0 {
		maxEvent = DefaultMaxSSEEvent
	}
	return &SSEDecoder{r: bufio.NewReaderSize(r, 32<<10), max: maxEvent}
}

// LastEventID is the stream's last event ID as of its last dispatch (an
// id in an unfinished event does not count), to resend as Last-Event-ID
// when reconnecting.
func (d *SSEDecoder) LastEventID() string { return d.lastID }

// Retry is the reconnection time the stream last asked for, and whether
// it asked at all.
func (d *SSEDecoder) Retry() (time.Duration, bool) { return d.retry, d.retrySet }

// Next returns the next event. At the end of the stream it returns io.EOF
// (an unfinished last event is discarded, as the standard says); a read
// error is returned as it is.
func (d *SSEDecoder) Next() (SSEEvent, error) {
	for {
		line, err := d.readLine()
		if err != nil {
			return SSEEvent{}, err
		}
		if len(line) == 0 {
			if ev, ok := d.dispatch(); ok {
				return ev, nil
			}
			continue
		}
		if err := d.field(line); err != nil {
			return SSEEvent{}, err
		}
	}
}

// readLine returns the next line without its end. A stream that ends
// without a line end ends the line too; the standard then discards the
// pending event, which Next does by returning io.EOF before dispatching.
func (d *SSEDecoder) readLine() ([]byte, error) {
	d.line = d.line[:0]
	for {
		b, err := d.r.ReadByte()
		if err != nil {
			if errors.Is(err, io.EOF) {
				return nil, io.EOF // a partial line is a partial event: discarded
			}
			return nil, err
		}
		if !d.started {
			d.started = true
			if b == 0xEF {
				if bom, _ := d.r.Peek(2); bytes.Equal(bom, []byte{0xBB, 0xBF}) {
					_, _ = d.r.Discard(2)
					continue
				}
			}
		}
		switch b {
		case '\n':
			if d.afterCR {
				d.afterCR = false
				continue // the LF of a CRLF
			}
			return d.line, nil
		case '\r':
			d.afterCR = true
			return d.line, nil
		}
		d.afterCR = false
		if len(d.line) >= d.max {
			return nil, fmt.Errorf("%w: a line of more than %d bytes", ErrSSEEventTooLarge, d.max)
		}
		d.line = append(d.line, b)
		// Copy the rest of the line at once rather than byte by byte.
		if rest, _ := d.r.Peek(d.r.Buffered()); len(rest) > 0 {
			end := bytes.IndexAny(rest, "\r\n")
			if end < 0 {
				end = len(rest)
			}
			if len(d.line)+end > d.max {
				return nil, fmt.Errorf("%w: a line of more than %d bytes", ErrSSEEventTooLarge, d.max)
			}
			d.line = append(d.line, rest[:end]...)
			_, _ = d.r.Discard(end)
		}
	}
}

// field processes one non-empty line.
func (d *SSEDecoder) field(line []byte) error {
	if line[0] == ':' {
		return nil // a comment (a keep-alive, often)
	}
	name, value := line, []byte(nil)
	if i := bytes.IndexByte(line, ':'); i >= 0 {
		name, value = line[:i], line[i+1:]
		if len(value) > 0 && value[0] == ' ' {
			value = value[1:]
		}
	}
	switch string(name) {
	case "event":
		d.typ = string(value)
	case "data":
		if d.data.Len()+len(value)+1 > d.max {
			return fmt.Errorf("%w: an event of more than %d bytes", ErrSSEEventTooLarge, d.max)
		}
		d.data.Write(value)
		d.data.WriteByte('\n')
		d.hasData = true
	case "id":
		if bytes.IndexByte(value, 0) < 0 {
			d.idBuffer = string(value)
		}
	case "retry":
		if len(value) > 0 && digitsOnly(string(value)) {
			if ms, err := strconv.ParseInt(string(value), 10, 64); err == nil && ms <= int64(maxSSERetry/time.Millisecond) {
				d.retry, d.retrySet = time.Duration(ms)*time.Millisecond, true
			}
		}
	}
	return nil
}

// maxSSERetry bounds the reconnection time a stream may ask for; a larger
// one is ignored like a malformed one (a day is beyond any wait a client
// should make on a server's word).
const maxSSERetry = 24 * time.Hour

// dispatch ends the current event: the last event ID becomes the id
// buffer's (even when nothing is dispatched), and the event is returned
// unless its data buffer is empty; the type and data are reset, the id
// buffer is not.
func (d *SSEDecoder) dispatch() (SSEEvent, bool) {
	d.lastID = d.idBuffer
	defer func() {
		d.data.Reset()
		d.hasData = false
		d.typ = ""
	}()
	if !d.hasData {
		return SSEEvent{}, false
	}
	data := d.data.Bytes()
	data = data[:len(data)-1] // the newline after the last data field
	ev := SSEEvent{Type: d.typ, Data: string(data), ID: d.lastID}
	if ev.Type == "" {
		ev.Type = "message"
	}
	return ev, true
}
