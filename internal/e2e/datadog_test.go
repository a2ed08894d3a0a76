package e2e

// Datadog, as its docs answer (https://docs.datadoghq.com/api/latest/authentication.md,
// /rate-limits.md; bodies as Datadog sends them).

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/datadog"
)

const (
	datadogAPIKey = "0a1b2c3d4e5f60718293a4b5c6d7e8f9"
	datadogAppKey = "9f8e7d6c5b4a39281706f5e4d3c2b1a00a1b2c3d"
)

func newDatadog(t *testing.T, srv *recorder, opts ...datadog.Option) *datadog.Client {
	t.Helper()
	c, err := datadog.New(append([]datadog.Option{datadog.WithAPIKeyAuth(datadogAPIKey), datadog.WithAppKeyAuth(datadogAppKey), datadog.WithBaseURL(srv.URL),
		datadog.WithRetryPolicy(datadog.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestDatadogBothKeysOnEveryCall: DD-API-KEY and DD-APPLICATION-KEY go
// together; /api/v1/validate needs only the API key.
func TestDatadogBothKeysOnEveryCall(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/api/v1/validate" {
			writeJSON(w, 200, map[string]any{"valid": true})
			return
		}
		writeJSON(w, 200, map[string]any{"id": 91879, "name": "Bytes received on host0", "type": "metric alert", "query": "avg(last_5m):sum:system.net.bytes_rcvd{host:host0} > 100"})
	})
	c := newDatadog(t, srv)
	m, err := c.GetMonitor(context.Background(), 91879)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := srv.last(t)
	if req.Header.Get("DD-API-KEY") != datadogAPIKey || req.Header.Get("DD-APPLICATION-KEY") != datadogAppKey || m.Type != "metric alert" {
		t.Errorf("headers %v, monitor %+v", req.Header, m)
	}
	if _, err := c.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	req, _ = srv.last(t)
	if req.Header.Get("DD-API-KEY") != datadogAPIKey || req.Header.Get("DD-APPLICATION-KEY") != "" {
		t.Errorf("validate headers %v", req.Header)
	}
	// Without the application key, a call that needs both is refused before it is sent.
	c2, err := datadog.New(datadog.WithAPIKeyAuth(datadogAPIKey), datadog.WithBaseURL(srv.URL))
	if err == nil {
		n := srv.count()
		if _, err := c2.GetMonitor(context.Background(), 1); err == nil || srv.count() != n {
			t.Errorf("without the application key: %v, %d requests", err, srv.count()-n)
		}
	}
}

// roundTripper records the URLs a client asks for, answering 200 {}.
type datadogSiteRT struct{ urls []string }

func (rt *datadogSiteRT) RoundTrip(r *http.Request) (*http.Response, error) {
	rt.urls = append(rt.urls, r.URL.String())
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: http.NoBody, Request: r}, nil
}

// TestDatadogSites: the site is the host's suffix: api.datadoghq.com by
// default, api.us3.datadoghq.com, api.datadoghq.eu, api.ddog-gov.com ...;
// NewFromEnv reads DD_SITE, DD_API_KEY and DD_APP_KEY.
func TestDatadogSites(t *testing.T) {
	for site, want := range map[string]string{
		"":                  "https://api.datadoghq.com/api/v1/validate",
		"us3.datadoghq.com": "https://api.us3.datadoghq.com/api/v1/validate",
		"us5.datadoghq.com": "https://api.us5.datadoghq.com/api/v1/validate",
		"datadoghq.eu":      "https://api.datadoghq.eu/api/v1/validate",
		"ap1.datadoghq.com": "https://api.ap1.datadoghq.com/api/v1/validate",
		"ddog-gov.com":      "https://api.ddog-gov.com/api/v1/validate",
	} {
		rt := &datadogSiteRT{}
		opts := []datadog.Option{datadog.WithAPIKeyAuth(datadogAPIKey), datadog.WithAppKeyAuth(datadogAppKey), datadog.WithHTTPClient(&http.Client{Transport: rt})}
		if site != "" {
			opts = append(opts, datadog.WithSite(site))
		}
		c, err := datadog.New(opts...)
		if err != nil {
			t.Fatal(err)
		}
		_, _ = c.Validate(context.Background())
		if len(rt.urls) != 1 || rt.urls[0] != want {
			t.Errorf("site %q: urls %v", site, rt.urls)
		}
	}
	t.Setenv("DD_SITE", "datadoghq.eu")
	t.Setenv("DD_API_KEY", datadogAPIKey)
	t.Setenv("DD_APP_KEY", datadogAppKey)
	rt := &datadogSiteRT{}
	c, err := datadog.NewFromEnv(datadog.WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		t.Fatal(err)
	}
	_, _ = c.Validate(context.Background())
	if len(rt.urls) != 1 || rt.urls[0] != "https://api.datadoghq.eu/api/v1/validate" {
		t.Errorf("from env: urls %v", rt.urls)
	}
}

// TestDatadogErrors: {"errors": ["Forbidden"]}, a list of messages; sentinels by status.
func TestDatadogErrors(t *testing.T) {
	for _, tc := range []struct {
		status   int
		message  string
		sentinel error
	}{
		{403, "Forbidden", datadog.ErrForbidden},
		{404, "Monitor not found", datadog.ErrNotFound},
		{400, "The value provided for parameter 'query' is invalid", datadog.ErrBadRequest},
	} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, tc.status, map[string]any{"errors": []any{tc.message}})
		})
		_, err := newDatadog(t, srv).GetMonitor(context.Background(), 1)
		var apiErr *datadog.APIError
		if !errors.Is(err, tc.sentinel) || !errors.As(err, &apiErr) || apiErr.Message != tc.message {
			t.Errorf("%d: %v (%+v)", tc.status, err, apiErr)
		}
	}
}

