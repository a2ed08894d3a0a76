package authgenrt

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// fakeClock is time under the test's control: Sleep returns at once (unless
// the context is already done) and records what it was asked to wait;
// Jitter returns a fixed fraction of its ceiling.
type fakeClock struct {
	mu       sync.Mutex
	now      time.Time
	slept    []time.Duration
	ceilings []time.Duration
	fraction float64 // Jitter returns ceiling*fraction
	// blockUntilDone makes Sleep wait for the context instead of returning
	// at once, so only a cancellation ends it.
	blockUntilDone bool
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Now(), fraction: 0.5} }

func (f *fakeClock) Now() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fakeClock) Sleep(ctx context.Context, d time.Duration) bool {
	if f.blockUntilDone {
		<-ctx.Done()
		return false
	}
	select {
	case <-ctx.Done():
		return false
	default:
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.slept = append(f.slept, d)
	f.now = f.now.Add(d)
	return true
}

func (f *fakeClock) Jitter(d time.Duration) time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.ceilings = append(f.ceilings, d)
	return time.Duration(float64(d) * f.fraction)
}

func (f *fakeClock) sleeps() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.slept...)
}

// testSpec is a provider with one header key scheme, required globally.
func testSpec() *ProviderSpec {
	return &ProviderSpec{
		Name:         "acme",
		Environments: []EnvironmentSpec{{Name: "production", BaseURL: "https://api.example.com"}},
		Schemes: []SchemeSpec{
			{Name: "key", Kind: SchemeHeaderKey, ParamName: "X-Api-Key", Option: "WithKey", EnvVar: "ACME_KEY"},
		},
		Security: []SecurityRequirement{{"key"}},
		Retry:    RetryPolicy{MaxRetries: 3},
	}
}

const testKey = "acme-secret-key-123"

// server is an httptest server answering with handler, counting requests.
type server struct {
	*httptest.Server
	mu     sync.Mutex
	reqs   []*http.Request
	bodies []string
}

func newServer(t *testing.T, handler func(w http.ResponseWriter, r *http.Request, n int)) *server {
	t.Helper()
	s := &server{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body)) // the handler may read it too
		s.mu.Lock()
		s.reqs = append(s.reqs, r.Clone(context.Background()))
		s.bodies = append(s.bodies, string(body))
		n := len(s.reqs)
		s.mu.Unlock()
		handler(w, r, n)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *server) count() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.reqs)
}

func (s *server) request(i int) *http.Request {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.reqs[i]
}

// newTestClient builds a client of spec against srv with a fake clock.
func newTestClient(t *testing.T, spec *ProviderSpec, baseURL string, opts ...Option) (*Client, *fakeClock) {
	t.Helper()
	clk := newFakeClock()
	all := append([]Option{withClock(clk), WithBaseURL(baseURL)}, opts...)
	c, err := NewClient(spec, nil, all)
	if err != nil {
		t.Fatal(err)
	}
	return c, clk
}

func get(c *Client, ctx context.Context, opts ...RequestOption) error {
	return c.Send(ctx, &Request{Operation: "getThing", Method: "GET", Path: "/thing", Security: c.spec.Security}, nil, opts)
}

// WithKey is what the generator emits for testSpec's "key" scheme.
func WithKey(key string) Option { return WithStaticSecret("key", key) }

// withClock replaces the client's clock and its jitter, so tests prove
// waits without sleeping and backoffs exactly. Callers have WithClock,
// which keeps the real jitter.
func withClock(c clock) Option {
	return func(s *Settings) error {
		s.clock = c
		return nil
	}
}
