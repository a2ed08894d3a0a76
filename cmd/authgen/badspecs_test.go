package main

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the .want files of testdata/specs/bad")

// TestBadSpecs keeps every message about a broken spec true: each
// testdata/specs/bad/NAME.yaml has NAME.want, the exact output of
// `authgen lint` (paths shortened to the file's name). generate must refuse
// the same spec with the same errors and write nothing.
func TestBadSpecs(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "specs", "bad")
	specs, err := filepath.Glob(filepath.Join(dir, "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(specs) < 25 {
		t.Fatalf("only %d bad specs; the folder is meant to hold at least 25", len(specs))
	}
	for _, path := range specs {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".yaml"), func(t *testing.T) {
			code, out, _ := runCLI(t, "lint", path)
			if code != exitProblem {
				t.Errorf("lint exit %d, want %d", code, exitProblem)
			}
			got := strings.ReplaceAll(out, path, name)
			wantFile := strings.TrimSuffix(path, ".yaml") + ".want"
			if *update {
				if err := os.WriteFile(wantFile, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(wantFile)
			if err != nil {
				t.Fatalf("%v (run go test ./cmd/authgen -run TestBadSpecs -update)", err)
			}
			if diff := cmp.Diff(string(want), got); diff != "" {
				t.Errorf("lint output (-want +got):\n%s", diff)
			}
			for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
				if !strings.HasPrefix(line, name+":") {
					t.Errorf("message %q does not start with the file name", line)
				}
			}

			out2 := filepath.Join(t.TempDir(), "out")
			code, _, stderr := runCLI(t, "generate", "--spec", path, "--out", out2)
			if code != exitProblem {
				t.Errorf("generate exit %d, want %d", code, exitProblem)
			}
			stderr = strings.ReplaceAll(stderr, path, name)
			for _, line := range strings.Split(strings.TrimSpace(got), "\n") {
				if strings.Contains(line, ": warning: ") {
					continue
				}
				if !strings.Contains(stderr, line) {
					t.Errorf("generate did not say %q; it said:\n%s", line, stderr)
				}
			}
			if _, err := os.Stat(out2); !os.IsNotExist(err) {
				t.Errorf("generate wrote %s for a bad spec", out2)
			}
		})
	}
}
