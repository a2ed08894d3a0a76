package authgenfake

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// apiError is what Error returns: the fake sends it as the vendor's error.
type apiError struct {
	status        int
	code, message string
}

func (e *apiError) Error() string {
	return fmt.Sprintf("%d %s: %s", e.status, e.code, e.message)
}

// Error returns an error that a handler returns to make the fake answer
// with status and the vendor's own error envelope holding code and message.
func Error(status int, code, message string) error {
	return &apiError{status: status, code: code, message: message}
}

// badRequest: the request does not match the operation.
type badRequest struct{ why string }

func (b *badRequest) Error() string { return b.why }

// writeError sends the vendor's error envelope.
func (s *Server) writeError(w http.ResponseWriter, status int, code, message string) {
	s.writeDocument(w, status, s.errorDocument(status, code, message))
}

// writeRouteError is writeError for an answer of route, in the envelope
// its own error schema for the status draws, if it has one.
func (s *Server) writeRouteError(w http.ResponseWriter, route *Route, status int, code, message string) {
	s.writeDocument(w, status, s.routeErrorDocument(route, status, code, message))
}

// routeErrorDocument is errorDocument in route's own envelope for status
// (its exact code, then its range, then default), else the spec's.
func (s *Server) routeErrorDocument(route *Route, status int, code, message string) any {
	if shape, ok := routeErrorShape(route, status); ok {
		return shapedErrorBody(s.spec, shape, status, code, message)
	}
	return s.errorDocument(status, code, message)
}

func routeErrorShape(route *Route, status int) (ErrorShape, bool) {
	if route == nil || len(route.ErrorShapes) == 0 {
		return ErrorShape{}, false
	}
	exact, rang := strconv.Itoa(status), strconv.Itoa(status/100)+"XX"
	for _, want := range []string{exact, rang, "default"} {
		for _, es := range route.ErrorShapes {
			if es.Code == want {
				return es.Shape, true
			}
		}
	}
	// A status the operation does not document (a 401 or 429 the fake
	// gives every operation): the envelope of its first documented error.
	return route.ErrorShapes[0].Shape, true
}

// writeDocument sends an error envelope already built.
func (s *Server) writeDocument(w http.ResponseWriter, status int, doc any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_ = json.NewEncoder(w).Encode(doc)
}

// errorDocument is the vendor's error envelope holding code and message.
func (s *Server) errorDocument(status int, code, message string) any {
	if s.spec.ErrorShape.Skeleton != "" {
		return shapedErrorBody(s.spec, s.spec.ErrorShape, status, code, message)
	}
	return errorBody(s.spec.Envelope, s.spec.FailureWhen, code, message)
}

// shapedErrorBody is the envelope drawn from the error schema: its
// skeleton, with the code and message written at their pointers as the
// schema types them, and the in-band failure marker.
func shapedErrorBody(spec *Spec, shape ErrorShape, status int, code, message string) any {
	var doc any
	if json.Unmarshal([]byte(shape.Skeleton), &doc) != nil {
		doc = map[string]any{}
	}
	codeAt, messageAt := spec.Envelope.Code, spec.Envelope.Message
	if shape.OwnPointers {
		codeAt, messageAt = shape.CodePointer, shape.MessagePointer
	}
	if codeAt != "" {
		code = documentedCode(shape.CodeValues, code, status)
		doc = setPointer(doc, codeAt, typedValue(shape.CodeType, code, status))
	}
	if messageAt != "" {
		doc = setPointer(doc, messageAt, typedValue(shape.MessageType, message, status))
	}
	if f := spec.FailureWhen; f.Pointer != "" {
		var equals any
		_ = json.Unmarshal([]byte(f.Equals), &equals)
		doc = setPointer(doc, f.Pointer, equals)
	}
	return doc
}

// documentedCode is code when the document enumerates no codes or lists
// it; otherwise the listed code that fits best: the one sharing the most
// words with the code and the status's text ("rate_limited" for a 429
// becomes "rate_limit_exceeded" where listed; a status written as a
// number matches it), else the first. So the envelope stays one the
// document allows whoever chose the code: the fake for its own answers,
// or a test passing Error a code the document does not list.
func documentedCode(values []string, code string, status int) string {
	if len(values) == 0 || slices.Contains(values, code) {
		return code
	}
	words := codeWords(code + " " + http.StatusText(status))
	words[strconv.Itoa(status)] = true
	best, bestScore := values[0], 0
	for _, v := range values {
		score := 0
		for w := range codeWords(v) {
			if words[w] {
				score++
			}
		}
		if score > bestScore {
			best, bestScore = v, score
		}
	}
	return best
}

// codeWords are the lower-case words of a code or a status text.
func codeWords(text string) map[string]bool {
	words := map[string]bool{}
	for _, w := range strings.FieldsFunc(strings.ToLower(text), func(r rune) bool {
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
	}) {
		words[w] = true
	}
	return words
}

