package authgenrt

import (
	"context"
	"net/http"
	"regexp"
	"testing"
)

// TestDefaultUserAgentNamesAuthgen: the default User-Agent names authgen,
// the runtime's version and the client package, not the vendor's SDK;
// WithUserAgent still replaces it.
func TestDefaultUserAgentNamesAuthgen(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(200) })
	c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
	if err := get(c, context.Background()); err != nil {
		t.Fatal(err)
	}
	if ua := srv.request(0).Header.Get("User-Agent"); !regexp.MustCompile(`^authgen/(devel|\d+\.\d+\.\d+\S*) acme$`).MatchString(ua) {
		t.Errorf("User-Agent %q, want authgen/<version> acme", ua)
	}
	c, _ = newTestClient(t, testSpec(), srv.URL, WithKey(testKey), WithUserAgent("mine/1.0"))
	if err := get(c, context.Background()); err != nil {
		t.Fatal(err)
	}
	if ua := srv.request(1).Header.Get("User-Agent"); ua != "mine/1.0" {
		t.Errorf("WithUserAgent: %q", ua)
	}
}
