// Command authgen generates typed Go API clients from provider specs: an
// OpenAPI 3 document plus an x-authgen block for what OpenAPI cannot say
// (key formats, error envelopes, rate-limit headers). The clients get auth,
// errors and retries on 429 right, and import the standard library only.
//
// Usage:
//
//	authgen generate                                  # every specs/*.yaml into generated/<package>/
//	authgen generate --spec FILE --out DIR [--package NAME]
//	authgen check [--spec FILE --out DIR]             # exit 1 with a diff when generated code is stale
//	authgen lint [--overlay FILE]... FILE...         # every problem, as file:line:col: message
//	authgen new NAME [--auth bearer|header:NAME|query:NAME|basic|oauth2]   # a starting spec
//	authgen version
//
// In a consuming repository, one line in the package above the client does
// it (the output directory belongs to authgen and is replaced as a whole):
//
//	//go:generate go tool authgen generate --spec specs/acme.yaml --out internal/acme
package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"
	"unicode"

	"github.com/spf13/pflag"
	"golang.org/x/mod/modfile"

	"github.com/authgen/authgen/internal/gen"
	"github.com/authgen/authgen/internal/outdir"
	"github.com/authgen/authgen/internal/overlay"
	"github.com/authgen/authgen/internal/spec"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit codes.
const (
	exitOK      = 0
	exitProblem = 1 // bad spec, stale output, failed write
	exitUsage   = 2 // bad command line
)

// Default locations of the no-argument forms, relative to the working
// directory.
const (
	defaultSpecsDir = "specs"
	defaultOutRoot  = "generated"
)

type command struct {
	name    string
	summary string
	usage   string
	example string
	run     func(args []string, stdout, stderr io.Writer) int
}

func commands() []command {
	return []command{
		{"generate", "generate clients from specs", "authgen generate [--spec FILE --out DIR [--package NAME]]",
			"  authgen generate\n  authgen generate --spec specs/acme.yaml --out internal/acme", runGenerate},
		{"check", "fail with a diff when generated code is stale", "authgen check [--spec FILE --out DIR [--package NAME]]",
			"  authgen check\n  authgen check --spec specs/acme.yaml --out internal/acme", runCheck},
		{"lint", "report every problem in specs", "authgen lint [--overlay FILE]... FILE...",
			"  authgen lint specs/*.yaml\n  authgen lint --overlay mine.yaml vendor.json", runLint},
		{"new", "write a starting spec for a new provider", "authgen new NAME [--auth bearer|header:NAME|query:NAME|basic|oauth2] [--dir DIR]",
			"  authgen new acme --auth header:X-Api-Key\n  authgen new acme --auth oauth2", runNew},
		{"diff", "report what changes between two versions of a spec", "authgen diff OLD NEW | --since REV FILE... [--format text|markdown]",
			"  authgen diff specs/old/github.yaml specs/github.yaml\n  authgen diff --since origin/main --format markdown specs/acme.yaml", runDiff},
		{"pull", "download the vendor documents overlays extend", "authgen pull OVERLAY...",
			"  authgen pull specs/github.yaml", runPull},
		{"version", "print the version", "authgen version", "  authgen version", runVersion},
	}
}

// run is the whole CLI; main only wires it to the process.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "--help", "help":
		usage(stdout)
		return exitOK
	}
	for _, c := range commands() {
		if c.name == args[0] {
			return c.run(args[1:], stdout, stderr)
		}
	}
	fmt.Fprintf(stderr, "authgen: unknown command %q\n\n", args[0])
	usage(stderr)
	return exitUsage
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "authgen generates typed Go API clients from OpenAPI specs with an x-authgen block.")
	fmt.Fprintln(w, "\nUsage:\n  authgen <command> [flags]\n\nCommands:")
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-9s %s\n", c.name, c.summary)
	}
	fmt.Fprintln(w, "\nExamples:\n  authgen new acme --auth header:X-Api-Key\n  authgen lint specs/acme.yaml\n  authgen generate\n  authgen check")
	fmt.Fprintln(w, "\nRun 'authgen <command> --help' for a command's flags.")
}

