package spec

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
	"time"
)

// Dump writes p as stable, indented text: every exported field of every
// value, in declaration order, zero values left out. A field tagged
// `dump:"ref"` refers to something declared elsewhere in the model and is
// written as that thing's name (→ name), so cycles end and each thing is
// spelled once. Model goldens (testdata/golden/model) are dumps: a change to
// the builder shows as a model diff before it reaches generated code.
func Dump(p *Provider) string {
	var b strings.Builder
	dumpValue(&b, reflect.ValueOf(p).Elem(), 0)
	return b.String()
}

// referent is what a `dump:"ref"` field points at.
type referent interface{ refName() string }

func dumpValue(b *strings.Builder, v reflect.Value, depth int) {
	indent := strings.Repeat("  ", depth)
	t := v.Type()
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		if !f.IsExported() {
			continue
		}
		fv := v.Field(i)
		if fv.IsZero() {
			continue
		}
		if f.Anonymous { // SchemeCommon, ModelCommon: flattened
			dumpValue(b, fv, depth)
			continue
		}
		if f.Tag.Get("dump") == "ref" {
			fmt.Fprintf(b, "%s%s: → %s\n", indent, f.Name, refText(fv))
			continue
		}
		dumpField(b, f.Name, fv, depth)
	}
}

func refText(v reflect.Value) string {
	if r, ok := v.Interface().(referent); ok {
		return r.refName()
	}
	return "?"
}

func dumpField(b *strings.Builder, name string, v reflect.Value, depth int) {
	indent := strings.Repeat("  ", depth)
	if s, ok := scalarText(v); ok {
		fmt.Fprintf(b, "%s%s: %s\n", indent, name, s)
		return
	}
	switch v.Kind() {
	case reflect.Interface, reflect.Pointer:
		elem := v.Elem()
		if elem.Kind() == reflect.Pointer {
			elem = elem.Elem()
		}
		if s, ok := scalarText(elem); ok {
			fmt.Fprintf(b, "%s%s: %s\n", indent, name, s)
			return
		}
		fmt.Fprintf(b, "%s%s: %s\n", indent, name, typeName(v))
		dumpValue(b, elem, depth+1)
	case reflect.Slice:
		for i := 0; i < v.Len(); i++ {
			dumpField(b, fmt.Sprintf("%s[%d]", name, i), v.Index(i), depth)
		}
	case reflect.Struct:
		fmt.Fprintf(b, "%s%s:\n", indent, name)
		dumpValue(b, v, depth+1)
	default:
		fmt.Fprintf(b, "%s%s: %v\n", indent, name, v.Interface())
	}
}

// scalarText writes the values that fit on one line: strings, numbers,
// booleans, durations, the model's enums and types.
func scalarText(v reflect.Value) (string, bool) {
	if !v.IsValid() {
		return "nil", true
	}
	if v.Kind() == reflect.Interface {
		if v.IsNil() {
			return "nil", true
		}
		v = v.Elem()
	}
	switch x := v.Interface().(type) {
	case time.Duration:
		return x.String(), true
	case Type:
		return typeText(x), true
	case string:
		return strconv.Quote(x), true
	}
	switch v.Kind() {
	case reflect.Bool, reflect.Int, reflect.Int64, reflect.Float64:
		return fmt.Sprint(v.Interface()), true
	case reflect.String:
		return strconv.Quote(v.String()), true
	}
	return "", false
}

func typeName(v reflect.Value) string {
	t := v.Type()
	if v.Kind() == reflect.Interface {
		t = v.Elem().Type()
	}
	return strings.TrimPrefix(t.String(), "*spec.")
}

// typeText spells a model Type as Go would.
func typeText(t Type) string {
	switch x := t.(type) {
	case *Named:
		return x.GoName
	case *Slice:
		return "[]" + typeText(x.Elem)
	case *Map:
		return "map[string]" + typeText(x.Elem)
	case Primitive:
		return primitiveNames[x]
	}
	return "?"
}

var primitiveNames = map[Primitive]string{
	String: "string", Int64: "int64", Int32: "int32", Float64: "float64", Float32: "float32",
	Bool: "bool", Time: "time.Time", RawJSON: "json.RawMessage", Bytes: "[]byte", Any: "any",
}
