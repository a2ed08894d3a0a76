// Package overlay edits an OpenAPI document before it is loaded: it applies
// OpenAPI Overlay 1.0 documents and keeps only the operations a spec asks
// for, and it remembers where every node came from, so that a message about
// the result points at the vendor's document or at the overlay that put the
// node there.
//
// The vendor's document is never written to: the result is rendered to new
// bytes, with a SourceMap from their positions back to the files.
package overlay

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3" // the node type the Overlay implementation edits
)

// Position is a place in a file; Line and Column start at 1.
type Position struct {
	File         string
	Line, Column int
}

// Warning is something an overlay or filter did that the author should
// look at, such as an action whose target matches nothing.
type Warning struct {
	Pos     Position
	Message string
}

// Document is an OpenAPI document being edited.
type Document struct {
	root *yaml.Node
	// files[0] is the vendor's document; the others are overlays, in the
	// order they were applied.
	files []string
	// nodes0 is the vendor's document's nodes; nodes counts those the
	// actions applied so far may have added, and cap bounds it.
	nodes0, nodes, cap int
}

// originMarker starts the line comment that tags a node an overlay put in
// the document. The Overlay implementation copies nodes without their line
// and column but with their comments, so the tag is how a copied node still
// says where it was written. Comments are dropped when the document is
// rendered.
const originMarker = "authgen-origin "

// Parse reads the vendor's document (YAML or JSON).
func Parse(name string, data []byte) (*Document, error) {
	root, err := parseYAML(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if err != nil {
		return nil, errorAt(Position{File: name}, "not valid YAML or JSON: %v", err)
	}
	if top := topMapping(root); top == nil {
		return nil, errorAt(Position{File: name, Line: 1, Column: 1}, "not an OpenAPI document: want an object at the top level")
	}
	if err := checkAliases(name, data, root); err != nil {
		return nil, err
	}
	clearComments(root) // a comment must not pass for an origin tag
	n := countNodes(root)
	return &Document{root: root, files: []string{name}, nodes0: n, nodes: n, cap: growthCap(n)}, nil
}

// parseYAML parses YAML or JSON. The YAML parser refuses the surrogate-pair
// escapes ("\ud83d\udc4d") that JSON allows; they are replaced, length for
// length, with U+FFFD, which keeps every position.
func parseYAML(data []byte) (*yaml.Node, error) {
	var root yaml.Node
	err := yaml.Unmarshal(data, &root)
	if err == nil {
		return &root, nil
	}
	fixed := surrogateEscape.ReplaceAll(data, []byte(`\uFFFD`))
	if len(fixed) == len(data) {
		var again yaml.Node
		if yaml.Unmarshal(fixed, &again) == nil {
			return &again, nil
		}
	}
	return nil, err
}

var surrogateEscape = regexp.MustCompile(`\\u[dD][89a-fA-F][0-9a-fA-F]{2}`)

func topMapping(root *yaml.Node) *yaml.Node {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) == 1 {
		n = n.Content[0]
	}
	if n.Kind != yaml.MappingNode {
		return nil
	}
	return n
}

// mappingValue is the value of key in a mapping node, or nil.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

func clearComments(n *yaml.Node) {
	n.LineComment, n.HeadComment, n.FootComment = "", "", ""
	for _, c := range n.Content {
		clearComments(c)
	}
}

// tag marks every node under n as written in file at its own position.
func tag(n *yaml.Node, file int) {
	if n == nil {
		return
	}
	if n.Line > 0 {
		n.LineComment = fmt.Sprintf("%s%d %d %d", originMarker, file, n.Line, n.Column)
	}
	n.HeadComment, n.FootComment = "", ""
	for _, c := range n.Content {
		tag(c, file)
	}
}

// origin is where n was written: the overlay that tagged it, else the
// vendor's document at n's own position; ok is false for a node with
// neither (one an overlay made up, such as a merged key's parent).
func (d *Document) origin(n *yaml.Node) (Position, bool) {
	if rest, found := strings.CutPrefix(n.LineComment, originMarker); found {
		f := strings.Fields(rest)
		if len(f) == 3 {
			file, _ := strconv.Atoi(f[0])
			line, _ := strconv.Atoi(f[1])
			col, _ := strconv.Atoi(f[2])
			if file >= 0 && file < len(d.files) {
				return Position{File: d.files[file], Line: line, Column: col}, true
			}
		}
	}
	if n.Line > 0 {
		return Position{File: d.files[0], Line: n.Line, Column: n.Column}, true
	}
	return Position{}, false
}

func (p Position) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.Column == 0:
		return fmt.Sprintf("%s:%d", p.File, p.Line)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Column)
}

// Error is a problem at a position in an overlay or the document.
type Error struct {
	Pos     Position
	Message string
}

func (e *Error) Error() string { return e.Pos.String() + ": " + e.Message }

func errorAt(pos Position, format string, args ...any) error {
	return &Error{Pos: pos, Message: fmt.Sprintf(format, args...)}
}

// CheckOpenAPI returns an error unless data is an OpenAPI document: YAML
// or JSON with an object at the top level that has an "openapi" key.
func CheckOpenAPI(name string, data []byte) error {
	root, err := parseYAML(bytes.TrimPrefix(data, []byte("\xef\xbb\xbf")))
	if err != nil {
		return errorAt(Position{File: name}, "not valid YAML or JSON: %v", err)
	}
	if mappingValue(topMapping(root), "openapi") == nil {
		return errorAt(Position{File: name, Line: 1, Column: 1}, "not an OpenAPI 3 document: no \"openapi\" key at the top level")
	}
	return nil
}
