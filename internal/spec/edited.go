package spec

import (
	"bytes"
	"errors"
	"net/url"
	"os"
	"path/filepath"
	"sync/atomic"

	"github.com/authgen/authgen/internal/overlay"
	"go.yaml.in/yaml/v4"
)

// needsEditing reports whether the document must go through
// internal/overlay before it is loaded: it is an overlay, overlays are to be
// applied to it, or its x-authgen block keeps only some operations.
func needsEditing(data []byte, opts Options) bool {
	if len(opts.Overlays) > 0 || overlay.IsOverlay(data) {
		return true
	}
	source, _, ok := extensionSource(data)
	if !ok {
		return false // LoadData reports what is wrong with it
	}
	if !bytes.Contains(source, []byte(overlay.FilterKey)) {
		return false // no filter key anywhere in the block: no parse needed
	}
	root, err := parseNodes(source)
	if err != nil {
		return false
	}
	top := documentMapping(root)
	if top == nil {
		return false
	}
	ext := mappingValue(top, ExtensionKey)
	return ext != nil && documentMapping(ext) != nil && mappingValue(documentMapping(ext), overlay.FilterKey) != nil
}

// loadEdited loads a vendor's document as the overlays and the operation
// filter edit it. The document on disk is not touched: the edited document
// is rendered in memory and loaded, and every position in a message is
// mapped back to the file that wrote the node it is about: the vendor's
// document, or the overlay that put it there.
func loadEdited(path string, data []byte, opts Options) (*Provider, Problems, error) {
	var warnings Problems
	fail := func(err error) (*Provider, Problems, error) {
		var oe *overlay.Error
		if errors.As(err, &oe) {
			return nil, warnings, Problems{{Pos: fromOverlay(oe.Pos), Message: oe.Message}}
		}
		return nil, warnings, Problems{{Pos: Position{File: path}, Message: err.Error()}}
	}
	addWarnings := func(ws []overlay.Warning) {
		for _, w := range ws {
			warnings = append(warnings, Problem{Pos: fromOverlay(w.Pos), Message: w.Message, Warning: true})
		}
	}
	doc, basePath, ws, err := editDocument(path, data, opts.Overlays)
	addWarnings(ws)
	if err != nil {
		var ps Problems
		if errors.As(err, &ps) {
			return nil, warnings, ps
		}
		return fail(err)
	}
	if opts.PlaceOnlyErrors && opts.SkipOpenAPIValidation && !opts.renderEdits {
		// generate and check: the edited nodes are decoded as they are.
		// Anything that needs a position (an error), or YAML the direct
		// path leaves alone, goes the rendered way: loaded again.
		root, ok := doc.TakeTree()
		if ok {
			if p, more, ok := loadTree(basePath, root, opts); ok {
				treeLoads.Add(1)
				for _, w := range more {
					// The nodes kept the lines of whichever file wrote
					// them, so only the file is sure; generate counts
					// warnings, lint (which renders) places them.
					w.Pos = Position{File: path}
					warnings = append(warnings, w)
				}
				warnings.Sort()
				p.SourceFile = path
				return p, warnings, nil
			}
		}
		opts.renderEdits = true
		return loadEdited(path, data, opts)
	}
	rendered, sourceMap, err := doc.Render()
	if err != nil {
		return fail(err)
	}
	place := func(ps Problems) Problems {
		for i, p := range ps {
			if p.Pos.File == basePath && p.Pos.Line > 0 {
				ps[i].Pos = fromOverlay(sourceMap.Origin(p.Pos.Line, p.Pos.Column))
			}
		}
		return ps
	}
	opts.Overlays = nil
	p, more, err := LoadData(basePath, rendered, opts)
	warnings = append(warnings, place(more)...)
	warnings.Sort()
	var ps Problems
	if errors.As(err, &ps) {
		place(ps)
		ps.Sort()
		return nil, warnings, ps
	}
	if err != nil {
		return nil, warnings, err
	}
	p.SourceFile = path
	return p, warnings, nil
}

