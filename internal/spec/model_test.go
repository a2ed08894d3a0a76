package spec

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"

	"github.com/authgen/authgen/internal/overlay"
)

var update = flag.Bool("update", false, "rewrite the model goldens under testdata/golden/model and the generated JSON Schema")

// TestModelGolden loads every seed spec and test case and compares the
// dump of its *Provider with testdata/golden/model/<case>.txt: a builder
// change shows as a model diff here before it shows in generated code.
// `go test ./internal/spec -update` rewrites them.
func TestModelGolden(t *testing.T) {
	var specs []string
	for _, pattern := range []string{"../../specs/*.yaml", "../../testdata/cases/*.yaml"} {
		m, _ := filepath.Glob(pattern)
		specs = append(specs, m...)
	}
	if len(specs) < 4 {
		t.Fatalf("found %d specs", len(specs))
	}
	dir := filepath.Join("..", "..", "testdata", "golden", "model")
	for _, path := range specs {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		t.Run(name, func(t *testing.T) {
			p, _, err := Load(path, Options{})
			if err != nil {
				t.Fatal(err)
			}
			if data, _ := os.ReadFile(path); overlay.IsOverlay(data) {
				// A vendor's own document: its thousands of models are
				// covered by the committed client (generated/<package>),
				// the code golden; the model golden keeps the rest.
				p.Models = nil
			}
			got := Dump(p)
			golden := filepath.Join(dir, name+".txt")
			if *update {
				if err := os.MkdirAll(dir, 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./internal/spec -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("model of %s (-want +got):\n%s", path, diff)
			}
		})
	}
}
