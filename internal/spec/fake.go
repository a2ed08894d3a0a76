package spec

// The fake concern: what the fake provider package (<pkg>fake) decides
// about the provider, decided here once, so that its emitter only writes
// the decisions down and parses no spec text: the path it serves the API
// under, the codes it refuses with, the credentials it accepts, the
// operations it routes and the names its code uses.

import (
	"encoding/json"
	"maps"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/authgen/authgen/internal/genid"
	"github.com/getkin/kin-openapi/openapi3"
)

// The credentials a fake accepts besides each scheme's Secret: the same
// for every scheme and provider.
const (
	FakeUser         = "fake-user"
	FakePassword     = "fake-password"
	FakeClientID     = "fake-client"
	FakeClientSecret = "fake-client-secret"
	// FakeAccessToken is the one access token a fake issues for every
	// OAuth 2.0 flow: its token endpoint cannot tell which scheme asked.
	FakeAccessToken = "fake-access-token"
	// FakeSigningKeyID and FakeSigningSecret are the keys a fake checks
	// signed requests with (x-authgen.signing).
	FakeSigningKeyID  = "fake-signing-key-id"
	FakeSigningSecret = "fake-signing-secret"
)

// Fake is the fake provider's model.
type Fake struct {
	// Package is the fake's package name: the client's, then "fake".
	Package string
	// BasePath is the path of the default environment's URL ("/v1"), its
	// server variables filled: the fake serves the API under it, as the
	// provider does. "" when the URL has no path, or there is none.
	BasePath string
	// UnauthorizedCode is the vendor code of a refused credential: a code
	// the spec lists with status 401, one that reads as an invalid or
	// unauthorized credential preferred; "unauthorized" when none.
	UnauthorizedCode string
	// RateLimitedCode is the first code listed with status 429;
	// "rate_limited" when none.
	RateLimitedCode string
	// FaultCodes are the vendor's codes an injected fault of each status
	// the spec lists a code for answers with, in place of the status in
	// words: of several, the one that reads as the status (object_not_found
	// for 404), else the first. By status.
	FaultCodes []FakeStatusCode
	// Schemes are the credentials the fake accepts, one per scheme, in
	// the order of Provider.Schemes.
	Schemes []FakeScheme
	// Routes are the operations the fake routes: of several with one
	// method and path (they differ by server or body, which its router
	// does not look at), the first. In the order of Provider.Operations.
	Routes []FakeRoute
	// ErrorShape is the error envelope as the error schemas draw it;
	// zero when the spec declares none that holds the envelope's code and
	// message.
	ErrorShape FakeErrorShape
	Names      FakeNames
}

// FakeErrorShape is the error envelope as the first error schema that
// holds both the envelope's code and message pointers gives it, so that
// the fake writes arrays, numbers and constants where the vendor does.
type FakeErrorShape struct {
	// Skeleton is the envelope's JSON before the code and message are
	// written: the arrays and objects along their pointers (one item for
	// a * pointer), with each object's constant members (a const or a
	// one-value enum) and a value the schema allows for every other
	// required member, so that the envelope validates against it.
	Skeleton string
	// CodeType and MessageType are the JSON types of the code and
	// message: "string", "integer", "number", "boolean", or "array" for a
	// list.
	CodeType, MessageType string
	// CodeValues are the values the code's schema enumerates, as text
	// (GitHub's agent-tasks: missing, invalid, ...); empty when it takes
	// any. The fake's own codes, and a test's, become one of them.
	CodeValues []string
	// CodePointer and MessagePointer are where the fake writes the code
	// and message when the spec declares no envelope: where the error
	// schema has room for them ("" for none). A declared envelope's
	// pointers are the spec's (Errors.CodePointer, Errors.MessagePointer).
	CodePointer, MessagePointer string
	// Undeclared: the spec declares no envelope, so CodePointer and
	// MessagePointer are where this schema has room ("" for none).
	Undeclared bool
}

// FakeStatusCode is a status and the vendor's code for it.
type FakeStatusCode struct {
	Status int
	Code   string
}

// FakeScheme is a security scheme and the credential a fake accepts for it.
type FakeScheme struct {
	Scheme AuthScheme `dump:"ref"`
	// Secret is the key or token the fake accepts, shaped as the scheme's
	// first key format wants it; for basic, the password; for an OAuth 2.0
	// flow, the access token the fake issues (FakeAccessToken).
	Secret string
	// User is, for basic, the user name as the client sends it (the
	// scheme's user-name shape applied to FakeUser).
	User string
}

