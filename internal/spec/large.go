package spec

import (
	"bytes"
	"fmt"
	"math"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"
)

// A mapping of many keys meets a quadratic step in the YAML decoder
// kin-openapi uses: go.yaml.in/yaml/v4 checks every key of a mapping it
// decodes into a Go map or struct against every other for duplicates
// (checkMappingKeys), with no option to skip it. 100,000 operations put
// 66,000 keys in components.schemas; one extension object of 80,000 short
// keys (790 KB) took 60 s. So a document holding such a mapping anywhere is
// read here: parsed into YAML nodes, checked for duplicates through a map,
// and decoded by kin-openapi's own decoders with every large mapping
// rewritten as a merge (<<) of chunks of largeChunkKeys keys, which the
// decoder checks chunk by chunk and merges through a map: the same
// meaning, a cost linear in the keys.
//
// It carries no origins: a warning of the OpenAPI part, and an error
// kin-openapi finds, name the file without a line. What kin-openapi would
// prepare before decoding (a local tag or a timestamp read as text, a
// number or boolean key read as a name) is prepared the same way. Anything
// else unusual (an alias, a merge key, a null key, a duplicate key, an
// infinity, a decode error) sends a document without a large mapping back
// to kin-openapi's own path, which decides what it means and says what is
// wrong; a document with one is refused at that node instead, as that path
// would take minutes.

// largeDocumentBytes: a document this large is decoded here when no
// origins are wanted, with or without a large mapping, rather than parsed
// a second time by kin-openapi.
var largeDocumentBytes = 16 << 20

// linearKeys: a document holding a mapping of this many keys is decoded
// here. Below it the check costs milliseconds a mapping (2,000 keys: two
// million comparisons), under a second for 20 MB of such mappings. The
// largest public documents hold a thousand keys a map at most (GitHub's
// 13 MB: 969 schemas) and keep kin-openapi's path, with origins.
var linearKeys = 2_000

// largeMappingKeys: a mapping this large is decoded in chunks.
var largeMappingKeys = 2_000

// largeChunkKeys is the keys of one chunk: the check costs a chunk's
// square, 1,000 keys a millisecond or two.
var largeChunkKeys = 1_000

// largeMapping returns the document's nodes and its first mapping of
// linearKeys keys or more; nil, nil when it has none. A document with
// fewer line breaks and commas than that has none and is not parsed.
func largeMapping(data []byte) (root, large *yaml.Node) {
	if bytes.Count(data, []byte("\n"))+bytes.Count(data, []byte(",")) < linearKeys-1 {
		return nil, nil
	}
	var doc yaml.Node
	if yaml.Unmarshal(data, &doc) != nil {
		return nil, nil // kin-openapi says what is wrong
	}
	var find func(n *yaml.Node) *yaml.Node
	find = func(n *yaml.Node) *yaml.Node {
		if n.Kind == yaml.MappingNode && len(n.Content)/2 >= linearKeys {
			return n
		}
		for _, c := range n.Content {
			if m := find(c); m != nil {
				return m
			}
		}
		return nil
	}
	if m := find(&doc); m != nil {
		return &doc, m
	}
	return nil, nil
}

// loadLarge loads a document of largeDocumentBytes or more from its YAML
// nodes, its large mappings decoded in chunks; nil when the document is
// smaller, or should take kin-openapi's own path.
func loadLarge(loader *openapi3.Loader, data []byte, location *url.URL) *openapi3.T {
	if len(data) < largeDocumentBytes {
		return nil
	}
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil {
		return nil
	}
	doc, err := decodeLarge(loader, data, &root, location)
	if err != nil {
		return nil
	}
	return doc
}

// notPlain is YAML the large-document path leaves to kin-openapi, at the
// node that holds it.
type notPlain struct {
	node *yaml.Node
	what string
}

func (e *notPlain) Error() string { return e.what }

