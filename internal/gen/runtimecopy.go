package gen

import (
	"bytes"
	"path"
	"strconv"

	"github.com/authgen/authgen/internal/genid"
	"github.com/authgen/authgen/templates"
)

// The runtime's copy mode: for a team that wants no dependency at all,
// generate writes one copy of the runtime's packages per output root
// (never one per client) and points every client and fake there.

// RuntimeCopyDir and FakeRuntimeCopyDir are the directories, under an
// output root, of the copies of authgenrt and authgenfake.
const (
	RuntimeCopyDir     = "authgenrt"
	FakeRuntimeCopyDir = "authgenfake"
)

// RuntimeCopy returns the files of the runtime's copy under an output root
// whose import path is rootImport, by directory: each package's own source
// under the generated-code header, authgenfake importing the copy of
// authgenrt.
func RuntimeCopy(rootImport string) map[string][]File {
	copies := map[string][]File{}
	for dir, src := range map[string][]templates.RuntimeFile{RuntimeCopyDir: templates.RuntimeSource(), FakeRuntimeCopyDir: templates.FakeRuntime()} {
		var files []File
		for _, rf := range src {
			files = append(files, File{Name: rf.Name, Content: runtimeSource(rf, dir)})
		}
		copies[dir] = UseRuntimeCopy(files, rootImport)
	}
	return copies
}

// UseRuntimeCopy points files at the runtime's copy under rootImport
// instead of the module: it rewrites the runtime's import paths in each
// file's import block. Spec text cannot hold a quoted path in code (every
// spec string is a Go literal, whose quotes would be escaped), and
// comments end before an import block begins, so only imports change.
func UseRuntimeCopy(files []File, rootImport string) []File {
	rewrites := []struct{ from, to []byte }{
		{[]byte(strconv.Quote(genid.RuntimePath)), []byte(strconv.Quote(path.Join(rootImport, RuntimeCopyDir)))},
		{[]byte(strconv.Quote(genid.FakeRuntimePath)), []byte(strconv.Quote(path.Join(rootImport, FakeRuntimeCopyDir)))},
	}
	out := make([]File, len(files))
	for i, f := range files {
		out[i] = f
		imports, ok := importBlock(f.Content)
		if !ok {
			continue
		}
		block := f.Content[imports[0]:imports[1]]
		changed := false
		for _, r := range rewrites {
			if bytes.Contains(block, r.from) {
				block = bytes.ReplaceAll(block, r.from, r.to)
				changed = true
			}
		}
		if !changed {
			continue
		}
		var b bytes.Buffer
		b.Write(f.Content[:imports[0]])
		b.Write(block)
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
