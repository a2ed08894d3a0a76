package spec

import (
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"
)

// This file reads an x-authgen block into the tagged structs of
// extension.go. Every key is checked against the struct's, so a typo is an
// error at its line and column, not a silently different client.

// at is embedded in every x-authgen struct: where the struct is, and where
// the value of each key it was given is.
type at struct {
	pos  Position
	keys map[string]Position
}

func (a *at) place(p Position) { a.pos = p }

func (a *at) placeKey(key string, p Position) {
	if a.keys == nil {
		a.keys = map[string]Position{}
	}
	a.keys[key] = p
}

// keyPos is where key's value is, or where the struct is when the key was
// not given.
func (a *at) keyPos(key string) Position {
	if p, ok := a.keys[key]; ok {
		return p
	}
	return a.pos
}

// placed is what embedding at gives a struct.
type placed interface {
	place(Position)
	placeKey(string, Position)
}

// nodeDecoder is a type that reads its own node: a value that is not a
// plain string, number, duration, list or object (a JSON scalar of any
// type, a path pattern). Its error is reported at the node.
type nodeDecoder interface {
	decodeAuthgen(n *yaml.Node) error
}

// tagOptions are a field's `authgen` tag (see extension.go).
type tagOptions struct {
	min, max           *int
	def                *string
	required, nonempty bool
	enum               []string
	pattern, ref, want string
	key, value         bool
	defName            string   // on a blank field: the schema definition's name
	anyOf              []string // on a blank field: one of these keys is required
}

func parseTag(tag string) tagOptions {
	var o tagOptions
	for _, part := range strings.Split(tag, ",") {
		name, value, _ := strings.Cut(part, "=")
		switch name {
		case "min", "max":
			n, err := strconv.Atoi(value)
			if err != nil {
				panic(fmt.Sprintf("authgen tag %q: %v", tag, err)) // a mistake in extension.go, caught by every test
			}
			if name == "min" {
				o.min = &n
			} else {
				o.max = &n
			}
		case "default":
			o.def = &value
		case "required":
			o.required = true
		case "nonempty":
			o.nonempty = true
		case "enum":
			o.enum = strings.Split(value, "|")
		case "pattern":
			o.pattern = value
		case "ref":
			o.ref = value
		case "want":
			o.want = value
		case "key":
			o.key = true
		case "value":
			o.value = true
		case "def":
			o.defName = value
		case "anyOf":
			o.anyOf = strings.Split(value, "|")
		case "":
		default:
			panic(fmt.Sprintf("authgen tag %q: unknown option %q", tag, name))
		}
	}
	return o
}

// grammarField is one key of a struct.
type grammarField struct {
	key   string
	index int
	opts  tagOptions
	doc   string
}

// keysOf lists the keys of struct type t, in declaration order.
func keysOf(t reflect.Type) []grammarField {
	var out []grammarField
	for i := 0; i < t.NumField(); i++ {
		f := t.Field(i)
		key := f.Tag.Get("yaml")
		if key == "" || key == "-" {
			continue
		}
		out = append(out, grammarField{key: key, index: i, opts: parseTag(f.Tag.Get("authgen")), doc: f.Tag.Get("doc")})
	}
	return out
}

// fieldWith is the index of the field of struct type t whose tag sets
// key or value (the parts of an entry of an object keyed by name), or -1.
func fieldWith(t reflect.Type, want func(tagOptions) bool) (int, tagOptions) {
	for i := 0; i < t.NumField(); i++ {
		if o := parseTag(t.Field(i).Tag.Get("authgen")); want(o) {
			return i, o
		}
	}
	return -1, tagOptions{}
}

// typeOptions are the options of struct type t, from its blank field.
func typeOptions(t reflect.Type) (tagOptions, string) {
	for i := 0; i < t.NumField(); i++ {
		if f := t.Field(i); f.Name == "_" {
			return parseTag(f.Tag.Get("authgen")), f.Tag.Get("doc")
		}
	}
	return tagOptions{}, ""
}

var durationType = reflect.TypeFor[time.Duration]()

