package overlay

import (
	"bytes"
	"fmt"
	"net/url"
	"path"
	"regexp"
	"strings"

	speakeasy "github.com/speakeasy-api/openapi/overlay"
	"gopkg.in/yaml.v3"
)

// File is one parsed Overlay document.
type File struct {
	Name string
	// Extends is the document the overlay names in its extends field, as
	// written (a path relative to the overlay), or "".
	Extends    string
	ExtendsPos Position
	// Upstream is where the vendor publishes the document
	// (x-authgen-upstream), for authgen pull, or "".
	Upstream    string
	UpstreamPos Position

	overlay *speakeasy.Overlay
	// actionPos[i] is the position of action i's target.
	actionPos []Position
}

// UpstreamKey is the overlay's top-level extension naming the URL the
// vendor publishes its document at.
const UpstreamKey = "x-authgen-upstream"

// IsOverlay reports whether data is an Overlay document (it has a top-level
// "overlay" key) rather than an OpenAPI one. It reads only the start of
// the document only when an "overlay" key appears in it.
func IsOverlay(data []byte) bool {
	if !bytes.Contains(data, []byte("overlay")) || !overlayKey.Match(data) {
		return false // most documents: no parse needed
	}
	root, err := parseYAML(data)
	if err != nil {
		return false
	}
	top := topMapping(root)
	return mappingValue(top, "overlay") != nil && mappingValue(top, "openapi") == nil
}

// overlayKey finds an "overlay" key at the start of a line (YAML) or after
// a brace or comma (JSON); only then is the document parsed to be sure.
var overlayKey = regexp.MustCompile(`(?m)(^|[{,]\s*)["']?overlay["']?\s*:`)

// ReadOverlay parses an Overlay document. Problems come back as an error
// naming the file and, where there is one, the line.
func ReadOverlay(name string, data []byte) (*File, error) {
	root, err := parseYAML(data)
	if err != nil {
		return nil, errorAt(Position{File: name}, "not valid YAML: %v", err)
	}
	top := topMapping(root)
	if top == nil {
		return nil, errorAt(Position{File: name, Line: 1, Column: 1}, "not an Overlay document: want an object at the top level")
	}
	if err := checkAliases(name, data, root); err != nil {
		return nil, err // before the decoder or the Overlay implementation copies them
	}
	at := func(n *yaml.Node) Position {
		if n == nil {
			return Position{File: name, Line: 1, Column: 1}
		}
		return Position{File: name, Line: n.Line, Column: n.Column}
	}
	var o speakeasy.Overlay
	if err := top.Decode(&o); err != nil {
		return nil, errorAt(Position{File: name, Line: 1, Column: 1}, "not an Overlay document: %v", err)
	}
	if !strings.HasPrefix(o.Version, "1.0.") {
		return nil, errorAt(at(mappingValue(top, "overlay")), "overlay: version %q: authgen applies OpenAPI Overlay 1.0 (overlay: 1.0.0)", o.Version)
	}
	if err := o.Validate(); err != nil {
		return nil, errorAt(at(top), "%s", strings.ReplaceAll(err.Error(), "\n", "; "))
	}
	f := &File{Name: name, Extends: o.Extends, overlay: &o}
	f.ExtendsPos = at(mappingValue(top, "extends"))
	if n := mappingValue(top, UpstreamKey); n != nil {
		u, err := url.Parse(n.Value)
		if n.Kind != yaml.ScalarNode || err != nil || u.Scheme != "https" || u.Host == "" {
			return nil, errorAt(at(n), "%s: want the https URL the vendor publishes its document at", UpstreamKey)
		}
		f.Upstream, f.UpstreamPos = n.Value, at(n)
	}
	if actions := mappingValue(top, "actions"); actions != nil && actions.Kind == yaml.SequenceNode {
		for _, a := range actions.Content {
			pos := at(a)
			if t := mappingValue(a, "target"); t != nil {
				pos = at(t)
			}
			f.actionPos = append(f.actionPos, pos)
		}
	}
	for i := range o.Actions {
		if i >= len(f.actionPos) {
			f.actionPos = append(f.actionPos, at(top))
		}
		if o.Actions[i].Copy != "" {
			return nil, errorAt(f.actionPos[i], "copy is an Overlay 1.1 action; authgen applies Overlay 1.0 (update and remove)")
		}
	}
	return f, nil
}

