package gen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/authgen/authgen/internal/genid"
	"github.com/authgen/authgen/internal/spec"
)

// genModels emits one declaration per model, sorted by name:
//
//	type AccountProfile struct {
//		CompanyName string `json:"company_name"`
//		Plan        *string `json:"plan,omitempty"`
//	}
func genModels(p *spec.Provider, f *jen.File) {
	if len(p.Models) == 0 {
		f.Comment("The spec declares no models.")
		return
	}
	genModelList(p.Models, formBodyModels(p), f)
}

// genModelList emits models, a blank line between each two; forms are the
// models that get an appendFormPairs method (formbody.go).
func genModelList(models []spec.Model, forms formSet, f *jen.File) {
	for i, m := range models {
		if i > 0 {
			f.Line()
		}
		if m.Common().SameAs != "" {
			genSameAs(f, m)
			continue
		}
		switch x := m.(type) {
		case *spec.StructModel:
			genStruct(f, x)
		case *spec.EnumModel:
			genEnum(f, x)
		case *spec.AliasModel:
			genAlias(f, x)
		case *spec.UnionModel:
			genUnion(f, x)
		}
		if forms[m.Common().GoName] {
			genFormMethod(f, m)
		}
	}
}

func modelDoc(c *spec.ModelCommon, what string) jen.Code {
	lines := sentence(c.GoName, what, c.Description)
	if c.Deprecated {
		lines = append(lines, "", "Deprecated: the spec marks this schema as deprecated.")
	}
	return doc(lines...)
}

// genStruct emits an object schema.
func genStruct(f *jen.File, m *spec.StructModel) {
	f.Add(modelDoc(&m.ModelCommon, "is an object of the API."))
	f.Type().Id(m.GoName).StructFunc(func(g *jen.Group) {
		for _, fl := range m.Fields {
			lines := sentence(fl.GoName, fieldWhat(fl), fl.Description)
			if fl.Deprecated {
				if len(lines) > 0 {
					lines = append(lines, "")
				}
				lines = append(lines, "Deprecated: the spec marks this property as deprecated.")
			}
			g.Add(doc(lines...))
			tag := fl.Name
			if fl.Optional {
				// omitzero leaves out a nil pointer, slice or map, and
				// sends an empty slice or map as [] or {}.
				tag += ",omitzero"
			}
			g.Id(fl.GoName).Add(fieldType(fl.Type, fl.Pointer)).Tag(map[string]string{"json": tag})
		}
		if m.Extra != nil {
			g.Comment("AdditionalProperties holds the properties the schema does not declare.")
			g.Id("AdditionalProperties").Map(jen.String()).Add(goType(m.Extra)).Tag(map[string]string{"json": "-"})
		}
	})
	if m.Extra != nil {
		genExtraJSON(f, m)
	}
}

