package runtimemodule

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestRuntimeModule vets and tests the runtime module with the go command
// that runs this test, and fails with its output.
func TestRuntimeModule(t *testing.T) { testModule(t, "runtime") }

// TestRedisBudgetModule does the same for redisbudget, the fleet's budget
// on Redis; its Redis tests skip without a redis-server unless
// AUTHGEN_REDIS_REQUIRED=1 (.ci/run).
func TestRedisBudgetModule(t *testing.T) { testModule(t, "redisbudget") }

func testModule(t *testing.T, name string) {
	dir, err := filepath.Abs(filepath.Join("..", "..", name))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "go.mod")); err != nil {
		t.Fatalf("no module at %s: %v", dir, err)
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
