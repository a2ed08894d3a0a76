package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/authgen/authgen/internal/corpus"
	"github.com/authgen/authgen/internal/spec"
	"github.com/authgen/authgen/runtime/authgenfake"
	"github.com/authgen/authgen/runtime/authgenrt"
)

// TestFakeEnvelopesFollowTheErrorSchema is issue 27's acceptance 1 for
// error envelopes: for every spec of specs/ and testdata/cases/, the
// envelope a fake writes (Error with each of the vendor's codes, the 401
// of a refused credential, the 429 of its rate limit, an injected fault)
// validates, with kin-openapi, against every error schema the document
// declares for that status (the status itself, else its 4XX or 5XX
// range, else default). The fake's machinery is given the model's
// decisions, as the generated <pkg>fake gives them.
func TestFakeEnvelopesFollowTheErrorSchema(t *testing.T) {
	var paths []string
	for _, pattern := range []string{"../../specs/*.yaml", "../../testdata/cases/*.yaml"} {
		matches, err := filepath.Glob(pattern)
		if err != nil {
			t.Fatal(err)
		}
		paths = append(paths, matches...)
	}
	checkFakeEnvelopes(t, paths, spec.Options{}, 90)
}

// TestCorpusFakeEnvelopesFollowTheErrorSchema is the same check on the
// corpus of public documents, read as authgen reads a document with no
// x-authgen block: no envelope declared, so the fake writes where the
// error schema has room. The corpus is large (a minute): set
// AUTHGEN_CORPUS_BUILD=1, as for the corpus build.
func TestCorpusFakeEnvelopesFollowTheErrorSchema(t *testing.T) {
	if os.Getenv("AUTHGEN_CORPUS_BUILD") == "" {
		t.Skip("set AUTHGEN_CORPUS_BUILD=1 to check the corpus fakes' envelopes")
	}
	checkFakeEnvelopes(t, corpus.Files(t), spec.Options{Package: "corpus"}, 30)
}

// envelopesNoFakeMeets are the documents whose operations declare error
// envelopes no one envelope meets: this test holds the spec-wide envelope
// to every error schema, and their fakes answer each such operation in
// its own (Route.ErrorShapes), which TestCorpusFakesAnswerAsTheDocumentSays
// (internal/gen) validates answer by answer.
var envelopesNoFakeMeets = map[string]string{
	"sendgrid-stoplight": `an array for some operations, {"errors": [...]} required for others, an empty object for others`,
}

// checkFakeEnvelopes checks the envelopes of each spec's fake against the
// error schemas its document declares; when every spec ran, at least
// least envelopes must have met a schema, so that the test cannot pass by
// checking nothing.
func checkFakeEnvelopes(t *testing.T, paths []string, opts spec.Options, least int) {
	checked, ran := 0, 0
	for _, path := range paths {
		name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
		t.Run(name, func(t *testing.T) {
			ran++
			if why, ok := envelopesNoFakeMeets[name]; ok {
				t.Skipf("its error envelopes differ by operation (%s): the spec-wide one meets only some; its fake answers each operation in its own, which TestCorpusFakesAnswerAsTheDocumentSays validates", why)
			}
			p, _, err := spec.Load(path, opts)
			if err != nil {
				t.Fatal(err)
			}
			doc, err := openapi3.NewLoader().LoadFromFile(path)
			if err != nil {
				t.Skipf("kin-openapi does not load the document alone: %v", err)
			}
			for _, a := range fakeErrorAnswers(t, p) {
				for _, s := range declaredErrorSchemas(doc, a.status) {
					checked++
					if err := s.VisitJSON(a.body, openapi3.MultiErrors()); err != nil {
						raw, _ := json.Marshal(a.body)
						t.Errorf("%s: the fake's %d %s is not what the error schema allows: %s", a.what, a.status, raw, schemaErrors(err))
					}
				}
			}
		})
	}
	t.Logf("%d envelopes checked against a schema the document declares", checked)
	if ran == len(paths) && checked < least {
		t.Errorf("only %d envelopes were checked against a schema", checked)
	}
}

// fakeAnswer is one error envelope a fake wrote, decoded.
type fakeAnswer struct {
	what   string
	status int
	body   any
}

