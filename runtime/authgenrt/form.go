//authgen:feature form

package authgenrt

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"unicode/utf8"
)

// This file is copied into a client only when its spec has a form-encoded
// body or a deepObject query parameter: both flatten JSON into a[b]=c.

// EncodeFormBody is the bodyEncoder of application/x-www-form-urlencoded
// bodies: a struct (by its json tags) or a map, nested objects in the
// deepObject-like "a[b]=c" form that form APIs such as Stripe's expect.
func EncodeFormBody(body any, contentType string) ([]byte, string, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, "", err
	}
	if kind := formValueKind(raw); kind != "object" {
		return nil, "", fmt.Errorf("form body must be an object, not %s", kind)
	}
	// The body's JSON is walked once into key and value pairs, with no
	// tree of maps and no url.Values (issue 30: that took about 29 of a
	// Stripe create's 177 allocations).
	pairs := newFormPairs(raw)
	if _, err := pairs.flatten(raw, nil); err != nil {
		return nil, "", err
	}
	return pairs.encode(), contentType, nil
}

// formValueKind names the kind of a JSON value by its first byte (a
// form's file does not share unions.go's jsonKind: a client may have one
// without the other).
func formValueKind(raw []byte) string {
	for _, c := range raw {
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		case '{':
			return "object"
		case '[':
			return "array"
		case '"':
			return "string"
		case 't', 'f':
			return "boolean"
		case 'n':
			return "null"
		}
		return "number"
	}
	return "nothing"
}

// formPair is one name=value of a form, as bytes: a value and a top-level
// name are slices of the body's JSON when they hold no escape, so most
// pairs cost no allocation.
type formPair struct{ name, value []byte }

// formPairs is a form as it is flattened, in document order.
type formPairs []formPair

// newFormPairs has room for the pairs of raw: at most one per comma.
func newFormPairs(raw []byte) formPairs {
	return make(formPairs, 0, bytes.Count(raw, []byte{','})+1)
}

// encode writes the pairs as url.Values.Encode does: sorted by name, the
// values of one name in the order they came, each part escaped as
// url.QueryEscape escapes it.
func (ps formPairs) encode() []byte {
	slices.SortStableFunc(ps, func(a, b formPair) int { return bytes.Compare(a.name, b.name) })
	n := 0
	for _, p := range ps {
		n += len(p.name) + len(p.value) + 2
	}
	b := make([]byte, 0, n+n/2)
	for i, p := range ps {
		if i > 0 {
			b = append(b, '&')
		}
		b = appendQueryEscape(b, p.name)
		b = append(b, '=')
		b = appendQueryEscape(b, p.value)
	}
	return b
}

// appendQueryEscape appends s escaped as url.QueryEscape escapes it: the
// unreserved bytes as they are, a space as '+', every other byte as %XX.
func appendQueryEscape(b, s []byte) []byte {
	const hex = "0123456789ABCDEF"
	for _, c := range s {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b = append(b, c)
		case c == ' ':
			b = append(b, '+')
		default:
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return b
}

// flatten adds the pairs of the JSON value at the start of raw, named
// prefix, and returns what follows it. raw is json.Marshal's output:
// valid and compact. Objects nest as prefix[key], arrays as prefix[i];
// null and empty objects and arrays add nothing.
func (ps *formPairs) flatten(raw, prefix []byte) ([]byte, error) {
	if len(raw) == 0 {
		return nil, fmt.Errorf("form body: unexpected end of JSON")
	}
	switch raw[0] {
	case '{':
		raw = raw[1:]
		for len(raw) > 0 && raw[0] != '}' {
			key, rest, err := jsonString(raw)
			if err != nil {
				return nil, err
			}
			if len(rest) == 0 || rest[0] != ':' {
				return nil, fmt.Errorf("form body: want ':' after a key")
			}
			name := key
			if len(prefix) > 0 { // an empty name nests nothing, as before
				name = slices.Concat(prefix, []byte{'['}, key, []byte{']'})
			}
			if raw, err = ps.flatten(rest[1:], name); err != nil {
				return nil, err
			}
			if len(raw) > 0 && raw[0] == ',' {
				raw = raw[1:]
			}
		}
		return skipByte(raw, '}')
	case '[':
		raw = raw[1:]
		for i := 0; len(raw) > 0 && raw[0] != ']'; i++ {
			name := strconv.AppendInt(append(append(make([]byte, 0, len(prefix)+8), prefix...), '['), int64(i), 10)
			var err error
			if raw, err = ps.flatten(raw, append(name, ']')); err != nil {
				return nil, err
			}
			if len(raw) > 0 && raw[0] == ',' {
				raw = raw[1:]
			}
		}
		return skipByte(raw, ']')
	case '"':
		s, rest, err := jsonString(raw)
		if err != nil {
			return nil, err
		}
		*ps = append(*ps, formPair{prefix, s})
		return rest, nil
	case 'n':
		return raw[min(len(raw), len("null")):], nil
	}
	// A number, true or false: its JSON text is its form value.
	end := 0
	for end < len(raw) && raw[end] != ',' && raw[end] != '}' && raw[end] != ']' {
		end++
	}
	*ps = append(*ps, formPair{prefix, raw[:end]})
	return raw[end:], nil
}

// skipByte skips the closing byte c.
func skipByte(raw []byte, c byte) ([]byte, error) {
	if len(raw) == 0 || raw[0] != c {
		return nil, fmt.Errorf("form body: want %q", c)
	}
	return raw[1:], nil
}

// jsonString reads the JSON string at the start of raw: without escapes,
// and valid UTF-8, it is the bytes between the quotes; else json.Unmarshal
// unquotes it.
func jsonString(raw []byte) ([]byte, []byte, error) {
	if len(raw) == 0 || raw[0] != '"' {
		return nil, nil, fmt.Errorf("form body: want a string")
	}
	escaped := false
	for i := 1; i < len(raw); i++ {
		switch raw[i] {
		case '\\':
			escaped = true
			i++ // the escaped byte cannot end the string
		case '"':
			if !escaped && utf8.Valid(raw[1:i]) {
				return raw[1:i:i], raw[i+1:], nil
			}
			// Escapes, or bytes that are not UTF-8 (a json.RawMessage
			// body keeps them), which decoding turns into U+FFFD.
			var s string
			if err := json.Unmarshal(raw[:i+1], &s); err != nil {
				return nil, nil, fmt.Errorf("form body: %w", err)
			}
			return []byte(s), raw[i+1:], nil
		}
	}
	return nil, nil, fmt.Errorf("form body: unterminated string")
}

// AddDeepObject adds an object parameter in OpenAPI's deepObject style:
// name[key]=value, nested keys as name[a][b], list items as name[a][0].
func AddDeepObject(q url.Values, name string, v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		return
	}
	switch formValueKind(raw) {
	case "object", "array":
		pairs := newFormPairs(raw)
		if _, err := pairs.flatten(raw, []byte(name)); err != nil {
			return
		}
		for _, p := range pairs {
			q.Add(string(p.name), string(p.value))
		}
	default:
		q.Add(name, formatParam(v)) // a scalar: nothing to nest
	}
}
