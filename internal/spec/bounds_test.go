package spec

import (
	"fmt"
	"math/rand/v2"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v4"
)

// TestHostileInputsAreRefusedAtTheirCap loads the inputs of
// testdata/specs/hostile/refused (issue 23), each a few hundred bytes that
// once took seconds and gigabytes, and wants each refused at its cap with
// the place named, having allocated little.
func TestHostileInputsAreRefusedAtTheirCap(t *testing.T) {
	want := map[string]string{
		"alias-levels.yaml":              "alias-levels.yaml:12:9: the aliases of anchor &L4 add more than 100000 nodes",
		"overlay-alias-fan-out.yaml":     "overlay-alias-fan-out.yaml:12:12: the aliases of anchor &d add more than 100000 nodes",
		"overlay-update-everywhere.yaml": `overlay-update-everywhere.yaml:17:13: action 6 (target "$..*") matches`,
	}
	specs, _ := filepath.Glob("../../testdata/specs/hostile/refused/*.yaml")
	if len(specs) != len(want) {
		t.Fatalf("found %d inputs, want %d", len(specs), len(want))
	}
	for _, path := range specs {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			_, _, err := Load(path, Options{})
			runtime.ReadMemStats(&after)
			if err == nil || !strings.Contains(err.Error(), want[name]) {
				t.Errorf("err = %v\nwant %s...", err, want[name])
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
				t.Errorf("refusing allocated %d MiB", alloc>>20)
			}
		})
	}
}

// aliasLevels is a spec whose schemas L1..Llevels each use the one before
// uses times through an alias.
func aliasLevels(levels, uses int) string {
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: A, version: \"1\"}\npaths: {}\ncomponents:\n  schemas:\n    L0: &L0 {type: string}\n")
	for l := 1; l <= levels; l++ {
		fmt.Fprintf(&b, "    L%d: &L%d {properties: {", l, l)
		for u := range uses {
			if u > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "p%d: *L%d", u, l-1)
		}
		b.WriteString("}}\n")
	}
	b.WriteString("x-authgen: {package: a}\n")
	return b.String()
}

// TestAliasExpansionIsCounted: the check counts what aliases expand to,
// multiplied through nesting, not how many there are (the YAML library's
// guard, which nine aliases a level never reach). Past the cap the spec is
// refused at the anchor where the sum passes it; under it, it loads.
func TestAliasExpansionIsCounted(t *testing.T) {
	saved := maxAliasNodes
	maxAliasNodes = 300
	t.Cleanup(func() { maxAliasNodes = saved })
	// Expanded, L0 is 3 nodes, L1 15, L2 51, L3 159: the uses of L0 to L2
	// add 198 nodes, those of L3 pass 300.
	_, _, err := LoadData("levels.yaml", []byte(aliasLevels(4, 3)), Options{})
	want := "levels.yaml:9:9: the aliases of anchor &L3 add more than 300 nodes"
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("err = %v\nwant %s...", err, want)
	}
	if _, _, err := LoadData("levels.yaml", []byte(aliasLevels(2, 3)), Options{}); err != nil {
		t.Errorf("two levels: %v", err)
	}
}

// manyKeys is a spec with one extension object of keys short keys: the
// shape that took 60 s at 790 KB when the YAML decoder checked every key
// against every other. extra is added at the end.
func manyKeys(keys int, extra string) []byte {
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: Keys, version: \"1\"}\npaths: {}\nx-foo:\n")
	for i := range keys {
		fmt.Fprintf(&b, "  k%d: 1\n", i)
	}
	b.WriteString(extra + "x-authgen: {package: keys}\n")
	return []byte(b.String())
}

// TestLoadIsLinearInAMappingsKeys: 80,000 keys in one extension object
// (950 KB; about 60 s before, under a second now) load well inside 10 s,
// with every key kept; such a document holding what the chunked path
// leaves to kin-openapi (a duplicate key, an alias) is refused at that
// node rather than handed to the quadratic decoder.
func TestLoadIsLinearInAMappingsKeys(t *testing.T) {
	start := time.Now()
	p, _, err := LoadData("keys.yaml", manyKeys(80_000, ""), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("80,000 keys took %v", d)
	}
	if p.Package != "keys" {
		t.Errorf("package %q", p.Package)
	}
	for extra, want := range map[string]string{
		"x-foo2: {k1: 1, k1: 2}\n": `keys.yaml:80005:17: mapping key "k1" already defined at line 80005, in a document with a mapping of 80000 keys (line 5)`,
		"x-a: &a [1]\nx-b: *a\n":   "keys.yaml:80005:6: a YAML anchor or alias, in a document",
	} {
		_, _, err := LoadData("keys.yaml", manyKeys(80_000, extra), Options{})
		if err == nil || !strings.HasPrefix(err.Error(), want) {
			t.Errorf("err = %v\nwant %s...", err, want)
		}
	}
}

