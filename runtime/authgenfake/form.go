package authgenfake

// Form and multipart bodies, and deepObject query parameters, read into
// the JSON shape of the Go value they encode.

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"net/url"
	"reflect"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// formBody reads a form or multipart request body as values; ok is false
// for any other media type. A multipart file part is its content in
// base64, the JSON form of a []byte member.
func (c *Call) formBody() (form url.Values, ok bool, err error) {
	mediaType, params, _ := mime.ParseMediaType(c.r.Header.Get("Content-Type"))
	switch mediaType {
	case "application/x-www-form-urlencoded":
		form, err = url.ParseQuery(string(c.body))
		return form, true, err
	case "multipart/form-data":
		parts, err := multipart.NewReader(bytes.NewReader(c.body), params["boundary"]).ReadForm(int64(len(c.body)) + 1<<20)
		if err != nil {
			return nil, true, err
		}
		defer parts.RemoveAll()
		form = url.Values(parts.Value)
		for name, files := range parts.File {
			for _, fh := range files {
				f, err := fh.Open()
				if err != nil {
					return nil, true, err
				}
				content, err := io.ReadAll(f)
				f.Close()
				if err != nil {
					return nil, true, err
				}
				form.Add(name, base64.StdEncoding.EncodeToString(content))
			}
		}
		return form, true, nil
	}
	return nil, false, nil
}

// deepObject gathers the query keys name[a][b]... into nested maps (maps
// keyed 0, 1, ... become lists); nil when there is no such key.
func deepObject(q url.Values, name string) any {
	tree, ok := formTree(q, name).(map[string]any)
	if !ok {
		return nil
	}
	return tree[name]
}

// formTree reads form values the way Stripe-style bodies write them
// (name=v, name[a][b]=v, name[0]=v, or name repeated) into the JSON shape
// of the body they encode, every leaf a string; only the keys whose head
// is one of heads when heads are given; nil when there is no such key.
func formTree(q url.Values, heads ...string) any {
	root := map[string]any{}
	found := false
	for k, vs := range q {
		if len(vs) == 0 {
			continue
		}
		head, rest, nested := strings.Cut(k, "[")
		if len(heads) > 0 && !slices.Contains(heads, head) {
			continue
		}
		path := []string{head}
		if nested {
			path = append(path, strings.Split(strings.TrimSuffix(rest, "]"), "][")...)
		}
		m := root
		for _, key := range path[:len(path)-1] {
			next, ok := m[key].(map[string]any)
			if !ok {
				next = map[string]any{}
				m[key] = next
			}
			m = next
		}
		last := path[len(path)-1]
		switch {
		case last == "" && len(path) > 1: // name[]=a&name[]=b
			list := make([]any, len(vs))
			for i, v := range vs {
				list[i] = v
			}
			delete(m, last)
			m = root
			for _, key := range path[:len(path)-2] {
				m = m[key].(map[string]any)
			}
			m[path[len(path)-2]] = list
		case len(vs) > 1:
			list := make([]any, len(vs))
			for i, v := range vs {
				list[i] = v
			}
			m[last] = list
		default:
			m[last] = vs[0]
		}
		found = true
	}
	if !found {
		return nil
	}
	return listify(root)
}

// shapeLike turns the string leaves of a form tree into the JSON the Go
// type t decodes: numbers and booleans bare where t wants them, text where
// it wants text. Where t does not say, a free-form value (an interface)
// reads a leaf that looks like a JSON number or boolean as one, and a
// union (a type with its own UnmarshalJSON, such as Stripe's "object or
// empty string") takes the reading its Value accepts: the leaves as text,
// as forms carry them, else numbers and booleans bare.
func shapeLike(v any, t reflect.Type) any {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	union := t.Kind() != reflect.Interface && reflect.PointerTo(t).Implements(jsonUnmarshaler)
	if union {
		if _, isText := v.(string); !isText {
			return unionReading(v, t)
		}
	}
	opaque := union || t.Kind() == reflect.Interface
	switch v := v.(type) {
	case string:
		switch {
		case union, t.Kind() == reflect.String, t.Kind() == reflect.Slice && t.Elem().Kind() == reflect.Uint8:
			return v
		case t.Kind() == reflect.Slice || t.Kind() == reflect.Array: // a list written once
			return []any{shapeLike(v, t.Elem())}
		case t.Kind() == reflect.Struct || t.Kind() == reflect.Map:
			if strings.HasPrefix(v, "{") && json.Valid([]byte(v)) { // a multipart part in JSON
				return json.RawMessage(v)
			}
		case v != "" && json.Valid([]byte(v)) && !strings.HasPrefix(v, "\""):
			return json.RawMessage(v)
		}
		return v
	case []any:
		elem := t
		if !opaque && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array) {
			elem = t.Elem()
		}
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = shapeLike(e, elem)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			member := t
			if !union {
				member = memberType(t, k)
			}
			out[k] = shapeLike(e, member)
		}
		return out
	}
	return v
}

var jsonUnmarshaler = reflect.TypeFor[json.Unmarshaler]()

// unionReading is the JSON of a form subtree for the union type t: the
// first of its readings (text leaves, then typed ones) that t's Value
// method decodes into one of its variants; the text one when none does,
// or when t has no Value.
func unionReading(v any, t reflect.Type) any {
	text, _ := json.Marshal(v)
	typed, _ := json.Marshal(typedLeaves(v))
	for _, raw := range [][]byte{text, typed} {
		u := reflect.New(t)
		if json.Unmarshal(raw, u.Interface()) != nil {
			continue
		}
		value := u.MethodByName("Value")
		if !value.IsValid() || value.Type().NumIn() != 0 || value.Type().NumOut() != 2 {
			return json.RawMessage(text)
		}
		if err, _ := value.Call(nil)[1].Interface().(error); err == nil {
			return json.RawMessage(raw)
		}
	}
	return json.RawMessage(text)
}

// typedLeaves reads every leaf of a form tree that looks like a JSON
// number or boolean as one.
func typedLeaves(v any) any {
	switch v := v.(type) {
	case string:
		if v != "" && json.Valid([]byte(v)) && !strings.HasPrefix(v, "\"") {
			return json.RawMessage(v)
		}
		return v
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = typedLeaves(e)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, e := range v {
			out[k] = typedLeaves(e)
		}
		return out
	}
	return v
}

// memberType is the Go type of JSON member name in t (a struct's tagged
// field or a map's element); an empty interface when t does not say.
func memberType(t reflect.Type, name string) reflect.Type {
	switch t.Kind() {
	case reflect.Map:
		return t.Elem()
	case reflect.Struct:
		for i := range t.NumField() {
			f := t.Field(i)
			tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if tag == name || tag == "" && f.Name == name {
				return f.Type
			}
		}
	}
	return reflect.TypeFor[any]()
}

func listify(v any) any {
	m, ok := v.(map[string]any)
	if !ok {
		return v
	}
	indexed := len(m) > 0
	for k := range m {
		if _, err := strconv.Atoi(k); err != nil {
			indexed = false
		}
	}
	for k, sub := range m {
		m[k] = listify(sub)
	}
	if !indexed {
		return m
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool { a, _ := strconv.Atoi(keys[i]); b, _ := strconv.Atoi(keys[j]); return a < b })
	list := make([]any, 0, len(keys))
	for _, k := range keys {
		list = append(list, m[k])
	}
	return list
}
