package changes

import (
	"fmt"
	"go/types"
	"reflect"
	"sort"
	"strings"

	"github.com/authgen/authgen/internal/spec"
)

// rename is a struct field whose old and new member agree in everything
// but the name: apidiff sees one field removed and another added, the Go
// caller sees one name to change.
type rename struct {
	structName       string
	oldField         string
	newField         string
	oldJSON, newJSON string
}

// message names the rename; breaking, since code naming the old field no
// longer compiles.
func (r rename) message() string {
	return fmt.Sprintf("%s.%s: renamed to %s.%s (%q, now %q), otherwise the same", r.structName, r.oldField, r.structName, r.newField, r.oldJSON, r.newJSON)
}

// foldRenames replaces each removed+added pair that renames describes with
// one change.
func foldRenames(cs []Change, renames []rename) []Change {
	drop := map[string]bool{}
	for _, r := range renames {
		drop[fmt.Sprintf("%s.%s: removed", r.structName, r.oldField)] = true
		drop[fmt.Sprintf("%s.%s: added", r.structName, r.newField)] = true
	}
	out := cs[:0]
	for _, c := range cs {
		if c.Area == AreaAPI && drop[c.Message] {
			continue
		}
		out = append(out, c)
	}
	for _, r := range renames {
		out = append(out, Change{Area: AreaAPI, Breaking: true, Message: r.message()})
	}
	return out
}

// findRenames pairs, in each struct both packages declare, a field only the
// old one has with a field only the new one has when the two agree in Go
// type, in their tag but for the JSON name (so in requiredness), and in
// documentation; and, when undocumented, in position. A pair counts only
// when neither field matches any other: two removed strings and one added
// string are not a rename of either.
func findRenames(oldPkg, newPkg *types.Package, oldDocs, newDocs map[string]member) []rename {
	var out []rename
	for _, name := range oldPkg.Scope().Names() {
		oldStruct, ok := structOf(oldPkg, name)
		if !ok {
			continue
		}
		newStruct, ok := structOf(newPkg, name)
		if !ok {
			continue
		}
		gone, came := onlyIn(oldStruct, newStruct), onlyIn(newStruct, oldStruct)
		matches := map[int][]int{}
		matchedBy := map[int]int{}
		for _, g := range gone {
			for _, c := range came {
				if sameButName(name, oldStruct, g, newStruct, c, oldDocs, newDocs) {
					matches[g] = append(matches[g], c)
					matchedBy[c]++
				}
			}
		}
		for _, g := range gone {
			if len(matches[g]) != 1 || matchedBy[matches[g][0]] != 1 {
				continue
			}
			c := matches[g][0]
			out = append(out, rename{
				structName: name,
				oldField:   oldStruct.Field(g).Name(), newField: newStruct.Field(c).Name(),
				oldJSON: wireName(name, oldStruct, g, oldDocs), newJSON: wireName(name, newStruct, c, newDocs),
			})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].message() < out[j].message() })
	return out
}

func structOf(pkg *types.Package, name string) (*types.Struct, bool) {
	tn, ok := pkg.Scope().Lookup(name).(*types.TypeName)
	if !ok || tn.IsAlias() {
		return nil, false
	}
	s, ok := tn.Type().Underlying().(*types.Struct)
	return s, ok
}

// onlyIn is the indexes of a's exported fields b has no field named like.
func onlyIn(a, b *types.Struct) []int {
	names := map[string]bool{}
	for i := range b.NumFields() {
		names[b.Field(i).Name()] = true
	}
	var out []int
	for i := range a.NumFields() {
		if f := a.Field(i); f.Exported() && !names[f.Name()] {
			out = append(out, i)
		}
	}
	return out
}

func sameButName(structName string, os *types.Struct, oi int, ns *types.Struct, ni int, oldDocs, newDocs map[string]member) bool {
	of, nf := os.Field(oi), ns.Field(ni)
	if types.TypeString(of.Type(), relative) != types.TypeString(nf.Type(), relative) {
		return false
	}
	oldWire, newWire := wireName(structName, os, oi, oldDocs), wireName(structName, ns, ni, newDocs)
	if oldWire == "" || oldWire == newWire {
		return false
	}
	if oldJSON := jsonName(os.Tag(oi)); oldJSON != "" {
		if strings.Replace(os.Tag(oi), `"`+oldJSON, `"`+jsonName(ns.Tag(ni)), 1) != ns.Tag(ni) {
			return false
		}
	} else if os.Tag(oi) != ns.Tag(ni) {
		return false
	}
	oldDoc, newDoc := oldDocs[structName+"."+of.Name()].doc, newDocs[structName+"."+nf.Name()].doc
	if oldDoc != newDoc {
		return false
	}
	return oldDoc != "" || oi == ni
}

// wireName is the field's name on the wire: its JSON name, or for a Params
// field (no tag) its parameter's name.
func wireName(structName string, s *types.Struct, i int, docs map[string]member) string {
	if name := jsonName(s.Tag(i)); name != "" {
		return name
	}
	return docs[structName+"."+s.Field(i).Name()].wire
}

func relative(p *types.Package) string { return p.Name() }

func jsonName(tag string) string {
	name, _, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
	return name
}

// member is what the model says of a struct field that its Go type does
// not: its documentation and its name on the wire.
type member struct{ doc, wire string }

// memberDocs is each struct field's member by "Struct.Field": model
// members' and Params fields' (query, header and cookie parameters).
func memberDocs(p *spec.Provider) map[string]member {
	docs := map[string]member{}
	if p == nil {
		return docs
	}
	for _, m := range p.Models {
		if s, ok := m.(*spec.StructModel); ok {
			for _, f := range s.Fields {
				docs[s.GoName+"."+f.GoName] = member{f.Description, f.Name}
			}
		}
	}
	for _, op := range p.Operations {
		if op.ParamsGoName == "" {
			continue
		}
		for _, ps := range [][]spec.Parameter{op.QueryParams, op.HeaderParams, op.CookieParams} {
			for _, prm := range ps {
				docs[op.ParamsGoName+"."+prm.GoName] = member{prm.Description, prm.Name}
			}
		}
	}
	return docs
}