// newFlags makes a command's flag set with a --help that shows the usage
// and an example.
func newFlags(name string, stderr io.Writer) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.SetOutput(stderr)
	for _, c := range commands() {
		if c.name == name {
			c := c
			fs.Usage = func() {
				fmt.Fprintf(fs.Output(), "Usage: %s\n\n%s.\n", c.usage, strings.ToUpper(c.summary[:1])+c.summary[1:])
				if fs.HasFlags() {
					fmt.Fprintf(fs.Output(), "\nFlags:\n%s", fs.FlagUsages())
				}
				fmt.Fprintf(fs.Output(), "\nExamples:\n%s\n", c.example)
			}
		}
	}
	return fs
}

// parse parses flags; done is true when the command should stop with code.
func parse(fs *pflag.FlagSet, args []string, stdout io.Writer) (code int, done bool) {
	// pflag prints the usage itself on --help, to the flag set's output
	// (stderr); it is printed once, below, to stdout.
	usage := fs.Usage
	fs.Usage = func() {}
	err := fs.Parse(args)
	fs.Usage = usage
	switch {
	case errors.Is(err, pflag.ErrHelp):
		fs.SetOutput(stdout)
		fs.Usage()
		return exitOK, true
	case err != nil:
		fmt.Fprintf(fs.Output(), "authgen %s: %v\n", fs.Name(), err)
		return exitUsage, true
	}
	return 0, false
}

// target is one spec and the directory its package goes to.
type target struct {
	specPath string
	outDir   string
	pkg      string   // --package override
	overlays []string // --overlay, applied to specPath in order
}

// singleFlags are the flags of the one-spec forms of generate and check.
type singleFlags struct {
	spec, out, pkg string
	overlays       []string
	fake           bool
	runtime        string // runtimeImport or runtimeCopy
}

// The two ways a client has its runtime: imported from its module, or
// from one copy per output root that generate writes beside the clients.
const (
	runtimeImport = "import"
	runtimeCopy   = "copy"
)

func (s *singleFlags) register(fs *pflag.FlagSet) {
	fs.StringVar(&s.spec, "spec", "", "the spec `FILE` to generate from")
	fs.StringVar(&s.out, "out", "", "the package `DIR` to write (replaced as a whole)")
	fs.StringVar(&s.pkg, "package", "", "the package `NAME`, overriding the spec's x-authgen.package")
	fs.StringArrayVar(&s.overlays, "overlay", nil, "an OpenAPI Overlay `FILE` to apply to --spec (repeatable, applied in order)")
	fs.BoolVar(&s.fake, "fake", true, "also write the fake provider package <pkg>fake inside the output directory, for consumers' tests")
	fs.StringVar(&s.runtime, "runtime", runtimeImport, "how clients get their runtime: `import` it from github.com/authgen/authgen/runtime, or copy it once per output root (the parent of --out, or generated/) into authgenrt/, for no dependency at all")
}

// targets resolves the one-spec form or, without flags, every spec in
// specs/.
func (s *singleFlags) targets(cmd string, fs *pflag.FlagSet, stderr io.Writer) ([]target, bool, int) {
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "authgen %s: unexpected argument %q (use --spec FILE --out DIR)\n", cmd, fs.Arg(0))
		return nil, false, exitUsage
	}
	if s.spec != "" || s.out != "" || s.pkg != "" || len(s.overlays) > 0 {
		if s.spec == "" || s.out == "" {
			fmt.Fprintf(stderr, "authgen %s: --spec and --out go together (and --overlay needs them)\n", cmd)
			return nil, false, exitUsage
		}
		return []target{{specPath: s.spec, outDir: s.out, pkg: s.pkg, overlays: s.overlays}}, false, exitOK
	}
	specs, err := listSpecs(defaultSpecsDir)
	if err != nil {
		fmt.Fprintf(stderr, "authgen %s: %v\n", cmd, err)
		return nil, false, exitProblem
	}
	if len(specs) == 0 {
		fmt.Fprintf(stderr, "authgen %s: no specs in %s/ (want *.yaml, *.yml or *.json)\n", cmd, defaultSpecsDir)
		return nil, false, exitProblem
	}
	var ts []target
	for _, p := range specs {
		ts = append(ts, target{specPath: p})
	}
	return ts, true, exitOK
}