// TestLargeMappingsAnywhereAreChunked: not only components maps: an
// extension object, a schema's properties and a path item's extensions
// past the threshold are decoded a chunk at a time, and mean what they
// mean on kin-openapi's own path.
func TestLargeMappingsAnywhereAreChunked(t *testing.T) {
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: T, version: \"1\"}\npaths:\n  /a:\n")
	for i := range 60 {
		fmt.Fprintf(&b, "    x-p%d: %d\n", i, i)
	}
	b.WriteString("    get:\n      operationId: getA\n      responses:\n        \"200\":\n          description: A.\n          content:\n            application/json:\n              schema:\n                type: object\n                properties:\n")
	for i := range 60 {
		fmt.Fprintf(&b, "                  f%d: {type: string}\n", i)
	}
	b.WriteString("x-big:\n")
	for i := range 60 {
		fmt.Fprintf(&b, "  \"%d\": {v: [%d]}\n", i, i)
	}
	b.WriteString("x-authgen: {package: chunks}\n")
	data := []byte(b.String())
	kin, _, err := LoadData("t.yaml", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	saved := [3]int{linearKeys, largeMappingKeys, largeChunkKeys}
	linearKeys, largeMappingKeys, largeChunkKeys = 50, 50, 7
	t.Cleanup(func() { linearKeys, largeMappingKeys, largeChunkKeys = saved[0], saved[1], saved[2] })
	root, large := largeMapping(data)
	if large == nil {
		t.Fatal("no large mapping found")
	}
	doc, err := decodeLarge(openapi3.NewLoader(), data, root, &url.URL{Path: "/t.yaml"})
	if err != nil {
		t.Fatal(err)
	}
	var widest func(n *yaml.Node) int
	widest = func(n *yaml.Node) int {
		w := 0
		if n.Kind == yaml.MappingNode {
			w = len(n.Content) / 2
		}
		for _, c := range n.Content {
			w = max(w, widest(c))
		}
		return w
	}
	if w := widest(root); w > 7 {
		t.Errorf("the decoder was given a mapping of %d keys", w)
	}
	if got := len(doc.Extensions["x-big"].(map[string]any)); got != 60 {
		t.Errorf("x-big has %d keys", got)
	}
	if got := len(doc.Paths.Value("/a").Extensions); got != 60 {
		t.Errorf("the path item has %d extensions", got)
	}
	chunked, _, err := LoadData("t.yaml", data, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(Dump(kin), Dump(chunked)); diff != "" {
		t.Errorf("model (-kin-openapi +chunked):\n%s", diff)
	}
}

// hostileInput is one generated input: a spec, or an overlay extending
// vendor/tiny.yaml.
type hostileInput struct {
	name, text string
}

// hostileShapes generates small documents and overlays in the shapes of
// issues 10 and 23 (alias levels and fan-outs, updates of every node,
// refs into a component's inside, many keys), with random sizes.
func hostileShapes(rng *rand.Rand) hostileInput {
	overlayHead := "overlay: 1.0.0\ninfo: {title: O, version: \"1\"}\nextends: vendor/tiny.yaml\nactions:\n"
	switch rng.IntN(6) {
	case 0:
		return hostileInput{"alias-levels", aliasLevels(1+rng.IntN(8), 2+rng.IntN(11))}
	case 1:
		var b strings.Builder
		b.WriteString("openapi: 3.0.3\ninfo: {title: F, version: \"1\"}\npaths: {}\nx-a0: &a0 [x, x, x, x, x, x, x, x]\n")
		for l := 1; l <= 1+rng.IntN(9); l++ {
			fmt.Fprintf(&b, "x-a%d: &a%d [%s]\n", l, l, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", l-1), 2+rng.IntN(10)), ", "))
		}
		b.WriteString("x-authgen: {package: f}\n")
		return hostileInput{"alias-fan-out", b.String()}
	case 2:
		var b strings.Builder
		b.WriteString(overlayHead)
		update := "{k: {}"
		for k := range rng.IntN(8) {
			update += fmt.Sprintf(", k%d: {}", k)
		}
		update += "}"
		for range 1 + rng.IntN(10) {
			fmt.Fprintf(&b, "  - target: \"$..*\"\n    update: %s\n", update)
		}
		return hostileInput{"overlay-everywhere", b.String()}
	case 3:
		var b strings.Builder
		b.WriteString(overlayHead + "  - target: \"$\"\n    update:\n      x-a0: &a0 [x, x, x, x, x, x, x, x]\n")
		for l := 1; l <= 1+rng.IntN(9); l++ {
			fmt.Fprintf(&b, "      x-a%d: &a%d [%s]\n", l, l, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*a%d, ", l-1), 2+rng.IntN(10)), ", "))
		}
		return hostileInput{"overlay-alias-fan-out", b.String()}
	case 4:
		levels, uses := 2+rng.IntN(20), 2+rng.IntN(4)
		var b strings.Builder
		b.WriteString("openapi: 3.0.3\ninfo: {title: R, version: \"1\"}\npaths:\n  /r:\n    get:\n      operationId: getR\n      responses:\n        \"200\":\n          description: R.\n          content:\n            application/json:\n              schema: {$ref: \"#/components/schemas/F/properties/l0\"}\ncomponents:\n  schemas:\n    F:\n      properties:\n")
		for l := range levels {
			fmt.Fprintf(&b, "        l%d:\n          properties: {", l)
			for u := range uses {
				if u > 0 {
					b.WriteString(", ")
				}
				fmt.Fprintf(&b, "p%d: {$ref: \"#/components/schemas/F/properties/l%d\"}", u, (l+1)%levels)
			}
			b.WriteString("}\n")
		}
		b.WriteString("x-authgen: {package: r}\n")
		return hostileInput{"inside-refs", b.String()}
	default:
		return hostileInput{"many-keys", string(manyKeys(50+rng.IntN(300), ""))}
	}
}

// mutate changes text a few times: a line repeated, dropped or cut, a
// byte replaced by one that means something to YAML.
func mutate(rng *rand.Rand, text string) string {
	for range 1 + rng.IntN(3) {
		lines := strings.Split(text, "\n")
		i := rng.IntN(len(lines))
		switch rng.IntN(4) {
		case 0:
			lines = slices.Insert(lines, i, lines[i])
		case 1:
			lines = slices.Delete(lines, i, i+1)
		case 2:
			lines[i] = lines[i][:rng.IntN(len(lines[i])+1)]
		default:
			if len(lines[i]) > 0 {
				j := rng.IntN(len(lines[i]))
				lines[i] = lines[i][:j] + string("*&:{}[],-<#"[rng.IntN(11)]) + lines[i][j+1:]
			}
		}
		text = strings.Join(lines, "\n")
	}
	return text
}

// TestSmallHostileInputsStayBounded is the property of issue 23: no
// document or overlay of at most 4 KB, in the hostile shapes or random
// mutations of them, takes more than 512 MB (allocated in all, not only
// held) or 10 s to load or be refused. The caps in the code are what
// hold it; this test checks they cover the shapes.
func TestSmallHostileInputsStayBounded(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "vendor"), 0o755); err != nil {
		t.Fatal(err)
	}
	tiny := "openapi: 3.0.3\ninfo: {title: Tiny, version: \"1\"}\npaths: {}\nx-authgen: {package: tiny}\n"
	if err := os.WriteFile(filepath.Join(dir, "vendor", "tiny.yaml"), []byte(tiny), 0o644); err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(23, 4))
	n := 80
	if testing.Short() {
		n = 30
	}
	var worstAlloc uint64
	var worstTime time.Duration
	for i := 0; i < n; {
		in := hostileShapes(rng)
		if rng.IntN(3) == 0 {
			in.name, in.text = in.name+"-mutated", mutate(rng, in.text)
		}
		if len(in.text) > 4096 {
			continue
		}
		i++
		path := filepath.Join(dir, fmt.Sprintf("%03d-%s.yaml", i, in.name))
		if err := os.WriteFile(path, []byte(in.text), 0o644); err != nil {
			t.Fatal(err)
		}
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := time.Now()
		Load(path, Options{})
		took := time.Since(start)
		runtime.ReadMemStats(&after)
		alloc := after.TotalAlloc - before.TotalAlloc
		if alloc > 512<<20 || took > 10*time.Second {
			t.Errorf("%s allocated %d MiB in %v:\n%s", filepath.Base(path), alloc>>20, took, in.text)
		}
		worstAlloc, worstTime = max(worstAlloc, alloc), max(worstTime, took)
	}
	t.Logf("%d inputs: at most %d MiB allocated, %v", n, worstAlloc>>20, worstTime)
}

// BenchmarkLoadManyKeys loads a spec whose one extension object holds
// short keys, from 100 KB to 20 MB, as generate loads it (the table in
// docs/benchmarks.md):
//
//	go test ./internal/spec -run '^$' -bench LoadManyKeys -benchtime 1x -benchmem
func BenchmarkLoadManyKeys(b *testing.B) {
	for _, size := range []int{100 << 10, 1 << 20, 5 << 20, 10 << 20, 20 << 20} {
		data := manyKeys(size/13, "") // "  k123456: 1\n"
		b.Run(fmt.Sprintf("%dKB-%dkeys", len(data)>>10, size/13), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := LoadData("keys.yaml", data, Options{PlaceOnlyErrors: true, SkipOpenAPIValidation: true}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
