package authgenfake

import (
	"bytes"
	"encoding/json"
	"sync"
)

// Shape is what the document requires of a success body, as far as a
// handler's zero values can break it: the required members, with the
// value each takes when the handler left it at a zero value the schema
// does not allow (null where the schema wants an array, an object or a
// value; "" or false outside the schema's enum). The generator draws it
// from the response schema; its JSON is Route.Result.
type Shape struct {
	// Type is the JSON type the schema gives: "object", "array",
	// "string", "integer", "number" or "boolean"; "" when it gives none.
	Type string `json:"t,omitempty"`
	// Nullable: null is a value the schema allows, left as it is.
	Nullable bool `json:"n,omitempty"`
	// Enum is the values the schema allows (a const is an enum of one);
	// empty: any value of the type.
	Enum []json.RawMessage `json:"e,omitempty"`
	// Fill is what a zero value the schema does not allow becomes: the
	// schema's default, else its first enum value.
	Fill json.RawMessage `json:"f,omitempty"`
	// Members are the required members of an object, by name.
	Members map[string]*Shape `json:"m,omitempty"`
	// Items is the shape of an array's items.
	Items *Shape `json:"i,omitempty"`
	// Optional: a member the schema does not require (an envelope's
	// array or object, a page's cursor): when present as a null it does
	// not allow, an array or object is filled and a value left out; when
	// absent, left so.
	Optional bool `json:"o,omitempty"`
	// Variants are a union's (oneOf, anyOf) shapes, each with Required,
	// the names it requires: an object is filled as the first variant
	// whose required names it holds.
	Variants []*Shape `json:"v,omitempty"`
	Required []string `json:"r,omitempty"`
}

// maxFillDepth bounds the walk of a body against its shape.
const maxFillDepth = 32

// shapes caches each route's parsed Shape: a Spec never changes once a
// server runs, and a route's Result is parsed on its first answer.
var shapes sync.Map // string (Route.Result) -> *Shape

func routeShape(route *Route) *Shape {
	if route.Result == "" {
		return nil
	}
	if sh, ok := shapes.Load(route.Result); ok {
		return sh.(*Shape)
	}
	sh := new(Shape)
	if json.Unmarshal([]byte(route.Result), sh) != nil {
		sh = nil // a generator's bug; the body goes as the handler made it
	}
	shapes.Store(route.Result, sh)
	return sh
}

