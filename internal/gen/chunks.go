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
// overhead does not show.
const modelsPerChunk = 250

// renderModels renders models.go. A large one (Stripe's is 120,000 lines)
// is most of generation, and gofmt of one file runs on one core and holds
// the whole file's syntax tree; so its models are rendered in chunks, as
// many at once as there are cores, and the formatted chunks joined.
// gofmt formats each top-level declaration on its own, and declarations
// are set apart by a blank line, so the join is byte for byte the file
// one render would give (TestChunkedModelsAreOneRender); only the import
// block is the union of the chunks'.
func renderModels(p *spec.Provider, chunks int) ([]byte, error) {
	if chunks <= 0 {
		chunks = (len(p.Models) + modelsPerChunk - 1) / modelsPerChunk
	}
	if chunks <= 1 || len(p.Models) < chunks {
		return renderFile(p, genModels)
	}
	parts := make([][]byte, chunks)
	errs := make([]error, chunks)
	var wg sync.WaitGroup
	slots := make(chan struct{}, runtime.GOMAXPROCS(0))
	size := (len(p.Models) + chunks - 1) / chunks
	for i := range chunks {
		models := p.Models[min(i*size, len(p.Models)):min((i+1)*size, len(p.Models))]
		wg.Add(1)
		slots <- struct{}{}
		go func() {
			defer func() { <-slots; wg.Done() }()
			parts[i], errs[i] = renderFile(p, func(_ *spec.Provider, f *jen.File) { genModelList(models, f) })
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
			return nil, fmt.Errorf("generating models.go for %s: chunk %d: %w", p.Package, i, err)
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