// listSpecs lists the specs in dir: its YAML and JSON files, except the
// vendor documents that an overlay in dir extends (those are generated
// through their overlay).
func listSpecs(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	var files []string
	extended := map[string]bool{}
	for _, e := range entries {
		switch filepath.Ext(e.Name()) {
		case ".yaml", ".yml", ".json":
			if e.IsDir() {
				continue
			}
			path := filepath.Join(dir, e.Name())
			files = append(files, path)
			if base, ok := overlayExtends(path); ok {
				extended[base] = true
			}
		}
	}
	var out []string
	for _, f := range files {
		if !extended[filepath.Clean(f)] {
			out = append(out, f)
		}
	}
	sort.Strings(out)
	return out, nil
}

// overlayExtends is the document the overlay at path extends, when path is
// an overlay that names one.
func overlayExtends(path string) (string, bool) {
	data, err := os.ReadFile(path)
	if err != nil || !overlay.IsOverlay(data) {
		return "", false
	}
	f, err := overlay.ReadOverlay(path, data)
	if err != nil {
		return "", false // Load reports it
	}
	rel, err := f.ExtendsPath()
	if err != nil {
		return "", false
	}
	return filepath.Clean(filepath.Join(filepath.Dir(path), filepath.FromSlash(rel))), true
}

// generated is one target's output, in memory.
type generated struct {
	target
	files []outdir.File
	// runtimeCopy: the package is the runtime's copy (--runtime copy),
	// not a client.
	runtimeCopy bool
}

// useRuntimeCopies points every package at a copy of the runtime in its
// output root (the directory holding its --out), and returns the copies to
// write: authgenrt and authgenfake once per root, however many clients
// share it.
func useRuntimeCopies(pkgs []generated) ([]generated, error) {
	var copies []generated
	roots := map[string]string{} // output root -> its import path
	for i, g := range pkgs {
		root := filepath.Dir(filepath.Clean(g.outDir))
		rootImport, ok := roots[root]
		if !ok {
			var err error
			rootImport, err = outdir.ImportPath(root)
			if err != nil {
				return nil, fmt.Errorf("the copy in %s needs a module to import it by: %w", root, err)
			}
			roots[root] = rootImport
			byDir := gen.RuntimeCopy(rootImport)
			for _, dir := range []string{gen.RuntimeCopyDir, gen.FakeRuntimeCopyDir} {
				c := generated{target: target{outDir: filepath.Join(root, dir)}, runtimeCopy: true}
				for _, f := range byDir[dir] {
					c.files = append(c.files, outdir.File{Name: f.Name, Content: f.Content})
				}
				copies = append(copies, c)
			}
		}
		files := make([]gen.File, len(g.files))
		for j, f := range g.files {
			files[j] = gen.File{Name: f.Name, Content: f.Content}
		}
		for j, f := range gen.UseRuntimeCopy(files, rootImport) {
			pkgs[i].files[j].Content = f.Content
		}
	}
	return copies, nil
}

// plan is what generate writes and check compares: the packages and, in the
// no-argument form, generated/generate.go beside them.
type plan struct {
	packages  []generated
	directive *outdir.File
	// orphans are directories under generated/ that no spec generates any
	// more (the no-argument form only).
	orphans []string
}

// directivePath is where the no-argument form writes its //go:generate lines.
var directivePath = filepath.Join(defaultOutRoot, "generate.go")

