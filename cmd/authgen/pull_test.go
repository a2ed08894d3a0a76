package main

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/authgen/authgen/internal/spec"
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

// TestPullWritesOnlyWhereGenerateReads holds pull to generate's rules for
// the document an overlay extends: an extends that leaves the overlay's
// folder, as written or through a link, is refused before anything is
// fetched, and the file outside is left as it was; generate refuses the
// same extends. A link inside the folder is followed, and a link as the
// file itself is not written through.
func TestPullWritesOnlyWhereGenerateReads(t *testing.T) {
	for _, c := range []struct {
		name, extends, want string
		generateReads       bool // generate reads it, though pull refuses
	}{
		{name: "dot-dot", extends: "../home/profile.yaml", want: "outside the spec's folder"},
		{name: "dotfile", extends: "../home/.bashrc", want: "not a .yaml, .yml or .json file"},
		{name: "hidden", extends: ".profile.yaml", want: "a hidden file"},
		{name: "directory link", extends: "out/profile.yaml", want: "a link to a file outside the spec's folder"},
		{name: "file link", extends: "profile.yaml", want: "a link to a file outside the spec's folder"},
		{name: "link to nothing", extends: "nowhere/new.yaml", want: "no such file or directory"},
		{name: "link inside", extends: "alias.yaml", want: "a link; pull replaces only a regular file", generateReads: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			requests := 0
			overlayPath, _, client := pullSetup(t, func(w http.ResponseWriter, r *http.Request) {
				requests++
				w.Write([]byte(pulledDoc))
			})
			specs := filepath.Dir(overlayPath)
			home := filepath.Join(filepath.Dir(specs), "home") // beside the overlay's folder

			profile := filepath.Join(home, "profile.yaml")
			const kept = "openapi: 3.0.3\ninfo: {title: Kept, version: \"1\"}\npaths: {}\n"
			for _, p := range []string{profile, filepath.Join(specs, "vendor.yaml")} {
				mustWrite(t, p, kept)
			}
			must(t, os.Symlink(home, filepath.Join(specs, "out")))
			must(t, os.Symlink(profile, filepath.Join(specs, "profile.yaml")))
			must(t, os.Symlink(filepath.Join(home, "missing"), filepath.Join(specs, "nowhere")))
			must(t, os.Symlink(filepath.Join(specs, "vendor.yaml"), filepath.Join(specs, "alias.yaml")))
			setExtends(t, overlayPath, c.extends)

			_, err := pull(context.Background(), client, overlayPath)
			if err == nil || !strings.Contains(err.Error(), c.want) || !strings.Contains(err.Error(), "widgets.yaml:3:10: extends") {
				t.Fatalf("pull: %v, want %q at the extends", err, c.want)
			}
			if requests != 0 {
				t.Errorf("%d requests sent for an extends pull refuses", requests)
			}
			for _, p := range []string{profile, filepath.Join(specs, "vendor.yaml")} {
				if got, _ := os.ReadFile(p); string(got) != kept {
					t.Errorf("%s changed: %q", p, got)
				}
			}
			if _, err := os.Stat(filepath.Join(home, "missing")); !os.IsNotExist(err) {
				t.Errorf("pull made the link's target: %v", err)
			}
			_, _, err = spec.Load(overlayPath, spec.Options{})
			if c.generateReads != (err == nil) {
				t.Errorf("generate: %v", err)
			}
		})
	}
}

// TestPullFollowsALinkInsideTheFolder: a directory link that stays in the
// overlay's folder is where generate reads, so pull writes there.
func TestPullFollowsALinkInsideTheFolder(t *testing.T) {
	overlayPath, _, client := pullSetup(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(pulledDoc))
	})
	specs := filepath.Dir(overlayPath)
	must(t, os.Mkdir(filepath.Join(specs, "vendor"), 0o755))
	must(t, os.Symlink("vendor", filepath.Join(specs, "upstream")))
	if msg, err := pull(context.Background(), client, overlayPath); err != nil || !strings.Contains(msg, ": new (") {
		t.Fatalf("pull: %q, %v", msg, err)
	}
	if got, _ := os.ReadFile(filepath.Join(specs, "vendor", "widgets.yaml")); string(got) != pulledDoc {
		t.Errorf("written %q", got)
	}
	if info, err := os.Lstat(filepath.Join(specs, "upstream")); err != nil || info.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced: %v", err)
	}
}

// TestPullRefusesRedirectsToHTTPBeforeSending: the redirect policy runs
// before the redirected request is sent, so a plain-http target receives
// nothing; and a redirect loop stops after maxPullRedirects.
func TestPullRefusesRedirectsToHTTPBeforeSending(t *testing.T) {
	plainRequests := 0
	plain := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		plainRequests++
		w.Write([]byte(pulledDoc))
	}))
	defer plain.Close()
	overlayPath, dest, client := pullSetup(t, func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.URL+"/openapi.yaml", http.StatusFound)
	})
	_, err := pull(context.Background(), client, overlayPath)
	if err == nil || !strings.Contains(err.Error(), "which is not https; nothing written") {
		t.Errorf("error %v", err)
	}
	if plainRequests != 0 {
		t.Errorf("the plain-http server received %d requests", plainRequests)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Error("a refused pull wrote the file")
	}

	requests := 0
	overlayPath, _, client = pullSetup(t, func(w http.ResponseWriter, r *http.Request) {
		requests++
		http.Redirect(w, r, "/again", http.StatusFound)
	})
	_, err = pull(context.Background(), client, overlayPath)
	if err == nil || !strings.Contains(err.Error(), "more than 5 redirects") || requests != maxPullRedirects+1 {
		t.Errorf("redirect loop: %d requests, %v", requests, err)
	}
}

