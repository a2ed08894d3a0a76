package e2e

// Shopify Admin REST, as its docs answer (https://shopify.dev/docs/api/usage/rate-limits,
// /response-codes; bodies as Shopify sends them).

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/shopify"
)

const shopifyToken = "shpat_0123456789abcdef0123456789abcdef"

func newShopify(t *testing.T, srv *recorder, opts ...shopify.Option) *shopify.Client {
	t.Helper()
	c, err := shopify.New(append([]shopify.Option{shopify.WithAccessToken(shopifyToken), shopify.WithBaseURL(srv.URL),
		shopify.WithRetryPolicy(shopify.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// urlRecorder answers every request itself and keeps its URL: the shop's
// own host is checked without leaving the process.
type urlRecorder struct{ urls []string }

func (u *urlRecorder) RoundTrip(r *http.Request) (*http.Response, error) {
	u.urls = append(u.urls, r.URL.String())
	return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}}, Body: io.NopCloser(strings.NewReader(`{"shop":{"name":"John's Apparel"}}`)), Request: r}, nil
}

func TestShopifyPerShopURLAndToken(t *testing.T) {
	rt := &urlRecorder{}
	c, err := shopify.New(shopify.WithAccessToken(shopifyToken), shopify.WithShop("johns-apparel"), shopify.WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		t.Fatal(err)
	}
	shop, err := c.GetShop(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(rt.urls) != 1 || rt.urls[0] != "https://johns-apparel.myshopify.com/admin/api/2025-07/shop.json" || *shop.Shop.Name != "John's Apparel" {
		t.Errorf("urls %v, shop %+v", rt.urls, shop)
	}
	// Another API version, per client.
	c, _ = shopify.New(shopify.WithAccessToken(shopifyToken), shopify.WithShop("johns-apparel"), shopify.WithVersion("2025-10"), shopify.WithHTTPClient(&http.Client{Transport: rt}))
	if _, err := c.GetShop(context.Background()); err != nil || rt.urls[1] != "https://johns-apparel.myshopify.com/admin/api/2025-10/shop.json" {
		t.Errorf("url %v: %v", rt.urls, err)
	}
	// The shop is the customer's own: no request goes to a placeholder.
	if _, err := shopify.New(shopify.WithAccessToken(shopifyToken)); err == nil || !strings.Contains(err.Error(), "shop") {
		t.Errorf("without a shop: %v", err)
	}

	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Shopify-Shop-Api-Call-Limit", "32/40")
		writeJSON(w, 200, map[string]any{"products": []any{}})
	})
	var resp shopify.Response
	if _, err := newShopify(t, srv).ListProducts(context.Background(), nil, shopify.WithResponseInto(&resp)); err != nil {
		t.Fatal(err)
	}
	if req, _ := srv.last(t); req.Header.Get("X-Shopify-Access-Token") != shopifyToken || req.Header.Get("Authorization") != "" {
		t.Errorf("headers %v", req.Header)
	}
	if resp.RateLimit.Limit != 40 || resp.RateLimit.Remaining != 8 {
		t.Errorf("rate limit %+v, want 8 of 40 left", resp.RateLimit)
	}
}

func TestShopifyErrors(t *testing.T) {
	for _, tc := range []struct {
		status   int
		body     string
		sentinel error
		message  string
	}{
		{401, `{"errors":"[API] Invalid API key or access token (unrecognized login or wrong password)"}`, shopify.ErrUnauthorized, "[API] Invalid API key or access token (unrecognized login or wrong password)"},
		{404, `{"errors":"Not Found"}`, shopify.ErrNotFound, "Not Found"},
		{422, `{"errors":{"title":["can't be blank"]}}`, shopify.ErrUnprocessableEntity, "title: can't be blank"},
	} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(tc.status)
			_, _ = io.WriteString(w, tc.body)
		})
		_, err := newShopify(t, srv).CreateProduct(context.Background(), &shopify.CreateProductParams{Body: shopify.CreateProductRequest{Product: shopify.Product{Title: ptr("")}}})
		var apiErr *shopify.APIError
		if !errors.Is(err, tc.sentinel) || !errors.As(err, &apiErr) || apiErr.Message != tc.message {
			t.Errorf("%d: %v (message %q)", tc.status, err, apiErr.Message)
		}
	}
}

// TestShopifyRateLimit: "Retry-After: 2.0" on a 429, fractional seconds;
// a POST is retried too (Shopify refused it before processing).
func TestShopifyRateLimit(t *testing.T) {
	for _, post := range []bool{false, true} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "2.0")
			w.Header().Set("X-Shopify-Shop-Api-Call-Limit", "40/40")
			writeJSON(w, 429, map[string]any{"errors": "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."})
		})
		wait, source, retried, _ := plannedWait(t, func(ctx context.Context, onRetry func(time.Duration, string)) error {
			c := newShopify(t, srv, shopify.WithOnRetry(func(e shopify.RetryEvent) { onRetry(e.Wait, e.Source) }))
			var err error
			if post {
				_, err = c.CreateProduct(ctx, &shopify.CreateProductParams{Body: shopify.CreateProductRequest{Product: shopify.Product{Title: ptr("Burton Custom Freestyle 151")}}})
			} else {
				_, err = c.GetShop(ctx)
			}
			return err
		})
		if !retried || wait != 2*time.Second || source != "Retry-After" {
			t.Errorf("post=%v: planned %v from %q (retried %v)", post, wait, source, retried)
		}
	}
}
