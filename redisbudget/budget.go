// Package redisbudget keeps a vendor's budget for a fleet of processes on
// Redis: an authgenrt.SharedBudget that the clients authgen generates take
// with WithSharedBudget.
//
//	rdb := redis.NewClient(&redis.Options{Addr: "localhost:6379"})
//	c, err := notion.NewFromEnv(notion.WithSharedBudget(redisbudget.New(rdb)))
//
// Every replica that shares the Redis and the account then learns what one
// learns: a 429's wait or "nothing left until the reset" holds them all, a
// steady rate the spec declares is kept for the fleet, and an OAuth
// token is fetched once for the fleet.
//
// Each decision is one round trip, done by a Lua script so that replicas
// cannot interleave. Every key carries a TTL: a replica that crashes
// leaves nothing that outlives the window it knew of. When Redis does not
// answer (down, slow past the timeout), the budget decides alone, in
// process, and logs that once: calls are never blocked on Redis, and a
// token is never written anywhere but Redis and the process.
//
// Tokens are kept in Redis as they are: give the fleet a Redis that only
// it can read (ACLs, TLS, a private network), as you would a secret store.
package redisbudget

import (
	"context"
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// Budget is an authgenrt.SharedBudget on Redis. It is safe for concurrent
// use; create it with New.
type Budget struct {
	rdb     redis.UniversalClient
	prefix  string
	timeout time.Duration
	logger  *slog.Logger
	local   *authgenrt.LocalBudget // while Redis does not answer
	warned  atomic.Bool
	// poll is how often a replica waiting for another's token fetch
	// looks for it.
	poll time.Duration
}

var _ authgenrt.SharedBudget = (*Budget)(nil)

// Option configures a Budget.
type Option func(*Budget)

// WithPrefix puts every key under prefix (default "authgen:"), for a Redis
// shared with other programs.
func WithPrefix(prefix string) Option { return func(b *Budget) { b.prefix = prefix } }

// WithTimeout bounds each round trip to Redis (default 250 ms); past it,
// the budget decides alone for that call.
func WithTimeout(d time.Duration) Option { return func(b *Budget) { b.timeout = d } }

// WithLogger is where the budget says, once, that Redis did not answer.
func WithLogger(l *slog.Logger) Option { return func(b *Budget) { b.logger = l } }

// New returns a budget kept in rdb.
func New(rdb redis.UniversalClient, opts ...Option) *Budget {
	b := &Budget{rdb: rdb, prefix: "authgen:", timeout: 250 * time.Millisecond, logger: slog.Default(), local: authgenrt.NewLocalBudget(), poll: 25 * time.Millisecond}
	for _, opt := range opts {
		opt(b)
	}
	return b
}

// reserveScript: KEYS[1] the key's block, KEYS[2] its theoretical arrival
// time (GCRA); ARGV now, interval, burst and the longest wait the caller
// takes, in microseconds and requests. It returns the wait in
// microseconds and 1 when the request's place was taken (0: blocked, or
// too far away).
var reserveScript = redis.NewScript(`
local now = tonumber(ARGV[1])
local interval = tonumber(ARGV[2])
local burst = tonumber(ARGV[3])
local maxWait = tonumber(ARGV[4])
local blocked = tonumber(redis.call('GET', KEYS[1]) or '0')
if blocked > now then return {blocked - now, 0} end
if interval <= 0 then return {0, 1} end
local tat = tonumber(redis.call('GET', KEYS[2]) or '0')
if tat < now then tat = now end
local nextTat = tat + interval
local wait = nextTat - now - interval * burst
if wait < 0 then wait = 0 end
if wait > maxWait then return {wait, 0} end
redis.call('SET', KEYS[2], string.format('%d', nextTat), 'PX', math.ceil((nextTat - now) / 1000) + 1000)
return {wait, 1}
`)

// blockScript: KEYS[1] the key's block; ARGV until and now in
// microseconds. A later block wins; the key lives until it ends.
var blockScript = redis.NewScript(`
local untilUs = tonumber(ARGV[1])
local now = tonumber(ARGV[2])
local blocked = tonumber(redis.call('GET', KEYS[1]) or '0')
if untilUs > blocked and untilUs > now then
  redis.call('SET', KEYS[1], string.format('%d', untilUs), 'PX', math.ceil((untilUs - now) / 1000) + 1000)
end
return 0
`)

// dropScript deletes KEYS[1] when it still holds ARGV[1]'s token.
var dropScript = redis.NewScript(`
local v = redis.call('GET', KEYS[1])
if v and string.sub(v, string.find(v, '|', 1, true) + 1) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0
`)

// Reserve implements authgenrt.SharedBudget.
func (b *Budget) Reserve(ctx context.Context, key string, rate authgenrt.Rate, now time.Time, maxWait time.Duration) (time.Duration, bool, error) {
	var interval, burst int64
	if !rate.IsZero() {
		interval = (rate.Per / time.Duration(rate.Limit)).Microseconds()
		burst = int64(rate.Burst)
		if burst <= 0 {
			burst = int64(rate.Limit)
		}
	}
	opCtx, cancel := context.WithTimeout(ctx, b.timeout)
	defer cancel()
	v, err := reserveScript.Run(opCtx, b.rdb, []string{b.prefix + key + ":blocked", b.prefix + key + ":tat"}, now.UnixMicro(), interval, burst, maxWait.Microseconds()).Int64Slice()
	if err != nil || len(v) != 2 {
		b.fellBack("reserve", err)
		return b.local.Reserve(ctx, key, rate, now, maxWait)
	}
	return time.Duration(v[0]) * time.Microsecond, v[1] == 1, nil
}

// Block implements authgenrt.SharedBudget. The process's own budget learns
// it too, so the process keeps it if Redis goes away.
func (b *Budget) Block(ctx context.Context, key string, until time.Time) error {
	_ = b.local.Block(ctx, key, until)
	ctx, cancel := context.WithTimeout(ctx, b.timeout)
	defer cancel()
	if err := blockScript.Run(ctx, b.rdb, []string{b.prefix + key + ":blocked"}, until.UnixMicro(), time.Now().UnixMicro()).Err(); err != nil {
		b.fellBack("block", err)
	}
	return nil
}

// tokenFetchLimit bounds how long a replica holds the right to fetch a
// key's token, and how long the others wait for it: a replica that dies
// mid-fetch holds nobody up for longer.
const tokenFetchLimit = 30 * time.Second

// Token implements authgenrt.SharedBudget: the token in Redis while it is
// valid for another margin; else the replica that takes the key's lock
// fetches it and the others wait for it, each as long as its context
// allows.
func (b *Budget) Token(ctx context.Context, key string, now time.Time, margin time.Duration, fetch func(context.Context) (string, time.Time, error)) (string, time.Time, error) {
	tokenKey, lockKey := b.prefix+key, b.prefix+key+":fetching"
	deadline := time.Now().Add(tokenFetchLimit)
	for {
		tok, expiry, found, err := b.readToken(ctx, tokenKey)
		if err != nil {
			b.fellBack("token", err)
			return b.local.Token(ctx, key, now, margin, fetch)
		}
		if found && fresh(expiry, now, margin) {
			return tok, expiry, nil
		}
		opCtx, cancel := context.WithTimeout(ctx, b.timeout)
		won, err := b.rdb.SetNX(opCtx, lockKey, "1", tokenFetchLimit).Result()
		cancel()
		if err != nil {
			b.fellBack("token", err)
			return b.local.Token(ctx, key, now, margin, fetch)
		}
		if won {
			// The lock may be free only because another replica has just
			// stored the token and let it go, after this one read: look
			// again before fetching a second one.
			if tok, expiry, found, err := b.readToken(ctx, tokenKey); err == nil && found && fresh(expiry, now, margin) {
				b.releaseLock(ctx, lockKey)
				return tok, expiry, nil
			}
			tok, expiry, err := fetch(ctx)
			opCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.timeout)
			defer cancel()
			if err == nil {
				ttl := 24 * time.Hour
				if !expiry.IsZero() {
					ttl = time.Until(expiry)
				}
				if ttl > 0 {
					if err := b.rdb.Set(opCtx, tokenKey, formatToken(tok, expiry), ttl).Err(); err != nil {
						b.fellBack("token", err)
					}
				}
			}
			b.releaseLock(ctx, lockKey)
			return tok, expiry, err
		}
		if time.Now().After(deadline) {
			return "", time.Time{}, errors.New("redisbudget: waited too long for another replica's token fetch")
		}
		select {
		case <-ctx.Done():
			return "", time.Time{}, ctx.Err()
		case <-time.After(b.poll):
		}
	}
}

