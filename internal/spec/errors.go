package spec

// The errors concern: the vendor's error envelope, its codes and their
// sentinels.

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/authgen/authgen/internal/genid"
)

// status sentinel names every client declares; a code whose Go name equals
// one reuses it.
var statusSentinels = map[string]int{
	"ErrBadRequest": 400, "ErrUnauthorized": 401, "ErrPaymentRequired": 402,
	"ErrForbidden": 403, "ErrNotFound": 404, "ErrConflict": 409,
	"ErrUnprocessableEntity": 422, "ErrRateLimited": 429, "ErrServer": 500,
}

func (b *builder) buildErrors() {
	e := b.ext.Errors
	for _, ptr := range []struct {
		value, key string
		pos        Position
	}{{e.Envelope.Code, "code", e.Envelope.keyPos("code")}, {e.Envelope.Message, "message", e.Envelope.keyPos("message")}, {e.Envelope.Details, "details", e.Envelope.keyPos("details")}, {e.Envelope.RequestID, "requestId", e.Envelope.keyPos("requestId")}} {
		switch {
		case ptr.value != "" && !strings.HasPrefix(ptr.value, "/"):
			b.problem(ptr.pos, "%s.errors.envelope.%s: %q is not a JSON pointer (want one like \"/error/%s\")", ExtensionKey, ptr.key, ptr.value, ptr.key)
		case ptr.key != "message" && hasWildcard(ptr.value):
			b.problem(ptr.pos, "%s.errors.envelope.%s: %q has a * segment, which reads a list; only message (joined) and errors.fields of type array take one", ExtensionKey, ptr.key, ptr.value)
		}
	}
	b.p.Errors = ErrorModel{CodePointer: e.Envelope.Code, MessagePointer: e.Envelope.Message, DetailsPointer: e.Envelope.Details, RequestIDPointer: e.Envelope.RequestID}
	b.buildErrorFields()
	f := e.FailureWhen
	switch {
	case f.Pointer == "" && f.Equals == "":
	case !strings.HasPrefix(f.Pointer, "/") || f.Equals == "":
		b.problem(f.pos, "%s.errors.failureWhen: give pointer (a JSON pointer such as \"/ok\") and equals (the value that means failure)", ExtensionKey)
	default:
		b.p.Errors.FailureWhen = Failure{Pointer: f.Pointer, Equals: string(f.Equals)}
	}
	for i, s := range e.Shapes {
		where := fmt.Sprintf("%s.errors.shapes[%d]", ExtensionKey, i)
		ok := s.Code != "" || s.Message != ""
		if !ok {
			b.problem(s.pos, "%s: give a code or a message pointer", where)
		}
		for _, ptr := range []string{s.Code, s.Message, s.Details} {
			if ptr != "" && !strings.HasPrefix(ptr, "/") {
				b.problem(s.pos, "%s: %q is not a JSON pointer (want one like \"/error/message\")", where, ptr)
				ok = false
			}
		}
		if ok {
			b.p.Errors.Shapes = append(b.p.Errors.Shapes, ErrorShape{CodePointer: s.Code, MessagePointer: s.Message, DetailsPointer: s.Details})
		}
	}
	b.checkEnvelopePointers()
	seen := map[string]codeConfig{}
	for i, c := range e.Codes {
		where := fmt.Sprintf("%s.errors.codes[%d]", ExtensionKey, i)
		if c.Code == "" {
			b.problem(c.pos, "%s: code is required", where)
			continue
		}
		goName := "Err" + GoName(c.Code)
		if c.Name != "" {
			if GoName(c.Name) != c.Name {
				b.problem(c.pos, "%s.name: %q is not an exported Go name (try %q)", where, c.Name, GoName(c.Name))
				continue
			}
			goName = "Err" + c.Name
		}
		if goName == "Err" {
			b.problem(c.pos, "%s: code %q gives no Go name", where, c.Code)
			continue
		}
		if prev, dup := seen[goName]; dup {
			b.problem(c.pos, "%s: code %q gives the sentinel %s, as does %q at line %d; Go names must differ", where, c.Code, goName, prev.Code, prev.pos.Line)
			continue
		}
		_, isStatus := statusSentinels[goName]
		if !isStatus {
			if holder, ok := b.names.take(goName, fmt.Sprintf("error code %q", c.Code)); !ok {
				if holder == clientShellOwner {
					holder = "the client"
				}
				b.problem(c.pos, "%s: code %q gives %s, which %s already declares", where, c.Code, goName, holder)
				continue
			}
		}
		if c.Pointer != "" && (!strings.HasPrefix(c.Pointer, "/") || hasWildcard(c.Pointer)) {
			b.problem(c.keyPos("pointer"), "%s.pointer: %q is not a JSON pointer to one member (want one like \"/error/type\")", where, c.Pointer)
			continue
		}
		seen[goName] = c
		b.p.Errors.Codes = append(b.p.Errors.Codes, ErrorCode{
			Code: c.Code, GoName: goName, Status: c.Status, Description: docText(c.Description), StatusSentinel: isStatus, Final: c.Retry != nil && !*c.Retry,
			Pointer: c.Pointer,
		})
	}
	sort.Slice(b.p.Errors.Codes, func(i, j int) bool { return b.p.Errors.Codes[i].Code < b.p.Errors.Codes[j].Code })

	if d := b.ext.Success.Data; d != "" {
		if !strings.HasPrefix(d, "/") {
			b.problem(b.ext.Success.keyPos("data"), "%s.success.data: %q is not a JSON pointer (want one like \"/data\")", ExtensionKey, d)
		}
		b.p.SuccessData = d
	}
}

