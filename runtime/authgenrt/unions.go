//authgen:feature union

package authgenrt

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
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
func ChooseVariant(raw json.RawMessage, discriminator string, rules []UnionRule) (int, error) {
	raw = bytes.TrimSpace(raw)
	kind := jsonKind(raw)
	var obj map[string]json.RawMessage
	if kind == "object" {
		if err := json.Unmarshal(raw, &obj); err != nil {
			return -1, err
		}
		if discriminator != "" {
			var tag string
			if json.Unmarshal(obj[discriminator], &tag) == nil && tag != "" {
				for i, r := range rules {
					if r.Tag == tag {
						return i, nil
					}
				}
			}
		}
	}
	best, bestScore := -1, -1
	for i, r := range rules {
		score, ok := r.match(kind, obj)
		if ok && score > bestScore {
			best, bestScore = i, score
		}
	}
	if best < 0 {
		return -1, fmt.Errorf("a JSON %s that matches none of the union's %d variants", kind, len(rules))
	}
	return best, nil
}

// match scores how well a value fits the rule; ok is false when it cannot
// be this variant.
func (r UnionRule) match(kind string, obj map[string]json.RawMessage) (score int, ok bool) {
	if r.Kind != "" && r.Kind != kind && !(r.Kind == "integer" && kind == "number") {
		return 0, false
	}
	if kind != "object" {
		return 0, true
	}
	for _, name := range r.Required {
		if _, present := obj[name]; !present {
			return 0, false
		}
	}
	for _, c := range r.Fixed {
		raw, present := obj[c.Name]
		if !present {
			continue
		}
		var got any
		if json.Unmarshal(raw, &got) != nil || got != c.Value {
			return 0, false
		}
		score += 1000
	}
	return score + len(r.Required), true
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
