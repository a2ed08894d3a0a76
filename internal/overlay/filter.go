package overlay

import (
	"fmt"
	"net/url"
	"regexp"
	"sort"
	"strings"

	"gopkg.in/yaml.v3"
)

// FilterKey is the key, inside the document's x-authgen block, of the
// operations to keep.
const FilterKey = "operations"

// methods are the keys of a path item that hold operations.
var methods = map[string]bool{"get": true, "put": true, "post": true, "delete": true, "options": true, "head": true, "patch": true, "trace": true}

// filter is x-authgen.operations: an operation is kept when any entry of
// any list matches it.
type filter struct {
	tags, ids, paths, webhooks []filterEntry
}

type filterEntry struct {
	value   string
	pos     Position
	pattern *regexp.Regexp // paths only
	matched bool
}

// HasFilter reports whether the document's x-authgen block asks to keep
// only some operations.
func (d *Document) HasFilter() bool {
	return d.filterNode() != nil
}

func (d *Document) filterNode() *yaml.Node {
	return mappingValue(mappingValue(topMapping(d.root), "x-authgen"), FilterKey)
}

// readFilter reads x-authgen.operations. Entries of the wrong type are
// skipped: the spec's own decoder reports them.
func (d *Document) readFilter() *filter {
	n := d.filterNode()
	if n == nil {
		return nil
	}
	f := &filter{}
	entries := func(key string) []filterEntry {
		list := mappingValue(n, key)
		if list == nil || list.Kind != yaml.SequenceNode {
			return nil
		}
		var out []filterEntry
		for _, item := range list.Content {
			if item.Kind != yaml.ScalarNode {
				continue
			}
			pos, _ := d.origin(item)
			out = append(out, filterEntry{value: item.Value, pos: pos})
		}
		return out
	}
	f.tags, f.ids, f.paths, f.webhooks = entries("tags"), entries("operationIds"), entries("paths"), entries("webhooks")
	for i := range f.paths {
		f.paths[i].pattern = pathPattern(f.paths[i].value)
	}
	return f
}

