//authgen:feature form

package authgenrt

import (
	"encoding/json"
	"fmt"
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// This file is copied into a client only when its spec has a form-encoded
// body or a deepObject query parameter: both flatten JSON into a[b]=c.

// EncodeFormBody is the bodyEncoder of application/x-www-form-urlencoded
// bodies.
func EncodeFormBody(body any, contentType string) ([]byte, string, error) {
	form, err := encodeForm(body)
	if err != nil {
		return nil, "", err
	}
	return []byte(form.Encode()), contentType, nil
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

// AddDeepObject adds an object parameter in OpenAPI's deepObject style:
// name[key]=value, nested keys as name[a][b], list items as name[a][0].
func AddDeepObject(q url.Values, name string, v any) {
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
