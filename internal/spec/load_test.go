package spec

import (
	"fmt"
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

// TestDocumentEdgeCases are issue 17's loader defects, one subtest each.
func TestDocumentEdgeCases(t *testing.T) {
	const minimal = "openapi: 3.0.3\ninfo: {title: Edge, version: \"1\"}\npaths: {}\nx-authgen: {package: edge}\n"
	t.Run("a UTF-8 byte-order mark", func(t *testing.T) {
		if _, _, err := LoadData("bom.yaml", append([]byte("\xef\xbb\xbf"), minimal...), Options{}); err != nil {
			t.Errorf("a document starting with a BOM: %v", err)
		}
	})
	t.Run("a required property missing from properties", func(t *testing.T) {
		spec := "openapi: 3.0.3\ninfo: {title: Edge, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    Thing:\n      type: object\n      required: [id, name]\n      properties:\n        id: {type: string}\nx-authgen: {package: edge}\n"
		p, warnings, err := LoadData("req.yaml", []byte(spec), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if len(warnings) != 1 || !strings.Contains(warnings[0].Message, `required property "name" is not in properties`) {
			t.Errorf("warnings = %v", warnings)
		}
		thing := p.Models[0].(*StructModel)
		if len(thing.Fields) != 2 || thing.Fields[1].Name != "name" || thing.Fields[1].Type != Any || thing.Fields[1].Optional {
			t.Errorf("fields = %+v; want name as a required field of type any", thing.Fields)
		}
	})
	t.Run("20,000 enum values that meet in one Go name", func(t *testing.T) {
		var b strings.Builder
		b.WriteString("openapi: 3.0.3\ninfo: {title: Edge, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    E:\n      type: string\n      enum:\n")
		seps := []string{"-", "_", ".", " "}
		n := 0
		var gen func(prefix string, depth int)
		gen = func(prefix string, depth int) {
			for _, s := range seps {
				if n == 20000 {
					return
				}
				v := prefix + s
				fmt.Fprintf(&b, "        - %q\n", "a"+v+"b")
				n++
				if depth < 8 {
					gen(v, depth+1)
				}
			}
		}
		gen("", 1)
		b.WriteString("x-authgen: {package: edge}\n")
		p, _, err := LoadData("enum.yaml", []byte(b.String()), Options{})
		if err != nil {
			t.Fatal(err)
		}
		e := p.Models[0].(*EnumModel)
		seen := map[string]bool{}
		for _, v := range e.Values {
			seen[v.GoName] = true
		}
		if len(e.Values) != 20000 || len(seen) != 20000 || e.Values[0].GoName != "EAB" || e.Values[19999].GoName != "EAB20000" {
			t.Errorf("%d values, %d names, first %s, last %s", len(e.Values), len(seen), e.Values[0].GoName, e.Values[len(e.Values)-1].GoName)
		}
	})
}

// BenchmarkEnumValuesThatMeet: issue 17 measured 56 s for 20,000 values
// meeting in one Go name, from a quadratic search for a free number.
func BenchmarkEnumValuesThatMeet(b *testing.B) {
	r := newRegistry()
	for b.Loop() {
		r.claim("EAB", "bench")
	}
}

// TestPositionsPointAtTheValue is issue 17's "Lint positions point one
// level too high": at the scheme's name instead of its bad type, at get:
// instead of the duplicate operationId, at security: instead of the entry
// naming the undefined scheme (bad specs 06, 07 and 25 pin the last two).
func TestPositionsPointAtTheValue(t *testing.T) {
	spec := `openapi: 3.0.3
info: {title: Pos, version: "1"}
paths:
  /a:
    get:
      operationId: getA
      security: [{tls: []}, {digest: []}]
      responses: {"204": {description: OK}}
components:
  securitySchemes:
    digest:
      type: http
      scheme: digest
    tls:
      description: Client certificates.
      type: mutualTLS
x-authgen:
  package: pos
  credentials:
    tls: {env: POS_CERT}
`
	_, warnings, err := LoadData("pos.yaml", []byte(spec), Options{})
	if err != nil {
		t.Fatal(err)
	}
	// And a scheme left out is not "not defined" where it is used (issue 17).
	want := map[string]int{`"digest"`: 13, `"tls"`: 16}
	for _, w := range warnings {
		for name, line := range want {
			if strings.Contains(w.Message, "security scheme "+name+" is left out") && w.Pos.Line != line {
				t.Errorf("%s: at line %d, want %d (the unsupported value)", w.Message, w.Pos.Line, line)
			}
		}
	}
	if len(warnings) < 2 {
		t.Errorf("warnings = %v", warnings)
	}
	for _, w := range warnings {
		if strings.Contains(w.Message, "not defined") || strings.Contains(w.Message, "no security scheme") {
			t.Errorf("a left-out scheme is reported as undefined: %s", w)
		}
	}
}

// TestUnsupportedFeaturesWarn: what the client cannot send as declared is
// said, at its position, never silently changed (docs/openapi-features.md).
func TestUnsupportedFeaturesWarn(t *testing.T) {
	spec := `openapi: 3.0.3
info: {title: Feat, version: "1"}
paths:
  /a/{id}:
    get:
      operationId: getA
      parameters:
        - {name: id, in: path, required: true, style: label, schema: {type: string}}
        - {name: m, in: query, style: matrix, schema: {type: string}}
        - {name: h, in: header, style: form, schema: {type: string}}
      responses: {"204": {description: OK}}
x-authgen: {package: feat}
`
	p, warnings, err := LoadData("feat.yaml", []byte(spec), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var lines []int
	for _, w := range warnings {
		if strings.Contains(w.Message, "is not supported in") {
			lines = append(lines, w.Pos.Line)
		}
	}
	if fmt.Sprint(lines) != "[8 9 10]" {
		t.Errorf("style warnings at lines %v, want [8 9 10]: %v", lines, warnings)
	}
	op := p.Operations[0]
	if op.PathParams[0].Style != StyleSimple || op.QueryParams[0].Style != StyleForm || op.HeaderParams[0].Style != StyleSimple {
		t.Errorf("styles = %v %v %v, want the defaults", op.PathParams[0].Style, op.QueryParams[0].Style, op.HeaderParams[0].Style)
	}
}

// TestFormatSuggestionsKeepTheScale is issue 17's "lint's 'did you mean
// milliseconds?' for an unknown format would make it 1000x worse".
func TestFormatSuggestionsKeepTheScale(t *testing.T) {
	for format, want := range map[string]string{
		"second":        `did you mean "seconds"?`,
		"millisecond":   `did you mean "milliseconds"?`,
		"secondz":       `did you mean "seconds"?`,
		"milliseconds2": `did you mean "milliseconds"?`,
		"fractional":    "",
		"mseconds":      "",
		"seconds-ms":    "",
	} {
		spec := "openapi: 3.0.3\ninfo: {title: S, version: \"1\"}\npaths: {}\nx-authgen:\n  package: s\n  retry:\n    delayHeaders: [{name: Retry-After, format: " + format + "}]\n"
		_, _, err := LoadData("s.yaml", []byte(spec), Options{})
		if err == nil {
			t.Fatalf("%s: loaded", format)
		}
		got := err.Error()
		if want == "" && strings.Contains(got, "did you mean") || want != "" && !strings.Contains(got, want) {
			t.Errorf("format %q: %s; want %q", format, got, want)
		}
	}
}