// fakeErrorAnswers are the envelopes a fake of p writes: for Error with
// each code of the spec's table that has a 4xx or 5xx status, a refused
// credential, a rate limit (with the wait the spec reads from its body)
// and a fault.
func fakeErrorAnswers(t *testing.T, p *spec.Provider) []fakeAnswer {
	t.Helper()
	envelope := authgenrt.ErrorEnvelopeSpec{Code: p.Errors.CodePointer, Message: p.Errors.MessagePointer}
	if envelope.Code == "" && envelope.Message == "" { // none declared: as the emitter writes it
		envelope = authgenrt.ErrorEnvelopeSpec{Code: p.Fake.ErrorShape.CodePointer, Message: p.Fake.ErrorShape.MessagePointer}
	}
	fs := &authgenfake.Spec{
		Envelope:         envelope,
		ErrorShape:       authgenfake.ErrorShape{Skeleton: p.Fake.ErrorShape.Skeleton, CodeType: p.Fake.ErrorShape.CodeType, MessageType: p.Fake.ErrorShape.MessageType},
		FailureWhen:      authgenrt.FailureSpec{Pointer: p.Errors.FailureWhen.Pointer, Equals: p.Errors.FailureWhen.Equals},
		UnauthorizedCode: p.Fake.UnauthorizedCode,
		RateLimitedCode:  p.Fake.RateLimitedCode,
		FaultCodes:       map[int]string{},
		Schemes:          []authgenfake.Scheme{{Name: "key", Kind: authgenrt.SchemeHeaderKey, Param: "X-Key", Secret: "fake-key"}},
		Routes: []authgenfake.Route{
			{Operation: "answer", Method: "Answer", Verb: "GET", Pattern: []authgenfake.Piece{{Literal: "answer"}}, Status: 200},
			{Operation: "fault", Method: "Fault", Verb: "GET", Pattern: []authgenfake.Piece{{Literal: "fault"}}, Status: 200},
			{Operation: "secured", Method: "Secured", Verb: "GET", Pattern: []authgenfake.Piece{{Literal: "secured"}},
				Security: []authgenrt.SecurityRequirement{{"key"}}, Status: 200},
		},
	}
	for _, h := range p.DelayHeaders {
		if h.Pointer != "" { // a wait in the 429's body: the envelope carries it
			format := authgenrt.FormatSeconds
			if h.Format == spec.Milliseconds {
				format = authgenrt.FormatMilliseconds
			}
			fs.DelayHeaders = append(fs.DelayHeaders, authgenrt.HeaderSpec{Pointer: h.Pointer, Format: format})
		}
	}
	for _, c := range p.Fake.FaultCodes {
		fs.FaultCodes[c.Status] = c.Code
	}
	s := authgenfake.NewServer(t, fs)
	s.SetClock(func() time.Time { return time.Unix(1_700_000_000, 0) })
	var status int
	var code string
	authgenfake.Handle(s, "answer", func(ctx context.Context, c *authgenfake.Call) (any, error) {
		return nil, authgenfake.Error(status, code, "What the vendor says of "+code+".")
	})
	get := func(what, path string) fakeAnswer {
		resp, err := http.Get(s.URL() + path)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		raw, err := io.ReadAll(resp.Body)
		if err != nil {
			t.Fatal(err)
		}
		var body any
		if err := json.Unmarshal(raw, &body); err != nil {
			t.Fatalf("%s: the fake's %d is not JSON: %s", what, resp.StatusCode, raw)
		}
		return fakeAnswer{what: what, status: resp.StatusCode, body: body}
	}
	var out []fakeAnswer
	for _, c := range p.Errors.Codes {
		if c.Status < 400 {
			continue // an in-band failure answers 200, in the success's schema
		}
		status, code = c.Status, c.Code
		out = append(out, get(fmt.Sprintf("Error(%d, %q)", c.Status, c.Code), "/answer"))
	}
	out = append(out, get("a refused credential", "/secured"))
	s.RateLimit(1, time.Minute)
	status, code = 200, ""
	authgenfake.Handle(s, "answer", func(ctx context.Context, c *authgenfake.Call) (any, error) { return map[string]any{}, nil })
	get("the rate limit's first call", "/answer")
	out = append(out, get("a rate limit", "/answer"))
	s.RateLimit(0, 0)
	s.Fail("fault", 1, authgenfake.Fault{Status: http.StatusInternalServerError})
	out = append(out, get("an injected fault", "/fault"))
	return out
}

// declaredErrorSchemas are the distinct JSON schemas the document's
// operations declare for status: under the status, else its range
// (4XX), else default.
func declaredErrorSchemas(doc *openapi3.T, status int) []*openapi3.Schema {
	var out []*openapi3.Schema
	if doc.Paths == nil {
		return nil
	}
	keys := []string{strconv.Itoa(status), strconv.Itoa(status/100) + "XX", "default"}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			if op.Responses == nil {
				continue
			}
			for _, key := range keys {
				ref := op.Responses.Value(key)
				if ref == nil {
					ref = op.Responses.Value(strings.ToLower(key))
				}
				if ref == nil || ref.Value == nil {
					continue
				}
				for mt, media := range ref.Value.Content {
					if !strings.Contains(mt, "json") || media == nil || media.Schema == nil || media.Schema.Value == nil {
						continue
					}
					if s := media.Schema.Value; !slices.Contains(out, s) {
						out = append(out, s)
					}
				}
				break
			}
		}
	}
	return out
}

// schemaErrors is what VisitJSON found, a line each, without the schema
// and value it prints after each.
func schemaErrors(err error) string {
	var lines []string
	for _, line := range strings.Split(err.Error(), "\n") {
		if strings.HasPrefix(line, "Error at") || strings.Contains(line, "| Error at") || !strings.HasPrefix(line, " ") && !strings.HasPrefix(line, "Schema:") && !strings.HasPrefix(line, "Value:") && !strings.HasPrefix(line, "{") && !strings.HasPrefix(line, "}") && line != "" {
			lines = append(lines, strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(line), "|")))
		}
	}
	return strings.Join(lines, "; ")
}
