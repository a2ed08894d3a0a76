// Package spec loads a provider spec (an OpenAPI 3 document with an
// x-authgen block), validates it, and resolves it into a Provider: the small
// model the generator reads. Problems come back as Problems, each naming the
// file, line and column it is about.
package spec

import (
	"bytes"
	"errors"
	"fmt"
	"github.com/authgen/authgen/internal/yamlsize"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"go.yaml.in/yaml/v4"
)

// Options change how a spec is resolved.
type Options struct {
	// Package overrides the package name the spec gives.
	Package string
	// Overlays are OpenAPI Overlay documents applied, in order, to the
	// spec before it is loaded.
	Overlays []string
	// SkipOpenAPIValidation leaves out kin-openapi's validation of the
	// whole document, which only gives warnings (what the generator
	// relies on, the builder checks as errors). It is a third of the time
	// of a large document; generate and check skip it, lint does not.
	SkipOpenAPIValidation bool
	// PlaceOnlyErrors leaves kin-openapi's origin tracking off, which is
	// a third of its load time: errors are still placed at their line and
	// column (the document is loaded once more, with origins, when there
	// are any), but a warning of the OpenAPI part names its file alone.
	// generate and check only count warnings, and set it; lint does not.
	PlaceOnlyErrors bool

	// renderEdits makes an edited document load from its rendered text,
	// which places every message, instead of from its nodes.
	renderEdits bool
}

// Load reads, validates and resolves the spec at path. It returns the
// provider and any warnings, or an error: Problems, every error found, each
// with its position.
func Load(path string, opts Options) (*Provider, Problems, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		msg := err.Error()
		if pe, ok := err.(*fs.PathError); ok {
			msg = pe.Err.Error()
		}
		return nil, nil, Problems{{Pos: Position{File: path}, Message: "cannot read spec: " + msg}}
	}
	if needsEditing(data, opts) {
		return loadEdited(path, data, opts)
	}
	return LoadData(path, data, opts)
}

// LoadData is Load for a spec already in memory; name is used in messages
// and to resolve relative $refs.
func LoadData(name string, data []byte, opts Options) (*Provider, Problems, error) {
	// A UTF-8 byte-order mark, as some editors on Windows write, is not
	// content; without this the document reads as having no "openapi" key.
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	r := &reporter{file: name}
	done := func(p *Provider) (*Provider, Problems, error) {
		errs, warnings := r.problems.sorted().split()
		if len(errs) > 0 {
			if opts.PlaceOnlyErrors {
				// Errors are shown, so they are placed: load again,
				// with origins.
				placed := opts
				placed.PlaceOnlyErrors = false
				return LoadData(name, data, placed)
			}
			return nil, warnings, errs
		}
		return p, warnings, nil
	}

	if anchor, cap := aliasBomb(data); anchor != nil {
		r.at(anchor.Line, anchor.Column, "the aliases of anchor &%s add more than %d nodes to the document (cap: %d, or as many as the document holds without its aliases)", anchor.Anchor, cap, cap)
		return done(nil)
	}
	source, hasOpenAPI, ok := extensionSource(data)
	if !ok {
		source = data // an unusual layout: parse it all
	}
	var root *yaml.Node
	var err error
	if ok && len(bytes.TrimSpace(source)) == 0 {
		root = &yaml.Node{} // no x-authgen block: nothing to parse (a vendor's document as published)
	} else {
		root, err = parseNodes(source)
	}
	if err != nil && ok {
		root, err = parseNodes(data) // let the whole document say what is wrong
		ok = false
	}
	if err != nil {
		line, msg := yamlErrorLine(err)
		r.at(line, 0, "not valid YAML or JSON: %s", msg)
		return done(nil)
	}
	top := documentMapping(root)
	if top == nil && (!ok || len(bytes.TrimSpace(source)) > 0) {
		r.at(1, 1, "not an OpenAPI document: want an object at the top level")
		return done(nil)
	}
	if !ok {
		hasOpenAPI = mappingValue(top, "openapi") != nil
	}
	if !hasOpenAPI {
		r.at(1, 1, "not an OpenAPI 3 document: no \"openapi\" key (Swagger 2.0 documents must be converted first)")
		return done(nil)
	}
	ext := &extension{}
	if top != nil {
		if n := mappingValue(top, ExtensionKey); n != nil {
			ext = decodeExtension(n, r)
		}
	}
	if opts.Package != "" {
		ext.Package, ext.PackagePos = opts.Package, Position{File: name}
	}

	abs, _ := filepath.Abs(name)
	newLoader := func() *openapi3.Loader { return newSpecLoader(abs, !opts.PlaceOnlyErrors) }
	location := &url.URL{Path: filepath.ToSlash(abs)}
	loader := newLoader()
	var doc *openapi3.T
	if root, large := largeMapping(data); large != nil {
		// kin-openapi's decoder would take minutes over the mapping.
		keys := len(large.Content) / 2
		doc, err = decodeLarge(newLoader(), data, root, location)
		var np *notPlain
		if errors.As(err, &np) {
			r.at(np.node.Line, np.node.Column, "%s, in a document with a mapping of %d keys (line %d): authgen reads a mapping of %d keys or more only from plain YAML", np.what, keys, large.Line, linearKeys)
			return done(nil)
		}
		if err != nil {
			r.problems = append(r.problems, placeRefs(kinProblems(name, err, false), data)...)
			return done(nil)
		}
	} else if opts.PlaceOnlyErrors {
		doc = loadLarge(newLoader(), data, location) // nil unless the document is huge
	}
	if doc == nil {
		doc, err = loader.LoadFromDataWithPath(data, location)
	}
	if err != nil {
		if _, yamlErr := parseNodes(data); yamlErr != nil {
			// The scan above skipped the syntax it did not need; say what
			// is wrong in the parser's words.
			line, msg := yamlErrorLine(yamlErr)
			r.at(line, 0, "not valid YAML or JSON: %s", msg)
			return done(nil)
		}
		r.problems = append(r.problems, placeRefs(kinProblems(name, err, false), data)...)
		return done(nil)
	}
	// kin-openapi's validation is stricter than code generation needs (a
	// response without a description, a schema name with a space): what it
	// finds is a warning. What the generator relies on, the builder checks
	// itself, as errors.
	if opts.SkipOpenAPIValidation {
		return done(newBuilder(name, data, doc, ext, r).build())
	}
	err = doc.Validate(loader.Context,
		openapi3.EnableMultiError(),
		openapi3.DisableExamplesValidation(),
		openapi3.DisableSchemaDefaultsValidation(),
		openapi3.DisableSchemaPatternValidation(),
		openapi3.DisableSchemaFormatValidation(),
	)
	if err != nil {
		r.problems = append(r.problems, kinProblems(name, err, true)...)
	}
	if errs, _ := r.problems.split(); len(errs) > 0 {
		return done(nil) // the x-authgen block is broken; the model would be too
	}
	return done(newBuilder(name, data, doc, ext, r).build())
}