// FakeRoute is one routed operation as the fake's router matches it.
type FakeRoute struct {
	Operation *Operation `dump:"ref"`
	// Pattern is the operation's path without its leading and trailing
	// slash, from its path segments.
	Pattern []FakePiece
	// Args are the locals the fake's handler reads the path arguments
	// into, one per path parameter: the argument's name, or the name with
	// a number when the fake's own names or imports take it (a parameter
	// called h, or called like the client's package).
	Args []string
	// Status is the success status the fake answers with: the first 2xx
	// the operation declares (201 for a create that documents only 201),
	// a range 2XX read as 200; when it declares none, 200, or 204 for an
	// operation with no response body.
	Status int
	// MediaType is the media type of the documented success at Status,
	// which the fake's answers with a body carry: application/json when
	// declared, else the client's Accept, else the first JSON type, else
	// the first (S3's application/xml); "" when that success has no body.
	MediaType string
	// Result is the JSON of the authgenfake.Shape of the documented
	// success body: what the fake fills in where a handler left a
	// required member at a zero value the document does not allow; ""
	// when nothing in it needs filling.
	Result string
	// ErrorShapes are the error envelopes of the operation's documented
	// error codes, when one of its error schemas draws another envelope
	// than Fake.ErrorShape (GitHub's pulls/merge-async, SendGrid's
	// operations): by response code ("400", "4XX", "default"), in the
	// document's order of codes; none when they are all the spec's.
	ErrorShapes []FakeStatusErrorShape
}

// FakeStatusErrorShape is an operation's own error envelope for a response
// code.
type FakeStatusErrorShape struct {
	Code  string // "400", "4XX" or "default"
	Shape FakeErrorShape
}

// FakePiece is literal text, or a path parameter (Literal empty): Param,
// at Index in the operation's PathParams, which takes several segments
// when Multi.
type FakePiece struct {
	Literal string
	Param   *Parameter `dump:"ref"`
	Index   int
	Multi   bool
}

// FakeNames are the names the fake's code uses, claimed in one registry so
// that nothing the spec names meets them. The fake's package-level names
// are exported and fixed (Server, NewServer, Error, ...), or hold an upper
// case letter, so no package name meets them; what the spec can meet is
// the client's package name, which the fake imports, and the path
// arguments, which its handlers declare as locals. The client keeps its
// package name; the other imports, then the locals, yield.
type FakeNames struct {
	// Renamed are the imports whose name the client's package takes, and
	// the name each goes by instead (http2); the others keep theirs.
	Renamed []FakeImport
	// SpecVar is the package variable holding the provider's
	// authgenfake.Spec.
	SpecVar string
	// The receiver and the fake's parameters and locals.
	Receiver, Handler, Context, Call, Err, Params string
	All, Opts, Client, TB, Status, Code, Message  string
}

// FakeImport is an imported package and the name the fake's code uses.
type FakeImport struct {
	Path, Name string
}

func (o *Operation) refName() string { return o.ID }

// fakeImports are the packages a fake may import besides its client:
// time and encoding/json for the types of path arguments and results,
// the client runtime for the words of the fake's Spec.
var fakeImports = []string{"context", "encoding/json", "io", "net/http", "testing", "time", genid.RuntimePath, genid.FakeRuntimePath}

// buildFake decides the fake: after everything else, from the finished
// model.
func (b *builder) buildFake() {
	p := b.p
	f := &Fake{Package: p.Package + "fake", BasePath: fakeBasePath(p)}
	f.UnauthorizedCode, f.RateLimitedCode = fakeCodes(p.Errors.Codes)
	f.FaultCodes = faultCodes(p.Errors.Codes)
	for _, s := range p.Schemes {
		f.Schemes = append(f.Schemes, fakeScheme(s))
	}
	names := newFakeRegistry(p.Package)
	f.Names = names.fakeNames()
	f.Routes = fakeRoutes(p, names)
	f.ErrorShape = b.fakeErrorShape()
	for i := range f.Routes {
		f.Routes[i].Status = b.successStatus(f.Routes[i].Operation)
		f.Routes[i].MediaType, f.Routes[i].Result = b.successAnswer(f.Routes[i].Operation, f.Routes[i].Status)
		f.Routes[i].ErrorShapes = b.routeErrorShapes(f.Routes[i].Operation, f.ErrorShape)
	}
	p.Fake = f
}

