package main

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
)

// runCLI runs the CLI in-process and returns its exit code and output.
func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := run(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func repoFile(t *testing.T, rel string) string {
	t.Helper()
	abs, err := filepath.Abs(filepath.Join("..", "..", rel))
	if err != nil {
		t.Fatal(err)
	}
	return abs
}

func TestHelpShowsExamples(t *testing.T) {
	code, out, _ := runCLI(t, "--help")
	if code != 0 || !strings.Contains(out, "Examples:") || !strings.Contains(out, "generate") {
		t.Errorf("--help: exit %d, output:\n%s", code, out)
	}
	for _, c := range commands() {
		code, out, stderr := runCLI(t, c.name, "--help")
		if code != 0 || !strings.Contains(out, "Examples:") || !strings.Contains(out, "authgen "+c.name) {
			t.Errorf("%s --help: exit %d, output:\n%s", c.name, code, out)
		}
		// Issue 17: "--help of a subcommand prints twice (stdout and stderr)".
		if stderr != "" || strings.Count(out, "Examples:") != 1 {
			t.Errorf("%s --help printed more than once; stderr:\n%s", c.name, stderr)
		}
	}
}

func TestUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{},
		{"frobnicate"},
		{"generate", "--spec", "x.yaml"},
		{"generate", "--no-such-flag"},
		{"lint"},
		{"check", "stray"},
	} {
		if code, _, stderr := runCLI(t, args...); code != exitUsage || stderr == "" {
			t.Errorf("%q: exit %d, stderr %q; want %d and a message", args, code, stderr, exitUsage)
		}
	}
}

