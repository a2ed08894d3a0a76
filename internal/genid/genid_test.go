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
// every constant against the runtime's declarations: a block commented
// "Package-level names of the runtime..." must name package-level
// declarations, "Fields of T." fields of struct T, "Methods of T." methods
// of T. Renaming a runtime identifier without its constant fails here.
func TestNamesExistInTheRuntime(t *testing.T) {
	decls := templates.RuntimeDecls()
	file, err := parser.ParseFile(token.NewFileSet(), "genid.go", nil, parser.ParseComments)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, d := range file.Decls {
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
				case strings.HasPrefix(comment, "Package-level names of the runtime"):
					if !decls.Package[value] {
						t.Errorf("%s = %q: the runtime declares no such package-level name", name.Name, value)
					}
				case strings.HasPrefix(comment, "Fields of "):
					typ := strings.TrimSuffix(strings.TrimPrefix(comment, "Fields of "), ".")
					if !decls.Fields[typ][value] {
						t.Errorf("%s = %q: runtime type %s has no such field", name.Name, value, typ)
					}
				case strings.HasPrefix(comment, "Methods of "):
					typ := strings.TrimSuffix(strings.TrimPrefix(comment, "Methods of "), ".")
					if !decls.Methods[typ][value] {
						t.Errorf("%s = %q: runtime type %s has no such method", name.Name, value, typ)
					}
				case strings.HasPrefix(comment, "Names the generated half declares"):
					if decls.Package[value] {
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
