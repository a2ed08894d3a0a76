package authgenrt

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// TestOneClientLearnsAndTheOthersWait: two clients of one account share a
// budget; when the vendor tells one "nothing left for 30 s", the other
// waits those 30 s before sending, instead of spending a request the
// vendor would count and refuse.
func TestOneClientLearnsAndTheOthersWait(t *testing.T) {
	var refused atomic.Bool
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			refused.Store(true)
			w.Header().Set("Retry-After", "30")
			w.WriteHeader(429)
			return
		}
		w.WriteHeader(200)
	})
	budget := NewLocalBudget()
	clk := newFakeClock()
	first, err := NewClient(testSpec(), nil, []Option{withClock(clk), WithBaseURL(srv.URL), WithKey(testKey), WithSharedBudget(budget), WithMaxRetries(0)})
	if err != nil {
		t.Fatal(err)
	}
	second, err := NewClient(testSpec(), nil, []Option{withClock(clk), WithBaseURL(srv.URL), WithKey(testKey), WithSharedBudget(budget)})
	if err != nil {
		t.Fatal(err)
	}
	if err := get(first, context.Background()); !errors.Is(err, ErrRateLimited) {
		t.Fatalf("first: %v", err)
	}
	if err := get(second, context.Background()); err != nil {
		t.Fatalf("second: %v", err)
	}
	if srv.count() != 2 || len(clk.sleeps()) != 1 || clk.sleeps()[0] != 30*time.Second {
		t.Errorf("%d requests, waits %v: the second client should wait the 30 s the vendor announced to the first, then send once", srv.count(), clk.sleeps())
	}
	other, err := NewClient(testSpec(), nil, []Option{withClock(clk), WithBaseURL(srv.URL), WithKey("another-account-key"), WithSharedBudget(budget)})
	if err != nil {
		t.Fatal(err)
	}
	before := len(clk.sleeps())
	clk.mu.Lock()
	clk.now = clk.now.Add(-20 * time.Second) // back inside the first account's window
	clk.mu.Unlock()
	if err := get(other, context.Background()); err != nil || len(clk.sleeps()) != before {
		t.Errorf("another account waited for the first's window: %v, waits %v", err, clk.sleeps())
	}
}

// TestNothingLeftIsSharedBeforeA429: a success that reports no request
// left until the reset blocks the account's budget until then.
func TestNothingLeftIsSharedBeforeA429(t *testing.T) {
	clk := newFakeClock()
	reset := clk.Now().Add(45 * time.Second)
	spec := testSpec()
	spec.RateLimit = RateLimitSpec{Limit: "X-Limit", Remaining: "X-Remaining", Reset: HeaderSpec{Name: "X-Reset", Format: FormatUnixEpoch}}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("X-Limit", "100")
		w.Header().Set("X-Remaining", "0")
		w.Header().Set("X-Reset", formatEpoch(reset))
		w.WriteHeader(200)
	})
	budget := NewLocalBudget()
	a, _ := NewClient(spec, nil, []Option{withClock(clk), WithBaseURL(srv.URL), WithKey(testKey), WithSharedBudget(budget)})
	b, _ := NewClient(spec, nil, []Option{withClock(clk), WithBaseURL(srv.URL), WithKey(testKey), WithSharedBudget(budget)})
	if err := get(a, context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := get(b, context.Background()); err != nil {
		t.Fatal(err)
	}
	if waits := clk.sleeps(); len(waits) != 1 || waits[0] < 44*time.Second || waits[0] > 45*time.Second {
		t.Errorf("waits %v, want one of about 45 s", waits)
	}
}

// TestSteadyRateIsKeptForTheClient: a rate the spec declares (2 a second,
// bursts of 2) spaces the calls, on the client's clock, without a shared
// budget.
func TestSteadyRateIsKeptForTheClient(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(200) })
	spec := testSpec()
	spec.SteadyRate = Rate{Limit: 2, Per: time.Second, Burst: 2}
	c, clk := newTestClient(t, spec, srv.URL, WithKey(testKey))
	for range 6 {
		if err := get(c, context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	var total time.Duration
	for _, w := range clk.sleeps() {
		total += w
	}
	if total != 2*time.Second {
		t.Errorf("6 calls at 2 a second with a burst of 2 waited %v (%v), want 2s", total, clk.sleeps())
	}
}

// TestAFleetWaitBeyondMaxWaitIsReturned: a wait the budget asks that the
// call cannot afford is an error at once, matching ErrRateLimited.
func TestAFleetWaitBeyondMaxWaitIsReturned(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(200) })
	budget := NewLocalBudget()
	c, clk := newTestClient(t, testSpec(), srv.URL, WithKey(testKey), WithSharedBudget(budget), WithRetryPolicy(RetryPolicy{MaxWait: time.Minute}))
	_ = budget.Block(context.Background(), c.fleet.key, clk.Now().Add(time.Hour))
	err := get(c, context.Background())
	if !errors.Is(err, ErrRateLimited) || srv.count() != 0 {
		t.Errorf("err %v after %d requests", err, srv.count())
	}
}

// TestOneTokenFetchForTheFleet: clients of one OAuth flow, client and
// scopes share one token; a client of another client ID fetches its own.
func TestOneTokenFetchForTheFleet(t *testing.T) {
	var fetches atomic.Int32
	tokens := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		fetches.Add(1)
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"access_token":"tok-` + r.FormValue("scope") + `","expires_in":3600}`))
	})
	api := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(200) })
	budget := NewLocalBudget()
	flow := func(clientID string) Option {
		return WithOAuthFlow("oauth", OAuthFlow{Spec: &OAuthFlowSpec{GrantType: "client_credentials", TokenURL: tokens.URL}, ClientID: clientID, ClientSecret: Secret("client-secret-XYZ"), Scopes: []string{"read"}})
	}
	spec := oauthSpec(tokens.URL, "client_credentials")
	for i, id := range []string{"client-1", "client-1", "client-1", "client-2"} {
		c, _ := newTestClient(t, spec, api.URL, flow(id), WithSharedBudget(budget))
		if err := c.Send(context.Background(), &Request{Operation: "op", Method: "GET", Path: "/x", Security: spec.Security}, nil, nil); err != nil {
			t.Fatalf("client %d: %v", i, err)
		}
	}
	if fetches.Load() != 2 {
		t.Errorf("%d token fetches for three clients of client-1 and one of client-2, want 2", fetches.Load())
	}
}

func formatEpoch(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// BenchmarkFleetAdmitLocal is the per-call cost the seam adds with a
// budget in the process (no store to reach).
func BenchmarkFleetAdmitLocal(b *testing.B) {
	f := &fleet{budget: NewLocalBudget(), key: "acme:requests:x"}
	c := &Client{clock: realClock{}}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		if err := f.admit(ctx, c, time.Minute, time.Hour); err != nil {
			b.Fatal(err)
		}
	}
}
