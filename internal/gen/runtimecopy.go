package gen

import (
	"bytes"
	"strconv"

	"github.com/authgen/authgen/internal/genid"
	"github.com/authgen/authgen/templates"
)

// The runtime's copy mode: for a team that wants no dependency at all,
// generate writes one copy of package authgenrt per output root (never one
// per client) and points every client there.

// RuntimeCopyDir is the directory, under an output root, of the runtime's
// copy.
const RuntimeCopyDir = "authgenrt"

// RuntimeCopy returns the files of the runtime's copy, each the runtime's
// own source under the generated-code header.
func RuntimeCopy() []File {
	var files []File
	for _, rf := range templates.RuntimeSource() {
		files = append(files, File{Name: rf.Name, Content: runtimeSource(rf, RuntimeCopyDir)})
	}
	return files
}

// UseRuntimeCopy points files at the runtime's copy at importPath instead
// of the module: it rewrites the runtime's import path in each file's
// import block. Spec text cannot hold the quoted path in code (every spec
// string is a Go literal, whose quotes would be escaped), and comments end
// before an import block begins, so only the import itself is rewritten.
func UseRuntimeCopy(files []File, importPath string) []File {
	from := []byte(strconv.Quote(genid.RuntimePath))
	to := []byte(strconv.Quote(importPath))
	out := make([]File, len(files))
	for i, f := range files {
		out[i] = f
		imports, ok := importBlock(f.Content)
		if !ok || !bytes.Contains(f.Content[imports[0]:imports[1]], from) {
			continue
		}
		var b bytes.Buffer
		b.Write(f.Content[:imports[0]])
		b.Write(bytes.ReplaceAll(f.Content[imports[0]:imports[1]], from, to))
		b.Write(f.Content[imports[1]:])
		out[i].Content = b.Bytes()
	}
	return out
}

// importBlock finds the import declarations of gofmt'd Go source: from the
// first line that starts with "import" to the end of its block (or line).
func importBlock(src []byte) ([2]int, bool) {
	start := bytes.Index(src, []byte("\nimport "))
	if start < 0 {
		return [2]int{}, false
	}
	start++
	rest := src[start:]
	if bytes.HasPrefix(rest, []byte("import (")) {
		end := bytes.Index(rest, []byte("\n)\n"))
		if end < 0 {
			return [2]int{}, false
		}
		return [2]int{start, start + end + 3}, true
	}
	end := bytes.IndexByte(rest, '\n')
	if end < 0 {
		end = len(rest)
	}
	return [2]int{start, start + end}, true
}
