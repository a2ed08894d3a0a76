package spec

import (
	"fmt"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestHostileInputsAreRefusedAtTheirCap loads the inputs of
// testdata/specs/hostile/refused (issue 23), each a few hundred bytes that
// once took seconds and gigabytes, and wants each refused at its cap with
// the place named, having allocated little.
func TestHostileInputsAreRefusedAtTheirCap(t *testing.T) {
	want := map[string]string{
		"alias-levels.yaml":              "alias-levels.yaml:12:9: the aliases of anchor &L4 add more than 100000 nodes",
		"overlay-alias-fan-out.yaml":     "overlay-alias-fan-out.yaml:12:12: the aliases of anchor &d add more than 100000 nodes",
		"overlay-update-everywhere.yaml": `overlay-update-everywhere.yaml:17:13: action 6 (target "$..*") matches`,
	}
	specs, _ := filepath.Glob("../../testdata/specs/hostile/refused/*.yaml")
	if len(specs) != len(want) {
		t.Fatalf("found %d inputs, want %d", len(specs), len(want))
	}
	for _, path := range specs {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, _, err := Load(path, Options{})
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), want[name]) {
				t.Errorf("err = %v\nwant %s...", err, want[name])
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
				t.Errorf("refusing allocated %d MiB", alloc>>20)
			}
		})
	}
}

// aliasLevels is a spec whose schemas L1..Llevels each use the one before
// uses times through an alias.
func aliasLevels(levels, uses int) string {
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: A, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    L0: &L0 {type: string}\n")
	for l := 1; l <= levels; l++ {
		fmt.Fprintf(&b, "    L%d: &L%d {properties: {", l, l)
		for u := range uses {
			if u > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "p%d: *L%d", u, l-1)
		}
		b.WriteString("}}\n")
	}
	b.WriteString("x-authgen: {package: a}\n")
	return b.String()
}

// TestAliasExpansionIsCounted: the check counts what aliases expand to,
// multiplied through nesting, not how many there are (the YAML library's
// guard, which nine aliases a level never reach). Past the cap the spec is
// refused at the anchor where the sum passes it; under it, it loads.
func TestAliasExpansionIsCounted(t *testing.T) {
	saved := maxAliasNodes
	maxAliasNodes = 300
	t.Cleanup(func() { maxAliasNodes = saved })
	// Expanded, L0 is 3 nodes, L1 15, L2 51, L3 159: the uses of L0 to L2
	// add 198 nodes, those of L3 pass 300.
	_, _, err := LoadData("levels.yaml", []byte(aliasLevels(4, 3)), Options{})
	want := "levels.yaml:9:9: the aliases of anchor &L3 add more than 300 nodes"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("err = %v\nwant %s...", err, want)
	}
	if _, _, err := LoadData("levels.yaml", []byte(aliasLevels(2, 3)), Options{}); err != nil {
		t.Errorf("two levels: %v", err)
	}
}
