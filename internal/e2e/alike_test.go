package e2e

import (
	"context"
	"reflect"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/authgen/authgen/internal/e2e/clients/alike"
	"github.com/authgen/authgen/internal/e2e/clients/alike/alikefake"
)

// TestInlineSchemasAlikeAreOneType: testdata/cases/alike.yaml writes the
// same request body, address union and enum under two operations. The
// copies are one Go type, so a value of one is a value of the other, and
// each keeps its own enum constants and union constructors; components
// alike in shape, and an inline schema that differs in a description,
// stay types of their own.
func TestInlineSchemasAlikeAreOneType(t *testing.T) {
	same := []struct{ a, b reflect.Type }{
		{reflect.TypeFor[alike.UpdateCustomerRequest](), reflect.TypeFor[alike.CreateCustomerRequest]()},
		{reflect.TypeFor[alike.UpdateCustomerRequestAddress](), reflect.TypeFor[alike.CreateCustomerRequestAddress]()},
		{reflect.TypeFor[alike.UpdateCustomerRequestShippingAddress](), reflect.TypeFor[alike.CreateCustomerRequestAddress]()},
		{reflect.TypeFor[alike.UpdateCustomerRequestTaxExempt](), reflect.TypeFor[alike.CreateCustomerRequestTaxExempt]()},
	}
	for _, s := range same {
		if s.a != s.b {
			t.Errorf("%v and %v are two types; the spec declares them alike", s.a, s.b)
		}
	}
	apart := []struct{ a, b reflect.Type }{
		{reflect.TypeFor[alike.BillingContact](), reflect.TypeFor[alike.TechnicalContact]()},
		{reflect.TypeFor[alike.UpdateShippingRequest](), reflect.TypeFor[alike.CreateCustomerRequestShipping]()},
	}
	for _, s := range apart {
		if s.a == s.b {
			t.Errorf("%v and %v are one type; they must stay apart", s.a, s.b)
		}
	}

	// The alias's own names work, and the value goes over the wire.
	fake := alikefake.NewServer(t)
	var got *alike.UpdateCustomerRequest
	fake.OnUpdateCustomer(func(ctx context.Context, id string, params *alike.UpdateCustomerParams) (*alike.Customer, error) {
		got = params.Body
		return &alike.Customer{ID: id}, nil
	})
	city := "Berlin"
	address, err := alike.UpdateCustomerRequestAddressFromVariant1(alike.UpdateCustomerRequestAddressVariant1{City: &city})
	if err != nil {
		t.Fatal(err)
	}
	exempt := alike.UpdateCustomerRequestTaxExemptReverse
	body := alike.CreateCustomerRequest{Address: &address, TaxExempt: &exempt} // the other name, the same type
	if _, err := fake.Client().UpdateCustomer(context.Background(), "cus_1", &alike.UpdateCustomerParams{Body: &body}); err != nil {
		t.Fatal(err)
	}
	if got == nil || got.TaxExempt == nil || *got.TaxExempt != alike.CreateCustomerRequestTaxExemptReverse {
		t.Fatalf("the fake got %+v", got)
	}
	v, err := got.Address.Value()
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(alike.CreateCustomerRequestAddressVariant1{City: &city}, v); diff != "" {
		t.Errorf("address (-want +got):\n%s", diff)
	}
}
