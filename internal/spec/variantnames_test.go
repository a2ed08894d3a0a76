package spec

import (
	"fmt"
	"testing"
)

// TestUnionVariantsNamedByTheDocument: an inline variant takes its title,
// else its discriminator's fixed value; a component its name; only a
// variant named nowhere its position.
func TestUnionVariantsNamedByTheDocument(t *testing.T) {
	doc := `openapi: 3.1.0
info: {title: A, version: "1"}
paths: {}
components:
  schemas:
    Card: {type: object, properties: {number: {type: string}}}
    Source:
      oneOf:
        - {$ref: "#/components/schemas/Card"}
        - {title: bank account, type: object, properties: {iban: {type: string}}}
        - {type: object, required: [kind], properties: {kind: {const: wallet}, id: {type: string}}}
        - {type: object, properties: {token: {type: string}}}
        - {title: Text, type: string}
      discriminator: {propertyName: kind}
x-authgen: {package: a}
`
	p, _, err := LoadData("a.yaml", []byte(doc), Options{SkipOpenAPIValidation: true})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range p.Models {
		if u, ok := m.(*UnionModel); ok && u.GoName == "Source" {
			for _, v := range u.Variants {
				got = append(got, v.GoName)
			}
		}
	}
	if want := "[Card BankAccount Wallet Variant4 Text]"; fmt.Sprint(got) != want {
		t.Errorf("variants %v, want %s", got, want)
	}
}
