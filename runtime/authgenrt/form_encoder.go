//authgen:feature form

package authgenrt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"slices"
	"strconv"
	"time"
	"unicode/utf8"
)

// FormEncoder takes a form body's pairs straight from a generated model,
// with no json.Marshal and no walk of its JSON (issue 30): each model of a
// form body has a method that adds its fields here. The bytes it encodes
// are EncodeFormBody's for the same value, byte for byte (the generated
// clients' TestFormBodiesEncodeAsTheJSONWalk, and TestFormEncoderValues
// here): a name nests as prefix[key] and prefix[i], a string is the text
// json.Marshal would send (invalid UTF-8 bytes become U+FFFD), a number
// json.Marshal's text, and null, an empty object or an empty array add
// nothing.
//
// Names and values are written into one buffer that only grows, and each
// pair slices it: a slice taken before the buffer moves keeps the old
// array, which nothing writes again. The first error is kept and returned
// by Encode, as json.Marshal would have failed on the same value.
//
// The zero FormEncoder is ready to use; it holds room for a body of
// Stripe's usual size, so encoding one costs the output alone (the shell
// reuses encoders), not a slice grown pair by pair. It must not be copied
// once used.
type FormEncoder struct {
	pairs     formPairs
	buf       []byte
	err       error
	pairSpace [16]formPair
	bufSpace  [512]byte
}

// begin returns where the next name or value starts in the buffer.
func (e *FormEncoder) begin() int {
	if e.buf == nil {
		e.buf = e.bufSpace[:0]
	}
	return len(e.buf)
}

// Name is the name of member key under prefix: prefix[key], or key alone
// at the top (an empty prefix nests nothing, as in EncodeFormBody).
func (e *FormEncoder) Name(prefix []byte, key string) []byte {
	start := e.begin()
	if len(prefix) > 0 {
		e.buf = append(e.buf, prefix...)
		e.buf = append(e.buf, '[')
		e.buf = appendJSONText(e.buf, key)
		e.buf = append(e.buf, ']')
	} else {
		e.buf = appendJSONText(e.buf, key)
	}
	return e.buf[start:len(e.buf):len(e.buf)]
}

// Index is the name of item i of an array under prefix: prefix[i].
func (e *FormEncoder) Index(prefix []byte, i int) []byte {
	start := e.begin()
	e.buf = append(e.buf, prefix...)
	e.buf = append(e.buf, '[')
	e.buf = strconv.AppendInt(e.buf, int64(i), 10)
	e.buf = append(e.buf, ']')
	return e.buf[start:len(e.buf):len(e.buf)]
}

// add adds name with the value written since start.
func (e *FormEncoder) add(name []byte, start int) {
	if e.pairs == nil {
		e.pairs = e.pairSpace[:0]
	}
	e.pairs = append(e.pairs, formPair{name, e.buf[start:len(e.buf):len(e.buf)]})
}

// AddString adds a string.
func (e *FormEncoder) AddString(name []byte, s string) {
	start := e.begin()
	e.buf = appendJSONText(e.buf, s)
	e.add(name, start)
}

// AddInt adds an integer.
func (e *FormEncoder) AddInt(name []byte, n int64) {
	start := e.begin()
	e.buf = strconv.AppendInt(e.buf, n, 10)
	e.add(name, start)
}

// AddBool adds true or false.
func (e *FormEncoder) AddBool(name []byte, b bool) {
	start := e.begin()
	e.buf = strconv.AppendBool(e.buf, b)
	e.add(name, start)
}