// fakeBasePath is the path of the default environment's URL, each server
// variable filled with a value that parses.
func fakeBasePath(p *Provider) string {
	if len(p.Environments) == 0 {
		return ""
	}
	raw := p.Environments[0].URL
	for _, v := range p.ServerVariables {
		raw = strings.ReplaceAll(raw, "{"+v.Name+"}", "fake")
	}
	u, err := url.Parse(raw)
	if err != nil {
		return ""
	}
	return strings.TrimSuffix(u.Path, "/")
}

// fakeCodes picks the vendor codes of a refused credential and of a rate
// limit from the spec's table: the 401 code that reads as an invalid or
// unauthorized credential (INVALID_API_KEY rather than API_KEY_EXPIRED),
// else the first; the first 429 code.
func fakeCodes(codes []ErrorCode) (unauthorized, rateLimited string) {
	unauthorized, rateLimited = "unauthorized", "rate_limited"
	firstUnauthorized, firstLimited := true, true
	for _, c := range codes {
		lower := strings.ToLower(c.Code)
		preferred := strings.Contains(lower, "invalid") || strings.Contains(lower, "unauthori")
		if c.Status == 401 && (firstUnauthorized || preferred) {
			unauthorized, firstUnauthorized = c.Code, false
		}
		if c.Status == 429 && firstLimited {
			rateLimited, firstLimited = c.Code, false
		}
	}
	return unauthorized, rateLimited
}

// faultCodes are the vendor's codes for each error status its table
// lists: of several for one status, the first that reads as the status
// (object_not_found for Not Found, SERVICE_UNAVAILABLE), else the first.
func faultCodes(codes []ErrorCode) []FakeStatusCode {
	byStatus := map[int]string{}
	for _, c := range codes {
		if c.Status < 400 || c.Status > 599 {
			continue
		}
		if _, ok := byStatus[c.Status]; !ok || readsAs(c.Code, c.Status) && !readsAs(byStatus[c.Status], c.Status) {
			byStatus[c.Status] = c.Code
		}
	}
	var out []FakeStatusCode
	for _, status := range slices.Sorted(maps.Keys(byStatus)) {
		out = append(out, FakeStatusCode{Status: status, Code: byStatus[status]})
	}
	return out
}

// readsAs: code holds the status's text, whatever its case and
// separators (not_found, NotFound, NOT-FOUND for 404).
func readsAs(code string, status int) bool {
	letters := func(s string) string {
		return strings.Map(func(r rune) rune {
			if 'a' <= r && r <= 'z' {
				return r
			}
			return -1
		}, strings.ToLower(s))
	}
	text := letters(http.StatusText(status))
	return text != "" && strings.Contains(letters(code), text)
}

// fakeScheme is the credential the fake accepts for s.
func fakeScheme(s AuthScheme) FakeScheme {
	fs := FakeScheme{Scheme: s, Secret: fakeKey(s.Common())}
	switch x := s.(type) {
	case *OAuth2Scheme:
		if x.ClientCredentials != nil || x.Password != nil {
			fs.Secret = FakeAccessToken
		}
	case *BasicScheme:
		fs.User = x.UserPrefix + FakeUser + x.UserSuffix
		if x.KeyOnly {
			fs.User = x.UserPrefix // fixed or empty; the option takes only the key
		}
	}
	return fs
}

// fakeKeyBodies are the bodies tried after a key format's prefix, longest
// first: one of them usually matches the format's pattern.
var fakeKeyBodies = []string{"fake0123456789abcdef0123456789ab", "FAKE0123456789", "0123456789", "fake"}

// fakeKey is a key the client's checks accept: the first key format's
// prefix, and a body that makes the key match its pattern when one of
// fakeKeyBodies does (else the first body). A scheme with no key format
// gets a key named after it.
func fakeKey(c *SchemeCommon) string {
	if len(c.KeyFormats) == 0 {
		return "fake-" + strings.ToLower(c.GoName) + "-0123456789abcdef"
	}
	kf := c.KeyFormats[0]
	var re *regexp.Regexp
	if kf.Pattern != "" {
		re, _ = regexp.Compile(kf.Pattern) // checked when the scheme was built
	}
	for _, body := range fakeKeyBodies {
		if key := kf.Prefix + body; re == nil || re.MatchString(key) {
			return key
		}
	}
	return kf.Prefix + fakeKeyBodies[0]
}

