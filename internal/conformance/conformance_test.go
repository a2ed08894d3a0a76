package conformance

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"github.com/authgen/authgen/internal/corpus"
	"github.com/authgen/authgen/internal/gocheck"
	"io"
	"mime"
	"net"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"
	"text/template"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/authgen/authgen/internal/gen"
	"github.com/authgen/authgen/internal/spec"
)

// TestConformance calls every operation of every corpus document through
// its generated client against `prism mock` (which validates each request
// against the document and answers from it), in two modes: required
// arguments only, and every parameter and property filled (arrays of two,
// so delimiters show). A request Prism rejects, a request kin-openapi's
// validator rejects on the wire, or a 2xx the client cannot decode fails.
// Values come from the schemas (values.go). It runs when AUTHGEN_PRISM
// names the prism binary; .ci/run installs a pinned version.
func TestConformance(t *testing.T) {
	prism := os.Getenv("AUTHGEN_PRISM")
	if prism == "" {
		t.Skip("set AUTHGEN_PRISM to a prism binary (@stoplight/prism-cli; .ci/run installs it) to run the oracle")
	}
	corpusDir := corpus.Dir(t)
	docs, _ := filepath.Glob(filepath.Join(corpusDir, "*.json"))
	yamls, _ := filepath.Glob(filepath.Join(corpusDir, "*.yaml"))
	docs = append(docs, yamls...)
	sort.Strings(docs)
	if len(docs) == 0 {
		t.Skip("no corpus beside the repository")
	}
	if only := os.Getenv("AUTHGEN_CONFORMANCE_ONLY"); only != "" {
		docs = filterDocs(docs, only)
	}

	mod := t.TempDir()
	gomod, err := gocheck.ScratchGoMod("conformance")
	if err != nil {
		t.Fatal(err)
	}
	write(t, filepath.Join(mod, "go.mod"), gomod)
	var suites []*suite
	for _, doc := range docs {
		s, err := prepare(mod, doc)
		if errors.Is(err, errNoOperations) {
			t.Logf("%s: no operations to call (webhooks only)", filepath.Base(doc))
			continue
		}
		if err != nil {
			t.Errorf("%s: %v", filepath.Base(doc), err)
			continue
		}
		suites = append(suites, s)
	}
	build := exec.Command("go", "build", "-o", filepath.Join(mod, "bin")+string(filepath.Separator), "./cmd/...")
	build.Dir = mod
	build.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOTOOLCHAIN=local")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("building the drivers: %v\n%s", err, out)
	}
	for _, s := range suites {
		t.Run(s.name, func(t *testing.T) { s.run(t, prism, mod) })
	}
}

var errNoOperations = errors.New("no operations")

// suite is one corpus document: its client, its calls, its validator.
type suite struct {
	name   string // the document's base name
	pkg    string
	doc    string
	kinDoc *openapi3.T
	calls  map[string][]call // by mode name
	ops    []spec.Operation
}

// call is one operation call, as the driver performs it.
type call struct {
	Method string                     `json:"method"`
	Path   []json.RawMessage          `json:"path"`
	Params map[string]json.RawMessage `json:"params,omitempty"`
	HasPar bool                       `json:"hasParams"`
}

var modes = []struct {
	name string
	mode mode
}{{"required", requiredOnly}, {"full", everything}}

// prepare generates the client of doc into mod, with a driver and its calls.
func prepare(mod, doc string) (*suite, error) {
	base := strings.TrimSuffix(filepath.Base(doc), filepath.Ext(doc))
	pkg := "corpus" + spec.PackageName(base)
	p, _, err := spec.Load(doc, spec.Options{Package: pkg})
	if err != nil {
		return nil, err
	}
	files, err := gen.Generate(p)
	if err != nil {
		return nil, err
	}
	for _, f := range files {
		if strings.HasSuffix(f.Name, "_test.go") {
			continue
		}
		if err := writeFile(filepath.Join(mod, pkg, f.Name), f.Content); err != nil {
			return nil, err
		}
	}
	loader := openapi3.NewLoader()
	kinDoc, err := loader.LoadFromFile(doc)
	if err != nil {
		return nil, err
	}
	if len(p.Operations) == 0 {
		return nil, errNoOperations
	}
	s := &suite{name: filepath.Base(doc), pkg: pkg, doc: doc, kinDoc: kinDoc, calls: map[string][]call{}, ops: p.Operations}
	for _, m := range modes {
		for _, op := range p.Operations {
			if c, ok := callFor(kinDoc, op, m.mode); ok {
				s.calls[m.name] = append(s.calls[m.name], c)
			}
		}
		b, _ := json.Marshal(s.calls[m.name])
		if err := writeFile(filepath.Join(mod, "cmd", pkg, "calls-"+m.name+".json"), b); err != nil {
			return nil, err
		}
	}
	var main bytes.Buffer
	if err := driver.Execute(&main, map[string]any{"Pkg": pkg, "Options": credentialOptions(p)}); err != nil {
		return nil, err
	}
	return s, writeFile(filepath.Join(mod, "cmd", pkg, "main.go"), main.Bytes())
}