// AddFloat adds a float64 (bits 64) or a float32 (bits 32) as
// encoding/json writes it: 'f' form, 'e' form below 1e-6 and from 1e21
// with e-07 cut to e-7. NaN and the infinities are an error, as in JSON.
func (e *FormEncoder) AddFloat(name []byte, f float64, bits int) {
	if math.IsInf(f, 0) || math.IsNaN(f) {
		e.Fail(fmt.Errorf("form body: %s: unsupported value %s", name, strconv.FormatFloat(f, 'g', -1, bits)))
		return
	}
	start := e.begin()
	format := byte('f')
	if abs := math.Abs(f); abs != 0 {
		if bits == 64 && (abs < 1e-6 || abs >= 1e21) || bits == 32 && (float32(abs) < 1e-6 || float32(abs) >= 1e21) {
			format = 'e'
		}
	}
	e.buf = strconv.AppendFloat(e.buf, f, format, -1, bits)
	if n := len(e.buf); format == 'e' && n-start >= 4 && e.buf[n-4] == 'e' && e.buf[n-3] == '-' && e.buf[n-2] == '0' {
		e.buf[n-2] = e.buf[n-1]
		e.buf = e.buf[:n-1]
	}
	e.add(name, start)
}

// AddTime adds a time as time.Time's MarshalJSON writes it (RFC 3339 with
// nanoseconds), failing where it fails (a year outside 0-9999).
func (e *FormEncoder) AddTime(name []byte, t time.Time) {
	start := e.begin()
	b, err := t.AppendText(e.buf)
	if err != nil {
		e.Fail(fmt.Errorf("form body: %s: %w", name, err))
		return
	}
	e.buf = b
	e.add(name, start)
}

// AddMarshaled adds the pairs of a value's JSON, as MarshalJSON (a
// union's) or a json.RawMessage gives it: err is MarshalJSON's; empty JSON
// is null, as json.Marshal writes an empty RawMessage. The JSON is checked
// and compacted as json.Marshal would, then walked as EncodeFormBody walks.
func (e *FormEncoder) AddMarshaled(name []byte, raw []byte, err error) {
	if err != nil {
		e.Fail(fmt.Errorf("form body: %s: %w", name, err))
		return
	}
	if len(raw) == 0 {
		return
	}
	var compact bytes.Buffer
	if err := json.Compact(&compact, raw); err != nil {
		e.Fail(fmt.Errorf("form body: %s: %w", name, err))
		return
	}
	e.walk(name, compact.Bytes())
}

// AddValue adds the pairs of any value through its JSON: what the
// generated code does not encode field by field (an any, a []byte, a
// struct with additional properties) comes here.
func (e *FormEncoder) AddValue(name []byte, v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		e.Fail(fmt.Errorf("form body: %s: %w", name, err))
		return
	}
	e.walk(name, raw)
}

// walk flattens compact JSON under name into the encoder's pairs.
func (e *FormEncoder) walk(name []byte, raw []byte) {
	if e.pairs == nil {
		e.pairs = e.pairSpace[:0]
	}
	if _, err := e.pairs.flatten(raw, name); err != nil {
		e.Fail(err)
	}
}

// Fail keeps the first error; Encode returns it.
func (e *FormEncoder) Fail(err error) {
	if e.err == nil {
		e.err = err
	}
}

// Reset makes the encoder empty for another body, keeping its own room
// (the shell keeps encoders in a sync.Pool). Encode's result does not
// share the encoder's memory, so it outlives a Reset.
func (e *FormEncoder) Reset() {
	clear(e.pairSpace[:]) // the old pairs' slices, which may hold grown buffers
	e.pairs, e.buf, e.err = nil, nil, nil
}

// Encode returns the form, its pairs sorted by name as EncodeFormBody
// sorts them, or the first error.
func (e *FormEncoder) Encode() ([]byte, error) {
	if e.err != nil {
		return nil, e.err
	}
	return e.pairs.encode(), nil
}

// SortedKeys returns a map's keys in the order json.Marshal writes them,
// so pairs whose names collide come in the order EncodeFormBody gives
// them (a key "a[b]" beside a key "a" holding "b").
func SortedKeys[M ~map[string]V, V any](m M) []string {
	if len(m) == 0 {
		return nil
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

// appendJSONText appends s as it reads back from json.Marshal's string:
// itself when it is valid UTF-8, else with each byte that is not UTF-8
// replaced by U+FFFD, as the encoder replaces it.
func appendJSONText(b []byte, s string) []byte {
	if utf8.ValidString(s) {
		return append(b, s...)
	}
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = utf8.AppendRune(b, utf8.RuneError)
		} else {
			b = append(b, s[i:i+size]...)
		}
		i += size
	}
	return b
}