// pathPattern compiles a path pattern: "*" matches within one segment,
// "**" matches any run of segments, anything else matches itself.
func pathPattern(p string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("^")
	for i := 0; i < len(p); i++ {
		switch {
		case strings.HasPrefix(p[i:], "**"):
			b.WriteString(".*")
			i++
		case p[i] == '*':
			b.WriteString("[^/]*")
		default:
			b.WriteString(regexp.QuoteMeta(p[i : i+1]))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

func (f *filter) keeps(path, id string, tags []string) bool {
	keep := false
	mark := func(e *filterEntry, ok bool) {
		if ok {
			e.matched, keep = true, true
		}
	}
	for i := range f.ids {
		mark(&f.ids[i], f.ids[i].value == id)
	}
	for i := range f.paths {
		mark(&f.paths[i], f.paths[i].pattern.MatchString(path))
	}
	for i := range f.tags {
		for _, t := range tags {
			mark(&f.tags[i], f.tags[i].value == t)
		}
	}
	return keep
}

// Filter keeps only the operations x-authgen.operations names, then only
// the components they (and the rest of the document outside components)
// reach through $refs. An entry that matches no operation is a warning; a
// filter that keeps nothing is an error.
func (d *Document) Filter() ([]Warning, error) {
	f := d.readFilter()
	if f == nil {
		return nil, nil
	}
	top := topMapping(d.root)
	kept := 0
	if paths := mappingValue(top, "paths"); paths != nil && paths.Kind == yaml.MappingNode {
		var keepPaths []*yaml.Node
		for i := 0; i+1 < len(paths.Content); i += 2 {
			path, item := paths.Content[i].Value, paths.Content[i+1]
			if item.Kind != yaml.MappingNode {
				continue
			}
			var keepItem []*yaml.Node
			ops := 0
			for j := 0; j+1 < len(item.Content); j += 2 {
				key, value := item.Content[j].Value, item.Content[j+1]
				if methods[key] {
					if !f.keeps(path, scalar(mappingValue(value, "operationId")), scalars(mappingValue(value, "tags"))) {
						continue
					}
					ops++
				}
				keepItem = append(keepItem, item.Content[j], value)
			}
			if ops > 0 || mappingValue(item, "$ref") != nil && f.keeps(path, "", nil) {
				item.Content = keepItem
				keepPaths = append(keepPaths, paths.Content[i], item)
				kept += max(ops, 1)
			}
		}
		paths.Content = keepPaths
	}
	// Webhooks (OpenAPI 3.1) are kept only when named: GitHub's alone
	// reach most of its schemas.
	if hooks := mappingValue(top, "webhooks"); hooks != nil && hooks.Kind == yaml.MappingNode {
		var keep []*yaml.Node
		for i := 0; i+1 < len(hooks.Content); i += 2 {
			for j := range f.webhooks {
				if f.webhooks[j].value == hooks.Content[i].Value {
					f.webhooks[j].matched = true
					keep = append(keep, hooks.Content[i], hooks.Content[i+1])
					break
				}
			}
		}
		hooks.Content = keep
	}
	var warnings []Warning
	for _, list := range [][]filterEntry{f.tags, f.ids, f.paths, f.webhooks} {
		for _, e := range list {
			if !e.matched {
				warnings = append(warnings, Warning{Pos: e.pos, Message: fmt.Sprintf("x-authgen.operations: %q matches nothing", e.value)})
			}
		}
	}
	if kept == 0 {
		pos, _ := d.origin(d.filterNode())
		return warnings, errorAt(pos, "x-authgen.operations keeps no operation")
	}
	d.pruneComponents()
	return warnings, nil
}

func scalar(n *yaml.Node) string {
	if n == nil || n.Kind != yaml.ScalarNode {
		return ""
	}
	return n.Value
}

func scalars(n *yaml.Node) []string {
	if n == nil || n.Kind != yaml.SequenceNode {
		return nil
	}
	var out []string
	for _, c := range n.Content {
		out = append(out, scalar(c))
	}
	return out
}

// pruneComponents removes every component that nothing outside
// components reaches, and the top-level extensions of other tools. Security schemes stay: requirements name them
// without a $ref.
func (d *Document) pruneComponents() {
	top := topMapping(d.root)
	components := mappingValue(top, "components")
	if components == nil || components.Kind != yaml.MappingNode {
		return
	}
	reached := map[string]bool{} // "schemas/Name"
	var queue []*yaml.Node
	var keepTop []*yaml.Node
	for i := 0; i+1 < len(top.Content); i += 2 {
		key := top.Content[i].Value
		if strings.HasPrefix(key, "x-") && key != "x-authgen" {
			// Another tool's extension (GitHub's x-webhooks reaches most
			// of its schemas); nothing authgen generates reads it.
			continue
		}
		keepTop = append(keepTop, top.Content[i], top.Content[i+1])
		if key != "components" {
			queue = append(queue, top.Content[i+1])
		}
	}
	top.Content = keepTop
	for len(queue) > 0 {
		n := queue[len(queue)-1]
		queue = queue[:len(queue)-1]
		for _, ref := range localRefs(n) {
			if reached[ref] {
				continue
			}
			reached[ref] = true
			kind, name, _ := strings.Cut(ref, "/")
			if target := mappingValue(mappingValue(components, kind), name); target != nil {
				queue = append(queue, target)
			}
		}
	}
	for i := 0; i+1 < len(components.Content); i += 2 {
		kind, group := components.Content[i].Value, components.Content[i+1]
		if kind == "securitySchemes" || group.Kind != yaml.MappingNode {
			continue
		}
		var keep []*yaml.Node
		for j := 0; j+1 < len(group.Content); j += 2 {
			if reached[kind+"/"+group.Content[j].Value] {
				keep = append(keep, group.Content[j], group.Content[j+1])
			}
		}
		group.Content = keep
	}
}

// localRefs lists the components n refers to, as "kind/name": every $ref
// to "#/components/kind/name" and every schema a discriminator mapping
// names (by reference or by bare name).
func localRefs(n *yaml.Node) []string {
	var out []string
	add := func(ref string) {
		rest, ok := strings.CutPrefix(ref, "#/components/")
		if !ok {
			return
		}
		kind, name, ok := strings.Cut(rest, "/")
		if !ok {
			return
		}
		name, _, _ = strings.Cut(name, "/") // a ref into a component keeps all of it
		out = append(out, kind+"/"+unescapePointer(name))
	}
	var walk func(n *yaml.Node)
	walk = func(n *yaml.Node) {
		if n.Kind == yaml.ScalarNode && strings.HasPrefix(n.Value, "#/components/") {
			// A reference outside a $ref: x-authgen.webhooks.events
			// names its schemas so.
			add(n.Value)
		}
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				key, value := n.Content[i].Value, n.Content[i+1]
				switch {
				case key == "$ref" && value.Kind == yaml.ScalarNode:
					add(value.Value)
				case key == "mapping" && value.Kind == yaml.MappingNode:
					for j := 1; j < len(value.Content); j += 2 {
						if v := value.Content[j].Value; strings.HasPrefix(v, "#") {
							add(v)
						} else {
							add("#/components/schemas/" + v)
						}
					}
				}
			}
		}
		for _, c := range n.Content {
			walk(c)
		}
	}
	walk(n)
	sort.Strings(out)
	return out
}

// unescapePointer undoes a JSON pointer token's escapes (RFC 6901) and the
// percent-encoding a URI fragment may add.
func unescapePointer(s string) string {
	if u, err := url.PathUnescape(s); err == nil {
		s = u
	}
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}
