package authgenfake

import (
	"encoding/json"
	"net/url"
	"reflect"
	"testing"
)

// TestFormTree: Stripe-style form keys read into the JSON shape of the
// body they encode: nested objects, indexed and repeated lists.
func TestFormTree(t *testing.T) {
	q, _ := url.ParseQuery("metadata[order]=6735&expand[0]=tax&expand[1]=lines&lines[0][amount]=5&ids[]=a&ids[]=b&tag=x&tag=y")
	got, _ := json.Marshal(formTree(q))
	want := `{"expand":["tax","lines"],"ids":["a","b"],"lines":[{"amount":"5"}],"metadata":{"order":"6735"},"tag":["x","y"]}`
	if string(got) != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
	if formTree(q, "nothing") != nil {
		t.Error("a head with no key gave a tree")
	}
}

// TestShapeLike: form text becomes what the Go type wants: numbers and
// booleans bare where it wants them, text where it wants text, a list
// where one value was written.
func TestShapeLike(t *testing.T) {
	type body struct {
		Balance int64          `json:"balance"`
		Name    string         `json:"name"`
		Tags    []string       `json:"tags"`
		Free    any            `json:"free"`
		Live    bool           `json:"live"`
		Meta    map[string]any `json:"meta"`
	}
	tree := map[string]any{"balance": "12", "name": "123", "tags": "one", "free": "true", "live": "false", "meta": map[string]any{"n": "2"}}
	raw, _ := json.Marshal(shapeLike(tree, reflect.TypeFor[body]()))
	var got body
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("%s: %v", raw, err)
	}
	want := body{Balance: 12, Name: "123", Tags: []string{"one"}, Free: true, Meta: map[string]any{"n": 2.0}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %+v, want %+v", got, want)
	}
}
