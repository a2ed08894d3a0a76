package changes

// An independent list of what changed between two versions of a vendor
// document, for the operations a filter keeps: it reads the documents with
// encoding/json only (no kin-openapi, no internal/spec), so authgen's
// report can be held to it rather than to a golden authgen wrote.

import (
	"encoding/json"
	"fmt"
	"os"
	"sort"
	"strings"
	"testing"
)

type doc map[string]any

func readDoc(t *testing.T, path string) doc {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var d doc
	if err := json.Unmarshal(b, &d); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return d
}

func obj(v any) map[string]any { m, _ := v.(map[string]any); return m }
func list(v any) []any         { l, _ := v.([]any); return l }

// resolve follows a local $ref.
func (d doc) resolve(v any) map[string]any {
	m := obj(v)
	for m != nil {
		ref, ok := m["$ref"].(string)
		if !ok {
			return m
		}
		var cur any = map[string]any(d)
		for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
			cur = obj(cur)[part]
		}
		m = obj(cur)
	}
	return m
}

// operations is every kept operation by operationId.
func (d doc) operations(keep map[string]bool) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, item := range obj(d["paths"]) {
		for method, op := range obj(item) {
			if o := obj(op); o != nil && method != "parameters" {
				if id, _ := o["operationId"].(string); keep[id] {
					out[id] = o
				}
			}
		}
	}
	return out
}

// truthChange is one true change and what it means to a Go caller.
type truthChange struct {
	what     string // "<operationId> <where>: <change>"
	breaking bool
}

func (c truthChange) String() string {
	label := "compatible"
	if c.breaking {
		label = "breaking"
	}
	return label + ": " + c.what
}

// trueChanges lists operations added and removed and, for the operations
// in both, their parameters, request members and response members added,
// removed, or made required, optional or (response) nullable, and their
// enum values added and removed.
func trueChanges(old, new doc, keep map[string]bool) []truthChange {
	var out []truthChange
	add := func(breaking bool, format string, args ...any) {
		out = append(out, truthChange{fmt.Sprintf(format, args...), breaking})
	}
	oldOps, newOps := old.operations(keep), new.operations(keep)
	for id := range oldOps {
		if newOps[id] == nil {
			add(true, "%s: operation removed", id)
		}
	}
	for id, op := range newOps {
		if oldOps[id] == nil {
			add(false, "%s: operation added", id)
			continue
		}
		before := oldOps[id]
		params := func(d doc, op map[string]any) map[string]map[string]any {
			m := map[string]map[string]any{}
			for _, p := range list(op["parameters"]) {
				p := d.resolve(p)
				m[fmt.Sprint(p["in"], " ", p["name"])] = p
			}
			return m
		}
		op1, op2 := params(old, before), params(new, op)
		for k := range op1 {
			if op2[k] == nil {
				add(true, "%s parameter %s: removed", id, k)
			}
		}
		for k, p := range op2 {
			q := op1[k]
			req := p["required"] == true
			if q == nil {
				add(req, "%s parameter %s: added (%s)", id, k, requiredWord(req))
				continue
			}
			if was := q["required"] == true; was != req {
				add(req, "%s parameter %s: now %s", id, k, requiredWord(req))
			}
			enumChanges(add, id+" parameter "+k, old.resolve(q["schema"]), new.resolve(p["schema"]), false)
		}
		members(add, id+" request", old, new, requestSchema(old, before), requestSchema(new, op), false)
		members(add, id+" response", old, new, responseSchema(old, before), responseSchema(new, op), true)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].what < out[j].what })
	return out
}

func requiredWord(required bool) string {
	if required {
		return "required"
	}
	return "optional"
}

func requestSchema(d doc, op map[string]any) map[string]any {
	return firstSchema(d, d.resolve(op["requestBody"]))
}

func responseSchema(d doc, op map[string]any) map[string]any {
	responses := obj(op["responses"])
	for _, status := range sortedKeys(responses) {
		if strings.HasPrefix(status, "2") {
			if s := firstSchema(d, d.resolve(responses[status])); s != nil {
				return s
			}
		}
	}
	return nil
}