// newSpecLoader is the kin-openapi loader of the document at abs: $refs
// to files only inside its folder (localRefReader), origins when asked.
func newSpecLoader(abs string, includeOrigin bool) *openapi3.Loader {
	loader := openapi3.NewLoader()
	loader.IncludeOrigin = includeOrigin
	loader.IsExternalRefsAllowed = true
	loader.ReadFromURIFunc = localRefReader(filepath.Dir(abs))
	return loader
}

// parseNodes parses the document into YAML nodes, for positions. JSON is
// YAML, except that the YAML parser refuses surrogate-pair escapes
// ("\ud83d\udc4d") that JSON allows; they are replaced, length for length,
// with U+FFFD, which keeps every position and touches no key.
func parseNodes(data []byte) (*yaml.Node, error) {
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

// maxAliasNodes is how many nodes YAML aliases may add to a document that
// holds fewer without them: a decoder copies an alias's anchor at every
// use, so six levels of nine aliases each (900 bytes) become millions of
// nodes. The YAML library's own guard counts aliases, not what they
// expand to, and lets that through; shared blocks in real documents add
// a few thousand nodes at most.
var maxAliasNodes = 100_000

// anchorMark finds what may start a YAML anchor: "&name" at the start of
// a line or after a space or a flow indicator. Most documents have none,
// and need no parse for the check.
var anchorMark = regexp.MustCompile(`(^|[\s\[{,])&[^\s\[\]{},]`)

// aliasBomb returns the anchor whose aliases take the nodes they add past
// the cap (maxAliasNodes, or as many as the document holds without its
// aliases, whichever is larger), and the cap; nil when the aliases stay
// within it or the document does not parse (kin-openapi says why).
func aliasBomb(data []byte) (*yaml.Node, int) {
	if !anchorMark.Match(data) {
		return nil, 0
	}
	root, err := parseNodes(data)
	if err != nil {
		return nil, 0
	}
	return aliasPastCap(root, maxAliasNodes)
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

// maxRefFile caps a file a $ref reads; the largest public documents are a
// few MB, and a cap keeps /dev/zero-like targets from filling memory.
const maxRefFile = 32 << 20

// localRefReader reads the targets of external $refs for a spec in root.
// Only regular YAML or JSON files inside root's tree are read, and at most
// maxRefFile bytes of them: generating a client must give the same bytes
// offline, a spec must not make the generator send requests, and a spec
// from a vendor must not read the rest of the machine (~/.netrc, /dev/zero,
// a FIFO that never answers). Messages name the path, never the content.
func localRefReader(root string) func(*openapi3.Loader, *url.URL) ([]byte, error) {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		realRoot = root
	}
	return func(_ *openapi3.Loader, location *url.URL) ([]byte, error) {
		if location.Scheme != "" && location.Scheme != "file" {
			return nil, fmt.Errorf("$ref %q: authgen reads only local files; download it and refer to the copy", location.Redacted())
		}
		path := filepath.Clean(filepath.FromSlash(location.Path))
		shown := path // named relative to the spec's folder, as a spec names it
		if rel, err := filepath.Rel(root, path); err == nil {
			shown = filepath.ToSlash(rel)
		}
		refuse := func(why string) ([]byte, error) {
			return nil, fmt.Errorf("$ref %s: %s", shown, why)
		}
		real, err := localPath(root, realRoot, path)
		if err != nil {
			return refuse(err.Error())
		}
		info, err := os.Stat(real)
		if err != nil {
			return refuse(pathErrText(err))
		}
		if !info.Mode().IsRegular() {
			return refuse("not a regular file")
		}
		if info.Size() > maxRefFile {
			return refuse(fmt.Sprintf("larger than %d MiB", maxRefFile>>20))
		}
		f, err := os.Open(real)
		if err != nil {
			return refuse(pathErrText(err))
		}
		defer f.Close()
		data, err := io.ReadAll(io.LimitReader(f, maxRefFile+1))
		if err != nil {
			return refuse(pathErrText(err))
		}
		if len(data) > maxRefFile {
			return refuse(fmt.Sprintf("larger than %d MiB", maxRefFile>>20))
		}
		return data, nil
	}
}

// pathErrText is an error from the file system without the path, which
// the caller names.
func pathErrText(err error) string {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err.Error()
	}
	return err.Error()
}

