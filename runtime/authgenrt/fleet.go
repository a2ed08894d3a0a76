package authgenrt

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"sort"
	"strings"
	"sync"
	"time"
)

// A fleet's budget: a vendor counts requests and tokens per account, not
// per process. Fifty replicas that each learn "nothing left until 12:00"
// on their own have spent fifty requests the vendor counted; fifty token
// fetches hit a token endpoint that limits them too. A SharedBudget lets
// the replicas learn together: what the vendor announced (one replica
// learns, all wait), a steady rate the spec declares (kept for the fleet,
// not per process), and OAuth tokens (one fetch for the fleet).
//
// The runtime calls it around every attempt; the package
// github.com/authgen/authgen/redisbudget implements it on Redis, and
// LocalBudget in one process.

// SharedBudget coordinates a vendor's budget across the clients that share
// an account, in one process or many. Keys are opaque: the runtime builds
// them from the provider, the credential's fingerprint and the rule, never
// from a secret. Every method must return soon: an implementation that
// cannot reach its store falls back to deciding alone.
type SharedBudget interface {
	// Reserve asks to send one request under key at now. When the vendor
	// refuses key for a while (Block), it returns that wait and reserved
	// false: wait, then ask again. Otherwise it takes the request's place
	// in rate (zero: no rate) and returns how long to wait for it, with
	// reserved true: wait, then send. A place more than maxWait away is
	// not taken (reserved false), so a caller that gives up wastes none.
	//
	// now is the client's time (its clock, WithClock): replicas compare
	// times they read, so their clocks must agree as NTP keeps them.
	Reserve(ctx context.Context, key string, rate Rate, now time.Time, maxWait time.Duration) (wait time.Duration, reserved bool, err error)
	// Block records that the vendor refuses key until until.
	Block(ctx context.Context, key string, until time.Time) error
	// Token returns key's token while it is valid for another margin,
	// else fetches one with fetch, once for all the callers of key at the
	// time, and shares it until its expiry (zero: until it is dropped).
	Token(ctx context.Context, key string, now time.Time, margin time.Duration, fetch func(context.Context) (token string, expiry time.Time, err error)) (token string, expiry time.Time, err error)
	// DropToken forgets key's token if it is still token (the vendor
	// refused it), so the next Token fetches a fresh one.
	DropToken(ctx context.Context, key, token string) error
}

// Rate is a steady rate a vendor documents (3 requests a second per
// integration): Limit requests every Per, with bursts of up to Burst (0:
// Limit).
type Rate struct {
	Limit int
	Per   time.Duration
	Burst int
}

// IsZero reports whether r limits nothing.
func (r Rate) IsZero() bool { return r.Limit <= 0 || r.Per <= 0 }

// WithSharedBudget makes the client keep the vendor's budget in b, shared
// with every client that uses b under the same provider and credential.
func WithSharedBudget(b SharedBudget) Option {
	return func(s *Settings) error {
		if b == nil {
			return errors.New("WithSharedBudget: nil SharedBudget")
		}
		s.budget = b
		return nil
	}
}

// errFleetWait: the shared budget asks a wait the call cannot afford.
var errFleetWait = errors.New("the fleet's budget")

// fleet is a client's view of its budget: the shared one, or, without
// one, a budget of its own when the spec declares a steady rate.
type fleet struct {
	budget SharedBudget
	rate   Rate
	key    string // the requests' key: provider and credential
	logged sync.Once
	logger *slog.Logger
}

// newFleet builds a client's budget; nil when it has nothing to keep.
func newFleet(spec *ProviderSpec, s *Settings, identity string, logger *slog.Logger) *fleet {
	b := s.budget
	if b == nil {
		if spec.SteadyRate.IsZero() {
			return nil
		}
		b = NewLocalBudget()
	}
	return &fleet{budget: b, rate: spec.SteadyRate, key: spec.Name + ":requests:" + identity, logger: logger}
}

// admit waits until the budget lets one attempt go: the wait the budget
// asks, slept on the client's clock, bounded by maxWait and by left, what
// is left of the call's time (-1: no deadline).
func (f *fleet) admit(ctx context.Context, c *Client, maxWait, left time.Duration) error {
	afford := maxWait
	if left >= 0 && (afford <= 0 || left < afford) {
		afford = left
	}
	if afford <= 0 {
		afford = time.Duration(1<<63 - 1)
	}
	rate := f.rate
	for range 100 {
		wait, reserved, err := f.budget.Reserve(ctx, f.key, rate, c.clock.Now(), afford)
		if err != nil {
			f.logOnce("reserve", err)
			return nil // a budget that cannot answer decides nothing
		}
		if wait > afford {
			return fmt.Errorf("%w: wait %v exceeds what the call can afford: %w", errFleetWait, wait.Round(time.Millisecond), ErrRateLimited)
		}
		if wait == 0 && (reserved || rate.IsZero()) {
			return nil
		}
		if !c.clock.Sleep(ctx, wait) {
			return ctx.Err()
		}
		if reserved {
			// The place is ours, but while we waited for it another
			// client may have learnt that the vendor refuses the account
			// for a while: ask again, taking no place (a zero rate).
			rate = Rate{}
		}
	}
	return fmt.Errorf("%w: still refused after 100 waits: %w", errFleetWait, ErrRateLimited)
}

