package spec

import (
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Any is the primitive for a schema that says nothing about its value: Go's
// any. It is declared apart from the others to keep their order stable.
const Any Primitive = 100

// modelSet holds the models of one provider by Go name; their names come
// from the builder's registry.
type modelSet struct {
	byName     map[string]Model
	components map[string]string // component schema name -> Go name
	// inline maps each inline schema already declared to its Go name.
	inline map[*openapi3.Schema]string
}

func newModelSet() *modelSet {
	return &modelSet{byName: map[string]Model{}, components: map[string]string{}, inline: map[*openapi3.Schema]string{}}
}

func (m *modelSet) add(model Model) { m.byName[model.Common().GoName] = model }

func (m *modelSet) sorted() []Model {
	names := sortedKeys(m.byName)
	out := make([]Model, len(names))
	for i, n := range names {
		out[i] = m.byName[n]
	}
	return out
}

const componentPrefix = "#/components/schemas/"

// componentName returns the component a $ref points to, if it points to
// one.
func componentName(ref string) (string, bool) {
	i := strings.Index(ref, componentPrefix)
	if i < 0 {
		return "", false
	}
	name := ref[i+len(componentPrefix):]
	if strings.Contains(name, "/") {
		return "", false
	}
	return name, true
}

// buildComponentModels names every component schema first, so that $refs
// (including cyclic ones) resolve, then builds each.
func (b *builder) buildComponentModels() {
	if b.doc.Components == nil {
		return
	}
	names := sortedKeys(b.doc.Components.Schemas)
	for _, name := range names {
		goName := GoName(name)
		if goName == "" {
			goName = "Model"
		}
		b.models.components[name] = b.names.claim(goName, fmt.Sprintf("schema %q", name))
	}
	for _, name := range names {
		ref := b.doc.Components.Schemas[name]
		if ref == nil || ref.Value == nil {
			continue
		}
		goName := b.models.components[name]
		b.models.inline[ref.Value] = goName // a $ref into its inside that lands on it
		b.declare(goName, ref.Value)
	}
}

// nonObjectAllOf returns the part an allOf stands for when it does not
// describe an object: the "$ref plus description" idiom (allOf: [{$ref: X},
// {description: ...}]), or parts that all constrain one scalar (allOf:
// [{$ref: a string schema}, {type: string, maxLength: 5}]). It prefers a $ref
// part, which has a name. nil means the allOf is an object: a struct of
// every part's properties.
func nonObjectAllOf(s *openapi3.Schema) *openapi3.SchemaRef {
	if len(s.Properties) > 0 || isObject(s) {
		return nil
	}
	var first, firstRef *openapi3.SchemaRef
	for _, part := range s.AllOf {
		if part == nil || part.Value == nil {
			continue
		}
		if describesObject(part.Value, 0) {
			return nil
		}
		if annotationOnly(part.Value) && part.Ref == "" {
			continue
		}
		if first == nil {
			first = part
		}
		if firstRef == nil && part.Ref != "" {
			firstRef = part
		}
	}
	if firstRef != nil {
		return firstRef
	}
	return first
}

// describesObject: the schema, or an allOf part of it, is an object.
func describesObject(s *openapi3.Schema, depth int) bool {
	if isObject(s) || len(s.Properties) > 0 {
		return true
	}
	if depth < 8 {
		for _, part := range s.AllOf {
			if part != nil && part.Value != nil && describesObject(part.Value, depth+1) {
				return true
			}
		}
	}
	return false
}

// annotationOnly: the schema says nothing about the value's shape (a
// description, a title, an example), only about the documentation.
func annotationOnly(s *openapi3.Schema) bool {
	return s.Type == nil && len(s.Properties) == 0 && s.Items == nil && len(s.AllOf) == 0 &&
		len(s.OneOf) == 0 && len(s.AnyOf) == 0 && len(s.Enum) == 0 && s.AdditionalProperties.Schema == nil && s.Format == ""
}

// declare makes a named model of schema s. A schema that is only a
// primitive becomes an alias, so every component gets a Go type.
func (b *builder) declare(goName string, s *openapi3.Schema) {
	common := ModelCommon{GoName: goName, Description: schemaDoc(s), Deprecated: s.Deprecated}
	switch {
	case len(s.AllOf) > 0:
		if part := nonObjectAllOf(s); part != nil {
			b.models.add(&AliasModel{ModelCommon: common, Underlying: b.typeOf(part, nil, goName)})
			return
		}
		b.models.add(b.structModel(common, s))
	case constEnum(s):
		b.models.add(b.constEnumModel(common, s))
	case len(s.OneOf) > 0 || len(s.AnyOf) > 0:
		if t := b.nullableVariant(s); t != nil {
			b.models.add(&AliasModel{ModelCommon: common, Underlying: t})
			return
		}
		b.models.add(b.unionModel(common, s))
	case len(s.Enum) > 0 && (s.Type.Is("string") || s.Type.Is("integer") || s.Type.Permits("string")):
		b.models.add(b.enumModel(common, s))
	case isObject(s) && len(s.Properties) > 0:
		b.models.add(b.structModel(common, s))
	default:
		// typeOf adds "Item" or "Value" for the element itself.
		t := b.typeOf(nil, s, goName)
		b.models.add(&AliasModel{ModelCommon: common, Underlying: t, TypeAlias: t == Time || t == RawJSON})
	}
}

func schemaDoc(s *openapi3.Schema) string {
	if s.Description != "" {
		return docText(s.Description)
	}
	return docText(s.Title)
}

func isObject(s *openapi3.Schema) bool {
	return s.Type.Is("object") || (s.Type == nil && (len(s.Properties) > 0 || s.AdditionalProperties.Schema != nil))
}

// typeOf is the Go type of a schema. ref is the reference it was reached
// through, if any: a component reference becomes a Named type. hint names
// the model an inline object, enum or union becomes.
func (b *builder) typeOf(ref *openapi3.SchemaRef, s *openapi3.Schema, hint string) Type {
	if ref != nil {
		if name, ok := componentName(ref.Ref); ok {
			if goName, ok := b.models.components[name]; ok {
				return &Named{GoName: goName}
			}
		}
		if s == nil {
			s = ref.Value
		}
	}
	if s == nil {
		return Any
	}
	switch {
	case len(s.AllOf) == 1 && len(s.Properties) == 0:
		return b.typeOf(s.AllOf[0], nil, hint)
	case len(s.AllOf) > 0:
		if part := nonObjectAllOf(s); part != nil {
			return b.typeOf(part, nil, hint)
		}
		return b.inlineModel(hint, s)
	case constEnum(s):
		return b.inlineModel(hint, s)
	case len(s.OneOf) > 0 || len(s.AnyOf) > 0:
		if t := b.nullableVariant(s); t != nil {
			return t
		}
		return b.inlineModel(hint, s)
	case len(s.Enum) > 0 && (s.Type.Is("string") || s.Type.Is("integer")):
		return b.inlineModel(hint, s)
	}
	switch {
	case s.Type.Permits("array") && !s.Type.Permits("object"):
		return &Slice{Elem: b.typeOf(s.Items, nil, hint+"Item")}
	case isObject(s):
		if len(s.Properties) > 0 {
			return b.inlineModel(hint, s)
		}
		if ap := s.AdditionalProperties.Schema; ap != nil {
			return &Map{Elem: b.typeOf(ap, nil, hint+"Value")}
		}
		return &Map{Elem: Any}
	}
	return primitiveOf(s)
}

// primitiveOf maps a scalar schema; a schema with several types or none is
// Any.
func primitiveOf(s *openapi3.Schema) Type {
	main := mainType(s)
	switch main {
	case "string":
		switch s.Format {
		case "date-time":
			return Time
		case "binary", "byte":
			// encoding/json writes []byte as base64, which is "byte";
			// "binary" is a file in a multipart or raw body.
			return Bytes
		}
		return String
	case "integer":
		if s.Format == "int32" {
			return Int32
		}
		return Int64
	case "number":
		return Float64
	case "boolean":
		return Bool
	}
	return Any
}

// mainType is the schema's type without "null"; "" when there is none or
// more than one.
func mainType(s *openapi3.Schema) string {
	if s.Type == nil {
		return ""
	}
	var main string
	for _, t := range *s.Type {
		if t == "null" {
			continue
		}
		if main != "" {
			return ""
		}
		main = t
	}
	return main
}

// isNullable covers 3.0's nullable and 3.1's type: [T, "null"].
func isNullable(s *openapi3.Schema) bool {
	return s != nil && (s.Nullable || (s.Type != nil && s.Type.Includes("null")))
}

// nullableVariant recognises oneOf/anyOf [X, {type: null}], which is X.
func (b *builder) nullableVariant(s *openapi3.Schema) Type {
	variants := s.OneOf
	if len(variants) == 0 {
		variants = s.AnyOf
	}
	if len(variants) != 2 {
		return nil
	}
	for i, v := range variants {
		if v.Value != nil && v.Value.Type != nil && v.Value.Type.Is("null") {
			other := variants[1-i]
			return b.typeOf(other, nil, "")
		}
	}
	return nil
}

// inlineModel declares a model for an inline schema under a unique name
// derived from where it appears.
//
// A schema reached again (a $ref into a component's inside, which kin-openapi
// resolves to the same schema, or one that contains itself) is the same
// type: without that, such a spec of a dozen lines would declare models
// without end.
func (b *builder) inlineModel(hint string, s *openapi3.Schema) Type {
	if name, ok := b.models.inline[s]; ok {
		return &Named{GoName: name}
	}
	if len(b.models.byName) >= maxModels {
		b.capReached(s, fmt.Sprintf("more than %d models; a spec this large is refused rather than generated without end (cap: %d models)", maxModels, maxModels))
		return Any
	}
	if b.depth >= maxSchemaDepth {
		b.capReached(s, fmt.Sprintf("schemas nested more than %d levels deep (cap: %d levels of inline schemas)", maxSchemaDepth, maxSchemaDepth))
		return Any
	}
	name := b.names.claim(hint, "an inline schema")
	b.models.inline[s] = name
	b.depth++
	defer func() { b.depth-- }()
	b.declare(name, s)
	return &Named{GoName: name}
}

// The caps on what one spec may make the generator build. Public specs stay
// far below them (GitHub's: 7,388 models; nesting rarely passes 10 levels);
// a hostile spec of a few KB reaches them at once.
// They are variables only so that tests can lower them.
var (
	maxModels      = 50_000
	maxSchemaDepth = 48
)

// capReached reports a cap once, at the schema where it was reached.
func (b *builder) capReached(s *openapi3.Schema, msg string) {
	if b.capped {
		return
	}
	b.capped = true
	b.problem(posOf(b.file, s.Origin), "%s", msg)
}

func (b *builder) structModel(common ModelCommon, s *openapi3.Schema) *StructModel {
	m := &StructModel{ModelCommon: common}
	props := map[string]*openapi3.SchemaRef{}
	required := map[string]bool{}
	var order []string
	var collect func(s *openapi3.Schema, depth int)
	collect = func(s *openapi3.Schema, depth int) {
		if s == nil || depth > 32 {
			return
		}
		for _, part := range s.AllOf {
			collect(part.Value, depth+1)
		}
		for _, name := range sortedKeys(s.Properties) {
			if _, seen := props[name]; !seen {
				order = append(order, name)
			}
			props[name] = s.Properties[name]
		}
		for _, r := range s.Required {
			required[r] = true
		}
		switch ap := s.AdditionalProperties; {
		case m.Extra != nil:
		case ap.Schema != nil:
			m.Extra = b.typeOf(ap.Schema, nil, common.GoName+"Value")
		case ap.Has != nil && *ap.Has:
			m.Extra = Any
		}
	}
	collect(s, 0)
	// A property listed in required but never declared must still be
	// sendable: it becomes a field of type any, with a warning.
	for _, r := range sortedKeys(required) {
		if _, declared := props[r]; !declared {
			b.warn(posOf(b.file, s.Origin), "schema %s: required property %q is not in properties; it is a field of type any", common.GoName, r)
			order = append(order, r)
			props[r] = nil
		}
	}
	// Field names share the type's namespace with its methods: a struct
	// that keeps additional properties has the field AdditionalProperties
	// and the JSON methods.
	used := map[string]bool{}
	if m.Extra != nil {
		for _, n := range []string{"AdditionalProperties", "MarshalJSON", "UnmarshalJSON"} {
			used[n] = true
		}
	}
	for _, name := range order {
		if !validJSONName(name) {
			b.warn(posOf(b.file, s.Origin), "schema %s: property %q is left out: encoding/json cannot name a field so", common.GoName, name)
			continue
		}
		ref := props[name]
		goName := GoName(name)
		if goName == "" {
			goName = "Field"
		}
		if used[goName] {
			goName += "Field"
		}
		base := goName
		for i := 2; used[goName]; i++ {
			goName = base + strconv.Itoa(i)
		}
		used[goName] = true
		var ps *openapi3.Schema
		if ref != nil {
			ps = ref.Value
		}
		t := b.typeOf(ref, nil, common.GoName+GoName(name))
		f := Field{Name: name, GoName: goName, Type: t, Optional: !required[name], Nullable: isNullable(ps)}
		if ps != nil {
			f.Description, f.Deprecated = schemaDoc(ps), ps.Deprecated
		}
		m.Fields = append(m.Fields, f)
	}
	return m
}

// constBranches are the branches of a oneOf or anyOf.
func constBranches(s *openapi3.Schema) openapi3.SchemaRefs {
	if len(s.OneOf) > 0 {
		return s.OneOf
	}
	return s.AnyOf
}

// constValue is the one value a branch allows: its const, or an enum of
// one value; ok is false for a branch that allows more, or says more
// than a value (properties, items).
func constValue(r *openapi3.SchemaRef) (value any, ok bool) {
	if r == nil || r.Value == nil {
		return nil, false
	}
	v := r.Value
	if len(v.Properties) > 0 || v.Items != nil || len(v.AllOf)+len(v.OneOf)+len(v.AnyOf) > 0 {
		return nil, false
	}
	switch {
	case v.Const != nil:
		return v.Const, true
	case len(v.Enum) == 1:
		return v.Enum[0], true
	}
	return nil, false
}

// constEnum: a oneOf or anyOf whose every branch is one string (or every
// branch one integer) is an enum, the 3.1 idiom that gives each value a
// title: {oneOf: [{const: card, title: Card}, ...]}.
func constEnum(s *openapi3.Schema) bool {
	branches := constBranches(s)
	if len(branches) == 0 || len(s.Properties) > 0 {
		return false
	}
	strs, ints := 0, 0
	for _, r := range branches {
		v, ok := constValue(r)
		if !ok {
			return false
		}
		switch x := v.(type) {
		case string:
			strs++
		case float64:
			if x == math.Trunc(x) {
				ints++
			}
		}
	}
	return strs == len(branches) || ints == len(branches)
}

// constEnumModel is the enum of a constEnum schema: a constant per
// branch, named from its title where it has one (the value otherwise),
// with the title and description as its documentation.
func (b *builder) constEnumModel(common ModelCommon, s *openapi3.Schema) *EnumModel {
	m := &EnumModel{ModelCommon: common, Underlying: String}
	seen := map[any]bool{}
	for _, r := range constBranches(s) {
		v, _ := constValue(r)
		var value any
		var suffix string
		switch x := v.(type) {
		case string:
			value, suffix = x, camel(x)
			if suffix == "" {
				suffix = "Empty"
			}
		case float64:
			m.Underlying = Int64
			value = int64(x)
			suffix = strconv.FormatInt(int64(x), 10)
			if x < 0 {
				suffix = "Minus" + strconv.FormatInt(-int64(x), 10)
			}
		}
		if t := camel(r.Value.Title); t != "" {
			suffix = t
		}
		if seen[value] {
			continue
		}
		seen[value] = true
		doc := docText(r.Value.Description)
		if doc == "" && r.Value.Title != "" && camel(r.Value.Title) != r.Value.Title {
			doc = docText(r.Value.Title)
		}
		m.Values = append(m.Values, EnumValue{GoName: b.names.claim(common.GoName+suffix, "an enum constant"), Value: value, Description: doc})
	}
	return m
}

func (b *builder) enumModel(common ModelCommon, s *openapi3.Schema) *EnumModel {
	m := &EnumModel{ModelCommon: common, Underlying: String}
	if s.Type.Is("integer") {
		m.Underlying = Int64
	}
	seen := map[any]bool{}
	for _, v := range s.Enum {
		var value any
		var suffix string
		switch x := v.(type) {
		case string:
			if m.Underlying != String {
				continue
			}
			value, suffix = x, camel(x)
			if suffix == "" {
				suffix = "Empty"
			}
		case float64:
			if m.Underlying != Int64 || x != math.Trunc(x) {
				continue
			}
			value = int64(x)
			suffix = strconv.FormatInt(int64(x), 10)
			if x < 0 {
				suffix = "Minus" + strconv.FormatInt(-int64(x), 10)
			}
		default:
			continue // null and other values have no constant
		}
		if seen[value] {
			continue // a repeated value
		}
		seen[value] = true
		// Constants share the package's namespace with types, so the
		// model set hands their names out too.
		m.Values = append(m.Values, EnumValue{GoName: b.names.claim(common.GoName+suffix, "an enum constant"), Value: value})
	}
	return m
}

func (b *builder) unionModel(common ModelCommon, s *openapi3.Schema) *UnionModel {
	m := &UnionModel{ModelCommon: common}
	variants := s.OneOf
	if len(variants) == 0 {
		variants = s.AnyOf
	}
	tags := map[string]string{} // component name -> tag
	if d := s.Discriminator; d != nil {
		m.Discriminator = d.PropertyName
		for _, tag := range sortedKeys(d.Mapping) {
			if name, ok := componentName(d.Mapping[tag].Ref); ok {
				tags[name] = tag
			}
		}
	}
	used := map[string]bool{}
	for i, v := range variants {
		if v.Value != nil && v.Value.Type != nil && v.Value.Type.Is("null") {
			continue
		}
		label := variantLabel(v, m.Discriminator)
		hint := fmt.Sprintf("%sVariant%d", common.GoName, i+1)
		if label != "" {
			hint = common.GoName + label
		}
		t := b.typeOf(v, nil, hint)
		name := variantName(t)
		switch n, ok := t.(*Named); {
		case ok && n.GoName == hint && label != "":
			name = label // an inline variant the document names: AsCard
		case ok && n.GoName == hint:
			// An inline variant without a name: AsVariant2, not
			// As<Union>Variant2, so that unions alike have the same
			// methods (dedupe.go).
			name = fmt.Sprintf("Variant%d", i+1)
		case !ok && label != "":
			name = label // a titled primitive: AsText, not AsString
		}
		base := name
		for j := 2; used[name]; j++ {
			name = base + strconv.Itoa(j)
		}
		used[name] = true
		uv := UnionVariant{GoName: name, Type: t, Constructor: b.names.claim(common.GoName+"From"+name, "a union constructor")}
		if v.Value != nil {
			uv.Shape = variantShape(v.Value)
		}
		if comp, ok := componentName(v.Ref); ok {
			if tag, ok := tags[comp]; ok {
				uv.Tag = tag
			} else if m.Discriminator != "" {
				uv.Tag = comp // OpenAPI's implicit mapping: the component name
			}
		}
		m.Variants = append(m.Variants, uv)
	}
	return m
}

// variantLabel names an inline variant from what the document says of it:
// its title, else the value its discriminator property is fixed to; ""
// for a component (named by the component) or a variant the document
// names nowhere (named by its position).
func variantLabel(v *openapi3.SchemaRef, discriminator string) string {
	if v == nil || v.Value == nil || v.Ref != "" {
		return ""
	}
	if t := camel(v.Value.Title); t != "" {
		return t
	}
	if discriminator != "" {
		if p := v.Value.Properties[discriminator]; p != nil && p.Value != nil {
			if value, ok := singleValue(p.Value); ok {
				if s, ok := value.(string); ok {
					return camel(s)
				}
			}
		}
	}
	return ""
}

// variantShape is what tells a variant apart in a JSON value: its JSON
// kind, its required properties, and the properties whose schema allows one
// value (const, or an enum of one), through allOf parts too.
func variantShape(s *openapi3.Schema) VariantShape {
	var shape VariantShape
	required := map[string]bool{}
	var walk func(s *openapi3.Schema, depth int)
	walk = func(s *openapi3.Schema, depth int) {
		if s == nil || depth > 8 {
			return
		}
		if k := mainType(s); k != "" && shape.Kind == "" {
			shape.Kind = k
		}
		if len(s.Properties) > 0 && shape.Kind == "" {
			shape.Kind = "object"
		}
		for _, r := range s.Required {
			required[r] = true
		}
		for _, name := range sortedKeys(s.Properties) {
			p := s.Properties[name]
			if p == nil || p.Value == nil {
				continue
			}
			if v, ok := singleValue(p.Value); ok {
				shape.Fixed = append(shape.Fixed, FixedProperty{Name: name, Value: v})
			}
		}
		for _, part := range s.AllOf {
			walk(part.Value, depth+1)
		}
	}
	walk(s, 0)
	shape.Required = sortedKeys(required)
	sort.Slice(shape.Fixed, func(i, j int) bool { return shape.Fixed[i].Name < shape.Fixed[j].Name })
	return shape
}

// singleValue is the one value a schema allows: its const (an OpenAPI 3.1
// keyword kin-openapi keeps in Extensions) or an enum of one.
func singleValue(s *openapi3.Schema) (any, bool) {
	if len(s.Enum) == 1 {
		switch v := s.Enum[0].(type) {
		case string, float64, bool:
			return v, true
		}
	}
	// kin-openapi reads const into Const (OpenAPI 3.1); an older reading
	// kept it among the extensions.
	c := s.Const
	if c == nil {
		c = s.Extensions["const"]
	}
	switch v := c.(type) {
	case string, float64, bool:
		return v, true
	}
	return nil, false
}

func variantName(t Type) string {
	switch x := t.(type) {
	case *Named:
		return x.GoName
	case *Slice:
		return variantName(x.Elem) + "List"
	case *Map:
		return variantName(x.Elem) + "Map"
	case Primitive:
		switch x {
		case String:
			return "String"
		case Int64, Int32:
			return "Integer"
		case Float64, Float32:
			return "Number"
		case Bool:
			return "Bool"
		case Time:
			return "Time"
		}
	}
	return "Value"
}

// finishModels runs once every model is built: it points each Named type
// at its model, applies the one rule for pointers (pointerFor) to fields,
// parameters and bodies, and breaks value cycles.
func (b *builder) finishModels() {
	resolve := func(t Type) {
		walkType(t, func(n *Named) { n.Model = b.models.byName[n.GoName] })
	}
	for _, m := range b.p.Models {
		switch x := m.(type) {
		case *StructModel:
			for i := range x.Fields {
				resolve(x.Fields[i].Type)
			}
			resolve(x.Extra)
		case *AliasModel:
			resolve(x.Underlying)
		case *UnionModel:
			for _, v := range x.Variants {
				resolve(v.Type)
			}
		}
	}
	for i := range b.p.Operations {
		op := &b.p.Operations[i]
		for _, list := range [][]Parameter{op.PathParams, op.QueryParams, op.HeaderParams, op.CookieParams} {
			for j := range list {
				resolve(list[j].Type)
				list[j].Pointer = pointerFor(list[j].Type, !list[j].Required)
			}
		}
		if op.Body != nil {
			resolve(op.Body.Type)
			op.Body.Pointer = pointerFor(op.Body.Type, !op.Body.Required)
		}
		resolve(op.Response)
	}
	for _, m := range b.p.Models {
		if s, ok := m.(*StructModel); ok {
			for i := range s.Fields {
				f := &s.Fields[i]
				f.Pointer = pointerFor(f.Type, f.Optional || f.Nullable)
			}
		}
	}
	b.breakValueCycles()
}

// walkType calls fn for every Named inside t.
func walkType(t Type, fn func(*Named)) {
	switch x := t.(type) {
	case *Named:
		fn(x)
	case *Slice:
		walkType(x.Elem, fn)
	case *Map:
		walkType(x.Elem, fn)
	}
}

// pointerFor is the one rule for values that may be absent: such a value
// is a pointer unless its Go type has a nil of its own (CanBeNil). Slices
// and maps are never pointers; encoding/json's omitzero leaves a nil one
// out and sends an empty one.
func pointerFor(t Type, mayBeAbsent bool) bool {
	return mayBeAbsent && !CanBeNil(t)
}

// CanBeNil says whether a Go value of type t can be nil: slices, maps, any,
// json.RawMessage, []byte, and named types over them.
func CanBeNil(t Type) bool {
	return canBeNil(t, map[Model]bool{})
}

func canBeNil(t Type, seen map[Model]bool) bool {
	switch x := t.(type) {
	case *Slice, *Map:
		return true
	case Primitive:
		return x == Any || x == RawJSON || x == Bytes
	case *Named:
		alias, ok := x.Model.(*AliasModel)
		if !ok || seen[alias] {
			return false
		}
		seen[alias] = true
		return canBeNil(alias.Underlying, seen)
	}
	return false
}

// breakValueCycles makes a required struct field that would embed its own
// type (directly or through other structs) a pointer, which Go needs.
func (b *builder) breakValueCycles() {
	structs := map[string]*StructModel{}
	for name, m := range b.models.byName {
		if s, ok := m.(*StructModel); ok {
			structs[name] = s
		}
	}
	names := sortedKeys(structs)
	for _, start := range names {
		var visit func(name string, seen map[string]bool)
		visit = func(name string, seen map[string]bool) {
			s := structs[name]
			for i := range s.Fields {
				f := &s.Fields[i]
				n, ok := f.Type.(*Named)
				if !ok || f.Pointer {
					continue
				}
				if n.GoName == start {
					f.Pointer = true
					continue
				}
				if _, isStruct := structs[n.GoName]; isStruct && !seen[n.GoName] {
					seen[n.GoName] = true
					visit(n.GoName, seen)
				}
			}
		}
		visit(start, map[string]bool{start: true})
	}
}

// sortStrings returns a sorted copy without duplicates.
func sortStrings(in []string) []string {
	set := map[string]bool{}
	for _, s := range in {
		set[s] = true
	}
	out := make([]string, 0, len(set))
	for s := range set {
		out = append(out, s)
	}
	sort.Strings(out)
	return out
}
