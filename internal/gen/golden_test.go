package gen

import (
	"bytes"
	"flag"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/authgen/authgen/internal/genid"
	"github.com/authgen/authgen/internal/gocheck"
	"github.com/authgen/authgen/internal/outdir"
	"github.com/authgen/authgen/internal/spec"
)

// directive matches compiler and go-command directives; generated code has
// none, so one that appears came from spec text.
var directive = regexp.MustCompile(`^\s*(//go:|//line |/\*line )`)

var update = flag.Bool("update", false, "rewrite the committed clients (generated/, internal/e2e/clients/) and the model goldens")

// goldenCase is a spec and the committed package generated from it, which
// is its golden: one copy of each case. specs/NAME.yaml gives
// generated/NAME, testdata/cases/NAME.yaml gives internal/e2e/clients/NAME.
type goldenCase struct {
	spec, dir string
}

// goldenCases are the seed providers plus the small cases, one per auth
// kind, error envelope, retry policy and naming rule. The case name is the
// spec's base name.
func goldenCases(t *testing.T) map[string]goldenCase {
	t.Helper()
	cases := map[string]goldenCase{}
	for _, where := range []struct{ pattern, dir string }{
		{"../../specs/*.yaml", "../../generated"},
		{"../../testdata/cases/*.yaml", "../../internal/e2e/clients"},
	} {
		matches, err := filepath.Glob(where.pattern)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range matches {
			name := strings.TrimSuffix(filepath.Base(m), ".yaml")
			cases[name] = goldenCase{spec: m, dir: filepath.Join(where.dir, name)}
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

// fileMap is files by name, as gocheck takes them.
func fileMap(files []File) map[string][]byte {
	m := make(map[string][]byte, len(files))
	for _, f := range files {
		m[f.Name] = f.Content
	}
	return m
}

// TestGolden generates every case in memory and compares it, file by file,
// with its committed package: what CI builds and the behaviour tests import
// is what the generator gives. Run `go test ./internal/gen -update` to
// rewrite them (as `go generate ./...` does).
func TestGolden(t *testing.T) {
	for name, c := range goldenCases(t) {
		t.Run(name, func(t *testing.T) {
			p, files := generateAs(t, c.spec, "")
			importPath, err := outdir.ImportPath(c.dir)
			if err != nil {
				t.Fatal(err)
			}
			fake, err := GenerateFake(p, importPath)
			if err != nil {
				t.Fatal(err)
			}
			files = append(files, fake...)
			out := make([]outdir.File, len(files))
			for i, f := range files {
				out[i] = outdir.File{Name: f.Name, Content: f.Content}
			}
			if *update {
				if err := outdir.Replace(c.dir, out); err != nil {
					t.Fatal(err)
				}
				return
			}
			diff, err := outdir.Diff(c.dir, c.dir, out)
			if err != nil {
				t.Fatal(err)
			}
			if diff != "" {
				t.Errorf("%s is stale (run go test ./internal/gen -update):\n%s", c.dir, diff)
			}
		})
	}
}

// TestGeneratedPackagesTypeCheck type-checks every case, and its fake,
// with go/types and wants them gofmt-clean: parsing alone misses a name
// declared twice or a local that hides a helper.
func TestGeneratedPackagesTypeCheck(t *testing.T) {
	for name, c := range goldenCases(t) {
		t.Run(name, func(t *testing.T) {
			p, generated := generateAs(t, c.spec, "")
			files := fileMap(generated)
			if err := gocheck.Check(files); err != nil {
				t.Errorf("does not type-check:\n%v", err)
			}
			if err := checkFake(p, files); err != nil {
				t.Errorf("the fake does not type-check:\n%v", err)
			}
			if err := gocheck.Formatted(files); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestDeterministic generates every case twice, from a relative and from an
// absolute path, and wants the same bytes: no map order, path or time may
// leak into the output.
func TestDeterministic(t *testing.T) {
	for name, c := range goldenCases(t) {
		path := c.spec
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
// package, and import the standard library and the runtime only.
func TestGeneratedFilesAreMarkedAndStdlibOnly(t *testing.T) {
	for name, c := range goldenCases(t) {
		files := generate(t, c.spec)
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
				if p := strings.Trim(imp.Path.Value, `"`); strings.Contains(strings.SplitN(p, "/", 2)[0], ".") && p != genid.RuntimePath {
					t.Errorf("%s/%s imports %s, neither the standard library nor the runtime", name, f.Name, p)
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
		for _, want := range []string{"auth.go", "errors.go", "provider.go", "models.go", "operations.go", "retry.go", "shell_client.go", "shell_errors.go"} {
			if i := sort.SearchStrings(names, want); i == len(names) || names[i] != want {
				t.Errorf("%s: no %s among %v", name, want, names)
			}
		}
	}
}