// documentMapping returns the top-level mapping of a YAML document.
func documentMapping(root *yaml.Node) *yaml.Node {
	n := root
	if n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	n = resolveAlias(n)
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	return n
}

// mappingValue returns the value under key in a mapping, or nil.
func mappingValue(m *yaml.Node, key string) *yaml.Node {
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i+1]
		}
	}
	return nil
}

var yamlLine = regexp.MustCompile(`line (\d+)`)

func yamlErrorLine(err error) (int, string) {
	msg := err.Error()
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n, msg
	}
	return 0, msg
}

// validationPrefix starts the message of every problem kin-openapi's
// loader or validator found.
const validationPrefix = "invalid OpenAPI: "

// kinProblems turns a kin-openapi load or validation error into problems,
// one per error of a MultiError, placed where the error's Origin says.

func kinProblems(file string, err error, warning bool) Problems {
	var out Problems
	var walk func(error)
	walk = func(err error) {
		var multi openapi3.MultiError
		if errors.As(err, &multi) && len(multi) > 0 {
			for _, e := range multi {
				walk(e)
			}
			return
		}
		pos := Position{File: file}
		if loc := originOf(err); loc != nil {
			pos.Line, pos.Column = loc.Line, loc.Column
		} else if line, _ := yamlErrorLine(err); line > 0 {
			pos.Line = line
		}
		out = append(out, Problem{Pos: pos, Message: validationPrefix + err.Error(), Warning: warning})
	}
	walk(err)
	return out
}

var quotedRef = regexp.MustCompile(`"([^"\s]+)"`)

// placeRefs gives a line to load errors about a $ref, which kin-openapi
// reports without one: the first place the source mentions the ref.
func placeRefs(ps Problems, data []byte) Problems {
	for i, p := range ps {
		if p.Pos.Line != 0 {
			continue
		}
		at := -1
		for _, m := range quotedRef.FindAllStringSubmatch(p.Message, -1) {
			if strings.Contains(m[1], "/") {
				if at = bytes.Index(data, []byte(m[1])); at >= 0 {
					break
				}
			}
		}
		if at < 0 {
			continue
		}
		before := data[:at]
		line := bytes.Count(before, []byte("\n")) + 1
		col := at - bytes.LastIndexByte(before, '\n')
		ps[i].Pos.Line, ps[i].Pos.Column = line, col
	}
	return ps
}

// originOf finds the first Origin carried by an error in the chain; kin's
// validation errors have an exported Origin field.
func originOf(err error) *openapi3.Location {
	for e := err; e != nil; e = errors.Unwrap(e) {
		v := reflect.ValueOf(e)
		for v.Kind() == reflect.Pointer || v.Kind() == reflect.Interface {
			if v.IsNil() {
				break
			}
			v = v.Elem()
		}
		if v.Kind() != reflect.Struct {
			continue
		}
		f := v.FieldByName("Origin")
		if !f.IsValid() || f.Type() != reflect.TypeFor[*openapi3.Origin]() || f.IsNil() {
			continue
		}
		if o := f.Interface().(*openapi3.Origin); o.Key != nil {
			return o.Key
		}
	}
	return nil
}

// posOf is the position of a kin-openapi element, or the file alone.
func posOf(file string, o *openapi3.Origin) Position {
	if o == nil || o.Key == nil {
		return Position{File: file}
	}
	return Position{File: file, Line: o.Key.Line, Column: o.Key.Column}
}

// fieldPos is the position of one field of a kin-openapi element.
func fieldPos(file string, o *openapi3.Origin, field string) Position {
	if o != nil {
		if loc, ok := o.Fields.Lookup(field); ok {
			return Position{File: file, Line: loc.Line, Column: loc.Column}
		}
	}
	return posOf(file, o)
}
