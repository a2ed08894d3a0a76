package redisbudget

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// The fleet test: 8 processes of 16 goroutines each call a fake vendor that
// allows 50 requests a second for the whole account, says so in its
// headers (the limit, what is left, and when the window resets), and
// answers more with 429 and retry-after-ms; its token endpoint
// counts fetches. Each process is this test binary again (TestFleetWorker).

const (
	workerEnv      = "AUTHGEN_FLEET_WORKER"
	workerRedisEnv = "AUTHGEN_FLEET_REDIS"
	workerURLEnv   = "AUTHGEN_FLEET_URL"
	workerModeEnv  = "AUTHGEN_FLEET_SHARED"
	fleetLimit     = 50 // a second, for the account
	fleetWindow    = time.Second
	fleetRun       = 3 * time.Second
	fleetProcs     = 8
	fleetWorkers   = 16
)

// vendor is the fake vendor: a fixed window per second for the account.
type vendor struct {
	mu          sync.Mutex
	first, last time.Time // the first and last request accepted
	window      int64
	used        int
	ok, r429    atomic.Int64
	fetches     atomic.Int64
	perWin      map[int64]int // 429s per window
}

func (v *vendor) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/token" {
		v.fetches.Add(1)
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"access_token":"fleet-token","token_type":"Bearer","expires_in":3600}`)
		return
	}
	if r.Header.Get("Authorization") != "Bearer fleet-token" {
		w.WriteHeader(401)
		return
	}
	now := time.Now()
	v.mu.Lock()
	win := now.UnixNano() / int64(fleetWindow)
	if win != v.window {
		v.window, v.used = win, 0
	}
	v.used++
	used := v.used
	if used > fleetLimit {
		v.perWin[win]++
	}
	v.mu.Unlock()
	reset := time.Unix(0, (win+1)*int64(fleetWindow))
	w.Header().Set("X-RateLimit-Limit", strconv.Itoa(fleetLimit))
	w.Header().Set("X-RateLimit-Remaining", strconv.Itoa(max(fleetLimit-used, 0)))
	w.Header().Set("X-RateLimit-Reset-Ms", strconv.FormatInt(reset.Sub(now).Milliseconds()+1, 10))
	if used > fleetLimit {
		v.r429.Add(1)
		w.Header().Set("Retry-After-Ms", strconv.FormatInt(reset.Sub(now).Milliseconds()+1, 10))
		w.WriteHeader(429)
		return
	}
	v.ok.Add(1)
	v.mu.Lock()
	if v.first.IsZero() {
		v.first = now
	}
	v.last = now
	v.mu.Unlock()
	w.WriteHeader(200)
}

// fleetResult is what a worker process reports.
type fleetResult struct {
	Calls, Failed int
	Slowest       time.Duration
}

// TestFleetKeepsTheVendorsBudget runs the fleet twice: each process on its
// own (the spec's steady rate kept per process: eight times too fast), and
// on one Redis budget.
func TestFleetKeepsTheVendorsBudget(t *testing.T) {
	if os.Getenv(workerEnv) != "" {
		t.Skip("in a worker")
	}
	if testing.Short() {
		t.Skip("runs a fleet of processes for seconds")
	}
	newRedis(t) // skips without a server, flushes it otherwise
	for _, shared := range []bool{false, true} {
		v := &vendor{perWin: map[int64]int{}}
		srv := httptest.NewServer(v)
		results := runFleet(t, srv.URL, redisAddr, shared, nil)
		srv.Close()
		calls, failed := 0, 0
		var slowest time.Duration
		for i, r := range results {
			if r.Calls < 0 {
				t.Errorf("worker %d failed", i)
				continue
			}
			calls, failed, slowest = calls+r.Calls, failed+r.Failed, max(slowest, r.Slowest)
		}
		worstWindow := 0
		for _, n := range v.perWin {
			worstWindow = max(worstWindow, n)
		}
		throughput := float64(v.ok.Load()-1) / v.last.Sub(v.first).Seconds()
		t.Logf("shared=%v: %d calls (%d failed), %d accepted (%.1f/s against %d/s), %d answered 429 (at most %d in a window), %d token fetches, slowest call %v",
			shared, calls, failed, v.ok.Load(), throughput, fleetLimit, v.r429.Load(), worstWindow, v.fetches.Load(), slowest)
		if !shared {
			if v.r429.Load() < 100 {
				t.Errorf("without a shared budget the fleet got only %d 429s: the test does not show what it should", v.r429.Load())
			}
			continue
		}
		if worstWindow > 1 {
			t.Errorf("with the shared budget, %d 429s in one window; want at most one", worstWindow)
		}
		if throughput < 0.9*fleetLimit || throughput > 1.02*fleetLimit {
			t.Errorf("throughput %.1f/s, want within 10%% of the vendor's %d/s", throughput, fleetLimit)
		}
		if v.fetches.Load() != 1 {
			t.Errorf("%d token fetches for the fleet, want 1", v.fetches.Load())
		}
		if failed != 0 {
			t.Errorf("%d calls failed", failed)
		}
	}
}

// runFleet starts the worker processes on the Redis at addr and collects
// their results; started, when not nil, gets the processes once they run.
func runFleet(t *testing.T, url, addr string, shared bool, started func([]*exec.Cmd)) []fleetResult {
	t.Helper()
	if err := redis.NewClient(&redis.Options{Addr: addr}).FlushAll(context.Background()).Err(); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	results := make([]fleetResult, fleetProcs)
	cmds := make([]*exec.Cmd, fleetProcs)
	outs := make([]*bytes.Buffer, fleetProcs)
	for i := range fleetProcs {
		cmd := exec.Command(os.Args[0], "-test.run=^TestFleetWorker$", "-test.count=1")
		cmd.Env = append(os.Environ(), workerEnv+"=1", workerRedisEnv+"="+addr, workerURLEnv+"="+url, workerModeEnv+"="+strconv.FormatBool(shared))
		outs[i] = &bytes.Buffer{}
		cmd.Stdout, cmd.Stderr = outs[i], os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		cmds[i] = cmd
	}
	if started != nil {
		started(cmds)
	}
	for i, cmd := range cmds {
		wg.Add(1)
		go func() {
			defer wg.Done()
			err := cmd.Wait()
			out := outs[i].Bytes()
			if err != nil {
				results[i].Calls = -1 // killed or failed: said by the caller
				return
			}
			for _, line := range splitLines(out) {
				if json.Unmarshal(line, &results[i]) == nil && results[i].Calls > 0 {
					break
				}
			}
		}()
	}
	wg.Wait()
	return results
}

func splitLines(b []byte) [][]byte {
	var lines [][]byte
	for len(b) > 0 {
		i := 0
		for i < len(b) && b[i] != '\n' {
			i++
		}
		lines = append(lines, b[:i])
		if i < len(b) {
			i++
		}
		b = b[i:]
	}
	return lines
}

// TestFleetWorker is one process of the fleet: 16 goroutines calling until
// the run ends, through one client.
func TestFleetWorker(t *testing.T) {
	if os.Getenv(workerEnv) == "" {
		t.Skip("run by TestFleetKeepsTheVendorsBudget")
	}
	url := os.Getenv(workerURLEnv)
	spec := &authgenrt.ProviderSpec{
		Name:         "vendor",
		Environments: []authgenrt.EnvironmentSpec{{Name: "production", BaseURL: url}},
		Schemes:      []authgenrt.SchemeSpec{{Name: "oauth", Kind: authgenrt.SchemeOAuth2, Option: "WithOAuth"}},
		Security:     []authgenrt.SecurityRequirement{{"oauth"}},
		Retry:        authgenrt.RetryPolicy{MaxRetries: 10, MaxWait: 5 * time.Second},
		RateLimit:    authgenrt.RateLimitSpec{Limit: "X-RateLimit-Limit", Remaining: "X-RateLimit-Remaining", Reset: authgenrt.HeaderSpec{Name: "X-RateLimit-Reset-Ms", Format: authgenrt.FormatMilliseconds}},
		SteadyRate:   authgenrt.Rate{Limit: fleetLimit, Per: fleetWindow, Burst: 1},
	}
	opts := []authgenrt.Option{
		authgenrt.WithBaseURL(url),
		authgenrt.WithOAuthFlow("oauth", authgenrt.OAuthFlow{Spec: &authgenrt.OAuthFlowSpec{GrantType: "client_credentials", TokenURL: url + "/token"}, ClientID: "fleet", ClientSecret: "fleet-secret"}),
	}
	if os.Getenv(workerModeEnv) == "true" {
		rdb := redis.NewClient(&redis.Options{Addr: os.Getenv(workerRedisEnv)})
		defer rdb.Close()
		opts = append(opts, authgenrt.WithSharedBudget(New(rdb)))
	}
	c, err := authgenrt.NewClient(spec, nil, opts)
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(fleetRun)
	var res fleetResult
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range fleetWorkers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(deadline) {
				ctx, cancel := context.WithDeadline(context.Background(), deadline.Add(5*time.Second))
				start := time.Now()
				err := c.Send(ctx, &authgenrt.Request{Operation: "get", Method: "GET", Path: "/x", Security: spec.Security}, nil, nil)
				cancel()
				mu.Lock()
				res.Calls++
				if err != nil {
					res.Failed++
					if res.Failed == 1 {
						fmt.Fprintln(os.Stderr, "a call failed:", err)
					}
				}
				res.Slowest = max(res.Slowest, time.Since(start))
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	out, _ := json.Marshal(res)
	fmt.Println(string(out))
}

// TestFleetSurvivesLosingRedisAndAReplica: mid-run, one replica is killed
// and then Redis: the other replicas lose no call and none hangs; they
// keep the vendor's budget alone (each process its own) until the end.
func TestFleetSurvivesLosingRedisAndAReplica(t *testing.T) {
	if os.Getenv(workerEnv) != "" {
		t.Skip("in a worker")
	}
	if testing.Short() {
		t.Skip("runs a fleet of processes for seconds")
	}
	newRedis(t)
	addr, stopRedis, err := runRedis()
	if err != nil {
		t.Fatal(err)
	}
	defer stopRedis()
	v := &vendor{perWin: map[int64]int{}}
	srv := httptest.NewServer(v)
	defer srv.Close()
	start := time.Now()
	results := runFleet(t, srv.URL, addr, true, func(cmds []*exec.Cmd) {
		go func() {
			time.Sleep(time.Second)
			_ = cmds[0].Process.Kill()
			time.Sleep(500 * time.Millisecond)
			stopRedis()
		}()
	})
	calls, failed := 0, 0
	var slowest time.Duration
	for i, r := range results[1:] {
		if r.Calls < 0 {
			t.Errorf("worker %d did not finish", i+1)
			continue
		}
		calls, failed, slowest = calls+r.Calls, failed+r.Failed, max(slowest, r.Slowest)
	}
	t.Logf("7 surviving replicas: %d calls, %d failed, slowest %v; %d accepted, %d answered 429; the run took %v",
		calls, failed, slowest, v.ok.Load(), v.r429.Load(), time.Since(start).Round(time.Millisecond))
	if calls == 0 || failed != 0 {
		t.Errorf("%d of %d calls failed after Redis and a replica went away", failed, calls)
	}
	if slowest > fleetRun+5*time.Second {
		t.Errorf("a call took %v", slowest)
	}
}