// makePlan parses a generate or check command line, loads every spec and
// generates it in memory. It reports every problem of every spec, and done
// is true (with the exit code) unless all of them succeeded, so nothing is
// written unless everything can be.
func makePlan(cmd string, args []string, stdout, stderr io.Writer) (p plan, code int, done bool) {
	fs := newFlags(cmd, stderr)
	var sf singleFlags
	sf.register(fs)
	if code, done := parse(fs, args, stdout); done {
		return plan{}, code, true
	}
	ts, all, code := sf.targets(cmd, fs, stderr)
	if ts == nil {
		return plan{}, code, true
	}
	if sf.runtime != runtimeImport && sf.runtime != runtimeCopy {
		fmt.Fprintf(stderr, "authgen %s: --runtime %q: want %s or %s\n", cmd, sf.runtime, runtimeImport, runtimeCopy)
		return plan{}, exitUsage, true
	}
	ok := true
	seen := map[string]string{}
	for _, t := range ts {
		provider, warnings, err := spec.Load(t.specPath, spec.Options{Package: t.pkg, Overlays: t.overlays, SkipOpenAPIValidation: true, PlaceOnlyErrors: true})
		if err != nil {
			printProblems(stderr, err)
			ok = false
			continue
		}
		if len(warnings) > 0 {
			// generate leaves out kin-openapi's whole-document validation
			// (issue 16), so lint finds more: say which count this is, and
			// the lint command that lists the same ones, overlays included.
			fmt.Fprintf(stderr, "%s: %d generator warning(s); %s lists them, and the OpenAPI validator's besides\n",
				t.specPath, len(warnings), lintCommand(t.specPath, t.overlays))
		}
		if all {
			t.outDir = filepath.Join(defaultOutRoot, provider.Package)
			if prev, dup := seen[provider.Package]; dup {
				fmt.Fprintf(stderr, "%s: package %s is also generated from %s; set a different x-authgen.package\n", t.specPath, provider.Package, prev)
				ok = false
				continue
			}
			seen[provider.Package] = t.specPath
		}
		var files []gen.File
		err = whileRendering(func() error {
			var err error
			files, err = gen.Generate(provider)
			return err
		})
		if err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", t.specPath, err)
			ok = false
			continue
		}
		if sf.fake {
			if importPath, err := outdir.ImportPath(t.outDir); err != nil {
				// Outside a module the fake could not import its client;
				// the client itself is still written.
				fmt.Fprintf(stderr, "%s: note: no fake provider package: %v\n", t.specPath, err)
			} else {
				fake, err := gen.GenerateFake(provider, importPath)
				if err != nil {
					fmt.Fprintf(stderr, "%s: %v\n", t.specPath, err)
					ok = false
					continue
				}
				files = append(files, fake...)
			}
		}
		g := generated{target: t}
		for _, f := range files {
			g.files = append(g.files, outdir.File{Name: f.Name, Content: f.Content})
		}
		p.packages = append(p.packages, g)
	}
	if !ok {
		return plan{}, exitProblem, true
	}
	if sf.runtime == runtimeCopy {
		copies, err := useRuntimeCopies(p.packages)
		if err != nil {
			fmt.Fprintf(stderr, "authgen %s: --runtime copy: %v\n", cmd, err)
			return plan{}, exitProblem, true
		}
		p.packages = append(p.packages, copies...)
	}
	if all {
		runner, err := directiveRunner("go.mod")
		if err != nil {
			fmt.Fprintf(stderr, "authgen %s: %v\n", cmd, err)
			return plan{}, exitUsage, true
		}
		d := generateDirective(p.packages, sf.runtime, runner)
		p.directive = &d
		p.orphans = orphanPackages(p.packages)
	}
	return p, exitOK, false
}

// renderGCPercent is the garbage collector's target while a client is
// rendered. Nearly everything rendering allocates (jennifer's statements,
// gofmt's syntax trees) is garbage microseconds later, and the live heap
// is the small model, so the default target has the collector run often
// for little. A larger target trades a little memory for time: Stripe's
// whole document generates in 0.77 s instead of 0.82 s (median of five)
// at a peak RSS of 127 MB instead of 122 MB. Larger still costs more
// memory than it saves time (200: 137 MB for the same 0.77 s; 400:
// 206 MB, past the load's own peak).
const renderGCPercent = 150

// whileRendering runs render with renderGCPercent, unless the user chose
// a GOGC of their own, after a collection that frees the document the
// model was built from (GitHub's peak: 716 -> 561 MB, median of five).
func whileRendering(render func() error) error {
	if _, set := os.LookupEnv("GOGC"); set {
		return render()
	}
	// The document kin-openapi built is garbage once the model is: a
	// collection now sets the heap goal from the model, or it would stay
	// at one and a half times the document through the whole rendering.
	runtime.GC()
	defer debug.SetGCPercent(debug.SetGCPercent(renderGCPercent))
	return render()
}

