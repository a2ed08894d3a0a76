package clientruntime

import (
	"bytes"
	"encoding"
	"encoding/json"
	"errors"
	"fmt"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"sort"
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

// pathParam renders and escapes one path segment. "." and ".." are escaped
// too, so that a parameter can never climb out of its place in the path.
func pathParam(v any) string {
	s := url.PathEscape(formatParam(v))
	if s == "." || s == ".." {
		return strings.ReplaceAll(s, ".", "%2E")
	}
	return s
}

// addQuery adds a scalar or a slice of scalars (exploded: name=a&name=b).
func addQuery(q url.Values, name string, v any) {
	rv := reflect.ValueOf(v)
	if rv.Kind() == reflect.Slice && rv.Type().Elem().Kind() != reflect.Uint8 {
		for i := 0; i < rv.Len(); i++ {
			q.Add(name, formatParam(rv.Index(i).Interface()))
		}
		return
	}
	q.Add(name, formatParam(v))
}

// encodeMultipart encodes a struct as multipart/form-data, one part per
// field that is set, named by its json tag: []byte fields are file parts
// (the field name is the file name), scalars are text, anything else is
// JSON text.
func encodeMultipart(body any) ([]byte, string, error) {
	rv := reflect.ValueOf(body)
	for rv.Kind() == reflect.Pointer {
		if rv.IsNil() {
			return nil, "", errors.New("multipart body is nil")
		}
		rv = rv.Elem()
	}
	if rv.Kind() != reflect.Struct {
		return nil, "", fmt.Errorf("multipart body must be a struct, not %s", rv.Kind())
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	t := rv.Type()
	for i := 0; i < t.NumField(); i++ {
		field := t.Field(i)
		name, _, _ := strings.Cut(field.Tag.Get("json"), ",")
		if name == "-" || !field.IsExported() {
			continue
		}
		if name == "" {
			name = field.Name
		}
		v := rv.Field(i)
		if (v.Kind() == reflect.Pointer || v.Kind() == reflect.Slice || v.Kind() == reflect.Map || v.Kind() == reflect.Interface) && v.IsNil() {
			continue
		}
		for v.Kind() == reflect.Pointer {
			v = v.Elem()
		}
		if err := writePart(w, name, v); err != nil {
			return nil, "", fmt.Errorf("multipart field %s: %w", name, err)
		}
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}

func writePart(w *multipart.Writer, name string, v reflect.Value) error {
	if v.Kind() == reflect.Slice && v.Type().Elem().Kind() == reflect.Uint8 {
		part, err := w.CreateFormFile(name, name)
		if err != nil {
			return err
		}
		_, err = part.Write(v.Bytes())
		return err
	}
	switch v.Kind() {
	case reflect.String, reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return w.WriteField(name, formatParam(v.Interface()))
	case reflect.Slice, reflect.Array:
		if v.Type().Elem().Kind() != reflect.Struct && v.Type().Elem().Kind() != reflect.Map {
			for i := 0; i < v.Len(); i++ {
				if err := writePart(w, name, v.Index(i)); err != nil {
					return err
				}
			}
			return nil
		}
	}
	if t, ok := v.Interface().(time.Time); ok {
		return w.WriteField(name, formatParam(t))
	}
	b, err := json.Marshal(v.Interface())
	if err != nil {
		return err
	}
	return w.WriteField(name, string(b))
}

// addCookie adds a cookie parameter to a request header.
func addCookie(h http.Header, name string, v any) {
	h.Add("Cookie", (&http.Cookie{Name: name, Value: formatParam(v)}).String())
}

// addDeepObject adds an object parameter in OpenAPI's deepObject style:
// name[key]=value, nested keys as name[a][b], list items as name[a][0].
func addDeepObject(q url.Values, name string, v any) {
	raw, err := json.Marshal(v)
	if err != nil {
		return
	}
	var tree any
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if dec.Decode(&tree) != nil {
		return
	}
	switch tree.(type) {
	case map[string]any, []any:
		for key, values := range flattenForm(name, tree) {
			for _, value := range values {
				q.Add(key, value)
			}
		}
	default:
		q.Add(name, formatParam(v)) // a scalar: nothing to nest
	}
}

// flattenForm is addFormValue for one prefixed value.
func flattenForm(prefix string, v any) url.Values {
	form := url.Values{}
	addFormValue(form, prefix, v)
	return form
}

// joinParam renders a slice as a comma-separated header value.
func joinParam(v any) string {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Slice {
		return formatParam(v)
	}
	parts := make([]string, rv.Len())
	for i := range parts {
		parts[i] = formatParam(rv.Index(i).Interface())
	}
	return strings.Join(parts, ",")
}

// encodeForm encodes a struct (by its json tags) or a map as
// application/x-www-form-urlencoded. Nested objects use the
// deepObject-like "a[b]" form that form APIs such as Stripe's expect.
func encodeForm(body any) (url.Values, error) {
	raw, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	var tree any
	dec := json.NewDecoder(strings.NewReader(string(raw)))
	dec.UseNumber()
	if err := dec.Decode(&tree); err != nil {
		return nil, err
	}
	obj, ok := tree.(map[string]any)
	if !ok {
		return nil, fmt.Errorf("form body must be an object, not %T", tree)
	}
	form := url.Values{}
	addFormValue(form, "", obj)
	return form, nil
}

func addFormValue(form url.Values, prefix string, v any) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			name := k
			if prefix != "" {
				name = prefix + "[" + k + "]"
			}
			addFormValue(form, name, x[k])
		}
	case []any:
		for i, item := range x {
			addFormValue(form, prefix+"["+strconv.Itoa(i)+"]", item)
		}
	case nil:
	case json.Number:
		form.Add(prefix, x.String())
	case string:
		form.Add(prefix, x)
	case bool:
		form.Add(prefix, strconv.FormatBool(x))
	}
}
