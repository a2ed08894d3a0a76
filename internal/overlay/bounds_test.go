package overlay

import (
	"fmt"
	"strings"
	"testing"
)

const tinyDoc = "openapi: 3.0.3\ninfo: {title: Tiny, version: \"1\"}\npaths: {}\nx-authgen: {package: tiny}\n"

// lowerCaps sets the overlay caps for one test.
func lowerCaps(t *testing.T, floor, aliases int) {
	savedFloor, savedAliases := maxGrowthFloor, maxAliasNodes
	maxGrowthFloor, maxAliasNodes = floor, aliases
	t.Cleanup(func() { maxGrowthFloor, maxAliasNodes = savedFloor, savedAliases })
}

// TestUpdateGrowthIsCapped: updates of "$..*" copy their value into every
// node, those the action before added included. The action that would
// take the document past its cap is refused before it applies, at its
// target in the overlay, with its index and target named; the ones
// before it applied.
func TestUpdateGrowthIsCapped(t *testing.T) {
	lowerCaps(t, 500, maxAliasNodes)
	var b strings.Builder
	b.WriteString("overlay: 1.0.0\ninfo: {title: Grow, version: \"1\"}\nactions:\n")
	for range 4 {
		b.WriteString("  - target: \"$..*\"\n    update: {a: {}, b: {}, c: {}}\n")
	}
	f, err := ReadOverlay("grow.yaml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	doc, err := Parse("tiny.yaml", []byte(tinyDoc))
	if err != nil {
		t.Fatal(err)
	}
	_, err = doc.Apply(f)
	// 16 nodes; each action adds 7 to every node it matches, the third
	// 91 of them: past 16 + 500.
	want := `grow.yaml:8:13: action 3 (target "$..*") matches 91 nodes and would copy its update into each, taking the document past 516 nodes`
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("err = %v\nwant %s...", err, want)
	}
	if n := countNodes(doc.root); n > 516 {
		t.Errorf("the document holds %d nodes, past the cap", n)
	}
}

// TestGrowthCapScalesWithTheDocument: a real overlay's updates on a large
// document are not refused: the cap is three times the document's nodes.
func TestGrowthCapScalesWithTheDocument(t *testing.T) {
	lowerCaps(t, 10, maxAliasNodes)
	doc, err := Parse("vendor.yaml", []byte(vendorDoc))
	if err != nil {
		t.Fatal(err)
	}
	f, err := ReadOverlay("o.yaml", []byte("overlay: 1.0.0\ninfo: {title: O, version: \"1\"}\nactions:\n  - target: \"$.paths.*.*\"\n    update: {x-note: {a: b}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := doc.Apply(f); err != nil {
		t.Fatal(err)
	}
}

// aliasFanOut is YAML in which each of levels anchors names the one
// before uses times, under indent.
func aliasFanOut(indent string, levels, uses int) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%sx-0: &a0 [x, x, x]\n", indent)
	for l := 1; l <= levels; l++ {
		fmt.Fprintf(&b, "%sx-%d: &a%d [", indent, l, l)
		for u := range uses {
			if u > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "*a%d", l-1)
		}
		b.WriteString("]\n")
	}
	return b.String()
}

// TestAliasesAreCountedBeforeTheyAreCopied: an alias fan-out in an
// overlay's update, or in the document an overlay extends, is refused at
// the anchor where what the aliases add passes the cap, before the
// Overlay implementation copies them; a few aliases load.
func TestAliasesAreCountedBeforeTheyAreCopied(t *testing.T) {
	lowerCaps(t, maxGrowthFloor, 200)
	// x-0 is 4 nodes, x-1 13, x-2 40, x-3 121: the uses of &a0, &a1 and
	// &a2 add 162 nodes, those of &a3 pass 200.
	overlayDoc := "overlay: 1.0.0\ninfo: {title: Fan, version: \"1\"}\nactions:\n  - target: \"$\"\n    update:\n" + aliasFanOut("      ", 4, 3)
	_, err := ReadOverlay("fan.yaml", []byte(overlayDoc))
	want := "fan.yaml:9:12: the aliases of anchor &a3 add more than 200 nodes"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("overlay: err = %v\nwant %s...", err, want)
	}
	_, err = Parse("vendor.yaml", []byte(tinyDoc+aliasFanOut("", 4, 3)))
	want = "vendor.yaml:8:6: the aliases of anchor &a3 add more than 200 nodes"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("document: err = %v\nwant %s...", err, want)
	}
	if _, err := Parse("vendor.yaml", []byte(tinyDoc+aliasFanOut("", 2, 3))); err != nil {
		t.Errorf("a few aliases: %v", err)
	}
	_, err = Parse("cycle.yaml", []byte(tinyDoc+"x-a: &a {b: [*a]}\n"))
	if err == nil || !strings.HasPrefix(err.Error(), "cycle.yaml:5:6: the aliases of anchor &a") {
		t.Errorf("an alias inside its anchor: err = %v", err)
	}
}