// genExtraJSON emits the JSON methods of a struct that keeps undeclared
// properties, so that decoding and re-encoding loses nothing:
//
//	func (m *Thing) UnmarshalJSON(b []byte) error  // declared fields, then the rest
//	func (m Thing) MarshalJSON() ([]byte, error)  // both, declared fields winning
func genExtraJSON(f *jen.File, m *spec.StructModel) {
	plain := jen.Id("plain")
	declared := make([]jen.Code, 0, len(m.Fields))
	for _, fl := range m.Fields {
		declared = append(declared, jen.Lit(fl.Name))
	}
	f.Line()
	f.Comment("UnmarshalJSON reads the declared properties into their fields and the others into")
	f.Comment("AdditionalProperties.")
	f.Func().Params(jen.Id("m").Op("*").Id(m.GoName)).Id("UnmarshalJSON").Params(jen.Id("b").Index().Byte()).Error().Block(
		jen.Type().Add(plain.Clone()).Id(m.GoName),
		jen.If(jen.Err().Op(":=").Qual(pkgJSON, "Unmarshal").Call(jen.Id("b"), jen.Parens(jen.Op("*").Add(plain.Clone())).Call(jen.Id("m"))), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.Var().Id("all").Map(jen.String()).Qual(pkgJSON, "RawMessage"),
		jen.If(jen.Err().Op(":=").Qual(pkgJSON, "Unmarshal").Call(jen.Id("b"), jen.Op("&").Id("all")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Err())),
		jen.For(jen.List(jen.Id("_"), jen.Id("name")).Op(":=").Range().Index().String().Values(declared...)).Block(
			jen.Delete(jen.Id("all"), jen.Id("name")),
		),
		jen.Id("m").Dot("AdditionalProperties").Op("=").Nil(),
		jen.For(jen.List(jen.Id("name"), jen.Id("raw")).Op(":=").Range().Id("all")).Block(
			jen.Var().Id("v").Add(goType(m.Extra)),
			jen.If(jen.Err().Op(":=").Qual(pkgJSON, "Unmarshal").Call(jen.Id("raw"), jen.Op("&").Id("v")), jen.Err().Op("!=").Nil()).Block(
				jen.Return(jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("property %q: %w"), jen.Id("name"), jen.Err())),
			),
			jen.If(jen.Id("m").Dot("AdditionalProperties").Op("==").Nil()).Block(
				jen.Id("m").Dot("AdditionalProperties").Op("=").Map(jen.String()).Add(goType(m.Extra)).Values(),
			),
			jen.Id("m").Dot("AdditionalProperties").Index(jen.Id("name")).Op("=").Id("v"),
		),
		jen.Return(jen.Nil()),
	)
	f.Line()
	f.Comment("MarshalJSON writes the declared properties and AdditionalProperties; a declared property wins")
	f.Comment("over an additional one of the same name.")
	f.Func().Params(jen.Id("m").Id(m.GoName)).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.Type().Add(plain.Clone()).Id(m.GoName),
		jen.List(jen.Id("b"), jen.Err()).Op(":=").Qual(pkgJSON, "Marshal").Call(plain.Clone().Call(jen.Id("m"))),
		jen.If(jen.Err().Op("!=").Nil().Op("||").Len(jen.Id("m").Dot("AdditionalProperties")).Op("==").Lit(0)).Block(jen.Return(jen.Id("b"), jen.Err())),
		jen.Var().Id("all").Map(jen.String()).Qual(pkgJSON, "RawMessage"),
		jen.If(jen.Err().Op(":=").Qual(pkgJSON, "Unmarshal").Call(jen.Id("b"), jen.Op("&").Id("all")), jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Err())),
		jen.For(jen.List(jen.Id("name"), jen.Id("v")).Op(":=").Range().Id("m").Dot("AdditionalProperties")).Block(
			jen.If(jen.List(jen.Id("_"), jen.Id("taken")).Op(":=").Id("all").Index(jen.Id("name")), jen.Id("taken")).Block(jen.Continue()),
			jen.List(jen.Id("raw"), jen.Err()).Op(":=").Qual(pkgJSON, "Marshal").Call(jen.Id("v")),
			jen.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit("property %q: %w"), jen.Id("name"), jen.Err()))),
			jen.Id("all").Index(jen.Id("name")).Op("=").Id("raw"),
		),
		jen.Return(jen.Qual(pkgJSON, "Marshal").Call(jen.Id("all"))),
	)
}

// genEnum emits a named string or integer type and its constants.
func genEnum(f *jen.File, m *spec.EnumModel) {
	f.Add(modelDoc(&m.ModelCommon, "is one of the constants below."))
	f.Type().Id(m.GoName).Add(goType(m.Underlying))
	genEnumConstants(f, m)
}

// genEnumConstants emits an enum's constants, typed by its own name.
func genEnumConstants(f *jen.File, m *spec.EnumModel) {
	if len(m.Values) == 0 {
		return
	}
	f.Line()
	f.Comment(fmt.Sprintf("The values of %s the spec lists.", m.GoName))
	f.Const().DefsFunc(func(g *jen.Group) {
		for _, v := range m.Values {
			value := v.Value
			if n, ok := value.(int64); ok {
				value = int(n) // an untyped constant, so it converts to the enum type
			}
			if v.Description != "" {
				g.Add(doc(sentence(v.GoName, "is a value the spec lists.", v.Description)...))
			}
			g.Id(v.GoName).Id(m.GoName).Op("=").Lit(value)
		}
	})
}

