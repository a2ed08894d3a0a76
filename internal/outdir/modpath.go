package outdir

import (
	"fmt"
	"os"
	"path/filepath"

	"golang.org/x/mod/modfile"
)

// ImportPath is the import path a package in dir will have: the module
// path of the nearest go.mod above it, joined with dir's place in the
// module. The fake provider package imports its client by it.
func ImportPath(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		data, err := os.ReadFile(filepath.Join(d, "go.mod"))
		if err == nil {
			module := modulePath(data)
			if module == "" {
				return "", fmt.Errorf("%s has no module line", filepath.Join(d, "go.mod"))
			}
			rel, err := filepath.Rel(d, abs)
			if err != nil {
				return "", err
			}
			if rel == "." {
				return module, nil
			}
			return module + "/" + filepath.ToSlash(rel), nil
		}
		if parent := filepath.Dir(d); parent == d {
			return "", fmt.Errorf("no go.mod in %s or above it", abs)
		}
	}
}

// modulePath reads the module line of a go.mod as the go command does
// (quotes, comments).
func modulePath(gomod []byte) string { return modfile.ModulePath(gomod) }
