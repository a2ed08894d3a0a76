package overlay

import (
	"github.com/authgen/authgen/internal/yamlsize"
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

// aliasPastCap is yamlsize.AliasPastCap over this package's YAML nodes:
// the anchor at which the nodes aliases add pass max(floor, the nodes
// written), and that limit; nil when none does.
func aliasPastCap(root *yaml.Node, floor int) (*yaml.Node, int) {
	anchor, limit, found := yamlsize.AliasPastCap(sizedNode{root}, floor)
	if !found {
		return nil, limit
	}
	return anchor.Node, limit
}

// expandedSize is yamlsize.ExpandedSize over this package's YAML nodes.
func expandedSize(n *yaml.Node) (int, bool) {
	return yamlsize.ExpandedSize(sizedNode{n}, map[sizedNode]int{}, map[sizedNode]bool{})
}

// sizedNode is a YAML sizedNode as yamlsize walks it.
type sizedNode struct{ *yaml.Node }

func (n sizedNode) Children() []sizedNode {
	out := make([]sizedNode, len(n.Content))
	for i, c := range n.Content {
		out[i] = sizedNode{c}
	}
	return out
}

func (n sizedNode) Alias() (sizedNode, bool) {
	if n.Kind != yaml.AliasNode {
		return sizedNode{}, false
	}
	return sizedNode{n.Node.Alias}, true
}

// countNodes is the number of nodes under n, aliases expanded (a file's
// aliases passed checkAliases, so this is bounded).
func countNodes(n *yaml.Node) int {
	size, _ := expandedSize(n)
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
