// Package templates holds what authgen copies into what it writes: the
// client shell (client/, real Go: the part of a generated client that must
// live in the client's own package, over the imported runtime) and the
// starting spec of `authgen new` (new/). It also reads the runtime's
// source (module github.com/authgen/authgen/runtime) for generate's copy
// mode. The embedding file lives here because an embed directive cannot
// reach a parent directory.
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

	rtsource "github.com/authgen/authgen/runtime"
)

//go:embed client/*.go
var shellFS embed.FS

// NewSpec is the starting point `authgen new` writes, a text/template.
//
//go:embed new/spec.yaml.tmpl
var NewSpec string

// ShellPackage is the package name of the client shell's source;
// generated files carry the client's own name instead.
const ShellPackage = "client"

// RuntimeModule is the module generated clients import their runtime
// from, and RuntimeImport and FakeRuntimeImport its two packages.
const (
	RuntimeModule     = rtsource.Module
	RuntimeImport     = rtsource.Module + "/authgenrt"
	FakeRuntimeImport = rtsource.Module + "/authgenfake"
)

// FakeRuntimePackage is the package name of the fake provider's machinery.
const FakeRuntimePackage = "authgenfake"

// FakeRuntime returns the files of the fake provider's machinery, package
// authgenfake, tests excluded: for the type-check of generated fakes,
// which import it, and for generate's copy mode.
func FakeRuntime() []RuntimeFile {
	fakeOnce.Do(loadFake)
	return fakeFiles
}

// FakeRuntimeDecls returns the names package authgenfake declares, for the
// checks of the names generated fakes qualify with it.
func FakeRuntimeDecls() Decls {
	fakeOnce.Do(loadFake)
	return fakeDecls
}

var (
	fakeOnce  sync.Once
	fakeFiles []RuntimeFile
	fakeDecls Decls
)

func loadFake() {
	fakeDecls = newDecls()
	fakeFiles = mustRead(rtsource.Source, FakeRuntimePackage, &fakeDecls)
}

// RuntimeSource returns the files of package authgenrt, tests excluded,
// for generate's copy mode: one copy per output root, which every client
// there imports instead of the module.
func RuntimeSource() []RuntimeFile {
	rtOnce.Do(func() {
		rtDecls = newDecls()
		rtFiles = mustRead(rtsource.Source, "authgenrt", &rtDecls)
	})
	return rtFiles
}

var (
	rtOnce  sync.Once
	rtFiles []RuntimeFile
	rtDecls Decls
)

// RuntimeDecls returns the names package authgenrt declares, for the
// checks of the names generated code qualifies with it.
func RuntimeDecls() Decls {
	RuntimeSource()
	return rtDecls
}

// mustRead reads the .go files of dir in fsys, sorted by name, without
// tests and stub_*.go stand-ins; decls, when not nil, collects the names
// every file (stubs too) declares. A failure is a defect of the authgen
// build, not of any input, so it panics.
func mustRead(fsys embed.FS, dir string, decls *Decls) []RuntimeFile {
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		panic("templates: embedded " + dir + " missing: " + err.Error())
	}
	var files []RuntimeFile
	fset := token.NewFileSet()
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := fsys.ReadFile(dir + "/" + name)
		if err != nil {
			panic("templates: embedded " + dir + " unreadable: " + err.Error())
		}
		file, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
		if err != nil {
			panic("templates: embedded " + dir + " does not parse: " + err.Error())
		}
		if decls != nil {
			decls.add(file)
		}
		if strings.HasPrefix(name, "stub_") {
			continue // stands in for the generated half
		}
		rf, err := runtimeFile(name, src, fset.Position(file.Name.End()).Offset)
		if err != nil {
			panic("templates: " + err.Error())
		}
		files = append(files, rf)
	}
	sort.Slice(files, func(i, j int) bool { return files[i].Name < files[j].Name })
	return files
}

// featureDirective, on a runtime file's first line, names the feature
// without which a client does not need the file:
//
//	//authgen:feature oauth2
//
// A file without it goes into every client.
const featureDirective = "//authgen:feature "

// RuntimeFile is one file of the client shell or of a runtime package.
type RuntimeFile struct {
	Name string // base name, e.g. "retry.go"
	// Feature is what a client must use to need the file ("oauth2",
	// "form", "multipart"); "" for files every client needs.
	Feature string
	// Body is the source after the package clause: the imports and
	// declarations, ready to follow a generated header and package clause.
	Body []byte
}

// Shell returns the client shell's files, sorted by name: every .go file
// of client/ except tests and the stub_*.go stand-ins for the generated
// half.
func Shell() []RuntimeFile {
	shellOnce.Do(loadShell)
	return shellFiles
}

var (
	shellOnce  sync.Once
	shellFiles []RuntimeFile
	shellDecls Decls
)

func loadShell() {
	shellDecls = newDecls()
	shellFiles = mustRead(shellFS, ShellPackage, &shellDecls)
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

// Decls are the names the client shell declares, read from its source
// with go/parser: what generated code must not declare again, and what the
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

func newDecls() Decls {
	return Decls{Package: map[string]bool{}, Methods: map[string]map[string]bool{}, Fields: map[string]map[string]bool{}}
}

// ShellDecls returns the client shell's declared names.
func ShellDecls() Decls {
	shellOnce.Do(loadShell)
	return shellDecls
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
					if it, ok := s.Type.(*ast.InterfaceType); ok {
						// An interface's methods are the type's methods too:
						// what a generated type must implement.
						for _, m := range it.Methods.List {
							for _, n := range m.Names {
								if d.Methods[s.Name.Name] == nil {
									d.Methods[s.Name.Name] = map[string]bool{}
								}
								d.Methods[s.Name.Name][n.Name] = true
							}
						}
					}
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
