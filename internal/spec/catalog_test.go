package spec

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestSpecsLoadWithoutWarnings: every spec in specs/ (the seeds and the
// vendor catalog) loads with no warning at all; a warning there is either
// a slip in the spec or a message that should not be given.
func TestSpecsLoadWithoutWarnings(t *testing.T) {
	specs, _ := filepath.Glob("../../specs/*.yaml")
	if len(specs) < 12 {
		t.Fatalf("found %d specs, want the 4 seeds and the 8 vendors", len(specs))
	}
	for _, path := range specs {
		_, warnings, err := Load(path, Options{})
		if err != nil {
			t.Errorf("%s:\n%v", path, err)
			continue
		}
		for _, w := range warnings {
			t.Errorf("%s", w)
		}
	}
}

// TestPaginationInferredFromConventions: documents without an x-authgen
// block page by their own conventions, and lint says what was assumed.
// Stripe's and GitHub's are the vendors' own documents (specs/upstream);
// Coda's convention is in the small (testdata/specs/conventions).
func TestPaginationInferredFromConventions(t *testing.T) {
	for _, tc := range []struct {
		file, op string
		style    PageStyle
		items    string
		param    string
	}{
		{"../../testdata/specs/conventions/pagetoken.yaml", "listDocs", PageCursor, "/items", "pageToken"},
		{"../../specs/upstream/stripe.yaml", "GetCustomers", PageLastItem, "/data", "starting_after"},
		{"../../specs/upstream/github.json", "repos/list-for-authenticated-user", PageLink, "", ""},
	} {
		p, warnings, err := Load(tc.file, Options{PlaceOnlyErrors: true})
		if err != nil {
			t.Fatal(err)
		}
		var pg *Pagination
		for _, o := range p.Operations {
			if o.ID == tc.op {
				pg = o.Pagination
			}
		}
		if pg == nil || pg.Style != tc.style || pg.Items != tc.items || pg.Param != tc.param || !pg.Inferred {
			t.Errorf("%s %s: pagination %+v", tc.file, tc.op, pg)
		}
		said := false
		for _, w := range warnings {
			said = said || strings.Contains(w.Message, `operation "`+tc.op+`": pagination inferred as `+string(tc.style))
		}
		if !said {
			t.Errorf("%s %s: lint does not say what it inferred", tc.file, tc.op)
		}
	}
}
