package spec

import (
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// TestHostileSpecsStaySmall loads the specs of testdata/specs/hostile, each
// once a way for a few KB of spec to take gigabytes (issue 10: "Memory
// exhaustion from small specs"). They now load, and the loader allocates
// little doing it. (The refused ones are bad specs 41 and 42.)
func TestHostileSpecsStaySmall(t *testing.T) {
	specs, _ := filepath.Glob("../../testdata/specs/hostile/*.yaml")
	if len(specs) < 2 {
		t.Fatalf("found %d hostile specs", len(specs))
	}
	for _, path := range specs {
		t.Run(filepath.Base(path), func(t *testing.T) {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			p, _, err := Load(path, Options{})
			runtime.ReadMemStats(&after)
			if err != nil {
				t.Fatal(err)
			}
			if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 64<<20 {
				t.Errorf("loading allocated %d MiB", alloc>>20)
			}
			if len(p.Models) > 100 {
				t.Errorf("%d models from a few KB of spec", len(p.Models))
			}
		})
	}
}

// TestModelCap: a spec that would declare more models than the cap is
// refused at the schema where it got there, with a message naming the cap.
func TestModelCap(t *testing.T) {
	saved := maxModels
	maxModels = 5
	defer func() { maxModels = saved }()
	var b strings.Builder
	b.WriteString("openapi: 3.0.3\ninfo: {title: Many, version: \"1\"}\npaths:\n")
	for _, op := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		b.WriteString("  /" + op + ":\n    get:\n      operationId: " + op + "\n      responses:\n        \"200\":\n          description: X.\n          content:\n            application/json:\n              schema: {type: object, properties: {x: {type: string}}}\n")
	}
	b.WriteString("x-authgen: {package: many}\n")
	dir := t.TempDir()
	path := filepath.Join(dir, "many.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	_, _, err := Load(path, Options{})
	if err == nil || !strings.Contains(err.Error(), "many.yaml:") || !strings.Contains(err.Error(), "cap: 5 models") {
		t.Fatalf("err = %v, want the cap named at a position", err)
	}
}
