package gen

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authgen/authgen/internal/gocheck"
	"github.com/authgen/authgen/internal/spec"
)

// corpusDir is shared/corpus beside the repository: public OpenAPI
// documents written by others (Stripe, GitHub, Twilio, ...).
const corpusDir = "../../../shared/corpus"

func corpusFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, ext := range []string{"*.json", "*.yaml"} {
		m, _ := filepath.Glob(filepath.Join(corpusDir, ext))
		files = append(files, m...)
	}
	if len(files) == 0 {
		t.Skip("no corpus beside the repository (../shared/corpus)")
	}
	return files
}

func corpusPackage(path string) string {
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return "corpus" + spec.PackageName(name)
}

// TestCorpusGenerates: every public document in the corpus generates a
// client that type-checks. Features authgen does not support are left out
// with warnings, never fatal.
func TestCorpusGenerates(t *testing.T) {
	if testing.Short() {
		t.Skip("the corpus is large; skipped with -short")
	}
	for _, path := range corpusFiles(t) {
		t.Run(filepath.Base(path), func(t *testing.T) {
			t.Parallel()
			_, files := generateAs(t, path, corpusPackage(path))
			if err := gocheck.Check(fileMap(files)); err != nil {
				t.Errorf("does not type-check:\n%v", err)
			}
			if err := gocheck.Formatted(fileMap(files)); err != nil {
				t.Error(err)
			}
		})
	}
}

// TestCorpusCompiles writes every corpus client into a scratch module and
// runs go vet on them. It takes about a minute with a cold build cache, so
// it runs when AUTHGEN_CORPUS_BUILD=1 (as .ci/run sets it).
func TestCorpusCompiles(t *testing.T) {
	if os.Getenv("AUTHGEN_CORPUS_BUILD") != "1" {
		t.Skip("set AUTHGEN_CORPUS_BUILD=1 to compile the corpus clients")
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module corpus\n\ngo 1.24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, path := range corpusFiles(t) {
		p, files := generateAs(t, path, corpusPackage(path))
		// Each client with its fake provider package, which must build
		// too.
		fake, err := GenerateFake(p, "corpus/"+p.Package)
		if err != nil {
			t.Fatal(err)
		}
		pkgDir := filepath.Join(dir, p.Package)
		if err := os.MkdirAll(filepath.Join(pkgDir, FakePackage(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range append(files, fake...) {
			if err := os.WriteFile(filepath.Join(pkgDir, filepath.FromSlash(f.Name)), f.Content, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go vet of the corpus clients: %v\n%s", err, out)
	}
}
