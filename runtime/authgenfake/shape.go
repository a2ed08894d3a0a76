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
	if v == nil {
		if sh.Nullable {
			return nil, false
		}
		if sh.Fill != nil {
			return decodeFill(sh.Fill), true
		}
		switch sh.Type {
		case "object":
			filled, _ := fillValue(sh, map[string]any{}, depth)
			return filled, true
		case "array":
			return []any{}, true
		}
		return nil, false
	}
	switch x := v.(type) {
	case map[string]any:
		changed := false
		for name, member := range sh.Members {
			got, present := x[name]
			if !present && member.Fill == nil && member.Type != "object" && member.Type != "array" {
				continue // nothing to put there that the schema would take
			}
			if !present && member.Nullable {
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
	return v, false
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
