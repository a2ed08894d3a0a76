package spec

import (
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"

	"github.com/authgen/authgen/internal/overlay"
)

// lowerLargeThresholds sends every document with components through
// loadLarge, one key a chunk.
func lowerLargeThresholds(t *testing.T) {
	bytes, keys, chunk := largeDocumentBytes, largeMappingKeys, largeChunkKeys
	largeDocumentBytes, largeMappingKeys, largeChunkKeys = 0, 0, 1
	t.Cleanup(func() { largeDocumentBytes, largeMappingKeys, largeChunkKeys = bytes, keys, chunk })
}

// TestLargeDocumentPathBuildsTheSameModel loads every spec, case and bad
// spec through the JSON path for huge documents and through kin-openapi's
// own, and wants the same model, warnings and errors; most of them must
// really take the JSON path, not fall back.
func TestLargeDocumentPathBuildsTheSameModel(t *testing.T) {
	var specs []string
	for _, pattern := range []string{"../../specs/*.yaml", "../../testdata/cases/*.yaml", "../../testdata/specs/bad/*.yaml", "../../testdata/specs/hostile/*.yaml"} {
		m, _ := filepath.Glob(pattern)
		specs = append(specs, m...)
	}
	type result struct{ model, warnings, err string }
	load := func(path string) result {
		p, warnings, err := Load(path, Options{SkipOpenAPIValidation: true, PlaceOnlyErrors: true})
		var r result
		if p != nil {
			r.model = Dump(p)
		}
		for _, w := range warnings {
			r.warnings += w.Message + "\n"
		}
		if err != nil {
			r.err = err.Error()
		}
		return r
	}
	kin := map[string]result{}
	for _, path := range specs {
		kin[path] = load(path)
	}
	lowerLargeThresholds(t)
	taken := 0
	for _, path := range specs {
		if diff := cmp.Diff(kin[path], load(path), cmp.AllowUnexported(result{})); diff != "" {
			t.Errorf("%s (-kin-openapi +large path):\n%s", path, diff)
		}
		data, err := os.ReadFile(path)
		if err != nil || overlay.IsOverlay(data) {
			continue
		}
		abs, _ := filepath.Abs(path)
		loader := openapi3.NewLoader()
		loader.IsExternalRefsAllowed = true
		loader.ReadFromURIFunc = localRefReader(filepath.Dir(abs))
		if loadLarge(loader, data, &url.URL{Path: filepath.ToSlash(abs)}) != nil {
			taken++
		}
	}
	if taken < len(specs)/2 {
		t.Errorf("only %d of %d specs took the large-document path", taken, len(specs))
	}
	t.Logf("%d of %d specs took the large-document path", taken, len(specs))
}

// TestLargeDocumentPathOnlyForPlainYAML: what kin-openapi prepares before
// it decodes is prepared the same way, and the rest goes back to it.
func TestLargeDocumentPathOnlyForPlainYAML(t *testing.T) {
	lowerLargeThresholds(t)
	base := "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\ncomponents: {schemas: {A: {type: string}, B: {type: integer}}}\n"
	for name, extra := range map[string]string{
		"alias":         "x-a: &a {b: 1}\nx-b: *a\n",
		"merge key":     "x-a: &a {b: 1}\nx-b: {<<: *a}\n",
		"duplicate key": "x-a: 1\nx-a: 2\n",
		"infinity":      "x-a: .inf\n",
		"null key":      "x-a: {~: 1}\n",
		"U+0085":        "x-a: \"a\u0085b\"\n",
	} {
		if loadLarge(openapi3.NewLoader(), []byte(base+extra), &url.URL{Path: "/x.yaml"}) != nil {
			t.Errorf("%s: took the large-document path", name)
		}
	}
	plain := []byte(base + "x-n: [0x1F, 0o17, 1_000, +5, 1.5e3, True, ~, 2024-01-02, !thing 7]\nx-k: {200: a, true: b, 1.5: c}\n")
	doc := loadLarge(openapi3.NewLoader(), plain, &url.URL{Path: "/x.yaml"})
	if doc == nil {
		t.Fatal("plain YAML did not take the large-document path")
	}
	want, err := openapi3.NewLoader().LoadFromData(plain)
	if err != nil {
		t.Fatal(err)
	}
	for _, ext := range []string{"x-n", "x-k"} {
		if got, want := fmt.Sprintf("%#v", doc.Extensions[ext]), fmt.Sprintf("%#v", want.Extensions[ext]); got != want {
			t.Errorf("%s = %s; kin-openapi reads %s", ext, got, want)
		}
	}
	if len(doc.Components.Schemas) != 2 || doc.Components.Schemas["B"].Value.Type.Slice()[0] != "integer" {
		t.Errorf("schemas %v", doc.Components.Schemas)
	}
}

// TestLargeDocumentPathIsTakenPastTheThreshold: a document whose schemas
// reach largeMappingKeys loads through the chunks, all of them, and one
// below in one piece; a document under largeDocumentBytes is left to
// kin-openapi.
func TestLargeDocumentPathIsTakenPastTheThreshold(t *testing.T) {
	bytes, keys, chunk := largeDocumentBytes, largeMappingKeys, largeChunkKeys
	largeDocumentBytes, largeMappingKeys, largeChunkKeys = 0, 100, 7
	t.Cleanup(func() { largeDocumentBytes, largeMappingKeys, largeChunkKeys = bytes, keys, chunk })
	doc := func(schemas int) []byte {
		var b strings.Builder
		b.WriteString("openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n")
		for i := range schemas {
			fmt.Fprintf(&b, "    S%d: {type: object, properties: {next: {$ref: \"#/components/schemas/S%d\"}}}\n", i, (i+1)%schemas)
		}
		return []byte(b.String())
	}
	for _, n := range []int{99, 100, 101} { // one piece; 15 chunks; 15 and one key
		d := loadLarge(openapi3.NewLoader(), doc(n), &url.URL{Path: "/x.yaml"})
		if d == nil || len(d.Components.Schemas) != n {
			t.Fatalf("%d schemas: %v", n, d)
		}
		if next := d.Components.Schemas[fmt.Sprintf("S%d", n-1)].Value.Properties["next"]; next.Value != d.Components.Schemas["S0"].Value {
			t.Errorf("%d schemas: the last one's next does not resolve to S0", n)
		}
	}
	largeDocumentBytes = len(doc(100)) + 1
	if loadLarge(openapi3.NewLoader(), doc(100), &url.URL{Path: "/x.yaml"}) != nil {
		t.Error("a document under largeDocumentBytes took the large-document path")
	}
}
