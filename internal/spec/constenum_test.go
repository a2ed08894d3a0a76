package spec

import (
	"fmt"
	"testing"
)

// TestOneOfConstIsAnEnum: a oneOf or anyOf whose every branch is one
// string (or every branch one integer) is an enum named from the titles;
// a branch that allows more keeps it a union.
func TestOneOfConstIsAnEnum(t *testing.T) {
	for _, tc := range []struct {
		name, schema string
		want         string // the enum's constants and values; "" for a union
	}{
		{"strings with titles", "oneOf: [{const: card, title: Card}, {const: sepa_debit, title: SEPA Debit}, {const: ideal}]", "[MethodCard=card MethodSepaDebit=sepa_debit MethodIdeal=ideal]"},
		{"anyOf of one-value enums", "anyOf: [{enum: [a]}, {enum: [b]}]", "[MethodA=a MethodB=b]"},
		{"integers", "oneOf: [{const: 1, title: Low}, {const: 2}]", "[MethodLow=1 Method2=2]"},
		{"a branch that allows any string", "anyOf: [{const: card}, {type: string}]", ""},
		{"strings and integers", "oneOf: [{const: card}, {const: 2}]", ""},
		{"an object branch", "oneOf: [{const: card}, {type: object, properties: {a: {type: string}}}]", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := "openapi: 3.1.0\ninfo: {title: A, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    Method:\n      " + tc.schema + "\nx-authgen: {package: a}\n"
			p, _, err := LoadData("a.yaml", []byte(doc), Options{SkipOpenAPIValidation: true})
			if err != nil {
				t.Fatal(err)
			}
			var m Model
			for _, x := range p.Models {
				if x.Common().GoName == "Method" {
					m = x
				}
			}
			e, isEnum := m.(*EnumModel)
			if tc.want == "" {
				if isEnum {
					t.Errorf("an enum %v, want a union", e.Values)
				}
				return
			}
			if !isEnum {
				t.Fatalf("%T, want an enum", m)
			}
			var got []string
			for _, v := range e.Values {
				got = append(got, fmt.Sprintf("%s=%v", v.GoName, v.Value))
			}
			if fmt.Sprint(got) != tc.want {
				t.Errorf("constants %v, want %s", got, tc.want)
			}
		})
	}
}
