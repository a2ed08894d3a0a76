package spec

import (
	"encoding/json"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// fakeAnswers is a spec whose successes need what a fake cannot guess: a
// vendor media type, XML, no body at 200, and a body whose required
// members a handler's zero values would break.
const fakeAnswers = `openapi: 3.0.3
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.example/v1"}]
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: OK.
          content:
            application/vnd.acme+json;version=2:
              schema:
                type: object
                required: [data, object, mode, next]
                properties:
                  data: {type: array, items: {$ref: "#/components/schemas/Thing"}}
                  object: {type: string, enum: [list]}
                  mode: {type: string, enum: [live, test], default: test}
                  next: {type: string, nullable: true}
                  extra: {type: object}
  /things/{id}:
    parameters: [{name: id, in: path, required: true, schema: {type: string}}]
    get:
      operationId: getThing
      responses:
        "200":
          description: OK.
          content:
            application/json:
              schema:
                oneOf:
                  - $ref: "#/components/schemas/Thing"
                  - {type: object, required: [gone], properties: {gone: {type: boolean, enum: [true]}}}
    put:
      operationId: putThing
      responses:
        "200": {description: Stored, with no body.}
  /export:
    get:
      operationId: export
      responses:
        "200":
          description: OK.
          content: {application/xml: {schema: {type: string}}}
components:
  schemas:
    Thing:
      type: object
      required: [id, kind, tags]
      properties:
        id: {type: string}
        kind: {type: string, enum: [a, b]}
        tags: {type: array, items: {type: string}}
        parent: {$ref: "#/components/schemas/Thing"}
x-authgen:
  package: acme
`

// TestFakeRouteAnswersAsDocumented: each route carries the media type of
// its documented success ("" for none) and the shape of its body: the
// required members, with the value each zero the schema refuses takes,
// the envelope's optional objects, and a union's variants with the names
// that tell them apart.
func TestFakeRouteAnswersAsDocumented(t *testing.T) {
	p, _, err := LoadData("acme.yaml", []byte(fakeAnswers), Options{})
	if err != nil {
		t.Fatal(err)
	}
	thing := `{"t":"object","m":{"id":{"t":"string"},"kind":{"t":"string","e":["a","b"],"f":"a"},"tags":{"t":"array"}}}`
	want := map[string][2]string{
		"listThings": {"application/vnd.acme+json;version=2", `{"t":"object","m":{"data":{"t":"array","i":` + thing + `},` +
			`"extra":{"t":"object","o":true},"mode":{"t":"string","e":["live","test"],"f":"test"},"next":{"t":"string","n":true},"object":{"t":"string","e":["list"],"f":"list"}}}`},
		"getThing": {"application/json", `{"v":[` + thing[:len(thing)-1] + `,"r":["id","kind","tags"]},{"t":"object","m":{"gone":{"t":"boolean","e":[true],"f":true}},"r":["gone"]}]}`},
		"putThing": {"", ""},
		"export":   {"application/xml", ""},
	}
	for _, r := range p.Fake.Routes {
		w, ok := want[r.Operation.ID]
		if !ok {
			t.Errorf("%s: not expected", r.Operation.ID)
			continue
		}
		if r.MediaType != w[0] || r.Result != w[1] {
			t.Errorf("%s:\n got %q %s\nwant %q %s", r.Operation.ID, r.MediaType, r.Result, w[0], w[1])
		}
		delete(want, r.Operation.ID)
	}
	if len(want) > 0 {
		t.Errorf("not routed: %v", want)
	}
}

// TestFakeShapeNamesTheDiscriminator: a union with a discriminator
// (GitHub's /user: private-user or public-user by user_view_type) gets,
// in each variant, the member that names it, with the mapping's key.
func TestFakeShapeNamesTheDiscriminator(t *testing.T) {
	const doc = `openapi: 3.0.3
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.example/v1"}]
paths:
  /user:
    get:
      operationId: getUser
      responses:
        "200":
          description: OK.
          content:
            application/json:
              schema:
                oneOf: [{$ref: "#/components/schemas/Private"}, {$ref: "#/components/schemas/Public"}]
                discriminator:
                  propertyName: view
                  mapping: {public: "#/components/schemas/Public", private: "#/components/schemas/Private"}
components:
  schemas:
    Private: {type: object, required: [id, plan], properties: {id: {type: string}, plan: {type: string}, view: {type: string}}}
    Public: {type: object, required: [id], properties: {id: {type: string}, view: {type: string}}}
x-authgen:
  package: acme
`
	p, _, err := LoadData("acme.yaml", []byte(doc), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"v":[{"t":"object","m":{"id":{"t":"string"},"plan":{"t":"string"},"view":{"t":"string","e":["private"],"f":"private"}},"r":["id","plan"]},{"t":"object","m":{"id":{"t":"string"},"view":{"t":"string","e":["public"],"f":"public"}},"r":["id"]}]}`
	if got := p.Fake.Routes[0].Result; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestFakeShapeFollowsThePageCursor: a paged operation's shape holds the
// members along its cursor pointer, optional and whether null is allowed,
// so that the fake leaves out the last page's null cursor where the
// schema refuses it (Intercom's pages.next.starting_after).
func TestFakeShapeFollowsThePageCursor(t *testing.T) {
	const doc = `openapi: 3.0.3
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.example/v1"}]
paths:
  /things:
    get:
      operationId: listThings
      parameters: [{name: starting_after, in: query, schema: {type: string}}]
      responses:
        "200":
          description: OK.
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {type: string}}
                  pages: {type: object, properties: {next: {type: object, properties: {starting_after: {type: string}}}}}
x-authgen:
  package: acme
  pagination:
    operations:
      listThings: {style: cursor, items: /data, next: /pages/next/starting_after, param: starting_after}
`
	p, _, err := LoadData("acme.yaml", []byte(doc), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"t":"object","m":{"data":{"t":"array","o":true},"pages":{"t":"object","m":{"next":{"t":"object","m":{"starting_after":{"t":"string","o":true}},"o":true}},"o":true}}}`
	if got := p.Fake.Routes[0].Result; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestFakeShapeFillsAnUntypedMemberWithItsExample: a required member of
// any type but null (Merge's passthrough response, a schema with only an
// example) takes its example where a handler left it null.
func TestFakeShapeFillsAnUntypedMemberWithItsExample(t *testing.T) {
	const doc = `openapi: 3.0.3
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.example/v1"}]
paths:
  /passthrough:
    get:
      operationId: getPassthrough
      responses:
        "200":
          description: OK.
          content:
            application/json:
              schema:
                type: object
                required: [response]
                properties:
                  response: {example: {scooters: []}}
x-authgen:
  package: acme
`
	p, _, err := LoadData("acme.yaml", []byte(doc), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"t":"object","m":{"response":{"f":{"scooters":[]}}}}`
	if got := p.Fake.Routes[0].Result; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestFakeShapeKeepsTheVariantsOfANonNullUnion: a required union that
// does not allow null keeps its variants, for the fake to fill a null
// with the first one's zero value; a nullable one needs none.
func TestFakeShapeKeepsTheVariantsOfANonNullUnion(t *testing.T) {
	const doc = `openapi: 3.0.3
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.example/v1"}]
paths:
  /control:
    get:
      operationId: getControl
      responses:
        "200":
          description: OK.
          content:
            application/json:
              schema:
                type: object
                required: [value, other]
                properties:
                  value: {oneOf: [{type: string}, {type: number}]}
                  other: {nullable: true, oneOf: [{type: string}, {type: number}]}
x-authgen:
  package: acme
`
	p, _, err := LoadData("acme.yaml", []byte(doc), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"t":"object","m":{"value":{"v":[{"t":"string"},{"t":"number"}]}}}`
	if got := p.Fake.Routes[0].Result; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// TestAFilledTimeIsOneTheClientParses: a required time the fake writes
// where the handler gave none (a member it fills, an object it builds
// from nothing, as for GitHub's create-from-manifest) is the zero of its
// format, not "", which the client's time.Time cannot decode (issue 27).
func TestAFilledTimeIsOneTheClientParses(t *testing.T) {
	obj := openapi3.NewObjectSchema().
		WithProperty("at", openapi3.NewDateTimeSchema()).
		WithProperty("on", openapi3.NewStringSchema().WithFormat("date")).
		WithProperty("name", openapi3.NewStringSchema())
	obj.Required = []string{"at", "on", "name"}
	sh := shapeOf(openapi3.NewArraySchema().WithItems(obj), 0, map[*openapi3.Schema]bool{})
	got, _ := json.Marshal(sh)
	want := `{"t":"array","i":{"t":"object","m":{"at":{"t":"string","f":"1970-01-01T00:00:00Z"},"name":{"t":"string"},"on":{"t":"string","f":"1970-01-01"}}}}`
	if string(got) != want {
		t.Errorf("shape %s\nwant  %s", got, want)
	}
}

// TestFakeShapeReachesTheRequiredMembersOfItems: a list's items and the
// objects nested in them carry every required member with a type (a
// boolean, a string without enum), not only those the fake must change
// from a zero value: a test gives a page's items empty or in part, and
// the fake fills in what they miss (Stripe's prices: /data/0/active).
func TestFakeShapeReachesTheRequiredMembersOfItems(t *testing.T) {
	const doc = `openapi: 3.0.3
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.example/v1"}]
paths:
  /prices:
    get:
      operationId: listPrices
      responses:
        "200":
          description: OK.
          content:
            application/json:
              schema:
                type: object
                required: [data]
                properties:
                  data:
                    type: array
                    items:
                      type: object
                      required: [active, period]
                      properties:
                        active: {type: boolean}
                        period:
                          type: object
                          required: [end]
                          properties:
                            end: {type: integer}
x-authgen:
  package: acme
`
	p, _, err := LoadData("acme.yaml", []byte(doc), Options{})
	if err != nil {
		t.Fatal(err)
	}
	want := `{"t":"object","m":{"data":{"t":"array","i":{"t":"object","m":{"active":{"t":"boolean"},"period":{"t":"object","m":{"end":{"t":"integer"}}}}}}}}`
	if got := p.Fake.Routes[0].Result; got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}
