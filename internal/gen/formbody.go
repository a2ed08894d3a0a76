package gen

import (
	"strconv"
	"strings"
	"unicode"

	"github.com/dave/jennifer/jen"

	"github.com/authgen/authgen/internal/genid"
	"github.com/authgen/authgen/internal/spec"
)

// Form bodies straight from the struct (issue 30). Every struct and union
// model an application/x-www-form-urlencoded body reaches gets a method
// that adds its fields to an authgenrt.FormEncoder; the shell's encodeForm
// calls it on the body. The bytes are the runtime's JSON walk's
// (EncodeFormBody) for the same value; internal/e2e's
// TestFormBodiesEncodeAsTheJSONWalk holds every form body of the committed
// clients to it on random values.
//
// What is encoded field by field: strings, integers, floats, booleans,
// times, enums, nested structs, lists, maps (in sorted key order, as
// json.Marshal writes them), optional pointers, and named lists, maps and
// scalars. What goes through the JSON walk instead, for that value only:
//   - a union: its MarshalJSON (the JSON it keeps) is walked;
//   - a json.RawMessage: walked as json.Marshal would send it;
//   - a struct with additionalProperties and a declared property whose
//     name holds a bracket: MarshalJSON sends the declared and the
//     additional properties in key order, and such a name can make a
//     pair of the name an additional key's pair has, where that order
//     decides which comes first. Otherwise the additional properties are
//     added after the declared ones (no two keys then make one name, so
//     the order changes nothing), leaving out those a declared property
//     sent takes, as MarshalJSON leaves them out;
//   - a struct with a property whose name encoding/json would not take as
//     a tag name, or two properties of one name: walked whole, so the
//     Go field names json.Marshal would fall back to stay its business;
//   - any, []byte, and a named type over another model (type A B, which
//     keeps none of B's methods): json.Marshal, then the walk.
// A body that is not a struct model (a map, a list) is encoded by
// EncodeFormBody as before.

// formSet names the models that get an appendFormPairs method: structs
// and unions a form body reaches, each by the name that declares its type
// (a model declared alike an earlier one is an alias of it, and shares its
// methods).
type formSet map[string]bool

// formBodyModels finds the models every form body of p reaches.
func formBodyModels(p *spec.Provider) formSet {
	set := formSet{}
	byName := map[string]spec.Model{}
	for _, m := range p.Models {
		byName[m.Common().GoName] = m
	}
	var visit func(t spec.Type)
	visit = func(t spec.Type) {
		switch x := t.(type) {
		case *spec.Slice:
			visit(x.Elem)
		case *spec.Map:
			visit(x.Elem)
		case *spec.Named:
			m := declaringModel(x.Model, byName)
			if m == nil {
				return
			}
			switch m := m.(type) {
			case *spec.StructModel:
				if set[m.GoName] {
					return
				}
				set[m.GoName] = true
				if !fieldByField(m) {
					return
				}
				for _, fl := range m.Fields {
					visit(fl.Type)
				}
				if m.Extra != nil {
					visit(m.Extra)
				}
			case *spec.UnionModel:
				set[m.GoName] = true
			case *spec.AliasModel:
				if _, overModel := m.Underlying.(*spec.Named); !overModel || m.TypeAlias {
					visit(m.Underlying) // type A B is walked as JSON (genFormNamed)
				}
			}
		}
	}
	for _, op := range p.Operations {
		if b := op.Body; b != nil && b.Encoding == spec.EncodingForm {
			visit(b.Type)
		}
	}
	return set
}

// declaringModel follows SameAs to the model whose declaration holds the
// type (and its methods); nil when a name is missing.
func declaringModel(m spec.Model, byName map[string]spec.Model) spec.Model {
	for i := 0; m != nil && m.Common().SameAs != "" && i < len(byName); i++ {
		m = byName[m.Common().SameAs]
	}
	return m
}

// encodesFormDirectly: a form body whose model is a struct is encoded by
// its own appendFormPairs (through the shell's encodeForm).
func encodesFormDirectly(b *spec.RequestBody) bool {
	if b == nil || b.Encoding != spec.EncodingForm {
		return false
	}
	named, ok := b.Type.(*spec.Named)
	if !ok {
		return false
	}
	_, isStruct := named.Model.(*spec.StructModel)
	return isStruct
}

// fieldByField: a struct's fields are encoded one by one unless
// encoding/json would name them otherwise than the spec does, or its
// additional properties could take names its declared ones make.
func fieldByField(m *spec.StructModel) bool {
	seen := map[string]bool{}
	for _, fl := range m.Fields {
		if !validJSONTagName(fl.Name) || (fl.Name == "-" && !fl.Optional) || seen[fl.Name] {
			return false
		}
		if m.Extra != nil && strings.ContainsAny(fl.Name, "[]") {
			return false // see formbody.go's comment: the order of two pairs of one name
		}
		seen[fl.Name] = true
	}
	return true
}

