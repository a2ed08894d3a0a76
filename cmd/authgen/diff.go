package main

import (
	"archive/tar"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/authgen/authgen/internal/changes"
	"github.com/authgen/authgen/internal/gen"
	"github.com/authgen/authgen/internal/outdir"
	"github.com/authgen/authgen/internal/spec"
)

const exitBreaking = 2 // authgen diff: something breaking

// errNotAtRevision: the spec is new since the revision diff compares with.
var errNotAtRevision = errors.New("not in that revision")

func runDiff(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("diff", stderr)
	format := fs.String("format", "text", "the report's `FORMAT`: text or markdown (for a pull-request description)")
	since := fs.String("since", "", "compare each FILE with itself at git revision `REV` (for CI)")
	// A client made with --spec vendor.json --overlay mine.yaml is diffed
	// through the same overlays; without them the report would list
	// everything the overlays change (package name, auth, renames).
	overlays := fs.StringArray("overlay", nil, "an OpenAPI Overlay `FILE` applied to both OLD and NEW (repeatable, applied in order; with --since, as it was at REV)")
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	if *format != "text" && *format != "markdown" {
		fmt.Fprintf(stderr, "authgen diff: --format %q: want text or markdown\n", *format)
		return exitUsage
	}
	type pair struct {
		oldPath, newPath, oldLabel string
		oldOverlays                []string
	}
	var pairs []pair
	switch {
	case *since != "":
		if fs.NArg() == 0 {
			fmt.Fprintln(stderr, "authgen diff: --since REV needs the spec FILEs to compare")
			return exitUsage
		}
		for _, path := range fs.Args() {
			oldPath, cleanup, err := atRevision(*since, path)
			if errors.Is(err, errNotAtRevision) {
				fmt.Fprintf(stdout, "%s: new since %s; nothing to compare\n", path, *since)
				continue
			}
			if err != nil {
				fmt.Fprintf(stderr, "authgen diff: %s at %s: %v\n", path, *since, err)
				return exitProblem
			}
			defer cleanup()
			oldOverlays, cleanups, err := overlaysAtRevision(*since, *overlays)
			for _, c := range cleanups {
				defer c()
			}
			if err != nil {
				fmt.Fprintf(stderr, "authgen diff: --overlay at %s: %v\n", *since, err)
				return exitProblem
			}
			pairs = append(pairs, pair{oldPath, path, *since + ":" + filepath.ToSlash(path), oldOverlays})
		}
	case fs.NArg() == 2:
		pairs = append(pairs, pair{fs.Arg(0), fs.Arg(1), fs.Arg(0), *overlays})
	default:
		fmt.Fprintln(stderr, "authgen diff: want OLD NEW (two specs or overlays), or --since REV FILE...")
		return exitUsage
	}
	code := exitOK
	for _, p := range pairs {
		oldV, err := loadVersion(p.oldPath, p.oldOverlays)
		if err != nil {
			fmt.Fprintf(stderr, "authgen diff: %s: %s\n", p.oldLabel, strings.ReplaceAll(err.Error(), p.oldPath, p.oldLabel))
			return exitProblem
		}
		newV, err := loadVersion(p.newPath, *overlays)
		if err != nil {
			fmt.Fprintf(stderr, "authgen diff: %s: %v\n", p.newPath, err)
			return exitProblem
		}
		report, err := changes.Compare(oldV, newV)
		if err != nil {
			fmt.Fprintf(stderr, "authgen diff: %s: %v\n", p.newPath, err)
			return exitProblem
		}
		if *format == "markdown" {
			err = report.Markdown(stdout)
		} else {
			err = report.Text(stdout)
		}
		if err != nil {
			fmt.Fprintf(stderr, "authgen diff: %v\n", err)
			return exitProblem
		}
		if report.Breaking() {
			code = exitBreaking
		}
	}
	return code
}

// overlaysAtRevision is each overlay as it was at rev, which made the old
// client; an overlay new since rev is applied to both sides as it is now.
func overlaysAtRevision(rev string, paths []string) ([]string, []func(), error) {
	var out []string
	var cleanups []func()
	for _, path := range paths {
		old, cleanup, err := atRevision(rev, path)
		switch {
		case errors.Is(err, errNotAtRevision):
			out = append(out, path)
			continue
		case err != nil:
			return nil, cleanups, fmt.Errorf("%s: %w", path, err)
		}
		cleanups = append(cleanups, cleanup)
		out = append(out, old)
	}
	return out, cleanups, nil
}

