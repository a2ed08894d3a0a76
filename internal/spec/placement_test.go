package spec

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// TestPlaceOnlyErrorsChangesNothingButWarningPositions loads every spec
// and case both ways: without origins (as generate does) the model is the
// same, the warnings say the same, and errors keep their exact positions.
func TestPlaceOnlyErrorsChangesNothingButWarningPositions(t *testing.T) {
	var specs []string
	for _, pattern := range []string{"../../specs/*.yaml", "../../testdata/cases/*.yaml", "../../testdata/specs/bad/*.yaml"} {
		m, _ := filepath.Glob(pattern)
		specs = append(specs, m...)
	}
	if len(specs) < 50 {
		t.Fatalf("found %d specs", len(specs))
	}
	messages := func(ps Problems) []string {
		var out []string
		for _, p := range ps {
			out = append(out, p.Message)
		}
		slices.Sort(out)
		return out
	}
	bad := 0
	for _, path := range specs {
		placed, placedWarnings, placedErr := Load(path, Options{SkipOpenAPIValidation: true})
		fast, fastWarnings, fastErr := Load(path, Options{SkipOpenAPIValidation: true, PlaceOnlyErrors: true})
		if placedErr != nil {
			bad++
			if diff := cmp.Diff(placedErr.Error(), errText(fastErr)); diff != "" {
				t.Errorf("%s: errors (-placed +fast):\n%s", path, diff)
			}
			continue
		}
		if fastErr != nil {
			t.Errorf("%s: %v", path, fastErr)
			continue
		}
		if diff := cmp.Diff(Dump(placed), Dump(fast)); diff != "" {
			t.Errorf("%s: model (-placed +fast):\n%s", path, diff)
		}
		if diff := cmp.Diff(messages(placedWarnings), messages(fastWarnings)); diff != "" {
			t.Errorf("%s: warnings (-placed +fast):\n%s", path, diff)
		}
	}
	if bad < 40 {
		t.Errorf("only %d of the specs were refused; the bad specs should be", bad)
	}
}

func errText(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}
