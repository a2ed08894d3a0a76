package main

import (
	"os"
	"runtime/debug"
	"testing"
)

func gcPercent() int {
	p := debug.SetGCPercent(100)
	debug.SetGCPercent(p)
	return p
}

// Rendering runs with renderGCPercent and restores the target after; a
// GOGC the user set is left alone.
func TestWhileRenderingSetsAndRestoresTheGCTarget(t *testing.T) {
	if _, set := os.LookupEnv("GOGC"); set {
		t.Skip("GOGC is set for the test process")
	}
	defer debug.SetGCPercent(debug.SetGCPercent(77))
	var during int
	_ = whileRendering(func() error { during = gcPercent(); return nil })
	if during != renderGCPercent || gcPercent() != 77 {
		t.Errorf("during %d, after %d; want %d, then 77 again", during, gcPercent(), renderGCPercent)
	}
	t.Setenv("GOGC", "77")
	_ = whileRendering(func() error { during = gcPercent(); return nil })
	if during != 77 {
		t.Errorf("with GOGC set, rendering ran at %d; want the user's 77", during)
	}
}
