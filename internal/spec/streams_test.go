package spec

import (
	"errors"
	"strings"
	"testing"
)

// streamsDoc is a spec of one operation answering JSON or an event
// stream; each case sets its request body and x-authgen keys.
func streamsDoc(version, body, content, extra string) string {
	return `openapi: ` + version + `
info: {title: S, version: "1"}
servers: [{url: "https://api.s.example"}]
paths:
  /chat:
    post:
      operationId: chat
` + body + `      responses:
        "200":
          description: OK.
          content:
` + content + `x-authgen:
  package: s
` + extra
}

const (
	streamBody = `      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {prompt: {type: string}, stream: {type: boolean}}}
`
	noStreamBody = `      requestBody:
        content:
          application/json:
            schema: {type: object, properties: {prompt: {type: string}}}
`
	jsonOrEvents = `            application/json:
              schema: {type: object, properties: {text: {type: string}}}
            text/event-stream:
              schema: {type: object, properties: {delta: {type: string}}}
`
)

// TestStreamsFromTheDocumentAndTheSpec: each way a document and
// x-authgen say (or fail to say) how an operation streams.
func TestStreamsFromTheDocumentAndTheSpec(t *testing.T) {
	for _, c := range []struct {
		name, doc  string
		method     string // the stream method; "" for none
		toggle     string
		warn, fail string // part of a warning, of the error
	}{
		{"the stream member, inferred", streamsDoc("3.0.3", streamBody, jsonOrEvents, ""), "ChatStream", "stream", `asked for with the body member "stream"`, ""},
		{"the stream member, named", streamsDoc("3.0.3", streamBody, jsonOrEvents, "  streams: {operations: {chat: {toggle: stream, done: \"[DONE]\"}}}\n"), "ChatStream", "stream", "", ""},
		{"no way to ask for the stream", streamsDoc("3.0.3", noStreamBody, jsonOrEvents, ""), "", "", "ChatStream is left out", ""},
		{"a toggle the body lacks", streamsDoc("3.0.3", noStreamBody, jsonOrEvents, "  streams: {operations: {chat: {toggle: stream}}}\n"), "", "", "", `has no JSON body member "stream"`},
		{"a rule for an operation that does not stream", streamsDoc("3.0.3", streamBody, "            application/json: {schema: {type: object}}\n", "  streams: {operations: {chat: {done: x}}}\n"), "", "", "", "answers no text/event-stream"},
		{"a rule for no operation", streamsDoc("3.0.3", streamBody, jsonOrEvents, "  streams: {operations: {chats: {done: x}}}\n"), "", "", "", "no operation has this operationId"},
		{"only events: the method itself", streamsDoc("3.0.3", streamBody, "            text/event-stream:\n              schema: {type: object, properties: {delta: {type: string}}}\n", ""), "Chat", "", "", ""},
		{"OpenAPI 3.2 itemSchema, the data's contentSchema", streamsDoc("3.2.0", streamBody, "            text/event-stream:\n              itemSchema:\n                type: object\n                properties:\n                  event: {type: string}\n                  data: {type: string, contentMediaType: application/json, contentSchema: {type: object, properties: {delta: {type: string}}}}\n", ""), "Chat", "", "", ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, warnings, err := LoadData("s.yaml", []byte(c.doc), Options{SkipOpenAPIValidation: true})
			if c.fail != "" {
				var ps Problems
				if !errors.As(err, &ps) || !strings.Contains(err.Error(), c.fail) {
					t.Fatalf("err = %v, want one containing %q", err, c.fail)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var said []string
			for _, w := range warnings {
				said = append(said, w.Message)
			}
			if c.warn != "" && !strings.Contains(strings.Join(said, "\n"), c.warn) {
				t.Errorf("warnings %q, want one containing %q", said, c.warn)
			}
			op := p.Operations[0]
			if c.method == "" {
				if op.Stream != nil {
					t.Errorf("a stream method %s", op.Stream.GoName)
				}
				return
			}
			s := op.Stream
			if s == nil || s.GoName != c.method || s.Toggle != c.toggle {
				t.Fatalf("stream %+v, want method %s toggling %q", s, c.method, c.toggle)
			}
			if st := structOf(s.Event); st == nil || len(st.Fields) != 1 || st.Fields[0].Name != "delta" {
				t.Errorf("event type %#v, want the object with delta", s.Event)
			}
			if c.method == op.GoName && (op.Response != nil || op.RawResponse) {
				t.Errorf("a stream-only operation keeps a response: %v %v", op.Response, op.RawResponse)
			}
		})
	}
}

// TestSteadyRate: rateLimit.steady reaches the model; a window of 0 or a
// rate past one request a millisecond is refused at the key.
func TestSteadyRate(t *testing.T) {
	base := "openapi: 3.0.3\ninfo: {title: S, version: \"1\"}\npaths: {}\nx-authgen:\n  package: s\n  rateLimit:\n    steady: "
	p, _, err := LoadData("s.yaml", []byte(base+"{limit: 3, per: 1s}\n"), Options{})
	if err != nil || p.RateLimit.Steady != (SteadyRate{Limit: 3, Per: 1e9}) {
		t.Fatalf("steady %+v, err %v", p.RateLimit.Steady, err)
	}
	for _, bad := range []struct{ value, want string }{
		{"{limit: 3, per: 0s}", "want a window longer than 0"},
		{"{limit: 5000, per: 1s}", "more than one a millisecond"},
		{"{per: 1s}", "limit"},
	} {
		_, _, err := LoadData("s.yaml", []byte(base+bad.value+"\n"), Options{})
		if err == nil || !strings.Contains(err.Error(), bad.want) || !strings.Contains(err.Error(), "s.yaml:7:") {
			t.Errorf("%s: %v, want an error at line 7 about %q", bad.value, err, bad.want)
		}
	}
}

// TestItemSchemaUnionByEventName is issue 25's gap: an OpenAPI 3.2
// itemSchema that is a oneOf of items each fixing its event name is read
// as a union of their data, a variant per event (named by the data's
// component, else by the event), and the events are the ones described.
func TestItemSchemaUnionByEventName(t *testing.T) {
	content := `            text/event-stream:
              itemSchema:
                oneOf:
                  - type: object
                    properties:
                      event: {const: message_start}
                      data: {type: string, contentMediaType: application/json, contentSchema: {$ref: "#/components/schemas/MessageStart"}}
                  - type: object
                    properties:
                      event: {enum: [content_block_delta]}
                      data: {type: object, properties: {delta: {type: string}}}
`
	doc := streamsDoc("3.2.0", noStreamBody, content, "") + `components:
  schemas:
    MessageStart: {type: object, properties: {id: {type: string}}}
`
	p, _, err := LoadData("s.yaml", []byte(doc), Options{SkipOpenAPIValidation: true})
	if err != nil {
		t.Fatal(err)
	}
	s := p.Operations[0].Stream
	if s == nil {
		t.Fatal("no stream")
	}
	if got := strings.Join(s.Events, ","); got != "message_start,content_block_delta" {
		t.Errorf("events %q", got)
	}
	n, ok := s.Event.(*Named)
	if !ok {
		t.Fatalf("event type %#v, want a named union", s.Event)
	}
	u, ok := n.Model.(*UnionModel)
	if !ok {
		t.Fatalf("event model %#v, want a union", n.Model)
	}
	var variants []string
	for _, v := range u.Variants {
		variants = append(variants, v.GoName)
	}
	if got := strings.Join(variants, ","); got != "MessageStart,ContentBlockDelta" {
		t.Errorf("variants %q, want MessageStart (the component) and ContentBlockDelta (the event)", got)
	}
	// Without the event names, the item is one type, as before.
	single := strings.Replace(doc, "event: {const: message_start}", "event: {type: string}", 1)
	p, _, err = LoadData("s.yaml", []byte(single), Options{SkipOpenAPIValidation: true})
	if err != nil {
		t.Fatal(err)
	}
	if s := p.Operations[0].Stream; s == nil || len(s.Events) != 0 {
		t.Errorf("items not told apart by name: stream %+v, want no events", s)
	}
}
