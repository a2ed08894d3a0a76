package gen

import (
	"encoding/json"
	"os"
	"path/filepath"
	"testing"

	"github.com/authgen/authgen/internal/gocheck"
	"github.com/authgen/authgen/internal/spec"
)

// FuzzLoadAndGenerate: no spec, however broken, makes the loader or the
// generator panic; a spec that loads always generates a package that
// type-checks. The seeds (every spec in the repository: seeds, cases, bad
// and hostile ones) run with every `go test`.
func FuzzLoadAndGenerate(f *testing.F) {
	for _, pattern := range []string{"../../specs/*.yaml", "../../testdata/cases/*.yaml", "../../testdata/specs/bad/*.yaml", "../../testdata/specs/hostile/*.yaml"} {
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			if data, err := os.ReadFile(m); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 16<<10 {
			return
		}
		p, _, err := spec.LoadData("fuzz.yaml", data, spec.Options{})
		if err != nil {
			return
		}
		files, err := Generate(p)
		if err != nil {
			t.Fatalf("a spec that loads does not generate: %v", err)
		}
		if err := gocheck.Check(fileMap(files)); err != nil {
			t.Fatalf("a spec that loads generates a package that does not type-check:\n%v", err)
		}
	})
}

// FuzzSpecNames fuzzes what a spec names, inside a document that is always
// valid: schema, property, parameter, enum, code, scheme, server variable
// and operation names, and a description. Byte mutations of YAML (above)
// rarely give a spec that loads; this target always does, so every
// execution checks the rule that matters for names: the package the spec
// gives, and its fake, type-check and are gofmt-clean, whatever the names
// meet.
func FuzzSpecNames(f *testing.F) {
	f.Add("Thing", "marshal_json", "add_deep_object", "INVALID_KEY", "apiKey", "subdomain", "getThing", "value", "A description.")
	f.Add("ErrNotFound", "additional_properties", "provider", "not_found", "auth", "region", "listThings", "Value", "//go:generate rm -rf ~")
	f.Add("EnvironmentDefault", "type", "url", "rate_limited", "token", "url", "getString", "", "*/ \x00 \x1b")
	f.Add("WithAPIKey", "", "ctx", "missing_credential", "api_key", "shop", "GetThing", "a-", "<p>HTML</p>")
	f.Add("Thing", "limit", "h", "bad_key", "key", "region", "getThing", "x", "A path argument named like the fake's handler.")
	f.Add("Thing", "limit", "fuzz", "bad_key", "key", "region", "getThing", "x", "A path argument named like the client's package.")
	f.Add("Thing", "authgenfake", "fake_spec", "bad_key", "key", "region", "getThing", "x", "")
	f.Fuzz(func(t *testing.T, schema, property, pathParam, code, scheme, serverVar, operation, enumValue, description string) {
		doc := map[string]any{
			"openapi":  "3.0.3",
			"info":     map[string]any{"title": "Fuzz", "version": "1", "description": description},
			"servers":  []any{map[string]any{"url": "https://{" + serverVar + "}.fuzz.example", "variables": map[string]any{serverVar: map[string]any{"default": "x"}}}},
			"security": []any{map[string]any{scheme: []any{}}},
			"paths": map[string]any{
				"/things/{" + pathParam + "}": map[string]any{
					"get": map[string]any{
						"operationId": operation,
						"description": description,
						"parameters": []any{
							map[string]any{"name": pathParam, "in": "path", "required": true, "schema": map[string]any{"type": "string"}},
							map[string]any{"name": property, "in": "query", "schema": map[string]any{"type": "array", "items": map[string]any{"type": "string"}}, "style": "pipeDelimited"},
						},
						"responses": map[string]any{"200": map[string]any{"description": "OK", "content": map[string]any{"application/json": map[string]any{"schema": map[string]any{"$ref": "#/components/schemas/" + schema}}}}},
					},
				},
			},
			"components": map[string]any{
				"securitySchemes": map[string]any{scheme: map[string]any{"type": "apiKey", "in": "header", "name": "X-Key"}},
				"schemas": map[string]any{
					schema: map[string]any{
						"type": "object", "description": description, "required": []any{property},
						"properties": map[string]any{
							property: map[string]any{"type": "string", "description": description},
							"kind":   map[string]any{"type": "string", "enum": []any{enumValue, enumValue + "_", "x"}},
						},
						"additionalProperties": map[string]any{"type": "integer"},
					},
					schema + "Union": map[string]any{"oneOf": []any{map[string]any{"$ref": "#/components/schemas/" + schema}, map[string]any{"type": "string"}}},
				},
			},
			"x-authgen": map[string]any{"package": "fuzz", "errors": map[string]any{"codes": []any{map[string]any{"code": code}}}},
		}
		data, err := json.Marshal(doc)
		if err != nil {
			return
		}
		p, _, err := spec.LoadData("fuzz.json", data, spec.Options{})
		if err != nil {
			return // refused names (a collision with a fixed name, no Go name) are fine; a panic is not
		}
		files, err := Generate(p)
		if err != nil {
			t.Fatalf("a spec that loads does not generate: %v", err)
		}
		m := fileMap(files)
		if err := gocheck.Check(m); err != nil {
			t.Fatalf("names %q give a package that does not type-check:\n%v", []string{schema, property, pathParam, code, scheme, serverVar, operation, enumValue}, err)
		}
		if err := gocheck.Formatted(m); err != nil {
			t.Fatalf("description %q: %v", description, err)
		}
		if err := checkFake(p, m); err != nil {
			t.Fatalf("names %q give a fake that does not type-check:\n%v", []string{schema, property, pathParam, code, scheme, serverVar, operation, enumValue}, err)
		}
	})
}