// findRoute matches a request to the document's operation at the root, as
// Prism does, whatever servers the document declares: the template with
// the most literal segments wins. (kin-openapi's routers validate the whole
// document first, which public documents fail for reasons that do not
// matter here.)
func findRoute(doc *openapi3.T, method, path string) (*routers.Route, map[string]string) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	var best *routers.Route
	var bestParams map[string]string
	bestLiterals := -1
	for template, item := range doc.Paths.Map() {
		op := item.GetOperation(method)
		if op == nil {
			continue
		}
		tsegs := strings.Split(strings.Trim(template, "/"), "/")
		if len(tsegs) != len(segs) {
			continue
		}
		params, literals, ok := map[string]string{}, 0, true
		for i, ts := range tsegs {
			if !strings.Contains(ts, "{") {
				if ts != segs[i] {
					ok = false
					break
				}
				literals++
				continue
			}
			// A segment with parameters and literal text ("{Sid}.json").
			re, names := segmentPattern(ts)
			m := re.FindStringSubmatch(segs[i])
			if m == nil {
				ok = false
				break
			}
			for j, name := range names {
				v, _ := url.PathUnescape(m[j+1])
				params[name] = v
			}
		}
		if ok && literals > bestLiterals {
			best = &routers.Route{Spec: doc, Path: template, PathItem: item, Method: method, Operation: op}
			bestParams, bestLiterals = params, literals
		}
	}
	return best, bestParams
}

// segmentPattern turns a template segment ("{Sid}.json") into a regular
// expression with one group per parameter.
func segmentPattern(segment string) (*regexp.Regexp, []string) {
	var b strings.Builder
	var names []string
	b.WriteString("^")
	for rest := segment; rest != ""; {
		open := strings.IndexByte(rest, '{')
		end := strings.IndexByte(rest, '}')
		if open < 0 || end < open {
			b.WriteString(regexp.QuoteMeta(rest))
			break
		}
		b.WriteString(regexp.QuoteMeta(rest[:open]))
		b.WriteString("(.+?)")
		names = append(names, rest[open+1:end])
		rest = rest[end+1:]
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String()), names
}

// callFor derives one call of op from the document's schemas.
func callFor(doc *openapi3.T, op spec.Operation, m mode) (call, bool) {
	item := doc.Paths.Value(op.Path)
	if item == nil {
		return call{}, false
	}
	kinOp := item.GetOperation(op.Method)
	if kinOp == nil {
		return call{}, false
	}
	params := map[[2]string]*openapi3.Parameter{}
	for _, list := range []openapi3.Parameters{item.Parameters, kinOp.Parameters} {
		for _, ref := range list {
			if ref != nil && ref.Value != nil {
				params[[2]string{ref.Value.In, ref.Value.Name}] = ref.Value
			}
		}
	}
	c := call{Method: op.GoName, Params: map[string]json.RawMessage{}, HasPar: op.ParamsGoName != ""}
	for _, pp := range op.PathParams {
		c.Path = append(c.Path, raw(paramValue(params[[2]string{"path", pp.Name}], m)))
	}
	for in, list := range map[string][]spec.Parameter{"query": op.QueryParams, "header": op.HeaderParams, "cookie": op.CookieParams} {
		for _, q := range list {
			if !q.Required && m == requiredOnly {
				continue
			}
			c.Params[q.GoName] = raw(paramValue(params[[2]string{in, q.Name}], m))
		}
	}
	if op.Body != nil && (op.Body.Required || m == everything) && kinOp.RequestBody != nil && kinOp.RequestBody.Value != nil {
		c.Params["Body"] = raw(bodyValue(kinOp.RequestBody.Value, op.Body, m))
	}
	return c, true
}

