package spec

import (
	"mime"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/authgen/authgen/internal/genid"
)

// methodOrder is the order operations of one path are emitted in.
var methodOrder = []string{
	http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut,
	http.MethodPatch, http.MethodDelete, http.MethodOptions, http.MethodTrace,
}

// clientMethods are the methods *Client has whatever the spec says, read
// from the runtime's source.
func clientMethods() map[string]bool { return shellDecls().Methods[genid.Client] }

func (b *builder) buildOperations() {
	if b.doc.Paths == nil {
		return
	}
	byGoName := map[string]Position{}
	paths := b.doc.Paths.Map()
	for _, path := range sortedKeys(paths) {
		item := paths[path]
		if item == nil {
			continue
		}
		if !strings.HasPrefix(path, "/") {
			// Appended to the base URL, "@evil.example/collect" names
			// another host, and the credential would go there.
			b.problem(posOf(b.file, item.Origin), "path %q does not start with \"/\"; it would be appended to the server URL as it is, and could name another host", path)
			continue
		}
		for _, method := range methodOrder {
			op := item.GetOperation(method)
			if op == nil {
				continue
			}
			pos := posOf(b.file, op.Origin)
			o, skip, ok := b.operation(path, method, item, op, pos)
			if skip != "" {
				b.warn(pos, "operation %q is left out: %s; call it with Client.Do", o.ID, skip)
				continue
			}
			if !ok {
				continue
			}
			if prev, dup := byGoName[o.GoName]; dup {
				b.problem(fieldPos(b.file, op.Origin, "operationId"), "operation %q: method name %s is already used by the operation at line %d; set a different operationId", o.ID, o.GoName, prev.Line)
				continue
			}
			if clientMethods()[o.GoName] {
				b.problem(pos, "operation %q: method name %s collides with Client.%s; set a different operationId", o.ID, o.GoName, o.GoName)
				continue
			}
			byGoName[o.GoName] = fieldPos(b.file, op.Origin, "operationId")
			b.opPos[o.ID] = pos
			b.p.Operations = append(b.p.Operations, o)
		}
	}
}

var pathParamPattern = regexp.MustCompile(`\{([^{}]+)\}`)

// operation resolves one operation. skip, when not empty, says why the
// operation is left out of the client (a warning, not an error).
func (b *builder) operation(path, method string, item *openapi3.PathItem, op *openapi3.Operation, pos Position) (o Operation, skip string, ok bool) {
	o = Operation{
		ID:          op.OperationID,
		Method:      method,
		Path:        path,
		Summary:     docText(op.Summary),
		Description: docText(op.Description),
		Deprecated:  op.Deprecated,
		Tags:        append([]string(nil), op.Tags...),
	}
	if o.ID == "" {
		o.ID = strings.ToLower(method) + " " + path
	}
	o.Server = b.operationServer(op, item, pos, o.ID)
	o.GoName = GoName(o.ID)
	if o.GoName == "" {
		b.problem(pos, "operation %s %s: operationId %q gives no Go name", method, path, op.OperationID)
		return o, "", false
	}
	usable := b.globalUsable
	if op.Security != nil {
		o.Security, usable = b.requirements(*op.Security, fieldPos(b.file, op.Origin, "security"), "operation "+o.ID+": security")
	} else {
		o.Security = b.p.Security
	}
	if !usable {
		return o, "every security requirement it has needs a security scheme authgen leaves out", true
	}
	ok = b.parameters(&o, item, op, pos)
	if op.RequestBody != nil && op.RequestBody.Value != nil {
		o.Body = b.requestBody(&o, op.RequestBody.Value)
	}
	b.operationSuccess(&o)
	o.Response, o.RawResponse = b.response(&o, op)
	if event, events, alsoJSON := b.streamEvent(&o, op); event != nil {
		b.streams[o.ID] = streamFound{event: event, events: events, alsoJSON: alsoJSON, found: true}
	}
	if len(o.QueryParams) > 0 || len(o.HeaderParams) > 0 || len(o.CookieParams) > 0 || o.Body != nil {
		b.claimParams(&o, pos)
	}
	var scopes []string
	for _, r := range o.Security {
		for _, u := range r.Schemes {
			scopes = append(scopes, u.Scopes...)
		}
	}
	o.Scopes = sortStrings(scopes)
	return o, "", ok
}

