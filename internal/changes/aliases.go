package changes

import (
	"fmt"
	"go/types"
	"regexp"
	"sort"
	"strings"
)

// The generator declares two models the document describes alike as one
// type and an alias (type B = A). When an edit makes them differ, B
// becomes its own type, and apidiff reports that in its own terms: "B:
// changed from A to B", and a line per use of B "changed from *B to *B",
// the same text on both sides, while the methods B gained or lost are not
// reported at all (an empty union member added to B showed as nothing, or
// under A's name). foldAliasSplits replaces those lines with one line
// that says what happened, and B's method changes under B's name.

// aliasSplit is a type that was an alias of another and is its own now.
type aliasSplit struct {
	name, was string
	oldType   types.Type // the aliased type, as it was
	newType   types.Type
}

// aliasSplits finds the package-level aliases of old that are defined
// types in new.
func aliasSplits(oldPkg, newPkg *types.Package) []aliasSplit {
	var out []aliasSplit
	for _, name := range oldPkg.Scope().Names() {
		oldObj, ok := oldPkg.Scope().Lookup(name).(*types.TypeName)
		if !ok || !oldObj.IsAlias() || !oldObj.Exported() {
			continue
		}
		newObj, ok := newPkg.Scope().Lookup(name).(*types.TypeName)
		if !ok || newObj.IsAlias() {
			continue
		}
		aliased := types.Unalias(oldObj.Type())
		named, ok := aliased.(*types.Named)
		if !ok || named.Obj().Pkg() != oldPkg {
			continue
		}
		out = append(out, aliasSplit{name: name, was: named.Obj().Name(), oldType: aliased, newType: newObj.Type()})
	}
	return out
}

// sameTypeText is apidiff's message for a change whose two sides print
// alike: "<name>: changed from <T> to <T>".
var sameTypeText = regexp.MustCompile(`^(.*): changed from (.*) to (.*)$`)

// foldAliasSplits rewrites changes for the splits (see above).
func foldAliasSplits(changes []Change, splits []aliasSplit) []Change {
	if len(splits) == 0 {
		return changes
	}
	split := map[string]aliasSplit{}
	var names []string
	for _, s := range splits {
		split[s.name] = s
		names = append(names, regexp.QuoteMeta(s.name))
	}
	mentionsSplit := regexp.MustCompile(`\b(` + strings.Join(names, "|") + `)\b`).MatchString
	var out []Change
	for _, c := range changes {
		if m := sameTypeText.FindStringSubmatch(c.Message); m != nil {
			if s, ok := split[m[1]]; ok && m[2] == s.was && m[3] == s.name {
				continue // the split itself: said once below
			}
			if m[2] == m[3] && mentionsSplit(m[2]) {
				continue // a use of the split type: nothing changed in its text
			}
		}
		out = append(out, c)
	}
	for _, s := range splits {
		out = append(out, Change{Area: AreaAPI, Breaking: true, Message: fmt.Sprintf(
			"%s: its own type now, no longer another name of %s (the document no longer describes the two alike): a value of one is not a value of the other", s.name, s.was)})
		out = append(out, methodChanges(s)...)
	}
	return out
}

// methodChanges lists the methods the split type gained or lost against
// the type it was an alias of.
func methodChanges(s aliasSplit) []Change {
	oldMethods, newMethods := methodSet(s.oldType), methodSet(s.newType)
	var out []Change
	for name, sig := range newMethods {
		if old, ok := oldMethods[name]; !ok {
			out = append(out, Change{Area: AreaAPI, Message: fmt.Sprintf("%s.%s: added", s.name, name)})
		} else if old != sig {
			out = append(out, Change{Area: AreaAPI, Breaking: true, Message: fmt.Sprintf("%s.%s: changed from %s to %s", s.name, name, old, sig)})
		}
	}
	for name := range oldMethods {
		if _, ok := newMethods[name]; !ok {
			out = append(out, Change{Area: AreaAPI, Breaking: true, Message: fmt.Sprintf("%s.%s: removed", s.name, name)})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Message < out[j].Message })
	return out
}

// methodSet is the exported methods of t and *t by name, each signature
// printed with the package's own names unqualified, and the type itself
// as "T" so that A's methods and B's compare.
func methodSet(t types.Type) map[string]string {
	named, ok := t.(*types.Named)
	if !ok {
		return nil
	}
	self := named.Obj().Name()
	qualifier := func(p *types.Package) string {
		if p == named.Obj().Pkg() {
			return ""
		}
		return p.Name()
	}
	out := map[string]string{}
	for _, typ := range []types.Type{named, types.NewPointer(named)} {
		ms := types.NewMethodSet(typ)
		for i := range ms.Len() {
			fn := ms.At(i).Obj()
			if !fn.Exported() {
				continue
			}
			sig := types.TypeString(fn.Type(), qualifier)
			out[fn.Name()] = regexp.MustCompile(`\b`+regexp.QuoteMeta(self)+`\b`).ReplaceAllString(sig, "T")
		}
	}
	return out
}
