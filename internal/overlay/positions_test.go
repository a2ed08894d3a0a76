package overlay

import (
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// TestEveryNodeNamesARealFileAndLine is issue 26's acceptance 4, for every
// node rather than the few the other tests pick: after overlays that
// update, append to arrays, replace scalars, add whole operations (flow
// and block style, several actions on one target, two overlays), every
// scalar of the rendered document maps back to a file that exists, to a
// line inside it, and to the place on that line where the scalar's text
// (or, for a key, its name) is written.
func TestEveryNodeNamesARealFileAndLine(t *testing.T) {
	first := `overlay: 1.0.0
info: {title: first, version: "1"}
actions:
  - target: $
    update:
      x-authgen:
        package: pets
        errors:
          envelope: {code: /error/code, message: /error/message}
        headers:
          Pets-Version: "2024-01-01"
  - target: $.paths['/pets'].get
    update:
      summary: List the pets.
      parameters:
        - name: limit
          in: query
          schema: {type: integer, maximum: 100}
  - target: $.paths['/pets'].get.tags
    update: [alpha, beta]
  - target: $.paths
    update:
      /owners/{id}:
        get:
          operationId: getOwner
          parameters:
            - {name: id, in: path, required: true, schema: {type: string}}
          responses:
            "200":
              description: The owner.
              content:
                application/json:
                  schema: {$ref: "#/components/schemas/Owner"}
  - target: $.components.schemas
    update:
      Owner:
        type: object
        required: [id]
        properties:
          id: {type: string, description: The owner's id.}
          pets: {type: array, items: {$ref: "#/components/schemas/Pet"}}
`
	second := `overlay: 1.0.0
info: {title: second, version: "1"}
actions:
  - target: $.paths['/pets'].get
    update:
      operationId: listAllPets
  - target: $.components.schemas.Owner.properties
    update:
      name: {type: string}
  - target: $.paths['/stores/{id}']
    remove: true
`
	files := map[string]string{"vendor.yaml": vendorDoc, "first.yaml": first, "second.yaml": second}
	d := parse(t)
	for _, name := range []string{"first.yaml", "second.yaml"} {
		f, err := ReadOverlay(name, []byte(files[name]))
		if err != nil {
			t.Fatal(err)
		}
		if _, err := d.Apply(f); err != nil {
			t.Fatal(err)
		}
	}
	top, _, m := rendered(t, d)
	checked := 0
	var walk func(n *yaml.Node, path string)
	walk = func(n *yaml.Node, path string) {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				key := n.Content[i]
				check(t, files, m, key, path+"/"+key.Value+" (key)", &checked)
				walk(n.Content[i+1], path+"/"+key.Value)
			}
			return
		}
		for i, c := range n.Content {
			walk(c, fmt.Sprintf("%s/%d", path, i))
		}
		if n.Kind == yaml.ScalarNode {
			check(t, files, m, n, path, &checked)
		}
	}
	walk(top, "")
	if checked < 100 {
		t.Errorf("checked %d scalars; the walk missed the document", checked)
	}
}

// check holds one rendered scalar's origin to the text of its file.
func check(t *testing.T, files map[string]string, m *SourceMap, n *yaml.Node, path string, checked *int) {
	t.Helper()
	*checked++
	o := m.Origin(n.Line, n.Column)
	text, ok := files[o.File]
	if !ok {
		t.Errorf("%s: placed in %q, which is not a file", path, o.File)
		return
	}
	lines := strings.Split(text, "\n")
	if o.Line < 1 || o.Line > len(lines) {
		t.Errorf("%s: placed at %s, outside the file's %d lines", path, o, len(lines))
		return
	}
	line := lines[o.Line-1]
	if o.Column < 1 || o.Column > len(line) {
		t.Errorf("%s: placed at %s, outside the line %q", path, o, line)
		return
	}
	// The text at the column is the scalar as written: plain, quoted, or
	// the first line of a block.
	written := strings.TrimLeft(line[o.Column-1:], `"'`)
	want := strings.SplitN(n.Value, "\n", 2)[0]
	if !strings.HasPrefix(written, want) {
		t.Errorf("%s: %q placed at %s, where the file has %q", path, n.Value, o, line[o.Column-1:])
	}
}