// orphanPackages lists the directories of generated/ that no spec produced.
func orphanPackages(gs []generated) []string {
	want := map[string]bool{}
	for _, g := range gs {
		want[filepath.Clean(g.outDir)] = true
	}
	entries, _ := os.ReadDir(defaultOutRoot)
	var out []string
	for _, e := range entries {
		dir := filepath.Join(defaultOutRoot, e.Name())
		if e.IsDir() && !want[dir] && !strings.HasPrefix(e.Name(), ".") {
			out = append(out, dir)
		}
	}
	return out
}

// onlyGenerated says whether every file in dir is one authgen wrote, so the
// directory can go without losing anyone's work.
func onlyGenerated(dir string) bool {
	foreign, err := foreignFiles(dir)
	return err == nil && len(foreign) == 0
}

// foreignFiles lists what in dir authgen did not write: files without the
// generated-code header, and subdirectories. A missing dir has none.
func foreignFiles(dir string) ([]string, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	var out []string
	for _, e := range entries {
		path := filepath.Join(dir, e.Name())
		if e.IsDir() {
			// The fake provider package authgen writes inside the
			// client's directory is its own, when all of it is.
			sub, err := foreignFiles(path)
			subEntries, _ := os.ReadDir(path)
			nested := false
			for _, s := range subEntries {
				nested = nested || s.IsDir()
			}
			if err != nil || len(sub) > 0 || nested || !strings.HasSuffix(e.Name(), "fake") {
				out = append(out, path+string(filepath.Separator))
			}
			continue
		}
		b, err := os.ReadFile(path)
		if err != nil || !bytes.HasPrefix(b, []byte("// "+gen.Header+"\n")) {
			out = append(out, path)
		}
	}
	return out, nil
}

// authgenModule is the authgen repository's module path.
const authgenModule = "github.com/authgen/authgen"

// directiveRunner is how generated/generate.go runs authgen from the
// module whose go.mod is at modPath: `go run ../cmd/authgen` inside the
// authgen repository, `go tool authgen` in a module that has the tool. Any
// other module cannot run either, so the no-argument form is refused there
// with what to do instead.
func directiveRunner(modPath string) (string, error) {
	data, err := os.ReadFile(modPath)
	if err != nil {
		return "", fmt.Errorf("no go.mod here: run the no-argument form from a module's root, or pass --spec FILE --out DIR")
	}
	f, err := modfile.Parse(modPath, data, nil)
	if err != nil {
		return "", fmt.Errorf("%v", err)
	}
	if f.Module != nil && f.Module.Mod.Path == authgenModule {
		return "go run ../cmd/authgen", nil
	}
	for _, t := range f.Tool {
		if t.Path == authgenModule+"/cmd/authgen" {
			return "go tool authgen", nil
		}
	}
	return "", fmt.Errorf("%s has no tool directive for %s/cmd/authgen, so generated/generate.go could not run authgen: add it (go get -tool %s/cmd/authgen) or pass --spec FILE --out DIR", modPath, authgenModule, authgenModule)
}

// generateDirective is generated/generate.go: one //go:generate line per
// client, so that `go generate ./...` regenerates them too.
func generateDirective(gs []generated, runtimeMode, runner string) outdir.File {
	var b strings.Builder
	fmt.Fprintf(&b, "// %s\n\n", gen.Header)
	b.WriteString("// Package generated holds the clients authgen generates from specs/, one package each.\n")
	fmt.Fprintf(&b, "// `%s generate` (or `go generate ./...`) rewrites them; `authgen check` fails when\n", strings.Replace(runner, "../", "./", 1))
	b.WriteString("// they are stale.\n")
	b.WriteString("package generated\n\n")
	flag := ""
	if runtimeMode == runtimeCopy {
		flag = " --runtime copy"
	}
	for _, g := range gs {
		if g.runtimeCopy {
			continue
		}
		spec := filepath.ToSlash(filepath.Join("..", g.specPath))
		fmt.Fprintf(&b, "//go:generate %s generate --spec %s --out %s%s\n", runner, directiveArg(spec), filepath.Base(g.outDir), flag)
	}
	return outdir.File{Name: filepath.Base(directivePath), Content: []byte(b.String())}
}

