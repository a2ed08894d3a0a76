package gen

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/dave/jennifer/jen"

	"github.com/authgen/authgen/internal/spec"
)

// modelsPerChunk is how many models a chunk holds: small enough that the
// syntax trees gofmt builds for the chunks being formatted at once stay
// small (a tree is many times its text), large enough that the chunks'
// overhead does not show. operationsPerChunk is the same for operations,
// whose methods are longer.
const (
	modelsPerChunk     = 250
	operationsPerChunk = 100
)

// renderModels renders models.go in chunks (see renderChunked); chunks <= 0
// picks their number.
func renderModels(p *spec.Provider, chunks int) ([]byte, error) {
	if chunks <= 0 {
		chunks = (len(p.Models) + modelsPerChunk - 1) / modelsPerChunk
	}
	if chunks <= 1 || len(p.Models) < chunks {
		return renderFile(p, genModels)
	}
	forms := formBodyModels(p)
	return renderChunked(p, "models.go", len(p.Models), chunks, func(f *jen.File, lo, hi int) {
		genModelList(p.Models[lo:hi], forms, f)
	})
}

// renderOperations renders operations.go in chunks, as renderModels does.
func renderOperations(p *spec.Provider, chunks int) ([]byte, error) {
	if chunks <= 0 {
		chunks = (len(p.Operations) + operationsPerChunk - 1) / operationsPerChunk
	}
	if chunks <= 1 || len(p.Operations) < chunks {
		return renderFile(p, genOperations)
	}
	ops := newOperationsContext(p)
	return renderChunked(p, "operations.go", len(p.Operations), chunks, func(f *jen.File, lo, hi int) {
		genOperationRange(p, ops, lo, hi, f)
	})
}

// renderSlots bounds the chunks being rendered at once, across files and
// calls: one per core, each holding a chunk's syntax trees.
var renderSlots = make(chan struct{}, runtime.GOMAXPROCS(0))

// renderChunked renders a file of n top-level items in chunks, emitting
// items [lo, hi) of each with emit. A large file (Stripe's models.go is
// 120,000 lines, GitHub's operations.go 60,000) is most of generation, and
// gofmt of one file runs on one core and holds the whole file's syntax
// tree; so the chunks are rendered as many at once as there are cores,
// and the formatted chunks joined. gofmt formats each top-level
// declaration on its own, and declarations are set apart by a blank line,
// so the join is byte for byte the file one render would give
// (TestChunkedModelsAreOneRender, TestChunkedOperationsAreOneRender); only
// the import block is the union of the chunks'.
func renderChunked(p *spec.Provider, name string, n, chunks int, emit func(f *jen.File, lo, hi int)) ([]byte, error) {
	parts := make([][]byte, chunks)
	errs := make([]error, chunks)
	var wg sync.WaitGroup
	size := (n + chunks - 1) / chunks
	for i := range chunks {
		lo, hi := min(i*size, n), min((i+1)*size, n)
		wg.Add(1)
		renderSlots <- struct{}{}
		go func() {
			defer func() { <-renderSlots; wg.Done() }()
			parts[i], errs[i] = renderFile(p, func(_ *spec.Provider, f *jen.File) { emit(f, lo, hi) })
		}()
	}
	wg.Wait()
	imports := map[string]string{} // path -> name ("" when none)
	bodies := make([][]byte, 0, chunks)
	for i, part := range parts {
		if errs[i] != nil {
			return nil, errs[i]
		}
		body, err := chunkBody(part, imports)
		if err != nil {
			return nil, fmt.Errorf("generating %s for %s: chunk %d: %w", name, p.Package, i, err)
		}
		if len(body) > 0 {
			bodies = append(bodies, body)
		}
	}
	var out bytes.Buffer
	fmt.Fprintf(&out, "// %s\n\npackage %s\n\n", Header, p.Package)
	writeImports(&out, imports)
	out.Write(bytes.Join(bodies, []byte("\n")))
	return out.Bytes(), nil
}

// renderFile runs one emitter into a fresh file and formats it.
func renderFile(p *spec.Provider, emit func(*spec.Provider, *jen.File)) ([]byte, error) {
	f := jen.NewFile(p.Package)
	f.HeaderComment(Header)
	emit(p, f)
	var buf bytes.Buffer
	if err := f.Render(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// chunkBody is a formatted file's declarations: what follows its package
// clause and imports. The imports are added to imports.
func chunkBody(src []byte, imports map[string]string) ([]byte, error) {
	fset := token.NewFileSet()
	file, err := parser.ParseFile(fset, "", src, parser.ImportsOnly|parser.ParseComments)
	if err != nil {
		return nil, err
	}
	end := file.Name.End()
	for _, imp := range file.Imports {
		path, _ := strconv.Unquote(imp.Path.Value)
		name := ""
		if imp.Name != nil {
			name = imp.Name.Name
		}
		imports[path] = name
	}
	for _, d := range file.Decls { // ImportsOnly: the import declarations
		end = d.End()
	}
	return bytes.TrimLeft(src[fset.Position(end).Offset:], "\n"), nil
}

// writeImports writes an import declaration as gofmt leaves jennifer's:
// one import on one line, several in a block sorted by path.
func writeImports(out *bytes.Buffer, imports map[string]string) {
	paths := make([]string, 0, len(imports))
	for path := range imports {
		paths = append(paths, path)
	}
	sort.Strings(paths)
	spec := func(path string) string {
		if name := imports[path]; name != "" {
			return name + " " + strconv.Quote(path)
		}
		return strconv.Quote(path)
	}
	switch len(paths) {
	case 0:
	case 1:
		fmt.Fprintf(out, "import %s\n\n", spec(paths[0]))
	default:
		var specs []string
		for _, path := range paths {
			specs = append(specs, "\t"+spec(path)+"\n")
		}
		fmt.Fprintf(out, "import (\n%s)\n\n", strings.Join(specs, ""))
	}
}