func reflectValue(ptr any) reflect.Value { return reflect.ValueOf(ptr).Elem() }

// grammarDecoder reads YAML nodes into the x-authgen structs, reporting
// each problem at its node.
type grammarDecoder struct {
	r *reporter
}

func (d *grammarDecoder) pos(n *yaml.Node) Position {
	return Position{File: d.r.file, Line: n.Line, Column: n.Column}
}

func (d *grammarDecoder) fail(n *yaml.Node, format string, args ...any) {
	d.r.at(n.Line, n.Column, format, args...)
}

// decode reads n into v, named where in messages. It reports whether v
// holds a value: an optional (pointer) key is set, and a list item kept,
// only then. An object counts as read even when it is not one, so that
// the builder's checks of its required keys still speak.
func (d *grammarDecoder) decode(n *yaml.Node, where string, v reflect.Value, o tagOptions) bool {
	if nd, ok := v.Addr().Interface().(nodeDecoder); ok {
		r := resolveAlias(n)
		if err := nd.decodeAuthgen(r); err != nil {
			d.fail(r, "%s: %v", where, err)
			return false
		}
		return true
	}
	if v.Type() == durationType {
		t, ok := d.duration(n, where)
		v.SetInt(int64(t))
		return ok
	}
	switch v.Kind() {
	case reflect.String:
		s, ok := d.str(n, where)
		v.SetString(s)
		return ok
	case reflect.Bool:
		b, ok := d.boolean(n, where)
		v.SetBool(b)
		return ok
	case reflect.Int:
		lo, hi := math.MinInt, math.MaxInt
		if o.min != nil {
			lo = *o.min
		}
		if o.max != nil {
			hi = *o.max
		}
		i, ok := d.integer(n, where, lo, hi)
		if ok {
			v.SetInt(int64(i))
		}
		return ok
	case reflect.Pointer:
		elem := reflect.New(v.Type().Elem())
		ok := d.decode(n, where, elem.Elem(), o)
		if ok {
			v.Set(elem)
		}
		return ok
	case reflect.Slice:
		if o.want != "" {
			d.keyed(n, where, v, o)
		} else {
			d.list(n, where, v, o)
		}
		return true
	case reflect.Struct:
		d.object(n, where, v)
		return true
	}
	panic(fmt.Sprintf("%s: no decoding for %s", where, v.Type())) // a field type extension.go must not use
}

// object reads a mapping into struct v, key by key, reporting unknown and
// repeated keys.
func (d *grammarDecoder) object(n *yaml.Node, where string, v reflect.Value) {
	fields := keysOf(v.Type())
	for _, f := range fields {
		if f.opts.def != nil {
			v.Field(f.index).SetString(*f.opts.def)
		}
	}
	p, _ := v.Addr().Interface().(placed)
	if p != nil {
		p.place(d.pos(n))
	}
	n = resolveAlias(n)
	if n.Kind != yaml.MappingNode {
		d.fail(n, "%s: want an object, not %s", where, describeNode(n))
		return
	}
	byKey := make(map[string]grammarField, len(fields))
	known := make([]string, 0, len(fields))
	for _, f := range fields {
		byKey[f.key] = f
		known = append(known, f.key)
	}
	sort.Strings(known)
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], n.Content[i+1]
		if seen[key.Value] {
			d.fail(key, "%s: key %q appears twice", where, key.Value)
			continue
		}
		seen[key.Value] = true
		f, ok := byKey[key.Value]
		if !ok {
			d.unknownKey(key, where, known)
			continue
		}
		d.decode(value, where+"."+key.Value, v.Field(f.index), f.opts)
		if p != nil {
			p.placeKey(key.Value, d.pos(value))
		}
	}
}

func (d *grammarDecoder) unknownKey(key *yaml.Node, where string, known []string) {
	msg := fmt.Sprintf("%s: unknown key %q", where, key.Value)
	if s := suggest(key.Value, known); s != "" {
		msg += fmt.Sprintf(" (did you mean %q?)", s)
	} else {
		msg += " (known keys: " + strings.Join(known, ", ") + ")"
	}
	d.fail(key, "%s", msg)
}