// parameters merges path-level and operation-level parameters (the
// operation's win) and sorts them into path, query and header.
func (b *builder) parameters(o *Operation, item *openapi3.PathItem, op *openapi3.Operation, pos Position) bool {
	type key struct{ in, name string }
	merged := map[key]*openapi3.Parameter{}
	var order []key
	for _, list := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		for _, ref := range list {
			if ref == nil || ref.Value == nil {
				continue
			}
			k := key{ref.Value.In, ref.Value.Name}
			if _, seen := merged[k]; !seen {
				order = append(order, k)
			}
			merged[k] = ref.Value
		}
	}
	ok := true
	usedArgs := map[string]bool{}
	usedFields := map[string]bool{"Body": true}
	var segments []PathSegment // Param is the index into PathParams, +1
	rest := o.Path
	for _, loc := range pathParamPattern.FindAllStringSubmatchIndex(o.Path, -1) {
		literal := o.Path[len(o.Path)-len(rest) : loc[0]]
		if literal != "" {
			segments = append(segments, PathSegment{Literal: literal})
		}
		rest = o.Path[loc[1]:]
		name := o.Path[loc[2]:loc[3]]
		p, found := merged[key{openapi3.ParameterInPath, name}]
		if !found {
			b.problem(pos, "operation %q: path parameter {%s} is not declared", o.ID, name)
			ok = false
			continue
		}
		segments = append(segments, PathSegment{Param: &Parameter{Name: name}})
		arg := ArgName(p.Name)
		base := arg
		for i := 2; usedArgs[arg]; i++ {
			arg = base + strconv.Itoa(i)
		}
		usedArgs[arg] = true
		o.PathParams = append(o.PathParams, Parameter{
			Name: p.Name, GoName: arg, Type: b.paramType(p, o.GoName+GoName(p.Name)), Required: true, Description: docText(p.Description),
			Style: b.paramStyle(p, StyleSimple, o), Explode: p.Explode != nil && *p.Explode,
			MultiSegment:   p.Extensions["x-multi-segment"] == true,
			CredentialUser: b.credentialUserFor(p.Name, o),
		})
	}
	if rest != "" || len(segments) == 0 {
		segments = append(segments, PathSegment{Literal: rest})
	}
	// Point the segments at the final PathParams entries (the slice no
	// longer grows, so the pointers stay valid).
	next := 0
	for i := range segments {
		if segments[i].Param != nil {
			segments[i].Param = &o.PathParams[next]
			next++
		}
	}
	o.PathSegments = segments
	for _, k := range order {
		p := merged[k]
		switch p.In {
		case openapi3.ParameterInPath:
			continue
		case openapi3.ParameterInQuery, openapi3.ParameterInHeader, openapi3.ParameterInCookie:
		default:
			b.problem(posOf(b.file, p.Origin), "operation %q: parameter %q is in %q, not path, query, header or cookie", o.ID, p.Name, p.In)
			ok = false
			continue
		}
		if p.In == openapi3.ParameterInHeader && isCredentialHeader(p.Name) {
			continue // set by the security scheme, not by the caller
		}
		if p.In == openapi3.ParameterInQuery && b.fixedQuery(p.Name) {
			continue // x-authgen.query: the client sends it on every call
		}
		if p.In != openapi3.ParameterInQuery && !validHeaderName(p.Name) {
			// A query name is escaped; net/http refuses a header name
			// that is no token, and rewrites a cookie's.
			b.problem(posOf(b.file, p.Origin), "operation %q: parameter %q is not a valid %s name", o.ID, p.Name, p.In)
			ok = false
			continue
		}
		field := GoName(p.Name)
		if field == "" {
			field = "Param"
		}
		base := field
		for i := 2; usedFields[field]; i++ {
			field = base + strconv.Itoa(i)
		}
		usedFields[field] = true
		defaultStyle := StyleForm
		if p.In == openapi3.ParameterInHeader {
			defaultStyle = StyleSimple
		}
		style := b.paramStyle(p, defaultStyle, o)
		param := Parameter{
			Name: p.Name, GoName: field, Type: b.paramType(p, o.GoName+GoName(p.Name)),
			Required: p.Required, Description: docText(p.Description), Style: style,
			// OpenAPI: explode defaults to true for form, false otherwise.
			Explode: (p.Explode == nil && style == StyleForm) || (p.Explode != nil && *p.Explode),
		}
		switch p.In {
		case openapi3.ParameterInQuery:
			o.QueryParams = append(o.QueryParams, param)
		case openapi3.ParameterInHeader:
			o.HeaderParams = append(o.HeaderParams, param)
		default:
			o.CookieParams = append(o.CookieParams, param)
		}
	}
	for _, list := range [][]Parameter{o.QueryParams, o.HeaderParams, o.CookieParams} {
		sort.Slice(list, func(i, j int) bool { return list[i].Name < list[j].Name })
	}
	return ok
}

