package yamlsize

import "testing"

// tnode is a tree built by hand: children, or an alias of another node.
type tnode struct {
	kids  []*tnode
	alias *tnode
}

type ref struct{ *tnode }

func (r ref) Children() []ref {
	var out []ref
	for _, k := range r.kids {
		out = append(out, ref{k})
	}
	return out
}

func (r ref) Alias() (ref, bool) { return ref{r.alias}, r.alias != nil }

// TestAliasesAreCountedExpanded: nine aliases of an anchor of nine
// aliases of ... multiply; a cap is passed at the anchor that passes it,
// and an alias inside its own anchor is caught.
func TestAliasesAreCountedExpanded(t *testing.T) {
	leaf := &tnode{}
	level := leaf
	root := &tnode{}
	var anchors []*tnode
	for range 6 {
		next := &tnode{}
		for range 9 {
			next.kids = append(next.kids, &tnode{alias: level})
		}
		anchors = append(anchors, next)
		root.kids = append(root.kids, next)
		level = next
	}
	if size, ok := ExpandedSize(ref{level}, map[ref]int{}, map[ref]bool{}); !ok || size < 500_000 {
		t.Fatalf("six levels of nine aliases expand to %d nodes, %v", size, ok)
	}
	anchor, limit, found := AliasPastCap(ref{root}, 100_000)
	if !found || limit != 100_000 || anchor.tnode != anchors[4] {
		t.Errorf("passed at %v (level %d), limit %d", found, indexOf(anchors, anchor.tnode), limit)
	}
	if _, _, found := AliasPastCap(ref{root}, 1<<41); found {
		t.Error("a cap past every size is passed")
	}
	self := &tnode{}
	self.kids = []*tnode{{alias: self}}
	if anchor, _, found := AliasPastCap(ref{&tnode{kids: []*tnode{self}}}, 10); !found || anchor.tnode != self {
		t.Error("an alias inside its own anchor is not caught")
	}
}

func indexOf(list []*tnode, n *tnode) int {
	for i, x := range list {
		if x == n {
			return i
		}
	}
	return -1
}
