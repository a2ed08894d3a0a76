package redisbudget

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// TestTwoReplicasKeepOneRate: two budgets (two replicas, two connections)
// keep one steady rate between them: 2 a second with bursts of 2 lets two
// go at once, then gives each next request the next place, half a second
// apart, whoever asks.
func TestTwoReplicasKeepOneRate(t *testing.T) {
	a, b := New(newRedis(t)), New(newRedis(t))
	rate := authgenrt.Rate{Limit: 2, Per: time.Second, Burst: 2}
	now := time.Now()
	var waits []time.Duration
	for _, r := range []*Budget{a, b, a, b} {
		w, reserved, err := r.Reserve(context.Background(), "acme:requests:k", rate, now, time.Minute)
		if err != nil || !reserved {
			t.Fatalf("reserved %v, %v", reserved, err)
		}
		waits = append(waits, w.Round(time.Millisecond))
	}
	if fmt.Sprint(waits) != "[0s 0s 500ms 1s]" {
		t.Errorf("waits %v, want [0s 0s 500ms 1s]", waits)
	}
	if w, reserved, _ := a.Reserve(context.Background(), "acme:requests:k", rate, now, time.Second); reserved || w.Round(time.Millisecond) != 1500*time.Millisecond {
		t.Errorf("a place past the caller's wait: %v, reserved %v", w, reserved)
	}
}

// TestABlockHoldsEveryReplicaAndExpires: what one replica learns holds the
// others until then, and the key goes away with the window.
func TestABlockHoldsEveryReplicaAndExpires(t *testing.T) {
	rdb := newRedis(t)
	a, b := New(rdb), New(newRedis(t))
	now := time.Now()
	if err := a.Block(context.Background(), "acme:requests:k", now.Add(30*time.Second)); err != nil {
		t.Fatal(err)
	}
	w, reserved, err := b.Reserve(context.Background(), "acme:requests:k", authgenrt.Rate{}, now, time.Hour)
	if err != nil || reserved || w < 29*time.Second || w > 30*time.Second {
		t.Errorf("the other replica waits %v, %v; want 30s", w, err)
	}
	ttl, err := rdb.PTTL(context.Background(), "authgen:acme:requests:k:blocked").Result()
	if err != nil || ttl <= 0 || ttl > 32*time.Second {
		t.Errorf("the block's TTL is %v (%v): a crashed replica must leave nothing past the window", ttl, err)
	}
	if err := a.Block(context.Background(), "acme:requests:k", now.Add(time.Second)); err != nil {
		t.Fatal(err)
	}
	if w, _, _ := b.Reserve(context.Background(), "acme:requests:k", authgenrt.Rate{}, now, time.Hour); w < 29*time.Second {
		t.Errorf("an earlier block shortened a later one: %v", w)
	}
}

// TestOneTokenFetchForTheFleet: forty callers on four replicas get one
// token, fetched once; a refused token, dropped, is fetched again; another
// key (another client ID or scope) never sees it.
func TestOneTokenFetchForTheFleet(t *testing.T) {
	var budgets []*Budget
	for range 4 {
		budgets = append(budgets, New(newRedis(t)))
	}
	var fetches atomic.Int32
	fetch := func(ctx context.Context) (string, time.Time, error) {
		n := fetches.Add(1)
		time.Sleep(50 * time.Millisecond)
		return "tok-" + string(rune('0'+n)), time.Now().Add(time.Hour), nil
	}
	var wg sync.WaitGroup
	got := make(chan string, 40)
	for i := range 40 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tok, _, err := budgets[i%4].Token(context.Background(), "acme:token:abc", time.Now(), time.Minute, fetch)
			if err != nil {
				t.Error(err)
			}
			got <- tok
		}()
	}
	wg.Wait()
	close(got)
	for tok := range got {
		if tok != "tok-1" {
			t.Errorf("a caller got %q", tok)
		}
	}
	if fetches.Load() != 1 {
		t.Fatalf("%d fetches for the fleet, want 1", fetches.Load())
	}
	_ = budgets[1].DropToken(context.Background(), "acme:token:abc", "tok-1")
	if tok, _, _ := budgets[2].Token(context.Background(), "acme:token:abc", time.Now(), time.Minute, fetch); tok != "tok-2" || fetches.Load() != 2 {
		t.Errorf("after the drop: %q, %d fetches", tok, fetches.Load())
	}
	if tok, _, _ := budgets[3].Token(context.Background(), "acme:token:other-client", time.Now(), time.Minute, fetch); tok == "tok-2" {
		t.Error("another key got the token")
	}
}