// fillRequired gives the required members of body that a handler left at
// a zero value the document does not allow the value the shape says; body
// is returned as it was when nothing needs filling or it is not JSON.
func fillRequired(sh *Shape, body []byte) []byte {
	if sh == nil {
		return body
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber() // numbers go back as they came
	var doc any
	if dec.Decode(&doc) != nil {
		return body
	}
	filled, changed := fillValue(sh, doc, 0)
	if !changed {
		return body
	}
	out, err := json.Marshal(filled)
	if err != nil {
		return body
	}
	return out
}

// fillValue is v as the shape wants it, and whether it changed.
func fillValue(sh *Shape, v any, depth int) (any, bool) {
	if sh == nil || depth > maxFillDepth {
		return v, false
	}
	if obj, ok := v.(map[string]any); ok && len(sh.Variants) > 0 {
		if variant := chooseVariant(sh.Variants, obj); variant != nil {
			return fillValue(variant, v, depth+1)
		}
	}
	if v == nil {
		if sh.Nullable {
			return nil, false
		}
		if sh.Fill != nil {
			return decodeFill(sh.Fill), true
		}
		for _, variant := range sh.Variants {
			// A union left null (Coda's control value: a string, a number,
			// a list of them): its first variant's zero value.
			if variant.Nullable {
				return nil, false
			}
			if zero, ok := zeroOf(variant.Type); ok {
				filled, _ := fillValue(variant, zero, depth+1)
				return filled, true
			}
		}
		if zero, ok := zeroOf(sh.Type); ok {
			filled, _ := fillValue(sh, zero, depth)
			return filled, true
		}
		return nil, false
	}
	switch x := v.(type) {
	case map[string]any:
		changed := false
		for name, member := range sh.Members {
			got, present := x[name]
			if !present && member.Optional {
				continue
			}
			if present && got == nil && member.Optional && !member.Nullable && member.Fill == nil && member.Type != "object" && member.Type != "array" {
				// An optional value sent as a null the schema refuses (the
				// last page's cursor): left out, as the vendor does.
				delete(x, name)
				changed = true
				continue
			}
			if !present && member.Fill == nil && member.Type == "" && len(member.Variants) == 0 {
				continue // nothing to put there that the schema would take
			}
			if !present && member.Nullable && member.Fill == nil {
				x[name], changed = nil, true
				continue
			}
			if filled, ok := fillValue(member, got, depth+1); ok || !present {
				x[name], changed = filled, true
			}
		}
		return x, changed
	case []any:
		changed := false
		for i, item := range x {
			if filled, ok := fillValue(sh.Items, item, depth+1); ok {
				x[i], changed = filled, true
			}
		}
		return x, changed
	}
	if len(sh.Enum) > 0 && isZero(v) && !inEnum(sh.Enum, v) && sh.Fill != nil {
		return decodeFill(sh.Fill), true
	}
	if len(sh.Variants) > 0 && isZero(v) && !anyVariantAdmits(sh.Variants, v) {
		// A union of enums (GitHub's budget_type: oneOf one-value
		// enums) that no variant takes the zero value of: the first
		// variant's own fill.
		for _, variant := range sh.Variants {
			if variant.Fill != nil {
				return decodeFill(variant.Fill), true
			}
		}
	}
	return v, false
}

// anyVariantAdmits: a variant of v's JSON type (or of any type) takes v.
func anyVariantAdmits(variants []*Shape, v any) bool {
	for _, variant := range variants {
		if variant.Type != "" && variant.Type != scalarType(v) && !(variant.Type == "integer" && scalarType(v) == "number") {
			continue
		}
		if len(variant.Enum) == 0 || inEnum(variant.Enum, v) {
			return true
		}
	}
	return false
}

// scalarType is the JSON type of a scalar as JSON decodes it.
func scalarType(v any) string {
	switch v.(type) {
	case string:
		return "string"
	case bool:
		return "boolean"
	case json.Number:
		return "number"
	}
	return ""
}

// zeroOf is the zero value of a JSON type, as a Go result encodes it.
func zeroOf(typ string) (any, bool) {
	switch typ {
	case "object":
		return map[string]any{}, true
	case "array":
		return []any{}, true
	case "string":
		return "", true
	case "integer", "number":
		return json.Number("0"), true
	case "boolean":
		return false, true
	}
	return nil, false
}

// chooseVariant is the first object variant whose required names obj
// holds; a variant that is itself a union holds when one of its own object
// variants does. A variant of another type (the id string of Stripe's
// expandable fields, beside the object) requires no names, so it would
// hold for any object and leave the object's members unfilled.
//
// An object that holds no variant's names whole (a union the handler left
// unset, sent as {}: Stripe's DELETE answering one of two deleted
// objects) is the variant holding most of its names; of equals, the one
// missing fewest (through a union of unions, Stripe's payment_source or
// deleted_payment_source answered {}: the deleted card, which asks
// least), then the first. It is filled as that variant rather than
// answered as an object no variant allows.
func chooseVariant(variants []*Shape, obj map[string]any) *Shape {
	var best *Shape
	var bestFit variantFit
	for _, v := range variants {
		fit, ok := fitOf(v, obj, 0)
		if !ok {
			continue
		}
		if fit.missing == 0 {
			return v
		}
		if best == nil || fit.better(bestFit) {
			best, bestFit = v, fit
		}
	}
	return best
}

// variantFit is how near an object is to a variant: how many of the
// variant's required names it holds, and how many it lacks.
type variantFit struct{ held, missing int }

func (f variantFit) better(than variantFit) bool {
	if f.held != than.held {
		return f.held > than.held
	}
	return f.missing < than.missing
}

// fitOf is obj's fit to v, false when v cannot be an object (a scalar or
// list variant, a union with no object variant). A union variant
// requiring nothing itself fits as its best object variant.
func fitOf(v *Shape, obj map[string]any, depth int) (variantFit, bool) {
	if v.Type != "" && v.Type != "object" {
		return variantFit{}, false
	}
	if len(v.Required) > 0 || len(v.Variants) == 0 || depth > maxFillDepth {
		var fit variantFit
		for _, name := range v.Required {
			if _, ok := obj[name]; ok {
				fit.held++
			} else {
				fit.missing++
			}
		}
		return fit, true
	}
	var best variantFit
	found := false
	for _, sub := range v.Variants {
		if fit, ok := fitOf(sub, obj, depth+1); ok && (!found || fit.better(best)) {
			best, found = fit, true
		}
	}
	return best, found
}

// isZero: the zero value of a Go scalar, as JSON decodes it.
func isZero(v any) bool {
	switch x := v.(type) {
	case string:
		return x == ""
	case bool:
		return !x
	case json.Number:
		f, err := x.Float64()
		return err == nil && f == 0
	}
	return false
}

func inEnum(enum []json.RawMessage, v any) bool {
	got, err := json.Marshal(v)
	if err != nil {
		return false
	}
	for _, e := range enum {
		var want any
		dec := json.NewDecoder(bytes.NewReader(e))
		dec.UseNumber()
		if dec.Decode(&want) != nil {
			continue
		}
		if b, err := json.Marshal(want); err == nil && bytes.Equal(b, got) {
			return true
		}
	}
	return false
}

func decodeFill(raw json.RawMessage) any {
	var v any
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return nil
	}
	return v
}
