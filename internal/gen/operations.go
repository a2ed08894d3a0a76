package gen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/authgen/authgen/internal/genid"
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
	genOperationRange(p, newOperationsContext(p), 0, len(p.Operations), f)
}

// operationsContext is what every operation's code depends on beyond the
// operation itself, worked out once for the whole file so that a chunk of
// it renders as the whole would.
type operationsContext struct {
	// scoped: the spec documents scopes at all, so every operation's doc
	// says which it needs, including none.
	scoped bool
	// security is the variable each operation's requirements are read
	// from, by operation ID (operationSecurity).
	security map[string]string
	// declares names, by operation ID, the security variable declared just
	// before that operation: the first that uses it.
	declares map[string]string
}

func newOperationsContext(p *spec.Provider) operationsContext {
	ctx := operationsContext{security: operationSecurity(p), declares: map[string]string{}}
	declared := map[string]bool{genid.GlobalSecurityVar: true}
	for _, op := range p.Operations {
		ctx.scoped = ctx.scoped || len(op.Scopes) > 0
		if v := ctx.security[op.ID]; !declared[v] {
			declared[v] = true
			ctx.declares[op.ID] = v
		}
	}
	return ctx
}

// genOperationRange emits operations [lo, hi), a blank line between each
// two.
func genOperationRange(p *spec.Provider, ctx operationsContext, lo, hi int, f *jen.File) {
	for i, op := range p.Operations[lo:hi] {
		if i > 0 {
			f.Line()
		}
		if op.ParamsGoName != "" {
			genParamsStruct(f, op)
			f.Line()
		}
		if v := ctx.declares[op.ID]; v != "" {
			f.Comment(fmt.Sprintf("%s is the security of %s and of every later operation that asks the same.", v, op.GoName))
			f.Var().Id(v).Op("=").Add(requirementsValue(op.Security))
			f.Line()
		}
		streamsOnly := op.Stream != nil && op.Stream.GoName == op.GoName
		if !streamsOnly {
			genMethod(f, op, ctx.scoped, len(p.Schemes) > 0, ctx.security[op.ID])
		}
		if op.Pagination != nil {
			f.Line()
			genPagination(f, op)
		}
		if op.Stream != nil {
			if !streamsOnly {
				f.Line()
			}
			genStreamMethod(f, op, ctx.scoped, len(p.Schemes) > 0, ctx.security[op.ID])
		}
		if op.PresignMethod != "" {
			f.Line()
			genPresignMethod(f, op, ctx.security[op.ID])
		}
	}
}

// genPresignMethod emits the method that signs an operation's request in
// its URL (AWS Signature Version 4) and sends nothing; its parameters are
// the operation's but the body, which the URL does not carry:
//
//	func (c *Client) PresignGetObject(ctx context.Context, bucket string, key string, params *GetObjectParams, expires time.Duration, opts ...RequestOption) (*PresignedRequest, error) {
//		r := &authgenrt.Request{...}
//		return c.presign(ctx, r, expires, opts)
//	}
func genPresignMethod(f *jen.File, op spec.Operation, security string) {
	params := []jen.Code{jen.Id("ctx").Qual(pkgContext, "Context")}
	for _, pp := range op.PathParams {
		params = append(params, jen.Id(pp.GoName).Add(goType(pp.Type)))
	}
	withParams := len(op.QueryParams) > 0 || len(op.HeaderParams) > 0
	if withParams {
		params = append(params, jen.Id("params").Op("*").Id(op.ParamsGoName))
	}
	params = append(params, jen.Id("expires").Qual("time", "Duration"), jen.Id("opts").Op("...").Id(genid.RequestOption))
	lines := []string{
		fmt.Sprintf("%s signs the request of %s (%s %s) in its URL and sends nothing: whoever holds the URL may send it, with no credential, until expires have passed (%s when 0; 1 second to 7 days).", op.PresignMethod, op.GoName, op.Method, op.Path, genid.DefaultPresignExpires),
		"", "The request must be sent with the headers in SignedHeader: the header parameters and the options' WithHeader values.",
	}
	if op.Body != nil {
		lines = append(lines, "The body is not signed (UNSIGNED-PAYLOAD): the sender gives it.")
	}
	f.Add(doc(lines...))
	bodiless := op
	bodiless.Body = nil
	f.Func().Params(jen.Id("c").Op("*").Id(genid.Client)).Id(op.PresignMethod).Params(params...).Params(jen.Op("*").Id(genid.PresignedRequest), jen.Error()).BlockFunc(func(g *jen.Group) {
		if withParams {
			g.If(jen.Id("params").Op("==").Nil()).Block(
				jen.Id("params").Op("=").Op("&").Id(op.ParamsGoName).Values(),
			)
		}
		genRequest(g, bodiless, security, true)
		g.Return(jen.Id("c").Dot(genid.ClientPresign).Call(jen.Id("ctx"), jen.Id("r"), jen.Id("expires"), jen.Id("opts")))
	})
}