// fakeRegistry claims the fake's names: the client's package name first,
// then the other imports, then the fake's own locals.
type fakeRegistry struct {
	*registry
	renamed []FakeImport
}

func newFakeRegistry(clientPackage string) *fakeRegistry {
	r := &fakeRegistry{registry: &registry{owners: map[string]string{}, next: map[string]int{}}}
	r.owners[clientPackage] = "the client's import"
	for _, path := range fakeImports {
		name := path[strings.LastIndex(path, "/")+1:]
		if got := r.claim(name, "an import"); got != name {
			r.renamed = append(r.renamed, FakeImport{Path: path, Name: got})
		}
	}
	return r
}

// fakeNames claims the fake's fixed parameters and locals.
func (r *fakeRegistry) fakeNames() FakeNames {
	local := func(name string) string { return r.claim(name, "the fake") }
	return FakeNames{
		Renamed: r.renamed, SpecVar: r.claim("fakeSpec", "the fake's spec"),
		Receiver: local("s"), Handler: local("h"), Context: local("ctx"), Call: local("c"), Err: local("err"), Params: local("params"),
		All: local("all"), Opts: local("opts"), Client: local("client"), TB: local("tb"),
		Status: local("status"), Code: local("code"), Message: local("message"),
	}
}

// args claims, for one handler, a local per path argument. The claims
// are the handler's own: each handler starts from the fake's names.
func (r *fakeRegistry) args(op *Operation) []string {
	scope := &registry{owners: make(map[string]string, len(r.owners)+len(op.PathParams)), next: map[string]int{}}
	for name, owner := range r.owners {
		scope.owners[name] = owner
	}
	args := make([]string, len(op.PathParams))
	for i, pp := range op.PathParams {
		args[i] = scope.claim(pp.GoName, "a path argument")
	}
	return args
}

// fakeRoutes lists the operations the fake routes, with their patterns.
func fakeRoutes(p *Provider, names *fakeRegistry) []FakeRoute {
	var routes []FakeRoute
	seen := map[string]bool{}
	for i := range p.Operations {
		op := &p.Operations[i]
		pattern := fakePattern(op)
		key := op.Method + " " + patternKey(pattern)
		if seen[key] {
			continue
		}
		seen[key] = true
		routes = append(routes, FakeRoute{Operation: op, Pattern: pattern, Args: names.args(op)})
	}
	return routes
}

// patternKey is a pattern with every parameter alike: two operations with
// one key are one route to the router.
func patternKey(pattern []FakePiece) string {
	var key strings.Builder
	for _, piece := range pattern {
		if piece.Literal == "" {
			key.WriteString("{}")
		}
		key.WriteString(piece.Literal)
	}
	return key.String()
}

// fakePattern is an operation's path as the fake's router matches it,
// from the model's path segments, without the leading and trailing slash.
func fakePattern(op *Operation) []FakePiece {
	var out []FakePiece
	for i, seg := range op.PathSegments {
		if seg.Param == nil {
			lit := seg.Literal
			if i == 0 {
				lit = strings.TrimLeft(lit, "/")
			}
			if i == len(op.PathSegments)-1 {
				lit = strings.TrimRight(lit, "/")
			}
			if lit != "" {
				out = append(out, FakePiece{Literal: lit})
			}
			continue
		}
		for j := range op.PathParams {
			if &op.PathParams[j] == seg.Param {
				out = append(out, FakePiece{Param: seg.Param, Index: j, Multi: seg.Param.MultiSegment})
			}
		}
	}
	return out
}

// successStatus is the first 2xx status the operation declares, in
// numeric order; see FakeRoute.Status.
func (b *builder) successStatus(op *Operation) int {
	var declared []int
	if item := b.doc.Paths.Value(op.Path); item != nil {
		if o := item.GetOperation(op.Method); o != nil && o.Responses != nil {
			for code := range o.Responses.Map() {
				declared = append(declared, successCode(code))
			}
		}
	}
	declared = slices.DeleteFunc(declared, func(c int) bool { return c == 0 })
	if len(declared) > 0 {
		return slices.Min(declared)
	}
	if op.Response == nil && !op.RawResponse {
		return 204
	}
	return 200
}

// successCode is a response key as a 2xx status: "201" is 201, the range
// "2XX" is 200; 0 for anything else.
func successCode(code string) int {
	if strings.EqualFold(code, "2XX") {
		return 200
	}
	n, err := strconv.Atoi(code)
	if err != nil || n < 200 || n > 299 {
		return 0
	}
	return n
}