// directiveArg writes one argument of a //go:generate line. go generate
// splits on spaces and reads double-quoted arguments with Go syntax, so a
// path with a space, a quote or a control character (a newline would end
// the directive and start a line of Go) is written quoted and escaped.
func directiveArg(s string) string {
	for _, r := range s {
		if r <= ' ' || r == '"' || r == '\\' || r == '$' || !unicode.IsPrint(r) {
			return strconv.Quote(s)
		}
	}
	return s
}

func printProblems(w io.Writer, err error) {
	var ps spec.Problems
	if errors.As(err, &ps) {
		for _, p := range ps {
			fmt.Fprintln(w, p.String())
		}
		return
	}
	fmt.Fprintln(w, err)
}

func runGenerate(args []string, stdout, stderr io.Writer) int {
	p, code, done := makePlan("generate", args, stdout, stderr)
	if done {
		if code == exitProblem {
			fmt.Fprintln(stderr, "authgen generate: nothing written")
		}
		return code
	}
	// The output directory is replaced as a whole: refuse, before writing
	// anything, rather than delete files someone else wrote there.
	blocked := false
	for _, g := range p.packages {
		foreign, err := foreignFiles(g.outDir)
		if err != nil {
			fmt.Fprintf(stderr, "authgen generate: %v\n", err)
			return exitProblem
		}
		for _, f := range foreign {
			fmt.Fprintf(stderr, "authgen generate: %s was not written by authgen; the output directory is replaced as a whole, so move it or choose another --out\n", f)
			blocked = true
		}
	}
	if blocked {
		fmt.Fprintln(stderr, "authgen generate: nothing written")
		return exitProblem
	}
	for _, g := range p.packages {
		from, summary := g.specPath, ""
		if g.runtimeCopy {
			from = "the runtime"
		} else {
			summary = apiSummary(g.outDir, g.files)
		}
		if err := outdir.Replace(g.outDir, g.files); err != nil {
			fmt.Fprintf(stderr, "authgen generate: %s: %v\n", g.outDir, err)
			return exitProblem
		}
		fmt.Fprintf(stdout, "%s -> %s (%d files)%s\n", from, g.outDir, len(g.files), summary)
	}
	if p.directive != nil {
		if err := writeFileAtomic(directivePath, p.directive.Content); err != nil {
			fmt.Fprintf(stderr, "authgen generate: %v\n", err)
			return exitProblem
		}
	}
	for _, dir := range p.orphans {
		if !onlyGenerated(dir) {
			fmt.Fprintf(stderr, "authgen generate: %s: no spec generates it, but it holds files authgen did not write; left as it is\n", dir)
			continue
		}
		if err := os.RemoveAll(dir); err != nil {
			fmt.Fprintf(stderr, "authgen generate: %v\n", err)
			return exitProblem
		}
		fmt.Fprintf(stdout, "removed %s: no spec generates it any more\n", dir)
	}
	return exitOK
}

