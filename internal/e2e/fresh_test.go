package e2e

import (
	"path/filepath"
	"testing"

	"github.com/authgen/authgen/internal/gen"
	"github.com/authgen/authgen/internal/outdir"
	"github.com/authgen/authgen/internal/spec"
)

// TestCaseClientsAreFresh regenerates the committed test clients in memory:
// a stale one would make the behaviour tests test old code.
func TestCaseClientsAreFresh(t *testing.T) {
	for _, name := range []string{"authkinds", "errorlist", "models", "hostile"} {
		specPath := filepath.Join("..", "..", "testdata", "cases", name+".yaml")
		p, _, err := spec.Load(specPath, spec.Options{})
		if err != nil {
			t.Fatal(err)
		}
		files, err := gen.Generate(p)
		if err != nil {
			t.Fatal(err)
		}
		var out []outdir.File
		for _, f := range files {
			out = append(out, outdir.File{Name: f.Name, Content: f.Content})
		}
		dir := filepath.Join("clients", name)
		diff, err := outdir.Diff(dir, dir, out)
		if err != nil {
			t.Fatal(err)
		}
		if diff != "" {
			t.Errorf("%s is stale; run go generate ./internal/e2e/clients\n%s", dir, diff)
		}
	}
}
