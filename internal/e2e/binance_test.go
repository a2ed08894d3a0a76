package e2e

// Binance's signed endpoints (specs/binance.yaml): every request carries
// X-MBX-APIKEY and, last in its query, the hex HMAC-SHA256 of the query
// (with its millisecond timestamp) under the secret, as
// https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security
// describes; a bad signature is {"code":-1022,...} and a timestamp outside
// recvWindow {"code":-1021,...}.

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/binance"
	"github.com/authgen/authgen/generated/binance/binancefake"
)

// The documentation's "SIGNED request example (HMAC)": its key, secret,
// parameters and timestamp, and the signature it gives for them.
const (
	binanceDocKey       = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
	binanceDocSecret    = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
	binanceDocParams    = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000"
	binanceDocTimestamp = 1499827319559
	binanceDocSignature = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
)

// TestBinanceSignsTheDocumentedExample: the generated client, with the
// documentation's keys and its clock at the example's timestamp, sends the
// example's parameters with timestamp and then the documented signature
// last, and the key in X-MBX-APIKEY; NewFromEnv reads BINANCE_API_KEY and
// BINANCE_API_SECRET.
func TestBinanceSignsTheDocumentedExample(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { io.WriteString(w, `{}`) })
	t.Setenv("BINANCE_API_KEY", binanceDocKey)
	t.Setenv("BINANCE_API_SECRET", binanceDocSecret)
	at := func() time.Time { return time.UnixMilli(binanceDocTimestamp) }
	c, err := binance.NewFromEnv(binance.WithBaseURL(srv.URL), binance.WithClock(at, func(context.Context, time.Duration) error { return nil }))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Do(context.Background(), http.MethodPost, "/api/v3/order?"+binanceDocParams, nil, nil); err != nil {
		t.Fatal(err)
	}
	r := srv.requests[0]
	if want := binanceDocParams + "&timestamp=1499827319559&signature=" + binanceDocSignature; r.URL.RawQuery != want {
		t.Errorf("query\n%s\nwant the documented\n%s", r.URL.RawQuery, want)
	}
	if got := r.Header.Get("X-MBX-APIKEY"); got != binanceDocKey {
		t.Errorf("X-MBX-APIKEY %q", got)
	}
}

// answers records the fake's answers as the client receives them.
type answers struct {
	mu   sync.Mutex
	sent []string
}

func (a *answers) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil {
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(strings.NewReader(string(body)))
		a.mu.Lock()
		a.sent = append(a.sent, resp.Status+" "+string(body))
		a.mu.Unlock()
	}
	return resp, err
}

// TestBinanceFakeChecksSignatures: the generated fake checks each
// signature as Binance does. Its client passes on every operation kind (an
// account read, a list, a test order); a wrong secret is refused 400 with
// Binance's {"code":-1022,"msg":...} (the code an integer, as the error
// schema draws it); a clock 10 s behind (recvWindow is 5 s) is refused 400
// {"code":-1021,...} once, and the client, reading the fake's Date, signs
// again on the fake's time and passes.
func TestBinanceFakeChecksSignatures(t *testing.T) {
	fake := binancefake.NewServer(t)
	fake.OnAccountInformation(func(ctx context.Context, params *binance.AccountInformationParams) (*binance.Account, error) {
		return &binance.Account{CanTrade: true, Balances: []binance.AccountBalancesItem{{Asset: "BTC", Free: "1.0", Locked: "0.0"}}}, nil
	})
	fake.OnCurrentOpenOrders(func(ctx context.Context, params *binance.CurrentOpenOrdersParams) (*binance.CurrentOpenOrdersResponse, error) {
		return &binance.CurrentOpenOrdersResponse{}, nil
	})
	fake.OnTestNewOrder(func(ctx context.Context, params *binance.TestNewOrderParams) (*binance.TestNewOrderResponse, error) {
		return &binance.TestNewOrderResponse{}, nil
	})
	ctx := context.Background()
	c := fake.Client()
	acct, err := c.AccountInformation(ctx, nil)
	if err != nil || !acct.CanTrade {
		t.Fatalf("AccountInformation: %+v %v", acct, err)
	}
	if _, err := c.CurrentOpenOrders(ctx, &binance.CurrentOpenOrdersParams{Symbol: ptr("LTCBTC")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.TestNewOrder(ctx, &binance.TestNewOrderParams{Symbol: "LTCBTC", Side: "BUY", Type: "LIMIT", Quantity: ptr("1"), Price: ptr("0.1")}); err != nil {
		t.Fatal(err)
	}

	seen := &answers{}
	wrong, err := binance.New(append(fake.Options(), binance.WithSigning("fake-signing-key-id", "not-the-secret"), binance.WithHTTPClient(&http.Client{Transport: seen}))...)
	if err != nil {
		t.Fatal(err)
	}
	_, err = wrong.AccountInformation(ctx, nil)
	var apiErr *binance.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 400 || apiErr.Code != "-1022" || !errors.Is(err, binance.ErrInvalidSignature) {
		t.Errorf("wrong secret: %v, want 400 -1022", err)
	}
	if len(seen.sent) != 1 || !strings.HasPrefix(seen.sent[0], `400 Bad Request {"code":-1022,"msg":`) {
		t.Errorf("the fake answered %q, want Binance's envelope with the integer code", seen.sent)
	}

	seen.sent = nil
	behind := func() time.Time { return fake.Clock().Now().Add(-10 * time.Second) }
	skewed, err := binance.New(fake.Options()[0], binance.WithClock(behind, fake.Clock().Sleep), binance.WithSigning("fake-signing-key-id", "fake-signing-secret"), binance.WithHTTPClient(&http.Client{Transport: seen}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := skewed.AccountInformation(ctx, nil); err != nil {
		t.Fatalf("a clock 10 s behind, corrected from the fake's Date: %v", err)
	}
	if len(seen.sent) != 2 || !strings.HasPrefix(seen.sent[0], `400 Bad Request {"code":-1021,"msg":`) || !strings.HasPrefix(seen.sent[1], "200") {
		t.Errorf("the fake answered %q, want -1021 then 200", seen.sent)
	}
}
