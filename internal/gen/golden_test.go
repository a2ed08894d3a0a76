package gen

import (
	"bytes"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/authgen/authgen/internal/spec"
)

// directive matches compiler and go-command directives; generated code has
// none, so one that appears came from spec text.
var directive = regexp.MustCompile(`^\s*(//go:|//line |/\*line )`)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// goldenCases are the four seed providers plus the small cases, one per
// auth kind, error envelope and retry policy. The case name is the spec's
// base name.
func goldenCases(t *testing.T) map[string]string {
	t.Helper()
	cases := map[string]string{}
	for _, pattern := range []string{"../../specs/*.yaml", "../../testdata/cases/*.yaml"} {
		matches, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range matches {
			cases[strings.TrimSuffix(filepath.Base(m), ".yaml")] = m
		}
	}
	if len(cases) < 4 {
		t.Fatalf("found %d golden cases; the specs are missing", len(cases))
	}
	return cases
}

func generate(t *testing.T, path string) []File {
	t.Helper()
	_, files := generateAs(t, path, "")
	return files
}

// generateAs loads the spec at path (under package pkg, when not empty) and
// generates it, failing the test on any error.
func generateAs(t *testing.T, path, pkg string) (*spec.Provider, []File) {
	t.Helper()
	p, _, err := spec.Load(path, spec.Options{Package: pkg})
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	files, err := Generate(p)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return p, files
}

// TestGolden compares the provider-specific files with
// testdata/golden/<case>/<file>.golden byte for byte. The runtime_*.go
// files are copies of templates/clientruntime, tested there, and are left
// out. Run `go test ./internal/gen -update` to rewrite the goldens.
func TestGolden(t *testing.T) {
	for name, path := range goldenCases(t) {
		t.Run(name, func(t *testing.T) {
			dir := filepath.Join("..", "..", "testdata", "golden", name)
			want := map[string]bool{}
			for _, f := range generate(t, path) {
				if strings.HasPrefix(f.Name, "runtime_") {
					continue
				}
				golden := filepath.Join(dir, f.Name+".golden")
				want[filepath.Base(golden)] = true
				if *update {
					if err := os.MkdirAll(dir, 0o755); err != nil {
						t.Fatal(err)
					}
					if err := os.WriteFile(golden, f.Content, 0o644); err != nil {
						t.Fatal(err)
					}
					continue
				}
				expected, err := os.ReadFile(golden)
				if err != nil {
					t.Fatalf("%v (run go test ./internal/gen -update)", err)
				}
				if diff := cmp.Diff(string(expected), string(f.Content)); diff != "" {
					t.Errorf("%s differs from %s (-want +got):\n%s", f.Name, golden, diff)
				}
			}
			entries, _ := os.ReadDir(dir)
			for _, e := range entries {
				if want[e.Name()] {
					continue
				}
				if *update {
					_ = os.Remove(filepath.Join(dir, e.Name()))
					continue
				}
				t.Errorf("stale golden file %s: the generator no longer writes it (run -update)", e.Name())
			}
		})
	}
}

// TestDeterministic generates every case twice, from a relative and from an
// absolute path, and wants the same bytes: no map order, path or time may
// leak into the output.
func TestDeterministic(t *testing.T) {
	for name, path := range goldenCases(t) {
		abs, err := filepath.Abs(path)
		if err != nil {
			t.Fatal(err)
		}
		first, second := generate(t, path), generate(t, abs)
		if len(first) != len(second) {
			t.Fatalf("%s: %d files, then %d", name, len(first), len(second))
		}
		for i := range first {
			if first[i].Name != second[i].Name || !bytes.Equal(first[i].Content, second[i].Content) {
				t.Errorf("%s: %s differs between two generations", name, first[i].Name)
			}
			if bytes.Contains(first[i].Content, []byte(abs)) || bytes.Contains(first[i].Content, []byte(filepath.Dir(abs))) {
				t.Errorf("%s: %s contains an absolute path", name, first[i].Name)
			}
		}
	}
}

// TestGeneratedFilesAreMarkedAndStdlibOnly parses every generated file: it
// must carry the header go/ast.IsGenerated recognises, be in the spec's
// package, and import the standard library only.
func TestGeneratedFilesAreMarkedAndStdlibOnly(t *testing.T) {
	for name, path := range goldenCases(t) {
		files := generate(t, path)
		var names []string
		for _, f := range files {
			names = append(names, f.Name)
			parsed, err := parser.ParseFile(token.NewFileSet(), f.Name, f.Content, parser.ParseComments)
			if err != nil {
				t.Fatalf("%s/%s does not parse: %v", name, f.Name, err)
			}
			if !ast.IsGenerated(parsed) {
				t.Errorf("%s/%s is not marked as generated", name, f.Name)
			}
			for _, imp := range parsed.Imports {
				if p := strings.Trim(imp.Path.Value, `"`); strings.Contains(strings.SplitN(p, "/", 2)[0], ".") {
					t.Errorf("%s/%s imports %s, not in the standard library", name, f.Name, p)
				}
			}
		}
		for _, f := range files {
			for i, line := range strings.Split(string(f.Content), "\n") {
				if directive.MatchString(line) {
					t.Errorf("%s/%s:%d: spec text became a directive: %q", name, f.Name, i+1, line)
				}
			}
		}
		if !sort.StringsAreSorted(names) {
			t.Errorf("%s: files not sorted: %v", name, names)
		}
		for _, want := range []string{"auth.go", "client.go", "errors.go", "models.go", "operations.go", "retry.go", "runtime_transport.go"} {
			if i := sort.SearchStrings(names, want); i == len(names) || names[i] != want {
				t.Errorf("%s: no %s among %v", name, want, names)
			}
		}
	}
}