// TestDatadogRateLimit: a 429 with X-RateLimit-Remaining 0 waits
// X-RateLimit-Reset seconds; period and name are read as metering.
func TestDatadogRateLimit(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "3000")
		w.Header().Set("X-RateLimit-Period", "10")
		w.Header().Set("X-RateLimit-Remaining", "0")
		w.Header().Set("X-RateLimit-Reset", "7")
		w.Header().Set("X-RateLimit-Name", "monitor_get")
		writeJSON(w, 429, map[string]any{"errors": []any{"Too many requests"}})
	})
	wait, source, retried, _ := plannedWait(t, func(ctx context.Context, onRetry func(time.Duration, string)) error {
		_, err := newDatadog(t, srv, datadog.WithOnRetry(func(e datadog.RetryEvent) { onRetry(e.Wait, e.Source) })).GetMonitor(ctx, 1)
		return err
	})
	if !retried || wait != 7*time.Second || source != "X-Ratelimit-Reset" {
		t.Errorf("planned %v from %q (retried %v)", wait, source, retried)
	}
	_, err := newDatadog(t, srv, datadog.WithMaxRetries(0)).GetMonitor(context.Background(), 1)
	var apiErr *datadog.APIError
	if !errors.As(err, &apiErr) || !errors.Is(err, datadog.ErrRateLimited) || apiErr.RateLimitPeriod != 10 || apiErr.RateLimitName != "monitor_get" || apiErr.RateLimit.Limit != 3000 {
		t.Errorf("429: %v (%+v)", err, apiErr)
	}
}

// TestDatadogPages: page[number] from 0 until total_count is reached, in
// as many requests as pages.
func TestDatadogPages(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		id := "00000000-0000-0000-0000-00000000000" + r.URL.Query().Get("page[number]")
		writeJSON(w, 200, map[string]any{"data": []any{map[string]any{"id": id, "type": "users"}}, "meta": map[string]any{"page": map[string]any{"total_count": 2, "total_filtered_count": 2}}})
	})
	var ids []string
	for u, err := range newDatadog(t, srv).ListUsersAll(context.Background(), &datadog.ListUsersParams{PageSize: ptr(int64(1))}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, u.ID)
	}
	// A server that answers every page alike: the walk ends at the total
	// (before total counted in page walks, it never ended).
	if len(ids) != 2 || ids[0][len(ids[0])-1] != '0' || ids[1][len(ids[1])-1] != '1' || srv.count() != 2 {
		t.Errorf("ids %v after %d requests", ids, srv.count())
	}
}