// fakeErrorShape draws the envelope from the first error schema in which
// both of its pointers resolve. A spec that declares no envelope has the
// fake write where the first error schema has room for a code and
// message: the first of the envelopes the client reads without one
// (undeclaredEnvelopes) that the schema holds; else top-level code and
// message when the schema takes members it does not name; else the
// skeleton alone, the fake's words left out rather than make an envelope
// the document does not allow.
func (b *builder) fakeErrorShape() FakeErrorShape {
	for _, s := range b.errorSchemas() {
		shape, ok := b.errorShapeOf(s)
		if ok || !b.envelopeDeclared() {
			return shape
		}
	}
	return FakeErrorShape{}
}

// envelopeDeclared: the spec says where an error body keeps its code or
// message.
func (b *builder) envelopeDeclared() bool {
	return strings.HasPrefix(b.p.Errors.CodePointer, "/") || strings.HasPrefix(b.p.Errors.MessagePointer, "/")
}

// errorShapeOf is the envelope error schema s draws (see fakeErrorShape);
// false when the declared envelope's pointers do not resolve in s, or s
// draws nothing.
func (b *builder) errorShapeOf(s *openapi3.Schema) (FakeErrorShape, bool) {
	if !b.envelopeDeclared() {
		code, message := undeclaredEnvelope(s)
		shape, ok := drawShape(s, code, message)
		if !ok {
			return FakeErrorShape{}, false
		}
		shape.CodePointer, shape.MessagePointer, shape.Undeclared = code, message, true
		return shape, true
	}
	code, message := b.p.Errors.CodePointer, b.p.Errors.MessagePointer
	if !pointerResolves(s, code) || !pointerResolves(s, message) {
		return FakeErrorShape{}, false
	}
	return drawShape(s, code, message)
}

// routeErrorShapes are the envelopes op's own error schemas draw, every
// documented code's, when one of them differs from the spec's (global):
// a fake answering that operation with that status writes the
// operation's, and with a status it does not document, the first.
func (b *builder) routeErrorShapes(op *Operation, global FakeErrorShape) []FakeStatusErrorShape {
	item := b.doc.Paths.Value(op.Path)
	if item == nil {
		return nil
	}
	o := item.GetOperation(op.Method)
	if o == nil || o.Responses == nil {
		return nil
	}
	var out []FakeStatusErrorShape
	differs := false
	responses := o.Responses.Map()
	for _, code := range sortedKeys(responses) {
		if code != "default" && code[0] != '4' && code[0] != '5' {
			continue
		}
		ref := responses[code]
		if ref == nil || ref.Value == nil {
			continue
		}
		for _, mt := range sortedKeys(ref.Value.Content) {
			media := ref.Value.Content[mt]
			if !isJSON(mt) || media == nil || media.Schema == nil || media.Schema.Value == nil {
				continue
			}
			if shape, ok := b.errorShapeOf(media.Schema.Value); ok {
				differs = differs || !shape.equal(global)
				if code != "default" {
					code = strings.ToUpper(code) // 4xx is 4XX
				}
				out = append(out, FakeStatusErrorShape{Code: code, Shape: shape})
			}
			break // the first JSON media type, as the client reads it
		}
	}
	if !differs {
		return nil // the spec's envelope is the operation's
	}
	return out
}

// drawShape is the envelope of s with the code and message at their
// pointers ("" for none).
func drawShape(s *openapi3.Schema, code, message string) (FakeErrorShape, bool) {
	var doc any = skeletonMembers(s, 0)
	if schemaType(s) == "array" {
		// An envelope that is a list (SendGrid's SSO errors): a list,
		// which the pointers below fill if they lead into it.
		doc = []any{}
	}
	doc, codeLeaf := drawPointer(doc, s, pointerTokens(code))
	doc, messageLeaf := drawPointer(doc, s, pointerTokens(message))
	raw, err := json.Marshal(doc)
	if err != nil {
		return FakeErrorShape{}, false
	}
	shape := FakeErrorShape{Skeleton: string(raw), CodeType: jsonType(codeLeaf), MessageType: jsonType(messageLeaf)}
	if code == "" {
		shape.CodeType = "string" // nothing is written: the leaf is the root
	} else {
		shape.CodeValues = enumValuesText(codeLeaf)
	}
	if message == "" {
		shape.MessageType = "string"
	}
	return shape, true
}

