package authgenrt

import (
	"encoding/json"
	"testing"
)

// TestChooseVariant is issue 17's "unions with a distinguishing property
// (object: "customer" vs deleted: true) decode into the wrong member", and
// the rest of the rule: discriminator first, then kind, required and fixed
// properties.
func TestChooseVariant(t *testing.T) {
	stripe := []UnionRule{
		{Kind: "object", Required: []string{"id", "object"}, Fixed: []UnionConstant{{"object", "customer"}}},
		{Kind: "object", Required: []string{"deleted", "id", "object"}, Fixed: []UnionConstant{{"deleted", true}, {"object", "customer"}}},
	}
	pets := []UnionRule{
		{Tag: "cat", Kind: "object", Required: []string{"kind"}},
		{Tag: "dog", Kind: "object", Required: []string{"kind"}},
	}
	scalars := []UnionRule{{Kind: "string"}, {Kind: "integer"}, {Kind: "array"}}
	for _, tc := range []struct {
		name          string
		raw           string
		discriminator string
		rules         []UnionRule
		want          int
	}{
		{"a customer", `{"id":"cus_1","object":"customer","email":"a@b"}`, "", stripe, 0},
		{"a deleted customer", `{"id":"cus_1","object":"customer","deleted":true}`, "", stripe, 1},
		{"deleted: false is not a deleted customer", `{"id":"cus_1","object":"customer","deleted":false}`, "", stripe, 0},
		{"the discriminator decides", `{"kind":"dog"}`, "kind", pets, 1},
		{"an unknown tag falls back to the shape", `{"kind":"fox"}`, "kind", pets, 0},
		{"a string", `"x"`, "", scalars, 0},
		{"a number", `42`, "", scalars, 1},
		{"an array", `[1]`, "", scalars, 2},
		{"nothing fits", `{"id":"x"}`, "", stripe, -1},
	} {
		got, err := ChooseVariant(json.RawMessage(tc.raw), tc.discriminator, tc.rules)
		if got != tc.want || (tc.want < 0) != (err != nil) {
			t.Errorf("%s: chooseVariant = %d, %v; want %d", tc.name, got, err, tc.want)
		}
	}
}
