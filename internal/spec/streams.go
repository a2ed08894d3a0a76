package spec

// The streams concern: an operation whose 2xx answers with server-sent
// events (text/event-stream) gets a method that yields them, typed by the
// document; x-authgen.streams says how the stream is asked for, ends and
// fails where the document cannot.

import (
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
)

const eventStream = "text/event-stream"

// streamEvent finds an operation's event stream and builds the type of
// each event's data, from OpenAPI 3.2's itemSchema (the data member's
// contentSchema, else the data member, else the item itself) or, as
// vendors write it for 3.0 and 3.1, the media type's schema. It returns
// nil when no 2xx answers with an event stream, and whether a 2xx also
// answers JSON.
func (b *builder) streamEvent(o *Operation, op *openapi3.Operation) (event Type, events []string, alsoJSON bool) {
	if op.Responses == nil {
		return nil, nil, false
	}
	responses := op.Responses.Map()
	for _, code := range sortedKeys(responses) {
		ref := responses[code]
		if len(code) != 3 || code[0] != '2' || ref == nil || ref.Value == nil {
			continue
		}
		for _, mt := range sortedKeys(ref.Value.Content) {
			media := ref.Value.Content[mt]
			if isJSON(mt) {
				alsoJSON = true
			}
			if mediaTypeOf(mt) != eventStream || media == nil || event != nil {
				continue
			}
			schema := media.Schema
			if item := media.ItemSchema; item != nil {
				if union, names := eventUnion(item.Value); union != nil {
					// Items told apart by their event name: the data is a
					// union with a variant per event.
					event, events = b.bodyType(union, o.GoName+"Event"), names
					continue
				}
				schema = itemData(item)
			}
			if schema == nil {
				event = Any
				continue
			}
			event = b.bodyType(schema, o.GoName+"Event")
		}
	}
	return event, events, alsoJSON
}

// itemData is the schema of an itemSchema's data: the data member's
// contentSchema, else the data member, else the item itself.
func itemData(item *openapi3.SchemaRef) *openapi3.SchemaRef {
	if item.Value == nil {
		return item
	}
	data := item.Value.Properties["data"]
	if data == nil {
		return item
	}
	if data.Value != nil && data.Value.ContentSchema != nil {
		return data.Value.ContentSchema
	}
	return data
}

// eventUnion reads an OpenAPI 3.2 itemSchema that is a oneOf (or anyOf)
// of items each fixing its event name (event: {const: message_start}):
// the data is a union of the items' data, a variant per event, named from
// the data's component, else its title, else the event name; names are
// the events, in the document's order. nil when the items are not told
// apart so.
func eventUnion(item *openapi3.Schema) (*openapi3.SchemaRef, []string) {
	if item == nil {
		return nil, nil
	}
	branches := item.OneOf
	if len(branches) == 0 {
		branches = item.AnyOf
	}
	if len(branches) < 2 {
		return nil, nil
	}
	union := &openapi3.Schema{}
	var names []string
	for _, branch := range branches {
		if branch == nil || branch.Value == nil {
			return nil, nil
		}
		nameSchema := branch.Value.Properties["event"]
		if nameSchema == nil || nameSchema.Value == nil {
			return nil, nil
		}
		value, ok := singleValue(nameSchema.Value)
		name, isString := value.(string)
		if !ok || !isString || name == "" {
			return nil, nil
		}
		data := itemData(branch)
		if data == branch {
			// No data member: the item itself is no event's data.
			return nil, nil
		}
		if data.Ref == "" && data.Value != nil && data.Value.Title == "" {
			// An inline data schema is named after its event
			// (AsMessageStart); a shallow copy, so that the document's
			// own schema keeps no title it did not have.
			titled := *data.Value
			titled.Title = name
			data = &openapi3.SchemaRef{Value: &titled}
		}
		union.OneOf = append(union.OneOf, data)
		names = append(names, name)
	}
	return &openapi3.SchemaRef{Value: union}, names
}

