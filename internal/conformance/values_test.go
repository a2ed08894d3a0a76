package conformance

import (
	"regexp"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestValuesSatisfyTheirSchemas: the derived values pass kin-openapi's own
// schema check, in both modes, for the constraints the oracle meets.
func TestValuesSatisfyTheirSchemas(t *testing.T) {
	min3, max5 := 3.0, uint64(5)
	for name, s := range map[string]*openapi3.Schema{
		"pattern":      {Type: &openapi3.Types{"string"}, Pattern: `^sha256:[a-f0-9]{64}$`},
		"uuid format":  {Type: &openapi3.Types{"string"}, Format: "uuid"},
		"date format":  {Type: &openapi3.Types{"string"}, Format: "date"},
		"minimum":      {Type: &openapi3.Types{"integer"}, Min: &min3},
		"lengths":      {Type: &openapi3.Types{"string"}, MinLength: 4, MaxLength: &max5},
		"enum":         {Type: &openapi3.Types{"string"}, Enum: []any{"b", "c"}},
		"unique enums": {Type: &openapi3.Types{"array"}, UniqueItems: true, Items: openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{"string"}, Enum: []any{"x", "y"}})},
		"unique uuids": {Type: &openapi3.Types{"array"}, UniqueItems: true, Items: openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{"string"}, Format: "uuid"})},
		"object": {Type: &openapi3.Types{"object"}, Required: []string{"a"}, Properties: openapi3.Schemas{
			"a": openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{"integer"}, Min: &min3}),
			"b": openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{"string"}, Format: "email"}),
		}},
		"one of integer or string": {OneOf: openapi3.SchemaRefs{
			openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{"integer"}}),
			openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{"string"}}),
		}},
	} {
		for _, m := range []mode{requiredOnly, everything} {
			v := valueFor(s, m, 0)
			if err := s.VisitJSON(toJSONish(v), openapi3.EnableFormatValidation()); err != nil {
				t.Errorf("%s (mode %d): %#v does not satisfy its schema: %v", name, m, v, err)
			}
		}
	}
	if v, ok := matching(`^[A-Z]{2}-\d+$`); !ok || !regexp.MustCompile(`^[A-Z]{2}-\d+$`).MatchString(v) {
		t.Errorf("matching = %q, %v", v, ok)
	}
}

// toJSONish turns the derived value into what VisitJSON expects: numbers
// as float64.
func toJSONish(v any) any {
	switch x := v.(type) {
	case int64:
		return float64(x)
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = toJSONish(e)
		}
		return out
	case map[string]any:
		out := map[string]any{}
		for k, e := range x {
			out[k] = toJSONish(e)
		}
		return out
	}
	return v
}
