package spec

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// The JSON Schema editors use (schema/authgen-spec.schema.json) is
// generated from the x-authgen structs of extension.go, the grammar's only
// description. TestSchemaIsGenerated fails when the committed file is not
// what the structs give; `go test ./internal/spec -run TestSchemaIsGenerated
// -update` rewrites it.

var schemaPath = filepath.Join("..", "..", "schema", "authgen-spec.schema.json")

// valueDefs are the kinds of string a key may hold (a field's ref=), and
// the duration every time.Duration is.
var valueDefs = map[string]any{
	"envVar":     map[string]any{"type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$"},
	"headerName": map[string]any{"type": "string", "pattern": "^[!#$%&'*+.^_`|~0-9A-Za-z-]+$"},
	"pointer":    map[string]any{"type": "string", "pattern": "^/", "description": "An RFC 6901 JSON pointer, such as /error/code."},
	"duration": map[string]any{
		"description": "A Go duration (\"500ms\", \"30s\", \"2m\") or a number of seconds.",
		"anyOf": []any{
			map[string]any{"type": "string", "pattern": "^([0-9]+(\\.[0-9]+)?(ns|us|µs|ms|s|m|h))+$"},
			map[string]any{"type": "number", "minimum": 0},
		},
	},
}

// schemaGen builds the schema of the x-authgen structs; a struct with a
// def= option is written once, under $defs.
type schemaGen struct {
	defs map[string]any
}

// grammarSchema is the whole schema document, as the committed file holds it.
func grammarSchema() ([]byte, error) {
	g := &schemaGen{defs: map[string]any{}}
	for name, s := range valueDefs {
		g.defs[name] = s
	}
	ext, err := g.typeSchema(reflect.TypeFor[extension](), tagOptions{})
	if err != nil {
		return nil, err
	}
	doc := map[string]any{
		"$schema":     "https://json-schema.org/draft/2020-12/schema",
		"$id":         "https://raw.githubusercontent.com/authgen/authgen/main/schema/authgen-spec.schema.json",
		"title":       "authgen provider spec",
		"description": "An OpenAPI 3 document with an x-authgen block. This schema checks the x-authgen block strictly and leaves the rest of the document to OpenAPI tooling. Generated from internal/spec/extension.go: do not edit.",
		"type":        "object",
		"required":    []string{"openapi"},
		"properties": map[string]any{
			"openapi":    map[string]any{"type": "string", "pattern": "^3\\."},
			ExtensionKey: ext,
		},
		"$defs": g.defs,
	}
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false) // descriptions say <Method>
	enc.SetIndent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// schemer is a type that gives its own schema (a nodeDecoder's value).
type schemer interface{ schema() map[string]any }

// typeSchema is the schema of a value of type t, for a field with options o.
func (g *schemaGen) typeSchema(t reflect.Type, o tagOptions) (map[string]any, error) {
	if s, ok := reflect.Zero(t).Interface().(schemer); ok {
		return s.schema(), nil
	}
	if o.ref != "" {
		if _, ok := g.defs[o.ref]; !ok {
			return nil, fmt.Errorf("ref=%s: no such definition", o.ref)
		}
		return map[string]any{"$ref": "#/$defs/" + o.ref}, nil
	}
	if t == durationType {
		return map[string]any{"$ref": "#/$defs/duration"}, nil
	}
	switch t.Kind() {
	case reflect.String:
		s := map[string]any{"type": "string"}
		if len(o.enum) > 0 {
			s = map[string]any{"enum": o.enum}
		}
		if o.pattern != "" {
			s["pattern"] = o.pattern
		}
		if o.nonempty {
			s["minLength"] = 1
		}
		return s, nil
	case reflect.Bool:
		return map[string]any{"type": "boolean"}, nil
	case reflect.Int:
		s := map[string]any{"type": "integer"}
		if o.min != nil {
			s["minimum"] = *o.min
		}
		if o.max != nil {
			s["maximum"] = *o.max
		}
		return s, nil
	case reflect.Pointer:
		return g.typeSchema(t.Elem(), o)
	case reflect.Slice:
		if o.want != "" {
			return g.keyedSchema(t.Elem())
		}
		items, err := g.typeSchema(t.Elem(), o)
		return map[string]any{"type": "array", "items": items}, err
	case reflect.Struct:
		return g.structRef(t)
	}
	return nil, fmt.Errorf("no schema for %s", t)
}

// structRef is the schema of struct type t, or a reference to it when it
// is a shared definition.
func (g *schemaGen) structRef(t reflect.Type) (map[string]any, error) {
	opts, _ := typeOptions(t)
	if opts.defName == "" {
		return g.structSchema(t)
	}
	if _, ok := g.defs[opts.defName]; !ok {
		g.defs[opts.defName] = nil // taken, for a struct that holds itself
		s, err := g.structSchema(t)
		if err != nil {
			return nil, err
		}
		g.defs[opts.defName] = s
	}
	return map[string]any{"$ref": "#/$defs/" + opts.defName}, nil
}

// structSchema is an object with exactly t's keys.
func (g *schemaGen) structSchema(t reflect.Type) (map[string]any, error) {
	opts, doc := typeOptions(t)
	props := map[string]any{}
	var required []string
	for _, f := range keysOf(t) {
		s, err := g.typeSchema(t.Field(f.index).Type, f.opts)
		if err != nil {
			return nil, fmt.Errorf("%s.%s: %w", t.Name(), f.key, err)
		}
		if f.doc != "" {
			s["description"] = f.doc
		}
		props[f.key] = s
		if f.opts.required {
			required = append(required, f.key)
		}
	}
	s := map[string]any{"type": "object", "additionalProperties": false, "properties": props}
	if len(required) > 0 {
		s["required"] = required
	}
	if len(opts.anyOf) > 0 {
		var alts []any
		for _, k := range opts.anyOf {
			alts = append(alts, map[string]any{"required": []string{k}})
		}
		s["anyOf"] = alts
	}
	if doc != "" {
		s["description"] = doc
	}
	return s, nil
}

// keyedSchema is an object keyed by name whose entries are elem values:
// elem's value field, or elem itself.
func (g *schemaGen) keyedSchema(elem reflect.Type) (map[string]any, error) {
	s := map[string]any{"type": "object"}
	if i, o := fieldWith(elem, func(o tagOptions) bool { return o.key }); i >= 0 && o.ref != "" {
		names, err := g.typeSchema(elem.Field(i).Type, o)
		if err != nil {
			return nil, err
		}
		s["propertyNames"] = names
	}
	var entry map[string]any
	var err error
	if i, o := fieldWith(elem, func(o tagOptions) bool { return o.value }); i >= 0 {
		o.value = false
		entry, err = g.typeSchema(elem.Field(i).Type, o)
	} else {
		entry, err = g.structRef(elem)
	}
	s["additionalProperties"] = entry
	return s, err
}

func TestSchemaIsGenerated(t *testing.T) {
	got, err := grammarSchema()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(schemaPath, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(string(want), string(got)); diff != "" {
		t.Errorf("%s is not what extension.go gives; run go test ./internal/spec -run TestSchemaIsGenerated -update (-committed +generated):\n%s", schemaPath, diff)
	}
}
