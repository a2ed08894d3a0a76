package authgenrt

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestCallerOverridesAcceptAndUserAgent is issue 17's "A per-call Accept or
// User-Agent is silently overwritten, so GitHub's raw/diff/patch media
// types are impossible", and the contract's provider settings: each layer
// replaces the one before, never a second value.
func TestCallerOverridesAcceptAndUserAgent(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
	c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey), WithDefaultHeader("X-Api-Version", "2022-06-28"), WithDefaultHeader("X-Api-Version", "2023-01-01"))
	if err := get(c, context.Background(), WithHeader("Accept", "application/vnd.github.raw"), WithHeader("User-Agent", "mine/1.0")); err != nil {
		t.Fatal(err)
	}
	got := srv.request(0).Header
	for name, want := range map[string]string{"Accept": "application/vnd.github.raw", "User-Agent": "mine/1.0", "X-Api-Version": "2023-01-01"} {
		if vs := got.Values(name); len(vs) != 1 || vs[0] != want {
			t.Errorf("%s = %q, want just %q", name, vs, want)
		}
	}
	if err := get(c, context.Background(), WithHeader("X-Api-Version", "2024-02-02")); err != nil {
		t.Fatal(err)
	}
	if vs := srv.request(1).Header.Values("X-Api-Version"); len(vs) != 1 || vs[0] != "2024-02-02" {
		t.Errorf("per-call WithHeader over the default: %q", vs)
	}
	if got := srv.request(1).Header.Get("Accept"); got != "application/json" {
		t.Errorf("Accept without an override = %q", got)
	}
	// An operation whose JSON is declared under another media type asks
	// for that one (Prism refuses application/json for a "*/*" response).
	if err := c.Send(context.Background(), &Request{Operation: "op", Method: "GET", Path: "/x", Accept: "application/vnd.github+json", Security: c.spec.Security}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if got := srv.request(2).Header.Get("Accept"); got != "application/vnd.github+json" {
		t.Errorf("Accept = %q, want the declared media type", got)
	}
	if _, err := NewClient(testSpec(), nil, []Option{WithKey(testKey), WithDefaultHeader("Bad Header", "x")}); err == nil {
		t.Error("a header name with a space was accepted")
	}
}

// TestDoFollowsAbsoluteURLsOnItsOrigin is issue 17's "Do with an absolute
// URL sends GET /http://host/... to the base host", and the contract: a
// URL on the client's origin is followed, with credentials; any other
// origin is refused before anything is sent.
func TestDoFollowsAbsoluteURLsOnItsOrigin(t *testing.T) {
	other := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
	c, _ := newTestClient(t, testSpec(), srv.URL+"/v1", WithKey(testKey))
	if err := c.Do(context.Background(), "GET", srv.URL+"/v1/items?page=2&per_page=5", nil, nil); err != nil {
		t.Fatal(err)
	}
	got := srv.request(0)
	if got.URL.Path != "/v1/items" || got.URL.Query().Get("page") != "2" || got.Header.Get("X-Api-Key") == "" {
		t.Errorf("followed %s with key %q", got.URL, got.Header.Get("X-Api-Key"))
	}
	for _, bad := range []string{other.URL + "/v1/items", strings.Replace(srv.URL, "127.0.0.1", "localhost", 1) + "/v1/x", "http://user:pw@" + strings.TrimPrefix(srv.URL, "http://") + "/v1/x"} {
		if err := c.Do(context.Background(), "GET", bad, nil, nil); err == nil || !strings.Contains(err.Error(), "refused") {
			t.Errorf("%s: err = %v", bad, err)
		}
	}
	if other.count() != 0 || srv.count() != 1 {
		t.Errorf("requests: other %d, own %d", other.count(), srv.count())
	}
	if err := c.Do(context.Background(), "GET", "items", nil, nil); err != nil || srv.request(1).URL.Path != "/v1/items" {
		t.Errorf("a relative path: %v", err)
	}
}

// TestSharedHeaderValuesStayTheCallers: an attempt's header shares the
// client's default values and the caller's values instead of copying them
// (issue 30); an Add on the attempt's header (a transport that breaks
// net/http's rule, a signer) must copy, even when the caller's slice has
// room to spare, so nothing is written into the caller's array.
func TestSharedHeaderValuesStayTheCallers(t *testing.T) {
	c, _ := newTestClient(t, testSpec(), "https://api.example.test", WithKey(testKey))
	roomy := make([]string, 1, 4)
	roomy[0] = "caller"
	r := &Request{Operation: "op", Method: "GET", Path: "/x", Header: http.Header{"X-Trace": roomy}}
	extra := http.Header{"X-Extra": roomy[:1]}
	h := c.baseHeader(r, extra, "")
	h.Add("X-Trace", "attempt")
	h.Add("X-Extra", "attempt")
	if spare := roomy[:2][1]; spare != "" {
		t.Errorf("the attempt's Add wrote %q into the caller's array", spare)
	}
	if got := h.Values("X-Trace"); len(got) != 2 || got[0] != "caller" || got[1] != "attempt" {
		t.Errorf("attempt header X-Trace = %q", got)
	}
}
