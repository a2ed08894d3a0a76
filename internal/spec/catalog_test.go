package spec

import (
	"os"
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
func TestPaginationInferredFromConventions(t *testing.T) {
	for _, tc := range []struct {
		file, op string
		style    PageStyle
		items    string
		param    string
	}{
		{"coda.json", "listDocs", PageCursor, "/items", "pageToken"},
		{"stripe.yaml", "GetCustomers", PageLastItem, "/data", "starting_after"},
		{"github.json", "repos/list-for-authenticated-user", PageLink, "", ""},
	} {
		path := filepath.Join("..", "..", "..", "shared", "corpus", tc.file)
		if _, err := os.Stat(path); err != nil {
			t.Skipf("the corpus is not here: %v", err)
		}
		p, warnings, err := Load(path, Options{})
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