func paramValue(p *openapi3.Parameter, m mode) any {
	if p == nil {
		return "value"
	}
	if p.Schema != nil && p.Schema.Value != nil {
		return valueFor(p.Schema.Value, m, 0)
	}
	for _, media := range p.Content {
		if media != nil && media.Schema != nil && media.Schema.Value != nil {
			return valueFor(media.Schema.Value, m, 0)
		}
	}
	return "value"
}

func bodyValue(rb *openapi3.RequestBody, body *spec.RequestBody, m mode) any {
	if body.Encoding == spec.EncodingRaw {
		return []byte("hello")
	}
	keys := make([]string, 0, len(rb.Content))
	for k := range rb.Content {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		mt, _, _ := mime.ParseMediaType(k)
		if mt == body.ContentType || (body.Encoding == spec.EncodingJSON && (mt == "application/json" || strings.HasSuffix(mt, "+json") || mt == "*/*")) {
			if media := rb.Content[k]; media != nil && media.Schema != nil && media.Schema.Value != nil {
				return valueFor(media.Schema.Value, m, 0)
			}
		}
	}
	return map[string]any{}
}

func raw(v any) json.RawMessage {
	b, err := json.Marshal(v)
	if err != nil {
		return json.RawMessage("null")
	}
	return b
}

// credentialOptions gives every scheme a credential, so that whatever an
// operation requires is there: a key or token where the scheme takes one,
// a function where it only takes a flow, a user and password for basic.
func credentialOptions(p *spec.Provider) []string {
	var out []string
	for _, s := range p.Schemes {
		var chosen string
		for _, opt := range s.Common().Options {
			switch opt.Kind {
			case spec.OptionSecret:
				chosen = fmt.Sprintf("client.%s(%q)", opt.GoName, "conformance-secret-1")
			case spec.OptionBasic:
				chosen = fmt.Sprintf("client.%s(%q, %q)", opt.GoName, "user", "conformance-secret-1")
			case spec.OptionSecretFunc:
				if chosen == "" {
					chosen = fmt.Sprintf("client.%s(func(context.Context) (string, error) { return %q, nil })", opt.GoName, "conformance-token-1")
				}
			}
			if chosen != "" && opt.Kind != spec.OptionSecretFunc {
				break
			}
		}
		if chosen != "" {
			out = append(out, chosen)
		}
	}
	return out
}

