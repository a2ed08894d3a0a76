// Package outdir writes a generated package into its directory atomically
// and compares a directory with what generation would write. It knows
// nothing of specs or Go; it deals in named files.
package outdir

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/aymanbagabas/go-udiff"
)

// File is a file to write, by base name.
type File struct {
	Name    string
	Content []byte
}

// Replace makes dir hold exactly files. It writes them into a fresh
// directory beside dir and renames it into place, so a failure at any point
// leaves dir as it was: never a half-written package.
func Replace(dir string, files []File) (err error) {
	// An absolute path gives "." and "sub/.." a real parent to stage in.
	if abs, absErr := filepath.Abs(dir); absErr == nil {
		dir = abs
	}
	parent := filepath.Dir(dir)
	if err := os.MkdirAll(parent, 0o755); err != nil {
		return fmt.Errorf("creating %s: %w", parent, err)
	}
	tmp, err := os.MkdirTemp(parent, "."+filepath.Base(dir)+".authgen-new-")
	if err != nil {
		return fmt.Errorf("creating temporary directory: %w", err)
	}
	defer func() {
		if err != nil {
			os.RemoveAll(tmp)
		}
	}()
	for _, f := range files {
		if !plainName(f.Name) {
			return fmt.Errorf("refusing to write %q: not a plain file name", f.Name)
		}
		if sub, _, nested := strings.Cut(f.Name, "/"); nested {
			if err := os.MkdirAll(filepath.Join(tmp, sub), 0o755); err != nil {
				return err
			}
		}
		if err := os.WriteFile(filepath.Join(tmp, filepath.FromSlash(f.Name)), f.Content, 0o644); err != nil {
			return fmt.Errorf("writing %s: %w", f.Name, err)
		}
	}
	if err := os.Chmod(tmp, 0o755); err != nil {
		return err
	}
	old := ""
	if _, statErr := os.Stat(dir); statErr == nil {
		old = tmp + ".old"
		if err := os.Rename(dir, old); err != nil {
			return fmt.Errorf("moving %s aside: %w", dir, err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		if old != "" {
			_ = os.Rename(old, dir) // put the previous package back
		}
		return fmt.Errorf("moving new %s into place: %w", dir, err)
	}
	if old != "" {
		if err := os.RemoveAll(old); err != nil {
			return fmt.Errorf("removing previous %s: %w", dir, err)
		}
	}
	return nil
}

// Diff compares dir with files and returns a unified diff of every
// difference: changed, missing and extra files. "" means dir is up to date.
// Names are shown relative to label (usually the path the user gave).
func Diff(dir, label string, files []File) (string, error) {
	want := map[string][]byte{}
	for _, f := range files {
		want[f.Name] = f.Content
	}
	have := map[string][]byte{}
	entries, err := os.ReadDir(dir)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return "", err
	}
	for _, e := range entries {
		if e.IsDir() {
			// One level of subdirectory: the fake provider package.
			sub, err := os.ReadDir(filepath.Join(dir, e.Name()))
			if err != nil {
				return "", err
			}
			for _, s := range sub {
				if s.IsDir() {
					continue
				}
				b, err := os.ReadFile(filepath.Join(dir, e.Name(), s.Name()))
				if err != nil {
					return "", err
				}
				have[e.Name()+"/"+s.Name()] = b
			}
			continue
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return "", err
		}
		have[e.Name()] = b
	}
	names := map[string]bool{}
	for n := range want {
		names[n] = true
	}
	for n := range have {
		names[n] = true
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	var out strings.Builder
	for _, n := range sorted {
		w, inWant := want[n]
		h, inHave := have[n]
		if inWant && inHave && bytes.Equal(w, h) {
			continue
		}
		path := filepath.ToSlash(filepath.Join(label, n))
		oldName, newName := "a/"+path, "b/"+path
		switch {
		case !inHave:
			oldName = "/dev/null"
			out.WriteString("missing file " + path + "\n")
		case !inWant:
			newName = "/dev/null"
			out.WriteString("extra file " + path + " (not generated from the spec)\n")
		}
		out.WriteString(udiff.Unified(oldName, newName, string(h), string(w)))
	}
	return out.String(), nil
}

// plainName is a file name, or one subdirectory and a file name ("x/y.go"),
// with no part hidden or climbing.
func plainName(name string) bool {
	parts := strings.Split(name, "/")
	if len(parts) > 2 {
		return false
	}
	for _, p := range parts {
		if p == "" || strings.HasPrefix(p, ".") || p != filepath.Base(p) || strings.ContainsRune(p, filepath.Separator) {
			return false
		}
	}
	return true
}
