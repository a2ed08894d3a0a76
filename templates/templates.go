// Package templates holds what authgen copies into generated code or
// scaffolds as it is: the client runtime (real, tested Go under
// clientruntime/) and the starting spec of `authgen new`. The embedding file
// lives here because an embed directive cannot reach a parent directory.
package templates

import (
	"bytes"
	"embed"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"sort"
	"strings"
	"sync"
)

//go:embed clientruntime/*.go
var runtimeFS embed.FS

//go:embed fakeruntime/*.go
var fakeFS embed.FS

// FakeRuntimePackage is the package name of the fake provider's machinery.
const FakeRuntimePackage = "fakeruntime"

// FakeRuntime returns the files of the fake provider's machinery, every
// .go file of fakeruntime except tests and stubs.
func FakeRuntime() []RuntimeFile {
	fakeOnce.Do(func() {
		entries, err := fs.ReadDir(fakeFS, FakeRuntimePackage)
		if err != nil {
			panic("templates: embedded fake runtime missing: " + err.Error())
		}
		fset := token.NewFileSet()
		for _, e := range entries {
			name := e.Name()
			if strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, "stub_") {
				continue
			}
			src, err := fakeFS.ReadFile(FakeRuntimePackage + "/" + name)
			if err != nil {
				panic("templates: embedded fake runtime unreadable: " + err.Error())
			}
			file, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution|parser.PackageClauseOnly)
			if err != nil {
				panic("templates: embedded fake runtime does not parse: " + err.Error())
			}
			rf, err := runtimeFile(name, src, fset.Position(file.Name.End()).Offset)
			if err != nil {
				panic("templates: " + err.Error())
			}
			fakeFiles = append(fakeFiles, rf)
		}
		sort.Slice(fakeFiles, func(i, j int) bool { return fakeFiles[i].Name < fakeFiles[j].Name })
	})
	return fakeFiles
}

var (
	fakeOnce  sync.Once
	fakeFiles []RuntimeFile
)

// NewSpec is the starting point `authgen new` writes, a text/template.
//
//go:embed new/spec.yaml.tmpl
var NewSpec string

// RuntimePackage is the package name of the runtime's source; generated
// files carry the client's own name instead.
const RuntimePackage = "clientruntime"

// featureDirective, on a runtime file's first line, names the feature
// without which a client does not need the file:
//
//	//authgen:feature oauth2
//
// A file without it goes into every client.
const featureDirective = "//authgen:feature "

// RuntimeFile is one file of the client runtime.
type RuntimeFile struct {
	Name string // base name, e.g. "retry.go"
	// Feature is what a client must use to need the file ("oauth2",
	// "form", "multipart"); "" for files every client needs.
	Feature string
	// Body is the source after the package clause: the imports and
	// declarations, ready to follow a generated header and package clause.
	Body []byte
}

// Runtime returns the runtime files, sorted by name: every .go file of
// clientruntime except tests and the stub_*.go stand-ins for the generated
// half.
func Runtime() []RuntimeFile {
	runtimeOnce.Do(loadRuntime)
	return runtimeFiles
}

var (
	runtimeOnce  sync.Once
	runtimeFiles []RuntimeFile
	runtimeDecls Decls
)

// loadRuntime reads the embedded runtime once. A failure is a defect of the
// authgen build, not of any input, so it panics.
func loadRuntime() {
	entries, err := fs.ReadDir(runtimeFS, RuntimePackage)
	if err != nil {
		panic("templates: embedded runtime missing: " + err.Error())
	}
	runtimeDecls = Decls{Package: map[string]bool{}, Methods: map[string]map[string]bool{}, Fields: map[string]map[string]bool{}}
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := runtimeFS.ReadFile(RuntimePackage + "/" + name)
		if err != nil {
			panic("templates: embedded runtime unreadable: " + err.Error())
		}
		file, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			panic("templates: embedded runtime does not parse: " + err.Error())
		}
		runtimeDecls.add(file)
		if strings.HasPrefix(name, "stub_") {
			continue // stands in for the generated half
		}
		rf, err := runtimeFile(name, src, fset.Position(file.Name.End()).Offset)
		if err != nil {
			panic("templates: " + err.Error())
		}
		runtimeFiles = append(runtimeFiles, rf)
	}
	sort.Slice(runtimeFiles, func(i, j int) bool { return runtimeFiles[i].Name < runtimeFiles[j].Name })
}

// runtimeFile splits a runtime file at the end of its package clause,
// dropping the package documentation (the generated package documents
// itself) and reading the feature directive.
func runtimeFile(name string, src []byte, clauseEnd int) (RuntimeFile, error) {
	rf := RuntimeFile{Name: name, Body: src[clauseEnd:]}
	first, _, _ := bytes.Cut(src, []byte("\n"))
	if f, ok := strings.CutPrefix(string(first), featureDirective); ok {
		rf.Feature = strings.TrimSpace(f)
		if rf.Feature == "" {
			return rf, fmt.Errorf("%s: %s names no feature", name, strings.TrimSpace(featureDirective))
		}
	}
	return rf, nil
}

// Decls are the names the runtime declares, read from its source with
// go/parser: what generated code must not declare again, and what the
// generator may refer to.
type Decls struct {
	// Package holds every package-level name: types, functions,
	// variables and constants, exported or not. The stub_*.go stand-ins
	// count too: their names are the generated half's.
	Package map[string]bool
	// Methods holds, per receiver type name, its methods.
	Methods map[string]map[string]bool
	// Fields holds, per struct type name, its field names.
	Fields map[string]map[string]bool
}

// RuntimeDecls returns the runtime's declared names.
func RuntimeDecls() Decls {
	runtimeOnce.Do(loadRuntime)
	return runtimeDecls
}

func (d *Decls) add(file *ast.File) {
	for _, decl := range file.Decls {
		switch x := decl.(type) {
		case *ast.FuncDecl:
			if x.Recv == nil || len(x.Recv.List) == 0 {
				d.Package[x.Name.Name] = true
				continue
			}
			recv := receiverName(x.Recv.List[0].Type)
			if d.Methods[recv] == nil {
				d.Methods[recv] = map[string]bool{}
			}
			d.Methods[recv][x.Name.Name] = true
		case *ast.GenDecl:
			for _, spec := range x.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					d.Package[s.Name.Name] = true
					if st, ok := s.Type.(*ast.StructType); ok {
						fields := map[string]bool{}
						for _, f := range st.Fields.List {
							for _, n := range f.Names {
								fields[n.Name] = true
							}
							if len(f.Names) == 0 { // embedded: named by its type
								fields[receiverName(f.Type)] = true
							}
						}
						d.Fields[s.Name.Name] = fields
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						d.Package[n.Name] = true
					}
				}
			}
		}
	}
}

func receiverName(expr ast.Expr) string {
	switch x := expr.(type) {
	case *ast.StarExpr:
		return receiverName(x.X)
	case *ast.Ident:
		return x.Name
	}
	return ""
}
