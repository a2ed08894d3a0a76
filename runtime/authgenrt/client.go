// Package authgenrt is the runtime of every client authgen generates: auth,
// retries, rate limits, errors, redirects and redaction, pagination and
// webhooks, the part that does not vary by provider. A generated client
// imports it and hands it one value describing the provider (ProviderSpec);
// the client's own package keeps the names its users type (Client, New,
// APIError, the options) as a thin layer over this one.
//
// Its exported names are for generated code. They follow the client's
// version (see EnforceVersion) and are not a stable API of their own: use
// the generated package instead.
//
// It imports the standard library only. Generated clients need Go 1.24 or
// later: optional fields carry encoding/json's omitzero.
package authgenrt

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// Client calls the provider's API. It is safe for concurrent use by multiple
// goroutines. Create it with New or NewFromEnv.
type Client struct {
	spec        *ProviderSpec
	baseURL     *url.URL
	baseText    string // baseURL.String() without a final slash, made once
	environment Environment
	httpClient  *http.Client
	userAgent   string
	// userAgentValues is []string{userAgent}, made once for every request.
	userAgentValues []string
	retry           RetryPolicy
	logger          *slog.Logger
	onRetry         func(RetryEvent)
	credentials     map[string]*credential // by security scheme name
	clock           clock
	redactor        *redactor
	// attemptTimeout bounds one attempt, response body included; 0: none.
	attemptTimeout time.Duration
	// buffered counts the response bytes all calls of this client hold in
	// memory at once, against maxBufferedBytes.
	buffered *bufferBudget
	// defaultHeader holds WithDefaultHeader's values, sent on every request.
	defaultHeader http.Header
	// pinnedBaseURL: WithBaseURL was given, so operations that have their
	// own server go to the base URL too.
	pinnedBaseURL bool
	// credentialHeaders: the optional headers sent with a scheme's
	// credential (schemeSpec.headers), by canonical name.
	credentialHeaders map[string]sealed
	// tokenParams are the caller's members of OAuth token requests
	// (WithTokenParam), by name.
	tokenParams map[string]string
	// fixedAuth is the header each scheme with a fixed credential sends,
	// by scheme name, made once (see fixedAuthHeaders).
	fixedAuth map[string]authHeader
	// fleet keeps the vendor's budget with the other clients of the
	// account (WithSharedBudget), or the spec's steady rate alone; nil
	// when there is nothing to keep.
	fleet *fleet
	// signer signs each attempt (WithSigV4); nil: none.
	signer requestSigner
	// clockOffset (nanoseconds) is how far the server's clock is ahead of
	// the client's, learned from the Date of a refusal for a request
	// signed outside the vendor's window (see correctClock); signing
	// adds it to the client's time. A pointer: a Client is copied by value,
	// and its copies sign for the same server.
	clockOffset *atomic.Int64
}

// Option configures a Client in New or NewFromEnv.
type Option func(*Settings) error

// Settings collects options before New validates them as a whole, so that an
// option's position in the list never changes the outcome.
type Settings struct {
	baseURL        string
	environment    Environment
	environmentSet bool
	httpClient     *http.Client
	userAgent      string
	retry          *RetryPolicy
	maxRetries     *int
	logger         *slog.Logger
	onRetry        func(RetryEvent)
	credentials    map[string]*credential
	clock          clock
	attemptTimeout *time.Duration
	serverVars     map[string]string // by variable name
	defaultHeader  http.Header
	// credentialHeaders are the values of the optional headers that go
	// with a credential, by canonical name.
	credentialHeaders map[string]sealed
	// tokenParams are the caller's members of OAuth token requests
	// (WithTokenParam), by name.
	tokenParams map[string]string
	budget      SharedBudget
	signer      requestSigner
	signingKeys signingKeys
	errs        []error
}

// WithBaseURL sends every request to baseURL instead of the environment's
// server. Plain http:// is accepted only for loopback hosts.
func WithBaseURL(baseURL string) Option {
	return func(s *Settings) error {
		s.baseURL = baseURL
		return nil
	}
}

