package spec

import (
	"bytes"
	"errors"
	"math"
	"net/url"
	"reflect"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"
)

// Documents with a mapping of tens of thousands of keys (100,000
// operations: 66,000 schemas) meet a quadratic step in the YAML decoder
// kin-openapi uses: go.yaml.in/yaml/v4 checks every key of a mapping it
// decodes into a Go map against every other for duplicates
// (checkMappingKeys), with no option to skip it, and at that size the
// check is most of the load. kin-openapi walks paths and responses itself,
// pair by pair; the maps of components (schemas, parameters, ...) it
// hands to the decoder whole. So such a document is read here: parsed
// into YAML nodes, checked for duplicates through a map, and decoded by
// kin-openapi's own decoders with each large component map taken out and
// decoded in chunks of largeChunkKeys.
//
// It carries no origins, so it is used only when positions are not wanted
// (Options.PlaceOnlyErrors). What kin-openapi would prepare before
// decoding (a local tag or a timestamp read as text, a number or boolean
// key read as a name) is prepared the same way; anything else unusual (an
// alias, a merge key, a null key, a duplicate key, an infinity, a decode
// error) sends the document back to kin-openapi's own path, which decides
// what it means and says what is wrong.

// largeDocumentBytes: smaller documents take kin-openapi's own path. The
// largest public documents hold a thousand keys a map at most (GitHub's
// 13 MB: 969 schemas), where the check costs milliseconds; a smaller
// document that does hold tens of thousands still loads, as slowly as
// before.
var largeDocumentBytes = 16 << 20

// largeMappingKeys: a components map this large is decoded in chunks.
// Below it the check costs a fraction of the load (10,000 keys: about
// 50 million comparisons), and the document takes kin-openapi's own path.
var largeMappingKeys = 10_000

// largeChunkKeys is the keys of one chunk: the check costs a chunk's
// square, 2,000 keys a few milliseconds.
var largeChunkKeys = 2_000

// loadLarge loads a document of largeDocumentBytes or more, its large
// component maps decoded in chunks (a document without any is decoded here
// all the same, rather than parsed a second time by kin-openapi); nil when
// the document is smaller, or should take kin-openapi's own path.
func loadLarge(loader *openapi3.Loader, data []byte, location *url.URL) *openapi3.T {
	if len(data) < largeDocumentBytes {
		return nil
	}
	if bytes.Contains(data, []byte("\u0085")) {
		// A line break to YAML and a character to JSON: kin-openapi
		// decides which a document holding one is.
		return nil
	}
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil || root.Kind != yaml.DocumentNode || len(root.Content) != 1 {
		return nil
	}
	top := root.Content[0]
	if top.Kind != yaml.MappingNode || prepareNodes(top) != nil {
		return nil
	}
	// Take the large maps out of components, leaving them empty.
	type detached struct {
		field string
		node  *yaml.Node
	}
	var large []detached
	if components := mappingValue(top, "components"); components != nil && components.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(components.Content); i += 2 {
			if v := components.Content[i+1]; v.Kind == yaml.MappingNode && len(v.Content)/2 >= largeMappingKeys {
				large = append(large, detached{components.Content[i].Value, v})
				components.Content[i+1] = &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
			}
		}
	}
	doc := &openapi3.T{}
	if root.Decode(doc) != nil || len(large) > 0 && doc.Components == nil {
		return nil
	}
	for _, d := range large {
		if decodeInChunks(doc.Components, d.field, d.node) != nil {
			return nil
		}
	}
	if loader.ResolveRefsIn(doc, location) != nil {
		return nil
	}
	return doc
}

// decodeInChunks decodes the map node of the components field named by
// its YAML name, largeChunkKeys pairs at a time, into that field.
func decodeInChunks(components *openapi3.Components, name string, node *yaml.Node) error {
	field, ok := componentsField(components, name)
	if !ok {
		return errNotPlain // an extension, or a key kin-openapi refuses
	}
	if field.IsNil() {
		field.Set(reflect.MakeMapWithSize(field.Type(), len(node.Content)/2))
	}
	for start := 0; start < len(node.Content); start += 2 * largeChunkKeys {
		chunk := *node
		chunk.Content = node.Content[start:min(start+2*largeChunkKeys, len(node.Content))]
		part := reflect.New(field.Type())
		if err := chunk.Decode(part.Interface()); err != nil {
			return err
		}
		iter := part.Elem().MapRange()
		for iter.Next() {
			field.SetMapIndex(iter.Key(), iter.Value())
		}
	}
	return nil
}

// componentsField is the field of Components whose YAML name is name.
func componentsField(components *openapi3.Components, name string) (reflect.Value, bool) {
	v := reflect.ValueOf(components).Elem()
	for i := range v.NumField() {
		tag, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("yaml"), ",")
		if tag == name && v.Field(i).Kind() == reflect.Map {
			return v.Field(i), true
		}
	}
	return reflect.Value{}, false
}

// errNotPlain: the document uses YAML this path leaves to kin-openapi.
var errNotPlain = errors.New("not plain YAML")

// prepareNodes does to the tree what kin-openapi does before it decodes
// (a local tag and a timestamp become text, a key that reads as a number
// or a boolean becomes a name) and checks what it leaves to kin-openapi:
// aliases, merge keys, null keys, duplicate keys, infinities.
func prepareNodes(n *yaml.Node) error {
	if n.Anchor != "" || n.Kind == yaml.AliasNode {
		return errNotPlain
	}
	switch n.Kind {
	case yaml.ScalarNode:
		if strings.HasPrefix(n.Tag, "!") && !strings.HasPrefix(n.Tag, "!!") || n.ShortTag() == "!!timestamp" {
			n.Tag = "!!str"
		}
		if n.ShortTag() == "!!float" {
			var f float64
			if n.Decode(&f) != nil || math.IsInf(f, 0) || math.IsNaN(f) {
				return errNotPlain
			}
		}
	case yaml.MappingNode:
		seen := make(map[string]struct{}, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i]
			if key.Kind != yaml.ScalarNode || key.Anchor != "" || key.Value == "<<" || key.ShortTag() == "!!null" {
				return errNotPlain
			}
			if _, dup := seen[key.Value]; dup {
				return errNotPlain
			}
			seen[key.Value] = struct{}{}
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
