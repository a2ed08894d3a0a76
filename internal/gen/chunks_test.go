package gen

import (
	"bytes"
	"testing"

	"github.com/dave/jennifer/jen"

	"github.com/authgen/authgen/internal/spec"
)

// TestChunkedModelsAreOneRender: models.go rendered in chunks at once and
// joined is byte for byte models.go rendered in one piece, for every
// golden case (a small case is cut into as many chunks as it has models,
// up to 7, so that every seam is tried: a union beside an enum, a struct
// beside an alias, chunks with different imports).
func TestChunkedModelsAreOneRender(t *testing.T) {
	checkChunkedRender(t, genModels, renderModels, func(p *spec.Provider) int { return len(p.Models) })
}

// TestChunkedOperationsAreOneRender: operations.go likewise, with its
// seams between a Params struct and a method, a paging method and the
// next operation, and an operation's own security variable declared in
// the chunk of its first user.
func TestChunkedOperationsAreOneRender(t *testing.T) {
	checkChunkedRender(t, genOperations, renderOperations, func(p *spec.Provider) int { return len(p.Operations) })
}

// checkChunkedRender compares, for every golden case, one render of emit
// with render's join of 2 to 7 chunks (at most one per item).
func checkChunkedRender(t *testing.T, emit func(*spec.Provider, *jen.File), render func(*spec.Provider, int) ([]byte, error), items func(*spec.Provider) int) {
	for name, c := range goldenCases(t) {
		t.Run(name, func(t *testing.T) {
			p, _, err := spec.Load(c.spec, spec.Options{})
			if err != nil {
				t.Fatal(err)
			}
			whole, err := renderFile(p, emit)
			if err != nil {
				t.Fatal(err)
			}
			for chunks := 2; chunks <= min(7, items(p)); chunks++ {
				joined, err := render(p, chunks)
				if err != nil {
					t.Fatal(err)
				}
				if !bytes.Equal(whole, joined) {
					t.Fatalf("%d chunks differ from one render:\n%s", chunks, firstDifference(whole, joined))
				}
			}
		})
	}
}

// firstDifference shows where two texts part.
func firstDifference(a, b []byte) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(0, i-200)
	return "one render:\n" + string(a[from:min(len(a), i+200)]) + "\n\njoined:\n" + string(b[from:min(len(b), i+200)])
}
