// Package templates holds what authgen copies into generated code or
// scaffolds as it is: the client runtime (real, tested Go under
// clientruntime/) and the starting spec of `authgen new`. The embedding file
// lives here because an embed directive cannot reach a parent directory.
package templates

import (
	"embed"
	"io/fs"
	"sort"
	"strings"
)

//go:embed clientruntime/*.go
var runtimeFS embed.FS

// NewSpec is the starting point `authgen new` writes, a text/template.
//
//go:embed new/spec.yaml.tmpl
var NewSpec string

// RuntimeFile is one file of the client runtime.
type RuntimeFile struct {
	Name   string // base name, e.g. "retry.go"
	Source []byte
}

// Runtime returns the runtime files that go into every generated client,
// sorted by name: every .go file of clientruntime except tests and the
// stub_*.go stand-ins for the generated half.
func Runtime() []RuntimeFile {
	entries, err := fs.ReadDir(runtimeFS, "clientruntime")
	if err != nil {
		panic("templates: embedded runtime missing: " + err.Error()) // a build defect, not input
	}
	var out []RuntimeFile
	for _, e := range entries {
		name := e.Name()
		if strings.HasSuffix(name, "_test.go") || strings.HasPrefix(name, "stub_") {
			continue
		}
		src, err := runtimeFS.ReadFile("clientruntime/" + name)
		if err != nil {
			panic("templates: embedded runtime unreadable: " + err.Error())
		}
		out = append(out, RuntimeFile{Name: name, Source: src})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