// driver is the program that calls every operation of one client, by
// reflection over its methods; it prints one line per call:
// outcome <tab> method <tab> detail.
var driver = template.Must(template.New("driver").Parse(`// Code generated by the conformance test. DO NOT EDIT.

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"reflect"
	"strings"

	client "conformance/{{.Pkg}}"
)

type call struct {
	Method string                     ` + "`json:\"method\"`" + `
	Path   []json.RawMessage          ` + "`json:\"path\"`" + `
	Params map[string]json.RawMessage ` + "`json:\"params\"`" + `
	HasPar bool                       ` + "`json:\"hasParams\"`" + `
}

func main() {
	data, err := os.ReadFile(os.Args[2])
	if err != nil {
		panic(err)
	}
	var calls []call
	if err := json.Unmarshal(data, &calls); err != nil {
		panic(err)
	}
	// Redirects are not followed: a mock's example Location points at the
	// real vendor, and nothing leaves this machine.
	noRedirects := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	c, err := client.New(client.WithBaseURL(os.Args[1]), client.WithMaxRetries(0), client.WithHTTPClient(noRedirects){{range .Options}},
		{{.}}{{end}})
	if err != nil {
		fmt.Printf("setup\t-\t%v\n", err)
		os.Exit(1)
	}
	for _, cl := range calls {
		fmt.Println(run(c, cl))
	}
}

func run(c *client.Client, cl call) (line string) {
	defer func() {
		if r := recover(); r != nil {
			line = fmt.Sprintf("panic\t%s\t%v", cl.Method, r)
		}
	}()
	m := reflect.ValueOf(c).MethodByName(cl.Method)
	if !m.IsValid() {
		return "missing\t" + cl.Method + "\t"
	}
	mt := m.Type()
	args := []reflect.Value{reflect.ValueOf(context.Background())}
	for _, raw := range cl.Path {
		v := reflect.New(mt.In(len(args)))
		if err := json.Unmarshal(raw, v.Interface()); err != nil {
			return fmt.Sprintf("args\t%s\tpath argument %s: %v", cl.Method, raw, err)
		}
		args = append(args, v.Elem())
	}
	if cl.HasPar {
		pv := reflect.New(mt.In(len(args)).Elem())
		for name, raw := range cl.Params {
			f := pv.Elem().FieldByName(name)
			if !f.IsValid() {
				return fmt.Sprintf("args\t%s\tno field %s", cl.Method, name)
			}
			if f.Type() == reflect.TypeOf((*io.Reader)(nil)).Elem() {
				// A streamed upload: the bytes, as a reader that can seek
				// back for a retry.
				var b []byte
				if err := json.Unmarshal(raw, &b); err != nil {
					return fmt.Sprintf("args\t%s\t%s = %s: %v", cl.Method, name, raw, err)
				}
				f.Set(reflect.ValueOf(bytes.NewReader(b)))
				continue
			}
			if err := json.Unmarshal(raw, f.Addr().Interface()); err != nil {
				return fmt.Sprintf("args\t%s\t%s = %s: %v", cl.Method, name, raw, err)
			}
		}
		args = append(args, pv)
	}
	out := m.Call(args)
	errV := out[len(out)-1]
	if len(out) == 2 {
		if rc, ok := out[0].Interface().(io.ReadCloser); ok && rc != nil {
			// A streamed response: read to the end, then closed.
			_, _ = io.Copy(io.Discard, rc)
			rc.Close()
		}
	}
	if errV.IsNil() {
		return "ok\t" + cl.Method + "\t"
	}
	err := errV.Interface().(error)
	var apiErr *client.APIError
	var decodeErr *client.DecodeError
	switch {
	case errors.As(err, &apiErr) && strings.Contains(string(apiErr.Body), "stoplight.io/prism/errors#"):
		return fmt.Sprintf("rejected\t%s\t%d %s", cl.Method, apiErr.StatusCode, oneLine(apiErr.Body))
	case errors.As(err, &apiErr):
		return fmt.Sprintf("status\t%s\t%d %s", cl.Method, apiErr.StatusCode, oneLine(apiErr.Body))
	case errors.As(err, &decodeErr):
		return fmt.Sprintf("decode\t%s\t%v", cl.Method, oneLine([]byte(err.Error())))
	}
	return fmt.Sprintf("error\t%s\t%s", cl.Method, oneLine([]byte(err.Error())))
}

func oneLine(b []byte) string {
	s := strings.Join(strings.Fields(string(b)), " ")
	if len(s) > 400 {
		s = s[:400]
	}
	return s
}
`))