// genSameAs emits a model declared alike an earlier one as a type alias of
// it, with the package-level names of its own that an alias does not
// bring: enum constants and union constructors.
//
//	type PostCustomersRequestAddress = PostCustomersCustomerRequestAddress
func genSameAs(f *jen.File, m spec.Model) {
	c := m.Common()
	lines := sentence(c.GoName, "is a value of the API.", c.Description)
	if len(lines) > 0 {
		lines = append(lines, "")
	}
	lines = append(lines, fmt.Sprintf("It is %s: the spec declares the two alike.", c.SameAs))
	if c.Deprecated {
		lines = append(lines, "", "Deprecated: the spec marks this schema as deprecated.")
	}
	f.Add(doc(lines...))
	f.Type().Id(c.GoName).Op("=").Id(c.SameAs)
	switch x := m.(type) {
	case *spec.EnumModel:
		genEnumConstants(f, x)
	case *spec.UnionModel:
		for _, v := range x.Variants {
			f.Line()
			f.Comment(fmt.Sprintf("%s makes a %s holding v.", v.Constructor, x.GoName))
			f.Func().Id(v.Constructor).Params(jen.Id("v").Add(goType(v.Type))).Params(jen.Id(x.GoName), jen.Error()).Block(
				jen.Return(jen.Id(strings.Replace(v.Constructor, x.GoName, c.SameAs, 1)).Call(jen.Id("v"))),
			)
		}
	}
}

// genAlias emits a named non-object type: type GetMeResponse map[string]any.
func genAlias(f *jen.File, m *spec.AliasModel) {
	f.Add(modelDoc(&m.ModelCommon, "is a value of the API."))
	if m.TypeAlias {
		f.Type().Id(m.GoName).Op("=").Add(goType(m.Underlying))
		return
	}
	f.Type().Id(m.GoName).Add(goType(m.Underlying))
}

