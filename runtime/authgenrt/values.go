package authgenrt

// Values read from a response by a spec's pointers beyond the envelope's
// one-scalar members: lists (a pointer with a * segment, or a member that
// is a list), booleans, and the rules of retry.when that read the body.

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
)

// lookupAll resolves a JSON pointer whose segments may be *, which stands
// for every element of an array (or every member of an object, in document
// order): /errors/*/message gives each error's message. Without a * it is
// lookupPointer, as a list of one or none.
func lookupAll(doc json.RawMessage, pointer string) []json.RawMessage {
	i := wildcardAt(pointer)
	if i < 0 {
		if v := lookupPointer(doc, pointer); v != nil {
			return []json.RawMessage{v}
		}
		return nil
	}
	head, rest := pointer[:i], pointer[i+2:]
	base := doc
	if head != "" {
		base = lookupPointer(doc, head)
	} else if !json.Valid(doc) {
		return nil
	}
	var out []json.RawMessage
	for _, item := range jsonChildren(base) {
		if rest == "" {
			out = append(out, item)
			continue
		}
		out = append(out, lookupAll(item, rest)...)
	}
	return out
}

// wildcardAt is the index of the pointer's first "/*" segment; -1: none
// ("/*x" is a member named "*x").
func wildcardAt(pointer string) int {
	if i := strings.Index(pointer+"/", "/*/"); i >= 0 {
		return i
	}
	return -1
}

// jsonChildren are the elements of a valid JSON array, or the values of an
// object's members, in order; nil for anything else.
func jsonChildren(v []byte) []json.RawMessage {
	v = skipSpace(v)
	if len(v) == 0 || (v[0] != '[' && v[0] != '{') {
		return nil
	}
	object := v[0] == '{'
	var out []json.RawMessage
	rest := skipSpace(v[1:])
	for len(rest) > 0 && rest[0] != ']' && rest[0] != '}' {
		if object {
			rest = skipSpace(rest[skipString(rest):])
			rest = skipSpace(rest[1:]) // the colon
		}
		end := skipValue(rest)
		out = append(out, json.RawMessage(rest[:end]))
		rest = skipSpace(rest[end:])
		if len(rest) > 0 && rest[0] == ',' {
			rest = skipSpace(rest[1:])
		}
	}
	return out
}

// textsAt is every scalar the pointer reaches, as text: a * segment walks
// each item, and a list (or a list of lists) at the end is flattened.
// Objects and nulls are skipped.
func textsAt(doc json.RawMessage, pointer string) []string {
	var out []string
	var add func(json.RawMessage, int)
	add = func(v json.RawMessage, depth int) {
		v = bytes.TrimSpace(v)
		if len(v) > 0 && v[0] == '[' && depth < 4 {
			for _, item := range jsonChildren(v) {
				add(item, depth+1)
			}
			return
		}
		if s := scalarText(v); s != "" {
			out = append(out, s)
		}
	}
	for _, v := range lookupAll(doc, pointer) {
		add(v, 0)
	}
	return out
}

// ErrorFieldStrings reads a list member of an error body for ErrorFields
// (errors.fields type array): every scalar the pointer reaches, in order;
// nil when there is none.
func ErrorFieldStrings(doc json.RawMessage, pointer string) []string {
	return textsAt(doc, pointer)
}

// HeaderBool reads a boolean header (true, false, 1, 0, any case); ok is
// false when absent or malformed.
func HeaderBool(h http.Header, name string) (bool, bool) {
	v, err := strconv.ParseBool(strings.ToLower(strings.TrimSpace(h.Get(name))))
	return v, err == nil
}

// listSeparator joins the messages a * pointer collects.
const listSeparator = "; "

// joinedMessage is the envelope message at a pointer with a * segment:
// every message it reaches, joined, within the length of one message.
func joinedMessage(doc json.RawMessage, pointer string) string {
	var parts []string
	for _, v := range lookupAll(doc, pointer) {
		if s := messageText(v); s != "" {
			parts = append(parts, s)
		}
	}
	return limitText(strings.Join(parts, listSeparator))
}

// envelopeText is the envelope's member at pointer as one line: a *
// pointer joins what it collects.
func envelopeText(doc json.RawMessage, pointer string, read func(json.RawMessage) string) string {
	if wildcardAt(pointer) >= 0 {
		return joinedMessage(doc, pointer)
	}
	return read(lookupPointer(doc, pointer))
}

// RetryRule is one row of the spec's retry.when: when every condition it
// names holds for a failed response, Retry says whether it is retried.
// The first matching rule decides; see decide for where rules stand among
// the other retry decisions.
type RetryRule struct {
	Status int    // the response's status; 0: any
	Method string // the request's method; "": any
	// Pointer and Equals: the error body's member at Pointer reads Equals
	// (a string unquoted, a number or boolean as written).
	Pointer, Equals string
	// RetryAfter: the response names a wait (Retry-After or one of the
	// spec's delay sources).
	RetryAfter bool
	Retry      bool
}

// matches reports whether every condition of the rule holds.
func (r RetryRule) matches(status int, method string, body []byte, waitNamed bool) bool {
	switch {
	case r.Status != 0 && r.Status != status:
		return false
	case r.Method != "" && r.Method != method:
		return false
	case r.RetryAfter && !waitNamed:
		return false
	case r.Pointer != "" && scalarText(lookupPointer(body, r.Pointer)) != r.Equals:
		return false
	}
	return true
}

// describe names the rule for an APIError's "not retried" note.
func (r RetryRule) describe(i int) string {
	if r.Pointer != "" {
		return "retry.when[" + strconv.Itoa(i) + "]: " + r.Pointer + " is " + strconv.Quote(r.Equals)
	}
	return "retry.when[" + strconv.Itoa(i) + "]"
}

// retryRule is the first of the spec's rules that matches, if any.
func (p *ProviderSpec) retryRule(status int, method string, body []byte, waitNamed bool) (RetryRule, int, bool) {
	for i, r := range p.RetryWhen {
		if r.matches(status, method, body, waitNamed) {
			return r, i, true
		}
	}
	return RetryRule{}, 0, false
}