// validJSONTagName is encoding/json's isValidTag: a tag name it would
// ignore for the Go field name.
func validJSONTagName(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}

// genFormMethod emits the appendFormPairs method of a struct or union a
// form body reaches:
//
//	func (m PostCustomersRequest) appendFormPairs(enc *authgenrt.FormEncoder, prefix []byte) {
//		if m.Balance != nil {
//			enc.AddInt(enc.Name(prefix, "balance"), *m.Balance)
//		}
//		if len(m.Expand) > 0 {
//			name := enc.Name(prefix, "expand")
//			for i := range m.Expand {
//				enc.AddString(enc.Index(name, i), m.Expand[i])
//			}
//		}
//	}
//
// A value receiver, so a body held as T or as *T has it.
func genFormMethod(f *jen.File, m spec.Model) {
	name := m.Common().GoName
	f.Line()
	f.Comment(genid.AppendFormPairs + " adds the value's fields to a form body under prefix, as the JSON walk of")
	f.Comment("EncodeFormBody would.")
	f.Func().Params(jen.Id("m").Id(name)).Id(genid.AppendFormPairs).Params(
		jen.Id("enc").Op("*").Qual(genid.RuntimePath, genid.FormEncoder), jen.Id("prefix").Index().Byte(),
	).BlockFunc(func(g *jen.Group) {
		switch m := m.(type) {
		case *spec.UnionModel:
			// The union's JSON is what it keeps; MarshalJSON fails on an
			// empty one, as json.Marshal would.
			g.List(jen.Id("raw"), jen.Err()).Op(":=").Id("m").Dot("MarshalJSON").Call()
			g.Id("enc").Dot(genid.FormAddMarshaled).Call(jen.Id("prefix"), jen.Id("raw"), jen.Err())
		case *spec.StructModel:
			if !fieldByField(m) {
				g.Comment("Its JSON is not its fields one by one (see fieldByField): walked whole.")
				g.Id("enc").Dot(genid.FormAddValue).Call(jen.Id("prefix"), jen.Id("m"))
				return
			}
			for _, fl := range m.Fields {
				genFormField(g, fl)
			}
			if m.Extra != nil {
				genFormExtra(g, m)
			}
		}
	})
}

// genFormExtra adds the additional properties a declared one does not
// take: MarshalJSON drops those whose name a declared property sends,
// null included, and keeps those of a declared property left out.
//
//	for _, key := range authgenrt.SortedKeys(m.AdditionalProperties) {
//		switch key {
//		case "theme":
//			if m.Theme != nil {
//				continue
//			}
//		}
//		enc.AddString(enc.Name(prefix, key), m.AdditionalProperties[key])
//	}
func genFormExtra(g *jen.Group, m *spec.StructModel) {
	extra := jen.Id("m").Dot("AdditionalProperties")
	g.For(jen.List(jen.Id("_"), jen.Id("key")).Op(":=").Range().Qual(genid.RuntimePath, genid.SortedKeys).Call(extra.Clone())).BlockFunc(func(g *jen.Group) {
		if len(m.Fields) > 0 {
			g.Switch(jen.Id("key")).BlockFunc(func(g *jen.Group) {
				for _, fl := range m.Fields {
					if fl.Optional {
						// Left out (omitzero) when nil.
						g.Case(jen.Lit(fl.Name)).Block(jen.If(jen.Id("m").Dot(fl.GoName).Op("!=").Nil()).Block(jen.Continue()))
					} else {
						// Sent always, if only as null.
						g.Case(jen.Lit(fl.Name)).Block(jen.Continue())
					}
				}
			})
		}
		genFormValue(g, m.Extra, formValue{expr: extra.Clone().Index(jen.Id("key"))}, jen.Id("enc").Dot(genid.FormName).Call(jen.Id("prefix"), jen.Id("key")), 1)
	})
}

// genFormField adds one field; a nil pointer adds nothing, as its omitted
// or null JSON does.
func genFormField(g *jen.Group, fl spec.Field) {
	field := jen.Id("m").Dot(fl.GoName)
	name := jen.Id("enc").Dot(genid.FormName).Call(jen.Id("prefix"), jen.Lit(fl.Name))
	if fl.Pointer {
		g.If(field.Clone().Op("!=").Nil()).BlockFunc(func(g *jen.Group) {
			genFormValue(g, fl.Type, formValue{expr: field, pointer: true}, name, 0)
		})
		return
	}
	genFormValue(g, fl.Type, formValue{expr: field}, name, 0)
}

// formValue is the Go expression of a value being added: pointer when it
// is a pointer to the value, named when its type is a named type over the
// primitive (an enum) and must be converted.
type formValue struct {
	expr    *jen.Statement
	pointer bool
	named   bool
}

