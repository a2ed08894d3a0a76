package corpus

import (
	"os"
	"path/filepath"
	"runtime"
	"testing"
)

// recorder is a testing.TB that records how the helper ended the test.
type recorder struct {
	testing.TB
	fatal, skip string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	r.fatal = format
	runtime.Goexit()
}
func (r *recorder) Skipf(format string, args ...any) {
	r.skip = format
	runtime.Goexit()
}

func run(f func(tb testing.TB)) *recorder {
	r := &recorder{}
	done := make(chan struct{})
	go func() { defer close(done); f(r) }()
	<-done
	return r
}

// TestDirNamedButMissingFails: CI names the corpus, so its absence is a
// failure there, not a quiet skip; unnamed and absent, the skip says how to
// run the tests.
func TestDirNamedButMissingFails(t *testing.T) {
	empty := t.TempDir()
	t.Setenv(EnvVar, empty)
	if r := run(func(tb testing.TB) { Dir(tb) }); r.fatal == "" {
		t.Error("a named corpus without documents did not fail")
	}
	full := t.TempDir()
	if err := os.WriteFile(filepath.Join(full, "a.json"), []byte("{}"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvVar, full)
	if got := Dir(t); got != full {
		t.Errorf("Dir = %q, want %q", got, full)
	}
	t.Setenv(EnvVar, "")
	t.Chdir(empty)
	if r := run(func(tb testing.TB) { Dir(tb) }); r.skip == "" {
		t.Error("no corpus anywhere, and no skip")
	}
}