// operationServer is the server an operation or its path declares for
// itself (Stripe's files.stripe.com, GitHub's uploads.github.com): the
// first one, its variables at their defaults. A relative or unusable one is
// left out with a warning; the operation then uses the client's base URL.
func (b *builder) operationServer(op *openapi3.Operation, item *openapi3.PathItem, pos Position, id string) string {
	var servers openapi3.Servers
	switch {
	case op.Servers != nil && len(*op.Servers) > 0:
		servers = *op.Servers
	case len(item.Servers) > 0:
		servers = item.Servers
	default:
		return ""
	}
	s := servers[0]
	if s == nil {
		return ""
	}
	raw := strings.TrimSuffix(serverURL(s), "/")
	if err := checkServerURL(raw); err != nil || strings.Contains(raw, "{") {
		b.warn(posOf(b.file, s.Origin), "operation %q: its server %q is left out (want an absolute http(s) URL); it is sent to the client's base URL", id, s.URL)
		return ""
	}
	return raw
}

// paramStyles maps OpenAPI's style names.
var paramStyles = map[string]ParamStyle{
	"form": StyleForm, "spaceDelimited": StyleSpaceDelimited, "pipeDelimited": StylePipeDelimited,
	"deepObject": StyleDeepObject, "simple": StyleSimple, "label": StyleLabel, "matrix": StyleMatrix,
}

// paramStyle reads a parameter's style. A style the client cannot send
// where the parameter is (label and matrix; anything but simple in a path
// or header) is sent in the default style, with a warning.
func (b *builder) paramStyle(p *openapi3.Parameter, def ParamStyle, o *Operation) ParamStyle {
	if p.Style == "" {
		return def
	}
	style, known := paramStyles[p.Style]
	supported := known && style != StyleLabel && style != StyleMatrix
	if def == StyleSimple {
		supported = style == StyleSimple
	}
	if !supported {
		b.warn(posOf(b.file, p.Origin), "operation %q: parameter %q: style %q is not supported in %s; it is sent as %s", o.ID, p.Name, p.Style, p.In, styleNames[def])
		return def
	}
	return style
}

var styleNames = map[ParamStyle]string{StyleForm: "form", StyleSimple: "simple"}

// isCredentialHeader: specs sometimes also list Authorization as a header
// parameter; the security scheme sets it.
func isCredentialHeader(name string) bool {
	return strings.EqualFold(name, "Authorization")
}