// scalar is the value as an operand: *p, or a conversion to want.
func (v formValue) scalar(want *jen.Statement) *jen.Statement {
	x := v.expr.Clone()
	if v.pointer {
		x = jen.Op("*").Add(x)
	}
	if v.named && want != nil {
		return want.Call(x)
	}
	return x
}

// operand is the value where it is ranged, indexed or called: (*p).
func (v formValue) operand() *jen.Statement {
	if v.pointer {
		return jen.Parens(jen.Op("*").Add(v.expr.Clone()))
	}
	return v.expr.Clone()
}

// genFormValue adds value v of type t under name: one Add call for a
// scalar, the appendFormPairs of a struct or union, a loop for a list or
// a map. depth numbers the loop variables of nested loops.
func genFormValue(g *jen.Group, t spec.Type, v formValue, name *jen.Statement, depth int) {
	enc := func(method string, args ...jen.Code) {
		g.Id("enc").Dot(method).Call(append([]jen.Code{name.Clone()}, args...)...)
	}
	switch x := t.(type) {
	case spec.Primitive:
		switch x {
		case spec.String:
			enc(genid.FormAddString, v.scalar(jen.String()))
		case spec.Int64:
			enc(genid.FormAddInt, v.scalar(jen.Int64()))
		case spec.Int32:
			v.named = true
			enc(genid.FormAddInt, v.scalar(jen.Int64()))
		case spec.Float64:
			enc(genid.FormAddFloat, v.scalar(jen.Float64()), jen.Lit(64))
		case spec.Float32:
			v.named = true
			enc(genid.FormAddFloat, v.scalar(jen.Float64()), jen.Lit(32))
		case spec.Bool:
			enc(genid.FormAddBool, v.scalar(jen.Bool()))
		case spec.Time:
			enc(genid.FormAddTime, v.scalar(nil))
		case spec.RawJSON:
			enc(genid.FormAddMarshaled, v.scalar(nil), jen.Nil())
		default: // []byte (base64 in JSON) and any
			enc(genid.FormAddValue, v.scalar(nil))
		}
	case *spec.Named:
		genFormNamed(g, x, v, name, depth)
	case *spec.Slice:
		// The list's name is made once, and only for a list with items.
		i, at := loopVar("i", depth), loopVar("name", depth)
		g.If(jen.Len(v.operand()).Op(">").Lit(0)).Block(
			jen.Id(at).Op(":=").Add(name.Clone()),
			jen.For(jen.Id(i).Op(":=").Range().Add(v.operand())).BlockFunc(func(g *jen.Group) {
				item := formValue{expr: v.operand().Index(jen.Id(i))}
				genFormValue(g, x.Elem, item, jen.Id("enc").Dot(genid.FormIndex).Call(jen.Id(at), jen.Id(i)), depth+1)
			}),
		)
	case *spec.Map:
		// Keys in json.Marshal's order: pairs of one name (a key "a[b]"
		// beside a key "a" holding "b") keep the JSON walk's order.
		key, at := loopVar("key", depth), loopVar("name", depth)
		g.If(jen.Len(v.operand()).Op(">").Lit(0)).Block(
			jen.Id(at).Op(":=").Add(name.Clone()),
			jen.For(jen.List(jen.Id("_"), jen.Id(key)).Op(":=").Range().Qual(genid.RuntimePath, genid.SortedKeys).Call(v.operand())).BlockFunc(func(g *jen.Group) {
				item := formValue{expr: v.operand().Index(jen.Id(key))}
				genFormValue(g, x.Elem, item, jen.Id("enc").Dot(genid.FormName).Call(jen.Id(at), jen.Id(key)), depth+1)
			}),
		)
	default: // any
		enc(genid.FormAddValue, v.scalar(nil))
	}
}

// genFormNamed adds a value of a model's type.
func genFormNamed(g *jen.Group, x *spec.Named, v formValue, name *jen.Statement, depth int) {
	switch m := x.Model.(type) {
	case *spec.StructModel, *spec.UnionModel:
		g.Add(v.expr.Clone()).Dot(genid.AppendFormPairs).Call(jen.Id("enc"), name.Clone())
	case *spec.EnumModel:
		v.named = true
		genFormValue(g, m.Underlying, v, name, depth)
	case *spec.AliasModel:
		if _, overModel := m.Underlying.(*spec.Named); overModel && !m.TypeAlias {
			// type A B keeps none of B's methods; json.Marshal knows.
			g.Id("enc").Dot(genid.FormAddValue).Call(name.Clone(), v.scalar(nil))
			return
		}
		v.named = !m.TypeAlias
		genFormValue(g, m.Underlying, v, name, depth)
	default:
		g.Id("enc").Dot(genid.FormAddValue).Call(name.Clone(), v.scalar(nil))
	}
}

// loopVar names a loop variable by its depth: i, then i1 inside it.
func loopVar(base string, depth int) string {
	if depth == 0 {
		return base
	}
	return base + strconv.Itoa(depth)
}