// typedValue is text as a value of the JSON type the schema gives: a
// number read from it (the status, for a code of the fake's own such as
// "not_found" where the vendor's codes are numbers), a list holding it.
func typedValue(typ, text string, status int) any {
	switch typ {
	case "integer", "number":
		if n, err := strconv.ParseFloat(text, 64); err == nil && (typ == "number" || n == math.Trunc(n)) {
			return n
		}
		return status
	case "boolean":
		return text != "" && text != "false"
	case "array":
		return []string{text}
	}
	return text
}

// setPointer writes value at pointer in doc: an array member where doc
// (the skeleton) has an array, extended as far as the index needs, an
// object member otherwise. It returns the document, which a pointer to
// the root replaces.
func setPointer(doc any, pointer string, value any) any {
	if pointer == "" || pointer == "/" {
		return value
	}
	key, rest, _ := strings.Cut(strings.TrimPrefix(pointer, "/"), "/")
	key = strings.ReplaceAll(strings.ReplaceAll(key, "~1", "/"), "~0", "~")
	next := ""
	if rest != "" || strings.HasSuffix(pointer, "/") {
		next = "/" + rest
	}
	if key == "*" {
		// Every item of a list (/errors/*/message): the fake sends one.
		list, _ := doc.([]any)
		if len(list) == 0 {
			list = []any{map[string]any{}}
		}
		list[0] = setPointer(list[0], next, value)
		return list[:1]
	}
	if list, ok := doc.([]any); ok {
		if i, err := strconv.Atoi(key); err == nil && i >= 0 && i < 1024 {
			for len(list) <= i {
				list = append(list, map[string]any{})
			}
			list[i] = setPointer(list[i], next, value)
			return list
		}
	}
	m, ok := doc.(map[string]any)
	if !ok {
		m = map[string]any{}
	}
	m[key] = setPointer(m[key], next, value)
	return m
}

// errorBody is the vendor's error envelope holding code and message, with
// its in-band failure marker when it has one.
func errorBody(env authgenrt.ErrorEnvelopeSpec, failure authgenrt.FailureSpec, code, message string) map[string]any {
	body := map[string]any{}
	if env.Code != "" {
		merge(body, nest(env.Code, code).(map[string]any))
	}
	if env.Message != "" {
		merge(body, nest(env.Message, message).(map[string]any))
	}
	if env.Code == "" && env.Message == "" {
		body = map[string]any{"code": code, "message": message}
	}
	if failure.Pointer != "" {
		var equals any
		_ = json.Unmarshal([]byte(failure.Equals), &equals)
		merge(body, nest(failure.Pointer, equals).(map[string]any))
	}
	return body
}

// asSuccess keeps a handler's success from reading as the provider's
// in-band failure (Slack's ok: false in a zero value): a success is sent
// as one.
func asSuccess(failure authgenrt.FailureSpec, body []byte) []byte {
	if failure.Pointer == "" {
		return body
	}
	var doc map[string]any
	if json.Unmarshal(body, &doc) != nil {
		return body
	}
	parts := strings.Split(strings.TrimPrefix(failure.Pointer, "/"), "/")
	m := doc
	for _, p := range parts[:len(parts)-1] {
		next, ok := m[p].(map[string]any)
		if !ok {
			return body
		}
		m = next
	}
	last := parts[len(parts)-1]
	got, _ := json.Marshal(m[last])
	if string(got) != failure.Equals {
		return body
	}
	switch failure.Equals {
	case "false":
		m[last] = true
	case "true":
		m[last] = false
	default:
		delete(m, last)
	}
	out, err := json.Marshal(doc)
	if err != nil {
		return body
	}
	return out
}

// wrapSuccess puts a result into the provider's success envelope, when
// it has one.
func wrapSuccess(route *Route, out any) any {
	if route.SuccessData == "" {
		return out
	}
	return nest(route.SuccessData, out)
}

// nest builds {"a": {"b": value}} for the pointer /a/b.
func nest(pointer string, value any) any {
	parts := strings.Split(strings.TrimPrefix(pointer, "/"), "/")
	for i := len(parts) - 1; i >= 0; i-- {
		key := strings.ReplaceAll(strings.ReplaceAll(parts[i], "~1", "/"), "~0", "~")
		if key == "*" && i > 0 { // every item of a list: the fake sends one
			value = []any{value}
			continue
		}
		value = map[string]any{key: value}
	}
	return value
}

// merge adds src's members into dst, recursively.
func merge(dst, src map[string]any) {
	for k, v := range src {
		if sub, ok := v.(map[string]any); ok {
			if d, ok := dst[k].(map[string]any); ok {
				merge(d, sub)
				continue
			}
		}
		dst[k] = v
	}
}

// statusCode is a code for a status the vendor's table does not name:
// "service_unavailable" for 503.
func statusCode(status int) string {
	return strings.ReplaceAll(strings.ToLower(http.StatusText(status)), " ", "_")
}
