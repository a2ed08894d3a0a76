// Package fakecheck holds a fake provider to the document it was
// generated from (issue 27): it calls every operation of a fake through
// its client, makes the fake give each answer it can (a handler's
// success, Error, the 401 of a missing credential, a 429, an injected
// fault, pages, a stream) and validates each with kin-openapi's response
// validator. The catalog's fakes (internal/e2e) and the corpus's (a
// scratch module, internal/gen) go through it.
package fakecheck

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/gorillamux"

	"github.com/authgen/authgen/internal/spec"
	"github.com/authgen/authgen/runtime/authgenfake"
	"github.com/authgen/authgen/runtime/authgenrt"
)

// Fake is a fake provider package's constructor and Error, through
// reflection: every <pkg>fake has its own types.
type Fake struct {
	New   func(testing.TB) any
	Error func(status int, code, message string) error
}

// Scenarios are what Check makes a fake answer, in order.
var Scenarios = []string{"success", "error", "unauthorized", "rate limit", "fault", "pages", "stream"}

// Check calls every operation of the fake in each of Scenarios and
// validates every answer against doc; a failure is a test error, but
// for an error answer when pendingEnvelope (logged and counted). It
// returns the answers by scenario and how each was validated, and how
// many error answers failed while pendingEnvelope.
//
// What it cannot hold a fake to, it counts instead: a status the
// operation does not declare (a 401 or 429 where the document lists none)
// is held to the envelope of the first error the operation declares, and
// is not validated when it declares none; an XML or binary body, to its
// status and media type; a success whose only fault is a pattern, a
// format or a bound the handler's zero value misses (Stripe's list url),
// to nothing more, since no schema says which value would do and a
// handler gives it.
func Check(t *testing.T, doc *openapi3.T, f Fake, pendingEnvelope bool) (answers map[string]int, envelopeFailures int) {
	t.Helper()
	v := newDocumentValidator(t, doc)
	v.pendingEnvelope = pendingEnvelope
	for _, scenario := range Scenarios {
		v.runScenario(t, f, scenario)
	}
	if v.validated == 0 {
		// Every call failed before the fake answered (a token request
		// sent to the vendor's real endpoint, once): nothing was checked.
		t.Error("no answer of the fake reached the validator")
	}
	return v.answers, v.envelopeFailures
}

// Summary is answers as one line: the total, then each kind's count.
func Summary(answers map[string]int) (int, string) {
	n := 0
	var kinds []string
	for kind, c := range answers {
		n += c
		kinds = append(kinds, fmt.Sprintf("%s: %d", kind, c))
	}
	sort.Strings(kinds)
	return n, strings.Join(kinds, "; ")
}

// documentValidator validates a fake's answers against a document.
type documentValidator struct {
	t      *testing.T
	doc    *openapi3.T
	router routers.Router
	// basePath matches the path of the document's first server, its
	// variables any segment: the fake serves under it with its own values
	// ("/admin/api/fake" for Shopify's /admin/api/{version}).
	basePath *regexp.Regexp

	mu sync.Mutex
	// current is the operation of the request under way, for the handler
	// that answers with one of its documented errors.
	current *openapi3.Operation
	// withoutCredentials sends requests with the fake's credentials
	// taken out, for its 401.
	withoutCredentials bool
	answers            map[string]int // by kind (the status class the fake chose, or how it was validated)
	// pendingEnvelope: the fake's error envelopes are known not to match
	// the document yet (pendingEnvelopes); envelopeFailures counts them.
	pendingEnvelope  bool
	envelopeFailures int
	scenario         string // what the fake is made to answer, for the counts
	validated        int    // answers routed to an operation of the document
	// next carries the requests on: the fake's own transport, which
	// takes a flow's token URL to the fake.
	next http.RoundTripper
}

