package genid

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
	"testing"

	"github.com/authgen/authgen/templates"
)

// TestNamesExistInTheRuntime reads this package's own source and checks
// every constant against the declarations of the client shell and the
// runtime: a block commented "Names of the client shell..." must name
// package-level declarations of the shell, "Package-level names of the
// runtime..." exported ones of authgenrt, "Fields of T." fields of struct T
// (in either), "Methods of T." methods of T. Renaming an identifier
// without its constant fails here.
func TestNamesExistInTheRuntime(t *testing.T) {
	shell, runtime, fake := templates.ShellDecls(), templates.RuntimeDecls(), templates.FakeRuntimeDecls()
	var decls []ast.Decl
	for _, name := range []string{"genid.go", "fake.go"} {
		file, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		decls = append(decls, file.Decls...)
	}
	checked := 0
	for _, d := range decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.CONST {
			continue
		}
		comment := strings.TrimSpace(gd.Doc.Text())
		for _, spec := range gd.Specs {
			for i, name := range spec.(*ast.ValueSpec).Names {
				lit, ok := spec.(*ast.ValueSpec).Values[i].(*ast.BasicLit)
				if !ok {
					t.Fatalf("%s: not a string literal", name.Name)
				}
				value, _ := strconv.Unquote(lit.Value)
				checked++
				switch {
				case name.Name == "RuntimePath":
					if value != templates.RuntimeImport {
						t.Errorf("RuntimePath = %q, want the runtime module's package %q", value, templates.RuntimeImport)
					}
				case name.Name == "FakeRuntimePath":
					if value != templates.FakeRuntimeImport {
						t.Errorf("FakeRuntimePath = %q, want the runtime module's package %q", value, templates.FakeRuntimeImport)
					}
				case strings.HasPrefix(comment, "Package-level names of the fake runtime"):
					if !fake.Package[value] || !ast.IsExported(value) {
						t.Errorf("%s = %q: authgenfake exports no such package-level name", name.Name, value)
					}
				case strings.HasPrefix(comment, "Fields of authgenfake."):
					typ := strings.TrimSuffix(strings.TrimPrefix(comment, "Fields of authgenfake."), ".")
					if !fake.Fields[typ][value] {
						t.Errorf("%s = %q: authgenfake.%s has no such field", name.Name, value, typ)
					}
				case strings.HasPrefix(comment, "Methods of authgenfake."):
					typ, _, _ := strings.Cut(strings.TrimPrefix(comment, "Methods of authgenfake."), ",")
					typ = strings.TrimSuffix(typ, ".")
					if !fake.Methods[typ][value] {
						t.Errorf("%s = %q: authgenfake.%s has no such method", name.Name, value, typ)
					}
				case strings.HasPrefix(comment, "Names of the client shell"):
					if !shell.Package[value] {
						t.Errorf("%s = %q: the client shell declares no such package-level name", name.Name, value)
					}
				case strings.HasPrefix(comment, "Package-level names of the runtime"):
					if !runtime.Package[value] || !ast.IsExported(value) {
						t.Errorf("%s = %q: the runtime exports no such package-level name", name.Name, value)
					}
				case strings.HasPrefix(comment, "Fields of "):
					typ := strings.TrimSuffix(strings.TrimPrefix(comment, "Fields of "), ".")
					if !runtime.Fields[typ][value] && !shell.Fields[typ][value] {
						t.Errorf("%s = %q: type %s has no such field", name.Name, value, typ)
					}
				case strings.HasPrefix(comment, "Methods of "):
					typ, _, _ := strings.Cut(strings.TrimPrefix(comment, "Methods of "), ",")
					typ = strings.TrimSuffix(typ, ".")
					if !shell.Methods[typ][value] && !runtime.Methods[typ][value] {
						t.Errorf("%s = %q: type %s has no such method", name.Name, value, typ)
					}
				case strings.HasPrefix(comment, "Names the generated half declares"):
					if shell.Package[value] {
						t.Errorf("%s = %q: the runtime declares it too", name.Name, value)
					}
				default:
					t.Errorf("%s: its block's comment %q says neither where the name lives nor that it is generated", name.Name, comment)
				}
			}
		}
	}
	if checked < 100 {
		t.Errorf("checked %d names; the parse missed blocks", checked)
	}
}

// TestGeneratedNamesListed: GeneratedNames is the whole generated block.
func TestGeneratedNamesListed(t *testing.T) {
	want := map[string]bool{SecuritySchemesVar: true, GlobalSecurityVar: true, ErrorEnvelopeVar: true, ErrorCodesVar: true,
		DefaultRetryPolicyVar: true, DelayHeadersVar: true, RateLimitHeadersVar: true,
		WebhookSigningVar: true, NewWebhookVerifier: true, NewWebhookVerifierFromEnv: true}
	if len(GeneratedNames) != len(want) {
		t.Fatalf("GeneratedNames has %d names, want %d", len(GeneratedNames), len(want))
	}
	for _, n := range GeneratedNames {
		if !want[n] {
			t.Errorf("GeneratedNames has %q", n)
		}
	}
}