// errorSchemas are the JSON schemas of the spec's error responses (4xx, 5xx
// and default), each once, in a stable order.
func (b *builder) errorSchemas() []*openapi3.Schema {
	var out []*openapi3.Schema
	seen := map[*openapi3.Schema]bool{}
	if b.doc.Paths == nil {
		return nil
	}
	paths := b.doc.Paths.Map()
	for _, path := range sortedKeys(paths) {
		item := paths[path]
		for _, method := range methodOrder {
			op := item.GetOperation(method)
			if op == nil || op.Responses == nil {
				continue
			}
			responses := op.Responses.Map()
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
					if s := media.Schema.Value; !seen[s] {
						seen[s] = true
						out = append(out, s)
					}
				}
			}
		}
	}
	return out
}

// checkEnvelopePointers reports an envelope pointer that leads nowhere in
// every error schema the spec declares. A spec that declares none is not
// checked: the envelope is then the only description of the errors.
func (b *builder) checkEnvelopePointers() {
	schemas := b.errorSchemas()
	if len(schemas) == 0 {
		return
	}
	e := b.ext.Errors
	for _, ptr := range []struct {
		key, value string
		pos        Position
	}{{"code", e.Envelope.Code, e.Envelope.keyPos("code")}, {"message", e.Envelope.Message, e.Envelope.keyPos("message")}, {"details", e.Envelope.Details, e.Envelope.keyPos("details")}, {"requestId", e.Envelope.RequestID, e.Envelope.keyPos("requestId")}} {
		if ptr.value == "" || !strings.HasPrefix(ptr.value, "/") {
			continue
		}
		var best pointerMiss
		found := false
		for _, s := range schemas {
			miss, ok := resolvePointer(s, ptr.value)
			if ok {
				found = true
				break
			}
			if miss.depth >= best.depth {
				best = miss
			}
		}
		if found {
			continue
		}
		msg := fmt.Sprintf("%s.errors.envelope.%s: %q matches no property of the error schemas", ExtensionKey, ptr.key, ptr.value)
		if len(best.have) > 0 {
			msg += fmt.Sprintf("; %q has %s", best.at, strings.Join(best.have, ", "))
			if s := suggest(best.missing, best.have); s != "" {
				msg += fmt.Sprintf(" (did you mean %q?)", s)
			}
		}
		b.problem(ptr.pos, "%s", msg)
	}
}

// pointerMiss says where a pointer left a schema.
type pointerMiss struct {
	depth   int
	at      string   // the pointer prefix that resolved
	missing string   // the token that did not
	have    []string // the properties there
}

