// Package yamlsize measures what a YAML document becomes once its aliases
// are expanded, over either YAML library's nodes (gopkg.in/yaml.v3, which
// the Overlay implementation uses, and go.yaml.in/yaml/v4, which
// kin-openapi and internal/spec use): a few hundred bytes of aliases of
// aliases stand for billions of nodes, and whatever copies them (a
// decoder, an overlay's clone) must be stopped before it starts.
package yamlsize

// Node is what the walk needs of a YAML node: its children, and, for an
// alias, the anchor it stands for.
type Node[N comparable] interface {
	comparable
	// Children are the node's content: a mapping's keys and values, a
	// sequence's items, a document's root.
	Children() []N
	// Alias is the anchor an alias stands for; ok is false for a node
	// that is not an alias.
	Alias() (anchor N, ok bool)
}

// saturated is where sizes stop growing: far past any cap, short of an
// overflow.
const saturated = 1 << 40

// AliasPastCap walks the tree in document order adding, at each alias,
// the size of what it expands to (its anchor's nodes, nested aliases
// multiplied through); it returns the anchor at which the sum passes
// max(floor, the nodes written), and that limit. An alias inside its own
// anchor expands without end: that anchor. found is false when no anchor
// passes the cap.
func AliasPastCap[N Node[N]](root N, floor int) (anchor N, limit int, found bool) {
	var aliases []N
	plain := 0
	var walk func(n N)
	walk = func(n N) {
		plain++
		if _, ok := n.Alias(); ok {
			aliases = append(aliases, n)
			return
		}
		for _, c := range n.Children() {
			walk(c)
		}
	}
	walk(root)
	limit = max(floor, plain)
	sizes := map[N]int{}
	added := 0
	var zero N
	for _, a := range aliases {
		target, _ := a.Alias()
		if target == zero {
			continue
		}
		size, ok := ExpandedSize(target, sizes, map[N]bool{})
		if !ok {
			return target, limit, true
		}
		if added += size - 1; added > limit {
			return target, limit, true
		}
	}
	return zero, limit, false
}

// ExpandedSize is the number of nodes n stands for once every alias under
// it is replaced by a copy of its anchor, saturating far past any cap; ok
// is false when n contains an alias of itself. sizes memoises the nodes
// measured; open holds the anchors being measured.
func ExpandedSize[N Node[N]](n N, sizes map[N]int, open map[N]bool) (int, bool) {
	if s, done := sizes[n]; done {
		return s, true
	}
	if open[n] {
		return 0, false
	}
	open[n] = true
	defer delete(open, n)
	size := 1
	var zero N
	if target, ok := n.Alias(); ok && target != zero {
		s, ok := ExpandedSize(target, sizes, open)
		if !ok {
			return 0, false
		}
		size = s
	}
	for _, c := range n.Children() {
		s, ok := ExpandedSize(c, sizes, open)
		if !ok {
			return 0, false
		}
		size = min(size+s, saturated)
	}
	sizes[n] = size
	return size, true
}