// WithEnvironment selects one of the servers the spec declares.
func WithEnvironment(env Environment) Option {
	return func(s *Settings) error {
		s.environment = env
		s.environmentSet = true
		return nil
	}
}

// WithHTTPClient sends requests through hc. The client keeps its own
// guarantees on top of it: credentials are removed on cross-origin redirects
// and hc itself is not modified.
func WithHTTPClient(hc *http.Client) Option {
	return func(s *Settings) error {
		if hc == nil {
			return errors.New("WithHTTPClient: nil *http.Client")
		}
		s.httpClient = hc
		return nil
	}
}

// WithMaxRetries sets how many times a failed request is retried; 0 disables
// retries. It overrides the MaxRetries of the policy.
func WithMaxRetries(n int) Option {
	return func(s *Settings) error {
		if n < 0 {
			return fmt.Errorf("WithMaxRetries: %d is negative", n)
		}
		s.maxRetries = &n
		return nil
	}
}

// WithRetryPolicy replaces the spec's retry policy. Zero durations take the
// spec's defaults.
func WithRetryPolicy(p RetryPolicy) Option {
	return func(s *Settings) error {
		if p.MaxRetries < 0 || p.BaseDelay < 0 || p.MaxDelay < 0 || p.MaxWait < 0 {
			return errors.New("WithRetryPolicy: negative value")
		}
		s.retry = &p
		return nil
	}
}

// WithDefaultHeader sends a header on every request of the client,
// replacing the value the spec gives it (an API version, say) and any
// earlier WithDefaultHeader of the same name; a call's WithHeader replaces
// it again for that call. Credentials are set after it: a default header
// cannot replace one.
func WithDefaultHeader(name, value string) Option {
	return func(s *Settings) error {
		if !validHeaderName(name) {
			return fmt.Errorf("WithDefaultHeader: %q is not a header name", name)
		}
		s.defaultHeader.Set(name, value)
		return nil
	}
}

// mergeHeaders is the spec's fixed headers with WithDefaultHeader's values
// replacing them by name.
func mergeHeaders(fixed []FixedHeader, options http.Header) http.Header {
	h := http.Header{}
	for _, f := range fixed {
		h.Set(f.Name, f.Value)
	}
	for k, vs := range options {
		h[k] = append([]string(nil), vs...)
	}
	return h
}

// validHeaderName: a token of RFC 9110's tchar.
func validHeaderName(name string) bool {
	if name == "" {
		return false
	}
	for _, r := range name {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("!#$%&'*+-.^_`|~", r)) {
			return false
		}
	}
	return true
}

// WithServerVariable is the option body of a server variable.
func WithServerVariable(name, value string) Option {
	return func(s *Settings) error {
		s.serverVars[name] = value
		return nil
	}
}

// DefaultAttemptTimeout bounds each attempt of a call (connecting, sending,
// and reading the whole response) when WithAttemptTimeout does not say
// otherwise, so a stalled server cannot hold a call that has no context
// deadline forever. A timed-out attempt is retried like a dropped
// connection: only when the request is safe to repeat.
const DefaultAttemptTimeout = 60 * time.Second

// WithAttemptTimeout sets how long one attempt may take, response body
// included; 0 disables the limit (the context's deadline still applies).
func WithAttemptTimeout(d time.Duration) Option {
	return func(s *Settings) error {
		if d < 0 {
			return fmt.Errorf("WithAttemptTimeout: negative duration %v", d)
		}
		s.attemptTimeout = &d
		return nil
	}
}

// WithUserAgent sets the User-Agent header of every request.
func WithUserAgent(ua string) Option {
	return func(s *Settings) error {
		s.userAgent = ua
		return nil
	}
}

// WithLogger logs each retry at debug level. Nothing it logs contains a
// credential.
func WithLogger(l *slog.Logger) Option {
	return func(s *Settings) error {
		s.logger = l
		return nil
	}
}

