package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const pulledDoc = "openapi: 3.0.3\ninfo: {title: Widgets, version: \"2\"}\npaths: {}\n"

// pullSetup writes an overlay naming a local TLS server's document and
// returns the overlay's path, the destination and the server's client.
func pullSetup(t *testing.T, handler http.HandlerFunc) (overlayPath, dest string, client *http.Client) {
	t.Helper()
	ts := httptest.NewTLSServer(handler)
	t.Cleanup(ts.Close)
	dir := t.TempDir()
	overlayPath = filepath.Join(dir, "widgets.yaml")
	text := "overlay: 1.0.0\ninfo: {title: t, version: v}\nextends: upstream/widgets.yaml\nx-authgen-upstream: " + ts.URL + "/openapi.yaml\nactions:\n  - target: $\n    update: {x-authgen: {package: widgets}}\n"
	if err := os.WriteFile(overlayPath, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return overlayPath, filepath.Join(dir, "upstream", "widgets.yaml"), ts.Client()
}

func TestPullWritesOnlyADocumentThatParses(t *testing.T) {
	body := pulledDoc
	overlayPath, dest, client := pullSetup(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/openapi.yaml" {
			http.NotFound(w, r)
			return
		}
		w.Write([]byte(body))
	})
	ctx := context.Background()

	msg, err := pull(ctx, client, overlayPath)
	if err != nil || !strings.Contains(msg, ": new (") {
		t.Fatalf("first pull: %q, %v", msg, err)
	}
	if got, _ := os.ReadFile(dest); string(got) != pulledDoc {
		t.Fatalf("written %q", got)
	}

	msg, err = pull(ctx, client, overlayPath)
	if err != nil || !strings.Contains(msg, ": unchanged (") {
		t.Errorf("second pull: %q, %v", msg, err)
	}

	body = strings.Replace(pulledDoc, `"2"`, `"3"`, 1)
	msg, err = pull(ctx, client, overlayPath)
	if err != nil || !strings.Contains(msg, ": changed (") {
		t.Errorf("pull after a change: %q, %v", msg, err)
	}
	if got, _ := os.ReadFile(dest); string(got) != body {
		t.Errorf("written %q", got)
	}

	for _, bad := range []string{"<html>maintenance</html>", "openapi: [", "title: no openapi key\n"} {
		before, _ := os.ReadFile(dest)
		body = bad
		if _, err := pull(ctx, client, overlayPath); err == nil || !strings.Contains(err.Error(), "left as it was") {
			t.Errorf("pulling %q: %v", bad, err)
		}
		if after, _ := os.ReadFile(dest); !bytes.Equal(before, after) {
			t.Errorf("pulling %q changed the file", bad)
		}
	}
}

func TestPullRefusesFailures(t *testing.T) {
	overlayPath, dest, client := pullSetup(t, func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "gone", http.StatusGone)
	})
	_, err := pull(context.Background(), client, overlayPath)
	if err == nil || !strings.Contains(err.Error(), "410 Gone; nothing written") {
		t.Errorf("error %v", err)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Error("a failed pull wrote the file")
	}
	// The default client does not trust the test server's certificate.
	if _, err := pull(context.Background(), http.DefaultClient, overlayPath); err == nil || !strings.Contains(err.Error(), "certificate") {
		t.Errorf("untrusted certificate: %v", err)
	}
}

func TestPullNeedsAnUpstream(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "o.yaml")
	os.WriteFile(path, []byte("overlay: 1.0.0\ninfo: {title: t, version: v}\nextends: d.yaml\nactions:\n  - target: $\n    remove: true\n"), 0o644)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"pull", path}, &stdout, &stderr); code != exitProblem || !strings.Contains(stderr.String(), "names no x-authgen-upstream") {
		t.Errorf("code %d, stderr %q", code, stderr.String())
	}
	path = filepath.Join(dir, "p.yaml")
	os.WriteFile(path, []byte("overlay: 1.0.0\ninfo: {title: t, version: v}\nextends: d.yaml\nx-authgen-upstream: http://example.com/d.yaml\nactions:\n  - target: $\n    remove: true\n"), 0o644)
	stderr.Reset()
	if code := run([]string{"pull", path}, &stdout, &stderr); code != exitProblem || !strings.Contains(stderr.String(), "want the https URL") {
		t.Errorf("code %d, stderr %q", code, stderr.String())
	}
}