// loadVersion loads a spec (or overlay) with the given overlays applied in
// order and generates its client in memory.
func loadVersion(path string, overlays []string) (changes.Version, error) {
	p, _, err := spec.Load(path, spec.Options{Overlays: overlays, SkipOpenAPIValidation: true, PlaceOnlyErrors: true})
	if err != nil {
		return changes.Version{}, err
	}
	files, err := gen.Generate(p)
	if err != nil {
		return changes.Version{}, err
	}
	return changes.Version{Provider: p, Files: goFiles(files)}, nil
}

func goFiles(files []gen.File) map[string][]byte {
	m := map[string][]byte{}
	for _, f := range files {
		m[f.Name] = f.Content
	}
	return m
}

// atRevision writes path's directory as it was at git revision rev into a
// temporary directory (an overlay's vendor document and a spec's $refs live
// beside it or below) and returns where path is in there.
func atRevision(rev, path string) (string, func(), error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return "", nil, err
	}
	top, err := git(filepath.Dir(abs), "rev-parse", "--show-toplevel")
	if err != nil {
		return "", nil, err
	}
	top = strings.TrimSpace(top)
	if real, err := filepath.EvalSymlinks(abs); err == nil {
		abs = real
	}
	rel, err := filepath.Rel(top, abs)
	if err != nil || strings.HasPrefix(rel, "..") {
		return "", nil, fmt.Errorf("not inside the git repository at %s", top)
	}
	if _, err := git(top, "rev-parse", "--verify", "--quiet", rev+"^{commit}"); err != nil {
		return "", nil, fmt.Errorf("no revision %q", rev)
	}
	archive, err := git(top, "archive", "--format=tar", rev, "--", filepath.ToSlash(filepath.Dir(rel)))
	if err != nil {
		// The directory itself may be new since rev.
		return "", nil, fmt.Errorf("%s: %w", filepath.ToSlash(rel), errNotAtRevision)
	}
	tmp, err := os.MkdirTemp("", "authgen-diff-")
	if err != nil {
		return "", nil, err
	}
	cleanup := func() { os.RemoveAll(tmp) }
	if err := untar(tmp, []byte(archive)); err != nil {
		cleanup()
		return "", nil, err
	}
	old := filepath.Join(tmp, rel)
	if _, err := os.Stat(old); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("%s: %w", filepath.ToSlash(rel), errNotAtRevision)
	}
	return old, cleanup, nil
}

func git(dir string, args ...string) (string, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = dir
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		msg := strings.TrimSpace(errOut.String())
		if msg == "" {
			msg = err.Error()
		}
		return "", fmt.Errorf("git %s: %s", args[0], msg)
	}
	return out.String(), nil
}

// untar writes the regular files of a tar archive under dir; entries that
// would land outside dir are refused.
func untar(dir string, data []byte) error {
	tr := tar.NewReader(bytes.NewReader(data))
	for {
		h, err := tr.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if h.Typeflag != tar.TypeReg {
			continue
		}
		name := filepath.FromSlash(h.Name)
		if !filepath.IsLocal(name) {
			return fmt.Errorf("archive entry %q is outside the directory", h.Name)
		}
		path := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			return err
		}
		body, err := io.ReadAll(tr)
		if err != nil {
			return err
		}
		if err := os.WriteFile(path, body, 0o644); err != nil {
			return err
		}
	}
}

// apiSummary says, in a few words, how the package generate is about to
// write differs from the one in dir: unchanged, new, or how many breaking
// and compatible changes its Go API has ("authgen diff" lists them).
func apiSummary(dir string, files []outdir.File) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ": new"
	}
	old := map[string][]byte{}
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".go") {
			if b, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil {
				old[e.Name()] = b
			}
		}
	}
	next := map[string][]byte{}
	for _, f := range files {
		if !strings.Contains(f.Name, "/") { // the client itself, not its fake
			next[f.Name] = f.Content
		}
	}
	same := len(old) == len(next)
	for name, content := range next {
		same = same && bytes.Equal(old[name], content)
	}
	switch {
	case same:
		return ": unchanged"
	case len(old) == 0:
		return ": new"
	}
	api, err := changes.API(old, next)
	if err != nil {
		return ": changed (the old package does not type-check, so its API is not compared)"
	}
	breaking := 0
	for _, c := range api {
		if c.Breaking {
			breaking++
		}
	}
	if len(api) == 0 {
		return ": changed; Go API unchanged"
	}
	return fmt.Sprintf(": Go API %d breaking, %d compatible changes (authgen diff lists them)", breaking, len(api)-breaking)
}
