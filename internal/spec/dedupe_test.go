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
