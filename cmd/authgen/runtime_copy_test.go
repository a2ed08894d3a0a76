package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestRuntimeCopyIsOnePerRootAndBuildsAlone: with --runtime copy, two
// clients under one output root share one copy of the runtime, import it
// by the module's own path, and build and vet in a module that requires
// nothing: no dependency at all. check agrees, and generating again in
// import mode leaves the copy (other clients may use it) but no import of
// it.
func TestRuntimeCopyIsOnePerRootAndBuildsAlone(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module")
	}
	mod := t.TempDir()
	if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/nodeps\n\ngo 1.24\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	root := filepath.Join(mod, "clients")
	for _, c := range []struct{ spec, out string }{
		{repoFile(t, "specs/jobhive.yaml"), filepath.Join(root, "jobhive")},
		{repoFile(t, "specs/notion.yaml"), filepath.Join(root, "notion")},
	} {
		code, stdout, stderr := runCLI(t, "generate", "--spec", c.spec, "--out", c.out, "--runtime", "copy")
		if code != 0 {
			t.Fatalf("generate %s: %s", c.spec, stderr)
		}
		if !strings.Contains(stdout, "the runtime -> "+filepath.Join(root, "authgenrt")) || !strings.Contains(stdout, "the runtime -> "+filepath.Join(root, "authgenfake")) {
			t.Errorf("generate %s did not write the copy: %s", c.spec, stdout)
		}
		if code, _, stderr := runCLI(t, "check", "--spec", c.spec, "--out", c.out, "--runtime", "copy"); code != 0 {
			t.Errorf("check %s --runtime copy: %s", c.spec, stderr)
		}
	}
	entries, err := os.ReadDir(root)
	if err != nil {
		t.Fatal(err)
	}
	var dirs []string
	for _, e := range entries {
		dirs = append(dirs, e.Name())
	}
	if strings.Join(dirs, " ") != "authgenfake authgenrt jobhive notion" {
		t.Errorf("output root holds %v, want one runtime copy beside the clients", dirs)
	}
	provider, err := os.ReadFile(filepath.Join(root, "jobhive", "provider.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(provider), `"example.com/nodeps/clients/authgenrt"`) || strings.Contains(string(provider), "github.com/authgen/authgen/runtime") {
		t.Errorf("provider.go does not import the copy:\n%s", provider)
	}
	fake, err := os.ReadFile(filepath.Join(root, "jobhive", "jobhivefake", "fake.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(fake), `"example.com/nodeps/clients/authgenfake"`) || strings.Contains(string(fake), "github.com/authgen/authgen/runtime") {
		t.Errorf("the fake does not import the copy:\n%.2000s", fake)
	}
	for _, args := range [][]string{{"build", "./..."}, {"vet", "./..."}} {
		cmd := exec.Command("go", args...)
		cmd.Dir = mod
		cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("go %v in a module without dependencies: %v\n%s", args, err, out)
		}
	}
	if code, _, stderr := runCLI(t, "check", "--spec", repoFile(t, "specs/jobhive.yaml"), "--out", filepath.Join(root, "jobhive")); code == 0 {
		t.Error("check in import mode passes on a client that imports the copy")
	} else if !strings.Contains(stderr, "stale") {
		t.Errorf("check: %s", stderr)
	}
}

// TestRuntimeFlagRefusesOtherModes: a typo is a usage error, not the
// default.
func TestRuntimeFlagRefusesOtherModes(t *testing.T) {
	code, _, stderr := runCLI(t, "generate", "--spec", repoFile(t, "specs/jobhive.yaml"), "--out", t.TempDir(), "--runtime", "vendor")
	if code != exitUsage || !strings.Contains(stderr, `--runtime "vendor": want import or copy`) {
		t.Errorf("exit %d: %s", code, stderr)
	}
}

// TestAMismatchedRuntimeFailsToBuildSayingWhatToRun: a client built
// against a runtime that is older than it (MaxVersion below the client's)
// or that dropped it (MinVersion above) does not compile, and the
// compiler's message names the command to run.
func TestAMismatchedRuntimeFailsToBuildSayingWhatToRun(t *testing.T) {
	if testing.Short() {
		t.Skip("builds a module")
	}
	for name, tc := range map[string]struct{ from, to, want string }{
		"runtime older than the client": {"MaxVersion = Version", "MaxVersion = Version - 1", "GeneratedClientTooNew_UpgradeRuntime_GoGetGithubComAuthgenAuthgenRuntime"},
		"runtime past the client":       {"MinVersion = 1", "MinVersion = Version + 1", "RuntimeTooNew_RegenerateClient_GoToolAuthgenGenerate"},
	} {
		t.Run(name, func(t *testing.T) {
			mod := t.TempDir()
			if err := os.WriteFile(filepath.Join(mod, "go.mod"), []byte("module example.com/skew\n\ngo 1.24\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(mod, "clients", "jobhive")
			if code, _, stderr := runCLI(t, "generate", "--spec", repoFile(t, "specs/jobhive.yaml"), "--out", out, "--runtime", "copy", "--fake=false"); code != 0 {
				t.Fatal(stderr)
			}
			version := filepath.Join(mod, "clients", "authgenrt", "version.go")
			src, err := os.ReadFile(version)
			if err != nil {
				t.Fatal(err)
			}
			if !strings.Contains(string(src), tc.from) {
				t.Fatalf("version.go has no %q", tc.from)
			}
			if err := os.WriteFile(version, []byte(strings.Replace(string(src), tc.from, tc.to, 1)), 0o644); err != nil {
				t.Fatal(err)
			}
			cmd := exec.Command("go", "build", "./...")
			cmd.Dir = mod
			cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod", "GOPROXY=off")
			msg, err := cmd.CombinedOutput()
			if err == nil {
				t.Fatal("the client built against a runtime that does not support it")
			}
			if !strings.Contains(string(msg), tc.want) {
				t.Errorf("the build failed without naming the fix:\n%s", msg)
			}
		})
	}
}