// genUnion emits a oneOf/anyOf schema as a type that keeps the raw JSON
// and the variant it decoded on receipt, with one typed accessor and one
// constructor per variant:
//
//	type Pet struct{ raw json.RawMessage; held any }
//	func (u Pet) AsCat() (Cat, error)
//	func PetFromCat(v Cat) (Pet, error)
//
// A received value is decoded once: UnmarshalJSON tells the variant from
// the top-level members (ChooseVariant skims them without decoding) and
// decodes it; AsCat returns that, and decodes the raw JSON only for a
// variant it does not hold.
func genUnion(f *jen.File, m *spec.UnionModel) {
	what := "is one of several shapes (oneOf/anyOf); read it with the As... methods."
	f.Add(modelDoc(&m.ModelCommon, what))
	f.Type().Id(m.GoName).Struct(
		jen.Id("raw").Qual(pkgJSON, "RawMessage"),
		jen.Comment("held is the variant decoded on receipt (a pointer to it); nil when none was told or it did not decode."),
		jen.Id("held").Any(),
	)
	recv := jen.Id("u").Id(m.GoName)
	rulesVar := genid.UnionRulesPrefix + m.GoName

	f.Line()
	f.Comment("MarshalJSON returns the value as it was received or built. A union that holds nothing is an")
	f.Comment("error, not null: a required field left unset must not be sent.")
	f.Func().Params(recv.Clone()).Id("MarshalJSON").Params().Params(jen.Index().Byte(), jen.Error()).Block(
		jen.If(jen.Id("u").Dot("raw").Op("==").Nil()).Block(jen.Return(jen.Nil(), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit(m.GoName+": %w"), jen.Qual(genid.RuntimePath, genid.ErrEmptyUnion)))),
		jen.Return(jen.Id("u").Dot("raw"), jen.Nil()),
	)
	f.Line()
	f.Comment("UnmarshalJSON keeps the value's JSON and decodes the variant it holds, once: that variant's As...")
	f.Comment("method returns it without decoding again. Like json.Unmarshal, it refuses input that is not JSON.")
	f.Func().Params(jen.Id("u").Op("*").Id(m.GoName)).Id("UnmarshalJSON").Params(jen.Id("b").Index().Byte()).Error().BlockFunc(func(g *jen.Group) {
		g.Id("u").Dot("raw").Op("=").Append(jen.Qual(pkgJSON, "RawMessage").Call(jen.Nil()), jen.Id("b").Op("..."))
		g.Id("u").Dot("held").Op("=").Nil()
		g.List(jen.Id("i"), jen.Id("_")).Op(":=").Qual(genid.RuntimePath, genid.ChooseVariant).Call(jen.Id("u").Dot("raw"), jen.Lit(m.Discriminator), jen.Id(rulesVar))
		g.Var().Err().Error()
		g.Switch(jen.Id("i")).BlockFunc(func(g *jen.Group) {
			for i, v := range m.Variants {
				g.Case(jen.Lit(i)).Block(
					jen.Id("v").Op(":=").New(goType(v.Type)),
					jen.List(jen.Id("u").Dot("held"), jen.Err()).Op("=").Qual(genid.RuntimePath, genid.HoldVariant).Call(jen.Id("v"), jen.Qual(pkgJSON, "Unmarshal").Call(jen.Id("u").Dot("raw"), jen.Id("v"))),
				)
			}
			g.Default().Block(jen.Err().Op("=").Qual(genid.RuntimePath, genid.CheckJSON).Call(jen.Id("u").Dot("raw")))
		})
		g.Return(jen.Err())
	})
	f.Line()
	f.Comment("Raw returns the value's JSON.")
	f.Func().Params(recv.Clone()).Id("Raw").Params().Qual(pkgJSON, "RawMessage").Block(jen.Return(jen.Id("u").Dot("raw")))
	if m.Discriminator != "" {
		f.Line()
		f.Comment(fmt.Sprintf("Discriminator returns the value's %q property, which names its variant.", m.Discriminator))
		f.Func().Params(recv.Clone()).Id("Discriminator").Params().String().Block(
			jen.Var().Id("probe").Struct(jen.Id("Tag").String().Tag(map[string]string{"json": m.Discriminator})),
			jen.Id("_").Op("=").Qual(pkgJSON, "Unmarshal").Call(jen.Id("u").Dot("raw"), jen.Op("&").Id("probe")),
			jen.Return(jen.Id("probe").Dot("Tag")),
		)
	}
	genUnionValue(f, m)
	for _, v := range m.Variants {
		f.Line()
		f.Comment(fmt.Sprintf("As%s returns the value as %s: the one decoded on receipt when it held that variant (its", v.GoName, v.GoName))
		f.Comment("slices and maps are shared by every call), else decoded from its JSON now.")
		f.Func().Params(recv.Clone()).Id("As"+v.GoName).Params().Params(goType(v.Type), jen.Error()).Block(
			jen.If(jen.List(jen.Id("held"), jen.Id("ok")).Op(":=").Id("u").Dot("held").Assert(jen.Op("*").Add(goType(v.Type))), jen.Id("ok")).Block(
				jen.Return(jen.Op("*").Id("held"), jen.Nil()),
			),
			jen.Var().Id("v").Add(goType(v.Type)),
			jen.Err().Op(":=").Qual(pkgJSON, "Unmarshal").Call(jen.Id("u").Dot("raw"), jen.Op("&").Id("v")),
			jen.Return(jen.Id("v"), jen.Err()),
		)
		ctor := v.Constructor
		f.Line()
		f.Comment(fmt.Sprintf("%s makes a %s holding v.", ctor, m.GoName))
		f.Func().Id(ctor).Params(jen.Id("v").Add(goType(v.Type))).Params(jen.Id(m.GoName), jen.Error()).Block(
			jen.List(jen.Id("b"), jen.Err()).Op(":=").Qual(pkgJSON, "Marshal").Call(jen.Id("v")),
			jen.Return(jen.Id(m.GoName).Values(jen.Id("raw").Op(":").Id("b")), jen.Err()),
		)
	}
}