// WithOnRetry calls fn before each retry wait, for metrics. fn must not
// block.
func WithOnRetry(fn func(RetryEvent)) Option {
	return func(s *Settings) error {
		s.onRetry = fn
		return nil
	}
}

// WithClock makes the client keep time by now and wait by sleep: now reads
// the server's rate-limit resets and an OAuth token's expiry, and sleep is
// the wait between two attempts, returning ctx's error as soon as ctx is
// done. The real clock is the default. A test passes its own so that a
// retry after a 60-second Retry-After takes no time; the fake provider
// package does this for the clients it hands out. A context's deadline is
// still real time, and a wait on this clock uses it up as a real wait
// would: a call whose context has 10 seconds left does not wait for a
// 30-second Retry-After, on any clock.
//
// It takes two functions rather than an interface so that a client adds
// no type name beside the spec's models.
func WithClock(now func() time.Time, sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(s *Settings) error {
		if now == nil || sleep == nil {
			return errors.New("WithClock: nil function")
		}
		s.clock = callerClock{now: now, sleep: sleep}
		return nil
	}
}

// defaultUserAgent names authgen, the runtime's version and the client
// package ("authgen/1.2.3 stripe"), so that a vendor's request logs credit
// the traffic to what sent it, not to the vendor's own SDK.
func defaultUserAgent(pkg string) string {
	return "authgen/" + runtimeVersion() + " " + pkg
}

// runtimeVersion is the version of this module in the running program, as
// the go command recorded it ("devel" in a workspace or a test).
var runtimeVersion = sync.OnceValue(func() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "devel"
	}
	for _, dep := range append([]*debug.Module{&info.Main}, info.Deps...) {
		if dep.Path == runtimeModule {
			if dep.Replace != nil && dep.Replace.Version != "" {
				return strings.TrimPrefix(dep.Replace.Version, "v")
			}
			if dep.Version != "" && dep.Version != "(devel)" {
				return strings.TrimPrefix(dep.Version, "v")
			}
		}
	}
	return "devel"
})

// runtimeModule is this package's module path.
const runtimeModule = "github.com/authgen/authgen/runtime"

// NewClient returns a Client for the provider spec describes, configured by
// opts; lookupEnv, when not nil, fills what the options leave unset from the
// variables the spec declares (NewFromEnv). Bad options (an unparsable base
// URL, a key of the wrong format, conflicting credentials) are an error.
//
// It is for generated code: a client's New and NewFromEnv call it with the
// package's own Option type, whose values the runtime's options convert to.
func NewClient[O ~func(*Settings) error](spec *ProviderSpec, lookupEnv func(string) (string, bool), opts []O) (*Client, error) {
	s := &Settings{credentials: map[string]*credential{}, serverVars: map[string]string{}, defaultHeader: http.Header{}, credentialHeaders: map[string]sealed{}}
	for _, opt := range opts {
		if opt == nil {
			continue
		}
		if err := opt(s); err != nil {
			s.errs = append(s.errs, err)
		}
	}
	if err := errors.Join(s.errs...); err != nil {
		return nil, fmt.Errorf("%s: %w", spec.Name, err)
	}
	if lookupEnv != nil {
		if err := s.fillFromEnv(spec, lookupEnv); err != nil {
			return nil, fmt.Errorf("%s: %w", spec.Name, err)
		}
	}
	if err := s.resolveSigner(spec, lookupEnv); err != nil {
		return nil, fmt.Errorf("%s: %w", spec.Name, err)
	}
	c := &Client{
		spec:              spec,
		userAgent:         s.userAgent,
		logger:            s.logger,
		onRetry:           s.onRetry,
		credentials:       s.credentials,
		clock:             s.clock,
		buffered:          &bufferBudget{limit: maxBufferedBytes},
		defaultHeader:     mergeHeaders(spec.DefaultHeaders, s.defaultHeader),
		credentialHeaders: s.credentialHeaders,
		tokenParams:       s.tokenParams,
		pinnedBaseURL:     s.baseURL != "",
		signer:            s.signer,
		clockOffset:       new(atomic.Int64),
	}
	c.attemptTimeout = DefaultAttemptTimeout
	if s.attemptTimeout != nil {
		c.attemptTimeout = *s.attemptTimeout
	}
	if c.clock == nil {
		c.clock = realClock{}
	}
	if c.userAgent == "" {
		c.userAgent = defaultUserAgent(spec.Name)
	}
	c.userAgentValues = []string{c.userAgent}
	if err := c.resolveEnvironment(s); err != nil {
		return nil, fmt.Errorf("%s: %w", spec.Name, err)
	}
	if err := c.resolveBaseURL(s); err != nil {
		return nil, fmt.Errorf("%s: %w", spec.Name, err)
	}
	c.retry = spec.Retry.withDefaults()
	if s.retry != nil {
		c.retry = s.retry.withDefaultsFrom(c.retry)
	}
	if s.maxRetries != nil {
		c.retry.MaxRetries = *s.maxRetries
	}
	c.redactor = newRedactor(spec, c.credentials, c.credentialHeaders)
	keepSigningSecrets(c.redactor, c.signer)
	c.fixedAuth = fixedAuthHeaders(spec, c.credentials)
	c.httpClient = c.guardedHTTPClient(s.httpClient)
	c.fleet = newFleet(spec, s, credentialIdentity(c.credentials), c.logger)
	return c, nil
}

