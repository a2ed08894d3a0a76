package outdir

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func readDir(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

func TestReplaceIsAllOrNothing(t *testing.T) {
	parent := t.TempDir()
	dir := filepath.Join(parent, "pkg")
	if err := Replace(dir, []File{{"a.go", []byte("a1")}, {"b.go", []byte("b1")}}); err != nil {
		t.Fatal(err)
	}
	if err := Replace(dir, []File{{"a.go", []byte("a2")}, {"c.go", []byte("c2")}}); err != nil {
		t.Fatal(err)
	}
	got := readDir(t, dir)
	if len(got) != 2 || got["a.go"] != "a2" || got["c.go"] != "c2" {
		t.Errorf("after replace: %v", got)
	}
	// A failure half-way leaves the previous package whole.
	err := Replace(dir, []File{{"a.go", []byte("a3")}, {"../escape.go", []byte("x")}})
	if err == nil || !strings.Contains(err.Error(), "not a plain file name") {
		t.Fatalf("err = %v", err)
	}
	if got := readDir(t, dir); got["a.go"] != "a2" || len(got) != 2 {
		t.Errorf("a failed replace changed the directory: %v", got)
	}
	entries, _ := os.ReadDir(parent)
	if len(entries) != 1 {
		t.Errorf("leftovers beside the package: %v", entries)
	}
	if _, err := os.Stat(filepath.Join(parent, "escape.go")); !os.IsNotExist(err) {
		t.Error("a file escaped the directory")
	}
}

func TestDiff(t *testing.T) {
	dir := t.TempDir()
	files := []File{{"a.go", []byte("one\ntwo\n")}, {"b.go", []byte("b\n")}}
	if err := Replace(dir, files); err != nil {
		t.Fatal(err)
	}
	if d, err := Diff(dir, "pkg", files); err != nil || d != "" {
		t.Fatalf("fresh directory: %q, %v", d, err)
	}
	if err := os.WriteFile(filepath.Join(dir, "a.go"), []byte("one\nTWO\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(dir, "b.go")); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "hand.go"), []byte("x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	d, err := Diff(dir, "pkg", files)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"--- a/pkg/a.go", "+++ b/pkg/a.go", "-TWO", "+two", "missing file pkg/b.go", "--- /dev/null", "extra file pkg/hand.go", "+++ /dev/null"} {
		if !strings.Contains(d, want) {
			t.Errorf("diff lacks %q:\n%s", want, d)
		}
	}
	if d, err := Diff(filepath.Join(dir, "nope"), "nope", files); err != nil || !strings.Contains(d, "missing file nope/a.go") {
		t.Errorf("missing directory: %q, %v", d, err)
	}
}

func TestReplaceTheWorkingDirectory(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pkg")
	if err := Replace(dir, []File{{"a.go", []byte("1")}}); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)
	if err := Replace(".", []File{{"a.go", []byte("2")}}); err != nil {
		t.Fatal(err)
	}
	if got := readDir(t, dir); got["a.go"] != "2" || len(got) != 1 {
		t.Errorf("after replacing .: %v", got)
	}
}

// TestImportPath: a directory's import path is its module's path joined
// with its place in the module; without a go.mod above it there is none.
func TestImportPath(t *testing.T) {
	mod := t.TempDir()
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/m // the module\n\ngo 1.24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for dir, want := range map[string]string{mod: "example.com/m", filepath.Join(mod, "a", "b"): "example.com/m/a/b"} {
		if got, err := ImportPath(dir); err != nil || got != want {
			t.Errorf("ImportPath(%s) = %q, %v; want %q", dir, got, err, want)
		}
	}
}
