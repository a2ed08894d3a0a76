package gen

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/authgen/authgen/internal/gocheck"
	"github.com/authgen/authgen/internal/spec"
)

// FuzzLoadAndGenerate: no spec, however broken, makes the loader or the
// generator panic; a spec that loads always generates a package that
// type-checks. The seeds (every spec in the repository: seeds, cases, bad
// and hostile ones) run with every `go test`.
func FuzzLoadAndGenerate(f *testing.F) {
	for _, pattern := range []string{"../../specs/*.yaml", "../../testdata/cases/*.yaml", "../../testdata/specs/bad/*.yaml", "../../testdata/specs/hostile/*.yaml"} {
		matches, _ := filepath.Glob(pattern)
		for _, m := range matches {
			if data, err := os.ReadFile(m); err == nil {
				f.Add(data)
			}
		}
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > 64<<10 {
			return
		}
		p, _, err := spec.LoadData("fuzz.yaml", data, spec.Options{})
		if err != nil {
			return
		}
		files, err := Generate(p)
		if err != nil {
			t.Fatalf("a spec that loads does not generate: %v", err)
		}
		if err := gocheck.Check(fileMap(files)); err != nil {
			t.Fatalf("a spec that loads generates a package that does not type-check:\n%v", err)
		}
	})
}
