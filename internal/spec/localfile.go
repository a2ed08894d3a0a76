package spec

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// MaxLocalFile is the most a spec may read of another file (a $ref's
// target, or the document an overlay extends); authgen pull refuses a
// larger download, which generate would refuse to read.
const MaxLocalFile = maxRefFile

// LocalPath checks path, a file a spec in root names (a $ref's target, or
// the document an overlay extends), against the rules generation reads such
// a file under: a .yaml, .yml or .json file, not hidden, inside root's tree
// as written and with every link resolved. It returns the path with its
// links resolved. A file that does not exist yet passes when the nearest
// directory above it that does resolves inside root: authgen pull, which
// creates the file, holds it to the rules generate will read it under.
// The error says why, without the path, which the caller names.
func LocalPath(root, path string) (string, error) {
	realRoot, err := filepath.EvalSymlinks(root)
	if err != nil {
		realRoot = root
	}
	return localPath(root, realRoot, path)
}

func localPath(root, realRoot, path string) (string, error) {
	path = filepath.Clean(path)
	switch strings.ToLower(filepath.Ext(path)) {
	case ".yaml", ".yml", ".json":
	default:
		return "", errors.New("not a .yaml, .yml or .json file")
	}
	if strings.HasPrefix(filepath.Base(path), ".") {
		return "", errors.New("a hidden file")
	}
	if outside(root, path) {
		return "", errors.New("outside the spec's folder; $refs read only files beside the spec or below it")
	}
	real, err := resolveLinks(path)
	if err != nil {
		return "", errors.New(pathErrText(err))
	}
	if outside(realRoot, real) {
		return "", errors.New("a link to a file outside the spec's folder; $refs read only files beside the spec or below it")
	}
	return real, nil
}

// outside reports whether p is outside dir's tree.
func outside(dir, p string) bool {
	rel, err := filepath.Rel(dir, p)
	return err != nil || rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) || filepath.IsAbs(rel)
}

// resolveLinks is path with every link resolved. Of a path that does not
// exist, it resolves the nearest directory above that does and joins the
// rest to it; a link that leads nowhere is an error, not a missing file,
// since writing to its name would create its target.
func resolveLinks(path string) (string, error) {
	real, err := filepath.EvalSymlinks(path)
	if err == nil || !errors.Is(err, fs.ErrNotExist) {
		return real, err
	}
	if _, lerr := os.Lstat(path); !errors.Is(lerr, fs.ErrNotExist) {
		return "", err // it exists, as a link to nothing, or cannot be read
	}
	parent := filepath.Dir(path)
	if parent == path {
		return "", err
	}
	realParent, err := resolveLinks(parent)
	if err != nil {
		return "", err
	}
	return filepath.Join(realParent, filepath.Base(path)), nil
}