// equal: the two shapes draw the same envelope.
func (s FakeErrorShape) equal(o FakeErrorShape) bool {
	return s.Skeleton == o.Skeleton && s.CodeType == o.CodeType && s.MessageType == o.MessageType &&
		s.CodePointer == o.CodePointer && s.MessagePointer == o.MessagePointer && s.Undeclared == o.Undeclared &&
		slices.Equal(s.CodeValues, o.CodeValues)
}

// enumValuesText is the values a scalar schema enumerates, as text (a list's,
// its items'); nil when it enumerates none. A null among them is no
// code.
func enumValuesText(s *openapi3.Schema) []string {
	if s != nil && schemaType(s) == "array" && s.Items != nil {
		s = s.Items.Value
	}
	if s == nil {
		return nil
	}
	var out []string
	for _, v := range s.Enum {
		switch v := v.(type) {
		case string:
			out = append(out, v)
		case float64:
			out = append(out, strconv.FormatFloat(v, 'f', -1, 64))
		case bool:
			out = append(out, strconv.FormatBool(v))
		}
	}
	return out
}

// undeclaredEnvelopes are the envelopes the client runtime reads an error
// from when the spec declares none, in its order (authgenrt's
// fillFromCommonShapes; TestUndeclaredEnvelopesAreTheClients keeps the
// two lists one).
var undeclaredEnvelopes = []struct{ code, message string }{
	{"/error/code", "/error/message"},
	{"/error/type", "/error/message"},
	{"/errors/0/code", "/errors/0/message"},
	{"/errors/0/code", "/errors/0/detail"},
	{"/code", "/message"},
	{"/error", "/error_description"},
	{"", "/error"},
	{"", "/message"},
	{"", "/detail"},
}

// undeclaredEnvelope is where the fake of a spec that declares no
// envelope writes the code and message in s: see fakeErrorShape.
func undeclaredEnvelope(s *openapi3.Schema) (code, message string) {
	for _, e := range undeclaredEnvelopes {
		if schemaHolds(s, e.message) && (e.code == "" || schemaHolds(s, e.code)) {
			return e.code, e.message
		}
	}
	if (s.Type == nil || s.Type.Is("object")) && !(s.AdditionalProperties.Has != nil && !*s.AdditionalProperties.Has) {
		return "/code", "/message"
	}
	return "", ""
}

// schemaHolds: pointer leads, in s, through properties and array items
// to a member s names (a free-form object names none).
func schemaHolds(s *openapi3.Schema, pointer string) bool {
	for _, token := range pointerTokens(pointer) {
		if s == nil {
			return false
		}
		if _, err := strconv.Atoi(token); err == nil && s.Items != nil {
			s = s.Items.Value
			continue
		}
		ref := findProperty(s, token)
		if ref == nil {
			return false
		}
		s = ref.Value
	}
	return s != nil
}

// pointerResolves: an absent pointer, or one that leads into s.
func pointerResolves(s *openapi3.Schema, pointer string) bool {
	if !strings.HasPrefix(pointer, "/") {
		return true
	}
	_, ok := resolvePointer(s, pointer)
	return ok
}

// pointerTokens are a pointer's unescaped tokens; none for "" (no pointer).
func pointerTokens(pointer string) []string {
	if !strings.HasPrefix(pointer, "/") {
		return nil
	}
	tokens := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	for i, t := range tokens {
		tokens[i] = strings.ReplaceAll(strings.ReplaceAll(t, "~1", "/"), "~0", "~")
	}
	return tokens
}

// maxSkeletonIndex bounds an array index a pointer may make the skeleton
// hold: an envelope's code is at /errors/0, not /errors/100000.
const maxSkeletonIndex = 16

