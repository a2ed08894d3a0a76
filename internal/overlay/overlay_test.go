package overlay

import (
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
	"gopkg.in/yaml.v3"
)

const vendorDoc = `openapi: 3.0.3
info:
  title: Pets
  version: "1"
paths:
  /pets:
    get:
      operationId: listPets
      tags: [pets]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/PetList"
    post:
      operationId: createPet
      tags: [pets]
      responses:
        "201":
          description: ok
  /stores/{id}:
    get:
      operationId: getStore
      tags: [stores]
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                $ref: "#/components/schemas/Store"
x-webhooks:
  petAdded:
    $ref: "#/components/schemas/Store"
components:
  schemas:
    PetList:
      type: array
      items:
        $ref: "#/components/schemas/Pet"
    Pet:
      oneOf:
        - $ref: "#/components/schemas/Cat"
      discriminator:
        propertyName: kind
        mapping:
          cat: Cat
          dog: "#/components/schemas/Dog"
    Cat: {type: object}
    Dog: {type: object}
    Store: {type: object}
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Key}
`

const overlayDoc = `overlay: 1.0.0
info:
  title: Pets for authgen
  version: 1.0.0
extends: vendor.yaml
x-authgen-upstream: https://example.com/pets.yaml
actions:
  - target: $
    update:
      x-authgen:
        package: pets
  - target: $.paths['/pets'].post
    remove: true
  - target: $.paths['/nowhere']
    remove: true
`

func parse(t *testing.T) *Document {
	t.Helper()
	d, err := Parse("vendor.yaml", []byte(vendorDoc))
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func readOverlay(t *testing.T, text string) *File {
	t.Helper()
	f, err := ReadOverlay("pets.overlay.yaml", []byte(text))
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// rendered parses what Render wrote, to look at the edited document.
func rendered(t *testing.T, d *Document) (*yaml.Node, []byte, *SourceMap) {
	t.Helper()
	out, m, err := d.Render()
	if err != nil {
		t.Fatal(err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(out, &root); err != nil {
		t.Fatalf("rendered document does not parse: %v\n%s", err, out)
	}
	return topMapping(&root), out, m
}

// find is the node at a path of mapping keys.
func find(n *yaml.Node, keys ...string) *yaml.Node {
	for _, k := range keys {
		n = mappingValue(n, k)
	}
	return n
}

func TestReadOverlay(t *testing.T) {
	f := readOverlay(t, overlayDoc)
	if f.Extends != "vendor.yaml" || f.Upstream != "https://example.com/pets.yaml" {
		t.Errorf("extends %q, upstream %q", f.Extends, f.Upstream)
	}
	if got, _ := f.ExtendsPath(); got != "vendor.yaml" {
		t.Errorf("ExtendsPath = %q", got)
	}
	if want := (Position{File: "pets.overlay.yaml", Line: 14, Column: 13}); f.actionPos[2] != want {
		t.Errorf("third action's target at %v, want %v", f.actionPos[2], want)
	}
}

func TestReadOverlayRefuses(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"not 1.0", strings.Replace(overlayDoc, "overlay: 1.0.0", "overlay: 2.0.0", 1), "pets.overlay.yaml:1:10: overlay: version \"2.0.0\""},
		{"plain http upstream", strings.Replace(overlayDoc, "https://example.com", "http://example.com", 1), "pets.overlay.yaml:6:21: x-authgen-upstream: want the https URL"},
		{"no actions", "overlay: 1.0.0\ninfo: {title: t, version: v}\nactions: []\n", "at least one action"},
		{"copy", "overlay: 1.0.0\ninfo: {title: t, version: v}\nactions:\n  - target: $.a\n    copy: $.b\n", "pets.overlay.yaml:4:13: copy is an Overlay 1.1 action"},
		{"a list", "- 1\n", "pets.overlay.yaml:1:1: not an Overlay document"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadOverlay("pets.overlay.yaml", []byte(tc.text))
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %v, want it to contain %q", err, tc.want)
			}
		})
	}
}

func TestExtendsURLIsRefused(t *testing.T) {
	f := readOverlay(t, strings.Replace(overlayDoc, "extends: vendor.yaml", "extends: https://example.com/pets.yaml", 1))
	_, err := f.ExtendsPath()
	if err == nil || !strings.Contains(err.Error(), "pets.overlay.yaml:5:10: extends \"https://example.com/pets.yaml\": authgen reads only local files") {
		t.Errorf("error %v", err)
	}
}

