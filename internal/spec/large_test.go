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

// lowerLargeThresholds sends every document through loadLarge.
func lowerLargeThresholds(t *testing.T) {
	bytes, keys := largeDocumentBytes, largeMappingKeys
	largeDocumentBytes, largeMappingKeys = 0, 0
	t.Cleanup(func() { largeDocumentBytes, largeMappingKeys = bytes, keys })
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

// TestLargeDocumentPathOnlyForPlainYAML: what JSON cannot say as it is
// goes back to kin-openapi, which decides and reports.
func TestLargeDocumentPathOnlyForPlainYAML(t *testing.T) {
	lowerLargeThresholds(t)
	base := "openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths: {}\n"
	for name, extra := range map[string]string{
		"alias":         "x-a: &a {b: 1}\nx-b: *a\n",
		"merge key":     "x-a: &a {b: 1}\nx-b: {<<: *a}\n",
		"duplicate key": "x-a: 1\nx-a: 2\n",
		"infinity":      "x-a: .inf\n",
		"custom tag":    "x-a: !thing 1\n",
	} {
		loader := openapi3.NewLoader()
		if loadLarge(loader, []byte(base+extra), &url.URL{Path: "/x.yaml"}) != nil {
			t.Errorf("%s: took the large-document path", name)
		}
	}
	loader := openapi3.NewLoader()
	doc := loadLarge(loader, []byte(base+"x-n: [0x1F, 0o17, 1_000, +5, 1.5e3, True, ~, 2024-01-02]\n"), &url.URL{Path: "/x.yaml"})
	if doc == nil {
		t.Fatal("plain YAML did not take the large-document path")
	}
	if got := fmt.Sprint(doc.Extensions["x-n"]); got != "[31 15 1000 5 1500 true <nil> 2024-01-02]" {
		t.Errorf("x-n = %s", got)
	}
}

// TestLargeDocumentPathIsTakenPastTheThreshold: a document with a mapping
// past largeMappingKeys loads through JSON, and one below does not.
func TestLargeDocumentPathIsTakenPastTheThreshold(t *testing.T) {
	bytes, keys := largeDocumentBytes, largeMappingKeys
	largeDocumentBytes, largeMappingKeys = 0, 100
	t.Cleanup(func() { largeDocumentBytes, largeMappingKeys = bytes, keys })
	doc := func(paths int) []byte {
		var b strings.Builder
		b.WriteString("openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths:\n")
		for i := range paths {
			fmt.Fprintf(&b, "  /p%d:\n    get:\n      responses: {\"204\": {description: ok}}\n", i)
		}
		return []byte(b.String())
	}
	if loadLarge(openapi3.NewLoader(), doc(99), &url.URL{Path: "/x.yaml"}) != nil {
		t.Error("99 paths took the large-document path; the threshold is 100")
	}
	d := loadLarge(openapi3.NewLoader(), doc(100), &url.URL{Path: "/x.yaml"})
	if d == nil || d.Paths.Len() != 100 {
		t.Errorf("100 paths: %v", d)
	}
}