// drawPointer adds to doc the containers the pointer's tokens pass
// through in s (an array for an index into an array schema, or for *,
// every item, of which the fake writes one), each object with its
// skeleton members; it leaves the last member out, for the fake to write,
// and returns its schema (nil when untyped).
func drawPointer(doc any, s *openapi3.Schema, tokens []string) (any, *openapi3.Schema) {
	if len(tokens) == 0 {
		return doc, s
	}
	token := tokens[0]
	if s != nil && s.Items != nil {
		i, err := strconv.Atoi(token)
		if token == "*" {
			i, err = 0, nil
		}
		if err == nil && i >= 0 && i <= maxSkeletonIndex {
			item := s.Items.Value
			list, _ := doc.([]any)
			for len(list) <= i {
				list = append(list, skeletonMembers(item, 0))
			}
			if len(tokens) == 1 {
				return list, item
			}
			var leaf *openapi3.Schema
			list[i], leaf = drawPointer(list[i], item, tokens[1:])
			return list, leaf
		}
	}
	m, ok := doc.(map[string]any)
	if !ok {
		m = skeletonMembers(s, 0)
	}
	var next *openapi3.Schema
	if s != nil {
		if ref := findProperty(s, token); ref != nil {
			next = ref.Value
		}
	}
	if len(tokens) == 1 {
		delete(m, token) // the fake writes it
		return m, next
	}
	var leaf *openapi3.Schema
	m[token], leaf = drawPointer(m[token], next, tokens[1:])
	return m, leaf
}

// maxSkeletonDepth bounds how deep the skeleton fills required members:
// a recursive schema has no end.
const maxSkeletonDepth = 8

// skeletonMembers are the members of an object schema (its allOf parts
// included) the envelope carries whatever its code and message, each with
// a value the schema allows, so that the envelope validates: every
// constant member (a const or a one-value enum), required or not, as it
// is; every other required member with its default, first enum value or
// example, else the zero of its type (an object with its own members).
func skeletonMembers(s *openapi3.Schema, depth int) map[string]any {
	m := map[string]any{}
	var walk func(s *openapi3.Schema, depth int)
	walk = func(s *openapi3.Schema, depth int) {
		if s == nil || depth > maxSkeletonDepth {
			return
		}
		for name, ref := range s.Properties {
			if p := ref.Value; p != nil && (p.Const != nil || len(p.Enum) == 1) {
				m[name] = allowedValue(p, depth+1)
			}
		}
		for _, name := range s.Required {
			if ref := s.Properties[name]; ref != nil && ref.Value != nil {
				m[name] = allowedValue(ref.Value, depth+1)
			}
		}
		for _, part := range s.AllOf {
			walk(part.Value, depth+1)
		}
	}
	walk(s, depth)
	return m
}

// allowedValue is a value s allows, for a required member of the
// envelope the fake does not otherwise write.
func allowedValue(s *openapi3.Schema, depth int) any {
	switch {
	case s.Const != nil:
		return s.Const
	case s.Default != nil:
		return s.Default
	case len(s.Enum) > 0:
		return s.Enum[0]
	case s.Example != nil:
		return s.Example
	case len(s.Examples) > 0:
		return s.Examples[0]
	case len(s.OneOf) > 0 && s.OneOf[0].Value != nil:
		return allowedValue(s.OneOf[0].Value, depth+1)
	case len(s.AnyOf) > 0 && s.AnyOf[0].Value != nil:
		return allowedValue(s.AnyOf[0].Value, depth+1)
	}
	switch {
	case s.Type == nil:
		if len(s.Properties) > 0 || len(s.AllOf) > 0 {
			return skeletonMembers(s, depth)
		}
		return nil // untyped: anything goes, null too
	case s.Type.Is("string"):
		return zeroString(s)
	case s.Type.Is("integer"), s.Type.Is("number"):
		if s.Min != nil && *s.Min > 0 {
			return math.Ceil(*s.Min)
		}
		return 0
	case s.Type.Is("boolean"):
		return false
	case s.Type.Is("array"):
		return []any{}
	case s.Type.Is("null"):
		return nil
	}
	return skeletonMembers(s, depth)
}

// zeroString is the shortest text a string schema's format and length
// allow, as far as the fake can tell.
func zeroString(s *openapi3.Schema) string {
	switch s.Format {
	case "date-time":
		return "1970-01-01T00:00:00Z"
	case "date":
		return "1970-01-01"
	case "uuid":
		return "00000000-0000-0000-0000-000000000000"
	case "email":
		return "fake@example.com"
	case "uri", "url":
		return "https://fake.example"
	}
	return strings.Repeat("x", int(min(s.MinLength, 64)))
}

// jsonType is the JSON type the fake writes a value of s as: a list for
// an array, a number for an integer or number, text otherwise.
func jsonType(s *openapi3.Schema) string {
	if s == nil || s.Type == nil {
		return "string"
	}
	for _, t := range []string{"integer", "number", "boolean", "array"} {
		if s.Type.Is(t) {
			return t
		}
	}
	return "string"
}
