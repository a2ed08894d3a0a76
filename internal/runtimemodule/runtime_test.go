package runtimemodule

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestRuntimeModule vets and tests the runtime module with the go command
// that runs this test, and fails with its output.
func TestRuntimeModule(t *testing.T) {
	dir, err := filepath.Abs(filepath.Join("..", "..", "runtime"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("no runtime module at %s: %v", dir, err)
	}
	testArgs := []string{"test"}
	if testing.Short() {
		testArgs = append(testArgs, "-short")
	}
	for _, args := range [][]string{{"vet", "./..."}, append(testArgs, "./...")} {
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Errorf("go %v in %s: %v\n%s", args, dir, err, out)
		}
	}
}
