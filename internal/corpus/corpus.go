// Package corpus finds the corpus of public OpenAPI documents the
// generator's tests run on: written by others, 26 MB, kept beside the
// repository (../shared/corpus) rather than in it. Tests call Dir.
package corpus

import (
	"os"
	"path/filepath"
	"testing"
)

// EnvVar names the corpus directory. Set, a missing corpus fails the
// tests that need it instead of skipping them (.ci/run sets it).
const EnvVar = "AUTHGEN_CORPUS"

// Dir returns the corpus directory: $AUTHGEN_CORPUS, or shared/corpus
// beside the repository, found from the working directory up. Without a
// corpus the test is skipped with the command that runs it, or fails when
// AUTHGEN_CORPUS is set.
func Dir(tb testing.TB) string {
	tb.Helper()
	if dir := os.Getenv(EnvVar); dir != "" {
		if !hasDocuments(dir) {
			tb.Fatalf("%s=%s holds no OpenAPI documents", EnvVar, dir)
		}
		return dir
	}
	wd, err := os.Getwd()
	if err == nil {
		for d := wd; ; d = filepath.Dir(d) {
			if candidate := filepath.Join(d, "shared", "corpus"); hasDocuments(candidate) {
				return candidate
			}
			if filepath.Dir(d) == d {
				break
			}
		}
	}
	tb.Skipf("no corpus of public documents beside the repository: run %s=/path/to/corpus go test ./... (CI keeps it at ../shared/corpus)", EnvVar)
	return ""
}

// Files lists the corpus's documents, sorted.
func Files(tb testing.TB) []string {
	tb.Helper()
	dir := Dir(tb)
	var files []string
	for _, ext := range []string{"*.json", "*.yaml"} {
		m, _ := filepath.Glob(filepath.Join(dir, ext))
		files = append(files, m...)
	}
	return files
}

func hasDocuments(dir string) bool {
	for _, ext := range []string{"*.json", "*.yaml"} {
		if m, _ := filepath.Glob(filepath.Join(dir, ext)); len(m) > 0 {
			return true
		}
	}
	return false
}
