package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestConsumerFromACheckout is the README's way of using a checkout of
// authgen (issue 26): a fresh module replaces both authgen modules with the
// checkout, adds the tool without @latest, generates a client with
// `go tool authgen`, and builds it; then the no-argument form writes
// generate.go lines that go generate can run there. Offline: GOPROXY=off,
// the module cache and the checkout's go.sum are all it uses.
func TestConsumerFromACheckout(t *testing.T) {
	if testing.Short() {
		t.Skip("builds authgen in a scratch module")
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	spec, err := os.ReadFile(filepath.Join(root, "specs", "jobo.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	sum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	os.MkdirAll(filepath.Join(dir, "specs"), 0o755)
	os.WriteFile(filepath.Join(dir, "specs", "jobo.yaml"), spec, 0o644)
	os.WriteFile(filepath.Join(dir, "go.sum"), sum, 0o644)
	writeGoMod(t, dir, "module example.com/shop\n\ngo 1.26\n")
	goCmd := func(args ...string) {
		t.Helper()
		cmd := exec.Command("go", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
	goCmd("mod", "edit", "-replace", "github.com/authgen/authgen="+root, "-replace", "github.com/authgen/authgen/runtime="+filepath.Join(root, "runtime"))
	goCmd("get", "-tool", "github.com/authgen/authgen/cmd/authgen")
	goCmd("get", "github.com/authgen/authgen/runtime")
	goCmd("tool", "authgen", "generate", "--spec", "specs/jobo.yaml", "--out", "internal/jobo")
	goCmd("build", "./...")
	goCmd("tool", "authgen", "generate")
	goCmd("generate", "./generated/")
	goCmd("build", "./...")
	goCmd("tool", "authgen", "check")
}
