package authgenrt

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestRateLimitInEveryDeclaredFormat(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	for _, tc := range []struct {
		format HeaderFormat
		value  string
		want   time.Time
	}{
		{FormatUnixEpoch, "1800000060", now.Add(time.Minute)},
		{FormatHTTPDate, now.Add(time.Hour).UTC().Format(http.TimeFormat), now.Add(time.Hour)},
		{FormatSeconds, "30", now.Add(30 * time.Second)},
		{FormatMilliseconds, "1500", now.Add(1500 * time.Millisecond)},
		{FormatUnixEpoch, "soon", time.Time{}},
		{FormatSeconds, "-3", time.Time{}},
	} {
		spec := &ProviderSpec{RateLimit: RateLimitSpec{Limit: "X-Limit", Remaining: "X-Remaining", Reset: HeaderSpec{Name: "X-Reset", Format: tc.format}}}
		h := http.Header{"X-Limit": {"100"}, "X-Remaining": {"7"}, "X-Reset": {tc.value}}
		got := spec.readRateLimit(h, now)
		want := RateLimit{Limit: 100, Remaining: 7, Reset: tc.want}
		if !got.Reset.Equal(want.Reset) || got.Limit != 100 || got.Remaining != 7 {
			t.Errorf("format %d, %q: %+v, want %+v", tc.format, tc.value, got, want)
		}
	}
}

// TestBucketHeader: Shopify's X-Shopify-Shop-Api-Call-Limit: 32/40 is 40
// allowed, 8 remaining; a malformed value leaves both zero.
func TestBucketHeader(t *testing.T) {
	spec := &ProviderSpec{RateLimit: RateLimitSpec{Bucket: "X-Shopify-Shop-Api-Call-Limit"}}
	for value, want := range map[string]RateLimit{
		"32/40":   {Limit: 40, Remaining: 8},
		" 40/40 ": {Limit: 40, Remaining: 0},
		"45/40":   {Limit: 40, Remaining: 0},
		"40":      {},
		"a/40":    {},
		"3/0":     {},
		"-1/40":   {},
	} {
		got := spec.readRateLimit(http.Header{"X-Shopify-Shop-Api-Call-Limit": {value}}, time.Now())
		if got != want {
			t.Errorf("%q: %+v, want %+v", value, got, want)
		}
	}
	if !spec.exhausted(http.Header{"X-Shopify-Shop-Api-Call-Limit": {"40/40"}}) || spec.exhausted(http.Header{"X-Shopify-Shop-Api-Call-Limit": {"39/40"}}) {
		t.Error("exhausted: a full bucket is none remaining, and only a full one")
	}
}