// firstSchema is the schema of a body's first media type in sorted order
// (Twilio's bodies have one).
func firstSchema(d doc, body map[string]any) map[string]any {
	content := obj(body["content"])
	for _, media := range sortedKeys(content) {
		return d.resolve(obj(content[media])["schema"])
	}
	return nil
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// members compares an object schema's properties, and theirs in turn. In a
// request a member added required, or made
// required, breaks callers; in a response a member removed does, and so
// does one made nullable or no longer nullable (authgen's type or its nil
// changes).
func members(add func(bool, string, ...any), where string, old, new doc, a, b map[string]any, response bool) {
	// A schema that contains itself is walked a few levels, not forever.
	if a == nil || b == nil || strings.Count(where, " member ") > 6 {
		return
	}
	required := func(s map[string]any) map[string]bool {
		m := map[string]bool{}
		for _, r := range list(s["required"]) {
			m[fmt.Sprint(r)] = true
		}
		return m
	}
	ra, rb := required(a), required(b)
	pa, pb := obj(a["properties"]), obj(b["properties"])
	for name := range pa {
		if pb[name] == nil {
			add(true, "%s member %s: removed", where, name)
		}
	}
	for name, p := range pb {
		ps := new.resolve(p)
		if pa[name] == nil {
			add(!response && rb[name], "%s member %s: added (%s)", where, name, requiredWord(rb[name]))
			continue
		}
		qs := old.resolve(pa[name])
		if ra[name] != rb[name] {
			add(true, "%s member %s: now %s", where, name, requiredWord(rb[name]))
		}
		if was, is := qs["nullable"] == true, ps["nullable"] == true; was != is {
			add(true, "%s member %s: nullable %v, now %v", where, name, was, is)
		}
		if qs["type"] != ps["type"] {
			add(true, "%s member %s: type %v, now %v", where, name, qs["type"], ps["type"])
		}
		enumChanges(add, where+" member "+name, qs, ps, response)
		// Every schema the operation reaches: a nested object's members,
		// and an array's items'.
		if obj(qs["items"]) != nil && obj(ps["items"]) != nil {
			qs, ps = old.resolve(qs["items"]), new.resolve(ps["items"])
		}
		members(add, where+" member "+name, old, new, qs, ps, response)
	}
}

// enumChanges: a value added is new to send (request) but one a switch
// over a response's values may not handle; compatible for the Go API
// either way (a new constant). A value removed is a constant gone:
// breaking.
func enumChanges(add func(bool, string, ...any), where string, a, b map[string]any, response bool) {
	values := func(s map[string]any) map[string]bool {
		m := map[string]bool{}
		for _, v := range list(s["enum"]) {
			m[fmt.Sprint(v)] = true
		}
		if items := obj(s["items"]); items != nil {
			for _, v := range list(items["enum"]) {
				m[fmt.Sprint(v)] = true
			}
		}
		return m
	}
	va, vb := values(a), values(b)
	for v := range va {
		if !vb[v] {
			add(true, "%s: enum value %q removed", where, v)
		}
	}
	for v := range vb {
		if !va[v] {
			add(false, "%s: enum value %q added", where, v)
		}
	}
}

// verifyKept is the overlay's operations filter (testdata/diff/
// twilio-verify-v2/overlay.yaml), repeated here so the lister reads no
// YAML; TestVerifyTruthFilter checks the two agree.
var verifyKept = []string{
	"CreateVerification", "CreateVerificationCheck", "FetchVerification", "UpdateVerification",
	"CreateService", "FetchService", "UpdateService", "CreateNewFactor", "CreateChallenge", "FetchFactor",
	"CreateNewFactorPasskey", "CreateChallengePasskeys", "UpdatePasskeysFactor", "UpdateChallengePasskeys",
}

// TestVerifyTruth writes the independent list to truth.txt (for reading)
// and checks it is fresh.
func TestVerifyTruth(t *testing.T) {
	dir := "../../testdata/diff/twilio-verify-v2/"
	keep := map[string]bool{}
	for _, id := range verifyKept {
		keep[id] = true
	}
	overlay, err := os.ReadFile(dir + "overlay.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, id := range verifyKept {
		if !strings.Contains(string(overlay), "- "+id+"\n") {
			t.Errorf("overlay.yaml does not keep %s", id)
		}
	}
	var b strings.Builder
	for _, c := range trueChanges(readDoc(t, dir+"old.json"), readDoc(t, dir+"new.json"), keep) {
		b.WriteString(c.String() + "\n")
	}
	if *update {
		if err := os.WriteFile(dir+"truth.txt", []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, _ := os.ReadFile(dir + "truth.txt")
	if string(want) != b.String() {
		t.Errorf("truth.txt is stale; rerun with -update")
	}
}
