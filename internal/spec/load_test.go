package spec

import (
	"os"
	"path/filepath"
	"testing"
)

func TestLocalFileRefs(t *testing.T) {
	dir := t.TempDir()
	main := `openapi: 3.0.3
info: {title: Split, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: Things.
          content:
            application/json:
              schema: {$ref: "schemas.yaml#/components/schemas/Thing"}
`
	schemas := `components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id: {type: string}
`
	if err := os.WriteFile(filepath.Join(dir, "main.yaml"), []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "schemas.yaml"), []byte(schemas), 0o644); err != nil {
		t.Fatal(err)
	}
	p, _, err := Load(filepath.Join(dir, "main.yaml"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Operations) != 1 || p.Operations[0].Response == nil {
		t.Fatalf("operations = %+v", p.Operations)
	}
	found := false
	for _, m := range p.Models {
		if s, ok := m.(*StructModel); ok && len(s.Fields) == 1 && s.Fields[0].GoName == "ID" {
			found = true
		}
	}
	if !found {
		t.Errorf("the referenced schema did not become a model: %+v", p.Models)
	}
}