// fillFromEnv adds what the environment provides and options did not.
func (s *Settings) fillFromEnv(spec *ProviderSpec, lookupEnv func(string) (string, bool)) error {
	for _, v := range spec.ServerVariables {
		if _, set := s.serverVars[v.Name]; set || v.EnvVar == "" {
			continue
		}
		if value, ok := lookupEnv(v.EnvVar); ok && strings.TrimSpace(value) != "" {
			s.serverVars[v.Name] = strings.TrimSpace(value)
		}
	}
	if !s.environmentSet && spec.EnvironmentEnvVar != "" {
		if v, ok := lookupEnv(spec.EnvironmentEnvVar); ok && v != "" {
			env, ok := spec.environmentByName(v)
			if !ok {
				return fmt.Errorf("%s=%q names no environment (want one of %s)", spec.EnvironmentEnvVar, v, spec.environmentNames())
			}
			s.environment = env
			s.environmentSet = true
		}
	}
	for _, scheme := range spec.Schemes {
		for _, h := range scheme.Headers {
			key := http.CanonicalHeaderKey(h.Name)
			if _, set := s.credentialHeaders[key]; set || h.EnvVar == "" {
				continue
			}
			if v, ok := lookupEnv(h.EnvVar); ok && strings.TrimSpace(v) != "" && !strings.ContainsAny(v, "\r\n") {
				s.credentialHeaders[key] = seal(strings.TrimSpace(v))
			}
		}
		if _, ok := s.credentials[scheme.Name]; ok {
			continue
		}
		cred, err := scheme.credentialFromEnv(lookupEnv)
		if err != nil {
			return err
		}
		if cred != nil {
			s.credentials[scheme.Name] = cred
		}
	}
	return nil
}

// resolveEnvironment picks the environment: explicit, else the one the
// credential's key format implies, else the first the spec declares.
func (c *Client) resolveEnvironment(s *Settings) error {
	implied, err := c.spec.impliedEnvironment(c.credentials)
	if err != nil {
		return err
	}
	switch {
	case s.environmentSet:
		if _, ok := c.spec.environment(s.environment); !ok {
			return fmt.Errorf("unknown environment %q (want one of %s)", s.environment, c.spec.environmentNames())
		}
		if implied != "" && implied != s.environment {
			return fmt.Errorf("the key is for environment %q but environment %q was selected", implied, s.environment)
		}
		c.environment = s.environment
	case implied != "":
		c.environment = implied
	case len(c.spec.Environments) > 0:
		c.environment = c.spec.Environments[0].Name
	}
	return nil
}

