package main

import (
	"github.com/authgen/authgen/internal/gocheck"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestNewScaffoldsLintGenerateAndCompile: for every --auth, the starting
// spec lints clean, generates, and the client compiles as it is.
func TestNewScaffoldsLintGenerateAndCompile(t *testing.T) {
	dir := t.TempDir()
	specs := filepath.Join(dir, "specs")
	mod := filepath.Join(dir, "mod")
	if err := os.MkdirAll(mod, 0o755); err != nil {
		t.Fatal(err)
	}
	gomod, err := gocheck.ScratchGoMod("scaffolds")
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte(gomod), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, auth := range map[string]string{
		"acmebearer": "bearer", "acmeheader": "header:X-Api-Key", "acmequery": "query:api_key",
		"acmebasic": "basic", "acmeoauth": "oauth2",
	} {
		code, out, stderr := runCLI(t, "new", name, "--auth", auth, "--dir", specs)
		if code != 0 {
			t.Fatalf("new %s --auth %s: %s", name, auth, stderr)
		}
		path := filepath.Join(specs, name+".yaml")
		if !strings.Contains(out, path) {
			t.Errorf("new said %q", out)
		}
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(string(src), "# yaml-language-server: $schema=") {
			t.Errorf("%s has no yaml-language-server modeline", name)
		}
		if code, out, _ := runCLI(t, "lint", path); code != 0 || out != "" {
			t.Errorf("lint %s (--auth %s): exit %d\n%s", name, auth, code, out)
		}
		if code, _, stderr := runCLI(t, "generate", "--spec", path, "--out", filepath.Join(mod, name)); code != 0 {
			t.Errorf("generate %s: %s", name, stderr)
		}
		if code, _, _ := runCLI(t, "new", name, "--dir", specs); code != exitProblem {
			t.Errorf("new over an existing spec: exit %d, want %d", code, exitProblem)
		}
	}
	if testing.Short() {
		return
	}
	cmd := exec.Command("go", "vet", "./...")
	cmd.Dir = mod
	cmd.Env = append(os.Environ(), "GOTOOLCHAIN=local")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("the scaffolded clients do not compile: %v\n%s", err, out)
	}
}

func TestNewRefusesBadArguments(t *testing.T) {
	dir := t.TempDir()
	for _, args := range [][]string{
		{"new", "Acme"},
		{"new", "acme", "--auth", "digest"},
		{"new", "acme", "--auth", "header:"},
		{"new", "acme", "--auth", "header:Bad Name"},
		{"new", "acme", "--auth", "bearer:x"},
		{"new"},
	} {
		if code, _, stderr := runCLI(t, append(args, "--dir", dir)...); code != exitUsage || stderr == "" {
			t.Errorf("%q: exit %d, stderr %q", args, code, stderr)
		}
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 0 {
		t.Errorf("bad arguments wrote %v", entries)
	}
}

// TestNewInsideSpecsAndElsewhere is issue 17's "authgen new NAME run inside
// specs/ writes specs/specs/NAME.yaml" and "authgen new --dir D suggests a
// next command that ignores D".
func TestNewInsideSpecsAndElsewhere(t *testing.T) {
	root := t.TempDir()
	specs := filepath.Join(root, "specs")
	if err := os.MkdirAll(specs, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Chdir(specs)
	if code, out, stderr := runCLI(t, "new", "acme"); code != 0 || !strings.Contains(out, "cd .. && authgen generate\n") {
		t.Fatalf("new inside specs/: exit %d\n%s%s", code, out, stderr)
	}
	if _, err := os.Stat(filepath.Join(specs, "acme.yaml")); err != nil {
		t.Errorf("acme.yaml is not in specs/: %v", err)
	}
	if _, err := os.Stat(filepath.Join(specs, "specs")); err == nil {
		t.Error("wrote specs/specs/")
	}
	t.Chdir(root)
	code, out, _ := runCLI(t, "new", "zeta", "--dir", "apis")
	want := "authgen generate --spec " + filepath.Join("apis", "zeta.yaml") + " --out internal/zeta"
	if code != 0 || !strings.Contains(out, want) {
		t.Errorf("new --dir apis suggested:\n%s\nwant %q", out, want)
	}
}
