package gen

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/authgen/authgen/internal/spec"
)

// FuzzLoadAndGenerate: no spec, however broken, makes the loader or the
// generator panic; a spec that loads always generates. The seeds (every
// spec in the repository, good and bad) run with every `go test`.
func FuzzLoadAndGenerate(f *testing.F) {
	for _, pattern := range []string{"../../specs/*.yaml", "../../testdata/cases/*.yaml", "../../testdata/specs/bad/*.yaml"} {
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
		if _, err := Generate(p); err != nil {
			t.Fatalf("a spec that loads does not generate: %v", err)
		}
	})
}