// list reads a sequence into slice v.
func (d *grammarDecoder) list(n *yaml.Node, where string, v reflect.Value, o tagOptions) {
	n = resolveAlias(n)
	if n.Kind != yaml.SequenceNode {
		d.fail(n, "%s: want a list, not %s", where, describeNode(n))
		return
	}
	for i, c := range n.Content {
		elem := reflect.New(v.Type().Elem()).Elem()
		if d.decode(resolveAlias(c), fmt.Sprintf("%s[%d]", where, i), elem, o) {
			v.Set(reflect.Append(v, elem))
		}
	}
}

// keyed reads a mapping keyed by name (a security scheme, an operationId)
// into slice v: the name goes to the element's key field, and the value to
// its value field, or to the element itself when it has none. The element
// is where its name is.
func (d *grammarDecoder) keyed(n *yaml.Node, where string, v reflect.Value, o tagOptions) {
	n = resolveAlias(n)
	if n.Kind != yaml.MappingNode {
		d.fail(n, "%s: want %s, not %s", where, o.want, describeNode(n))
		return
	}
	t := v.Type().Elem()
	keyIndex, _ := fieldWith(t, func(o tagOptions) bool { return o.key })
	valueIndex, valueOpts := fieldWith(t, func(o tagOptions) bool { return o.value })
	for i := 0; i+1 < len(n.Content); i += 2 {
		key, value := n.Content[i], n.Content[i+1]
		elem := reflect.New(t).Elem()
		elem.Field(keyIndex).SetString(key.Value)
		at := where + "." + key.Value
		if valueIndex >= 0 {
			d.decode(value, at, elem.Field(valueIndex), valueOpts)
		} else {
			d.decode(value, at, elem, tagOptions{})
		}
		elem.Addr().Interface().(placed).place(d.pos(key))
		v.Set(reflect.Append(v, elem))
	}
}

func resolveAlias(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode {
		n = n.Alias
	}
	return n
}

// str reads a string scalar.
func (d *grammarDecoder) str(n *yaml.Node, where string) (string, bool) {
	n = resolveAlias(n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		d.fail(n, "%s: want a string, not %s", where, describeNode(n))
		return "", false
	}
	return n.Value, true
}

// boolean reads true or false.
func (d *grammarDecoder) boolean(n *yaml.Node, where string) (bool, bool) {
	n = resolveAlias(n)
	if n.Kind != yaml.ScalarNode || (n.Value != "true" && n.Value != "false") {
		d.fail(n, "%s: want true or false, not %s", where, describeNode(n))
		return false, false
	}
	return n.Value == "true", true
}

// integer reads a whole number within [lo, hi].
func (d *grammarDecoder) integer(n *yaml.Node, where string, lo, hi int) (int, bool) {
	n = resolveAlias(n)
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil {
		d.fail(n, "%s: want a whole number, not %s", where, describeNode(n))
		return 0, false
	}
	if v < lo || v > hi {
		d.fail(n, "%s: %d is out of range [%d, %d]", where, v, lo, hi)
		return 0, false
	}
	return v, true
}

// duration reads a Go duration ("500ms", "30s") or a number of seconds.
func (d *grammarDecoder) duration(n *yaml.Node, where string) (time.Duration, bool) {
	n = resolveAlias(n)
	if n.Kind != yaml.ScalarNode {
		d.fail(n, "%s: want a duration such as \"500ms\" or \"30s\", not %s", where, describeNode(n))
		return 0, false
	}
	if secs, err := strconv.ParseFloat(n.Value, 64); err == nil && secs >= 0 && !math.IsInf(secs, 0) {
		return time.Duration(secs * float64(time.Second)), true
	}
	v, err := time.ParseDuration(n.Value)
	if err != nil || v < 0 {
		d.fail(n, "%s: %q is not a duration such as \"500ms\" or \"30s\"", where, n.Value)
		return 0, false
	}
	return v, true
}

func describeNode(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "an object"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "null"
		}
		return fmt.Sprintf("%q", n.Value)
	}
	return "nothing"
}