// resolvePointer follows a JSON pointer through properties (and allOf
// parts) and array items.
func resolvePointer(s *openapi3.Schema, pointer string) (pointerMiss, bool) {
	tokens := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	at := ""
	for depth, token := range tokens {
		token = strings.ReplaceAll(strings.ReplaceAll(token, "~1", "/"), "~0", "~")
		if s == nil {
			return pointerMiss{}, true // an untyped value: anything goes
		}
		if token == "*" && s.AdditionalProperties.Schema != nil {
			s = s.AdditionalProperties.Schema.Value // every member of a map
			at += "/*"
			continue
		}
		if s.Type.Is("array") || s.Items != nil {
			if _, err := strconv.Atoi(token); (err == nil || token == "*") && s.Items != nil {
				s = s.Items.Value
				at += "/" + token
				continue
			}
		}
		if len(schemaProperties(s)) == 0 && (s.Type == nil || s.Type.Is("object")) && len(s.OneOf) == 0 && len(s.AnyOf) == 0 {
			return pointerMiss{}, true // a free-form object
		}
		next := findProperty(s, token)
		if next == nil {
			have := schemaProperties(s)
			return pointerMiss{depth: depth, at: "/" + strings.TrimPrefix(at, "/"), missing: token, have: have}, false
		}
		s = next.Value
		at += "/" + token
	}
	return pointerMiss{}, true
}

// schemaProperties lists a schema's property names, through allOf parts.
func schemaProperties(s *openapi3.Schema) []string {
	set := map[string]bool{}
	var walk func(*openapi3.Schema, int)
	walk = func(s *openapi3.Schema, depth int) {
		if s == nil || depth > 16 {
			return
		}
		for name := range s.Properties {
			set[name] = true
		}
		for _, part := range s.AllOf {
			walk(part.Value, depth+1)
		}
	}
	walk(s, 0)
	out := make([]string, 0, len(set))
	for n := range set {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// hasWildcard reports a pointer with a * segment, which stands for every
// item of a list: /errors/*/message.
func hasWildcard(pointer string) bool {
	return strings.Contains(pointer+"/", "/*/")
}

// buildErrorFields reads errors.fields: the envelope's other documented
// members, as typed fields of ErrorFields (embedded in *APIError, beside
// Metering, so a name must meet neither APIError's own nor a metering one).
func (b *builder) buildErrorFields() {
	taken := map[string]bool{}
	for _, m := range b.ext.Metering {
		taken[m.Name] = true
		taken[GoName(strings.TrimPrefix(strings.TrimPrefix(m.Header, "X-"), "x-"))] = true
	}
	for i, f := range b.ext.Errors.Fields {
		where := fmt.Sprintf("%s.errors.fields[%d]", ExtensionKey, i)
		if !strings.HasPrefix(f.Pointer, "/") {
			b.problem(f.pos, "%s.pointer: %q is not a JSON pointer (want one like \"/error/decline_code\")", where, f.Pointer)
			continue
		}
		name := f.Name
		if name == "" {
			last := f.Pointer[strings.LastIndex(f.Pointer, "/")+1:]
			name = GoName(last)
		} else if GoName(name) != name {
			b.problem(f.pos, "%s.name: %q is not an exported Go name (try %q)", where, name, GoName(name))
			continue
		}
		if name == "" || responseFieldNames()[name] || taken[name] || name == "ErrorFields" || name == genid.MeteringType {
			b.problem(f.pos, "%s: field name %q is already taken in *APIError; set a different name", where, name)
			continue
		}
		taken[name] = true
		switch MeteringType(f.Type) {
		case MeterInteger, MeterNumber, MeterString, MeterBoolean:
			if hasWildcard(f.Pointer) {
				b.problem(f.keyPos("pointer"), "%s.pointer: %q has a * segment, which reads a list; give type: array", where, f.Pointer)
				continue
			}
		case MeterArray:
		default:
			b.problem(f.pos, "%s.type: unknown type %q (want string, integer, number, boolean or array)", where, f.Type)
			continue
		}
		b.p.Errors.Fields = append(b.p.Errors.Fields, ErrorField{GoName: name, Pointer: f.Pointer, Type: MeteringType(f.Type), Description: docText(f.Description)})
	}
	sort.Slice(b.p.Errors.Fields, func(i, j int) bool { return b.p.Errors.Fields[i].GoName < b.p.Errors.Fields[j].GoName })
}
