package authgenrt

import (
	"encoding"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// formatParam renders a path, query or header parameter value in the
// OpenAPI "simple"/"form" styles: scalars as text, time as RFC 3339.
func formatParam(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case int64:
		return strconv.FormatInt(x, 10)
	case int32:
		return strconv.FormatInt(int64(x), 10)
	case int:
		return strconv.Itoa(x)
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case float32:
		return strconv.FormatFloat(float64(x), 'f', -1, 32)
	case bool:
		return strconv.FormatBool(x)
	case time.Time:
		return x.Format(time.RFC3339Nano)
	case encoding.TextMarshaler:
		b, err := x.MarshalText()
		if err != nil {
			return ""
		}
		return string(b)
	case fmt.Stringer:
		return x.String()
	}
	rv := reflect.ValueOf(v)
	switch rv.Kind() {
	case reflect.String:
		return rv.String()
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(rv.Int(), 10)
	case reflect.Float32, reflect.Float64:
		return strconv.FormatFloat(rv.Float(), 'f', -1, 64)
	case reflect.Bool:
		return strconv.FormatBool(rv.Bool())
	}
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	return strings.Trim(string(b), `"`)
}

// PathParam renders and escapes one path segment. A value that is empty,
// "." or ".." cannot be sent: it would make another path (DELETE
// /accounts/a/keys/ deletes every key; RFC 3986 normalisers resolve dot
// segments even when escaped). It is marked instead, in braces that an
// escaped value never holds, and send refuses a path with a mark, showing
// where the bad value was.
func PathParam(v any) string {
	switch s := formatParam(v); s {
	case "":
		return "{empty}"
	case ".", "..":
		return "{" + s + "}"
	default:
		return url.PathEscape(s)
	}
}

// PathSegments renders a parameter that may hold several path segments
// ("docs/README.md", GitHub's x-multi-segment): each segment is escaped and
// checked as pathParam checks one, the slashes between them are kept.
func PathSegments(v any) string {
	parts := strings.Split(formatParam(v), "/")
	for i, part := range parts {
		parts[i] = PathParam(part)
	}
	return strings.Join(parts, "/")
}

// checkPath refuses a path that holds a mark left by pathParam.
func checkPath(path string) error {
	if strings.ContainsRune(path, '{') {
		return fmt.Errorf("a path parameter is empty, \".\" or \"..\", which would change the request's target: %s", path)
	}
	return nil
}

// AddQuery adds a scalar or a slice of scalars (exploded: name=a&name=b).
func AddQuery(q url.Values, name string, v any) {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() != reflect.Uint8 {
		for i := 0; i < rv.Len(); i++ {
			q.Add(name, formatParam(rv.Index(i).Interface()))
		}
		return
	}
	q.Add(name, formatParam(v))
}

// AddCookie adds a cookie parameter to a request header.
func AddCookie(h http.Header, name string, v any) {
	h.Add("Cookie", (&http.Cookie{Name: name, Value: formatParam(v)}).String())
}

// JoinParam renders a slice as one value, its items joined by sep: "," for
// the simple and form styles, " " for spaceDelimited, "|" for
// pipeDelimited.
func JoinParam(v any, sep string) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice {
		return formatParam(v)
	}
	parts := make([]string, rv.Len())
	for i := range parts {
		parts[i] = formatParam(rv.Index(i).Interface())
	}
	return strings.Join(parts, sep)
}
