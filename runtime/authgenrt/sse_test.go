package authgenrt

import (
	"errors"
	"io"
	"math/rand/v2"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
	"time"
)

// referenceSSE reads a whole stream at once, as the standard's algorithm
// is written: the decoder, which reads as bytes arrive, must agree with it
// on every input and every way of cutting the input into reads.
func referenceSSE(input string) (events []SSEEvent, lastID string, retry time.Duration) {
	input = strings.TrimPrefix(input, "\uFEFF")
	var data, typ, idBuffer string
	hasData := false
	for {
		end := strings.IndexAny(input, "\r\n")
		if end < 0 {
			return // no line end: the rest is an unfinished event, discarded
		}
		line := input[:end]
		if strings.HasPrefix(input[end:], "\r\n") {
			input = input[end+2:]
		} else {
			input = input[end+1:]
		}
		switch {
		case line == "":
			lastID = idBuffer
			if hasData {
				t := typ
				if t == "" {
					t = "message"
				}
				events = append(events, SSEEvent{Type: t, Data: strings.TrimSuffix(data, "\n"), ID: lastID})
			}
			data, typ, hasData = "", "", false
			continue
		case line[0] == ':':
			continue
		}
		name, value, found := strings.Cut(line, ":")
		if found {
			value = strings.TrimPrefix(value, " ")
		}
		switch name {
		case "event":
			typ = value
		case "data":
			data += value + "\n"
			hasData = true
		case "id":
			if !strings.Contains(value, "\x00") {
				idBuffer = value
			}
		case "retry":
			if value != "" && strings.Trim(value, "0123456789") == "" {
				if ms, err := strconv.ParseInt(value, 10, 64); err == nil && ms <= int64(24*time.Hour/time.Millisecond) {
					retry = time.Duration(ms) * time.Millisecond
				}
			}
		}
	}
}

func decodeAll(t testing.TB, r io.Reader) ([]SSEEvent, *SSEDecoder) {
	t.Helper()
	d := NewSSEDecoder(r, 0)
	var events []SSEEvent
	for {
		ev, err := d.Next()
		if errors.Is(err, io.EOF) {
			return events, d
		}
		if err != nil {
			t.Fatalf("Next: %v", err)
		}
		events = append(events, ev)
	}
}

// TestSSEStandardExamples: the standard's own examples and each rule it
// states, one input each.
func TestSSEStandardExamples(t *testing.T) {
	for name, tc := range map[string]struct {
		in   string
		want []SSEEvent
	}{
		"stock example, two lines of data": {"data: YHOO\ndata: +2\ndata: 10\n\n", []SSEEvent{{Type: "message", Data: "YHOO\n+2\n10"}}},
		"comments and ids, an id that outlives its event": {": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n",
			[]SSEEvent{{Type: "message", Data: "first event", ID: "1"}, {Type: "message", Data: "second event"}, {Type: "message", Data: " third event"}}},
		"empty data fields":          {"data\n\ndata\ndata\n\ndata:", []SSEEvent{{Type: "message"}, {Type: "message", Data: "\n"}}},
		"one space dropped, not two": {"data:test\n\ndata: test\n\n", []SSEEvent{{Type: "message", Data: "test"}, {Type: "message", Data: "test"}}},
		"named events":               {"event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\n", []SSEEvent{{Type: "add", Data: "73857293"}, {Type: "remove", Data: "2153"}}},
		"CR, LF and CRLF line ends":  {"data: a\r\rdata: b\n\ndata: c\r\n\r\n", []SSEEvent{{Type: "message", Data: "a"}, {Type: "message", Data: "b"}, {Type: "message", Data: "c"}}},
		"a BOM, once":                {"\uFEFFdata: a\n\n\uFEFFdata: b\n\n", []SSEEvent{{Type: "message", Data: "a"}}},
		"the last event without a blank line is discarded": {"data: a\n\ndata: b\n", []SSEEvent{{Type: "message", Data: "a"}}},
		"an event type without data dispatches nothing":    {"event: ping\n\ndata: x\n\n", []SSEEvent{{Type: "message", Data: "x"}}},
		"an id with a NUL is ignored":                      {"id: 1\ndata: a\n\nid: 2\x003\ndata: b\n\n", []SSEEvent{{Type: "message", Data: "a", ID: "1"}, {Type: "message", Data: "b", ID: "1"}}},
		"unknown fields are ignored":                       {"foo: bar\ndata: a\n\n", []SSEEvent{{Type: "message", Data: "a"}}},
		"a [DONE] sentinel is data like any other":         {"data: {\"a\":1}\n\ndata: [DONE]\n\n", []SSEEvent{{Type: "message", Data: `{"a":1}`}, {Type: "message", Data: "[DONE]"}}},
	} {
		t.Run(name, func(t *testing.T) {
			got, _ := decodeAll(t, strings.NewReader(tc.in))
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
			if ref, _, _ := referenceSSE(tc.in); !reflect.DeepEqual(ref, tc.want) && !(len(ref) == 0 && len(tc.want) == 0) {
				t.Errorf("the reference reading disagrees: %q", ref)
			}
		})
	}
}

