package authgenfake

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// maxUnsetDepth bounds the walk of a result looking for an unset member:
// results are trees of a few levels, not cycles.
const maxUnsetDepth = 32

// unsetMember finds the member of a result that does not encode because it
// was left unset (a required union, which the client must not send as
// null): its JSON pointer in the result and its Go type, so that the
// test's failure names it instead of a bare 500. ok is false when no
// member is to blame.
func unsetMember(v reflect.Value, path string, depth int) (at string, typ reflect.Type, ok bool) {
	if depth > maxUnsetDepth || !v.IsValid() {
		return "", nil, false
	}
	if m, isMarshaler := marshaler(v); isMarshaler {
		if _, err := m.MarshalJSON(); errors.Is(err, authgenrt.ErrEmptyUnion) {
			return cmp.Or(path, "/"), v.Type(), true
		}
	}
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if v.IsNil() {
			return "", nil, false
		}
		return unsetMember(v.Elem(), path, depth+1)
	case reflect.Struct:
		return unsetField(v, path, depth)
	case reflect.Slice, reflect.Array:
		for i := range v.Len() {
			if at, typ, ok := unsetMember(v.Index(i), fmt.Sprintf("%s/%d", path, i), depth+1); ok {
				return at, typ, true
			}
		}
	case reflect.Map:
		keys := v.MapKeys()
		slices.SortFunc(keys, func(a, b reflect.Value) int { return strings.Compare(fmt.Sprint(a), fmt.Sprint(b)) })
		for _, k := range keys {
			if at, typ, ok := unsetMember(v.MapIndex(k), path+"/"+fmt.Sprint(k), depth+1); ok {
				return at, typ, true
			}
		}
	}
	return "", nil, false
}

// unsetField looks through a struct's encoded fields, by their JSON names.
func unsetField(v reflect.Value, path string, depth int) (string, reflect.Type, bool) {
	t := v.Type()
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if name == "-" && opts == "" {
			continue
		}
		fv := v.Field(i)
		if strings.Contains(opts, "omitzero") && fv.IsZero() {
			continue
		}
		if name == "" {
			name = f.Name
		}
		next := path + "/" + name
		if f.Anonymous && f.Tag.Get("json") == "" {
			next = path // an embedded struct's fields are the outer one's
		}
		if at, typ, ok := unsetMember(fv, next, depth+1); ok {
			return at, typ, true
		}
	}
	return "", nil, false
}

// marshaler is v as a json.Marshaler, through its address when the
// method has a pointer receiver.
func marshaler(v reflect.Value) (json.Marshaler, bool) {
	if v.Kind() == reflect.Pointer && v.IsNil() || !v.CanInterface() {
		return nil, false
	}
	if m, ok := v.Interface().(json.Marshaler); ok {
		return m, true
	}
	if v.CanAddr() {
		m, ok := v.Addr().Interface().(json.Marshaler)
		return m, ok
	}
	return nil, false
}