// decodeLarge decodes the parsed document, its large mappings in chunks.
// The error is a *notPlain when the document uses YAML this path leaves
// to kin-openapi, else what decoding or resolving the refs said.
func decodeLarge(loader *openapi3.Loader, data []byte, root *yaml.Node, location *url.URL) (*openapi3.T, error) {
	if at := bytes.Index(data, []byte("\u0085")); at >= 0 {
		// A line break to YAML and a character to JSON: kin-openapi
		// decides which a document holding one is.
		line := bytes.Count(data[:at], []byte("\n")) + 1
		return nil, &notPlain{&yaml.Node{Line: line, Column: at - bytes.LastIndexByte(data[:at], '\n')}, "a raw U+0085 (a line break to YAML, a character to JSON)"}
	}
	if root.Kind != yaml.DocumentNode || len(root.Content) != 1 || root.Content[0].Kind != yaml.MappingNode {
		return nil, &notPlain{root, "not a single document with a mapping at the top"}
	}
	if err := prepareNodes(root.Content[0]); err != nil {
		return nil, err
	}
	splitLargeMappings(root)
	doc := &openapi3.T{}
	if err := root.Decode(doc); err != nil {
		return nil, err
	}
	if err := loader.ResolveRefsIn(doc, location); err != nil {
		return nil, err
	}
	return doc, nil
}

// splitLargeMappings rewrites every mapping of largeMappingKeys keys or
// more (and more than a chunk) as a merge of chunks: {<<: [{k0: v0, ...},
// {...}]}. prepareNodes found no duplicate key and no merge key, so the
// merge means what the mapping did.
func splitLargeMappings(n *yaml.Node) {
	for _, c := range n.Content {
		splitLargeMappings(c)
	}
	if n.Kind != yaml.MappingNode || len(n.Content)/2 < largeMappingKeys || len(n.Content)/2 <= largeChunkKeys {
		return
	}
	chunks := &yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Line: n.Line, Column: n.Column}
	for start := 0; start < len(n.Content); start += 2 * largeChunkKeys {
		pairs := n.Content[start:min(start+2*largeChunkKeys, len(n.Content))]
		chunks.Content = append(chunks.Content, &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Content: pairs, Line: pairs[0].Line, Column: pairs[0].Column})
	}
	merge := &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!merge", Value: "<<", Line: n.Line, Column: n.Column}
	n.Content = []*yaml.Node{merge, chunks}
}

// prepareNodes does to the tree what kin-openapi does before it decodes
// (a local tag and a timestamp become text, a key that reads as a number
// or a boolean becomes a name) and returns, as a *notPlain, the first
// thing it leaves to kin-openapi: an alias, a merge key, a null key, a
// duplicate key, an infinity.
func prepareNodes(n *yaml.Node) error {
	if n.Anchor != "" || n.Kind == yaml.AliasNode {
		return &notPlain{n, "a YAML anchor or alias"}
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") || n.ShortTag() == "!!timestamp" {
			n.Tag = "!!str"
		}
		if n.ShortTag() == "!!float" {
			var f float64
			if n.Decode(&f) != nil || math.IsInf(f, 0) || math.IsNaN(f) {
				return &notPlain{n, "an infinite number"}
			}
		}
	case yaml.MappingNode:
		seen := make(map[string]*yaml.Node, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i]
			if key.Kind != yaml.ScalarNode || key.Anchor != "" || key.Value == "<<" || key.ShortTag() == "!!null" {
				return &notPlain{key, "a merge key, a null key or a key that is not a name"}
			}
			if first, dup := seen[key.Value]; dup {
				return &notPlain{key, fmt.Sprintf("mapping key %q already defined at line %d", key.Value, first.Line)}
			}
			seen[key.Value] = key
			key.Tag = "!!str"
		}
	}
	for _, c := range n.Content {
		if err := prepareNodes(c); err != nil {
			return err
		}
	}
	return nil
}
