package gen

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/authgen/authgen/internal/spec"
)

// genOperations emits, per operation, its Params struct (when it has query
// or header parameters or a body) and its method:
//
//	type GetInterviewParams struct {
//		Body GetInterviewRequest
//	}
//
//	func (c *Client) GetInterview(ctx context.Context, params *GetInterviewParams, opts ...RequestOption) (*GetInterviewResponse, error) {
//		...
//		var out GetInterviewResponse
//		if err := c.send(ctx, r, &out, opts); err != nil {
//			return nil, err
//		}
//		return &out, nil
//	}
func genOperations(p *spec.Provider, f *jen.File) {
	if len(p.Operations) == 0 {
		f.Comment("The spec describes no operation; call endpoints with Client.Do.")
		return
	}
	// When the spec documents scopes at all, say so for every operation,
	// including the ones that need none.
	scoped := false
	for _, op := range p.Operations {
		scoped = scoped || len(op.Scopes) > 0
	}
	for i, op := range p.Operations {
		if i > 0 {
			f.Line()
		}
		if op.ParamsGoName != "" {
			genParamsStruct(f, op)
			f.Line()
		}
		genMethod(f, op, scoped, len(p.Schemes) > 0)
	}
}

// paramFieldType is a Params field's type: optional values are pointers,
// unless the type already has nil.
func paramFieldType(t spec.Type, required bool) *jen.Statement {
	if required || nilable(t) {
		return goType(t)
	}
	return jen.Op("*").Add(goType(t))
}

func genParamsStruct(f *jen.File, op spec.Operation) {
	f.Comment(fmt.Sprintf("%s holds the parameters of %s.", op.ParamsGoName, op.GoName))
	f.Type().Id(op.ParamsGoName).StructFunc(func(g *jen.Group) {
		if b := op.Body; b != nil {
			what := "Body is the request body"
			if b.ContentType != "application/json" {
				what += ", sent as " + b.ContentType
			}
			what += "."
			if !b.Required {
				what += " It is optional: nil sends none."
			}
			g.Add(doc(what, strings.TrimSpace(b.Description)))
			g.Id("Body").Add(paramFieldType(b.Type, b.Required))
		}
		for _, q := range op.QueryParams {
			g.Add(doc(paramDoc(q, "query")...))
			g.Id(q.GoName).Add(paramFieldType(q.Type, q.Required))
		}
		for _, h := range op.HeaderParams {
			g.Add(doc(paramDoc(h, "header")...))
			g.Id(h.GoName).Add(paramFieldType(h.Type, h.Required))
		}
		for _, ck := range op.CookieParams {
			g.Add(doc(paramDoc(ck, "cookie")...))
			g.Id(ck.GoName).Add(paramFieldType(ck.Type, ck.Required))
		}
	})
}

func paramDoc(p spec.Parameter, in string) []string {
	head := fmt.Sprintf("%s is the %s parameter %q", p.GoName, in, p.Name)
	if p.Required {
		head += " (required)"
	}
	head += "."
	if d := strings.TrimSpace(p.Description); d != "" {
		return []string{head, d}
	}
	return []string{head}
}

func methodDoc(op spec.Operation, scoped, secured bool) []string {
	head := fmt.Sprintf("%s calls %s.", op.GoName, op.ID)
	if s := strings.TrimSpace(op.Summary); s != "" {
		head = fmt.Sprintf("%s calls %s: %s", op.GoName, op.ID, s)
	}
	lines := []string{head}
	if d := strings.TrimSpace(op.Description); d != "" && d != strings.TrimSpace(op.Summary) {
		lines = append(lines, "", d)
	}
	lines = append(lines, "", op.Method+" "+op.Path)
	switch {
	case len(op.Security) == 0 && secured:
		lines = append(lines, "", "It is public: no credential is sent, even when one is configured.")
	case len(op.Scopes) > 0:
		lines = append(lines, "", "Required scopes: "+strings.Join(op.Scopes, ", ")+".")
	case scoped:
		lines = append(lines, "", "Required scopes: none documented; any valid credential.")
	}
	if op.Deprecated {
		lines = append(lines, "", "Deprecated: the spec marks this operation as deprecated.")
	}
	return lines
}

