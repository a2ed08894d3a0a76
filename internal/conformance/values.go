// Package conformance checks generated clients against an independent
// oracle: every operation of a real OpenAPI document is called through its
// generated client, with arguments derived from the document's schemas,
// against Stoplight Prism (which validates each request against the
// document) and, as a second opinion, kin-openapi's request validator.
//
// This file derives example values from schemas: enums, consts, formats,
// patterns, minimums and lengths are honoured, never a value hand-listed
// per operation.
package conformance

import (
	"encoding/base64"
	"math"
	"regexp/syntax"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// mode is how much of a request is filled.
type mode int

const (
	requiredOnly mode = iota // required parameters and properties only
	everything               // every parameter and property, arrays of two
)

// valueFor returns a JSON-able value that satisfies s.
func valueFor(s *openapi3.Schema, m mode, depth int) any {
	if s == nil || depth > 12 {
		return nil
	}
	if c, ok := s.Extensions["const"]; ok {
		return c
	}
	if len(s.Enum) > 0 {
		for _, e := range s.Enum {
			if e != nil {
				return e
			}
		}
	}
	if s.Default != nil {
		return s.Default // the document's own choice (Accept: application/json)
	}
	if variants := append(append(openapi3.SchemaRefs{}, s.OneOf...), s.AnyOf...); len(variants) > 0 && len(s.Properties) > 0 {
		return constrainedObject(s, variants, m, depth)
	}
	switch {
	case len(s.AllOf) > 0:
		return allOfValue(s, m, depth)
	case len(s.OneOf) > 0:
		return firstVariant(s.OneOf, m, depth)
	case len(s.AnyOf) > 0:
		return firstVariant(s.AnyOf, m, depth)
	}
	switch mainType(s) {
	case "string":
		return stringValue(s)
	case "integer":
		return integerValue(s)
	case "number":
		return numberValue(s)
	case "boolean":
		return true
	case "array":
		n := 1
		if m == everything {
			n = 2
		}
		if s.MinItems > uint64(n) {
			n = int(s.MinItems)
		}
		if s.MaxItems != nil && uint64(n) > *s.MaxItems {
			n = int(*s.MaxItems)
		}
		var items []any
		for i := 0; i < n; i++ {
			var item any
			if s.Items != nil && s.Items.Value != nil {
				item = valueFor(s.Items.Value, m, depth+1)
				// Two items of an enum are two of its values, so that
				// uniqueItems holds and both are valid.
				if enum := s.Items.Value.Enum; len(enum) > i {
					items = append(items, enum[i])
					continue
				} else if len(enum) > 0 {
					break
				}
			}
			if s.UniqueItems {
				if f := s.Items; f != nil && f.Value != nil && formatVariant(f.Value.Format, i) != "" {
					item = formatVariant(f.Value.Format, i)
				} else {
					item = distinct(item, i)
				}
			}
			items = append(items, item)
		}
		if items == nil {
			items = []any{}
		}
		return items
	case "object", "":
		if len(s.Properties) == 0 && s.Type == nil && s.AdditionalProperties.Schema == nil {
			if s.Type == nil && len(s.Properties) == 0 {
				return "value"
			}
		}
		return objectValue(s, m, depth)
	}
	return nil
}

func mainType(s *openapi3.Schema) string {
	if s.Type == nil {
		switch {
		case s.Items != nil:
			return "array"
		case len(s.Properties) > 0 || s.AdditionalProperties.Schema != nil:
			return "object"
		}
		return ""
	}
	for _, t := range *s.Type {
		if t != "null" {
			return t
		}
	}
	return ""
}

func objectValue(s *openapi3.Schema, m mode, depth int) map[string]any {
	out := map[string]any{}
	required := map[string]bool{}
	for _, r := range s.Required {
		required[r] = true
	}
	names := make([]string, 0, len(s.Properties))
	for name := range s.Properties {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := s.Properties[name]
		if p == nil || p.Value == nil || p.Value.ReadOnly {
			continue
		}
		if required[name] || m == everything {
			out[name] = valueFor(p.Value, m, depth+1)
		}
	}
	for r := range required {
		if _, ok := out[r]; !ok {
			if _, declared := s.Properties[r]; !declared {
				out[r] = "value"
			}
		}
	}
	if m == everything && len(s.Properties) == 0 && s.AdditionalProperties.Schema != nil && s.AdditionalProperties.Schema.Value != nil {
		out["key"] = valueFor(s.AdditionalProperties.Schema.Value, m, depth+1)
	}
	return out
}

// allOfValue is the value of the parts together: for objects, one object
// whose properties and required list are every part's; otherwise the first
// part that gives a value.
func allOfValue(s *openapi3.Schema, m mode, depth int) any {
	flat := &openapi3.Schema{Properties: openapi3.Schemas{}}
	object := flatten(s, flat, 0)
	if object {
		return objectValue(flat, m, depth)
	}
	for _, part := range s.AllOf {
		if part != nil && part.Value != nil {
			if v := valueFor(part.Value, m, depth+1); v != nil {
				return v
			}
		}
	}
	return nil
}

// flatten collects the properties, required names and additional
// properties of s and its allOf parts into flat; it reports whether any of
// them describes an object.
func flatten(s *openapi3.Schema, flat *openapi3.Schema, depth int) bool {
	if s == nil || depth > 12 {
		return false
	}
	object := mainType(s) == "object" || len(s.Properties) > 0
	for name, p := range s.Properties {
		if _, have := flat.Properties[name]; !have {
			flat.Properties[name] = p
		}
	}
	flat.Required = append(flat.Required, s.Required...)
	if flat.AdditionalProperties.Schema == nil {
		flat.AdditionalProperties = s.AdditionalProperties
	}
	for _, part := range s.AllOf {
		if part != nil && flatten(part.Value, flat, depth+1) {
			object = true
		}
	}
	return object
}

// constrainedObject is an object whose oneOf/anyOf variants only add
// constraints (required names, a property's enum), as GitHub writes "one
// of these must be set": the first variant is followed, properties that
// only other variants require are left out (so that exactly one variant
// holds), and the variant's constraints on properties win.
func constrainedObject(s *openapi3.Schema, variants openapi3.SchemaRefs, m mode, depth int) any {
	var chosen *openapi3.Schema
	for _, v := range variants {
		if v != nil && v.Value != nil {
			chosen = v.Value
			break
		}
	}
	out := objectValue(s, m, depth)
	if chosen == nil {
		return out
	}
	mine := map[string]bool{}
	for _, r := range chosen.Required {
		mine[r] = true
	}
	for _, v := range variants {
		if v == nil || v.Value == nil || v.Value == chosen {
			continue
		}
		for _, r := range v.Value.Required {
			if !mine[r] {
				delete(out, r)
			}
		}
	}
	for _, r := range chosen.Required {
		if _, ok := out[r]; !ok {
			if p := s.Properties[r]; p != nil && p.Value != nil {
				out[r] = valueFor(p.Value, m, depth+1)
			}
		}
	}
	for name, p := range chosen.Properties {
		if p != nil && p.Value != nil && len(p.Value.Enum) > 0 {
			if _, ok := out[name]; ok || mine[name] {
				out[name] = p.Value.Enum[0]
			}
		}
	}
	return out
}

func firstVariant(variants openapi3.SchemaRefs, m mode, depth int) any {
	// oneOf [integer, string]: "1" would match both, and oneOf wants one;
	// a plain word matches only the string.
	for _, v := range variants {
		if v != nil && v.Value != nil && mainType(v.Value) == "string" && v.Value.Format == "" && v.Value.Pattern == "" && len(v.Value.Enum) == 0 && len(variants) > 1 {
			return "value"
		}
	}
	for _, v := range variants {
		if v != nil && v.Value != nil && mainType(v.Value) != "null" {
			return valueFor(v.Value, m, depth+1)
		}
	}
	return nil
}

// distinct makes the i-th item of an array differ from the others: a
// string gets a suffix, a number grows, an object's first string property
// gets a suffix.
func distinct(v any, i int) any {
	if i == 0 {
		return v
	}
	switch x := v.(type) {
	case string:
		return x + strings.Repeat("x", i)
	case float64:
		return x + float64(i)
	case int64:
		return x + int64(i)
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		copied := map[string]any{}
		for k, e := range x {
			copied[k] = e
		}
		for _, k := range keys {
			if s, ok := copied[k].(string); ok && !strings.Contains(s, "@") && !strings.Contains(s, ":") {
				copied[k] = s + strings.Repeat("x", i)
				return copied
			}
		}
		return copied
	}
	return v
}

// formatValues are examples of each string format Prism and kin-openapi
// check.
var formatValues = map[string]string{
	"date-time": "2024-01-02T03:04:05Z",
	"date":      "2024-01-02",
	"time":      "03:04:05",
	"uuid":      "123e4567-e89b-12d3-a456-426614174000",
	"email":     "user@example.com",
	"uri":       "https://example.com/a",
	"url":       "https://example.com/a",
	"hostname":  "example.com",
	"ipv4":      "192.0.2.1",
	"ipv6":      "2001:db8::1",
	"byte":      base64.StdEncoding.EncodeToString([]byte("hello")),
	"binary":    base64.StdEncoding.EncodeToString([]byte("hello")),
	"password":  "secret-1",
}

// formatVariant is the i-th distinct value of a format, for arrays whose
// items must differ; "" when the format has none.
func formatVariant(format string, i int) string {
	d := string(rune('0' + i%10))
	switch format {
	case "uuid":
		return "123e4567-e89b-12d3-a456-42661417400" + d
	case "email":
		return "user" + d + "@example.com"
	case "date":
		return "2024-01-1" + d
	case "date-time":
		return "2024-01-1" + d + "T03:04:05Z"
	case "uri", "url":
		return "https://example.com/a" + d
	case "ipv4":
		return "192.0.2." + d
	}
	return ""
}

func stringValue(s *openapi3.Schema) string {
	v, ok := formatValues[s.Format]
	if !ok {
		v = "value"
	}
	if s.Pattern != "" {
		if p, ok := matching(s.Pattern); ok {
			v = p
		}
	}
	min := int(s.MinLength)
	for len(v) < min {
		v += "x"
	}
	if s.MaxLength != nil && uint64(len(v)) > *s.MaxLength {
		v = v[:*s.MaxLength]
	}
	return v
}

func integerValue(s *openapi3.Schema) int64 {
	v := int64(1)
	if s.Min != nil {
		v = int64(math.Ceil(*s.Min))
		if s.ExclusiveMin.IsTrue() {
			v++
		}
	}
	if s.ExclusiveMin.Value != nil {
		v = max(v, int64(math.Floor(*s.ExclusiveMin.Value))+1)
	}
	if s.Max != nil && float64(v) > *s.Max {
		v = int64(math.Floor(*s.Max))
	}
	if s.MultipleOf != nil && *s.MultipleOf >= 1 {
		k := int64(*s.MultipleOf)
		if v%k != 0 {
			v += k - v%k
		}
	}
	return v
}

func numberValue(s *openapi3.Schema) float64 {
	v := 1.0
	if s.Min != nil {
		v = *s.Min
		if s.ExclusiveMin.IsTrue() {
			v++
		}
	}
	if s.ExclusiveMin.Value != nil {
		v = max(v, *s.ExclusiveMin.Value+1)
	}
	if s.Max != nil && v > *s.Max {
		v = *s.Max
	}
	return v
}

// matching returns a string the regular expression matches, built from its
// syntax tree: the first alternative, the fewest repetitions (at least one
// for +), the first character of each class.
func matching(pattern string) (string, bool) {
	re, err := syntax.Parse(pattern, syntax.Perl)
	if err != nil {
		return "", false
	}
	var b strings.Builder
	if !build(&b, re.Simplify(), 0) {
		return "", false
	}
	return b.String(), true
}

func build(b *strings.Builder, re *syntax.Regexp, depth int) bool {
	if depth > 50 {
		return false
	}
	switch re.Op {
	case syntax.OpLiteral:
		b.WriteString(string(re.Rune))
	case syntax.OpCharClass:
		if len(re.Rune) == 0 {
			return false
		}
		r := re.Rune[0]
		// Prefer a letter or digit inside the class, which reads better.
		for i := 0; i+1 < len(re.Rune); i += 2 {
			lo, hi := re.Rune[i], re.Rune[i+1]
			for _, c := range "a0A" {
				if c >= lo && c <= hi {
					r = c
					goto picked
				}
			}
		}
	picked:
		b.WriteRune(r)
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		b.WriteByte('a')
	case syntax.OpCapture:
		return build(b, re.Sub[0], depth+1)
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if !build(b, sub, depth+1) {
				return false
			}
		}
	case syntax.OpAlternate:
		return build(b, re.Sub[0], depth+1)
	case syntax.OpStar, syntax.OpQuest:
	case syntax.OpPlus:
		return build(b, re.Sub[0], depth+1)
	case syntax.OpRepeat:
		for i := 0; i < re.Min; i++ {
			if !build(b, re.Sub[0], depth+1) {
				return false
			}
		}
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText, syntax.OpEmptyMatch,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
	default:
		return false
	}
	return true
}
