package e2e

import (
	"context"
	"testing"

	"github.com/google/go-cmp/cmp"

	shop "github.com/authgen/authgen/internal/e2e/clients/fakenames"
	"github.com/authgen/authgen/internal/e2e/clients/fakenames/shopfake"
)

// TestFakeNamesKeepTheirMeaning: the fake of a spec whose path parameters
// are named like the fake's own locals (h, c, s, tb, all, client), its
// spec variable and runtime import, and like the client's package (shop)
// compiles (it is imported here), and every argument reaches the handler
// in its place: the fake's renamed locals read the right segment.
func TestFakeNamesKeepTheirMeaning(t *testing.T) {
	ctx := context.Background()
	fake := shopfake.NewServer(t)
	fake.OnGetThing(func(ctx context.Context, shopArg string, h int64, params *shop.GetThingParams) (*shop.Thing, error) {
		return &shop.Thing{Shop: &shopArg, H: &h, Limit: params.Limit}, nil
	})
	var stored shop.Thing
	fake.OnPutThing(func(ctx context.Context, shopArg string, h int64, params *shop.PutThingParams) error {
		stored = params.Body
		return nil
	})
	fake.OnGetCall(func(ctx context.Context, c, s, tb, all, client, fakeSpec, authgenfake string) (*shop.GetCallResponse, error) {
		return &shop.GetCallResponse{"c": c, "s": s, "tb": tb, "all": all, "client": client, "fake_spec": fakeSpec, "authgenfake": authgenfake}, nil
	})
	c := fake.Client()

	limit := int64(5)
	thing, err := c.GetThing(ctx, "acme", 42, &shop.GetThingParams{Limit: &limit})
	if err != nil {
		t.Fatal(err)
	}
	if *thing.Shop != "acme" || *thing.H != 42 || *thing.Limit != 5 {
		t.Errorf("GetThing: shop %q, h %d, limit %v", *thing.Shop, *thing.H, thing.Limit)
	}
	name := "put"
	if err := c.PutThing(ctx, "acme", 1, &shop.PutThingParams{Body: shop.Thing{Shop: &name}}); err != nil || stored.Shop == nil || *stored.Shop != "put" {
		t.Errorf("PutThing: %v, stored %+v", err, stored)
	}
	got, err := c.GetCall(ctx, "1", "2", "3", "4", "5", "6", "7")
	if err != nil {
		t.Fatal(err)
	}
	want := shop.GetCallResponse{"c": "1", "s": "2", "tb": "3", "all": "4", "client": "5", "fake_spec": "6", "authgenfake": "7"}
	if diff := cmp.Diff(want, *got); diff != "" {
		t.Errorf("GetCall: the arguments in their places (-want +got):\n%s", diff)
	}
}