func TestIsOverlay(t *testing.T) {
	for text, want := range map[string]bool{
		overlayDoc: true,
		vendorDoc:  false,
		`{"overlay": "1.0.0", "info": {}, "actions": []}`:        true,
		"openapi: 3.0.0\ninfo: {description: \"overlay: no\"}\n": false,
		"overlay: [": false,
	} {
		if got := IsOverlay([]byte(text)); got != want {
			t.Errorf("IsOverlay(%.30q) = %v, want %v", text, got, want)
		}
	}
}

func TestApplyKeepsOrigins(t *testing.T) {
	d := parse(t)
	warnings, err := d.Apply(readOverlay(t, overlayDoc))
	if err != nil {
		t.Fatal(err)
	}
	wantWarnings := []Warning{{Pos: Position{File: "pets.overlay.yaml", Line: 14, Column: 13}, Message: `overlay action target "$.paths['/nowhere']" matches nothing in vendor.yaml`}}
	if diff := cmp.Diff(wantWarnings, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}
	top, _, m := rendered(t, d)
	if find(top, "paths", "/pets", "post") != nil {
		t.Error("the removed operation is still there")
	}
	pkg := find(top, "x-authgen", "package")
	if pkg == nil || pkg.Value != "pets" {
		t.Fatalf("x-authgen.package = %v", pkg)
	}
	// The overlay wrote the package on its line 11, column 18; the vendor
	// wrote listPets on its line 8, column 20.
	if got, want := m.Origin(pkg.Line, pkg.Column), (Position{File: "pets.overlay.yaml", Line: 11, Column: 18}); got != want {
		t.Errorf("x-authgen.package comes from %v, want %v", got, want)
	}
	id := find(top, "paths", "/pets", "get", "operationId")
	if got, want := m.Origin(id.Line, id.Column), (Position{File: "vendor.yaml", Line: 8, Column: 20}); got != want {
		t.Errorf("listPets comes from %v, want %v", got, want)
	}
	// A position inside a node keeps its offset.
	if got, want := m.Origin(id.Line, id.Column+4), (Position{File: "vendor.yaml", Line: 8, Column: 24}); got != want {
		t.Errorf("inside listPets: %v, want %v", got, want)
	}
}

