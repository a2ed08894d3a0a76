package gen

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// unvalidatedCorpusFakes are the corpus documents whose fakes are not
// yet held to their documents, each with what its answers still break
// (issue 27): every other document's fake is, every operation of it.
var unvalidatedCorpusFakes = map[string]string{
	// Empty: every corpus document's fake is held to its document. A
	// document added here must say what its answers still break.
}

// TestCorpusFakesAnswerAsTheDocumentSays is issue 27's acceptance 1 for
// the corpus: the fakes of its documents (but unvalidatedCorpusFakes) are built in a
// scratch module beside this checkout (a workspace with it, so that the
// harness runs internal/fakecheck, as internal/e2e does for the catalog)
// and every answer they give, for every operation, is validated against
// the document with kin-openapi's response validator: successes, pages,
// streams and error envelopes alike.
// It builds Go code, so it runs when AUTHGEN_CORPUS_BUILD=1 (as .ci/run
// sets it), as TestCorpusCompiles does.
func TestCorpusFakesAnswerAsTheDocumentSays(t *testing.T) {
	if os.Getenv("AUTHGEN_CORPUS_BUILD") != "1" {
		t.Skip("set AUTHGEN_CORPUS_BUILD=1 to build and check the corpus fakes")
	}
	root, err := checkoutRoot()
	if err != nil {
		t.Fatal(err)
	}
	const module = "github.com/authgen/authgen/corpusfakes"
	dir := t.TempDir()
	goWork := fmt.Sprintf("go 1.26.0\n\nuse (\n\t.\n\t%s\n\t%s\n)\n\nreplace github.com/authgen/authgen/runtime v0.1.0 => %s\n",
		root, filepath.Join(root, "runtime"), filepath.Join(root, "runtime"))
	writeFile(t, filepath.Join(dir, "go.mod"), "module "+module+"\n\ngo 1.24\n")
	writeFile(t, filepath.Join(dir, "go.work"), goWork)
	if sum, err := os.ReadFile(filepath.Join(root, "go.work.sum")); err == nil {
		writeFile(t, filepath.Join(dir, "go.work.sum"), string(sum))
	}
	var imports, entries strings.Builder
	built := 0
	// AUTHGEN_CORPUS_FAKES=github.json,stripe.yaml checks only those
	// documents, listed in unvalidatedCorpusFakes or not: how one works on
	// a document's fake without building the others.
	only := map[string]bool{}
	for _, name := range strings.Split(os.Getenv("AUTHGEN_CORPUS_FAKES"), ",") {
		if name != "" {
			only[name] = true
		}
	}
	for _, path := range corpusFiles(t) {
		if len(only) > 0 {
			if !only[filepath.Base(path)] {
				continue
			}
		} else if why, ok := unvalidatedCorpusFakes[filepath.Base(path)]; ok {
			t.Logf("%s: not validated yet: %s", filepath.Base(path), why)
			continue
		}
		p, files := generateAs(t, path, corpusPackage(path))
		if len(p.Operations) == 0 {
			continue
		}
		fake, err := GenerateFake(p, module+"/"+p.Package)
		if err != nil {
			t.Fatal(err)
		}
		pkgDir := filepath.Join(dir, p.Package)
		if err := os.MkdirAll(filepath.Join(pkgDir, FakePackage(p)), 0o755); err != nil {
			t.Fatal(err)
		}
		for _, f := range append(files, fake...) {
			writeFile(t, filepath.Join(pkgDir, filepath.FromSlash(f.Name)), string(f.Content))
		}
		abs, err := filepath.Abs(path)
		if err != nil {
			t.Fatal(err)
		}
		fake0 := FakePackage(p)
		fmt.Fprintf(&imports, "\t%q\n", module+"/"+p.Package+"/"+fake0)
		fmt.Fprintf(&entries, "\t{%q, %q, fakecheck.Fake{New: func(tb testing.TB) any { return %s.NewServer(tb) }, Error: %s.Error}},\n", p.Package, abs, fake0, fake0)
		built++
	}
	if built == 0 {
		t.Fatal("no corpus document small enough to build")
	}
	harness := strings.Replace(strings.Replace(corpusFakesHarness, "//IMPORTS\n", imports.String(), 1), "//ENTRIES\n", entries.String(), 1)
	if err := os.MkdirAll(filepath.Join(dir, "fakeanswers"), 0o755); err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(dir, "fakeanswers", "fakeanswers_test.go"), harness)
	run := exec.Command("go", "test", "-count=1", "-v", "./fakeanswers")
	run.Dir = dir
	run.Env = append(os.Environ(), "GOWORK="+filepath.Join(dir, "go.work"), "GOFLAGS=", "GOTOOLCHAIN=local")
	out, err := run.CombinedOutput()
	if err != nil {
		t.Fatalf("the answers of %d corpus fakes: %v\n%s", built, err, out)
	}
	for _, line := range strings.Split(string(out), "\n") {
		if strings.Contains(line, "answers") {
			t.Log(strings.TrimSpace(line))
		}
	}
}

// checkoutRoot is the directory of this checkout's go.work.
func checkoutRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.work")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", fmt.Errorf("no go.work above the working directory")
		}
		dir = parent
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}

// corpusFakesHarness validates every answer of every corpus fake it
// lists against its document.
const corpusFakesHarness = `package fakeanswers

import (
	"testing"

	"github.com/authgen/authgen/internal/fakecheck"
//IMPORTS
)

func TestCorpusFakesAnswerAsTheDocumentSays(t *testing.T) {
	fakes := []struct {
		name, document string
		fake           fakecheck.Fake
	}{
//ENTRIES
	}
	for _, f := range fakes {
		t.Run(f.name, func(t *testing.T) {
			answers, _ := fakecheck.Check(t, fakecheck.LoadEdited(t, f.document), f.fake, false)
			n, summary := fakecheck.Summary(answers)
			t.Logf("%s: %d answers: %s", f.name, n, summary)
		})
	}
}
`
