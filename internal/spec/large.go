package spec

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"net/url"
	"strconv"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"
)

// Documents with a mapping of tens of thousands of keys (100,000
// operations: 66,000 paths and as many schemas) meet a quadratic step in
// the YAML decoder kin-openapi uses: go.yaml.in/yaml/v4 checks every key
// of a mapping against every other for duplicates (checkMappingKeys), with
// no option to skip it, and at that size the check is most of the load.
// Such a document is read here instead: parsed into YAML nodes (linear),
// written out as JSON with duplicates found through a map, and decoded by
// kin-openapi's JSON path, which is linear too but slower per key than its
// YAML path, so it is taken only past largeMappingKeys.
//
// It carries no origins, so it is used only when positions are not wanted
// (Options.PlaceOnlyErrors). Anything unusual (an alias, a merge key, a
// tag, a duplicate key, a value JSON cannot hold, a decode error) sends
// the document back to kin-openapi's own path, which decides what it means
// and says what is wrong.

// largeDocumentBytes: smaller documents cannot hold largeMappingKeys keys
// in one mapping (GitHub's 13 MB document has 811 paths) and are not parsed
// to count them.
var largeDocumentBytes = 16 << 20

// largeMappingKeys is where kin-openapi's JSON path overtakes its YAML
// path: 20,000 synthetic paths load in 5.0 s through YAML and 5.9 s
// through JSON, 66,000 in about 100 s and 20 s.
var largeMappingKeys = 25_000

// loadLarge loads data through JSON when it is large enough to need it;
// nil when it is not, or when the document should take kin-openapi's own
// path.
func loadLarge(loader *openapi3.Loader, data []byte, location *url.URL) *openapi3.T {
	if len(data) < largeDocumentBytes {
		return nil
	}
	var root yaml.Node
	if yaml.Unmarshal(data, &root) != nil || root.Kind != yaml.DocumentNode || len(root.Content) != 1 {
		return nil
	}
	if largestMapping(root.Content[0]) < largeMappingKeys {
		return nil
	}
	var out bytes.Buffer
	out.Grow(len(data))
	if writeJSON(&out, root.Content[0]) != nil {
		return nil
	}
	doc := &openapi3.T{}
	if json.Unmarshal(out.Bytes(), doc) != nil {
		return nil
	}
	if loader.ResolveRefsIn(doc, location) != nil {
		return nil
	}
	return doc
}

// largestMapping is the number of keys of the largest mapping under n.
func largestMapping(n *yaml.Node) int {
	most := 0
	if n.Kind == yaml.MappingNode {
		most = len(n.Content) / 2
	}
	for _, c := range n.Content {
		most = max(most, largestMapping(c))
	}
	return most
}

// errNotPlain: the document uses YAML that JSON cannot say as it is.
var errNotPlain = errors.New("not plain YAML")

// writeJSON writes n as JSON. Only plain YAML is written: mappings with
// scalar keys, sequences, and scalars of the core schema's types.
func writeJSON(w *bytes.Buffer, n *yaml.Node) error {
	if n.Anchor != "" {
		return errNotPlain
	}
	switch n.Kind {
	case yaml.MappingNode:
		w.WriteByte('{')
		seen := make(map[string]struct{}, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			key := n.Content[i]
			if key.Kind != yaml.ScalarNode || key.Anchor != "" || key.Value == "<<" {
				return errNotPlain
			}
			switch key.ShortTag() {
			case "!!str", "!!int", "!!float", "!!bool": // a name, as kin-openapi reads 200:
			default:
				return errNotPlain
			}
			if _, dup := seen[key.Value]; dup {
				return errNotPlain
			}
			seen[key.Value] = struct{}{}
			if i > 0 {
				w.WriteByte(',')
			}
			writeString(w, key.Value)
			w.WriteByte(':')
			if err := writeJSON(w, n.Content[i+1]); err != nil {
				return err
			}
		}
		w.WriteByte('}')
	case yaml.SequenceNode:
		w.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				w.WriteByte(',')
			}
			if err := writeJSON(w, c); err != nil {
				return err
			}
		}
		w.WriteByte(']')
	case yaml.ScalarNode:
		return writeScalar(w, n)
	default: // an alias, or a document inside a document
		return errNotPlain
	}
	return nil
}

// writeScalar writes a scalar as JSON: numbers, booleans and null as
// such, and a timestamp as its text, as kin-openapi reads one.
func writeScalar(w *bytes.Buffer, n *yaml.Node) error {
	switch n.ShortTag() {
	case "!!str", "!!timestamp":
		writeString(w, n.Value)
	case "!!null":
		w.WriteString("null")
	case "!!bool":
		var b bool
		if n.Decode(&b) != nil {
			return errNotPlain
		}
		w.WriteString(strconv.FormatBool(b))
	case "!!int":
		if json.Valid([]byte(n.Value)) {
			w.WriteString(n.Value)
			return nil
		}
		var i int64
		if n.Decode(&i) != nil {
			return errNotPlain
		}
		w.WriteString(strconv.FormatInt(i, 10))
	case "!!float":
		if json.Valid([]byte(n.Value)) {
			w.WriteString(n.Value)
			return nil
		}
		var f float64
		if n.Decode(&f) != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return errNotPlain
		}
		w.WriteString(strconv.FormatFloat(f, 'g', -1, 64))
	default:
		return errNotPlain
	}
	return nil
}

func writeString(w *bytes.Buffer, s string) {
	b, _ := json.Marshal(s) // a string always marshals
	w.Write(b)
}
