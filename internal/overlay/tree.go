package overlay

import (
	yamlv4 "go.yaml.in/yaml/v4" // the node type kin-openapi decodes
	"gopkg.in/yaml.v3"
)

// Tree returns the edited document as go.yaml.in/yaml/v4 nodes, the type
// kin-openapi decodes, so the document can be loaded without being
// rendered to text and parsed again (issue 30: the round trip doubled the
// time of generating Stripe's whole document through an overlay). Nodes
// keep the line and column they had in whichever file wrote them, and
// no comments (the origin tags among them). ok is false when the
// document has an anchor or alias: the caller then renders it.
//
// The document is taken apart as it is converted, so that the two trees
// of a large document are not held at once: d cannot be used afterwards.
func (d *Document) TakeTree() (root *yamlv4.Node, ok bool) {
	root, ok = toV4(d.root)
	d.root = nil
	return root, ok
}

func toV4(n *yaml.Node) (*yamlv4.Node, bool) {
	if n.Anchor != "" || n.Kind == yaml.AliasNode {
		return nil, false
	}
	kind, known := v4Kinds[n.Kind]
	if !known {
		return nil, false
	}
	out := &yamlv4.Node{Kind: kind, Style: v4Style(n.Style), Tag: n.Tag, Value: n.Value, Line: n.Line, Column: n.Column}
	if len(n.Content) > 0 {
		out.Content = make([]*yamlv4.Node, len(n.Content))
		for i, c := range n.Content {
			var ok bool
			if out.Content[i], ok = toV4(c); !ok {
				return nil, false
			}
			n.Content[i] = nil // converted: the garbage collector may have it
		}
	}
	return out, true
}

var v4Kinds = map[yaml.Kind]yamlv4.Kind{
	yaml.DocumentNode: yamlv4.DocumentNode,
	yaml.SequenceNode: yamlv4.SequenceNode,
	yaml.MappingNode:  yamlv4.MappingNode,
	yaml.ScalarNode:   yamlv4.ScalarNode,
}

// v4Style carries the styles that change what a scalar decodes to (a
// quoted "12" is a string), by name, since the two libraries number them
// each their own way.
func v4Style(s yaml.Style) yamlv4.Style {
	var out yamlv4.Style
	for _, pair := range []struct {
		from yaml.Style
		to   yamlv4.Style
	}{
		{yaml.TaggedStyle, yamlv4.TaggedStyle},
		{yaml.DoubleQuotedStyle, yamlv4.DoubleQuotedStyle},
		{yaml.SingleQuotedStyle, yamlv4.SingleQuotedStyle},
		{yaml.LiteralStyle, yamlv4.LiteralStyle},
		{yaml.FoldedStyle, yamlv4.FoldedStyle},
		{yaml.FlowStyle, yamlv4.FlowStyle},
	} {
		if s&pair.from != 0 {
			out |= pair.to
		}
	}
	return out
}