// LoadEdited is the document the spec at specPath describes, as the
// generator reads it (spec.EditedDocument), loaded with kin-openapi.
func LoadEdited(t *testing.T, specPath string) *openapi3.T {
	t.Helper()
	base, data, err := spec.EditedDocument(specPath)
	if err != nil {
		t.Fatal(err)
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = true
	abs, _ := filepath.Abs(base)
	doc, err := loader.LoadFromDataWithPath(data, &url.URL{Path: filepath.ToSlash(abs)})
	if err != nil {
		t.Fatalf("%s: %v", specPath, err)
	}
	lowerHeaderStyles(t, doc)
	nullableAsNull(t, doc)
	return doc
}

// nullableAsNull reads `nullable: true` in an OpenAPI 3.1 document as its
// authors meant it, a type that takes null too: 3.1 dropped the keyword
// (its validator ignores it), but documents carried over from 3.0 keep it
// (SendGrid's, whose own examples hold the nulls), and the generator
// reads it as nullable either way.
func nullableAsNull(t *testing.T, doc *openapi3.T) {
	if !strings.HasPrefix(doc.OpenAPI, "3.1") {
		return
	}
	seen := map[*openapi3.Schema]bool{}
	count := 0
	var walk func(ref *openapi3.SchemaRef)
	walk = func(ref *openapi3.SchemaRef) {
		if ref == nil || ref.Value == nil || seen[ref.Value] {
			return
		}
		s := ref.Value
		seen[s] = true
		if s.Nullable && s.Type != nil && !s.Type.Includes("null") {
			types := append(openapi3.Types{}, *s.Type...)
			types = append(types, "null")
			s.Type = &types
			count++
		}
		for _, p := range s.Properties {
			walk(p)
		}
		walk(s.Items)
		if s.AdditionalProperties.Schema != nil {
			walk(s.AdditionalProperties.Schema)
		}
		for _, list := range [][]*openapi3.SchemaRef{s.OneOf, s.AnyOf, s.AllOf} {
			for _, part := range list {
				walk(part)
			}
		}
	}
	if doc.Components != nil {
		for _, ref := range doc.Components.Schemas {
			walk(ref)
		}
	}
	if doc.Paths != nil {
		for _, item := range doc.Paths.Map() {
			for _, op := range item.Operations() {
				if op.Responses == nil {
					continue
				}
				for _, resp := range op.Responses.Map() {
					if resp.Value == nil {
						continue
					}
					for _, media := range resp.Value.Content {
						if media != nil {
							walk(media.Schema)
						}
					}
				}
			}
		}
	}
	if count > 0 {
		t.Logf("%d schemas of a 3.1 document marked nullable with 3.0's keyword were read as taking null", count)
	}
}

// lowerHeaderStyles writes a response header's style in the case OpenAPI
// gives it (Gong's document says "SIMPLE"): kin-openapi's validator
// cannot read a header otherwise, and gives up on the whole answer, body
// included. The generator reads the header the same either way.
func lowerHeaderStyles(t *testing.T, doc *openapi3.T) {
	if doc.Paths == nil {
		return
	}
	lowered := 0
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.Responses == nil {
				continue
			}
			for _, resp := range op.Responses.Map() {
				if resp.Value == nil {
					continue
				}
				for _, h := range resp.Value.Headers {
					if h.Value != nil && h.Value.Style != strings.ToLower(h.Value.Style) {
						h.Value.Style = strings.ToLower(h.Value.Style)
						lowered++
					}
				}
			}
		}
	}
	if lowered > 0 {
		t.Logf("%d response header styles written in capitals were read as lower case", lowered)
	}
}

func newDocumentValidator(t *testing.T, doc *openapi3.T) *documentValidator {
	t.Helper()
	v := &documentValidator{t: t, doc: doc, answers: map[string]int{}}
	v.basePath = regexp.MustCompile(`^$`)
	if len(doc.Servers) > 0 {
		u := doc.Servers[0].URL
		// Variables become a placeholder that parses as a host or a path.
		u = regexp.MustCompile(`\{[^}/]*\}`).ReplaceAllString(u, "authgenvar")
		if parsed, err := url.Parse(u); err == nil {
			pattern := regexp.QuoteMeta(strings.TrimSuffix(parsed.Path, "/"))
			v.basePath = regexp.MustCompile("^" + strings.ReplaceAll(pattern, "authgenvar", "[^/]+"))
		}
	}
	// Route by path alone: the fake serves on its own host, under the
	// base path the validator strips. Twilio's paths name their own
	// servers, which the router would match the host against.
	doc.Servers = nil
	for _, item := range doc.Paths.Map() {
		item.Servers = nil
		for _, op := range item.Operations() {
			op.Servers = nil
		}
	}
	router, err := gorillamux.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	v.router = router
	return v
}

