package authgenrt

import (
	"bytes"
	"encoding/json"
	"errors"
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

// chooseVariantByMap is ChooseVariant as it was before it scanned: the
// object decoded into a map, each fixed value decoded on its own. It is
// the reference the scanning one is held to.
func chooseVariantByMap(raw json.RawMessage, discriminator string, rules []UnionRule) int {
	raw = bytes.TrimSpace(raw)
	kind := jsonKind(raw)
	var obj map[string]json.RawMessage
	if kind == "object" {
		if json.Unmarshal(raw, &obj) != nil {
			return -1
		}
		var tag string
		if discriminator != "" && json.Unmarshal(obj[discriminator], &tag) == nil && tag != "" {
			for i, r := range rules {
				if r.Tag == tag {
					return i
				}
			}
		}
	}
	best, bestScore := -1, -1
	for i, r := range rules {
		if r.Kind != "" && r.Kind != kind && !(r.Kind == "integer" && kind == "number") {
			continue
		}
		score, ok := 0, true
		if kind == "object" {
			for _, name := range r.Required {
				if _, present := obj[name]; !present {
					ok = false
				}
			}
			for _, c := range r.Fixed {
				if v, present := obj[c.Name]; present {
					var got any
					if json.Unmarshal(v, &got) != nil || got != c.Value {
						ok = false
					}
					score += 1000
				}
			}
			score += len(r.Required)
		}
		if ok && score > bestScore {
			best, bestScore = i, score
		}
	}
	return best
}

var fuzzUnionRules = []UnionRule{
	{Kind: "object", Required: []string{"id", "object"}, Fixed: []UnionConstant{{"object", "customer"}}},
	{Kind: "object", Required: []string{"deleted", "id", "object"}, Fixed: []UnionConstant{{"deleted", true}, {"object", "customer"}}},
	{Tag: "cat", Kind: "object", Required: []string{"kind"}, Fixed: []UnionConstant{{"lives", 9.0}}},
	{Tag: "dog", Kind: "object", Required: []string{"kind", "b\"x"}},
	{Kind: "string"}, {Kind: "integer"}, {Kind: "array"},
}

// FuzzChooseVariant: the scanning ChooseVariant never panics on any input,
// JSON or not, and on JSON it chooses as the map-decoding one did.
func FuzzChooseVariant(f *testing.F) {
	for _, seed := range []string{
		`{"id":"cus_1","object":"customer","email":"a@b"}`,
		`{"id":"cus_1","object":"customer","deleted":true}`,
		`{"id":"cus_1","object":"cus\u0074omer","deleted":true,"id":"x"}`,
		`{"kind":"dog","b\"x":1}`, `{"kind":"cat","lives":9}`, `{"kind":"cat","lives":9e0}`,
		`{"kind":{"nested":["}",{"a":"\""}]},"lives":[9]}`,
		`"x"`, `42`, `[1]`, `{`, `{"a"`, `{"a":`, `{"a":1,}`, `{"a":1}x`, `{"\`, `"`, ``, ` {} `,
	} {
		f.Add(seed, "kind")
		f.Add(seed, "")
	}
	f.Fuzz(func(t *testing.T, raw, discriminator string) {
		got, err := ChooseVariant(json.RawMessage(raw), discriminator, fuzzUnionRules)
		if (got < 0) != (err != nil) {
			t.Fatalf("ChooseVariant(%q) = %d, %v", raw, got, err)
		}
		if !json.Valid([]byte(raw)) {
			return
		}
		if want := chooseVariantByMap(json.RawMessage(raw), discriminator, fuzzUnionRules); got != want {
			t.Fatalf("ChooseVariant(%q, %q) = %d; the map-decoding rule says %d", raw, discriminator, got, want)
		}
	})
}

// TestHoldVariant: what a union keeps of the variant it decoded on
// receipt, and which errors stop the decode (only a value that is not
// JSON: one that does not fit the variant is the As... method's to say).
func TestHoldVariant(t *testing.T) {
	type cat struct {
		Lives int `json:"lives"`
	}
	for _, tc := range []struct {
		raw      string
		wantHeld bool
		wantErr  bool
	}{
		{`{"lives":9}`, true, false},
		{`{"lives":"nine"}`, false, false},
		{`{"lives":9`, false, true},
	} {
		v := new(cat)
		held, err := HoldVariant(v, json.Unmarshal([]byte(tc.raw), v))
		if (held != nil) != tc.wantHeld || (err != nil) != tc.wantErr {
			t.Errorf("HoldVariant after %s = %v, %v; want held %v, error %v", tc.raw, held, err, tc.wantHeld, tc.wantErr)
		}
	}
	if err := CheckJSON([]byte(`{"a":1}`)); err != nil {
		t.Errorf("CheckJSON(valid) = %v", err)
	}
	var syntax *json.SyntaxError
	if err := CheckJSON([]byte(`{"a":}`)); !errors.As(err, &syntax) {
		t.Errorf("CheckJSON(invalid) = %v; want json's syntax error, which says where", err)
	}
}

// BenchmarkChooseVariantStripeCustomer is what a received union spends
// telling its variant (Stripe's customer or deleted customer) before its
// one decode.
func BenchmarkChooseVariantStripeCustomer(b *testing.B) {
	raw := json.RawMessage(`{"id":"cus_NffrFeUfNV2Hib","object":"customer","address":null,"balance":0,"created":1680893993,"currency":null,"default_source":null,"delinquent":false,"description":null,"email":"jennyrosen@example.com","invoice_prefix":"0759376C","invoice_settings":{"custom_fields":null,"default_payment_method":null,"footer":null,"rendering_options":null},"livemode":false,"metadata":{},"name":"Jenny Rosen","next_invoice_sequence":1,"phone":null,"preferred_locales":[],"shipping":null,"tax_exempt":"none","test_clock":null}`)
	rules := fuzzUnionRules[:2]
	b.ReportAllocs()
	for b.Loop() {
		if i, err := ChooseVariant(raw, "", rules); i != 0 || err != nil {
			b.Fatal(i, err)
		}
	}
}
