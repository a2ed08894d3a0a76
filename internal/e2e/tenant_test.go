package e2e

import (
	"context"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"

	"github.com/authgen/authgen/internal/e2e/clients/tenant"
)

// fixedTransport answers every request with one JSON body and records the
// URLs asked for, so a test sees where a client sends requests without any
// network.
type fixedTransport struct {
	mu      sync.Mutex
	urls    []string
	headers []http.Header
	body    string
}

func (f *fixedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	f.mu.Lock()
	f.urls = append(f.urls, r.URL.String())
	f.headers = append(f.headers, r.Header.Clone())
	f.mu.Unlock()
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(f.body)), Request: r}, nil
}

// TestServerVariables: the contract's server variable options. {subdomain}
// is the customer's: without it New fails, naming the option and the
// environment variable, so nothing goes to the placeholder host;
// {region} has real values and a default.
func TestServerVariables(t *testing.T) {
	_, err := tenant.New(tenant.WithAPIToken("tok-123456"))
	if err == nil || !strings.Contains(err.Error(), "WithSubdomain or TENANT_SUBDOMAIN") {
		t.Fatalf("New without the subdomain: %v", err)
	}
	t.Setenv("TENANT_TOKEN", "tok-123456")
	t.Setenv("TENANT_SUBDOMAIN", "")
	if _, err := tenant.NewFromEnv(); err == nil {
		t.Error("NewFromEnv with an empty TENANT_SUBDOMAIN made a client")
	}
	for _, tc := range []struct {
		name string
		env  string
		opts []tenant.Option
		want string
	}{
		{"option", "", []tenant.Option{tenant.WithSubdomain("acme")}, "https://acme.eu.tenant.example/api/v2/tickets/7"},
		{"environment variable", "fromenv", nil, "https://fromenv.eu.tenant.example/api/v2/tickets/7"},
		{"option over environment, and a region", "fromenv", []tenant.Option{tenant.WithSubdomain("acme"), tenant.WithRegion("us")}, "https://acme.us.tenant.example/api/v2/tickets/7"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("TENANT_SUBDOMAIN", tc.env)
			rt := &fixedTransport{body: `{"id":7}`}
			c, err := tenant.NewFromEnv(append(tc.opts, tenant.WithHTTPClient(&http.Client{Transport: rt}))...)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.GetTicket(context.Background(), 7); err != nil {
				t.Fatal(err)
			}
			if len(rt.urls) != 1 || rt.urls[0] != tc.want {
				t.Errorf("requested %v, want %s", rt.urls, tc.want)
			}
		})
	}
	_, err = tenant.New(tenant.WithAPIToken("tok-123456"), tenant.WithSubdomain("evil.example/x"))
	if err == nil || !strings.Contains(err.Error(), "not a usable value") {
		t.Errorf("a subdomain with a slash: %v", err)
	}
}

// TestFixedHeaders: the contract's provider settings. A header the spec
// gives (x-authgen.headers) goes on every request; WithDefaultHeader
// replaces it client-wide and WithHeader for one call, never a second value.
func TestFixedHeaders(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		opts []tenant.Option
		call []tenant.RequestOption
		want string
	}{
		{nil, nil, "2024-01-01"},
		{[]tenant.Option{tenant.WithDefaultHeader("Tenant-Version", "2025-02-02")}, nil, "2025-02-02"},
		{[]tenant.Option{tenant.WithDefaultHeader("tenant-version", "2025-02-02")}, []tenant.RequestOption{tenant.WithHeader("Tenant-Version", "2026-03-03")}, "2026-03-03"},
	} {
		rt := &fixedTransport{body: `{"id":7}`}
		c, err := tenant.New(append(tc.opts, tenant.WithSubdomain("acme"), tenant.WithAPIToken("tok-123456"), tenant.WithHTTPClient(&http.Client{Transport: rt}))...)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := c.GetTicket(ctx, 7, tc.call...); err != nil {
			t.Fatal(err)
		}
		if got := rt.headers[0].Values("Tenant-Version"); len(got) != 1 || got[0] != tc.want {
			t.Errorf("Tenant-Version = %q, want just %q", got, tc.want)
		}
	}
}
