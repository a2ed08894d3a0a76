package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"time"

	"github.com/authgen/authgen/internal/overlay"
	"github.com/authgen/authgen/internal/spec"
)

// maxPull caps a downloaded vendor document at what generate reads of the
// document an overlay extends: a larger file could not be generated from.
// The largest published documents are a few tens of MB (GitHub's: 13 MB).
const maxPull = spec.MaxLocalFile

// maxPullNodes caps the YAML nodes a downloaded document may hold, as
// pullNodes estimates them before anything is parsed. Checking that the
// document is OpenAPI parses it into nodes of about 200 bytes each (a
// 24 MB list of 12 million numbers took 2.4 GB), so this cap, not the
// byte cap, bounds pull's memory: about 500 MB. GitHub's 13 MB document
// estimates 1.2 million, half the cap.
const maxPullNodes = 2_500_000

// maxPullRedirects is how many redirects pull follows; vendors publish
// through one or two (a CDN, a release asset).
const maxPullRedirects = 5

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
// when that file is one generate would read and the download parses as an
// OpenAPI document; it says whether the file changed.
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
	// The destination is checked before anything is fetched: a hostile
	// overlay gets neither a request nor a write.
	dest, real, err := pullDest(path, f)
	if err != nil {
		return "", err
	}
	body, err := fetch(ctx, client, f)
	if err != nil {
		return "", err
	}
	if err := checkPulled(f.Upstream, body); err != nil {
		return "", fmt.Errorf("%s: %s: %s; %s left as it was", f.UpstreamPos, f.Upstream, err, dest)
	}
	return writePulled(path, f, dest, real, body)
}

// pullDest is the file the overlay's extends names, as the user would name
// it (dest) and with its links resolved (real), when generate would read
// it: the same rules as a $ref (spec.LocalPath), and not a link itself,
// since pull replaces a file rather than write through a link to one.
func pullDest(path string, f *overlay.File) (dest, real string, err error) {
	rel, err := f.ExtendsPath()
	if err != nil {
		return "", "", err
	}
	absOverlay, err := filepath.Abs(path)
	if err != nil {
		return "", "", err
	}
	root := filepath.Dir(absOverlay)
	refuse := func(why string) (string, string, error) {
		return "", "", fmt.Errorf("%s: extends %s: %s; pull writes only where generate reads, nothing fetched", f.ExtendsPos, f.Extends, why)
	}
	dest = filepath.Join(filepath.Dir(path), filepath.FromSlash(rel))
	named := filepath.Join(root, filepath.FromSlash(rel))
	real, err = spec.LocalPath(root, named)
	if err != nil {
		return refuse(err.Error())
	}
	info, err := os.Lstat(named) // the file itself, not what a link names
	switch {
	case errors.Is(err, fs.ErrNotExist):
	case err != nil:
		return refuse(err.Error())
	case info.Mode()&fs.ModeSymlink != 0:
		return refuse("a link; pull replaces only a regular file")
	case !info.Mode().IsRegular():
		return refuse("not a regular file")
	}
	return dest, real, nil
}

// fetch downloads the overlay's upstream over https only, at most maxPull
// bytes of it.
func fetch(ctx context.Context, client *http.Client, f *overlay.File) ([]byte, error) {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, f.Upstream, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", f.UpstreamPos, err)
	}
	req.Header.Set("User-Agent", "authgen-pull")
	// The policy holds whichever client is passed (tests pass a TLS
	// server's); a copy leaves the caller's as it was.
	c := *client
	c.CheckRedirect = httpsRedirectsOnly
	resp, err := c.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: fetching %s: %w; nothing written", f.UpstreamPos, f.Upstream, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("%s: fetching %s: %s; nothing written", f.UpstreamPos, f.Upstream, resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxPull+1))
	if err != nil {
		return nil, fmt.Errorf("%s: fetching %s: %w; nothing written", f.UpstreamPos, f.Upstream, err)
	}
	if len(body) > maxPull {
		return nil, fmt.Errorf("%s: fetching %s: larger than %d MiB, the most generate reads of a document an overlay extends; nothing written", f.UpstreamPos, f.Upstream, maxPull>>20)
	}
	return body, nil
}

// httpsRedirectsOnly is pull's redirect policy. It runs before the
// redirected request is sent, so a redirect to plain http is refused
// without sending anything there.
func httpsRedirectsOnly(req *http.Request, via []*http.Request) error {
	if req.URL.Scheme != "https" {
		return fmt.Errorf("redirected to %s, which is not https", req.URL.Redacted())
	}
	if len(via) > maxPullRedirects {
		return fmt.Errorf("more than %d redirects", maxPullRedirects)
	}
	return nil
}

// checkPulled returns why body is not an OpenAPI document pull may write.
// Its nodes are estimated before it is parsed, since parsing is what costs
// memory.
func checkPulled(url string, body []byte) error {
	if n := pullNodes(body); n > maxPullNodes {
		return fmt.Errorf("about %d YAML nodes, more than the %d pull parses (about 500 MB of memory)", n, maxPullNodes)
	}
	if err := overlay.CheckOpenAPI(url, body); err != nil {
		var oe *overlay.Error
		if errors.As(err, &oe) {
			return errors.New(oe.Message)
		}
		return err
	}
	return nil
}

// pullNodes is an upper estimate of the YAML nodes in data, counted from
// the bytes that begin them, without parsing: every node but the document
// and its top one begins after a flow collection's start or separator
// ('[', '{', ','), a block entry ('-'), an explicit key ('?') or a value
// indicator (':'), each of which begins at most as many nodes as it
// counts for here: a ':' a key and its value, '[' and '{' the collection,
// a first entry and its implied value ("{a}" is a with a null value).
// Bytes inside scalars count too, which overestimates a real document by
// about two to three times (GitHub's 13 MB: 475,000 nodes, 1.2 million
// estimated), and never underestimates a hostile one.
func pullNodes(data []byte) int {
	n := 3 // the document, its top node and a first key
	for _, c := range data {
		switch c {
		case '[', '{':
			n += 3
		case ',', ':', '?':
			n += 2
		case '-':
			n++
		}
	}
	return n
}

// writePulled writes body to real, unless it holds body already, by a
// rename of a file written beside it, which replaces real and never
// follows a link there; messages name dest.
func writePulled(path string, f *overlay.File, dest, real string, body []byte) (string, error) {
	old, err := os.ReadFile(real)
	switch {
	case err == nil && bytes.Equal(old, body):
		return fmt.Sprintf("%s: unchanged (%s, sha256 %x)", dest, f.Upstream, sha256.Sum256(body)), nil
	case err != nil && !errors.Is(err, os.ErrNotExist):
		return "", err
	}
	if err := os.MkdirAll(filepath.Dir(real), 0o755); err != nil {
		return "", err
	}
	// Checked again now that its directories exist: one of them may have
	// appeared as a link since.
	_, again, err := pullDest(path, f)
	if err != nil {
		return "", err
	}
	if again != real {
		return "", fmt.Errorf("%s: extends %s: changed while pulling; nothing written", f.ExtendsPos, f.Extends)
	}
	if err := writeFileAtomic(real, body); err != nil {
		return "", err
	}
	if old == nil {
		return fmt.Sprintf("%s: new (%d bytes from %s); run authgen generate", dest, len(body), f.Upstream), nil
	}
	return fmt.Sprintf("%s: changed (%d → %d bytes, sha256 %x → %x); run authgen diff, then authgen generate", dest, len(old), len(body), sha256.Sum256(old), sha256.Sum256(body)), nil
}