func (c *Client) resolveBaseURL(s *Settings) error {
	raw := s.baseURL
	if raw == "" {
		env, ok := c.spec.environment(c.environment)
		if !ok || env.BaseURL == "" {
			return errors.New("no base URL: the spec declares no server; use WithBaseURL")
		}
		expanded, err := c.spec.expandServerURL(env.BaseURL, s.serverVars, c.credentials)
		if err != nil {
			return err
		}
		if u, err := url.Parse(expanded); err == nil && u.Host == "" {
			return fmt.Errorf("no base URL: the spec's server %q is relative; give the API's address with WithBaseURL", env.BaseURL)
		}
		raw = expanded
	}
	u, err := url.Parse(raw)
	if err != nil {
		return fmt.Errorf("base URL: %w", err)
	}
	if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("base URL %q: want an absolute http(s) URL", raw)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return fmt.Errorf("base URL %q: plain http is allowed only for loopback hosts; credentials would travel in clear text", raw)
	}
	if u.User != nil {
		return errors.New("base URL must not carry user information; use the credential options")
	}
	u.Path = strings.TrimSuffix(u.Path, "/")
	u.RawPath = ""
	u.RawQuery, u.Fragment = "", ""
	c.baseURL = u
	c.baseText = strings.TrimSuffix(u.String(), "/")
	return nil
}

func isLoopback(host string) bool {
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// String describes the client without any credential.
func (c Client) String() string {
	if c.spec == nil {
		return "Client{}"
	}
	names := make([]string, 0, len(c.credentials))
	for _, scheme := range c.spec.Schemes {
		if _, ok := c.credentials[scheme.Name]; ok {
			names = append(names, scheme.Name)
		}
	}
	return fmt.Sprintf("%s.Client{baseURL: %s, environment: %s, credentials: [%s]}",
		c.spec.Name, c.baseURL, c.environment, strings.Join(names, " "))
}

// GoString is String, so %#v shows no credential either.
func (c Client) GoString() string { return c.String() }

// Format makes every verb (%v, %+v, %#v, %s) print String, for the client
// and for copies of it.
func (c Client) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(c.String())) }

// Format makes every verb print the options' names, never a value: the
// settings hold credentials until New has read them.
func (s Settings) Format(f fmt.State, _ rune) {
	names := make([]string, 0, len(s.credentials))
	for name := range s.credentials {
		names = append(names, name)
	}
	slices.Sort(names)
	_, _ = fmt.Fprintf(f, "Settings{credentials: [%s]}", strings.Join(names, " "))
}

// clock is time as the retry loop sees it: WithClock's, and the jitter of
// the backoff, which tests fix to prove the waits.
type clock interface {
	Now() time.Time
	// Sleep waits for d or until ctx is done, whichever comes first, and
	// says whether it waited all of d.
	Sleep(ctx context.Context, d time.Duration) bool
	// Jitter returns a random duration in [0, d).
	Jitter(d time.Duration) time.Duration
}

type realClock struct{}

func (realClock) Now() time.Time { return time.Now() }

func (realClock) Sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// callerClock is the clock given to WithClock, with the real clock's
// jitter.
type callerClock struct {
	now   func() time.Time
	sleep func(ctx context.Context, d time.Duration) error
}

func (c callerClock) Now() time.Time { return c.now() }

func (c callerClock) Sleep(ctx context.Context, d time.Duration) bool {
	return c.sleep(ctx, d) == nil && ctx.Err() == nil
}

func (callerClock) Jitter(d time.Duration) time.Duration { return realClock{}.Jitter(d) }

func (realClock) Jitter(d time.Duration) time.Duration {
	if d <= 0 {
		return 0
	}
	return time.Duration(rand.Int64N(int64(d)))
}
