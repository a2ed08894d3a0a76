package authgenfake

import (
	"slices"
	"testing"
)

// TestMatchRoute: the router's choices, on the path shapes specs have.
func TestMatchRoute(t *testing.T) {
	routes := []Route{
		{Operation: "me", Verb: "GET", Pattern: []Piece{{Literal: "users/me"}}},
		{Operation: "user", Verb: "GET", Pattern: []Piece{{Literal: "users/"}, {Param: 0}}},
		{Operation: "report", Verb: "GET", Pattern: []Piece{{Literal: "reports/"}, {Param: 0}, {Literal: "."}, {Param: 1}}},
		{Operation: "file", Verb: "GET", Pattern: []Piece{{Literal: "files/"}, {Param: 0, Multi: true}, {Literal: "/raw"}}},
		{Operation: "deleteUser", Verb: "DELETE", Pattern: []Piece{{Literal: "users/"}, {Param: 0}}},
	}
	for _, tc := range []struct {
		verb, path string
		op         string
		values     []string
	}{
		{"GET", "/users/me", "me", []string{}},                // the most literal text wins
		{"GET", "/users/u1/", "user", []string{"u1"}},         // trailing slash
		{"GET", "/users/a%20b", "user", []string{"a b"}},      // values unescaped
		{"DELETE", "/users/me", "deleteUser", []string{"me"}}, // by method
		{"GET", "/reports/a.tar.gz", "report", []string{"a", "tar.gz"}},
		{"GET", "/files/a/b/c/raw", "file", []string{"a/b/c"}},
		{"GET", "/users/a/b", "", nil}, // one segment only
		{"GET", "/users/", "", nil},    // never empty
		{"POST", "/users/me", "", nil},
	} {
		rt, values := matchRoute(routes, tc.verb, tc.path)
		op := ""
		if rt != nil {
			op = rt.Operation
		}
		if op != tc.op || tc.values != nil && !slices.Equal(values, tc.values) {
			t.Errorf("%s %s: %q %q, want %q %q", tc.verb, tc.path, op, values, tc.op, tc.values)
		}
	}
}
