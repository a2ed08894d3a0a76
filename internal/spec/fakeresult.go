package spec

// What a fake's success answer must be for the document to allow it: the
// media type of the documented success, and the shape of its body as far
// as a handler's zero values can break it (null where an array is
// required, "" where an enum is).

import (
	"cmp"
	"encoding/json"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// fakeShape mirrors authgenfake.Shape, whose JSON it is written as.
type fakeShape struct {
	Type     string                `json:"t,omitempty"`
	Nullable bool                  `json:"n,omitempty"`
	Enum     []any                 `json:"e,omitempty"`
	Fill     any                   `json:"f,omitempty"`
	Members  map[string]*fakeShape `json:"m,omitempty"`
	Items    *fakeShape            `json:"i,omitempty"`
	Optional bool                  `json:"o,omitempty"`
	Variants []*fakeShape          `json:"v,omitempty"`
	Required []string              `json:"r,omitempty"`
}

// maxShapeDepth bounds how deep a result's shape goes: a handler's zero
// values sit near the top, and a schema can nest (or refer to itself)
// without end.
const maxShapeDepth = 8

// successAnswer is the media type of the documented success at status
// ("" when it has no body) and the JSON of its body's shape ("" when
// nothing in it needs filling).
func (b *builder) successAnswer(op *Operation, status int) (mediaType, result string) {
	item := b.doc.Paths.Value(op.Path)
	if item == nil {
		return "", ""
	}
	o := item.GetOperation(op.Method)
	if o == nil || o.Responses == nil {
		return "", ""
	}
	ref := o.Responses.Status(status)
	if ref == nil {
		ref = o.Responses.Value(strconv.Itoa(status/100) + "XX")
	}
	if ref == nil {
		ref = o.Responses.Value("2xx")
	}
	if ref == nil || ref.Value == nil || len(ref.Value.Content) == 0 {
		return "", ""
	}
	mediaType = answerMediaType(ref.Value.Content, op.Accept)
	mt := ref.Value.Content.Get(mediaType)
	if mt == nil {
		mt = ref.Value.Content[firstKey(ref.Value.Content)]
	}
	if mt == nil || mt.Schema == nil || !strings.Contains(mediaType, "json") {
		return mediaType, ""
	}
	sh := shapeOf(mt.Schema.Value, 0, map[*openapi3.Schema]bool{})
	if pg := op.Pagination; pg != nil && strings.HasPrefix(pg.Next, "/") {
		sh = markPointer(sh, mt.Schema.Value, pointerTokens(pg.Next))
	}
	if sh == nil {
		return mediaType, ""
	}
	raw, err := json.Marshal(sh)
	if err != nil {
		return mediaType, ""
	}
	return mediaType, string(raw)
}

// answerMediaType is the media type the fake answers with, of those the
// success declares: application/json, else the one the client asks for,
// else the first JSON one, else the first that names a type; a wildcard
// alone is answered as JSON.
func answerMediaType(content openapi3.Content, accept string) string {
	keys := make([]string, 0, len(content))
	for k := range content {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if content["application/json"] != nil {
		return "application/json"
	}
	if accept != "" && !strings.Contains(accept, "*") && content[accept] != nil {
		return accept
	}
	for _, k := range keys {
		if strings.Contains(k, "json") && !strings.Contains(k, "*") {
			return k
		}
	}
	for _, k := range keys {
		if !strings.Contains(k, "*") {
			return k
		}
	}
	return "application/json"
}

func firstKey(content openapi3.Content) string {
	keys := make([]string, 0, len(content))
	for k := range content {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if len(keys) == 0 {
		return ""
	}
	return keys[0]
}

// formatZero is the value of a string of a time format that the fake
// writes where a handler gave none: the zero of the format, which the
// generated client decodes (a date-time is a time.Time) and the document
// allows.
var formatZero = map[string]any{"date-time": "1970-01-01T00:00:00Z", "date": "1970-01-01"}

// shapeOf is the shape of s: its type, whether null is allowed, its enum
// and the value a disallowed zero takes, its required members (every one
// with a type, at every depth, so that an object the fake builds from
// nothing, for a nil result or an unset union, holds them all; at the
// body's top the optional arrays and objects too: what an envelope the
// fake builds around a result can leave out or null), its
// items and its variants; nil when none of that can make a zero value
// wrong (a plain string).
func shapeOf(s *openapi3.Schema, depth int, onPath map[*openapi3.Schema]bool) *fakeShape {
	if s == nil || depth > maxShapeDepth || onPath[s] {
		return nil
	}
	onPath[s] = true
	defer delete(onPath, s)
	sh := &fakeShape{Type: schemaType(s), Nullable: s.Nullable || s.Type != nil && s.Type.Includes("null")}
	switch {
	case s.Const != nil:
		sh.Enum = []any{s.Const}
	case len(s.Enum) > 0:
		sh.Enum = s.Enum
	}
	if s.Default != nil && (len(sh.Enum) == 0 || slices.ContainsFunc(sh.Enum, func(v any) bool { return sameJSON(v, s.Default) })) {
		sh.Fill = s.Default
	} else if len(sh.Enum) > 0 {
		sh.Fill = sh.Enum[0]
	} else if at, ok := formatZero[s.Format]; ok && sh.Type == "string" {
		// A time the fake writes where nothing was given (a member it
		// fills, an object it builds): one the client can parse, not "".
		sh.Fill = at
	} else if sh.Type == "" && !sh.Nullable && s.Example != nil && len(s.OneOf)+len(s.AnyOf)+len(s.AllOf) == 0 {
		// A schema of any value but null (Merge's passthrough response):
		// its example is one the vendor shows.
		sh.Fill = s.Example
	}
	if variants := append(append([]*openapi3.SchemaRef(nil), s.OneOf...), s.AnyOf...); len(variants) > 0 {
		// The fake cannot tell which variant a handler meant but by the
		// members it holds: each variant goes with all its required
		// names, and the first whose names a body has is the one filled.
		useful := false
		for _, v := range variants {
			vs := shapeOf(v.Value, depth+1, onPath)
			if vs == nil {
				vs = &fakeShape{}
			}
			useful = useful || vs.needed(false)
			if v.Value != nil {
				vs.Required = requiredOf(v.Value)
			}
			if name, value, ok := discriminatorValue(s.Discriminator, v); ok {
				// The validator reads the variant from this member: a body
				// without it matches none.
				vs.Type = cmp.Or(vs.Type, "object")
				vs.addMember(name, &fakeShape{Type: "string", Enum: []any{value}, Fill: value})
				useful = true
			}
			sh.Variants = append(sh.Variants, vs)
		}
		if !useful && sh.Nullable {
			// A null is allowed; nothing else could need filling.
			sh.Variants = nil
		}
	}
	if sh.Type == "array" && s.Items != nil {
		if items := shapeOf(s.Items.Value, depth+1, onPath); items.needed(false) {
			sh.Items = items
		}
	}
	if sh.Type == "object" {
		required := requiredOf(s)
		for _, name := range required {
			prop := findProperty(s, name)
			if prop == nil {
				continue
			}
			if m := shapeOf(prop.Value, depth+1, onPath); m.needed(true) || m != nil && m.Type != "" {
				sh.addMember(name, m)
			}
		}
		if depth == 0 {
			for _, name := range propertyNames(s) {
				prop := findProperty(s, name)
				if slices.Contains(required, name) || prop == nil {
					continue
				}
				if m := shapeOf(prop.Value, depth+1, onPath); m.needed(true) && (m.Type == "object" || m.Type == "array") {
					m.Optional = true
					sh.addMember(name, m)
				}
			}
		}
	}
	return sh
}

// markPointer adds to sh the members along a page's cursor pointer that
// it lacks (optional ones, with whether null is allowed): the fake writes
// null there on the last page, which a schema that does not allow it
// wants left out (Intercom's pages.next.starting_after), as the vendor
// does.
func markPointer(sh *fakeShape, s *openapi3.Schema, tokens []string) *fakeShape {
	if s == nil || len(tokens) == 0 {
		return sh
	}
	if sh == nil {
		sh = &fakeShape{Type: schemaType(s)}
	}
	prop := findProperty(s, tokens[0])
	if prop == nil || prop.Value == nil {
		return sh
	}
	m := sh.Members[tokens[0]]
	if m == nil {
		p := prop.Value
		m = &fakeShape{Type: schemaType(p), Nullable: p.Nullable || p.Type != nil && p.Type.Includes("null"), Optional: !slices.Contains(requiredOf(s), tokens[0])}
	}
	sh.addMember(tokens[0], markPointer(m, prop.Value, tokens[1:]))
	return sh
}

// discriminatorValue is the member that names variant v and the value
// that names it: the mapping's key for it, else its schema's name.
func discriminatorValue(d *openapi3.Discriminator, v *openapi3.SchemaRef) (name, value string, ok bool) {
	if d == nil || d.PropertyName == "" || v.Ref == "" {
		return "", "", false
	}
	keys := make([]string, 0, len(d.Mapping))
	for k := range d.Mapping {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		m := d.Mapping[k]
		if m.Ref == v.Ref || m.Value != nil && m.Value == v.Value {
			return d.PropertyName, k, true
		}
	}
	return d.PropertyName, v.Ref[strings.LastIndex(v.Ref, "/")+1:], true
}

func (sh *fakeShape) addMember(name string, m *fakeShape) {
	if sh.Members == nil {
		sh.Members = map[string]*fakeShape{}
	}
	sh.Members[name] = m
}

// propertyNames are the properties of s and its allOf parts, sorted.
func propertyNames(s *openapi3.Schema) []string {
	var out []string
	var walk func(s *openapi3.Schema, depth int)
	walk = func(s *openapi3.Schema, depth int) {
		if s == nil || depth > maxShapeDepth {
			return
		}
		for name := range s.Properties {
			if !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
		for _, part := range s.AllOf {
			walk(part.Value, depth+1)
		}
	}
	walk(s, 0)
	slices.Sort(out)
	return out
}

// needed: the shape says something the fake acts on. A required member
// that is an object or an array is filled in when null; an item or the
// body, only for what is inside.
func (sh *fakeShape) needed(member bool) bool {
	if sh == nil || sh.Nullable && sh.Fill == nil && len(sh.Members) == 0 && sh.Items == nil && len(sh.Variants) == 0 {
		return false
	}
	if sh.Fill != nil || len(sh.Members) > 0 || sh.Items != nil || len(sh.Variants) > 0 {
		return true
	}
	return member && (sh.Type == "object" || sh.Type == "array")
}

// requiredOf are the required members of s and of its allOf parts, in
// order, each once.
func requiredOf(s *openapi3.Schema) []string {
	var out []string
	var walk func(s *openapi3.Schema, depth int)
	walk = func(s *openapi3.Schema, depth int) {
		if s == nil || depth > maxShapeDepth {
			return
		}
		for _, name := range s.Required {
			if !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
		for _, part := range s.AllOf {
			walk(part.Value, depth+1)
		}
	}
	walk(s, 0)
	return out
}

// schemaType is the JSON type s gives, "object" for one with properties
// or allOf parts and no type; "" when it gives none.
func schemaType(s *openapi3.Schema) string {
	if s.Type != nil {
		for _, t := range []string{"object", "array", "string", "integer", "number", "boolean"} {
			if s.Type.Is(t) || s.Type.Includes(t) {
				return t
			}
		}
	}
	if len(s.Properties) > 0 || len(s.AllOf) > 0 {
		return "object"
	}
	return ""
}

func sameJSON(a, b any) bool {
	x, err1 := json.Marshal(a)
	y, err2 := json.Marshal(b)
	return err1 == nil && err2 == nil && string(x) == string(y)
}