// TestPullBoundsMemory: a 24 MB document that is one long list (12
// million nodes, 2.4 GB to parse before the node cap) is refused from its
// estimated nodes, before it is parsed, with the URL and the cap named.
func TestPullBoundsMemory(t *testing.T) {
	body := []byte("openapi: 3.0.3\nx: [" + strings.Repeat("0,", 12<<20) + "0]\n")
	overlayPath, dest, client := pullSetup(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write(body)
	})
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	_, err := pull(context.Background(), client, overlayPath)
	runtime.ReadMemStats(&after)
	if err == nil || !strings.Contains(err.Error(), "/openapi.yaml: about 25165834 YAML nodes, more than the 2500000 pull parses") {
		t.Errorf("error %v", err)
	}
	// The download itself, read into a growing buffer, is about 80 MB.
	alloc := after.TotalAlloc - before.TotalAlloc
	t.Logf("allocated %d MB", alloc>>20)
	if alloc > 256<<20 {
		t.Errorf("pull allocated %d MB for a %d MB document", alloc>>20, len(body)>>20)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Error("a refused pull wrote the file")
	}
}

// TestPullRefusesWhatGenerateWouldNotRead: a download larger than
// generate reads of an extended document is refused.
func TestPullRefusesWhatGenerateWouldNotRead(t *testing.T) {
	body := []byte(pulledDoc + "# " + strings.Repeat("x", maxPull) + "\n")
	overlayPath, dest, client := pullSetup(t, func(w http.ResponseWriter, r *http.Request) {
		w.Write(body)
	})
	_, err := pull(context.Background(), client, overlayPath)
	if err == nil || !strings.Contains(err.Error(), "larger than 32 MiB, the most generate reads") {
		t.Errorf("error %v", err)
	}
	if _, err := os.Stat(dest); !os.IsNotExist(err) {
		t.Error("a refused pull wrote the file")
	}
}

// TestPullNodesNeverUnderestimates checks pullNodes against the nodes the
// YAML parser makes, for hostile shapes and every YAML or JSON file in the
// repository's specs and test data, and that the vendor documents pull
// fetches today stay well inside the cap.
func TestPullNodesNeverUnderestimates(t *testing.T) {
	check := func(name string, data []byte) int {
		var root yaml.Node
		if yaml.Unmarshal(data, &root) != nil {
			return 0
		}
		if real, est := countNodes(&root), pullNodes(data); est < real {
			t.Errorf("%s: estimated %d nodes, parsed %d", name, est, real)
		}
		return pullNodes(data)
	}
	for _, s := range []string{
		"", "0", "[0,0,0]", "- 0\n- 0\n", "-\n-\n-\n", "- - - 0\n", "{a, b, c}", "[a: 1, b: 2]",
		"[{a}, {b}]", "? a\n? b\n", "? a\n: b\n", "- a: 1\n  b: 2\n", "a: &x [1, 2]\nb: *x\nc: *x\n",
		"a:\nb:\nc:\n", "{\"a\":1,\"b\":[{},[],null]}", "a: |\n  x\n  y\nb: >\n  z\n", "--- a\n--- b\n",
		"a: !!str 1\nb: !t {c: d}\n", "[[[[]]]]", "{a: {b: {c: {}}}}",
	} {
		check(fmt.Sprintf("%q", s), []byte(s))
	}
	var files []string
	for _, pattern := range []string{"../../specs/*.*", "../../specs/upstream/*", "../../testdata/*/*.*", "../../testdata/*/*/*.*"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	for _, f := range files {
		switch filepath.Ext(f) {
		case ".yaml", ".yml", ".json":
			data, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if est := check(f, data); est > maxPullNodes {
				t.Errorf("%s: %d estimated nodes, more than pull parses", f, est)
			}
		}
	}
	t.Logf("%d files", len(files))
	if len(files) < 50 {
		t.Errorf("only %d files checked", len(files))
	}
}

func countNodes(n *yaml.Node) int {
	c := 1
	for _, k := range n.Content {
		c += countNodes(k)
	}
	return c
}

func setExtends(t *testing.T, overlayPath, extends string) {
	t.Helper()
	data, err := os.ReadFile(overlayPath)
	must(t, err)
	text := strings.Replace(string(data), "extends: upstream/widgets.yaml", "extends: "+extends, 1)
	must(t, os.WriteFile(overlayPath, []byte(text), 0o644))
}

func mustWrite(t *testing.T, path, content string) {
	t.Helper()
	must(t, os.MkdirAll(filepath.Dir(path), 0o755))
	must(t, os.WriteFile(path, []byte(content), 0o644))
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}
