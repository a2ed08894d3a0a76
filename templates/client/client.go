// Package client is the template of the part of every generated client that
// must live in the client's own package: the types and functions its users
// name (Client, New, the options, APIError, Response), each a thin layer
// over the imported runtime, github.com/authgen/authgen/runtime/authgenrt.
// Its files (all but the stub_*.go stand-ins and the tests) are copied into
// each generated package with the package clause renamed, only the files
// the client uses; the generated half supplies the provider description
// (the `provider` variable, the metering headers, the error fields) that
// they read. It is real Go, compiled, vetted and tested here once.
package client

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// Client calls the provider's API. It is safe for concurrent use by multiple
// goroutines. Create it with New or NewFromEnv.
type Client struct {
	rt *authgenrt.Client
}

// Option configures a Client in New or NewFromEnv.
type Option func(*authgenrt.Settings) error

// RequestOption changes one call.
type RequestOption = authgenrt.RequestOption

// Environment names one of the servers the provider's spec declares.
type Environment = authgenrt.Environment

// RetryPolicy says how the client retries rate-limited and transient
// failures. Zero durations mean "the spec's default".
type RetryPolicy = authgenrt.RetryPolicy

// RetryEvent describes one retry, for WithOnRetry hooks.
type RetryEvent = authgenrt.RetryEvent

// RateLimit is the rate-limit state a response reported; zero values mean
// the header was absent or malformed.
type RateLimit = authgenrt.RateLimit

// DefaultAttemptTimeout bounds each attempt of a call (connecting, sending,
// and reading the whole response) when WithAttemptTimeout does not say
// otherwise, so a stalled server cannot hold a call that has no context
// deadline forever.
const DefaultAttemptTimeout = authgenrt.DefaultAttemptTimeout

// New returns a Client for the provider. Bad options (an unparsable base URL,
// a key of the wrong format, conflicting credentials) are an error.
func New(opts ...Option) (*Client, error) {
	rt, err := authgenrt.NewClient(&provider, nil, opts)
	if err != nil {
		return nil, err
	}
	return &Client{rt: rt}, nil
}

// NewFromEnv is New with credentials and the environment read from the
// variables the spec declares. Explicit options win over the environment.
func NewFromEnv(opts ...Option) (*Client, error) {
	rt, err := authgenrt.NewClient(&provider, os.LookupEnv, opts)
	if err != nil {
		return nil, err
	}
	return &Client{rt: rt}, nil
}

// Do sends a request to an endpoint the spec does not describe yet, with the
// spec's global security, retries and error handling. in is sent as JSON
// (nil: no body); out is decoded from JSON (nil: discarded). path is
// relative to the base URL, or an absolute URL on the client's own origin
// (a next link taken from a response); any other origin is refused.
func (c *Client) Do(ctx context.Context, method, path string, in, out any, opts ...RequestOption) error {
	return asAPIError(c.rt.Do(ctx, method, path, in, out, opts...))
}

// send is every generated method's call: the runtime's, with its errors in
// this package's types.
func (c *Client) send(ctx context.Context, r *authgenrt.Request, out any, opts []RequestOption) error {
	return asAPIError(c.rt.Send(ctx, r, out, opts))
}

// String describes the client without any credential.
func (c Client) String() string {
	if c.rt == nil {
		return "Client{}"
	}
	return c.rt.String()
}

// GoString is String, so %#v shows no credential either.
func (c Client) GoString() string { return c.String() }

// Format makes every verb (%v, %+v, %#v, %s) print String, for the client
// and for copies of it.
func (c Client) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// WithBaseURL sends every request to baseURL instead of the environment's
// server. Plain http:// is accepted only for loopback hosts.
func WithBaseURL(baseURL string) Option { return Option(authgenrt.WithBaseURL(baseURL)) }

// WithEnvironment selects one of the servers the spec declares.
func WithEnvironment(env Environment) Option { return Option(authgenrt.WithEnvironment(env)) }

// WithHTTPClient sends requests through hc. The client keeps its own
// guarantees on top of it: credentials are removed on cross-origin redirects
// and hc itself is not modified.
func WithHTTPClient(hc *http.Client) Option { return Option(authgenrt.WithHTTPClient(hc)) }

// WithMaxRetries sets how many times a failed request is retried; 0 disables
// retries. It overrides the MaxRetries of the policy.
func WithMaxRetries(n int) Option { return Option(authgenrt.WithMaxRetries(n)) }

// WithRetryPolicy replaces the spec's retry policy. Zero durations take the
// spec's defaults.
func WithRetryPolicy(p RetryPolicy) Option { return Option(authgenrt.WithRetryPolicy(p)) }

// WithDefaultHeader sends a header on every request of the client,
// replacing the spec's default of that name (an API version) or an earlier
// WithDefaultHeader of the same name; a call's WithHeader replaces it again.
// It cannot set a header a credential owns.
func WithDefaultHeader(name, value string) Option {
	return Option(authgenrt.WithDefaultHeader(name, value))
}

// WithAttemptTimeout sets how long one attempt may take, response body
// included (DefaultAttemptTimeout otherwise); 0 means no limit but the
// context's.
func WithAttemptTimeout(d time.Duration) Option { return Option(authgenrt.WithAttemptTimeout(d)) }

// WithUserAgent sets the User-Agent header of every request.
func WithUserAgent(ua string) Option { return Option(authgenrt.WithUserAgent(ua)) }

// WithLogger logs each retry at debug level. Nothing it logs contains a
// credential.
func WithLogger(l *slog.Logger) Option { return Option(authgenrt.WithLogger(l)) }

// WithOnRetry calls fn before each retry wait, for metrics. fn must not
// block.
func WithOnRetry(fn func(RetryEvent)) Option { return Option(authgenrt.WithOnRetry(fn)) }

// WithClock makes the client keep time by now and wait by sleep: now reads
// the time retries and rate-limit resets are measured against, and sleep
// waits out a retry's delay, returning early with ctx's error when ctx is
// done. The real clock is the default. A test passes its own so that a
// retry after a 60-second Retry-After takes no time; the fake provider
// package does this for the clients it hands out. A context's deadline is
// still real time, and a wait on this clock uses it up as a real wait
// would.
func WithClock(now func() time.Time, sleep func(ctx context.Context, d time.Duration) error) Option {
	return Option(authgenrt.WithClock(now, sleep))
}

// WithSharedBudget keeps the vendor's budget with every client that shares
// b and the account: what the vendor announces to one (a 429's wait,
// nothing left until the reset) the others wait out without spending a
// request, a steady rate the spec declares is kept for all of them
// together, and an OAuth flow's token is fetched once for all. Pass
// redisbudget.New(...) (github.com/authgen/authgen/redisbudget) for a
// fleet of processes, or authgenrt.NewLocalBudget() for the clients of
// one.
func WithSharedBudget(b authgenrt.SharedBudget) Option { return Option(authgenrt.WithSharedBudget(b)) }

// WithHeader adds a header to the request. It cannot replace a credential
// header the client sets.
func WithHeader(key, value string) RequestOption { return authgenrt.WithHeader(key, value) }

// WithIdempotencyKey sends an Idempotency-Key header, which also makes a
// non-idempotent request safe to retry after a transient failure.
func WithIdempotencyKey(key string) RequestOption { return authgenrt.WithIdempotencyKey(key) }