// isUnion reports whether t is a union model, whose UnmarshalJSON checks
// its input itself.
func isUnion(t spec.Type) bool {
	named, ok := t.(*spec.Named)
	if !ok {
		return false
	}
	_, union := named.Model.(*spec.UnionModel)
	return union
}

// genUnionValue emits Value, which decodes the variant the value holds:
//
//	func (u Pet) Value() (any, error) {
//		i, err := chooseVariant(u.raw, "kind", unionRulesOfPet) // var unionRulesOfPet = []unionRule{{tag: "cat", ...}, ...}
//		...
//		switch i { case 0: return u.AsCat() ... }
//	}
func genUnionValue(f *jen.File, m *spec.UnionModel) {
	rules := jen.Index().Qual(genid.RuntimePath, genid.UnionRule).ValuesFunc(func(g *jen.Group) {
		for _, v := range m.Variants {
			g.Values(jen.DictFunc(func(d jen.Dict) {
				if v.Tag != "" {
					d[jen.Id(genid.UnionRuleTag)] = jen.Lit(v.Tag)
				}
				if v.Shape.Kind != "" {
					d[jen.Id(genid.UnionRuleKind)] = jen.Lit(v.Shape.Kind)
				}
				if len(v.Shape.Required) > 0 {
					d[jen.Id(genid.UnionRuleRequired)] = jen.Index().String().ValuesFunc(func(g *jen.Group) {
						for _, r := range v.Shape.Required {
							g.Lit(r)
						}
					})
				}
				if len(v.Shape.Fixed) > 0 {
					d[jen.Id(genid.UnionRuleFixed)] = jen.Index().Qual(genid.RuntimePath, genid.UnionConstant).ValuesFunc(func(g *jen.Group) {
						for _, c := range v.Shape.Fixed {
							g.Values(jen.Dict{jen.Id(genid.UnionConstantName): jen.Lit(c.Name), jen.Id(genid.UnionConstantValue): jen.Lit(c.Value)})
						}
					})
				}
			}))
		}
	})
	rulesVar := genid.UnionRulesPrefix + m.GoName
	f.Line()
	f.Comment(fmt.Sprintf("%s tells the variants of %s apart, for UnmarshalJSON and Value.", rulesVar, m.GoName))
	f.Var().Id(rulesVar).Op("=").Add(rules)
	f.Line()
	f.Comment("Value decodes the value as the variant it holds, chosen by the discriminator when the spec")
	f.Comment("declares one, else by the JSON type, the required properties and the properties whose value a")
	f.Comment("variant fixes. It returns one of the As... types, or an error when no variant fits.")
	f.Func().Params(jen.Id("u").Id(m.GoName)).Id("Value").Params().Params(jen.Any(), jen.Error()).BlockFunc(func(g *jen.Group) {
		g.List(jen.Id("i"), jen.Err()).Op(":=").Qual(genid.RuntimePath, genid.ChooseVariant).Call(jen.Id("u").Dot("raw"), jen.Lit(m.Discriminator), jen.Id(rulesVar))
		g.If(jen.Err().Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Qual(pkgFmt, "Errorf").Call(jen.Lit(m.GoName+": %w"), jen.Err())))
		g.Switch(jen.Id("i")).BlockFunc(func(g *jen.Group) {
			for i, v := range m.Variants {
				g.Case(jen.Lit(i)).Block(jen.Return(jen.Id("u").Dot("As" + v.GoName).Call()))
			}
		})
		g.Return(jen.Nil(), jen.Nil())
	})
}

// fieldWhat says what a field without a description holds, from its place:
// the JSON property and whether it may be absent or null, which its name
// alone does not tell.
func fieldWhat(fl spec.Field) string {
	what := fmt.Sprintf("holds the JSON property %q", fl.Name)
	switch {
	case fl.Optional && fl.Pointer:
		what += "; nil when absent"
	case fl.Optional:
		what += "; left out when nil"
	case fl.Nullable:
		what += "; required, nil sends null"
	default:
		what += "; required"
	}
	return what + "."
}