// releaseLock lets the key's fetch lock go, even when the caller's context
// has ended: the others would otherwise wait tokenFetchLimit for it.
func (b *Budget) releaseLock(ctx context.Context, lockKey string) {
	ctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), b.timeout)
	defer cancel()
	b.rdb.Del(ctx, lockKey)
}

// DropToken implements authgenrt.SharedBudget.
func (b *Budget) DropToken(ctx context.Context, key, token string) error {
	_ = b.local.DropToken(ctx, key, token)
	ctx, cancel := context.WithTimeout(ctx, b.timeout)
	defer cancel()
	if err := dropScript.Run(ctx, b.rdb, []string{b.prefix + key}, token).Err(); err != nil {
		b.fellBack("drop token", err)
	}
	return nil
}

func (b *Budget) readToken(ctx context.Context, key string) (tok string, expiry time.Time, found bool, err error) {
	ctx, cancel := context.WithTimeout(ctx, b.timeout)
	defer cancel()
	v, err := b.rdb.Get(ctx, key).Result()
	if errors.Is(err, redis.Nil) {
		return "", time.Time{}, false, nil
	}
	if err != nil {
		return "", time.Time{}, false, err
	}
	us, tok, ok := strings.Cut(v, "|")
	n, perr := strconv.ParseInt(us, 10, 64)
	if !ok || perr != nil {
		return "", time.Time{}, false, nil // not ours: fetched again
	}
	if n > 0 {
		expiry = time.UnixMicro(n)
	}
	return tok, expiry, true, nil
}

// fresh: a token with that expiry is still good for margin after now (a
// token without one is good until it is refused and dropped).
func fresh(expiry, now time.Time, margin time.Duration) bool {
	return expiry.IsZero() || now.Add(margin).Before(expiry)
}

func formatToken(tok string, expiry time.Time) string {
	var us int64
	if !expiry.IsZero() {
		us = expiry.UnixMicro()
	}
	return strconv.FormatInt(us, 10) + "|" + tok
}

// fellBack says once that Redis did not answer; the decision is then the
// process's own. A token never appears in what it logs.
func (b *Budget) fellBack(op string, err error) {
	if b.warned.CompareAndSwap(false, true) && b.logger != nil {
		b.logger.Warn("redisbudget: Redis did not answer; each process keeps the vendor's budget alone until it does", slog.String("op", op), slog.String("error", err.Error()))
	}
}
