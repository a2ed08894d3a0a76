package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/authgen/authgen/internal/overlay"
)

// maxPull caps a downloaded vendor document; the largest published ones
// are a few tens of MB.
const maxPull = 128 << 20

// pullClient fetches vendor documents; tests swap it for an httptest TLS
// server's client.
var pullClient = &http.Client{Timeout: 2 * time.Minute}

func runPull(args []string, stdout, stderr io.Writer) int {
	fs := newFlags("pull", stderr)
	if code, done := parse(fs, args, stdout); done {
		return code
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "authgen pull: name at least one overlay FILE")
		return exitUsage
	}
	code := exitOK
	for _, path := range fs.Args() {
		msg, err := pull(context.Background(), pullClient, path)
		if err != nil {
			fmt.Fprintf(stderr, "authgen pull: %v\n", err)
			code = exitProblem
			continue
		}
		fmt.Fprintln(stdout, msg)
	}
	return code
}

// pull downloads the document the overlay at path names in
// x-authgen-upstream and writes it to the file its extends names, but only
// when it parses as an OpenAPI document; it says whether the file changed.
func pull(ctx context.Context, client *http.Client, path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	if !overlay.IsOverlay(data) {
		return "", fmt.Errorf("%s: not an Overlay document; pull reads the vendor's URL from an overlay's %s", path, overlay.UpstreamKey)
	}
	f, err := overlay.ReadOverlay(path, data)
	if err != nil {
		return "", err
	}
	if f.Upstream == "" {
		return "", fmt.Errorf("%s: the overlay names no %s: add the https URL the vendor publishes its document at", path, overlay.UpstreamKey)
	}
	rel, err := f.ExtendsPath()
	if err != nil {
		return "", err
	}
	dest := filepath.Join(filepath.Dir(path), filepath.FromSlash(rel))

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.Upstream, nil)
	if err != nil {
		return "", fmt.Errorf("%s: %w", f.UpstreamPos, err)
	}
	req.Header.Set("User-Agent", "authgen-pull")
	resp, err := client.Do(req)
	if err != nil {
		return "", fmt.Errorf("%s: fetching %s: %w", f.UpstreamPos, f.Upstream, err)
	}
	defer resp.Body.Close()
	if resp.Request != nil && resp.Request.URL.Scheme != "https" {
		return "", fmt.Errorf("%s: fetching %s: redirected to %s, which is not https; nothing written", f.UpstreamPos, f.Upstream, resp.Request.URL.Redacted())
	}
	if resp.StatusCode != http.StatusOK {
		return "", fmt.Errorf("%s: fetching %s: %s; nothing written", f.UpstreamPos, f.Upstream, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxPull+1))
	if err != nil {
		return "", fmt.Errorf("%s: fetching %s: %w; nothing written", f.UpstreamPos, f.Upstream, err)
	}
	if len(body) > maxPull {
		return "", fmt.Errorf("%s: fetching %s: larger than %d MiB; nothing written", f.UpstreamPos, f.Upstream, maxPull>>20)
	}
	if err := overlay.CheckOpenAPI(f.Upstream, body); err != nil {
		why := err.Error()
		var oe *overlay.Error
		if errors.As(err, &oe) {
			why = oe.Message
		}
		return "", fmt.Errorf("%s: %s: %s; %s left as it was", f.UpstreamPos, f.Upstream, why, dest)
	}
	old, err := os.ReadFile(dest)
	switch {
	case err == nil && bytes.Equal(old, body):
		return fmt.Sprintf("%s: unchanged (%s, sha256 %x)", dest, f.Upstream, sha256.Sum256(body)), nil
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(dest), 0o755); err != nil {
		return "", err
	}
	if err := writeFileAtomic(dest, body); err != nil {
		return "", err
	}
	if old == nil {
		return fmt.Sprintf("%s: new (%d bytes from %s); run authgen generate", dest, len(body), f.Upstream), nil
	}
	return fmt.Sprintf("%s: changed (%d → %d bytes, sha256 %x → %x); run authgen diff, then authgen generate", dest, len(old), len(body), sha256.Sum256(old), sha256.Sum256(body)), nil
}