// learn records what a response said of the budget: a 429's wait, or
// nothing left until the window resets.
func (f *fleet) learn(ctx context.Context, status int, wait time.Duration, rl RateLimit, limited bool, now time.Time) {
	var until time.Time
	switch {
	case status == http.StatusTooManyRequests || limited:
		until = now.Add(wait)
		if wait <= 0 && !rl.Reset.IsZero() {
			until = rl.Reset
		}
	case rl.Limit > 0 && rl.Remaining == 0 && rl.Reset.After(now):
		until = rl.Reset
	}
	if until.After(now) {
		if err := f.budget.Block(ctx, f.key, until); err != nil {
			f.logOnce("block", err)
		}
	}
}

func (f *fleet) logOnce(op string, err error) {
	f.logged.Do(func() {
		if f.logger != nil {
			f.logger.Warn("authgen: the shared budget did not answer; deciding alone", slog.String("op", op), slog.String("error", err.Error()))
		}
	})
}

// credentialIdentity is a fingerprint of the client's fixed credentials,
// so that clients of one account share a budget and clients of two do
// not; "" when a credential rotates (a ...Func key): then the provider's
// name alone keys the budget. It is a hash: no secret leaves the process.
func credentialIdentity(creds map[string]*credential) string {
	names := make([]string, 0, len(creds))
	for name := range creds {
		names = append(names, name)
	}
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		cred := creds[name]
		if cred.fetch != nil || cred.tokens != nil {
			continue // rotates, or is an OAuth flow: keyed by its flow
		}
		h.Write([]byte(name + "\x00" + cred.username.reveal() + "\x00" + cred.password.reveal() + "\x00" + cred.static.reveal() + "\x00"))
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// tokenKey keys a flow's token: the provider, the token URL, the client
// and the scopes, hashed, so a token is never handed to another client ID
// or scope.
func tokenKey(provider, tokenURL, clientID string, scopes []string) string {
	sorted := append([]string(nil), scopes...)
	sort.Strings(sorted)
	sum := sha256.Sum256([]byte(tokenURL + "\x00" + clientID + "\x00" + strings.Join(sorted, " ")))
	return provider + ":token:" + hex.EncodeToString(sum[:])[:32]
}

// LocalBudget is a SharedBudget for the clients of one process: what one
// client learns of the vendor's budget, the others sharing the account
// know at once, and a steady rate is kept for all of them.
type LocalBudget struct {
	mu      sync.Mutex
	blocked map[string]time.Time
	tat     map[string]time.Time // GCRA: the theoretical arrival time of the next request
	tokens  map[string]localToken
	fetches map[string]*tokenFetch
}

type localToken struct {
	value  sealed
	expiry time.Time
}

// NewLocalBudget returns an empty budget for one process.
func NewLocalBudget() *LocalBudget {
	return &LocalBudget{blocked: map[string]time.Time{}, tat: map[string]time.Time{}, tokens: map[string]localToken{}, fetches: map[string]*tokenFetch{}}
}

// Reserve implements SharedBudget with the generic cell rate algorithm:
// each request moves the key's theoretical arrival time on by Per/Limit,
// and goes once that time is at most Burst intervals ahead of now.
func (b *LocalBudget) Reserve(_ context.Context, key string, rate Rate, now time.Time, maxWait time.Duration) (time.Duration, bool, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if until := b.blocked[key]; until.After(now) {
		return until.Sub(now), false, nil
	}
	if rate.IsZero() {
		return 0, true, nil
	}
	wait, tat := gcra(now, b.tat[key], rate)
	if wait > maxWait {
		return wait, false, nil
	}
	b.tat[key] = tat
	return wait, true, nil
}

// gcra places one request at now after the theoretical arrival time tat:
// the wait before it may go, and the tat that taking it leaves.
func gcra(now, tat time.Time, rate Rate) (time.Duration, time.Time) {
	interval := rate.Per / time.Duration(rate.Limit)
	burst := rate.Burst
	if burst <= 0 {
		burst = rate.Limit
	}
	if tat.Before(now) {
		tat = now
	}
	next := tat.Add(interval)
	return max(next.Sub(now)-interval*time.Duration(burst), 0), next
}

// Block implements SharedBudget.
func (b *LocalBudget) Block(_ context.Context, key string, until time.Time) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if until.After(b.blocked[key]) {
		b.blocked[key] = until
	}
	return nil
}

// Token implements SharedBudget: one fetch for every caller of key at the
// time; each caller waits only as long as its own context allows.
func (b *LocalBudget) Token(ctx context.Context, key string, now time.Time, margin time.Duration, fetch func(context.Context) (string, time.Time, error)) (string, time.Time, error) {
	b.mu.Lock()
	if t, ok := b.tokens[key]; ok && (t.expiry.IsZero() || now.Add(margin).Before(t.expiry)) {
		b.mu.Unlock()
		return t.value.reveal(), t.expiry, nil
	}
	f := b.fetches[key]
	if f == nil {
		f = &tokenFetch{done: make(chan struct{})}
		b.fetches[key] = f
		go func() {
			tok, expiry, err := fetch(context.WithoutCancel(ctx))
			b.mu.Lock()
			defer b.mu.Unlock()
			delete(b.fetches, key)
			f.token, f.err, f.expiry = seal(tok), err, expiry
			if err == nil {
				b.tokens[key] = localToken{value: seal(tok), expiry: expiry}
			}
			close(f.done)
		}()
	}
	b.mu.Unlock()
	select {
	case <-f.done:
		return f.token.reveal(), f.expiry, f.err
	case <-ctx.Done():
		return "", time.Time{}, ctx.Err()
	}
}

// DropToken implements SharedBudget.
func (b *LocalBudget) DropToken(_ context.Context, key, token string) error {
	b.mu.Lock()
	defer b.mu.Unlock()
	if t, ok := b.tokens[key]; ok && t.value.equal(token) {
		delete(b.tokens, key)
	}
	return nil
}