// buildStreams decides each streaming operation's method from the
// document and x-authgen.streams: an operation that only streams yields
// its events from its own method; one that answers JSON or a stream by a
// request member gets <Method>Stream beside the JSON method, when the
// spec or the document's convention (a boolean body member named stream)
// says which member.
func (b *builder) buildStreams() {
	cfg := b.ext.Streams
	rules := map[string]*streamRuleConfig{}
	byID := map[string]bool{}
	for _, o := range b.p.Operations {
		byID[o.ID] = true
	}
	for i := range cfg.Operations {
		r := &cfg.Operations[i]
		if !byID[r.OperationID] {
			b.problem(r.pos, "%s.streams.operations.%s: no operation has this operationId", ExtensionKey, r.OperationID)
			continue
		}
		rules[r.OperationID] = r
	}
	methods := map[string]bool{}
	for _, o := range b.p.Operations {
		methods[o.GoName] = true
		if pg := o.Pagination; pg != nil {
			methods[pg.PagesMethod], methods[pg.AllMethod] = true, true
		}
	}
	for i := range b.p.Operations {
		o := &b.p.Operations[i]
		event, alsoJSON, found := b.streams[o.ID].event, b.streams[o.ID].alsoJSON, b.streams[o.ID].found
		rule, own := rules[o.ID]
		where := fmt.Sprintf("%s.streams.operations.%s", ExtensionKey, o.ID)
		if !found {
			if own {
				b.problem(rule.pos, "%s: operation %q answers no text/event-stream", where, o.ID)
			}
			continue
		}
		if rule == nil {
			rule = cfg.Default
			where = ExtensionKey + ".streams.default"
		}
		// The models are finished before the streams are decided: the
		// event's names are resolved here, as finishModels resolves a
		// response's.
		walkType(event, func(n *Named) { n.Model = b.models.byName[n.GoName] })
		s := &Stream{Event: event, ErrorEvent: "error", Events: b.streams[o.ID].events}
		if rule != nil {
			s.Toggle, s.Done, s.ErrorData = rule.Toggle, rule.Done, rule.ErrorData
			if rule.Events != nil {
				s.Events = rule.Events
			}
			if rule.ErrorEvent != "" {
				s.ErrorEvent = rule.ErrorEvent
			}
			s.Resume = rule.Resume != nil && *rule.Resume
		}
		pos := b.opPos[o.ID]
		if rule != nil {
			pos = rule.pos
		}
		switch {
		case !alsoJSON:
			if s.Toggle != "" && own {
				b.problem(rule.keyPos("toggle"), "%s.toggle: operation %q answers only with an event stream; it needs no member to ask for one", where, o.ID)
				continue
			}
			s.Toggle = ""
			s.GoName = o.GoName
			o.Response, o.RawResponse = nil, false
		default:
			if s.Toggle == "" {
				if o.Body != nil && bodyHasMember(o.Body, "stream") {
					s.Toggle, s.Inferred = "stream", true
					b.warn(pos, "operation %q: answers JSON or an event stream; the stream is asked for with the body member \"stream\" (the document's convention; %s.streams.operations.%s.toggle says otherwise)", o.ID, ExtensionKey, o.ID)
				} else {
					b.warn(pos, "operation %q: answers JSON or an event stream, and nothing says how to ask for the stream: %sStream is left out (set %s.streams.operations.%s.toggle)", o.ID, o.GoName, ExtensionKey, o.ID)
					continue
				}
			} else if !bodyHasMember(o.Body, s.Toggle) {
				b.problem(rule.keyPos("toggle"), "%s.toggle: operation %q has no JSON body member %q", where, o.ID, s.Toggle)
				continue
			}
			s.GoName = o.GoName + "Stream"
			if methods[s.GoName] || clientMethods()[s.GoName] {
				b.problem(pos, "%s: operation %q: the method %s is already taken; rename one of the operations", where, o.ID, s.GoName)
				continue
			}
			methods[s.GoName] = true
		}
		o.Stream = s
	}
}

// streamFound is what the operations' build saw of an operation's event
// stream, for buildStreams.
type streamFound struct {
	event    Type
	events   []string // the events an itemSchema union describes
	alsoJSON bool
	found    bool
}