func TestCommentsAreNotOrigins(t *testing.T) {
	// A vendor's comment that looks like authgen's tag must not move a
	// message to another file.
	d, err := Parse("vendor.yaml", []byte("openapi: 3.0.3 # authgen-origin 1 99 99\ninfo: {title: t, version: v}\npaths: {}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.Apply(readOverlay(t, overlayDoc)); err != nil {
		t.Fatal(err)
	}
	top, _, m := rendered(t, d)
	v := find(top, "openapi")
	if got := m.Origin(v.Line, v.Column); got.File != "vendor.yaml" || got.Line != 1 {
		t.Errorf("openapi comes from %v", got)
	}
}

func withFilter(t *testing.T, filter string) *Document {
	t.Helper()
	d := parse(t)
	ov := "overlay: 1.0.0\ninfo: {title: t, version: v}\nactions:\n  - target: $\n    update:\n      x-authgen:\n        operations:\n" + filter
	if _, err := d.Apply(readOverlay(t, ov)); err != nil {
		t.Fatal(err)
	}
	return d
}

func keys(n *yaml.Node) []string {
	var out []string
	for i := 0; n != nil && i+1 < len(n.Content); i += 2 {
		out = append(out, n.Content[i].Value)
	}
	return out
}

func TestFilter(t *testing.T) {
	for _, tc := range []struct {
		name, filter         string
		wantOps, wantSchemas []string
	}{
		{"by operationId", "          operationIds: [listPets]\n", []string{"/pets get"}, []string{"PetList", "Pet", "Cat", "Dog"}},
		{"by tag", "          tags: [stores]\n", []string{"/stores/{id} get"}, []string{"Store"}},
		{"by path within a segment", "          paths: [\"/stores/*\"]\n", []string{"/stores/{id} get"}, []string{"Store"}},
		{"a star stays in its segment", "          paths: [\"/*\", \"/stores\"]\n", []string{"/pets get", "/pets post"}, []string{"PetList", "Pet", "Cat", "Dog"}},
		{"by path across segments", "          paths: [\"/**\"]\n", []string{"/pets get", "/pets post", "/stores/{id} get"}, []string{"PetList", "Pet", "Cat", "Dog", "Store"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := withFilter(t, tc.filter)
			if _, err := d.Filter(); err != nil {
				t.Fatal(err)
			}
			top, _, _ := rendered(t, d)
			var ops []string
			paths := find(top, "paths")
			for _, p := range keys(paths) {
				for _, m := range keys(find(paths, p)) {
					ops = append(ops, p+" "+m)
				}
			}
			if diff := cmp.Diff(tc.wantOps, ops); diff != "" {
				t.Errorf("operations (-want +got):\n%s", diff)
			}
			if diff := cmp.Diff(tc.wantSchemas, keys(find(top, "components", "schemas"))); diff != "" {
				t.Errorf("schemas (-want +got):\n%s", diff)
			}
			if got := keys(find(top, "components", "securitySchemes")); len(got) != 1 {
				t.Errorf("security schemes %v, want all kept", got)
			}
			if find(top, "x-webhooks") != nil {
				t.Error("another tool's extension is kept")
			}
		})
	}
}

func TestFilterWarnsAndRefuses(t *testing.T) {
	d := withFilter(t, "          operationIds: [listPets, listCats]\n")
	warnings, err := d.Filter()
	if err != nil {
		t.Fatal(err)
	}
	want := []Warning{{Pos: Position{File: "pets.overlay.yaml", Line: 8, Column: 36}, Message: `x-authgen.operations: "listCats" matches nothing`}}
	if diff := cmp.Diff(want, warnings); diff != "" {
		t.Errorf("warnings (-want +got):\n%s", diff)
	}

	d = withFilter(t, "          tags: [birds]\n")
	if _, err := d.Filter(); err == nil || !strings.Contains(err.Error(), "pets.overlay.yaml:8:11: x-authgen.operations keeps no operation") {
		t.Errorf("error %v", err)
	}
}

func TestNoFilterKeepsEverything(t *testing.T) {
	d := parse(t)
	if d.HasFilter() {
		t.Fatal("HasFilter without x-authgen.operations")
	}
	if w, err := d.Filter(); w != nil || err != nil {
		t.Fatalf("Filter = %v, %v", w, err)
	}
	top, _, _ := rendered(t, d)
	if got := keys(find(top, "components", "schemas")); len(got) != 5 {
		t.Errorf("schemas %v", got)
	}
}

func TestAReplacedValuePointsAtTheOverlay(t *testing.T) {
	// The Overlay implementation writes a new scalar value into the
	// vendor's node; the message about it must still name the overlay.
	d := parse(t)
	f := readOverlay(t, "overlay: 1.0.0\ninfo: {title: t, version: v}\nactions:\n  - target: $.paths['/pets'].get\n    update:\n      operationId: listAllPets\n")
	if _, err := d.Apply(f); err != nil {
		t.Fatal(err)
	}
	top, _, m := rendered(t, d)
	id := find(top, "paths", "/pets", "get", "operationId")
	if id.Value != "listAllPets" {
		t.Fatalf("operationId %q", id.Value)
	}
	if got := m.Origin(id.Line, id.Column); got.File != "pets.overlay.yaml" || got.Line != 6 {
		t.Errorf("the replaced operationId comes from %v, want the overlay's line 6", got)
	}
}

// TestUpdateOfAnArrayAppends is Overlay 1.0's array rule (its "Array
// Modification" example): an update whose target is an array appends the
// update to it, and the appended node names the overlay's file and line.
func TestUpdateOfAnArrayAppends(t *testing.T) {
	d := parse(t)
	f := readOverlay(t, "overlay: 1.0.0\ninfo: {title: t, version: v}\nactions:\n"+
		"  - target: $.paths.*.get.tags\n    update:\n      name: beta\n"+
		"  - target: $.paths['/pets'].post.tags\n    update: [alpha, gamma]\n")
	if _, err := d.Apply(f); err != nil {
		t.Fatal(err)
	}
	top, _, m := rendered(t, d)
	got := func(keys ...string) []string {
		var out []string
		for _, n := range find(top, keys...).Content {
			if n.Kind == yaml.MappingNode {
				out = append(out, "{name: "+find(n, "name").Value+"}")
				continue
			}
			out = append(out, n.Value)
		}
		return out
	}
	for _, tc := range []struct {
		keys []string
		want []string
	}{
		{[]string{"paths", "/pets", "get", "tags"}, []string{"pets", "{name: beta}"}},
		{[]string{"paths", "/stores/{id}", "get", "tags"}, []string{"stores", "{name: beta}"}},
		{[]string{"paths", "/pets", "post", "tags"}, []string{"pets", "alpha", "gamma"}},
	} {
		if diff := cmp.Diff(tc.want, got(tc.keys...)); diff != "" {
			t.Errorf("%v (-want +got):\n%s", tc.keys, diff)
		}
	}
	if t.Failed() {
		return
	}
	added := find(find(top, "paths", "/pets", "get", "tags").Content[1], "name")
	if o := m.Origin(added.Line, added.Column); o.File != "pets.overlay.yaml" || o.Line != 6 {
		t.Errorf("the appended tag comes from %v, want the overlay's line 6", o)
	}
}
