package spec

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// TestDocsNameEveryKey checks the key table of docs/spec-format.md against
// the x-authgen structs: a key added to extension.go without a line in the
// docs fails here, and so does a documented key the grammar lacks.
func TestDocsNameEveryKey(t *testing.T) {
	md, err := os.ReadFile(filepath.Join("..", "..", "docs", "spec-format.md"))
	if err != nil {
		t.Fatal(err)
	}
	section := referenceSection(t, string(md))
	var rows []string
	for _, line := range strings.Split(section, "\n") {
		if strings.HasPrefix(line, "| `") {
			rows = append(rows, line)
		}
	}
	paths := map[string]bool{}
	// A key of a shared definition (pageRule, timeHeader) is documented
	// once, under any of the places it is used.
	shared := map[string]bool{}
	var missing []grammarKey
	for _, k := range grammarPaths(reflect.TypeFor[extension](), "", "") {
		paths[k.path] = true
		if documented(k, rows) {
			shared[k.def+"."+k.key] = k.def != ""
		} else {
			missing = append(missing, k)
		}
	}
	for _, k := range missing {
		if !shared[k.def+"."+k.key] {
			t.Errorf("docs/spec-format.md, x-authgen reference: no row names %s", k.path)
		}
	}
	// Each row's first code span is a key path the grammar has.
	first := regexp.MustCompile("^\\| `([^`]+)`")
	for _, row := range rows {
		p := strings.TrimSuffix(strings.TrimSuffix(placeholders.ReplaceAllString(first.FindStringSubmatch(row)[1], "<>"), "[]"), ".<>")
		if !paths[p] {
			t.Errorf("docs/spec-format.md, x-authgen reference: %q is no key of the grammar", p)
		}
	}
}

// placeholders are the <scheme>, <name>, <operationId> of a path.
var placeholders = regexp.MustCompile(`<[A-Za-z]+>`)

func referenceSection(t *testing.T, md string) string {
	t.Helper()
	const head = "## `x-authgen` reference\n"
	i := strings.Index(md, head)
	if i < 0 {
		t.Fatal("docs/spec-format.md has no x-authgen reference section")
	}
	s := md[i+len(head):]
	if j := strings.Index(s, "\n## "); j >= 0 {
		s = s[:j]
	}
	return placeholders.ReplaceAllString(s, "<>")
}

// grammarKey is a key's path as the docs write it (errors.codes[].status,
// credentials.<>.env), its parent's path, its own name, and the shared
// definition it belongs to, if any.
type grammarKey struct{ path, parent, key, def string }

// grammarPaths lists the keys of struct type t under prefix, depth first.
func grammarPaths(t reflect.Type, prefix, parent string) []grammarKey {
	var out []grammarKey
	opts, _ := typeOptions(t)
	for _, f := range keysOf(t) {
		path := prefix + f.key
		out = append(out, grammarKey{path: path, parent: parent, key: f.key, def: opts.defName})
		ft := t.Field(f.index).Type
		if ft.Kind() == reflect.Pointer {
			ft = ft.Elem()
		}
		switch {
		case ft.Kind() == reflect.Slice && f.opts.want != "":
			if i, _ := fieldWith(ft.Elem(), func(o tagOptions) bool { return o.value }); i < 0 {
				out = append(out, grammarPaths(ft.Elem(), path+".<>.", path+".<>")...)
			}
		case ft.Kind() == reflect.Slice && ft.Elem().Kind() == reflect.Struct:
			out = append(out, grammarPaths(ft.Elem(), path+"[].", path+"[]")...)
		case ft.Kind() == reflect.Struct && ft != durationType:
			out = append(out, grammarPaths(ft, path+".", path)...)
		}
	}
	return out
}

// documented reports whether a row names the key: by its whole path, or,
// in a row about its parent, by its name (`.key`, `key`, {key, ...}).
func documented(k grammarKey, rows []string) bool {
	for _, row := range rows {
		if regexp.MustCompile("`" + regexp.QuoteMeta(k.path) + "(`|\\[|\\.| )").MatchString(row) {
			return true
		}
	}
	if k.parent == "" {
		return false
	}
	own := regexp.MustCompile("(`\\.?|[{,] ?)" + regexp.QuoteMeta(k.key) + "[`,}:\\[]")
	parentKey := k.parent[strings.LastIndex(k.parent, ".")+1:]
	for _, row := range rows {
		cells := strings.Split(row, "|")
		aboutParent := strings.Contains(cells[1], "`"+k.parent) || strings.Contains(row, "`."+parentKey)
		if aboutParent && own.MatchString(row) {
			return true
		}
	}
	return false
}