// editDocument applies to the vendor's document what edits it: the
// overlay path is (which names the document it extends), the overlays
// named besides, and the operation filter of its x-authgen block. basePath
// is the vendor's document, which relative references resolve from. An
// error is an *overlay.Error placed in the file that wrote it, or Problems.
func editDocument(path string, data []byte, overlayNames []string) (doc *overlay.Document, basePath string, warnings []overlay.Warning, err error) {
	basePath, baseData := path, data
	var overlays []*overlay.File
	readOverlay := func(name string, data []byte) error {
		f, err := overlay.ReadOverlay(name, data)
		if err != nil {
			return err
		}
		overlays = append(overlays, f)
		return nil
	}
	if overlay.IsOverlay(data) {
		if err := readOverlay(path, data); err != nil {
			return nil, "", nil, err
		}
		rel, err := overlays[0].ExtendsPath()
		if err != nil {
			return nil, "", nil, err
		}
		basePath = filepath.Join(filepath.Dir(path), filepath.FromSlash(rel))
		// The overlay names the document the way a $ref names a file, and
		// is held to the same rules: a regular YAML or JSON file beside the
		// overlay or below it.
		absOverlay, _ := filepath.Abs(path)
		absBase, _ := filepath.Abs(basePath)
		baseData, err = localRefReader(filepath.Dir(absOverlay))(nil, &url.URL{Path: filepath.ToSlash(absBase)})
		if err != nil {
			return nil, "", nil, &overlay.Error{Pos: overlays[0].ExtendsPos, Message: "extends: " + err.Error()}
		}
	}
	for _, name := range overlayNames {
		data, err := os.ReadFile(name)
		if err != nil {
			return nil, "", nil, Problems{{Pos: Position{File: name}, Message: "cannot read overlay: " + pathErrText(err)}}
		}
		if err := readOverlay(name, data); err != nil {
			return nil, "", nil, err
		}
	}
	doc, err = overlay.Parse(basePath, baseData)
	if err != nil {
		return nil, "", nil, err
	}
	for _, f := range overlays {
		ws, err := doc.Apply(f)
		warnings = append(warnings, ws...)
		if err != nil {
			return nil, "", warnings, err
		}
	}
	ws, err := doc.Filter()
	warnings = append(warnings, ws...)
	if err != nil {
		return nil, "", warnings, err
	}
	return doc, basePath, warnings, nil
}

// EditedDocument is the OpenAPI document the spec at path describes, as
// the generator reads it: an overlay applied to the document it extends,
// and the operations the x-authgen block keeps, rendered as YAML; a
// document nothing edits, as it is. base is the file relative references
// resolve from. Tests validate what a fake answers against it.
func EditedDocument(path string) (base string, document []byte, err error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", nil, err
	}
	if !needsEditing(data, Options{}) {
		return path, data, nil
	}
	doc, base, _, err := editDocument(path, data, nil)
	if err != nil {
		return "", nil, err
	}
	document, _, err = doc.Render()
	return base, document, err
}

func fromOverlay(p overlay.Position) Position {
	return Position{File: p.File, Line: p.Line, Column: p.Column}
}

// treeLoads counts the edited documents loaded from their nodes, for the
// test that holds that path to the rendered one.
var treeLoads atomic.Int64

// loadTree loads the edited document from its nodes, without rendering it
// to text and parsing it again: the x-authgen block decoded from its node,
// the rest decoded by kin-openapi from the tree (decodeLarge's path). ok is
// false when the document has an error, or YAML that path leaves to
// kin-openapi's parser; the caller then loads the rendered text, which
// places every message.
func loadTree(name string, root *yaml.Node, opts Options) (p *Provider, warnings Problems, ok bool) {
	r := &reporter{file: name}
	top := documentMapping(root)
	if top == nil || mappingValue(top, "openapi") == nil {
		return nil, nil, false
	}
	ext := &extension{}
	if n := mappingValue(top, ExtensionKey); n != nil {
		ext = decodeExtension(n, r)
	}
	if opts.Package != "" {
		ext.Package, ext.PackagePos = opts.Package, Position{File: name}
	}
	abs, _ := filepath.Abs(name)
	doc, err := decodeLarge(newSpecLoader(abs, false), nil, root, &url.URL{Path: filepath.ToSlash(abs)})
	if err != nil {
		return nil, nil, false
	}
	p = newBuilder(name, nil, doc, ext, r).build()
	errs, warnings := r.problems.sorted().split()
	if len(errs) > 0 {
		return nil, nil, false
	}
	return p, warnings, true
}