func (b *builder) paramType(p *openapi3.Parameter, hint string) Type {
	if p.Schema != nil {
		return b.typeOf(p.Schema, nil, hint)
	}
	for _, mt := range sortedKeys(p.Content) {
		if c := p.Content[mt]; c != nil && c.Schema != nil {
			return b.typeOf(c.Schema, nil, hint)
		}
	}
	return String
}

// isJSON accepts application/json and its +json relatives.
func isJSON(mediaType string) bool {
	mt, _, err := mime.ParseMediaType(mediaType)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "*/*"
}

const (
	formMediaType      = "application/x-www-form-urlencoded"
	multipartMediaType = "multipart/form-data"
)

func mediaTypeOf(s string) string {
	mt, _, err := mime.ParseMediaType(s)
	if err != nil {
		return strings.ToLower(s)
	}
	return mt
}

// requestBody picks how a body is sent: JSON first, then form-encoded, then
// multipart, then any other type as raw bytes. A multipart body other than
// form-data (mixed, related) is sent as raw bytes the caller encodes.
func (b *builder) requestBody(o *Operation, rb *openapi3.RequestBody) *RequestBody {
	keys := sortedKeys(rb.Content)
	pick := func(match func(string) bool) string {
		for _, mt := range keys {
			if match(mt) {
				return mt
			}
		}
		return ""
	}
	body := &RequestBody{Required: rb.Required, Description: docText(rb.Description)}
	if mt := pick(isJSON); mt != "" {
		body.Encoding, body.ContentType = EncodingJSON, "application/json"
		body.Type = Any
		if media := rb.Content[mt]; media != nil && media.Schema != nil {
			body.Type = b.bodyType(media.Schema, o.GoName+"Request")
		}
		return body
	}
	for _, structured := range []struct {
		mediaType string
		encoding  BodyEncoding
	}{{formMediaType, EncodingForm}, {multipartMediaType, EncodingMultipart}} {
		if mt := pick(func(s string) bool { return mediaTypeOf(s) == structured.mediaType }); mt != "" {
			body.Encoding, body.ContentType = structured.encoding, structured.mediaType
			body.Type = Any
			if media := rb.Content[mt]; media != nil && media.Schema != nil {
				body.Type = b.bodyType(media.Schema, o.GoName+"Request")
			}
			return body
		}
	}
	if mt := pick(func(string) bool { return true }); mt != "" {
		body.Encoding, body.ContentType = EncodingRaw, mediaTypeOf(mt)
		if strings.Contains(body.ContentType, "*") {
			body.ContentType = "application/octet-stream"
		}
		body.Type = Bytes
		return body
	}
	return nil
}

// response picks the 2xx body: the lowest 2xx status with content, typed
// when it is JSON and raw bytes otherwise. When the spec declares a success
// envelope, the type is that of the envelope's data.
func (b *builder) response(o *Operation, op *openapi3.Operation) (t Type, raw bool) {
	if op.Responses == nil {
		return nil, false
	}
	responses := op.Responses.Map()
	var codes []string
	for code := range responses {
		if len(code) == 3 && code[0] == '2' {
			codes = append(codes, code)
		}
	}
	sort.Strings(codes) // "200" < "201" < "2XX"
	for _, code := range codes {
		ref := responses[code]
		if ref == nil || ref.Value == nil || len(ref.Value.Content) == 0 {
			continue
		}
		for name := range ref.Value.Headers {
			if strings.EqualFold(name, "Link") {
				b.linkHeader[o.ID] = true // a convention pagination may infer from
			}
		}
		for _, mt := range sortedKeys(ref.Value.Content) {
			if !isJSON(mt) {
				continue
			}
			// Ask for what the document says it sends: a vendor type
			// (application/vnd.github+json) or */*; plain JSON is the
			// runtime's default. A vendor type keeps its parameters
			// (PagerDuty's application/vnd.pagerduty+json;version=2).
			if mediaTypeOf(mt) != "application/json" {
				o.Accept = strings.TrimSpace(mt)
			}
			media := ref.Value.Content[mt]
			if media == nil || media.Schema == nil {
				return Any, false
			}
			pointer := b.ext.Success.Data
			if o.OwnSuccess {
				pointer = o.SuccessData
			}
			schemaRef := unwrapSuccess(media.Schema, pointer)
			return b.bodyType(schemaRef, o.GoName+"Response"), false
		}
		return Bytes, true
	}
	return nil, false
}