// TestSSERetryAndLastEventID: the reconnection time takes ASCII digits
// only; the last event ID is what a reconnection resends.
func TestSSERetryAndLastEventID(t *testing.T) {
	_, d := decodeAll(t, strings.NewReader("retry: 1500\nid: 7\ndata: a\n\nretry: 2s\nretry: -1\nretry:\n\nid: 8\ndata: unfinished\n"))
	if r, ok := d.Retry(); !ok || r != 1500*time.Millisecond {
		t.Errorf("Retry = %v, %v; want 1.5s", r, ok)
	}
	if d.LastEventID() != "7" {
		t.Errorf("LastEventID = %q, want 7: the id of an unfinished event does not count", d.LastEventID())
	}
	_, d = decodeAll(t, strings.NewReader("id: 9\n\n"))
	if d.LastEventID() != "9" {
		t.Errorf("LastEventID = %q, want 9: an id alone, with no data, still sets it", d.LastEventID())
	}
}

// TestSSEEventTooLarge: one line or one event past the limit is an error,
// not a buffer that grows with the stream.
func TestSSEEventTooLarge(t *testing.T) {
	for _, in := range []string{"data: " + strings.Repeat("x", 100) + "\n\n", strings.Repeat("data: 0123456789\n", 10) + "\n"} {
		d := NewSSEDecoder(strings.NewReader(in), 64)
		if _, err := d.Next(); !errors.Is(err, ErrSSEEventTooLarge) {
			t.Errorf("%.20q...: err = %v, want ErrSSEEventTooLarge", in, err)
		}
	}
}

// TestSSEGiBInConstantMemory: a gigabyte of events is read with the memory
// of one event.
func TestSSEGiBInConstantMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("reads 1 GiB")
	}
	event := "id: 1\nevent: delta\ndata: " + strings.Repeat("x", 1000) + "\n\n"
	const total = 1 << 30
	r := io.LimitReader(&repeatReader{s: event}, total-total%int64(len(event)))
	d := NewSSEDecoder(r, 0)
	n := 0
	for {
		_, err := d.Next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if want := total / len(event); n != want {
		t.Errorf("read %d events, want %d", n, want)
	}
	if c := cap(d.line); c > 64<<10 {
		t.Errorf("line buffer grew to %d bytes", c)
	}
}

type repeatReader struct {
	s   string
	off int
}

func (r *repeatReader) Read(p []byte) (int, error) {
	n := 0
	for n < len(p) {
		c := copy(p[n:], r.s[r.off:])
		n += c
		r.off = (r.off + c) % len(r.s)
	}
	return n, nil
}

// chunkReader hands out its input in reads of random sizes.
type chunkReader struct {
	s   string
	rng *rand.Rand
}

func (c *chunkReader) Read(p []byte) (int, error) {
	if c.s == "" {
		return 0, io.EOF
	}
	n := min(len(p), len(c.s), 1+c.rng.IntN(7))
	copy(p, c.s[:n])
	c.s = c.s[n:]
	return n, nil
}

// FuzzSSE: the decoder agrees with the reference reading on any input,
// read whole, a byte at a time, and in random pieces.
func FuzzSSE(f *testing.F) {
	for _, seed := range []string{"data: a\n\n", "data\r\n\r\nid: x\x00\ndata:b\r\r", "\uFEFFevent:e\ndata: [DONE]\n\n:c\nretry: 10\n\n", "data: a\r", "\r\n\n\r"} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, in string) {
		want, wantID, wantRetry := referenceSSE(in)
		for i, r := range []io.Reader{strings.NewReader(in), iotest.OneByteReader(strings.NewReader(in)), &chunkReader{s: in, rng: rand.New(rand.NewPCG(uint64(len(in)), 1))}} {
			got, d := decodeAll(t, r)
			if len(got) != len(want) || (len(got) > 0 && !reflect.DeepEqual(got, want)) {
				t.Fatalf("reader %d: got %q, want %q", i, got, want)
			}
			if d.LastEventID() != wantID {
				t.Fatalf("reader %d: last event ID %q, want %q", i, d.LastEventID(), wantID)
			}
			if r, _ := d.Retry(); r != wantRetry {
				t.Fatalf("reader %d: retry %v, want %v", i, r, wantRetry)
			}
		}
	})
}