func writeFileAtomic(path string, content []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if _, err := tmp.Write(content); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	if err := os.Chmod(tmp.Name(), 0o644); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

func runCheck(args []string, stdout, stderr io.Writer) int {
	p, code, done := makePlan("check", args, stdout, stderr)
	if done {
		return code
	}
	var diffs strings.Builder
	for _, g := range p.packages {
		d, err := outdir.Diff(g.outDir, g.outDir, g.files)
		if err != nil {
			fmt.Fprintf(stderr, "authgen check: %s: %v\n", g.outDir, err)
			return exitProblem
		}
		diffs.WriteString(d)
	}
	if p.directive != nil {
		d, err := diffOneFile(directivePath, p.directive.Content)
		if err != nil {
			fmt.Fprintf(stderr, "authgen check: %v\n", err)
			return exitProblem
		}
		diffs.WriteString(d)
	}
	for _, dir := range p.orphans {
		fmt.Fprintf(&diffs, "extra package %s: no spec in %s/ generates it\n", dir, defaultSpecsDir)
	}
	if diffs.Len() > 0 {
		fmt.Fprint(stdout, diffs.String())
		fmt.Fprintln(stderr, "authgen check: generated code is stale; run authgen generate")
		return exitProblem
	}
	fmt.Fprintln(stdout, "authgen check: generated code is up to date")
	return exitOK
}

// diffOneFile compares a single file, using the directory diff on its
// parent with only that file considered.
func diffOneFile(path string, content []byte) (string, error) {
	have, err := os.ReadFile(path)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return "", err
	}
	if err == nil && string(have) == string(content) {
		return "", nil
	}
	tmp, err := os.MkdirTemp("", "authgen-check-")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	if have != nil {
		if err := os.WriteFile(filepath.Join(tmp, filepath.Base(path)), have, 0o644); err != nil {
			return "", err
		}
	}
	return outdir.Diff(tmp, filepath.Dir(path), []outdir.File{{Name: filepath.Base(path), Content: content}})
}

func runLint(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("lint", stderr)
	overlays := fs.StringArray("overlay", nil, "an OpenAPI Overlay `FILE` applied to each spec (repeatable, applied in order), as generate --overlay does")
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "authgen lint: name at least one spec FILE")
		return exitUsage
	}
	bad := false
	for _, path := range fs.Args() {
		_, warnings, err := spec.Load(path, spec.Options{Overlays: *overlays})
		all := append(spec.Problems(nil), warnings...)
		if generator, validator := countWarnings(warnings); generator+validator > 0 {
			// The same split generate's hint names, so the two counts
			// can be matched.
			fmt.Fprintf(stderr, "%s: %d generator warning(s), %d from OpenAPI validation\n", path, generator, validator)
		}
		var errs spec.Problems
		switch {
		case errors.As(err, &errs):
			all = append(all, errs...)
			bad = true
		case err != nil:
			fmt.Fprintln(stdout, err)
			bad = true
		}
		all.Sort()
		bad = bad || len(all) > 0 // warnings are problems too; generate lets them pass
		for _, p := range all {
			fmt.Fprintln(stdout, p.String())
		}
	}
	if bad {
		return exitProblem
	}
	return exitOK
}

// countWarnings splits warnings into the generator's own and those of
// kin-openapi's validation, which only lint runs.
func countWarnings(warnings spec.Problems) (generator, validator int) {
	for _, w := range warnings {
		if w.FromValidation() {
			validator++
		} else {
			generator++
		}
	}
	return generator, validator
}

// lintCommand is the lint command line that checks what generate read.
func lintCommand(specPath string, overlays []string) string {
	cmd := "authgen lint"
	for _, o := range overlays {
		cmd += " --overlay " + o
	}
	return cmd + " " + specPath
}

func runVersion(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("version", stderr)
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	fmt.Fprintln(stdout, versionString(debug.ReadBuildInfo()))
	return exitOK
}

// modulePath is authgen's module; `go tool authgen` builds it as a
// dependency of the consuming module, so its version is then in Deps.
const modulePath = "github.com/authgen/authgen"

// versionString reports the module version and the VCS revision the binary
// was built from, as far as the build recorded them.
func versionString(info *debug.BuildInfo, ok bool) string {
	if !ok || info == nil {
		return "authgen (unknown version)"
	}
	mod := info.Main
	if mod.Path != modulePath {
		for _, dep := range info.Deps {
			if dep.Path == modulePath {
				mod = *dep
				if dep.Replace != nil {
					mod.Version = dep.Version + " => " + dep.Replace.Path
					if dep.Replace.Version != "" {
						mod.Version += " " + dep.Replace.Version
					}
				}
			}
		}
	}
	version := mod.Version
	if version == "" {
		version = "(devel)"
	}
	var rev, modified string
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "+dirty"
			}
		}
	}
	out := "authgen " + version
	if rev != "" && mod.Path == info.Main.Path {
		out += " (" + rev + modified + ")"
	}
	return out + " " + info.GoVersion
}
