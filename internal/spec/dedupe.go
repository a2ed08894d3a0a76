package spec

import (
	"fmt"
	"strconv"
	"strings"
)

// dedupeInlineModels finds inline models that are alike in every respect
// the Go code shows (fields, their types, tags, pointers, documentation;
// enum values; union variants) and makes each one but the first a type
// alias of the first: ModelCommon.SameAs. Vendors repeat inline schemas
// (Stripe's payment_method_options under three payment-intent operations,
// its address under every customer call); without this the client
// declares each copy with all its methods, and the package builds for
// them all.
//
// Component schemas are never merged: their names are the vendor's, and
// two components alike in shape are still two things. A reference to a
// component therefore compares by name; a reference to an inline model
// compares by the class of that model, found by refining the partition
// until it is stable (so cycles of inline models compare correctly).
func (b *builder) dedupeInlineModels() {
	models := b.p.Models
	component := map[string]bool{}
	for _, goName := range b.models.components {
		component[goName] = true
	}
	// Each model's signature is written once, with a mark where a
	// reference to an inline model stands; refs lists those models in
	// order. A round then only joins the local signature with the classes
	// of its refs.
	index := make(map[Model]int, len(models))
	for i, m := range models {
		index[m] = i
	}
	local := make([]string, len(models))
	refs := make([][]int, len(models))
	for i, m := range models {
		sig := modelSignature(m, func(n *Named) string {
			j, inline := index[n.Model]
			if n.Model == nil || !inline || component[n.GoName] {
				return "C" + n.GoName
			}
			refs[i] = append(refs[i], j)
			return "I"
		})
		if component[m.Common().GoName] {
			sig = "C" + m.Common().GoName + "|" + sig // never merged
		}
		local[i] = sig
	}
	class := make([]int, len(models)) // round 0: every model in class 0
	count := 1
	key := make([]byte, 0, 256)
	stable := false
	for round := 0; round < maxDedupeRounds; round++ {
		ids := make(map[string]int, len(models))
		next := make([]int, len(models))
		for i := range models {
			key = append(key[:0], local[i]...)
			for _, j := range refs[i] {
				key = append(key, '|')
				key = strconv.AppendInt(key, int64(class[j]), 10)
			}
			id, ok := ids[string(key)]
			if !ok {
				id = len(ids)
				ids[string(key)] = id
			}
			next[i] = id
		}
		class = next
		if len(ids) == count {
			stable = true // no class split this round
			break
		}
		count = len(ids)
	}
	if !stable {
		// A partition that still splits may hold models that differ:
		// nothing is merged, and the client is only larger.
		return
	}
	first := map[int]Model{}   // class -> the model the others alias
	for i, m := range models { // sorted by GoName: the first name wins
		c := m.Common()
		if component[c.GoName] {
			continue
		}
		if canonical, ok := first[class[i]]; ok {
			c.SameAs = canonical.Common().GoName
			continue
		}
		first[class[i]] = m
	}
}

// maxDedupeRounds bounds the refinement. A round tells apart models one
// more reference away from where they differ; public specs are stable
// after 3 or 4 (Stripe 3, GitHub 4), and a hostile chain of references
// into other schemas' insides could otherwise take a round per model.
// Tests lower it.
var maxDedupeRounds = 64

// modelSignature writes down everything of m that its Go declaration
// shows, except its own name and documentation (an alias keeps those);
// ref names a referenced model.
func modelSignature(m Model, ref func(*Named) string) string {
	var sb strings.Builder
	typ := func(t Type) {
		writeTypeSignature(&sb, t, ref)
		sb.WriteByte(';')
	}
	switch x := m.(type) {
	case *StructModel:
		sb.WriteString("struct;")
		for _, f := range x.Fields {
			fmt.Fprintf(&sb, "%q %q %t %t %t %t %q ", f.Name, f.GoName, f.Optional, f.Nullable, f.Pointer, f.Deprecated, f.Description)
			typ(f.Type)
		}
		if x.Extra != nil {
			sb.WriteString("extra ")
			typ(x.Extra)
		}
	case *EnumModel:
		fmt.Fprintf(&sb, "enum %d;", x.Underlying)
		for _, v := range x.Values {
			fmt.Fprintf(&sb, "%q %v;", strings.TrimPrefix(v.GoName, x.GoName), v.Value)
		}
	case *AliasModel:
		fmt.Fprintf(&sb, "alias %t;", x.TypeAlias)
		typ(x.Underlying)
	case *UnionModel:
		fmt.Fprintf(&sb, "union %q;", x.Discriminator)
		for _, v := range x.Variants {
			fmt.Fprintf(&sb, "%q %q %q %q %q ", v.GoName, strings.TrimPrefix(v.Constructor, x.GoName), v.Tag, v.Shape.Kind, v.Shape.Required)
			for _, fp := range v.Shape.Fixed {
				fmt.Fprintf(&sb, "%q=%#v ", fp.Name, fp.Value)
			}
			typ(v.Type)
		}
	}
	return sb.String()
}

func writeTypeSignature(sb *strings.Builder, t Type, ref func(*Named) string) {
	switch x := t.(type) {
	case nil:
		sb.WriteString("nil")
	case Primitive:
		sb.WriteString(strconv.Itoa(int(x)))
	case *Slice:
		sb.WriteString("[]")
		writeTypeSignature(sb, x.Elem, ref)
	case *Map:
		sb.WriteString("map[]")
		writeTypeSignature(sb, x.Elem, ref)
	case *Named:
		sb.WriteString(ref(x))
	}
}