// bodyType is the type of a request or response body: a component's type,
// or a model named <Op>Request / <Op>Response for an inline schema of any
// shape, so that methods never return *[]T or *map[string]T.
func (b *builder) bodyType(ref *openapi3.SchemaRef, name string) Type {
	if _, ok := componentName(ref.Ref); ok || ref.Value == nil {
		return b.typeOf(ref, nil, name)
	}
	return b.inlineModel(name, ref.Value)
}

// unwrapSuccess follows the success envelope's data pointer into a
// response schema. A schema that does not have the envelope's shape is taken
// to describe the data itself.
func unwrapSuccess(ref *openapi3.SchemaRef, pointer string) *openapi3.SchemaRef {
	if pointer == "" {
		return ref
	}
	cur := ref
	for _, token := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		token = strings.ReplaceAll(strings.ReplaceAll(token, "~1", "/"), "~0", "~")
		if cur == nil || cur.Value == nil {
			return ref
		}
		next := findProperty(cur.Value, token)
		if next == nil {
			return ref
		}
		cur = next
	}
	return cur
}

// findProperty looks up a property, through allOf parts too.
func findProperty(s *openapi3.Schema, name string) *openapi3.SchemaRef {
	if p, ok := s.Properties[name]; ok {
		return p
	}
	for _, part := range s.AllOf {
		if part.Value != nil {
			if p := findProperty(part.Value, name); p != nil {
				return p
			}
		}
	}
	return nil
}

// credentialUserFor is the basic scheme whose user name the path parameter
// defaults to (credentials.<scheme>.userPathParam), when the operation can
// send that scheme's credential.
func (b *builder) credentialUserFor(name string, o *Operation) AuthScheme {
	for _, s := range b.p.Schemes {
		basic, ok := s.(*BasicScheme)
		if !ok || basic.UserPathParam != name {
			continue
		}
		b.userPathParamUsed[basic.Name] = true
		return s
	}
	return nil
}

// warnUnusedUserPathParams: a userPathParam no operation has is a typo or
// a parameter the vendor renamed.
func (b *builder) warnUnusedUserPathParams() {
	for _, name := range sortedKeys(b.userPathParamPos) {
		if !b.userPathParamUsed[name] {
			b.warn(b.userPathParamPos[name], "%s.credentials.%s.userPathParam: no operation has a path parameter so named", ExtensionKey, name)
		}
	}
}

// operationSuccess applies success.operations: an operation whose 2xx body
// has its own envelope (Slack's users.list keeps its data in /members).
func (b *builder) operationSuccess(o *Operation) {
	for _, c := range b.ext.Success.Operations {
		if c.OperationID != o.ID {
			continue
		}
		if c.Data != "" && !strings.HasPrefix(c.Data, "/") {
			return // reported by checkSuccessOperations
		}
		if c.Data != b.ext.Success.Data {
			o.SuccessData, o.OwnSuccess = c.Data, true
		}
		b.successOperationUsed[c.OperationID] = true
	}
}

// checkSuccessOperations reports success.operations entries that name no
// operation or hold no pointer.
func (b *builder) checkSuccessOperations() {
	for _, c := range b.ext.Success.Operations {
		where := ExtensionKey + ".success.operations." + c.OperationID
		switch {
		case c.Data != "" && !strings.HasPrefix(c.Data, "/"):
			b.problem(c.pos, "%s: %q is not a JSON pointer (want one like \"/data\", or \"\" for the whole body)", where, c.Data)
		case !b.successOperationUsed[c.OperationID]:
			b.problem(c.pos, "%s: no operation has this operationId", where)
		}
	}
}