// TestMalformedMetadataIsIgnored: nothing about a response's metadata
// headers can turn a success into a failure.
func TestMalformedMetadataIsIgnored(t *testing.T) {
	spec := testSpec()
	spec.RateLimit = RateLimitSpec{Limit: "X-RateLimit-Limit", Remaining: "X-RateLimit-Remaining", Reset: HeaderSpec{Name: "X-RateLimit-Reset", Format: FormatUnixEpoch}}
	spec.RequestIDHeader = "X-Request-Id"
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("X-RateLimit-Limit", "lots")
		w.Header().Set("X-RateLimit-Remaining", "9999999999999999999999")
		w.Header().Set("X-RateLimit-Reset", "yesterday")
		w.Header().Set("X-Credits", "1.5")
		w.Header().Set("X-Request-Id", "req-42")
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{}`))
	})
	c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey))
	var resp Response
	var out map[string]any
	if err := c.Send(context.Background(), &Request{Operation: "op", Method: "GET", Path: "/x", Security: spec.Security, ExpectBody: true}, &out, []RequestOption{WithResponseInto(&resp)}); err != nil {
		t.Fatal(err)
	}
	want := Response{StatusCode: 200, Attempts: 1, RequestID: "req-42"}
	resp.Header = nil
	if got := resp; !reflect.DeepEqual(want, got) {
		t.Errorf("response: got %v, want %v", got, want)
	}
}

func TestMetadataOnErrorsAndSuccesses(t *testing.T) {
	spec := testSpec()
	spec.RequestIDHeader = "X-Request-Id"
	spec.RateLimit = RateLimitSpec{Remaining: "X-Remaining"}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("X-Request-Id", "req-7")
		w.Header().Set("X-Remaining", "0")
		w.Header().Set("X-Credits", "12")
		w.WriteHeader(402)
	})
	c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey))
	var resp Response
	err := get(c, context.Background(), WithResponseInto(&resp))
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatal(err)
	}
	if apiErr.RequestID != "req-7" || apiErr.Attempts != 1 || apiErr.Operation != "getThing" {
		t.Errorf("APIError metadata: %q %d %q", apiErr.RequestID, apiErr.Attempts, apiErr.Operation)
	}
	if resp.StatusCode != 402 || resp.RequestID != "req-7" || resp.Header.Get("X-Credits") != "12" {
		t.Errorf("WithResponseInto on a failure: %+v", resp)
	}
}

func TestPathParamsStayInTheirSegment(t *testing.T) {
	for in, want := range map[any]string{"a/b": "a%2Fb", "..": "{..}", ".": "{.}", "": "{empty}", "a b?": "a%20b%3F", int64(42): "42", "x..y": "x..y", "{x}": "%7Bx%7D"} {
		if got := PathParam(in); got != want {
			t.Errorf("pathParam(%v) = %q, want %q", in, got, want)
		}
	}
}

// TestMultiSegmentPathParams is issue 17's "GitHub's x-multi-segment path
// parameters are escaped (docs%2FREADME.md)".
func TestMultiSegmentPathParams(t *testing.T) {
	for in, want := range map[string]string{"docs/README.md": "docs/README.md", "a b/c?d": "a%20b/c%3Fd", "a//b": "a/{empty}/b", "../etc": "{..}/etc", "x": "x"} {
		if got := PathSegments(in); got != want {
			t.Errorf("pathSegments(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestEmptyAndDotPathParamsAreNotSent is issue 10's "Empty, . and .. path
// parameters are sent (DELETE /accounts/a/keys/ hits delete all keys)".
func TestEmptyAndDotPathParamsAreNotSent(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
	c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
	for _, key := range []string{"", ".", ".."} {
		r := &Request{Operation: "deleteKey", Method: "DELETE", Path: "/accounts/a/keys/" + PathParam(key), Security: c.spec.Security}
		err := c.Send(context.Background(), r, nil, nil)
		if err == nil || !strings.Contains(err.Error(), "deleteKey: a path parameter is empty") {
			t.Errorf("key %q: err = %v", key, err)
		}
	}
	if srv.count() != 0 {
		t.Errorf("%d requests reached the server; the first was %s", srv.count(), srv.request(0).URL)
	}
}

// TestPathCannotLeaveTheOrigin is issue 10's "A spec path that does not
// start with /" (@evil:47123/collect) sent the credential to another host,
// even with WithBaseURL pinned. The loader refuses such a path; the runtime
// checks the final URL of every request as well.
func TestPathCannotLeaveTheOrigin(t *testing.T) {
	evil := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
	evilHost := strings.TrimPrefix(evil.URL, "http://")
	for base, paths := range map[string][]string{
		srv.URL:         {"@" + evilHost + "/collect", ":1/x", "@" + evilHost},
		srv.URL + "/v1": {"/../x", "/a/../../x", "/.."},
	} {
		c, _ := newTestClient(t, testSpec(), base, WithKey(testKey))
		for _, path := range paths {
			err := c.Send(context.Background(), &Request{Operation: "op", Method: "GET", Path: path, Security: c.spec.Security}, nil, nil)
			if err == nil || !strings.Contains(err.Error(), "op: request path") {
				t.Errorf("base %s, path %q: err = %v", base, path, err)
			}
		}
	}
	if evil.count() != 0 || srv.count() != 0 {
		t.Errorf("requests sent: evil %d, base %d", evil.count(), srv.count())
	}
	c, _ := newTestClient(t, testSpec(), srv.URL+"/v1", WithKey(testKey))
	if err := c.Send(context.Background(), &Request{Operation: "op", Method: "GET", Path: "/ok", Security: c.spec.Security}, nil, nil); err != nil || srv.request(0).URL.Path != "/v1/ok" {
		t.Errorf("a good path: %v", err)
	}
}

func TestDeadlineDuringARequestIsWrapped(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		select {
		case <-r.Context().Done():
		case <-time.After(2 * time.Second):
		}
	})
	c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	err := get(c, ctx)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("err = %v, want it to wrap context.DeadlineExceeded", err)
	}
	if srv.count() != 1 {
		t.Errorf("requests = %d; a spent context must not be retried", srv.count())
	}
}

// TestDefaultQueryIsAddedOnceAndNeverEmpty: x-authgen.query's parameters
// go on every request unless the request names them already (Client.Do
// with its own api-version); an empty value is never sent.
func TestDefaultQueryIsAddedOnceAndNeverEmpty(t *testing.T) {
	c := &Client{spec: &ProviderSpec{DefaultQuery: []FixedQuery{{Name: "api-version", Value: "2024-01-01"}, {Name: "empty", Value: ""}}}}
	for _, tc := range []struct{ in, want string }{
		{"https://api.example/things", "api-version=2024-01-01"},
		{"https://api.example/things?limit=5", "api-version=2024-01-01&limit=5"},
		{"https://api.example/things?api-version=2023-05-01", "api-version=2023-05-01"},
	} {
		u, _ := url.Parse(tc.in)
		got, err := c.withDefaultQuery(u, nil)
		if err != nil || got.RawQuery != tc.want {
			t.Errorf("%s: query %q (%v), want %q", tc.in, got.RawQuery, err, tc.want)
		}
	}
}

// TestAbsentRateLimitFieldsCostNoAllocation: every response of a client
// whose rate-limit headers may be IETF RateLimit fields reads them; when
// they are absent or plain numbers, that cost four allocations a call
// (issue 30: OpenAI's call, 96 against 88 by hand).
func TestAbsentRateLimitFieldsCostNoAllocation(t *testing.T) {
	h := http.Header{"X-Ratelimit-Remaining-Requests": {"59"}}
	for _, name := range []string{"X-Ratelimit-Limit-Requests", "X-Ratelimit-Remaining-Requests"} {
		allocs := testing.AllocsPerRun(100, func() {
			rateLimitCount(h, name, 'r')
		})
		if allocs != 0 {
			t.Errorf("%s: %.0f allocations, want 0", name, allocs)
		}
	}
	// A field is still read.
	if n, ok := rateLimitCount(http.Header{"Ratelimit": {`"default";r=50;t=30`}}, "Ratelimit", 'r'); !ok || n != 50 {
		t.Errorf("RateLimit field: %d, %v; want 50", n, ok)
	}
}
