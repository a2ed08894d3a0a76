package authgenfake

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// PathArg reads the i-th path parameter, called name in the spec, into v.
func (c *Call) PathArg(i int, name string, v any) error {
	if i >= len(c.path) {
		return &badRequest{fmt.Sprintf("path parameter %s is missing", name)}
	}
	if err := parseValue(c.path[i], v); err != nil {
		return &badRequest{fmt.Sprintf("path parameter %s: %q: %v", name, c.path[i], err)}
	}
	return nil
}

// Params fills dst, a pointer to an operation's Params struct, from the
// query, headers, cookies and body.
func (c *Call) Params(dst any, params []Param, body Body) error {
	v := reflect.ValueOf(dst).Elem()
	q := c.r.URL.Query()
	for _, p := range params {
		var values []string
		switch p.In {
		case InQuery:
			values = q[p.Name]
		case InHeader:
			if h := c.r.Header.Get(p.Name); h != "" {
				values = strings.Split(h, ",")
			}
		case InCookie:
			if ck, err := c.r.Cookie(p.Name); err == nil {
				values = []string{ck.Value}
			}
		}
		if len(values) == 0 && p.In == InQuery {
			// deepObject: scope[type]=account, expand[0]=a,
			// lines[0][amount]=5: the keys under name[...], as JSON.
			if tree := deepObject(q, p.Name); tree != nil {
				f := v.FieldByName(p.Field)
				raw, _ := json.Marshal(shapeLike(tree, f.Type()))
				if err := json.Unmarshal(raw, f.Addr().Interface()); err != nil {
					return &badRequest{fmt.Sprintf("query parameter %s: %v", p.Name, err)}
				}
				continue
			}
		}
		if len(values) == 0 {
			if p.Required {
				return &badRequest{fmt.Sprintf("required %s parameter %s is missing", p.In, p.Name)}
			}
			continue
		}
		f := v.FieldByName(p.Field)
		if err := setField(f, values); err != nil {
			return &badRequest{fmt.Sprintf("%s parameter %s: %v", p.In, p.Name, err)}
		}
	}
	if body == NoBody {
		return nil
	}
	f := v.FieldByName("Body")
	switch {
	case len(bytes.TrimSpace(c.body)) == 0:
		// An empty form is a form; a JSON body that is required must come.
		if body == RequiredBody && strings.Contains(c.r.Header.Get("Content-Type"), "json") || body == RequiredBody && c.r.Header.Get("Content-Type") == "" {
			return &badRequest{"the request body is required"}
		}
	case f.Type().Kind() == reflect.Interface: // io.Reader: a stream
		f.Set(reflect.ValueOf(bytes.NewReader(c.body)))
	default:
		target := f
		if f.Kind() == reflect.Pointer {
			f.Set(reflect.New(f.Type().Elem()))
			target = f.Elem()
		}
		raw := c.body
		if form, ok, err := c.formBody(); err != nil {
			return &badRequest{fmt.Sprintf("the request body does not decode: %v", err)}
		} else if ok {
			raw, _ = json.Marshal(shapeLike(formTree(form), target.Type()))
		}
		if err := json.Unmarshal(raw, target.Addr().Interface()); err != nil {
			return &badRequest{fmt.Sprintf("the request body does not decode: %v", err)}
		}
	}
	return nil
}

// setField sets a Params field (T, *T or []T) from parameter values.
func setField(f reflect.Value, values []string) error {
	switch f.Kind() {
	case reflect.Slice:
		if f.Type().Elem().Kind() == reflect.Uint8 {
			b, err := base64.StdEncoding.DecodeString(values[0])
			if err != nil {
				return err
			}
			f.SetBytes(b)
			return nil
		}
		if len(values) == 1 {
			values = strings.Split(values[0], ",")
		}
		s := reflect.MakeSlice(f.Type(), len(values), len(values))
		for i, raw := range values {
			if err := parseValue(raw, s.Index(i).Addr().Interface()); err != nil {
				return err
			}
		}
		f.Set(s)
		return nil
	case reflect.Pointer:
		p := reflect.New(f.Type().Elem())
		if err := parseValue(values[0], p.Interface()); err != nil {
			return err
		}
		f.Set(p)
		return nil
	}
	return parseValue(values[0], f.Addr().Interface())
}

// parseValue reads a parameter's text into v: JSON for numbers and
// booleans, a JSON string otherwise.
func parseValue(raw string, v any) error {
	if err := json.Unmarshal([]byte(raw), v); err == nil {
		return nil
	}
	return json.Unmarshal([]byte(strconv.Quote(raw)), v)
}