// stripCredentials takes out of r what carries a credential: the
// Authorization and Cookie headers and any header or query value holding
// one of the fake's keys, which all read "fake" or 0123456789.
func stripCredentials(r *http.Request) *http.Request {
	r = r.Clone(r.Context())
	isKey := func(v string) bool {
		return strings.Contains(strings.ToLower(v), "fake") || strings.Contains(v, "0123456789")
	}
	r.Header.Del("Authorization")
	r.Header.Del("Cookie")
	for name, vals := range r.Header {
		for _, val := range vals {
			if isKey(val) {
				r.Header.Del(name)
			}
		}
	}
	q := r.URL.Query()
	for name, vals := range q {
		for _, val := range vals {
			if isKey(val) {
				q.Del(name)
			}
		}
	}
	r.URL.RawQuery = q.Encode()
	return r
}

// routeAmongTwins finds the operation of a request among path templates
// that differ only in their parameters' names (GitHub's GET
// /orgs/{org}/attestations/{subject_digest} beside DELETE
// /orgs/{org}/attestations/{attestation_id}): OpenAPI calls such paths
// identical and forbids them, and the router keeps one of them, so the
// other's method reads as not allowed. The template whose method is the
// request's is the route.
func routeAmongTwins(doc *openapi3.T, r *http.Request) (*routers.Route, map[string]string, bool) {
	if doc == nil || doc.Paths == nil {
		return nil, nil, false
	}
	segments := strings.Split(strings.Trim(r.URL.Path, "/"), "/")
	for _, template := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(template)
		op := item.GetOperation(r.Method)
		if op == nil {
			continue
		}
		parts := strings.Split(strings.Trim(template, "/"), "/")
		if len(parts) != len(segments) {
			continue
		}
		params, match := map[string]string{}, true
		for i, part := range parts {
			if strings.HasPrefix(part, "{") && strings.HasSuffix(part, "}") {
				params[part[1:len(part)-1]] = segments[i]
				continue
			}
			if part != segments[i] {
				match = false
				break
			}
		}
		if match {
			return &routers.Route{Spec: doc, Path: template, PathItem: item, Method: r.Method, Operation: op}, params, true
		}
	}
	return nil, nil, false
}