// run starts Prism on the document, puts kin-openapi's validator in front
// of it, and runs the driver in each mode.
func (s *suite) run(t *testing.T, prism, mod string) {
	if reason, known := prismCannotLoad[s.name]; known {
		// Checked, not assumed: if Prism now starts in time, say so.
		if s.startPrism(t, prism, 60*time.Second) {
			t.Errorf("Prism now loads %s within 60 s; remove it from prismCannotLoad (%s)", s.name, reason)
		} else {
			t.Logf("not run: %s", reason)
		}
		return
	}
	port := freePort(t)
	cmd := exec.Command(prism, "mock", "-h", "127.0.0.1", "-p", fmt.Sprint(port), s.doc)
	var prismLog bytes.Buffer
	cmd.Stdout, cmd.Stderr = &prismLog, &prismLog
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	if !waitForPort(port, 300*time.Second) {
		t.Fatalf("prism did not start:\n%s", tail(prismLog.String()))
	}
	target, _ := url.Parse(fmt.Sprintf("http://127.0.0.1:%d", port))
	var mu sync.Mutex
	var invalid []finding
	// nonconforming holds, per "METHOD template", why a response Prism gave
	// does not conform to the document (its example is wrong): a client
	// that cannot decode such a response is not at fault.
	nonconforming := map[string]string{}
	proxy := httputil.NewSingleHostReverseProxy(target)
	// A request Prism cannot answer (it crashed, or closed the connection)
	// is a finding too, by route: without this a dead Prism would look like
	// a run of error statuses.
	proxy.ErrorHandler = func(w http.ResponseWriter, r *http.Request, err error) {
		route, _ := findRoute(s.kinDoc, r.Method, r.URL.EscapedPath())
		mu.Lock()
		invalid = append(invalid, finding{routeKey(r.Method, route, r.URL.Path), "prism gave no answer: " + err.Error()})
		mu.Unlock()
		w.WriteHeader(http.StatusBadGateway)
	}
	proxy.ModifyResponse = func(resp *http.Response) error {
		req := resp.Request
		// Prism answers an invalid request with the document's own error
		// response when it declares one, and says why in sl-violations.
		route, params := findRoute(s.kinDoc, req.Method, req.URL.EscapedPath())
		if v := resp.Header.Get("sl-violations"); v != "" {
			var violations []struct {
				Location []string `json:"location"`
				Severity string   `json:"severity"`
				Message  string   `json:"message"`
			}
			_ = json.Unmarshal([]byte(v), &violations)
			for _, viol := range violations {
				if len(viol.Location) > 0 && viol.Location[0] == "request" && viol.Severity == "Error" {
					mu.Lock()
					invalid = append(invalid, finding{routeKey(req.Method, route, req.URL.Path), "prism: " + viol.Message})
					mu.Unlock()
				}
			}
		}
		if route == nil || resp.StatusCode/100 != 2 {
			return nil
		}
		body, err := io.ReadAll(resp.Body)
		if err != nil {
			return err
		}
		resp.Body = io.NopCloser(bytes.NewReader(body))
		in := &openapi3filter.ResponseValidationInput{
			RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc}},
			Status: resp.StatusCode, Header: resp.Header, Body: io.NopCloser(bytes.NewReader(body)),
			Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
		}
		if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
			mu.Lock()
			nonconforming[req.Method+" "+route.Path] = strings.Join(strings.Fields(err.Error()), " ")
			mu.Unlock()
		}
		return nil
	}
	validator := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		if route, params := findRoute(s.kinDoc, r.Method, r.URL.EscapedPath()); route != nil {
			in := &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route,
				Options: &openapi3filter.Options{AuthenticationFunc: openapi3filter.NoopAuthenticationFunc, MultiError: true}}
			if err := openapi3filter.ValidateRequest(context.Background(), in); err != nil {
				mu.Lock()
				invalid = append(invalid, finding{routeKey(r.Method, route, r.URL.Path), "kin-openapi: " + strings.Join(strings.Fields(err.Error()), " ")})
				mu.Unlock()
			}
		}
		// The validator may have read or rewritten the body: send it as sent.
		r.Body, r.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
		proxy.ServeHTTP(w, r)
	}))
	defer validator.Close()

	seen := map[string]bool{} // known limits that occurred
	opByGoName := map[string]string{}
	for _, op := range s.ops {
		opByGoName[op.GoName] = op.Method + " " + op.Path
	}
	for _, m := range modes {
		out, err := exec.Command(filepath.Join(mod, "bin", s.pkg), validator.URL, filepath.Join(mod, "cmd", s.pkg, "calls-"+m.name+".json")).CombinedOutput()
		if err != nil {
			t.Fatalf("%s mode: driver: %v\n%s", m.name, err, out)
		}
		counts := map[string]int{}
		sc := bufio.NewScanner(bytes.NewReader(out))
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			parts := strings.SplitN(sc.Text(), "\t", 3)
			if len(parts) < 3 {
				continue
			}
			counts[parts[0]]++
			key := opByGoName[parts[1]]
			switch parts[0] {
			case "ok":
			case "status":
				t.Logf("%s mode: %s answered %s", m.name, parts[1], parts[2])
			case "decode":
				mu.Lock()
				why, bad := nonconforming[opByGoName[parts[1]]]
				mu.Unlock()
				if bad {
					t.Logf("%s mode: %s: the mock's response does not conform to the document (%s), so the decode failure is the document's: %s", m.name, parts[1], clip(why), parts[2])
					continue
				}
				t.Errorf("%s mode: decode %s: a response kin-openapi finds conforming does not decode: %s", m.name, parts[1], parts[2])
			default:
				if s.known(key, parts[2], seen) {
					t.Logf("%s mode: %s %s, a known limit: %s", m.name, parts[0], parts[1], clip(parts[2]))
					continue
				}
				t.Errorf("%s mode: %s %s: %s", m.name, parts[0], parts[1], parts[2])
			}
		}
		t.Logf("%s mode: %d calls: %v", m.name, len(s.calls[m.name]), counts)
	}
	mu.Lock()
	defer mu.Unlock()
	for _, f := range invalid {
		if s.known(f.route, f.text, seen) {
			t.Logf("known limit: %s: %s", f.route, clip(f.text))
			continue
		}
		t.Errorf("request rejected on the wire: %s: %s", f.route, f.text)
	}
	// Each known limit is checked: one that no longer happens is removed.
	for _, k := range knownLimits {
		if k.doc == s.name && !seen[k.route+"|"+k.match] {
			t.Errorf("known limit %q on %s no longer happens; remove it", k.match, k.route)
		}
	}
}

