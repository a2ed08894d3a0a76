package spec

import "testing"

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
	if got := p.Fake.ErrorShape; got != want {
		t.Errorf("shape %+v, want %+v", got, want)
	}
}
