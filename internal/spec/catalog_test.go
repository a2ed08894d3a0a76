package spec

import (
	"path/filepath"
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
