package gen

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

// TestExportedIdentifiersAreDocumented: every exported type, function,
// method, field, constant and variable of a generated client carries a doc
// comment (a constant or variable may share its group's).
func TestExportedIdentifiersAreDocumented(t *testing.T) {
	for name, c := range goldenCases(t) {
		for _, f := range generate(t, c.spec) {
			if strings.HasSuffix(f.Name, "_test.go") {
				continue
			}
			file, err := parser.ParseFile(token.NewFileSet(), f.Name, f.Content, parser.ParseComments)
			if err != nil {
				t.Fatal(err)
			}
			missing := undocumented(file)
			for _, m := range missing {
				t.Errorf("%s/%s: %s has no doc comment", name, f.Name, m)
			}
		}
	}
}

func undocumented(file *ast.File) []string {
	var out []string
	hasDoc := func(g *ast.CommentGroup) bool { return g != nil && strings.TrimSpace(g.Text()) != "" }
	for _, decl := range file.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Name.IsExported() && !hasDoc(d.Doc) && (d.Recv == nil || receiverExported(d.Recv)) {
				out = append(out, "func "+d.Name.Name)
			}
		case *ast.GenDecl:
			for _, spec := range d.Specs {
				switch s := spec.(type) {
				case *ast.TypeSpec:
					if !s.Name.IsExported() {
						continue
					}
					if !hasDoc(s.Doc) && !hasDoc(d.Doc) {
						out = append(out, "type "+s.Name.Name)
					}
					if st, ok := s.Type.(*ast.StructType); ok {
						for _, field := range st.Fields.List {
							for _, n := range field.Names {
								if n.IsExported() && !hasDoc(field.Doc) && !hasDoc(field.Comment) {
									out = append(out, "field "+s.Name.Name+"."+n.Name)
								}
							}
						}
					}
				case *ast.ValueSpec:
					for _, n := range s.Names {
						if n.IsExported() && !hasDoc(s.Doc) && !hasDoc(d.Doc) && !hasDoc(s.Comment) {
							out = append(out, "value "+n.Name)
						}
					}
				}
			}
		}
	}
	return out
}

func receiverExported(recv *ast.FieldList) bool {
	if len(recv.List) == 0 {
		return false
	}
	t := recv.List[0].Type
	if star, ok := t.(*ast.StarExpr); ok {
		t = star.X
	}
	id, ok := t.(*ast.Ident)
	return ok && id.IsExported()
}
