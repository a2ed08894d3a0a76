// Package gocheck type-checks a generated package in memory with go/types:
// more than parsing (which misses two declarations of one name, a local
// that hides a helper, a method that meets a field), less than a build. The
// tests of every layer use it on every package they generate.
package gocheck

import (
	"bytes"
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/authgen/authgen/templates"
)

// The standard library's export data, shared by every check: importing
// net/http once costs more than checking a client, and one importer keeps
// the types of both versions apidiff compares the same objects.
var (
	importMu  sync.Mutex
	stdImport = importer.ForCompiler(token.NewFileSet(), "gc", exportData)
	// exportFiles maps an import path to its export data file, found with
	// one `go list -export` for all the packages a check imports: the
	// default lookup runs the go command once per package, which made a
	// first check of a client cost over a second.
	exportFiles = map[string]string{}
)

// lockedImporter serialises the shared importer, which is not safe for
// concurrent use.
type lockedImporter struct{}

func (lockedImporter) Import(path string) (*types.Package, error) {
	switch path {
	case templates.RuntimeImport:
		return runtimePackage()
	case templates.FakeRuntimeImport:
		return fakeRuntimePackage()
	}
	importMu.Lock()
	defer importMu.Unlock()
	return stdImport.Import(path)
}

// runtimePackage is the runtime generated clients import, type-checked
// once from the source authgen embeds: the runtime of authgen's own
// release, wherever the check runs (a consumer's diff has no go.mod that
// resolves it, and needs none).
var runtimePackage = sync.OnceValues(func() (*types.Package, error) {
	return sourcePackage(templates.RuntimeImport, "authgenrt", templates.RuntimeSource())
})

// fakeRuntimePackage is the fake runtime generated fakes import, from the
// source authgen embeds, as runtimePackage.
var fakeRuntimePackage = sync.OnceValues(func() (*types.Package, error) {
	return sourcePackage(templates.FakeRuntimeImport, templates.FakeRuntimePackage, templates.FakeRuntime())
})

// sourcePackage type-checks the declarations of a runtime package from
// its source.
func sourcePackage(path, name string, source []templates.RuntimeFile) (*types.Package, error) {
	fset := token.NewFileSet()
	var files []*ast.File
	var imports []string
	for _, rf := range source {
		src := append([]byte("package "+name), rf.Body...)
		f, err := parser.ParseFile(fset, rf.Name, src, parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("the runtime's %s: %w", rf.Name, err)
		}
		files = append(files, f)
		for _, imp := range f.Imports {
			if path, err := strconv.Unquote(imp.Path.Value); err == nil {
				imports = append(imports, path)
			}
		}
	}
	importMu.Lock()
	err := findExportData(imports)
	importMu.Unlock()
	if err != nil {
		return nil, err
	}
	conf := types.Config{Importer: lockedImporter{}, IgnoreFuncBodies: true}
	pkg, err := conf.Check(path, fset, files, nil)
	if err != nil {
		return nil, fmt.Errorf("the runtime package %s does not type-check: %w", name, err)
	}
	return pkg, nil
}

// findExportData looks up, with one go command, the export data of the
// paths not looked up yet. Called with importMu held.
func findExportData(paths []string) error {
	var missing []string
	for _, p := range paths {
		if p == templates.RuntimeImport || p == templates.FakeRuntimeImport {
			continue // type-checked from source: runtimePackage, fakeRuntimePackage
		}
		if _, ok := exportFiles[p]; !ok {
			missing = append(missing, p)
		}
	}
	if len(missing) == 0 {
		return nil
	}
	sort.Strings(missing)
	cmd := exec.Command("go", append([]string{"list", "-export", "-f", "{{.ImportPath}}\t{{.Export}}"}, missing...)...)
	cmd.Dir = os.TempDir() // the standard library, whatever module the caller is in
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return fmt.Errorf("go list -export %s: %v: %s", strings.Join(missing, " "), err, bytes.TrimSpace(stderr.Bytes()))
	}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, file, ok := strings.Cut(line, "\t")
		if ok && file != "" {
			exportFiles[path] = file
		}
	}
	return nil
}