func (v *documentValidator) RoundTrip(r *http.Request) (*http.Response, error) {
	var reqBody []byte
	if r.Body != nil {
		reqBody, _ = io.ReadAll(r.Body)
		r.Body.Close()
		r.Body = io.NopCloser(bytes.NewReader(reqBody))
	}
	if isTokenRequest(r, reqBody) {
		// An OAuth 2.0 token request, which the fake's transport takes to
		// the fake: the vendor's token endpoint, not the API the document
		// describes.
		v.count("token request (not in the document)")
		return v.next.RoundTrip(r)
	}
	routed := r.Clone(r.Context())
	routed.URL.Path = v.basePath.ReplaceAllString(r.URL.Path, "")
	routed.URL.RawPath = ""
	route, params, err := v.router.FindRoute(routed)
	if err != nil {
		if r2, p2, ok := routeAmongTwins(v.doc, routed); ok {
			route, params, err = r2, p2, nil
		}
	}
	v.mu.Lock()
	if err == nil {
		v.current = route.Operation
	}
	strip := v.withoutCredentials
	v.mu.Unlock()
	if strip {
		r = stripCredentials(r)
	}
	resp, rerr := v.next.RoundTrip(r)
	if rerr != nil {
		return resp, rerr
	}
	body, rerr := io.ReadAll(resp.Body)
	resp.Body.Close()
	if rerr != nil {
		return nil, rerr
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if err != nil {
		v.t.Errorf("%s %s: no route in the document: %v", r.Method, r.URL.Path, err)
		return resp, nil
	}
	v.mu.Lock()
	v.validated++
	v.mu.Unlock()
	status, kind := v.validationStatus(route.Operation, resp.StatusCode)
	if status == 0 {
		v.count(kind)
		return resp, nil
	}
	opts := &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}
	if !isJSON(resp.Header.Get("Content-Type")) && len(body) > 0 {
		// kin-openapi decodes JSON, text and forms; an XML or binary body
		// is checked for its status and media type only.
		opts.ExcludeResponseBody = true
		if !declaresMediaType(route.Operation, status, resp.Header.Get("Content-Type")) {
			v.t.Errorf("%s %s (%s): the fake's %d is %q, a media type the document does not declare", r.Method, r.URL.Path, route.Operation.OperationID, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		kind += ", media type only"
	}
	if resp.StatusCode == http.StatusNoContent {
		// HTTP gives a 204 no body, whatever a document declares for it
		// (Merge declares one).
		opts.ExcludeResponseBody = true
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: routed, PathParams: params, Route: route},
		Status:                 status,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                opts,
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		msg := fmt.Sprintf("%s %s (%s): the fake's %d %.300s is not what the document allows: %.1500v", r.Method, r.URL.Path, route.Operation.OperationID, resp.StatusCode, body, err)
		switch {
		case resp.StatusCode < 300 && onlyValueConstraints(err):
			// A pattern, a format or a bound that the handler's zero value
			// misses: the test's handler gives the value, not the fake.
			kind += ", a zero value the handler gave breaks a pattern, format or bound"
			v.t.Log(msg)
		case contradictoryAllOf(route.Operation, status, err):
			kind += ", a schema no body matches (allOf of closed parts)"
			v.t.Log(msg)
		case v.scenario == "pages" && resp.StatusCode < 300 && onlyInsideItems(err):
			// The items are the test's, sent as it gave them (the harness
			// gives zero values); the page around them is the fake's.
			kind += ", the test's items break the schema"
			v.t.Log(msg)
		case resp.StatusCode >= 400 && v.pendingEnvelope:
			v.envelopeFailures++
			kind += ", envelope pending"
			v.t.Log(msg)
		default:
			v.t.Error(msg)
		}
	}
	v.count(kind)
	return resp, nil
}

func isJSON(contentType string) bool {
	mt, _, _ := mime.ParseMediaType(contentType)
	return mt == "" || strings.HasSuffix(mt, "json")
}

// declaresMediaType: the operation's response at status declares the
// media type (its parameters aside), or a wildcard that covers it.
func declaresMediaType(op *openapi3.Operation, status int, contentType string) bool {
	ref := op.Responses.Status(status)
	if ref == nil {
		ref = op.Responses.Default()
	}
	if ref == nil || ref.Value == nil {
		return false
	}
	got, _, _ := mime.ParseMediaType(contentType)
	for key := range ref.Value.Content {
		want, _, _ := mime.ParseMediaType(key)
		if want == got || want == "*/*" || strings.HasSuffix(want, "/*") && strings.HasPrefix(got, strings.TrimSuffix(want, "*")) {
			return true
		}
	}
	return false
}

// valueConstraints are the schema keywords only a value a handler gives
// can meet: nothing in the schema says which value would.
var valueConstraints = map[string]bool{"pattern": true, "format": true, "minLength": true, "maxLength": true, "minimum": true, "maximum": true, "exclusiveMinimum": true, "exclusiveMaximum": true, "minItems": true}

// isTokenRequest: a form that asks for an OAuth 2.0 token.
func isTokenRequest(r *http.Request, body []byte) bool {
	return r.Method == http.MethodPost && strings.HasPrefix(r.Header.Get("Content-Type"), "application/x-www-form-urlencoded") && bytes.Contains(body, []byte("grant_type="))
}

// onlyInsideItems: every schema error in err is inside an array item (its
// pointer passes an index): a page's items, which the test gives.
func onlyInsideItems(err error) bool {
	errs := schemaErrors(err)
	for _, se := range errs {
		if se == nil || !slices.ContainsFunc(se.JSONPointer(), func(token string) bool {
			_, err := strconv.Atoi(token)
			return err == nil
		}) {
			return false
		}
	}
	return len(errs) > 0
}

// onlyValueConstraints: every schema error in err is one of
// valueConstraints.
func onlyValueConstraints(err error) bool {
	errs := schemaErrors(err)
	for _, se := range errs {
		if se == nil || !valueConstraints[se.SchemaField] {
			return false
		}
	}
	return len(errs) > 0
}

// schemaErrors are the schema errors in err, nil for any other error.
func schemaErrors(err error) []*openapi3.SchemaError {
	var out []*openapi3.SchemaError
	var walk func(err error)
	walk = func(err error) {
		var me openapi3.MultiError
		if errors.As(err, &me) {
			for _, e := range me {
				walk(e)
			}
			return
		}
		var se *openapi3.SchemaError
		if errors.As(err, &se) {
			out = append(out, se)
			return
		}
		out = append(out, nil)
	}
	walk(err)
	return out
}

func (v *documentValidator) count(kind string) {
	v.mu.Lock()
	v.answers[v.scenario+": "+kind]++
	v.mu.Unlock()
}

// validationStatus is the status to validate an answer of the given
// status against: its own where the operation declares it (or a range or
// default that covers it). A status the fake chooses itself (401, 429)
// that the operation does not declare is validated as the first error the
// operation declares, which holds the envelope: the document does not say
// the status, but says what an error looks like. 0: not validated (an
// undeclared status of an operation that declares no error at all).
func (v *documentValidator) validationStatus(op *openapi3.Operation, status int) (int, string) {
	if declared(op, status) {
		return status, "declared " + strconv.Itoa(status/100) + "xx"
	}
	if status < 400 && !declaresSuccess(op) {
		// The document gives the operation errors alone (the petstore's
		// addPet: 405): no success the fake could give is in it.
		return 0, "success of an operation that documents none (not validated)"
	}
	if status < 400 {
		return status, "undeclared success" // fails validation, as it should
	}
	if s := documentedError(op, nil); s != 0 {
		return s, "undeclared " + strconv.Itoa(status) + ", as the documented error"
	}
	return 0, "undeclared " + strconv.Itoa(status) + " of an operation with no documented error (not validated)"
}

// declaresSuccess: the operation declares a 2xx, a 2XX range or a
// default.
func declaresSuccess(op *openapi3.Operation) bool {
	if op.Responses == nil {
		return false
	}
	for key := range op.Responses.Map() {
		if key == "default" || strings.HasPrefix(key, "2") {
			return true
		}
	}
	return false
}

// contradictoryAllOf: the schema of the operation's answer at status
// admits no body where err says a member is unsupported: it, or a schema
// inside it, is an allOf of which a part forbids members besides its own
// and another part, or the schema itself, requires one it lacks (Coda's
// PageDeleteResult: requestId in one closed part, id in another; its
// Table requires viewId, which it does not list).
func contradictoryAllOf(op *openapi3.Operation, status int, err error) bool {
	ref := op.Responses.Status(status)
	if ref == nil || ref.Value == nil || !strings.Contains(err.Error(), "is unsupported") {
		return false
	}
	for _, mt := range ref.Value.Content {
		if mt.Schema != nil && admitsNoBody(mt.Schema.Value, 0, map[*openapi3.Schema]bool{}) {
			return true
		}
	}
	return false
}

func admitsNoBody(s *openapi3.Schema, depth int, seen map[*openapi3.Schema]bool) bool {
	if s == nil || depth > 8 || seen[s] {
		return false
	}
	seen[s] = true
	parts := []*openapi3.Schema{s}
	for _, part := range s.AllOf {
		if part.Value != nil {
			parts = append(parts, part.Value)
		}
	}
	for _, closed := range parts {
		if closed.AdditionalProperties.Has == nil || *closed.AdditionalProperties.Has {
			continue
		}
		for _, other := range parts {
			for _, name := range other.Required {
				if _, ok := closed.Properties[name]; !ok {
					return true
				}
			}
			if other != closed {
				for name := range other.Properties {
					if _, ok := closed.Properties[name]; !ok {
						return true
					}
				}
			}
		}
	}
	var inner []*openapi3.SchemaRef
	for _, p := range s.Properties {
		inner = append(inner, p)
	}
	inner = append(append(append(append(inner, s.Items), s.AllOf...), s.OneOf...), s.AnyOf...)
	for _, r := range inner {
		if r != nil && admitsNoBody(r.Value, depth+1, seen) {
			return true
		}
	}
	return false
}

func declared(op *openapi3.Operation, status int) bool {
	if op.Responses == nil {
		return false
	}
	return op.Responses.Status(status) != nil || op.Responses.Value(strconv.Itoa(status/100)+"XX") != nil || op.Responses.Default() != nil
}

// documentedError is the first error status the operation declares, by
// number (a range or default as its first status), skipping those in
// avoid; 0 for none.
func documentedError(op *openapi3.Operation, avoid func(int) bool) int {
	if op == nil || op.Responses == nil {
		return 0
	}
	var statuses []int
	for key := range op.Responses.Map() {
		switch {
		case key == "default":
			statuses = append(statuses, 400)
		case len(key) == 3 && strings.HasSuffix(key, "XX"):
			n, _ := strconv.Atoi(key[:1])
			statuses = append(statuses, n*100)
		default:
			if n, err := strconv.Atoi(key); err == nil {
				statuses = append(statuses, n)
			}
		}
	}
	sort.Ints(statuses)
	for _, s := range statuses {
		if s >= 400 && (avoid == nil || !avoid(s)) {
			return s
		}
	}
	return 0
}

func (v *documentValidator) runScenario(t *testing.T, cf Fake, scenario string) {
	fake := reflect.ValueOf(cf.New(t))
	clientMethod := fake.MethodByName("Client")
	// WithHTTPClient of the client's package is authgenrt's, converted.
	v.next = http.DefaultTransport
	if embedded := fake.Elem().FieldByName("Server"); embedded.IsValid() {
		if srv, ok := embedded.Interface().(*authgenfake.Server); ok {
			v.next = authgenfake.Transport(srv)
		}
	}
	optionType := clientMethod.Type().In(0).Elem()
	withTransport := reflect.ValueOf(authgenrt.WithHTTPClient(&http.Client{Transport: v})).Convert(optionType)
	// A 429 is the answer to validate, not a wait to sit through.
	noRetries := reflect.ValueOf(authgenrt.WithMaxRetries(0)).Convert(optionType)
	client := clientMethod.Call([]reflect.Value{withTransport, noRetries})[0]
	v.withoutCredentials = scenario == "unauthorized"
	v.scenario = scenario
	defer func() { v.withoutCredentials = false }()
	if scenario == "rate limit" {
		fake.MethodByName("RateLimit").Call([]reflect.Value{reflect.ValueOf(1), reflect.ValueOf(time.Minute)})
	}
	requests := fake.MethodByName("Requests")
	for i := 0; i < fake.NumMethod(); i++ {
		m := fake.Type().Method(i)
		op, ok := strings.CutPrefix(m.Name, "On")
		if !ok {
			continue
		}
		handlerType := m.Type.In(1)
		fake.Method(i).Call([]reflect.Value{reflect.MakeFunc(handlerType, func(args []reflect.Value) []reflect.Value {
			out := documentedResults(handlerType)
			if scenario == "error" {
				v.mu.Lock()
				status := documentedError(v.current, func(s int) bool { return s == 401 || s == 429 })
				v.mu.Unlock()
				if status != 0 {
					out[len(out)-1] = reflect.ValueOf(cf.Error(status, "fake_error", "an error the document declares"))
				}
			}
			return out
		})})
		method := client.MethodByName(op)
		if !method.IsValid() {
			continue
		}
		if scenario == "pages" || scenario == "stream" {
			v.pagesOrStream(fake, client, op, scenario)
			continue
		}
		if scenario == "fault" {
			// The fault goes on the call after a first one that names the
			// operation as the fake routes it.
			before := requests.Call(nil)[0].Len()
			method.Call(fullArgs(method.Type()))
			reqs := requests.Call(nil)[0]
			if reqs.Len() == before {
				continue // the client refused the call before sending it
			}
			last := reqs.Index(reqs.Len() - 1)
			opID := last.FieldByName("Operation").String()
			v.mu.Lock()
			status := documentedError(v.current, func(s int) bool { return s < 500 })
			if status == 0 {
				status = documentedError(v.current, nil)
			}
			v.mu.Unlock()
			if status == 0 {
				continue
			}
			fake.MethodByName("Fail").Call([]reflect.Value{reflect.ValueOf(opID), reflect.ValueOf(reqCount(reqs, opID) + 1), faultValue(fake, status)})
		}
		out := method.Call(fullArgs(method.Type()))
		if rc, ok := out[0].Interface().(io.ReadCloser); ok && rc != nil {
			_, _ = io.Copy(io.Discard, rc)
			rc.Close()
		}
	}
}

func reqCount(reqs reflect.Value, op string) int {
	n := 0
	for i := 0; i < reqs.Len(); i++ {
		if reqs.Index(i).FieldByName("Operation").String() == op {
			n++
		}
	}
	return n
}

// faultValue is a Fault{Status: status} of the fake's own Fault type.
func faultValue(fake reflect.Value, status int) reflect.Value {
	ft := fake.MethodByName("Fail").Type().In(2)
	f := reflect.New(ft).Elem()
	f.FieldByName("Status").SetInt(int64(status))
	return f
}

// documentedResults are zeroResults, but a result that is a union holds
// its first variant at its zero value, not nothing: a handler that gives
// no result where the document promises a body is answered 204, which
// the document does not allow, and is the handler's fault, not the fake's.
func documentedResults(ft reflect.Type) []reflect.Value {
	out := zeroResults(ft)
	for i, v := range out {
		rt := ft.Out(i)
		if rt.Kind() != reflect.Pointer || !v.IsNil() {
			continue
		}
		if u, ok := firstVariant(rt.Elem()); ok {
			out[i] = u
			continue
		}
		// A result that holds a required union (Coda's column format):
		// the union holds its first variant.
		if rt.Elem().Kind() == reflect.Struct {
			r := reflect.New(rt.Elem())
			fillUnions(r.Elem(), 0)
			if mustJSON(r.Interface()) != nil {
				out[i] = r
			}
		}
	}
	return out
}

// firstVariant is a union of type ut holding its first variant (the
// result of its first As... method) at its zero value.
func firstVariant(ut reflect.Type) (reflect.Value, bool) {
	pt := reflect.PointerTo(ut)
	for i := 0; i < pt.NumMethod(); i++ {
		m := pt.Method(i)
		if !strings.HasPrefix(m.Name, "As") || m.Type.NumOut() != 2 {
			continue
		}
		raw, err := json.Marshal(reflect.New(m.Type.Out(0)).Interface())
		if err != nil {
			continue
		}
		u := reflect.New(ut)
		if err := json.Unmarshal(raw, u.Interface()); err != nil {
			continue
		}
		return u, true
	}
	return reflect.Value{}, false
}

// pagesOrStream makes the fake answer the operation's pages (Pages, two
// items a page at a time) or its stream (Stream, one event), when the
// client walks it (<Method>All) or streams it (<Method>Stream), and walks
// them all through the validator.
func (v *documentValidator) pagesOrStream(fake, client reflect.Value, op, scenario string) {
	suffix := map[string]string{"pages": "All", "stream": "Stream"}[scenario]
	walk := client.MethodByName(op + suffix)
	if !walk.IsValid() {
		return
	}
	// A first call names the operation as the fake routes it.
	before := fake.MethodByName("Requests").Call(nil)[0].Len()
	client.MethodByName(op).Call(fullArgs(client.MethodByName(op).Type()))
	reqs := fake.MethodByName("Requests").Call(nil)[0]
	if reqs.Len() == before {
		v.t.Logf("%s: the client sent nothing; its %s is not validated", op, scenario)
		return
	}
	opID := reqs.Index(reqs.Len() - 1).FieldByName("Operation")
	// iter.Seq2[T, error] is func(yield func(T, error) bool).
	seqType := walk.Type().Out(0)
	elem := seqType.In(0).In(0)
	if scenario == "pages" {
		item := any(map[string]any{})
		if zero := reflect.New(elem).Interface(); json.Valid(mustJSON(zero)) && string(mustJSON(zero)) != "null" {
			item = zero
		}
		fake.MethodByName("Pages").Call([]reflect.Value{opID, reflect.ValueOf([]any{item, item}), reflect.ValueOf(1)})
	} else {
		eventType := fake.MethodByName("Stream").Type().In(1).Elem()
		event := reflect.New(eventType).Elem()
		event.FieldByName("Data").Set(reflect.ValueOf(any(map[string]any{})))
		fake.MethodByName("Stream").Call([]reflect.Value{opID, event})
	}
	seq := walk.Call(fullArgs(walk.Type()))[0]
	seq.Call([]reflect.Value{reflect.MakeFunc(seqType.In(0), func([]reflect.Value) []reflect.Value {
		return []reflect.Value{reflect.ValueOf(true)}
	})})
}

// mustJSON is v's JSON, nil when it does not encode (a union left empty).
func mustJSON(v any) []byte {
	b, err := json.Marshal(v)
	if err != nil {
		return nil
	}
	return b
}

// fullArgs are callArgs with each union the body requires holding an
// empty object, so that the client sends the request (OpenAI's chat
// messages) instead of refusing a union left empty.
func fullArgs(mt reflect.Type) []reflect.Value {
	args := callArgs(mt)
	for _, a := range args {
		if a.Kind() == reflect.Pointer && !a.IsNil() && a.Elem().Kind() == reflect.Struct {
			fillUnions(a.Elem(), 0)
		}
	}
	return args
}

func fillUnions(v reflect.Value, depth int) {
	if depth > 4 {
		return
	}
	switch v.Kind() {
	case reflect.Struct:
		if v.CanAddr() {
			if u, ok := v.Addr().Interface().(json.Unmarshaler); ok && mustJSON(v.Interface()) == nil {
				if first, ok := firstVariant(v.Type()); ok {
					v.Set(first.Elem())
				} else {
					_ = u.UnmarshalJSON([]byte("{}"))
				}
				return
			}
		}
		for i := 0; i < v.NumField(); i++ {
			if v.Type().Field(i).IsExported() {
				fillUnions(v.Field(i), depth+1)
			}
		}
	case reflect.Slice:
		if v.IsNil() && v.CanSet() && v.Type().Elem().Kind() == reflect.Struct {
			item := reflect.New(v.Type().Elem()).Elem()
			if mustJSON(item.Interface()) == nil {
				fillUnions(item, depth+1)
				v.Set(reflect.Append(reflect.MakeSlice(v.Type(), 0, 1), item))
			}
		}
	case reflect.Pointer:
		if !v.IsNil() {
			fillUnions(v.Elem(), depth+1)
		}
	}
}

// zeroResults is what a handler returns: a zero result, not nil, and no
// error; a stream for a method that returns one.
func zeroResults(ft reflect.Type) []reflect.Value {
	var out []reflect.Value
	for i := 0; i < ft.NumOut(); i++ {
		rt := ft.Out(i)
		switch {
		case rt == reflect.TypeFor[error]():
			out = append(out, reflect.Zero(rt))
		case rt == reflect.TypeFor[io.ReadCloser]():
			out = append(out, reflect.ValueOf(io.NopCloser(strings.NewReader("data"))))
		case rt.Kind() == reflect.Pointer:
			v := reflect.New(rt.Elem())
			if _, err := json.Marshal(v.Interface()); err != nil {
				// A union has no zero value: answer none (204).
				v = reflect.Zero(rt)
			}
			out = append(out, v)
		default:
			out = append(out, reflect.Zero(rt))
		}
	}
	return out
}

// callArgs are arguments for a client method: ctx, a value for each path
// argument and Params with its required fields set.
func callArgs(mt reflect.Type) []reflect.Value {
	args := []reflect.Value{reflect.ValueOf(context.Background())}
	for i := 1; i < mt.NumIn(); i++ {
		t := mt.In(i)
		if mt.IsVariadic() && i == mt.NumIn()-1 {
			break
		}
		if t.Kind() == reflect.Pointer && t.Elem().Kind() == reflect.Struct {
			p := reflect.New(t.Elem())
			fillRequired(p.Elem())
			args = append(args, p)
			continue
		}
		args = append(args, sample(t))
	}
	return args
}

func sample(t reflect.Type) reflect.Value {
	v := reflect.New(t).Elem()
	switch t.Kind() {
	case reflect.String:
		v.SetString("x1")
	case reflect.Int, reflect.Int32, reflect.Int64:
		v.SetInt(1)
	case reflect.Float64:
		v.SetFloat(1)
	case reflect.Bool:
		v.SetBool(true)
	}
	return v
}

// fillRequired sets the value (non-pointer) scalar fields of a Params
// struct, the required parameters; a streamed body gets bytes.
func fillRequired(v reflect.Value) {
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		switch {
		case v.Type().Field(i).Name == "Body" && f.Kind() == reflect.Interface:
			f.Set(reflect.ValueOf(bytes.NewReader([]byte("upload"))))
		case v.Type().Field(i).Name == "Body":
		case f.Kind() == reflect.String || f.Kind() == reflect.Int64 || f.Kind() == reflect.Int32 || f.Kind() == reflect.Bool || f.Kind() == reflect.Float64:
			f.Set(sample(f.Type()))
		}
	}
}
