package overlay

import (
	"bytes"
	"fmt"
	"sort"

	"gopkg.in/yaml.v3"
)

// SourceMap maps a position in rendered bytes back to the file, line and
// column it came from.
type SourceMap struct {
	// lines[l] are the nodes that start on rendered line l, by column.
	lines map[int][]mapEntry
	base  string
}

type mapEntry struct {
	column int
	origin Position
}

// Origin is where the rendered position came from. A position inside a
// node is placed at the same offset from the node's origin; a line that
// starts no node (the rest of a long text) maps to the node before it.
func (m *SourceMap) Origin(line, column int) Position {
	if m == nil {
		return Position{Line: line, Column: column}
	}
	for l := line; l > 0 && l > line-1000; l-- {
		entries := m.lines[l]
		if len(entries) == 0 {
			continue
		}
		if l < line {
			return entries[len(entries)-1].origin
		}
		i := sort.Search(len(entries), func(i int) bool { return entries[i].column > column }) - 1
		if i < 0 {
			return entries[0].origin
		}
		e := entries[i]
		o := e.origin
		if column > 0 && o.Column > 0 {
			o.Column += column - e.column
		}
		return o
	}
	return Position{File: m.base}
}

// Render writes the edited document as YAML and maps the positions of the
// result back to where each node was written.
func (d *Document) Render() ([]byte, *SourceMap, error) {
	origins := map[*yaml.Node]Position{}
	var note func(n *yaml.Node, parent Position)
	note = func(n *yaml.Node, parent Position) {
		pos, ok := d.origin(n)
		if !ok {
			pos = parent
		}
		origins[n] = pos
		n.LineComment, n.HeadComment, n.FootComment = "", "", ""
		if n.Kind == yaml.MappingNode || n.Kind == yaml.SequenceNode {
			n.Style &^= yaml.FlowStyle // one node per line: positions stay exact
		}
		for _, c := range n.Content {
			note(c, pos)
		}
	}
	note(d.root, Position{File: d.files[0], Line: 1, Column: 1})

	var buf bytes.Buffer
	enc := yaml.NewEncoder(&buf)
	enc.SetIndent(2)
	if err := enc.Encode(d.root); err != nil {
		return nil, nil, fmt.Errorf("%s: rendering the edited document: %w", d.files[0], err)
	}
	if err := enc.Close(); err != nil {
		return nil, nil, fmt.Errorf("%s: rendering the edited document: %w", d.files[0], err)
	}
	out := buf.Bytes()
	var again yaml.Node
	if err := yaml.Unmarshal(out, &again); err != nil {
		return nil, nil, fmt.Errorf("%s: the edited document does not parse: %w", d.files[0], err)
	}
	m := &SourceMap{lines: map[int][]mapEntry{}, base: d.files[0]}
	var pair func(edited, rendered *yaml.Node)
	pair = func(edited, rendered *yaml.Node) {
		if rendered.Line > 0 {
			m.lines[rendered.Line] = append(m.lines[rendered.Line], mapEntry{column: rendered.Column, origin: origins[edited]})
		}
		if rendered.Kind == yaml.AliasNode || len(edited.Content) != len(rendered.Content) {
			return
		}
		for i := range edited.Content {
			pair(edited.Content[i], rendered.Content[i])
		}
	}
	pair(d.root, &again)
	for l, entries := range m.lines {
		sort.SliceStable(entries, func(i, j int) bool { return entries[i].column < entries[j].column })
		m.lines[l] = entries
	}
	return out, m, nil
}
