package gen

import (
	"github.com/authgen/authgen/internal/corpus"
	"os"
	"path/filepath"
	"testing"

	"github.com/authgen/authgen/internal/spec"
)

// benchGenerate loads and generates one spec per iteration, as
// `authgen generate --spec` does.
func benchGenerate(b *testing.B, path string) {
	if _, err := os.Stat(path); err != nil {
		b.Skipf("%s: %v", path, err)
	}
	b.ReportAllocs()
	for b.Loop() {
		// As generate loads: without kin-openapi's whole-document
		// validation, which lint runs.
		p, _, err := spec.Load(path, spec.Options{Package: "bench", SkipOpenAPIValidation: true, PlaceOnlyErrors: true})
		if err != nil {
			b.Fatal(err)
		}
		if _, err := Generate(p); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkGenerateJobhive(b *testing.B) { benchGenerate(b, "../../specs/jobhive.yaml") }
func BenchmarkGenerateStripe(b *testing.B) {
	benchGenerate(b, filepath.Join(corpus.Dir(b), "stripe.yaml"))
}
func BenchmarkGenerateGitHub(b *testing.B) {
	benchGenerate(b, filepath.Join(corpus.Dir(b), "github.json"))
}

// BenchmarkEmitStripe is generation alone, from a loaded model.
func BenchmarkEmitStripe(b *testing.B) {
	path := filepath.Join(corpus.Dir(b), "stripe.yaml")
	if _, err := os.Stat(path); err != nil {
		b.Skip(err)
	}
	p, _, err := spec.Load(path, spec.Options{Package: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Generate(p); err != nil {
			b.Fatal(err)
		}
	}
}
