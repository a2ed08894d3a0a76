package spec

import (
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestInlineModelsAlikeAreOne: of inline schemas alike in every respect
// the Go code shows, the first by name is declared and the others are
// aliases of it; components, and schemas that differ in a description,
// are not.
func TestInlineModelsAlikeAreOne(t *testing.T) {
	p, _, err := Load(filepath.Join("..", "..", "testdata", "cases", "alike.yaml"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, m := range p.Models {
		if c := m.Common(); c.SameAs != "" {
			got[c.GoName] = c.SameAs
		}
	}
	want := map[string]string{
		"CreateCustomerRequestShippingAddress":         "CreateCustomerRequestAddress",
		"CreateCustomerRequestShippingAddressVariant1": "CreateCustomerRequestAddressVariant1",
		"CreateCustomerRequestShippingAddressVariant2": "CreateCustomerRequestAddressVariant2",
		"UpdateCustomerRequest":                        "CreateCustomerRequest",
		"UpdateCustomerRequestAddress":                 "CreateCustomerRequestAddress",
		"UpdateCustomerRequestAddressVariant1":         "CreateCustomerRequestAddressVariant1",
		"UpdateCustomerRequestAddressVariant2":         "CreateCustomerRequestAddressVariant2",
		"UpdateCustomerRequestShipping":                "CreateCustomerRequestShipping",
		"UpdateCustomerRequestShippingAddress":         "CreateCustomerRequestAddress",
		"UpdateCustomerRequestShippingAddressVariant1": "CreateCustomerRequestAddressVariant1",
		"UpdateCustomerRequestShippingAddressVariant2": "CreateCustomerRequestAddressVariant2",
		"UpdateCustomerRequestTaxExempt":               "CreateCustomerRequestTaxExempt",
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("SameAs (-want +got):\n%s", diff)
	}
}

// TestDedupeThatDoesNotSettleMergesNothing: when the refinement is not
// stable within its bound of rounds, no model is made an alias, since a
// class may still hold models that differ.
func TestDedupeThatDoesNotSettleMergesNothing(t *testing.T) {
	saved := maxDedupeRounds
	maxDedupeRounds = 1 // alike.yaml needs more: its aliases reach other inline models
	defer func() { maxDedupeRounds = saved }()
	p, _, err := Load(filepath.Join("..", "..", "testdata", "cases", "alike.yaml"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range p.Models {
		if c := m.Common(); c.SameAs != "" {
			t.Errorf("%s is an alias of %s after an unfinished refinement", c.GoName, c.SameAs)
		}
	}
}