// fieldType is a field's Go type, *T when the model says it is a pointer.
func fieldType(t spec.Type, pointer bool) *jen.Statement {
	if pointer {
		return jen.Op("*").Add(goType(t))
	}
	return goType(t)
}

func genParamsStruct(f *jen.File, op spec.Operation) {
	f.Comment(fmt.Sprintf("%s holds the parameters of %s.", op.ParamsGoName, op.GoName))
	f.Type().Id(op.ParamsGoName).StructFunc(func(g *jen.Group) {
		if b := op.Body; b != nil {
			what := "Body is the request body"
			if b.Encoding != spec.EncodingJSON {
				what += ", sent as " + b.ContentType
			}
			what += "."
			if !b.Required {
				what += " It is optional: nil sends none."
			}
			if b.Encoding == spec.EncodingRaw {
				// A file or any stream: sent as it is read, never held
				// whole in memory.
				what += " It is streamed as it is read; a failed attempt is retried only when it can be read again (an io.Seeker such as *os.File or *bytes.Reader)."
				g.Add(doc(what, strings.TrimSpace(b.Description)))
				g.Id("Body").Qual("io", "Reader")
			} else {
				g.Add(doc(what, strings.TrimSpace(b.Description)))
				g.Id("Body").Add(fieldType(b.Type, b.Pointer))
			}
		}
		for _, q := range op.QueryParams {
			g.Add(doc(paramDoc(q, "query")...))
			g.Id(q.GoName).Add(fieldType(q.Type, q.Pointer))
		}
		for _, h := range op.HeaderParams {
			g.Add(doc(paramDoc(h, "header")...))
			g.Id(h.GoName).Add(fieldType(h.Type, h.Pointer))
		}
		for _, ck := range op.CookieParams {
			g.Add(doc(paramDoc(ck, "cookie")...))
			g.Id(ck.GoName).Add(fieldType(ck.Type, ck.Pointer))
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
	// "PostCustomers calls POST /v1/customers: Create a customer." says
	// what the method does on the wire; its own name would say nothing.
	head := fmt.Sprintf("%s calls %s %s.", op.GoName, op.Method, op.Path)
	if s := strings.TrimSpace(op.Summary); s != "" {
		head = fmt.Sprintf("%s calls %s %s: %s", op.GoName, op.Method, op.Path, s)
	}
	lines := []string{head}
	if d := strings.TrimSpace(op.Description); d != "" && d != strings.TrimSpace(op.Summary) {
		lines = append(lines, "", d)
	}
	if op.Server != "" {
		lines = append(lines, "", "It is sent to "+op.Server+", the operation's own server, unless the client has WithBaseURL.")
	}
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

func genMethod(f *jen.File, op spec.Operation, scoped, secured bool, security string) {
	params := []jen.Code{jen.Id("ctx").Qual(pkgContext, "Context")}
	for _, pp := range op.PathParams {
		params = append(params, jen.Id(pp.GoName).Add(goType(pp.Type)))
	}
	if op.ParamsGoName != "" {
		params = append(params, jen.Id("params").Op("*").Id(op.ParamsGoName))
	}
	params = append(params, jen.Id("opts").Op("...").Id(genid.RequestOption))

	results := jen.Error()
	fail := []jen.Code{jen.Id("err")}
	switch {
	case op.RawResponse:
		results = jen.Params(jen.Qual("io", "ReadCloser"), jen.Error())
		fail = []jen.Code{jen.Nil(), jen.Id("err")}
	case op.Response != nil:
		results = jen.Params(jen.Op("*").Add(goType(op.Response)), jen.Error())
		fail = []jen.Code{jen.Nil(), jen.Id("err")}
	}

	f.Add(doc(methodDoc(op, scoped, secured)...))
	f.Func().Params(jen.Id("c").Op("*").Id(genid.Client)).Id(op.GoName).Params(params...).Add(results).BlockFunc(func(g *jen.Group) {
		if op.ParamsGoName != "" {
			g.If(jen.Id("params").Op("==").Nil()).Block(
				jen.Id("params").Op("=").Op("&").Id(op.ParamsGoName).Values(),
			)
		}
		genRequest(g, op, security, false)
		if op.Response == nil {
			g.Return(jen.Id("c").Dot(genid.ClientSend).Call(jen.Id("ctx"), jen.Id("r"), jen.Nil(), jen.Id("opts")))
			return
		}
		if op.RawResponse {
			g.Var().Id("out").Qual("io", "ReadCloser")
			g.If(jen.Id("err").Op(":=").Id("c").Dot(genid.ClientSend).Call(jen.Id("ctx"), jen.Id("r"), jen.Op("&").Id("out"), jen.Id("opts")), jen.Id("err").Op("!=").Nil()).Block(
				jen.Return(fail...),
			)
			g.Return(jen.Id("out"), jen.Nil())
			return
		}
		g.Var().Id("out").Add(goType(op.Response))
		g.If(jen.Id("err").Op(":=").Id("c").Dot(genid.ClientSend).Call(jen.Id("ctx"), jen.Id("r"), jen.Op("&").Id("out"), jen.Id("opts")), jen.Id("err").Op("!=").Nil()).Block(
			jen.Return(fail...),
		)
		g.Return(jen.Op("&").Id("out"), jen.Nil())
	})
}

// genRequest declares r, the call's request, and fills it from the
// arguments. For a stream method the answer is the runtime's to read.
func genRequest(g *jen.Group, op spec.Operation, security string, forStream bool) {
	g.Id("r").Op(":=").Op("&").Qual(genid.RuntimePath, genid.Request).Values(jen.DictFunc(func(d jen.Dict) {
		d[jen.Id(genid.RequestOperation)] = jen.Lit(op.ID)
		d[jen.Id(genid.RequestMethod)] = jen.Lit(op.Method)
		d[jen.Id(genid.RequestPath)] = pathExpr(op)
		d[jen.Id(genid.RequestSecurity)] = jen.Id(security)
		if op.Response != nil && !forStream {
			d[jen.Id(genid.RequestExpectBody)] = jen.True()
			if isUnion(op.Response) {
				d[jen.Id(genid.RequestResultChecksJSON)] = jen.True()
			}
		}
		if op.RawResponse && !forStream {
			d[jen.Id(genid.RequestRawResponse)] = jen.True()
		}
		if op.Server != "" {
			d[jen.Id(genid.RequestServer)] = jen.Lit(op.Server)
		}
		if op.Accept != "" && !forStream {
			d[jen.Id(genid.RequestAccept)] = jen.Lit(op.Accept)
		}
		if op.OwnSuccess {
			d[jen.Id(genid.RequestOwnSuccess)] = jen.True()
			if op.SuccessData != "" {
				d[jen.Id(genid.RequestSuccessData)] = jen.Lit(op.SuccessData)
			}
		}
	}))
	genRequestParams(g, op)
}

// genStreamMethod emits the method that yields an operation's server-sent
// events:
//
//	func (c *Client) CreateMessageStream(ctx context.Context, params *CreateMessageParams, opts ...RequestOption) iter.Seq2[StreamEvent[MessageEvent], error] {
//		r := &authgenrt.Request{...}
//		r.Encode = authgenrt.EncodeJSONStreaming("stream")
//		return stream[MessageEvent](ctx, c, r, opts, &authgenrt.StreamSpec{Done: "[DONE]", ...})
//	}
func genStreamMethod(f *jen.File, op spec.Operation, scoped, secured bool, security string) {
	s := op.Stream
	params := []jen.Code{jen.Id("ctx").Qual(pkgContext, "Context")}
	for _, pp := range op.PathParams {
		params = append(params, jen.Id(pp.GoName).Add(goType(pp.Type)))
	}
	if op.ParamsGoName != "" {
		params = append(params, jen.Id("params").Op("*").Id(op.ParamsGoName))
	}
	params = append(params, jen.Id("opts").Op("...").Id(genid.RequestOption))
	event := jen.Id(genid.StreamEventType).Types(goType(s.Event))
	lines := methodDoc(op, scoped, secured)
	if s.GoName != op.GoName {
		lines[0] = fmt.Sprintf("%s is %s answered as server-sent events: it sets the body's %q to true and yields each event as it arrives.", s.GoName, op.GoName, s.Toggle)
	}
	lines = append(lines, "", streamDoc(s))
	f.Add(doc(lines...))
	f.Func().Params(jen.Id("c").Op("*").Id(genid.Client)).Id(s.GoName).Params(params...).Qual("iter", "Seq2").Types(event, jen.Error()).BlockFunc(func(g *jen.Group) {
		if op.ParamsGoName != "" {
			g.If(jen.Id("params").Op("==").Nil()).Block(
				jen.Id("params").Op("=").Op("&").Id(op.ParamsGoName).Values(),
			)
		}
		genRequest(g, op, security, true)
		if s.Toggle != "" {
			g.Id("r").Dot(genid.RequestEncode).Op("=").Qual(genid.RuntimePath, genid.EncodeJSONStreaming).Call(jen.Lit(s.Toggle))
		}
		g.Return(jen.Id(genid.StreamFunc).Types(goType(s.Event)).Call(jen.Id("ctx"), jen.Id("c"), jen.Id("r"), jen.Id("opts"), jen.Op("&").Qual(genid.RuntimePath, genid.StreamSpec).Values(jen.DictFunc(func(d jen.Dict) {
			if s.Done != "" {
				d[jen.Id(genid.StreamSpecDone)] = jen.Lit(s.Done)
			}
			if s.ErrorEvent != "" {
				d[jen.Id(genid.StreamSpecErrorEvent)] = jen.Lit(s.ErrorEvent)
			}
			if s.ErrorData != "" {
				d[jen.Id(genid.StreamSpecErrorData)] = jen.Lit(s.ErrorData)
			}
			if len(s.Events) > 0 {
				d[jen.Id(genid.StreamSpecEvents)] = jen.Index().String().ValuesFunc(func(g *jen.Group) {
					for _, e := range s.Events {
						g.Lit(e)
					}
				})
			}
			if s.Resume {
				d[jen.Id(genid.StreamSpecResume)] = jen.True()
			}
		}))))
	})
}

// streamDoc says how a stream method's sequence behaves.
func streamDoc(s *spec.Stream) string {
	text := "The sequence ends at the end of the stream"
	if s.Done != "" {
		text += fmt.Sprintf(" or at the event %q", s.Done)
	}
	text += ", at the first error (yielded once"
	if s.ErrorEvent != "" {
		text += fmt.Sprintf("; an %q event is an *APIError", s.ErrorEvent)
	}
	if s.ErrorData != "" {
		text += fmt.Sprintf("; so is an event whose data has %s", s.ErrorData)
	}
	text += "), when ctx is done, or when the loop stops; the connection is closed in every case."
	if len(s.Events) > 0 {
		text += fmt.Sprintf(" Events of types other than %s come back with Raw only.", strings.Join(s.Events, ", "))
	}
	if s.Resume {
		text += " A dropped stream is opened again from its last event ID."
	}
	return text
}

// pathExpr builds the request path from the model's segments: literal
// text and escaped parameters, "/api/companies/" + pathParam(id).
func pathExpr(op spec.Operation) jen.Code {
	expr := jen.Null()
	for i, seg := range op.PathSegments {
		if i > 0 {
			expr.Op("+")
		}
		if seg.Param != nil && seg.Param.MultiSegment {
			expr.Qual(genid.RuntimePath, genid.PathSegments).Call(jen.Id(seg.Param.GoName))
		} else if seg.Param != nil && seg.Param.CredentialUser != nil {
			// "" takes the user name of the basic credential (Twilio's
			// AccountSid).
			expr.Qual(genid.RuntimePath, genid.PathParam).Call(jen.Id("c").Dot(genid.CredentialUser).Call(jen.Lit(seg.Param.CredentialUser.Common().Name), jen.Id(seg.Param.GoName)))
		} else if seg.Param != nil {
			expr.Qual(genid.RuntimePath, genid.PathParam).Call(jen.Id(seg.Param.GoName))
		} else {
			expr.Lit(seg.Literal)
		}
	}
	return expr
}

// genRequestParams fills the request's body, query and header from params.
func genRequestParams(g *jen.Group, op spec.Operation) {
	if b := op.Body; b != nil {
		body := jen.Id("r").Dot(genid.RequestBody).Op("=").Id("params").Dot("Body")
		if b.Pointer || spec.CanBeNil(b.Type) {
			// A nil pointer, slice or map in an interface is not a nil
			// interface; keep "no body" meaning no body.
			g.If(jen.Id("params").Dot("Body").Op("!=").Nil()).Block(body)
		} else {
			g.Add(body)
		}
		g.Id("r").Dot(genid.RequestContentType).Op("=").Lit(b.ContentType)
		if encodesFormDirectly(b) {
			// The model adds its own fields (formbody.go).
			g.Id("r").Dot(genid.RequestEncode).Op("=").Id(genid.EncodeForm)
		} else if encoder := bodyEncoder(b.Encoding); encoder != "" {
			g.Id("r").Dot(genid.RequestEncode).Op("=").Qual(genid.RuntimePath, encoder)
		}
	}
	for _, q := range op.QueryParams {
		g.Add(setIfPresent(q, func(value jen.Code) jen.Code { return addQueryParam(q, value) }))
	}
	if len(op.HeaderParams) > 0 || len(op.CookieParams) > 0 {
		g.Id("r").Dot(genid.RequestHeader).Op("=").Qual(pkgHTTP, "Header").Values()
	}
	for _, ck := range op.CookieParams {
		g.Add(setIfPresent(ck, func(value jen.Code) jen.Code {
			return jen.Qual(genid.RuntimePath, genid.AddCookie).Call(jen.Id("r").Dot(genid.RequestHeader), jen.Lit(ck.Name), value)
		}))
	}
	for _, h := range op.HeaderParams {
		g.Add(setIfPresent(h, func(value jen.Code) jen.Code {
			return jen.Id("r").Dot(genid.RequestHeader).Dot("Set").Call(jen.Lit(h.Name), jen.Qual(genid.RuntimePath, genid.JoinParam).Call(value, jen.Lit(",")))
		}))
	}
}

// bodyEncoder names the runtime's encoder of a body encoding; "" for JSON,
// the runtime's default.
func bodyEncoder(e spec.BodyEncoding) string {
	switch e {
	case spec.EncodingForm:
		return genid.EncodeFormBody
	case spec.EncodingMultipart:
		return genid.EncodeMultipart
	case spec.EncodingRaw:
		return genid.EncodeRaw
	}
	return ""
}

// queryDelimiters join the items of an array query parameter that is not
// exploded, by style.
var queryDelimiters = map[spec.ParamStyle]string{
	spec.StyleForm: ",", spec.StyleSpaceDelimited: " ", spec.StylePipeDelimited: "|",
}

// addQueryParam adds one query parameter in its style:
//
//	AddQuery(r.QueryValues(), "tags", params.Tags)                 // form, exploded: tags=a&tags=b
//	AddQuery(r.QueryValues(), "tags", JoinParam(params.Tags, "|")) // pipeDelimited: tags=a|b
//	AddDeepObject(r.QueryValues(), "filter", params.Filter)        // deepObject: filter[k]=v
func addQueryParam(q spec.Parameter, value jen.Code) jen.Code {
	// The query is made on first use, so a call whose optional
	// parameters are unset allocates none.
	query := jen.Id("r").Dot(genid.RequestQueryValues).Call()
	if q.Style == spec.StyleDeepObject {
		return jen.Qual(genid.RuntimePath, genid.AddDeepObject).Call(query, jen.Lit(q.Name), value)
	}
	if _, isSlice := q.Type.(*spec.Slice); isSlice && !q.Explode {
		value = jen.Qual(genid.RuntimePath, genid.JoinParam).Call(value, jen.Lit(queryDelimiters[q.Style]))
	}
	return jen.Qual(genid.RuntimePath, genid.AddQuery).Call(query, jen.Lit(q.Name), value)
}

// setIfPresent applies set to a parameter's value: always when it is
// required, and when it is set otherwise (a pointer dereferenced, a slice
// or map as it is).
func setIfPresent(p spec.Parameter, set func(jen.Code) jen.Code) jen.Code {
	field := jen.Id("params").Dot(p.GoName)
	switch {
	case p.Required:
		return set(field)
	case p.Pointer:
		return jen.If(field.Clone().Op("!=").Nil()).Block(set(jen.Op("*").Add(field.Clone())))
	default:
		return jen.If(field.Clone().Op("!=").Nil()).Block(set(field.Clone()))
	}
}

// pageStyleIdent names the runtime constant of a pagination style.
var pageStyleIdent = map[spec.PageStyle]string{
	spec.PageCursor:   genid.PageCursor,
	spec.PageLastItem: genid.PageLastItem,
	spec.PageNextURL:  genid.PageNextURL,
	spec.PageLink:     genid.PageLink,
	spec.PageNumber:   genid.PageNumber,
	spec.PageOffset:   genid.PageOffset,
}

// genPagination emits <Method>Pages and <Method>All for a list operation:
//
//	func (c *Client) ListThingsPages(ctx context.Context, params *ListThingsParams, opts ...RequestOption) iter.Seq2[*ListThingsResponse, error] {
//		return paginate(ctx, c, "listThings", pageSpec{...}, opts, func(opts []RequestOption) (*ListThingsResponse, error) {
//			return c.ListThings(ctx, params, opts...)
//		})
//	}
//	func (c *Client) ListThingsAll(ctx context.Context, params *ListThingsParams, opts ...RequestOption) iter.Seq2[Thing, error] {
//		return allItems(c.ListThingsPages(ctx, params, opts...), func(p *ListThingsResponse) []Thing { return p.Data })
//	}
func genPagination(f *jen.File, op spec.Operation) {
	pg := op.Pagination
	params := []jen.Code{jen.Id("ctx").Qual(pkgContext, "Context")}
	args := []jen.Code{jen.Id("ctx")}
	for _, pp := range op.PathParams {
		params = append(params, jen.Id(pp.GoName).Add(goType(pp.Type)))
		args = append(args, jen.Id(pp.GoName))
	}
	if op.ParamsGoName != "" {
		params = append(params, jen.Id("params").Op("*").Id(op.ParamsGoName))
		args = append(args, jen.Id("params"))
	}
	params = append(params, jen.Id("opts").Op("...").Id(genid.RequestOption))
	page := jen.Op("*").Add(goType(op.Response))
	pageSpecValue := pageSpecValue(pg)

	f.Add(doc(
		fmt.Sprintf("%s returns the pages of %s one by one, each as %s returns it: every page", pg.PagesMethod, op.GoName, op.GoName),
		"request has the method's auth, retries and errors. The sequence ends after the last page, at",
		"the first error (yielded once), when ctx is done or when the caller stops; no page is",
		"requested before the caller asks for it. "+pageStyleDoc(pg)+pageEndsDoc(pg),
	))
	f.Func().Params(jen.Id("c").Op("*").Id(genid.Client)).Id(pg.PagesMethod).Params(params...).
		Qual("iter", "Seq2").Types(page.Clone(), jen.Error()).Block(
		jen.Return(jen.Id(genid.Paginate).Call(jen.Id("ctx"), jen.Id("c"), jen.Lit(op.ID), pageSpecValue, jen.Id("opts"),
			jen.Func().Params(jen.Id("opts").Index().Id(genid.RequestOption)).Params(page.Clone(), jen.Error()).Block(
				jen.Return(jen.Id("c").Dot(op.GoName).Call(append(args, jen.Id("opts").Op("..."))...)),
			))),
	)
	f.Line()
	f.Add(doc(
		fmt.Sprintf("%s returns every item of every page of %s, in order; see %s for when it ends.", pg.AllMethod, op.GoName, pg.PagesMethod),
	))
	f.Func().Params(jen.Id("c").Op("*").Id(genid.Client)).Id(pg.AllMethod).Params(params...).
		Qual("iter", "Seq2").Types(goType(pg.Item), jen.Error()).Block(
		jen.Return(jen.Qual(genid.RuntimePath, genid.AllItems).Call(
			jen.Id("c").Dot(pg.PagesMethod).Call(append(args, jen.Id("opts").Op("..."))...),
			jen.Func().Params(jen.Id("p").Add(page.Clone())).Index().Add(goType(pg.Item)).BlockFunc(func(g *jen.Group) {
				g.Add(itemsAccess(pg.ItemsPath))
			}),
		)),
	)
}

// pageSpecValue is the runtime's description of how an operation pages,
// for its client method and its fake:
//
//	authgenrt.PageSpec{Style: authgenrt.PageCursor, Items: "/data", ...}
func pageSpecValue(pg *spec.Pagination) jen.Code {
	return jen.Qual(genid.RuntimePath, genid.PageSpec).Values(jen.DictFunc(func(d jen.Dict) {
		d[jen.Id(genid.PageSpecStyle)] = jen.Qual(genid.RuntimePath, pageStyleIdent[pg.Style])
		for _, kv := range []struct{ key, value string }{
			{genid.PageSpecItems, pg.Items}, {genid.PageSpecNext, pg.Next}, {genid.PageSpecHasMore, pg.HasMore},
			{genid.PageSpecLastPage, pg.LastPage}, {genid.PageSpecTotal, pg.Total}, {genid.PageSpecTotalPages, pg.TotalPages},
			{genid.PageSpecParam, pg.Param}, {genid.PageSpecItemID, pg.ItemID},
		} {
			if kv.value != "" {
				d[jen.Id(kv.key)] = jen.Lit(kv.value)
			}
		}
		if pg.ParamInBody {
			d[jen.Id(genid.PageSpecInBody)] = jen.True()
		}
		if pg.Style == spec.PageNumber {
			d[jen.Id(genid.PageSpecStart)] = jen.Lit(pg.Start)
		}
		if pg.ShortPageEnds {
			d[jen.Id(genid.PageSpecShortPageEnds)] = jen.True()
		}
		if pg.SizeParam != "" {
			d[jen.Id(genid.PageSpecSizeParam)] = jen.Lit(pg.SizeParam)
		}
		if len(pg.Query) > 0 {
			d[jen.Id(genid.PageSpecQuery)] = jen.Index().Qual(genid.RuntimePath, genid.FixedQuery).ValuesFunc(func(g *jen.Group) {
				for _, q := range pg.Query {
					g.Values(jen.Dict{jen.Id(genid.FixedQueryName): jen.Lit(q.Name), jen.Id(genid.FixedQueryValue): jen.Lit(q.Value)})
				}
			})
		}
		if pg.LinkEndParam != "" {
			d[jen.Id(genid.PageSpecLinkEndParam)] = jen.Lit(pg.LinkEndParam)
			d[jen.Id(genid.PageSpecLinkEndValue)] = jen.Lit(pg.LinkEndValue)
		}
	}))
}

// itemsAccess is the body of the function from a page to its items,
// with a nil check for every pointer on the way.
func itemsAccess(path []spec.ItemsStep) jen.Code {
	if len(path) == 0 {
		return jen.Return(jen.Op("*").Id("p"))
	}
	g := jen.Null()
	expr := jen.Id("p")
	for i, step := range path {
		expr = expr.Clone().Dot(step.GoName)
		if step.Pointer && i < len(path)-1 {
			g.If(expr.Clone().Op("==").Nil()).Block(jen.Return(jen.Nil())).Line()
		}
	}
	if path[len(path)-1].Pointer {
		g.If(expr.Clone().Op("==").Nil()).Block(jen.Return(jen.Nil())).Line()
		return g.Return(jen.Op("*").Add(expr))
	}
	return g.Return(expr)
}

func pageStyleDoc(pg *spec.Pagination) string {
	switch pg.Style {
	case spec.PageCursor:
		return fmt.Sprintf("The next page starts at the cursor %s of the body, sent as %s.", pg.Next, pg.Param)
	case spec.PageLastItem:
		return fmt.Sprintf("The next page starts after the last item's %s, sent as %s.", pg.ItemID, pg.Param)
	case spec.PageNextURL:
		return fmt.Sprintf("The next page is the URL at %s of the body, on the client's own origin only.", pg.Next)
	case spec.PageLink:
		return "The next page is the Link header's rel=\"next\", on the client's own origin only."
	case spec.PageNumber:
		return fmt.Sprintf("Pages are numbered from %d in %s.", pg.Start, pg.Param)
	}
	return fmt.Sprintf("The offset %s grows by the items received.", pg.Param)
}

// pageEndsDoc says how the walk knows the last page without requesting
// the empty one after it, for the ends beyond the style's own.
func pageEndsDoc(pg *spec.Pagination) string {
	var ends []string
	if pg.LastPage != "" {
		ends = append(ends, pg.LastPage+" is true")
	}
	if pg.TotalPages != "" {
		ends = append(ends, "the pages reach "+pg.TotalPages)
	}
	if pg.Total != "" {
		ends = append(ends, "the items received reach "+pg.Total)
	}
	if pg.ShortPageEnds {
		size := "an earlier page"
		if pg.SizeParam != "" {
			size = "the " + pg.SizeParam + " asked for"
		}
		ends = append(ends, "it has fewer items than "+size)
	}
	if len(ends) == 0 {
		return ""
	}
	return " The last page is the one where " + strings.Join(ends, ", or ") + "."
}

// operationSecurity names, per operation ID, the package variable its
// security requirements are read from: globalSecurity when they are the
// spec's top-level ones, else one variable per distinct list, named after
// the first operation that has it. Package variables are laid out by the
// compiler; a composite literal in the method would be built on every
// call (three allocations for two alternatives) and compiled per method.
func operationSecurity(p *spec.Provider) map[string]string {
	key := func(reqs []spec.Requirement) string {
		var b strings.Builder
		fmt.Fprintf(&b, "%d", len(reqs))
		for _, r := range reqs {
			b.WriteString("|")
			for _, u := range r.Schemes {
				fmt.Fprintf(&b, "%q,", u.Scheme.Common().Name)
			}
		}
		return b.String()
	}
	names := map[string]string{key(p.Security): genid.GlobalSecurityVar}
	out := map[string]string{} // by operation ID
	for _, op := range p.Operations {
		k := key(op.Security)
		if names[k] == "" {
			names[k] = genid.OperationSecurityPrefix + op.GoName
		}
		out[op.ID] = names[k]
	}
	return out
}
