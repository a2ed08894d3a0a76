package spec

import (
	"os"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// fakeBase is a spec with a create documenting only 201, a delete with no
// body documenting 204, one documenting 200 and 201, one documenting a
// 2XX range, and one documenting no success at all.
const fakeBase = `openapi: 3.0.3
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.example/v1"}]
paths:
  /things:
    post:
      operationId: createThing
      responses:
        "201":
          description: Created.
          content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}
    get:
      operationId: listThings
      responses:
        "201": {description: Also.}
        "200":
          description: OK.
          content: {application/json: {schema: {type: object}}}
  /things/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    delete:
      operationId: deleteThing
      responses:
        "204": {description: Gone.}
    put:
      operationId: putThing
      responses:
        2XX: {description: Done.}
    patch:
      operationId: patchThing
      responses:
        default: {description: Whatever.}
x-authgen:
  package: acme
`

// TestFakeRouteStatusIsTheDocumentedOne is issue 27's acceptance 2: the
// fake answers with the first 2xx the operation declares, not always 200.
func TestFakeRouteStatusIsTheDocumentedOne(t *testing.T) {
	p, _, err := LoadData("acme.yaml", []byte(fakeBase), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]int{"createThing": 201, "listThings": 200, "deleteThing": 204, "putThing": 200, "patchThing": 204}
	for _, r := range p.Fake.Routes {
		if got := r.Status; got != want[r.Operation.ID] {
			t.Errorf("%s: status %d, want %d", r.Operation.ID, got, want[r.Operation.ID])
		}
		delete(want, r.Operation.ID)
	}
	if len(want) > 0 {
		t.Errorf("not routed: %v", want)
	}
}

// TestFakeErrorShapeFollowsTheSchema is issue 27's acceptance 1 for
// envelopes, in the model: a code at /errors/0/code draws an array, the
// code's and messages' types are the schema's, and the envelope's
// constant member (a one-value enum, and a const) is in the skeleton.
func TestFakeErrorShapeFollowsTheSchema(t *testing.T) {
	const doc = `openapi: 3.1.0
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.example"}]
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "204": {description: None.}
        "400":
          description: Bad.
          content:
            application/json:
              schema:
                type: object
                required: [status, errors]
                properties:
                  status: {type: string, enum: [error]}
                  errors:
                    type: array
                    items:
                      type: object
                      required: [kind]
                      properties:
                        kind: {const: api}
                        code: {type: integer}
                        messages: {type: array, items: {type: string}}
x-authgen:
  package: acme
  errors:
    envelope: {code: /errors/0/code, message: /errors/0/messages}
`
	p, _, err := LoadData("acme.yaml", []byte(doc), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := FakeErrorShape{Skeleton: `{"errors":[{"kind":"api"}],"status":"error"}`, CodeType: "integer", MessageType: "array"}
	if got := p.Fake.ErrorShape; !got.equal(want) {
		t.Errorf("shape %+v, want %+v", got, want)
	}
}

// TestFakeErrorShapeValidates: the skeleton holds what the error schema
// requires besides the code and message, so that the envelope validates:
// a required member with a value its schema allows (the default, the
// first enum value, the zero of its type, a format's shortest text, an
// object with its own required members), an optional constant member as
// it is; a * pointer into an array draws one item, with its required
// members, and gives the item's member type (was an object member "*");
// the members at the pointers are left for the fake to write.
func TestFakeErrorShapeValidates(t *testing.T) {
	const doc = `openapi: 3.0.3
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.example"}]
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "204": {description: None.}
        default:
          description: Bad.
          content:
            application/json:
              schema:
                type: object
                required: [status, type, correlationId, at, retryable, meta, errors]
                properties:
                  object: {type: string, enum: [error]}
                  status: {type: integer}
                  type: {type: string, enum: [api_error, card_error]}
                  correlationId: {type: string, format: uuid}
                  at: {type: string, format: date-time}
                  retryable: {type: boolean, default: true}
                  meta: {type: object, required: [region], properties: {region: {type: string, minLength: 2}}}
                  errors:
                    type: array
                    items:
                      type: object
                      required: [help]
                      properties:
                        help: {type: string}
                        code: {type: string}
                        message: {type: integer}
x-authgen:
  package: acme
  errors:
    envelope: {code: /errors/0/code, message: /errors/*/message}
`
	p, _, err := LoadData("acme.yaml", []byte(doc), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := FakeErrorShape{
		Skeleton: `{"at":"1970-01-01T00:00:00Z","correlationId":"00000000-0000-0000-0000-000000000000","errors":[{"help":""}],` +
			`"meta":{"region":"xx"},"object":"error","retryable":true,"status":0,"type":"api_error"}`,
		CodeType: "string", MessageType: "integer",
	}
	if got := p.Fake.ErrorShape; !got.equal(want) {
		t.Errorf("shape\n%+v, want\n%+v", got, want)
	}
}

// TestFakeErrorShapeWithoutADeclaredEnvelope: a spec that declares no
// envelope has its fake write the code and message where the error schema
// has room, at the first of the envelopes its client reads without one;
// at top level when the schema takes members it does not name; nowhere
// when it takes none (the skeleton alone validates). Before, such a fake
// wrote {"code","message"} whatever the schema (GitHub's required
// documentation_url left out, Coda's closed object given members it
// refuses).
func TestFakeErrorShapeWithoutADeclaredEnvelope(t *testing.T) {
	for _, tc := range []struct{ name, schema string }{
		{"error object", `{type: object, required: [error], properties: {error: {type: object, properties: {code: {type: string}, message: {type: string}, param: {type: string}}}}}`},
		{"message and more", `{type: object, required: [message, documentation_url], properties: {message: {type: string}, documentation_url: {type: string}}}`},
		{"integer code", `{type: object, required: [code, message], properties: {code: {type: integer}, message: {type: string}}}`},
		{"open, no room", `{type: object, required: [errors], properties: {errors: {type: array, items: {type: object, properties: {field: {type: string}}}}}}`},
		{"closed, no room", `{type: object, additionalProperties: false, required: [statusCode], properties: {statusCode: {type: integer}}}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := `openapi: 3.0.3
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.example"}]
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "204": {description: None.}
        default:
          description: Bad.
          content: {application/json: {schema: ` + tc.schema + `}}
x-authgen: {package: acme}
`
			p, _, err := LoadData("acme.yaml", []byte(doc), Options{})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string]FakeErrorShape{
				"error object":     {Skeleton: `{"error":{}}`, CodeType: "string", MessageType: "string", CodePointer: "/error/code", MessagePointer: "/error/message", Undeclared: true},
				"message and more": {Skeleton: `{"documentation_url":""}`, CodeType: "string", MessageType: "string", MessagePointer: "/message", Undeclared: true},
				"integer code":     {Skeleton: `{}`, CodeType: "integer", MessageType: "string", CodePointer: "/code", MessagePointer: "/message", Undeclared: true},
				"open, no room":    {Skeleton: `{"errors":[]}`, CodeType: "string", MessageType: "string", CodePointer: "/code", MessagePointer: "/message", Undeclared: true},
				"closed, no room":  {Skeleton: `{"statusCode":0}`, CodeType: "string", MessageType: "string", Undeclared: true},
			}[tc.name]
			if got := p.Fake.ErrorShape; !got.equal(want) {
				t.Errorf("shape\n%+v, want\n%+v", got, want)
			}
		})
	}
}

// TestFakeRouteErrorShapes: an operation whose error schema draws another
// envelope than the spec's gets its own, for every error code it
// documents (GitHub's pulls/merge-async, SendGrid's list-shaped SSO
// errors); an operation whose errors are all the spec's gets none.
func TestFakeRouteErrorShapes(t *testing.T) {
	doc := `openapi: 3.0.3
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.example"}]
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "204": {description: None.}
        "400": {description: Bad., content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
  /merges:
    put:
      operationId: merge
      responses:
        "204": {description: None.}
        "400": {description: Bad., content: {application/json: {schema: {$ref: "#/components/schemas/Error"}}}}
        "4XX":
          description: Refused.
          content: {application/json: {schema: {type: object, additionalProperties: false, required: [status], properties: {status: {type: string, enum: [pending]}}}}}
  /sso:
    post:
      operationId: sso
      responses:
        "204": {description: None.}
        default:
          description: Bad.
          content: {application/json: {schema: {type: array, items: {type: object, properties: {message: {type: string}}}}}}
components:
  schemas:
    Error: {type: object, required: [code, message], properties: {code: {type: string}, message: {type: string}}}
x-authgen: {package: acme}
`
	p, _, err := LoadData("acme.yaml", []byte(doc), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]FakeStatusErrorShape{}
	for _, r := range p.Fake.Routes {
		got[r.Operation.ID] = r.ErrorShapes
	}
	spec := FakeErrorShape{Skeleton: `{}`, CodeType: "string", MessageType: "string", CodePointer: "/code", MessagePointer: "/message", Undeclared: true}
	want := map[string][]FakeStatusErrorShape{
		"listThings": nil,
		"merge": {
			{Code: "400", Shape: spec},
			{Code: "4XX", Shape: FakeErrorShape{Skeleton: `{"status":"pending"}`, CodeType: "string", MessageType: "string", Undeclared: true}},
		},
		"sso": {{Code: "default", Shape: FakeErrorShape{Skeleton: `[]`, CodeType: "string", MessageType: "string", Undeclared: true}}},
	}
	if !p.Fake.ErrorShape.equal(spec) {
		t.Errorf("the spec's shape %+v, want %+v", p.Fake.ErrorShape, spec)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("route shapes (-want +got):\n%s", diff)
	}
}

// TestUndeclaredEnvelopesAreTheClients: the envelopes the fake of a spec
// without one writes into are the ones the client runtime reads, in its
// order (authgenrt's fillFromCommonShapes).
func TestUndeclaredEnvelopesAreTheClients(t *testing.T) {
	src, err := os.ReadFile("../../runtime/authgenrt/errors.go")
	if err != nil {
		t.Fatal(err)
	}
	_, body, ok := strings.Cut(string(src), "func (e *APIError) fillFromCommonShapes(")
	if !ok {
		t.Fatal("the runtime has no fillFromCommonShapes")
	}
	body, _, _ = strings.Cut(body, "\n}\n")
	var runtime []string
	for _, m := range regexp.MustCompile(`\{"([^"]*)", "([^"]*)"\}`).FindAllStringSubmatch(body, -1) {
		runtime = append(runtime, m[1]+" "+m[2])
	}
	var model []string
	for _, e := range undeclaredEnvelopes {
		model = append(model, e.code+" "+e.message)
	}
	if !slices.Equal(model, runtime) {
		t.Errorf("the model's undeclared envelopes\n%q\nare not the runtime's\n%q", model, runtime)
	}
}

// TestFakeFaultCodes: an injected fault answers with the vendor's code
// for its status: of several, the one that reads as the status, else the
// first; statuses below 400 have none.
func TestFakeFaultCodes(t *testing.T) {
	codes := []ErrorCode{
		{Code: "a_missing", Status: 404}, {Code: "busy", Status: 503}, {Code: "moved", Status: 301},
		{Code: "OBJECT_NOT_FOUND", Status: 404}, {Code: "z_conflict", Status: 409},
	}
	want := []FakeStatusCode{{404, "OBJECT_NOT_FOUND"}, {409, "z_conflict"}, {503, "busy"}}
	if got := faultCodes(codes); !slices.Equal(got, want) {
		t.Errorf("got %v, want %v", got, want)
	}
}

// TestFakeErrorShapeKeepsTheCodesListed: an error schema whose code member
// is an enum (GitHub's agent-tasks: missing, missing_field, invalid, ...)
// gives the fake its values, so that its own codes become one of them
// (issue 27); an integer enum's values as text; none for a free code.
func TestFakeErrorShapeKeepsTheCodesListed(t *testing.T) {
	for _, tc := range []struct {
		codeSchema string
		want       []string
	}{
		{`{type: string, enum: [missing, invalid, custom]}`, []string{"missing", "invalid", "custom"}},
		{`{type: integer, enum: [10000, 10001, null]}`, []string{"10000", "10001"}},
		{`{type: string}`, nil},
	} {
		doc := `openapi: 3.0.3
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.example"}]
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200": {description: ok}
        "400":
          description: bad
          content:
            application/json:
              schema:
                type: object
                properties:
                  errors:
                    type: array
                    items:
                      type: object
                      properties:
                        code: ` + tc.codeSchema + `
                        message: {type: string}
x-authgen:
  package: acme
  errors:
    envelope: {code: /errors/0/code, message: /errors/0/message}
`
		p, _, err := LoadData("acme.yaml", []byte(doc), Options{})
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Fake.ErrorShape.CodeValues; !slices.Equal(got, tc.want) {
			t.Errorf("code %s: values %q, want %q", tc.codeSchema, got, tc.want)
		}
	}
}