// TestRedisDownDecidesAloneAndSaysSoOnce: with Redis gone, every call is
// answered in process at once (nothing blocks on Redis), the budget still
// keeps the rate locally, and one line says so.
func TestRedisDownDecidesAloneAndSaysSoOnce(t *testing.T) {
	redis.SetLogger(quietLogger{}) // go-redis's own line per failed dial
	var logs bytes.Buffer
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:1", MaxRetries: -1, DialTimeout: 50 * time.Millisecond})
	t.Cleanup(func() { rdb.Close() })
	b := New(rdb, WithLogger(slog.New(slog.NewTextHandler(&logs, nil))), WithTimeout(100*time.Millisecond))
	rate := authgenrt.Rate{Limit: 1, Per: time.Second, Burst: 1}
	now := time.Now()
	start := time.Now()
	w1, _, err1 := b.Reserve(context.Background(), "k", rate, now, time.Hour)
	w2, _, err2 := b.Reserve(context.Background(), "k", rate, now, time.Hour)
	tok, _, err3 := b.Token(context.Background(), "t", now, time.Minute, func(context.Context) (string, time.Time, error) {
		return "local-token", time.Time{}, nil
	})
	if err1 != nil || err2 != nil || err3 != nil || w1 != 0 || w2 < 999*time.Millisecond || tok != "local-token" {
		t.Errorf("waits %v %v, token %q, errors %v %v %v", w1, w2, tok, err1, err2, err3)
	}
	if elapsed := time.Since(start); elapsed > 2*time.Second {
		t.Errorf("calls waited %v on a Redis that is down", elapsed)
	}
	if n := strings.Count(logs.String(), "Redis did not answer"); n != 1 || strings.Contains(logs.String(), "local-token") {
		t.Errorf("log (%d lines about it):\n%s", n, logs.String())
	}
}

type quietLogger struct{}

func (quietLogger) Printf(context.Context, string, ...any) {}

// TestATokenStoredJustBeforeTheLockIsNotFetchedAgain: a replica that found
// no token, then won the fetch lock only because another replica had just
// stored the token and let the lock go, takes that token instead of
// fetching a second one. The hook puts the other replica's whole fetch
// between this replica's read and its lock, where a loaded fleet puts it
// now and then.
func TestATokenStoredJustBeforeTheLockIsNotFetchedAgain(t *testing.T) {
	other := New(newRedis(t))
	rdb := newRedis(t)
	var fetches atomic.Int32
	fetch := func(context.Context) (string, time.Time, error) {
		n := fetches.Add(1)
		return "tok-" + string(rune('0'+n)), time.Now().Add(time.Hour), nil
	}
	var once sync.Once
	rdb.AddHook(beforeCommand{name: "set", arg: "nx", run: func() {
		once.Do(func() {
			if tok, _, err := other.Token(context.Background(), "acme:token:abc", time.Now(), time.Minute, fetch); err != nil || tok != "tok-1" {
				t.Errorf("the other replica: %q, %v", tok, err)
			}
		})
	}})
	tok, _, err := New(rdb).Token(context.Background(), "acme:token:abc", time.Now(), time.Minute, fetch)
	if err != nil || tok != "tok-1" {
		t.Errorf("got %q, %v; want the other replica's tok-1", tok, err)
	}
	if n := fetches.Load(); n != 1 {
		t.Errorf("%d fetches for the fleet, want 1", n)
	}
}

// beforeCommand runs run before each command of that name whose last
// argument is arg (SetNX with a TTL is SET ... NX).
type beforeCommand struct {
	name, arg string
	run       func()
}

func (h beforeCommand) DialHook(next redis.DialHook) redis.DialHook { return next }

func (h beforeCommand) ProcessHook(next redis.ProcessHook) redis.ProcessHook {
	return func(ctx context.Context, cmd redis.Cmder) error {
		if args := cmd.Args(); cmd.Name() == h.name && len(args) > 0 && strings.EqualFold(fmt.Sprint(args[len(args)-1]), h.arg) {
			h.run()
		}
		return next(ctx, cmd)
	}
}

func (h beforeCommand) ProcessPipelineHook(next redis.ProcessPipelineHook) redis.ProcessPipelineHook {
	return next
}