// finding is a request the oracle rejected, by route.
type finding struct {
	route string // "METHOD /template"
	text  string
}

func routeKey(method string, route *routers.Route, path string) string {
	if route != nil {
		return method + " " + route.Path
	}
	return method + " " + path
}

// known reports whether a failure on route with text is a known limit of
// the document, Prism or kin-openapi, and marks it seen.
func (s *suite) known(route, text string, seen map[string]bool) bool {
	for _, k := range knownLimits {
		if k.doc == s.name && (k.route == "*" || k.route == route) && strings.Contains(text, k.match) {
			seen[k.route+"|"+k.match] = true
			return true
		}
	}
	return false
}

// prismCannotLoad are documents Prism 5 does not finish loading within a
// minute on the CI machine (it was still "Starting Prism" after 10
// minutes): their operations are checked by the other suites' shapes and
// by TestCorpusGenerates, not by the oracle.
var prismCannotLoad = map[string]string{
	"stripe.yaml": "Prism does not finish loading Stripe's 6 MB document (still starting after 10 minutes)",
}

// startPrism reports whether Prism starts on the document within limit;
// it stops it again.
func (s *suite) startPrism(t *testing.T, prism string, limit time.Duration) bool {
	port := freePort(t)
	cmd := exec.Command(prism, "mock", "-h", "127.0.0.1", "-p", fmt.Sprint(port), s.doc)
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	defer func() {
		_ = cmd.Process.Kill()
		_ = cmd.Wait()
	}()
	return waitForPort(port, limit)
}

// knownLimit is a failure whose cause is outside authgen: a defect of
// the document, or a limit of Prism or kin-openapi. Each is checked: the
// test fails when one no longer happens.
type knownLimit struct {
	doc, route, match, reason string // route "*" for every route
}

var knownLimits = []knownLimit{
	{"gong.json", "*", "invalid serialization method", "gong's schemas say \"types\" (a misspelling of \"type\"), so kin-openapi cannot decode those parameters"},
	{"gong.json", "PUT /v2/customer-engagement/action", "NO_COMPLEX_OBJECT_TEXT", "the response is declared as */*; Prism answers text/plain for it and cannot serialise the object"},
	{"gong.json", "PUT /v2/customer-engagement/content/shared", "NO_COMPLEX_OBJECT_TEXT", "as above"},
	{"gong.json", "PUT /v2/customer-engagement/content/viewed", "NO_COMPLEX_OBJECT_TEXT", "as above"},
	{"twilio-api-v2010.json", "POST /2010-04-01/Accounts/{AccountSid}/Calls/{CallSid}/Payments.json", "Value is not nullable", "Parameter has no type in a form body; kin-openapi decodes the field sent as null"},
	{"github.json", "*", `parameter "has" in query has an error`, "has is oneOf [string, array of an enum]; kin-openapi decodes the form value as the array and rejects it, where Prism accepts the string"},
	{"coda.json", "POST /docs", `property "iconName" is unsupported`, "initialPage is an allOf whose parts each say additionalProperties: false, so no value with every property satisfies all of them"},
	{"coda.json", "PUT /docs/{docId}/pages/{pageIdOrName}", `property "canvasContent" is unsupported`, "as above, for contentUpdate"},
}

func filterDocs(docs []string, only string) []string {
	var out []string
	for _, d := range docs {
		if strings.Contains(filepath.Base(d), only) {
			out = append(out, d)
		}
	}
	return out
}

func freePort(t *testing.T) int {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func waitForPort(port int, limit time.Duration) bool {
	deadline := time.Now().Add(limit)
	for time.Now().Before(deadline) {
		if c, err := net.DialTimeout("tcp", fmt.Sprintf("127.0.0.1:%d", port), time.Second); err == nil {
			c.Close()
			return true
		}
		time.Sleep(200 * time.Millisecond)
	}
	return false
}

func clip(s string) string {
	if len(s) > 300 {
		return s[:300] + "..."
	}
	return s
}

func tail(s string) string {
	if len(s) > 2000 {
		return s[len(s)-2000:]
	}
	return s
}

func write(t *testing.T, path, content string) {
	t.Helper()
	if err := writeFile(path, []byte(content)); err != nil {
		t.Fatal(err)
	}
}

func writeFile(path string, content []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, content, 0o644)
}