// exportData is the importer's lookup: the export data file of path,
// found beforehand by findExportData (or now, for a path it did not
// know). Called with importMu held, by the importer.
func exportData(path string) (io.ReadCloser, error) {
	if err := findExportData([]string{path}); err != nil {
		return nil, err
	}
	file, ok := exportFiles[path]
	if !ok {
		return nil, fmt.Errorf("no export data for %q", path)
	}
	return os.Open(file)
}

// Check parses and type-checks files (base name to content) as one
// package. Test files (_test.go) are checked with the rest, as the internal
// tests they are. Every problem found is in the error, one per line.
func Check(files map[string][]byte) error {
	_, err := check("", files, true, lockedImporter{})
	return err
}

// Package type-checks the package's own files (not its tests) and returns
// it, for comparing two versions of its API. Function bodies are not
// checked: the API is in the declarations, and the bodies are most of the
// work (Stripe's whole package: 1 s with them).
func Package(files map[string][]byte) (*types.Package, error) {
	return check("", files, false, lockedImporter{})
}

// check type-checks files as the package at path (its name, when path is
// ""), importing with imp.
func check(path string, files map[string][]byte, withTests bool, imp types.Importer) (*types.Package, error) {
	apiOnly := !withTests
	fset := token.NewFileSet()
	names := make([]string, 0, len(files))
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	var parsed []*ast.File
	for _, name := range names {
		if !strings.HasSuffix(name, ".go") || !withTests && strings.HasSuffix(name, "_test.go") {
			continue
		}
		// Comments say nothing to the type checker, and a generated
		// package is a third comments: leaving them out is a third less
		// to parse and hold.
		f, err := parser.ParseFile(fset, name, files[name], parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		parsed = append(parsed, f)
	}
	if len(parsed) == 0 {
		return nil, errors.New("no Go files")
	}
	var imports []string
	for _, f := range parsed {
		for _, spec := range f.Imports {
			if path, err := strconv.Unquote(spec.Path.Value); err == nil && !held(imp, path) {
				imports = append(imports, path)
			}
		}
	}
	importMu.Lock()
	err := findExportData(imports)
	importMu.Unlock()
	if err != nil {
		return nil, err
	}
	var problems []string
	conf := types.Config{
		Importer:         imp,
		IgnoreFuncBodies: apiOnly,
		Error: func(err error) {
			if len(problems) < 20 {
				problems = append(problems, err.Error())
			}
		},
	}
	if path == "" {
		path = parsed[0].Name.Name
	}
	pkg, _ := conf.Check(path, fset, parsed, nil)
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "\n"))
	}
	return pkg, nil
}

// Formatted reports the files that gofmt would change.
func Formatted(files map[string][]byte) error {
	var bad []string
	for name, content := range files {
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		out, err := format.Source(content)
		if err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if string(out) != string(content) {
			bad = append(bad, name)
		}
	}
	if len(bad) > 0 {
		sort.Strings(bad)
		return fmt.Errorf("not gofmt-clean: %s", strings.Join(bad, ", "))
	}
	return nil
}

// ScratchGoMod is the go.mod of a scratch module named module in which
// generated clients build: it requires the runtime and points it at this
// checkout's copy, found from the working directory up. For tests that
// compile what they generate.
func ScratchGoMod(module string) (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "runtime", "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no runtime/go.mod above the working directory")
		}
		dir = parent
	}
	return fmt.Sprintf("module %s\n\ngo 1.24\n\nrequire %s v0.1.0\n\nreplace %s => %s\n",
		module, templates.RuntimeModule, templates.RuntimeModule, filepath.Join(dir, "runtime")), nil
}
