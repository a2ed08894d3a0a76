package spec

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

func TestLocalFileRefs(t *testing.T) {
	dir := t.TempDir()
	main := `openapi: 3.0.3
info: {title: Split, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: Things.
          content:
            application/json:
              schema: {$ref: "schemas.yaml#/components/schemas/Thing"}
`
	schemas := `components:
  schemas:
    Thing:
      type: object
      required: [id]
      properties:
        id: {type: string}
`
	if err := os.WriteFile(filepath.Join(dir, "main.yaml"), []byte(main), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "schemas.yaml"), []byte(schemas), 0o644); err != nil {
		t.Fatal(err)
	}
	p, _, err := Load(filepath.Join(dir, "main.yaml"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Operations) != 1 || p.Operations[0].Response == nil {
		t.Fatalf("operations = %+v", p.Operations)
	}
	found := false
	for _, m := range p.Models {
		if s, ok := m.(*StructModel); ok && len(s.Fields) == 1 && s.Fields[0].GoName == "ID" {
			found = true
		}
	}
	if !found {
		t.Errorf("the referenced schema did not become a model: %+v", p.Models)
	}
}

// TestRefsReadOnlyRegularFilesInsideTheSpecsFolder is issue 10's "$ref
// reads any local file": absolute paths, ../ out of the spec's folder,
// /dev/zero (memory without end), a FIFO (hangs), and lint echoing the
// start of what it read (a token from a dotfile).
func TestRefsReadOnlyRegularFilesInsideTheSpecsFolder(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "specs")
	if err := os.MkdirAll(filepath.Join(dir, "sub"), 0o755); err != nil {
		t.Fatal(err)
	}
	write := func(path, content string) {
		t.Helper()
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	const token = "TOKEN-abc123-do-not-print"
	write(filepath.Join(root, "outside.yaml"), "components: {schemas: {Thing: {type: string}}}\n")
	write(filepath.Join(dir, ".secrets.yaml"), "token: "+token+"\n")
	write(filepath.Join(dir, "notes.yaml"), token+": [unclosed\n")
	write(filepath.Join(dir, "sub", "good.yaml"), "components: {schemas: {Thing: {type: string}}}\n")
	if err := os.Symlink("/dev/zero", filepath.Join(dir, "zero.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(root, "outside.yaml"), filepath.Join(dir, "link.yaml")); err != nil {
		t.Fatal(err)
	}
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.yaml"), 0o644); err != nil {
		t.Fatal(err)
	}
	spec := func(ref string) []byte {
		return []byte(`openapi: 3.0.3
info: {title: Refs, version: "1"}
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: Things.
          content:
            application/json:
              schema: {$ref: "` + ref + `#/components/schemas/Thing"}
`)
	}
	for ref, want := range map[string]string{
		"/etc/passwd":                       "not a .yaml, .yml or .json file",
		"../outside.yaml":                   "outside the spec's folder",
		filepath.Join(root, "outside.yaml"): "outside the spec's folder",
		"link.yaml":                         "a link to a file outside the spec's folder",
		"zero.yaml":                         "a link to a file outside the spec's folder",
		"pipe.yaml":                         "not a regular file",
		".secrets.yaml":                     "a hidden file",
		"notes.yaml":                        "",
		"sub/good.yaml":                     "-",
	} {
		t.Run(ref, func(t *testing.T) {
			done := make(chan struct{})
			var err error
			go func() {
				defer close(done)
				_, _, err = LoadData(filepath.Join(dir, "refs.yaml"), spec(ref), Options{Package: "refs"})
			}()
			select {
			case <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("loading hangs")
			}
			switch {
			case want == "-":
				if err != nil {
					t.Errorf("a file beside the spec: %v", err)
				}
				return
			case err == nil:
				t.Fatal("loaded")
			case !strings.Contains(err.Error(), want):
				t.Errorf("err = %v, want %q", err, want)
			}
			if strings.Contains(err.Error(), token) {
				t.Errorf("the message echoes the file's content: %v", err)
			}
		})
	}
}
