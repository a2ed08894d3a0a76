package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

const diffSpec = `openapi: 3.0.3
info: {title: Gizmo, version: "1"}
servers: [{url: "https://api.gizmo.example"}]
security: [{key: []}]
paths:
  /gizmos:
    get:
      operationId: listGizmos
      responses:
        "200": {description: Gizmos.}
  /gadgets:
    get:
      operationId: listGadgets
      responses:
        "200": {description: Gadgets.}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Gizmo-Key}
x-authgen:
  package: gizmo
`

func writeSpec(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func TestDiffExitStatus(t *testing.T) {
	dir := t.TempDir()
	old, same, compatible, breaking := filepath.Join(dir, "old.yaml"), filepath.Join(dir, "same.yaml"), filepath.Join(dir, "compatible.yaml"), filepath.Join(dir, "breaking.yaml")
	writeSpec(t, old, diffSpec)
	writeSpec(t, same, diffSpec)
	writeSpec(t, compatible, strings.Replace(diffSpec, "paths:\n", "paths:\n  /widgets:\n    get:\n      operationId: listWidgets\n      responses:\n        \"200\": {description: Widgets.}\n", 1))
	writeSpec(t, breaking, strings.Replace(diffSpec, "name: X-Gizmo-Key", "name: Authorization", 1))

	for _, tc := range []struct {
		newPath string
		code    int
		want    string
	}{
		{same, exitOK, "gizmo: no changes"},
		{compatible, exitOK, "Compatible:\n  - Go API: (*Client).ListWidgets: added"},
		{breaking, exitBreaking, "Breaking:\n  - auth: security scheme \"key\": was API key in header \"X-Gizmo-Key\", now API key in header \"Authorization\""},
	} {
		code, out, stderr := runCLI(t, "diff", old, tc.newPath)
		if code != tc.code || !strings.Contains(out, tc.want) {
			t.Errorf("diff old %s: exit %d (want %d)\n%s%s", filepath.Base(tc.newPath), code, tc.code, out, stderr)
		}
	}
	code, out, _ := runCLI(t, "diff", "--format", "markdown", old, breaking)
	if code != exitBreaking || !strings.HasPrefix(out, "### `gizmo`: 1 breaking and 0 compatible changes\n\n**Breaking**\n\n- auth: ") {
		t.Errorf("markdown: exit %d\n%s", code, out)
	}
	if code, _, stderr := runCLI(t, "diff", old, filepath.Join(dir, "missing.yaml")); code != exitProblem || !strings.Contains(stderr, "missing.yaml") {
		t.Errorf("a missing spec: exit %d, %s", code, stderr)
	}
	if code, _, _ := runCLI(t, "diff", old); code != exitUsage {
		t.Errorf("one argument: exit %d", code)
	}
}

func TestDiffSinceRevision(t *testing.T) {
	if _, err := exec.LookPath("git"); err != nil {
		t.Skip("git is not installed")
	}
	dir := t.TempDir()
	gitIn := func(args ...string) {
		t.Helper()
		cmd := exec.Command("git", args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GIT_AUTHOR_NAME=t", "GIT_AUTHOR_EMAIL=t@example.com", "GIT_COMMITTER_NAME=t", "GIT_COMMITTER_EMAIL=t@example.com", "GIT_CONFIG_GLOBAL=/dev/null")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("git %v: %v\n%s", args, err, out)
		}
	}
	gitIn("init", "-q")
	specPath := filepath.Join(dir, "specs", "gizmo.yaml")
	os.MkdirAll(filepath.Dir(specPath), 0o755)
	writeSpec(t, specPath, diffSpec)
	gitIn("add", ".")
	gitIn("commit", "-qm", "first")

	if code, out, stderr := runCLI(t, "diff", "--since", "HEAD", specPath); code != exitOK || !strings.Contains(out, "no changes") {
		t.Errorf("unchanged working tree: exit %d\n%s%s", code, out, stderr)
	}
	// The working tree drops an operation: breaking against HEAD.
	writeSpec(t, specPath, strings.Replace(diffSpec, "  /gadgets:\n    get:\n      operationId: listGadgets\n      responses:\n        \"200\": {description: Gadgets.}\n", "", 1))
	code, out, stderr := runCLI(t, "diff", "--since", "HEAD", specPath)
	if code != exitBreaking || !strings.Contains(out, "(*Client).ListGadgets: removed") {
		t.Errorf("removed operation: exit %d\n%s%s", code, out, stderr)
	}
	if code, _, stderr := runCLI(t, "diff", "--since", "no-such-rev", specPath); code != exitProblem || !strings.Contains(stderr, `no revision "no-such-rev"`) {
		t.Errorf("bad revision: exit %d, %s", code, stderr)
	}
	// A spec added since the revision has nothing to compare with.
	added := filepath.Join(dir, "specs", "added.yaml")
	writeSpec(t, added, diffSpec)
	if code, out, stderr := runCLI(t, "diff", "--since", "HEAD", added); code != exitOK || !strings.Contains(out, "added.yaml: new since HEAD") {
		t.Errorf("new spec: exit %d\n%s%s", code, out, stderr)
	}
}

func TestGenerateSummarisesTheChange(t *testing.T) {
	dir := t.TempDir()
	specPath, out := filepath.Join(dir, "gizmo.yaml"), filepath.Join(dir, "gizmo")
	writeSpec(t, specPath, diffSpec)
	if code, stdout, stderr := runCLI(t, "generate", "--spec", specPath, "--out", out); code != exitOK || !strings.HasSuffix(stdout, ": new\n") {
		t.Fatalf("first generate: exit %d\n%s%s", code, stdout, stderr)
	}
	if _, stdout, _ := runCLI(t, "generate", "--spec", specPath, "--out", out); !strings.HasSuffix(stdout, ": unchanged\n") {
		t.Errorf("same spec again: %s", stdout)
	}
	writeSpec(t, specPath, strings.Replace(diffSpec, "operationId: listGadgets", "operationId: listAllGadgets", 1))
	if _, stdout, _ := runCLI(t, "generate", "--spec", specPath, "--out", out); !strings.HasSuffix(stdout, ": Go API 1 breaking, 1 compatible changes (authgen diff lists them)\n") {
		t.Errorf("renamed operation: %s", stdout)
	}
}

// A client made from a vendor document through an overlay is diffed through
// the same overlay: the vendor document has no x-authgen package and names
// its operation differently, so without --overlay the report would compare
// something else (or fail).
func TestDiffOverlay(t *testing.T) {
	dir := t.TempDir()
	vendor := strings.Replace(diffSpec, "x-authgen:\n  package: gizmo\n", "", 1)
	old, next, ov := filepath.Join(dir, "old.yaml"), filepath.Join(dir, "new.yaml"), filepath.Join(dir, "mine.yaml")
	writeSpec(t, old, vendor)
	writeSpec(t, next, strings.Replace(vendor, "paths:\n", "paths:\n  /widgets:\n    get:\n      operationId: listWidgets\n      responses:\n        \"200\": {description: Widgets.}\n", 1))
	writeSpec(t, ov, "overlay: 1.0.0\ninfo: {title: mine, version: \"1\"}\nactions:\n"+
		"  - target: $\n    update: {x-authgen: {package: gadgetry}}\n"+
		"  - target: $.paths['/gizmos'].get\n    update: {operationId: fetchGizmos}\n")

	code, out, stderr := runCLI(t, "diff", "--overlay", ov, old, next)
	if code != exitOK || !strings.Contains(out, "(*Client).ListWidgets: added") || !strings.Contains(out, "gadgetry") || strings.Contains(out, "ListGizmos") {
		t.Errorf("diff --overlay: exit %d\n%s%s", code, out, stderr)
	}
}
