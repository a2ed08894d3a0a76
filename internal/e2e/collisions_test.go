package e2e

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/authgen/authgen/internal/e2e/clients/collisions"
)

// TestCollidingNamesKeepTheirMeaning: the client generated from a spec whose
// names meet the runtime's, the contract's and each other's compiles (it is
// imported here) and every name still does its job: the sentinels match,
// the arguments named like helpers reach the path, the renamed models
// decode, and a property named like a JSON method round-trips.
func TestCollidingNamesKeepTheirMeaning(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/things/a/b/c":
			w.Header().Set("Content-Type", "application/json")
			_, _ = w.Write([]byte(`{"marshal_json":"m","additional_properties":7,"extra":"x"}`))
		default:
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusNotFound)
			_, _ = w.Write([]byte(`{"code":"not_found","message":"no such thing"}`))
		}
	})
	c, err := collisions.New(collisions.WithBaseURL(srv.URL), collisions.WithAPIKey("key-1234"), collisions.WithEnvironment(collisions.EnvironmentProduction))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	thing, err := c.GetThing(ctx, "a", "b", "c", &collisions.GetThingParams2{Filter: map[string]string{"k": "v"}})
	if err != nil {
		t.Fatal(err)
	}
	if thing.MarshalJSONField != "m" || thing.AdditionalPropertiesField == nil || *thing.AdditionalPropertiesField != 7 || thing.AdditionalProperties["extra"] != "x" {
		t.Errorf("decoded %+v", thing)
	}
	req, _ := srv.last(t)
	if req.URL.RawQuery != "filter%5Bk%5D=v" || req.Header.Get("X-Api-Key") != "key-1234" {
		t.Errorf("sent %s with key %q", req.URL, req.Header.Get("X-Api-Key"))
	}

	_, err = c.GetThing(ctx, "x", "y", "z", nil)
	if !errors.Is(err, collisions.ErrNotFound) {
		t.Errorf("404 with code not_found: errors.Is(err, ErrNotFound) = false; err = %v", err)
	}
	if errors.Is(err, collisions.ErrInvalidKey) {
		t.Errorf("a not_found error matches ErrInvalidKey")
	}
	// An empty or dot path argument never reaches the server (issue 10).
	before := len(srv.requests)
	for _, bad := range []string{"", ".", ".."} {
		if _, err := c.GetThing(ctx, "a", bad, "c", nil); err == nil || !strings.Contains(err.Error(), "getThing: a path parameter is empty") {
			t.Errorf("path argument %q: err = %v", bad, err)
		}
	}
	if len(srv.requests) != before {
		t.Errorf("%d requests with a bad path argument were sent", len(srv.requests)-before)
	}
	// The models that yielded keep their shape under their new names.
	_ = collisions.ErrNotFound2{Code: new("c")}
	_ = collisions.WithAPIKey2{Key: new("k")}
	_ = collisions.EnvironmentProduction2{Region: new("eu")}
	if collisions.ErrInvalidKey2Expired != "expired" {
		t.Error("enum constant of the renamed ErrInvalidKey")
	}
}