// ExtendsPath is the local file the overlay's extends names, relative to
// the overlay's directory, or an error when it names none authgen reads.
func (f *File) ExtendsPath() (string, error) {
	if f.Extends == "" {
		return "", errorAt(f.ExtendsPos, "the overlay has no extends: name the vendor's document (a path relative to the overlay), or pass the document with --spec and the overlay with --overlay")
	}
	u, err := url.Parse(f.Extends)
	if err != nil {
		return "", errorAt(f.ExtendsPos, "extends %q is not a path or URL", f.Extends)
	}
	switch u.Scheme {
	case "":
		return path.Clean(u.Path), nil
	case "file":
		return u.Path, nil
	}
	return "", errorAt(f.ExtendsPos, "extends %q: authgen reads only local files when it generates; name the downloaded copy, and put the URL in %s for authgen pull", f.Extends, UpstreamKey)
}

// Apply applies the overlay's actions in order. An action whose target
// matches nothing is a warning at the target's position.
func (d *Document) Apply(f *File) ([]Warning, error) {
	index := len(d.files)
	d.files = append(d.files, f.Name)
	var warnings []Warning
	for i, action := range f.overlay.Actions {
		tag(&action.Update, index)
		one := *f.overlay
		one.Actions = []speakeasy.Action{action}
		path, err := one.NewPath(action.Target, nil)
		if err != nil {
			return warnings, errorAt(f.actionPos[i], "target %q: %v", action.Target, err)
		}
		targets := path.Query(d.root)
		if len(targets) == 0 {
			warnings = append(warnings, Warning{Pos: f.actionPos[i], Message: fmt.Sprintf("overlay action target %q matches nothing in %s", action.Target, d.files[0])})
			continue
		}
		if err := d.checkGrowth(f, i, len(targets)); err != nil {
			return warnings, err
		}
		if !action.Remove && appendsToArrays(targets, &action.Update) {
			// Overlay 1.0: an update whose target is an array appends to
			// it. The library, in 1.0 mode, replaces the array; an update
			// wrapped in an array is appended by its merge.
			item := action.Update
			one.Actions[0].Update = yaml.Node{Kind: yaml.SequenceNode, Tag: "!!seq", Content: []*yaml.Node{&item}}
		}
		// A scalar the update merges into keeps its node and takes the
		// new value; remember the values so those nodes can be tagged too.
		before := map[*yaml.Node]mergedScalar{}
		if !action.Remove {
			for _, t := range targets {
				mergedScalars(t, &action.Update, before)
			}
		}
		if err := one.ApplyTo(d.root); err != nil {
			return warnings, errorAt(f.actionPos[i], "target %q: %v", action.Target, err)
		}
		for n, m := range before {
			if n.Value != m.was && !strings.HasPrefix(n.LineComment, originMarker) {
				// Placed where the overlay wrote the new value, not the
				// start of the update.
				n.LineComment = fmt.Sprintf("%s%d %d %d", originMarker, index, m.from.Line, m.from.Column)
			}
		}
	}
	return warnings, nil
}

// appendsToArrays: every target is an array and the update is one item
// (an array update is already concatenated).
func appendsToArrays(targets []*yaml.Node, update *yaml.Node) bool {
	if update.Kind == yaml.SequenceNode || update.Kind == 0 {
		return false
	}
	for _, t := range targets {
		if t.Kind != yaml.SequenceNode {
			return false
		}
	}
	return true
}

// mergedScalar is a scalar of the document that an update overwrites in
// place: its value before, and the update's scalar that gives the new one.
type mergedScalar struct {
	was  string
	from *yaml.Node
}

// mergedScalars records the scalars of target that merging update into it
// overwrites in place: those where update has a scalar at the same keys.
func mergedScalars(target, update *yaml.Node, into map[*yaml.Node]mergedScalar) {
	switch {
	case target.Kind == yaml.ScalarNode && update.Kind == yaml.ScalarNode:
		into[target] = mergedScalar{was: target.Value, from: update}
	case target.Kind == yaml.MappingNode && update.Kind == yaml.MappingNode:
		for i := 0; i+1 < len(update.Content); i += 2 {
			if t := mappingValue(target, update.Content[i].Value); t != nil {
				mergedScalars(t, update.Content[i+1], into)
			}
		}
	}
}