func genMethod(f *jen.File, op spec.Operation, scoped, secured bool) {
	params := []jen.Code{jen.Id("ctx").Qual(pkgContext, "Context")}
	for _, pp := range op.PathParams {
		params = append(params, jen.Id(pp.GoName).Add(goType(pp.Type)))
	}
	if op.ParamsGoName != "" {
		params = append(params, jen.Id("params").Op("*").Id(op.ParamsGoName))
	}
	params = append(params, jen.Id("opts").Op("...").Id("RequestOption"))

	results := jen.Error()
	fail := []jen.Code{jen.Id("err")}
	switch {
	case op.RawResponse:
		results = jen.Params(jen.Index().Byte(), jen.Error())
		fail = []jen.Code{jen.Nil(), jen.Id("err")}
	case op.Response != nil:
		results = jen.Params(jen.Op("*").Add(goType(op.Response)), jen.Error())
		fail = []jen.Code{jen.Nil(), jen.Id("err")}
	}

	f.Add(doc(methodDoc(op, scoped, secured)...))
	f.Func().Params(jen.Id("c").Op("*").Id("Client")).Id(op.GoName).Params(params...).Add(results).BlockFunc(func(g *jen.Group) {
		if op.ParamsGoName != "" {
			g.If(jen.Id("params").Op("==").Nil()).Block(
				jen.Id("params").Op("=").Op("&").Id(op.ParamsGoName).Values(),
			)
		}
		g.Id("r").Op(":=").Op("&").Id("request").Values(jen.DictFunc(func(d jen.Dict) {
			d[jen.Id("operation")] = jen.Lit(op.ID)
			d[jen.Id("method")] = jen.Lit(op.Method)
			d[jen.Id("path")] = pathExpr(op)
			d[jen.Id("security")] = requirementsValue(op.Security)
			if op.Response != nil {
				d[jen.Id("expectBody")] = jen.True()
			}
			if op.RawResponse {
				d[jen.Id("rawResponse")] = jen.True()
			}
		}))
		genRequestParams(g, op)
		if op.Response == nil {
			g.Return(jen.Id("c").Dot("send").Call(jen.Id("ctx"), jen.Id("r"), jen.Nil(), jen.Id("opts")))
			return
		}
		if op.RawResponse {
			g.Var().Id("out").Index().Byte()
			g.If(jen.Id("err").Op(":=").Id("c").Dot("send").Call(jen.Id("ctx"), jen.Id("r"), jen.Op("&").Id("out"), jen.Id("opts")), jen.Id("err").Op("!=").Nil()).Block(
				jen.Return(fail...),
			)
			g.Return(jen.Id("out"), jen.Nil())
			return
		}
		g.Var().Id("out").Add(goType(op.Response))
		g.If(jen.Id("err").Op(":=").Id("c").Dot("send").Call(jen.Id("ctx"), jen.Id("r"), jen.Op("&").Id("out"), jen.Id("opts")), jen.Id("err").Op("!=").Nil()).Block(
			jen.Return(fail...),
		)
		g.Return(jen.Op("&").Id("out"), jen.Nil())
	})
}

var placeholder = regexp.MustCompile(`\{([^{}]+)\}`)

// pathExpr builds the request path: literal segments and escaped
// parameters, "/api/companies/" + pathParam(id).
func pathExpr(op spec.Operation) jen.Code {
	args := map[string]string{}
	for _, pp := range op.PathParams {
		args[pp.Name] = pp.GoName
	}
	var parts []jen.Code
	rest := op.Path
	for {
		loc := placeholder.FindStringSubmatchIndex(rest)
		if loc == nil {
			break
		}
		if loc[0] > 0 {
			parts = append(parts, jen.Lit(rest[:loc[0]]))
		}
		name := rest[loc[2]:loc[3]]
		parts = append(parts, jen.Id("pathParam").Call(jen.Id(args[name])))
		rest = rest[loc[1]:]
	}
	if rest != "" || len(parts) == 0 {
		parts = append(parts, jen.Lit(rest))
	}
	expr := jen.Add(parts[0])
	for _, p := range parts[1:] {
		expr = expr.Op("+").Add(p)
	}
	return expr
}

// genRequestParams fills the request's body, query and header from params.
func genRequestParams(g *jen.Group, op spec.Operation) {
	if b := op.Body; b != nil {
		if b.Required || nilable(b.Type) {
			g.Id("r").Dot("body").Op("=").Id("params").Dot("Body")
		} else {
			g.If(jen.Id("params").Dot("Body").Op("!=").Nil()).Block(
				jen.Id("r").Dot("body").Op("=").Id("params").Dot("Body"),
			)
		}
		if nilable(b.Type) {
			// A nil slice or map in an interface is not a nil interface;
			// keep "no body" meaning no body.
			g.If(jen.Id("params").Dot("Body").Op("==").Nil()).Block(jen.Id("r").Dot("body").Op("=").Nil())
		}
		g.Id("r").Dot("contentType").Op("=").Lit(b.ContentType)
	}
	if len(op.QueryParams) > 0 {
		g.Id("r").Dot("query").Op("=").Qual(pkgURL, "Values").Values()
		for _, q := range op.QueryParams {
			add := func(value jen.Code) jen.Code {
				if q.DeepObject {
					// style: deepObject sends name[key]=value, nested
					return jen.Id("addDeepObject").Call(jen.Id("r").Dot("query"), jen.Lit(q.Name), value)
				}
				if _, isSlice := q.Type.(*spec.Slice); isSlice && !q.Explode {
					// explode: false sends one name=a,b,c
					value = jen.Id("joinParam").Call(value)
				}
				return jen.Id("addQuery").Call(jen.Id("r").Dot("query"), jen.Lit(q.Name), value)
			}
			g.Add(setIfPresent(q, add))
		}
	}
	if len(op.HeaderParams) > 0 || len(op.CookieParams) > 0 {
		g.Id("r").Dot("header").Op("=").Qual(pkgHTTP, "Header").Values()
	}
	for _, ck := range op.CookieParams {
		add := func(value jen.Code) jen.Code {
			return jen.Id("addCookie").Call(jen.Id("r").Dot("header"), jen.Lit(ck.Name), value)
		}
		g.Add(setIfPresent(ck, add))
	}
	if len(op.HeaderParams) > 0 {
		for _, h := range op.HeaderParams {
			set := func(value jen.Code) jen.Code {
				return jen.Id("r").Dot("header").Dot("Set").Call(jen.Lit(h.Name), jen.Id("joinParam").Call(value))
			}
			g.Add(setIfPresent(h, set))
		}
	}
}

// setIfPresent applies set to a parameter's value, guarded when the
// parameter is optional.
func setIfPresent(p spec.Parameter, set func(jen.Code) jen.Code) jen.Code {
	field := jen.Id("params").Dot(p.GoName)
	switch {
	case p.Required && !nilable(p.Type):
		return set(field)
	case nilable(p.Type):
		return jen.If(jen.Id("params").Dot(p.GoName).Op("!=").Nil()).Block(set(jen.Id("params").Dot(p.GoName)))
	default:
		return jen.If(field.Clone().Op("!=").Nil()).Block(set(jen.Op("*").Id("params").Dot(p.GoName)))
	}
}
