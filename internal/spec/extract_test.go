package spec

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v4"
)

// decodeBoth reads the x-authgen block from the blanked source and from the
// whole document; positions and problems must be the same.
func decodeBoth(t *testing.T, name string, data []byte) {
	t.Helper()
	masked, _, ok := extensionSource(data)
	if !ok {
		return // the loader parses the whole document then
	}
	if len(masked) != len(data) {
		t.Fatalf("%s: blanking changed the length", name)
	}
	decode := func(src []byte) (*extension, Problems) {
		root, err := parseNodes(src)
		if err != nil {
			return nil, Problems{{Message: err.Error()}}
		}
		top := documentMapping(root)
		r := &reporter{file: name}
		if top == nil {
			return &extension{}, nil
		}
		n := mappingValue(top, ExtensionKey)
		if n == nil {
			return &extension{}, nil
		}
		return decodeExtension(n, r), r.problems
	}
	fullExt, fullProblems := decode(data)
	if fullExt == nil {
		return // not parsable at all: the loader reports that
	}
	maskedExt, maskedProblems := decode(masked)
	if diff := cmp.Diff(fullProblems, maskedProblems); diff != "" {
		t.Errorf("%s: problems differ (-full +blanked):\n%s", name, diff)
	}
	if diff := cmp.Diff(fullExt, maskedExt, cmp.Exporter(func(reflect.Type) bool { return true })); diff != "" {
		t.Errorf("%s: decoded blocks differ (-full +blanked):\n%s", name, diff)
	}
}

func TestBlankedExtensionKeepsPositions(t *testing.T) {
	var files []string
	for _, pattern := range []string{"../../specs/*.yaml", "../../testdata/cases/*.yaml", "../../testdata/specs/bad/*.yaml"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		decodeBoth(t, f, data)
		// The same spec as JSON, indented, exercises the JSON scan.
		var v any
		if yaml.Unmarshal(data, &v) != nil {
			continue
		}
		if j, err := json.MarshalIndent(v, "", "  "); err == nil {
			decodeBoth(t, f+".json", j)
		}
	}
}

func TestExtensionSourceLayouts(t *testing.T) {
	for _, tc := range []struct {
		name, src      string
		ok, hasOpenAPI bool
		keepsExtension bool
	}{
		{"block", "openapi: 3.0.3\nx-authgen:\n  package: a\npaths: {}\n", true, true, true},
		{"quoted key", "\"openapi\": 3.0.3\n'x-authgen':\n  package: a\n", true, true, true},
		{"no extension", "openapi: 3.0.3\npaths: {}\n", true, true, false},
		{"comments and blank lines", "# c\nopenapi: 3.0.3\n\nx-authgen:\n  # inner\n\n  package: a\n# trailing\npaths: {}\n", true, true, true},
		{"document marker", "---\nopenapi: 3.0.3\n", false, false, false},
		{"flow mapping", "{openapi: 3.0.3, x-authgen: {package: a}}\n", false, false, false},
		{"anchor at top level", "&a openapi: 3.0.3\n", false, false, false},
		{"json", "{\n  \"openapi\": \"3.0.3\",\n  \"paths\": {},\n  \"x-authgen\": {\"package\": \"a\"}\n}\n", true, true, true},
		{"broken json", "{\"openapi\": \"3.0.3\", \"x-authgen\": {", false, false, false},
		{"swagger", "swagger: \"2.0\"\n", true, false, false},
	} {
		masked, hasOpenAPI, ok := extensionSource([]byte(tc.src))
		if ok != tc.ok || hasOpenAPI != tc.hasOpenAPI {
			t.Errorf("%s: ok %v hasOpenAPI %v, want %v %v", tc.name, ok, hasOpenAPI, tc.ok, tc.hasOpenAPI)
			continue
		}
		if ok {
			if got := containsPackage(masked); got != tc.keepsExtension {
				t.Errorf("%s: extension kept = %v:\n%s", tc.name, got, masked)
			}
		}
	}
}

func containsPackage(b []byte) bool {
	for i := 0; i+7 <= len(b); i++ {
		if string(b[i:i+7]) == "package" {
			return true
		}
	}
	return false
}
