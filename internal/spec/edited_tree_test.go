package spec

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestEditedNodesLoadAsTheirRenderedText holds the direct path (issue 30:
// an edited document decoded from its nodes, not rendered to text and
// parsed again) to the rendered one it replaced for generate: the same
// model for every spec that goes through editing (overlays, the operation
// filter), for a whole vendor document through an overlay, and for a
// document whose YAML the direct path leaves to the rendered one.
func TestEditedNodesLoadAsTheirRenderedText(t *testing.T) {
	var specs []string
	for _, pattern := range []string{"../../specs/*.yaml", "../../testdata/cases/*.yaml"} {
		m, _ := filepath.Glob(pattern)
		for _, path := range m {
			data, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			if needsEditing(data, Options{}) {
				specs = append(specs, path)
			}
		}
	}
	if len(specs) < 4 {
		t.Fatalf("found %d edited specs", len(specs))
	}
	dir := t.TempDir()
	write := func(name, content string) string {
		path := filepath.Join(dir, name)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return path
	}
	// Anchors and aliases: the direct path leaves them to the parser.
	write("anchored.yaml", `openapi: 3.0.3
info: {title: Anchored, version: "1"}
servers: [{url: https://api.anchored.example}]
paths:
  /a:
    get:
      operationId: getA
      responses:
        "200": &ok
          description: ok
          content:
            application/json:
              schema: {type: object, properties: {id: {type: string}}}
  /b:
    get:
      operationId: getB
      responses:
        "200": *ok
`)
	specs = append(specs, write("anchored-overlay.yaml", `overlay: 1.0.0
info: {title: package, version: "1"}
extends: anchored.yaml
actions:
  - target: $
    update:
      x-authgen: {package: anchored}
`))
	if !testing.Short() {
		// Stripe's whole document (4 MB) through an overlay that only
		// adds the block: the case the issue measured.
		stripe, err := os.ReadFile("../../specs/upstream/stripe.yaml")
		if err != nil {
			t.Fatal(err)
		}
		write("stripe-upstream.yaml", string(stripe)) // a link would be refused, as generate refuses it
		specs = append(specs, write("stripe-whole.yaml", `overlay: 1.0.0
info: {title: Stripe, version: "1"}
extends: stripe-upstream.yaml
actions:
  - target: $
    update:
      x-authgen:
        package: stripe
        errors: {envelope: {code: /error/code, message: /error/message}}
`))
	}
	for _, path := range specs {
		t.Run(filepath.Base(path), func(t *testing.T) {
			opts := Options{SkipOpenAPIValidation: true, PlaceOnlyErrors: true}
			before := treeLoads.Load()
			direct, directWarnings, err := Load(path, opts)
			if err != nil {
				t.Fatal(err)
			}
			fromNodes := treeLoads.Load() > before
			if anchored := filepath.Base(path) == "anchored-overlay.yaml"; fromNodes == anchored {
				t.Errorf("loaded from the nodes: %v; want %v", fromNodes, !anchored)
			}
			opts.renderEdits = true
			rendered, renderedWarnings, err := Load(path, opts)
			if err != nil {
				t.Fatal(err)
			}
			if diff := cmp.Diff(Dump(rendered), Dump(direct)); diff != "" {
				t.Errorf("the model from the nodes differs from the rendered one (-rendered +nodes):\n%s", diff)
			}
			if len(directWarnings) != len(renderedWarnings) {
				t.Errorf("%d warnings from the nodes, %d rendered:\n%v\n%v", len(directWarnings), len(renderedWarnings), directWarnings, renderedWarnings)
			}
		})
	}
}
