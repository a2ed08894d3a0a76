//authgen:feature union

package authgenrt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
)

// This file is copied into a client only when its spec has a oneOf/anyOf
// union: it chooses the variant a JSON value holds.

// UnionRule describes one variant of a union, from its schema.
type UnionRule struct {
	Tag      string          // discriminator value; "" when none
	Kind     string          // JSON type; "" when the schema does not say
	Required []string        // properties the variant requires
	Fixed    []UnionConstant // properties with one allowed value
}

// UnionConstant is a property whose schema allows one value.
type UnionConstant struct {
	Name  string
	Value any // string, float64 or bool
}

// ErrEmptyUnion is returned when a union that holds nothing is encoded:
// a required union field left unset would otherwise be sent as null.
var ErrEmptyUnion = errors.New("the union holds no value; build it with one of its From functions")

// ChooseVariant returns the index of the rule a value matches:
//
//  1. the discriminator property, when the union has one and the value
//     names a known tag;
//  2. otherwise every rule whose JSON type fits, whose required properties
//     are present and whose fixed properties hold their value (an absent
//     optional one is no objection); among those, the one that fixes the
//     most present properties, then requires the most, then comes first.
//
// So Stripe's customer and deleted_customer, both with object: "customer",
// are told apart by deleted: true, which only the second requires.
//
// It reads only an object's top-level members, in one pass that skips
// their values, so a union can tell its variant before the one full decode
// (a generated union's UnmarshalJSON). raw need not have been checked: a
// value that is not JSON is an error, never a panic.
func ChooseVariant(raw json.RawMessage, discriminator string, rules []UnionRule) (int, error) {
	raw = bytes.TrimSpace(raw)
	kind := jsonKind(raw)
	var members topMembers
	if kind == "object" {
		if !members.read(raw, discriminator, rules) {
			return -1, errors.New("not a JSON object")
		}
		if discriminator != "" {
			if tag, ok := members.get(discriminator); ok {
				if tag, ok := unionString(tag); ok && tag != "" {
					for i, r := range rules {
						if r.Tag == tag {
							return i, nil
						}
					}
				}
			}
		}
	}
	best, bestScore := -1, -1
	for i, r := range rules {
		score, ok := r.match(kind, &members)
		if ok && score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return -1, fmt.Errorf("a JSON %s that matches none of the union's %d variants", kind, len(rules))
	}
	return best, nil
}

// HoldVariant is what a generated union keeps of the variant it decoded
// when it was received: v when err is nil; nothing, and the error, when the
// value is not JSON; nothing and no error when it is JSON that does not
// decode as the variant (the As... method reports that when it is asked).
func HoldVariant(v any, err error) (any, error) {
	if err == nil {
		return v, nil
	}
	if syntax := (*json.SyntaxError)(nil); errors.As(err, &syntax) {
		return nil, err
	}
	return nil, nil
}

// CheckJSON is json.Unmarshal's error for a value that is not JSON, nil
// for one that is: a union that could not tell its variant keeps the value
// as it is, but only a JSON one.
func CheckJSON(raw []byte) error {
	if json.Valid(raw) {
		return nil
	}
	var skip json.RawMessage
	if err := json.Unmarshal(raw, &skip); err != nil {
		return err
	}
	return errors.New("not JSON")
}

// topMembers are the top-level members of an object that the rules name,
// raw: a few, so a list, kept on the stack for the common case.
type topMembers struct {
	names  [16]string
	values [16][]byte
	n      int
	more   map[string][]byte
}

// read collects the members of obj that the discriminator or a rule
// names; false when obj is not a well-formed object. Each key is compared
// as it is written (unquoted only when it has escapes) with the names the
// rules want, listed once: a union's rules name few members, an object may
// have many.
func (m *topMembers) read(obj []byte, discriminator string, rules []UnionRule) bool {
	var wantedOnStack [16]string
	wanted := wantedOnStack[:0]
	want := func(name string) {
		if name != "" && !slices.Contains(wanted, name) {
			wanted = append(wanted, name)
		}
	}
	want(discriminator)
	for _, r := range rules {
		for _, name := range r.Required {
			want(name)
		}
		for _, c := range r.Fixed {
			want(c.Name)
		}
	}
	return eachMember(obj, func(quoted, value []byte) {
		key := quoted[1 : len(quoted)-1]
		if bytes.IndexByte(key, '\\') >= 0 {
			var decoded string
			if json.Unmarshal(quoted, &decoded) != nil {
				return
			}
			key = []byte(decoded)
		}
		for _, name := range wanted {
			if string(key) == name {
				m.set(name, value)
				return
			}
		}
	})
}

// set records a member; a later duplicate wins, as with encoding/json.
func (m *topMembers) set(name string, value []byte) {
	for i := range m.n {
		if m.names[i] == name {
			m.values[i] = value
			return
		}
	}
	if m.n < len(m.names) {
		m.names[m.n], m.values[m.n] = name, value
		m.n++
		return
	}
	if m.more == nil {
		m.more = map[string][]byte{}
	}
	m.more[name] = value
}

func (m *topMembers) get(name string) ([]byte, bool) {
	for i := range m.n {
		if m.names[i] == name {
			return m.values[i], true
		}
	}
	v, ok := m.more[name]
	return v, ok
}

// unionString is the text of a JSON string; only one with escapes is
// decoded.
func unionString(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' || raw[len(raw)-1] != '"' {
		return "", false
	}
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return string(inner), true
	}
	var s string
	return s, json.Unmarshal(raw, &s) == nil
}

// match scores how well a value fits the rule; ok is false when it cannot
// be this variant.
func (r UnionRule) match(kind string, members *topMembers) (score int, ok bool) {
	if r.Kind != "" && r.Kind != kind && !(r.Kind == "integer" && kind == "number") {
		return 0, false
	}
	if kind != "object" {
		return 0, true
	}
	for _, name := range r.Required {
		if _, present := members.get(name); !present {
			return 0, false
		}
	}
	for _, c := range r.Fixed {
		raw, present := members.get(c.Name)
		if !present {
			continue
		}
		if !holdsConstant(raw, c.Value) {
			return 0, false
		}
		score += 1000
	}
	return score + len(r.Required), true
}

// holdsConstant reports whether the JSON value raw is the constant want
// (a string, float64 or bool, as UnionConstant holds it).
func holdsConstant(raw []byte, want any) bool {
	switch want := want.(type) {
	case string:
		if len(raw) >= 2 && raw[0] == '"' && bytes.IndexByte(raw, '\\') < 0 {
			return string(raw[1:len(raw)-1]) == want // compared in place, not copied
		}
		got, ok := unionString(raw)
		return ok && got == want
	case bool:
		return string(raw) == strconv.FormatBool(want)
	case float64:
		got, err := strconv.ParseFloat(string(raw), 64)
		return err == nil && got == want
	}
	return false
}

// jsonKind names the JSON type of a value by its first byte.
func jsonKind(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
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