func TestGenerateThenCheckOneSpec(t *testing.T) {
	out := filepath.Join(t.TempDir(), "jobo")
	specPath := repoFile(t, "specs/jobo.yaml")
	code, stdout, stderr := runCLI(t, "generate", "--spec", specPath, "--out", out, "--package", "joboclient")
	if code != 0 {
		t.Fatalf("generate: exit %d\n%s", code, stderr)
	}
	if !strings.Contains(stdout, out) {
		t.Errorf("generate said %q", stdout)
	}
	client, err := os.ReadFile(filepath.Join(out, "provider.go"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(client, []byte("package joboclient\n")) {
		t.Error("--package did not rename the package")
	}
	if code, _, stderr := runCLI(t, "check", "--spec", specPath, "--out", out, "--package", "joboclient"); code != 0 {
		t.Fatalf("check right after generate: exit %d\n%s", code, stderr)
	}

	// A hand edit, an extra file and a missing file are each caught.
	edited := bytes.Replace(client, []byte("provider describes"), []byte("provider DESCRIBES"), 1)
	if err := os.WriteFile(filepath.Join(out, "provider.go"), edited, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "extra.go"), []byte("package joboclient\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(out, "models.go")); err != nil {
		t.Fatal(err)
	}
	code, diff, stderr := runCLI(t, "check", "--spec", specPath, "--out", out, "--package", "joboclient")
	if code != exitProblem || !strings.Contains(stderr, "stale") {
		t.Fatalf("check after edits: exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{"-// provider DESCRIBES", "+// provider describes", "extra file", "extra.go", "missing file", "models.go", "--- a/"} {
		if !strings.Contains(diff, want) {
			t.Errorf("check diff lacks %q:\n%s", want, diff)
		}
	}

	// generate replaces the directory as a whole, so it refuses to delete
	// a file authgen did not write, and writes nothing.
	code, _, stderr = runCLI(t, "generate", "--spec", specPath, "--out", out, "--package", "joboclient")
	if code != exitProblem || !strings.Contains(stderr, filepath.Join(out, "extra.go")+" was not written by authgen") {
		t.Fatalf("generate over a foreign file: exit %d\n%s", code, stderr)
	}
	if _, err := os.Stat(filepath.Join(out, "models.go")); !os.IsNotExist(err) {
		t.Error("generate wrote files although it refused")
	}
	// Once it is moved away, generation restores the package; a hand edit
	// of a generated file is simply overwritten.
	if err := os.Remove(filepath.Join(out, "extra.go")); err != nil {
		t.Fatal(err)
	}
	if code, _, stderr := runCLI(t, "generate", "--spec", specPath, "--out", out, "--package", "joboclient"); code != 0 {
		t.Fatal(stderr)
	}
	if code, _, stderr := runCLI(t, "check", "--spec", specPath, "--out", out, "--package", "joboclient"); code != 0 {
		t.Fatalf("check after regenerating: %s", stderr)
	}
}

func TestBadSpecWritesNothing(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.yaml")
	src := "openapi: 3.0.3\ninfo: {title: Bad, version: '1'}\npaths: {}\nx-authgen:\n  package: bad\n  retyr: {}\n"
	if err := os.WriteFile(bad, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out")
	if err := os.MkdirAll(out, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(out, "keep.go"), []byte("package bad\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr := runCLI(t, "generate", "--spec", bad, "--out", out)
	if code != exitProblem {
		t.Fatalf("exit %d, want %d", code, exitProblem)
	}
	if want := bad + `:6:3: x-authgen: unknown key "retyr" (did you mean "retry"?)`; !strings.Contains(stderr, want) {
		t.Errorf("stderr %q lacks %q", stderr, want)
	}
	entries, _ := os.ReadDir(out)
	if len(entries) != 1 || entries[0].Name() != "keep.go" {
		t.Errorf("the output directory changed: %v", entries)
	}
	leftovers, _ := filepath.Glob(filepath.Join(dir, ".*"))
	if len(leftovers) != 0 {
		t.Errorf("temporary files left behind: %v", leftovers)
	}
	code, stdout, _ := runCLI(t, "lint", bad, repoFile(t, "specs/jobhive.yaml"))
	if code != exitProblem || !strings.Contains(stdout, bad+":6:3:") {
		t.Errorf("lint: exit %d, output %q", code, stdout)
	}
	if code, stdout, _ := runCLI(t, "lint", repoFile(t, "specs/jobhive.yaml")); code != 0 || stdout != "" {
		t.Errorf("lint of a good spec: exit %d, output %q", code, stdout)
	}
}

// TestGenerateAllFromSpecsDir runs the no-argument forms in a copy of the
// repository's layout.
// TestSpecNamesCannotInjectIntoGenerateGo is issue 10's "Spec file names
// go unquoted into generated/generate.go": a space split the argument, a
// newline started a line of Go.
func TestSpecNamesCannotInjectIntoGenerateGo(t *testing.T) {
	b, err := os.ReadFile(repoFile(t, "specs/jobo.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"my jobo.yaml", "jobo\nfunc init() { panic(1) }\n.yaml", `jo"bo$X.yaml`} {
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "specs"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "specs", name), b, 0o644); err != nil {
			t.Fatal(err)
		}
		writeGoMod(t, dir, "module github.com/authgen/authgen\n")
		t.Chdir(dir)
		if code, _, stderr := runCLI(t, "generate"); code != 0 {
			t.Fatalf("%q: generate: %s", name, stderr)
		}
		directive, err := os.ReadFile(filepath.Join("generated", "generate.go"))
		if err != nil {
			t.Fatal(err)
		}
		want := "//go:generate go run ../cmd/authgen generate --spec " + strconv.Quote("../specs/"+name) + " --out jobo\n"
		if !strings.Contains(string(directive), want) || strings.Contains(string(directive), "\nfunc init") {
			t.Errorf("%q: generate.go is\n%s\nwant the line %q", name, directive, want)
		}
		if _, err := parser.ParseFile(token.NewFileSet(), "generate.go", directive, parser.ParseComments); err != nil {
			t.Errorf("%q: generate.go does not parse: %v", name, err)
		}
	}
}

func TestGenerateAllFromSpecsDir(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "specs"), 0o755); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"jobhive.yaml", "mojave.yaml"} {
		b, err := os.ReadFile(repoFile(t, "specs/"+name))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "specs", name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	writeGoMod(t, dir, "module github.com/authgen/authgen\n")
	t.Chdir(dir)
	if code, _, stderr := runCLI(t, "generate"); code != 0 {
		t.Fatalf("generate: %s", stderr)
	}
	directive, err := os.ReadFile(filepath.Join("generated", "generate.go"))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"//go:generate go run ../cmd/authgen generate --spec ../specs/jobhive.yaml --out jobhive\n",
		"//go:generate go run ../cmd/authgen generate --spec ../specs/mojave.yaml --out mojave\n",
	} {
		if !strings.Contains(string(directive), want) {
			t.Errorf("generate.go lacks %q:\n%s", want, directive)
		}
	}
	if code, _, stderr := runCLI(t, "check"); code != 0 {
		t.Fatalf("check: %s", stderr)
	}
	if err := os.Remove(filepath.Join("generated", "generate.go")); err != nil {
		t.Fatal(err)
	}
	if code, _, _ := runCLI(t, "check"); code != exitProblem {
		t.Error("check passed without generated/generate.go")
	}
	if code, _, stderr := runCLI(t, "generate"); code != 0 {
		t.Fatal(stderr)
	}

	// A spec removed: check names its package; generate removes it, but not
	// a directory holding someone's own files.
	if err := os.Remove(filepath.Join("specs", "mojave.yaml")); err != nil {
		t.Fatal(err)
	}
	code, out, _ := runCLI(t, "check")
	if code != exitProblem || !strings.Contains(out, "extra package "+filepath.Join("generated", "mojave")) {
		t.Errorf("check after removing a spec: exit %d\n%s", code, out)
	}
	if err := os.MkdirAll(filepath.Join("generated", "handmade"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join("generated", "handmade", "x.go"), []byte("package handmade\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, stderr := runCLI(t, "generate")
	if code != 0 || !strings.Contains(out, "removed "+filepath.Join("generated", "mojave")) || !strings.Contains(stderr, "handmade") {
		t.Errorf("generate after removing a spec: exit %d\n%s\n%s", code, out, stderr)
	}
	if _, err := os.Stat(filepath.Join("generated", "handmade", "x.go")); err != nil {
		t.Error("generate removed a hand-written file")
	}
	if _, err := os.Stat(filepath.Join("generated", "mojave")); !os.IsNotExist(err) {
		t.Error("the orphaned package survived")
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, "version")
	if code != 0 || !strings.HasPrefix(out, "authgen ") {
		t.Errorf("version: exit %d, %q", code, out)
	}
	info := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: modulePath, Version: "v1.2.3"}, Settings: []debug.BuildSetting{
		{Key: "vcs.revision", Value: "abc123"}, {Key: "vcs.modified", Value: "true"},
	}}
	if got := versionString(info, true); got != "authgen v1.2.3 (abc123+dirty) go1.26.0" {
		t.Errorf("versionString = %q", got)
	}
	// As a tool dependency (go tool authgen), the main module is the
	// consumer's and its revision is not authgen's.
	tool := &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Path: "example.com/consumer"},
		Deps:     []*debug.Module{{Path: modulePath, Version: "v0.4.0"}},
		Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "consumer-rev"}}}
	if got := versionString(tool, true); got != "authgen v0.4.0 go1.26.0" {
		t.Errorf("versionString as a tool = %q", got)
	}
	if got := versionString(nil, false); got != "authgen (unknown version)" {
		t.Errorf("versionString without build info = %q", got)
	}
}

func writeGoMod(t *testing.T, dir, text string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// TestGenerateAllInAConsumerModule is issue 26's "go tool authgen generate
// with no arguments in a consumer module writes a generated/generate.go
// whose go run ../cmd/authgen cannot work": a module with the tool gets
// go tool directives; one without it is refused, saying what to pass.
func TestGenerateAllInAConsumerModule(t *testing.T) {
	b, err := os.ReadFile(repoFile(t, "specs/jobo.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		gomod string
		code  int
		want  string // in generate.go, or in stderr when refused
	}{
		{"module example.com/shop\n\ngo 1.26\n\ntool github.com/authgen/authgen/cmd/authgen\n", exitOK, "//go:generate go tool authgen generate --spec ../specs/jobo.yaml --out jobo\n"},
		{"module example.com/shop\n\ngo 1.26\n", exitUsage, "pass --spec FILE --out DIR"},
	} {
		dir := t.TempDir()
		if err := os.MkdirAll(filepath.Join(dir, "specs"), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, "specs", "jobo.yaml"), b, 0o644); err != nil {
			t.Fatal(err)
		}
		writeGoMod(t, dir, tc.gomod)
		t.Chdir(dir)
		code, _, stderr := runCLI(t, "generate")
		got := stderr
		if code == exitOK {
			d, _ := os.ReadFile(filepath.Join("generated", "generate.go"))
			got = string(d)
		}
		if code != tc.code || !strings.Contains(got, tc.want) {
			t.Errorf("go.mod %q: exit %d (want %d), want %q in\n%s", tc.gomod, code, tc.code, tc.want, got)
		}
	}
}

// TestGenerateAndLintCountTheSameWarnings is issue 26's "generate counts 3
// warnings where lint lists 6": generate leaves out the OpenAPI validator,
// so its count must say it is the generator's, match what lint lists as
// the generator's, and its hint must be a lint command that reads what
// generate read (the overlay too).
func TestGenerateAndLintCountTheSameWarnings(t *testing.T) {
	dir := t.TempDir()
	// One generator warning (a required property that is not a property)
	// and one validator warning (a response without a description).
	vendor := filepath.Join(dir, "vendor.yaml")
	writeFile(t, vendor, `openapi: 3.0.3
info: {title: Warn, version: "1"}
servers: [{url: https://api.warn.example}]
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Thing"}
components:
  schemas:
    Thing:
      type: object
      required: [id, name]
      properties: {id: {type: string}}
`)
	// The overlay adds a second generator warning: lint without it would
	// count one.
	overlay := filepath.Join(dir, "mine.yaml")
	writeFile(t, overlay, `overlay: 1.0.0
info: {title: mine, version: "1"}
actions:
  - target: $.components.schemas.Thing
    update: {required: [size]} # Overlay 1.0: an update appends to an array
`)
	code, _, stderr := runCLI(t, "generate", "--spec", vendor, "--overlay", overlay, "--out", filepath.Join(dir, "warn"))
	if code != exitOK {
		t.Fatalf("generate: exit %d: %s", code, stderr)
	}
	wantHint := fmt.Sprintf("%s: 2 generator warning(s); authgen lint --overlay %s %s lists them", vendor, overlay, vendor)
	if !strings.Contains(stderr, wantHint) {
		t.Errorf("generate's hint:\n%s\nwant it to hold %q", stderr, wantHint)
	}
	code, stdout, stderr := runCLI(t, "lint", "--overlay", overlay, vendor)
	if code != exitProblem {
		t.Errorf("lint: exit %d, want %d", code, exitProblem)
	}
	if want := fmt.Sprintf("%s: 2 generator warning(s), 1 from OpenAPI validation", vendor); !strings.Contains(stderr, want) {
		t.Errorf("lint's count:\n%s\nwant %q", stderr, want)
	}
	lines := strings.Split(strings.TrimSpace(stdout), "\n")
	var generator int
	for _, l := range lines {
		if !strings.Contains(l, "invalid OpenAPI: ") {
			generator++
		}
	}
	if len(lines) != 3 || generator != 2 {
		t.Errorf("lint lists %d problems, %d of the generator's; want 3 and 2:\n%s", len(lines), generator, stdout)
	}
}

func writeFile(t *testing.T, path, content string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
}
