package overlay

import (
	"regexp"

	"gopkg.in/yaml.v3"
)

// Bounds on what a few hundred bytes of overlay can make of a document.
// An update action copies its value into every node its target matches,
// and "$..*" matches every node, those the action before added included:
// eight such actions grew a 4-line document to 1.9 GB. And the Overlay
// implementation copies a YAML alias's anchor at every use, so an alias
// fan-out in an update became hundreds of millions of nodes.

// maxAliasNodes is how many nodes aliases may add to an overlay or to the
// document it extends (or as many as the file holds without them). The
// same cap as internal/spec's for a plain document (spec.maxAliasNodes).
var maxAliasNodes = 100_000

// maxGrowthFloor and growthFactor bound the nodes an overlay's actions may
// add: growthFactor times the vendor's document, or maxGrowthFloor for a
// small one, and never past maxNodes. Real overlays add an x-authgen block
// and a few fixes, a small fraction of the document.
var (
	maxGrowthFloor = 200_000
	growthFactor   = 3
	maxNodes       = 20_000_000
)

// growthCap is the most nodes the edited document may hold, for a vendor's
// document of n nodes.
func growthCap(n int) int {
	return min(n+max(growthFactor*n, maxGrowthFloor), maxNodes)
}

// anchorMark finds what may start a YAML anchor; a file without one needs
// no alias check.
var anchorMark = regexp.MustCompile(`(^|[\s\[{,])&[^\s\[\]{},]`)

// checkAliases refuses a file whose aliases add more nodes than the cap,
// at the anchor where the sum passes it, before anything copies them.
func checkAliases(name string, data []byte, root *yaml.Node) error {
	if !anchorMark.Match(data) {
		return nil
	}
	anchor, limit := aliasPastCap(root, maxAliasNodes)
	if anchor == nil {
		return nil
	}
	return errorAt(Position{File: name, Line: anchor.Line, Column: anchor.Column},
		"the aliases of anchor &%s add more than %d nodes to the document (cap: %d, or as many as the document holds without its aliases)", anchor.Anchor, limit, limit)
}

// aliasPastCap walks the tree in document order adding, at each alias,
// the size of what it expands to (its anchor's nodes, nested aliases
// multiplied through); it returns the anchor at which the sum passes
// max(floor, the nodes written), and that limit. An alias inside its own
// anchor expands without end: that anchor. (internal/spec has the same
// walk over the other YAML library's nodes.)
func aliasPastCap(root *yaml.Node, floor int) (*yaml.Node, int) {
	var aliases []*yaml.Node
	plain := 0
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		plain++
		if n.Kind == yaml.AliasNode {
			aliases = append(aliases, n)
			return
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(root)
	limit := max(floor, plain)
	sizes := map[*yaml.Node]int{}
	added := 0
	for _, a := range aliases {
		if a.Alias == nil {
			continue
		}
		size, ok := expandedSize(a.Alias, sizes, map[*yaml.Node]bool{})
		if !ok {
			return a.Alias, limit
		}
		if added += size - 1; added > limit {
			return a.Alias, limit
		}
	}
	return nil, limit
}

// expandedSize is the number of nodes n stands for once every alias under
// it is replaced by a copy of its anchor, saturating far past any cap; ok
// is false when n contains an alias of itself.
func expandedSize(n *yaml.Node, sizes map[*yaml.Node]int, open map[*yaml.Node]bool) (int, bool) {
	if s, done := sizes[n]; done {
		return s, true
	}
	if open[n] {
		return 0, false
	}
	open[n] = true
	defer delete(open, n)
	size := 1
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		s, ok := expandedSize(n.Alias, sizes, open)
		if !ok {
			return 0, false
		}
		size = s
	}
	for _, c := range n.Content {
		s, ok := expandedSize(c, sizes, open)
		if !ok {
			return 0, false
		}
		size = min(size+s, 1<<40)
	}
	sizes[n] = size
	return size, true
}

// countNodes is the number of nodes under n, aliases expanded (a file's
// aliases passed checkAliases, so this is bounded).
func countNodes(n *yaml.Node) int {
	size, _ := expandedSize(n, map[*yaml.Node]int{}, map[*yaml.Node]bool{})
	return size
}

// checkGrowth refuses action i of f before it applies when it could take
// the document past its cap: an update adds at most its own nodes to each
// node its target matches. A removal is counted as removing nothing.
func (d *Document) checkGrowth(f *File, i int, targets int) error {
	action := f.overlay.Actions[i]
	if action.Remove {
		return nil
	}
	grow := min(targets, maxNodes) * min(countNodes(&action.Update), maxNodes)
	if d.nodes+grow > d.cap {
		return errorAt(f.actionPos[i], "action %d (target %q) matches %d nodes and would copy its update into each, taking the document past %d nodes (cap: the %d nodes of %s plus %d times as many, or plus %d for a small document; at most %d)",
			i+1, action.Target, targets, d.cap, d.nodes0, d.files[0], growthFactor, maxGrowthFloor, maxNodes)
	}
	d.nodes += grow
	return nil
}
