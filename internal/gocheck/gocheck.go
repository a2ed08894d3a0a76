// Package gocheck type-checks a generated package in memory with go/types:
// more than parsing (which misses two declarations of one name, a local
// that hides a helper, a method that meets a field), less than a build. The
// tests of every layer use it on every package they generate.
package gocheck

import (
	"errors"
	"fmt"
	"go/ast"
	"go/format"
	"go/importer"
	"go/parser"
	"go/token"
	"go/types"
	"sort"
	"strings"
	"sync"
)

// The standard library's export data, shared by every check: importing
// net/http once costs more than checking a client.
var (
	importMu  sync.Mutex
	stdImport = importer.Default()
)

// lockedImporter serialises the shared importer, which is not safe for
// concurrent use.
type lockedImporter struct{}

func (lockedImporter) Import(path string) (*types.Package, error) {
	importMu.Lock()
	defer importMu.Unlock()
	return stdImport.Import(path)
}

// Check parses and type-checks files (base name to content) as one
// package. Test files (_test.go) are checked with the rest, as the internal
// tests they are. Every problem found is in the error, one per line.
func Check(files map[string][]byte) error {
	_, err := check(files, true)
	return err
}

// Package type-checks the package's own files (not its tests) and returns
// it, for comparing two versions of its API.
func Package(files map[string][]byte) (*types.Package, error) {
	return check(files, false)
}

func check(files map[string][]byte, withTests bool) (*types.Package, error) {
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
		f, err := parser.ParseFile(fset, name, files[name], parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		parsed = append(parsed, f)
	}
	if len(parsed) == 0 {
		return nil, errors.New("no Go files")
	}
	var problems []string
	conf := types.Config{
		Importer: lockedImporter{},
		Error: func(err error) {
			if len(problems) < 20 {
				problems = append(problems, err.Error())
			}
		},
	}
	pkg, _ := conf.Check(parsed[0].Name.Name, fset, parsed, nil)
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
