package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/openai"
	"github.com/authgen/authgen/generated/stripe"
)

// Stripe's and OpenAI's calls, generated and by hand, on one in-process
// server (issue 30): the hand-written call is the mark. Bodies are the
// vendors' documented examples, trimmed.

const (
	stripeBenchKey = "sk_test_4eC39HqLyjWDarjtT1zdp7dc"
	stripeCustomer = `{"id":"cus_NffrFeUfNV2Hib","object":"customer","address":null,"balance":0,"created":1680893993,"currency":null,"default_source":null,"delinquent":false,"description":null,"email":"jennyrosen@example.com","invoice_prefix":"0759376C","invoice_settings":{"custom_fields":null,"default_payment_method":null,"footer":null,"rendering_options":null},"livemode":false,"metadata":{},"name":"Jenny Rosen","next_invoice_sequence":1,"phone":null,"preferred_locales":[],"shipping":null,"tax_exempt":"none","test_clock":null}`
	openaiModel    = `{"id":"gpt-4o-mini","object":"model","created":1686935002,"owned_by":"openai"}`
)

func vendorBenchServer(b *testing.B, auth, body string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("Authorization") != auth {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(body))
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkStripeRetrieveCustomerGenerated is GetCustomersCustomer, whose
// answer is a union (a customer or a deleted one), read as the customer.
func BenchmarkStripeRetrieveCustomerGenerated(b *testing.B) {
	srv := vendorBenchServer(b, "Bearer "+stripeBenchKey, stripeCustomer)
	c, err := stripe.New(stripe.WithBaseURL(srv.URL), stripe.WithBearerAuth(stripeBenchKey))
	if err != nil {
		b.Fatal(err)
	}
	benchStripeRetrieve(b, c)
}

// BenchmarkStripeRetrieveCustomerHandWritten is the same call with
// net/http and encoding/json, decoding straight into the customer, and
// sending what the generated call sends (the pinned Stripe-Version).
func BenchmarkStripeRetrieveCustomerHandWritten(b *testing.B) {
	benchStripeByHand(b, 0)
}

// BenchmarkStripeRetrieveCustomerHandWrittenWithTimeout bounds the call as
// the generated client bounds each attempt: its like-for-like twin.
func BenchmarkStripeRetrieveCustomerHandWrittenWithTimeout(b *testing.B) {
	benchStripeByHand(b, time.Minute)
}

func benchStripeByHand(b *testing.B, timeout time.Duration) {
	srv := vendorBenchServer(b, "Bearer "+stripeBenchKey, stripeCustomer)
	hc := &http.Client{}
	ctx := context.Background()
	header := map[string]string{"Authorization": "Bearer " + stripeBenchKey, "Stripe-Version": "2023-08-16"}
	b.ReportAllocs()
	for b.Loop() {
		var cust stripe.Customer
		if err := handWrittenGet(ctx, hc, srv.URL+"/v1/customers/cus_NffrFeUfNV2Hib", header, timeout, &cust); err != nil || cust.ID != "cus_NffrFeUfNV2Hib" {
			b.Fatal(cust.ID, err)
		}
	}
}

// BenchmarkOpenAIRetrieveModelGenerated is RetrieveModel.
func BenchmarkOpenAIRetrieveModelGenerated(b *testing.B) {
	srv := vendorBenchServer(b, "Bearer "+openaiKey, openaiModel)
	c, err := openai.New(openai.WithBaseURL(srv.URL), openai.WithAPIKeyAuth(openaiKey))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		m, err := c.RetrieveModel(ctx, "gpt-4o-mini")
		if err != nil || m.ID != "gpt-4o-mini" {
			b.Fatal(m, err)
		}
	}
}

// BenchmarkOpenAIRetrieveModelHandWritten is the same call by hand.
func BenchmarkOpenAIRetrieveModelHandWritten(b *testing.B) {
	benchOpenAIByHand(b, 0)
}

// BenchmarkOpenAIRetrieveModelHandWrittenWithTimeout bounds the call as the
// generated client bounds each attempt.
func BenchmarkOpenAIRetrieveModelHandWrittenWithTimeout(b *testing.B) {
	benchOpenAIByHand(b, time.Minute)
}

func benchOpenAIByHand(b *testing.B, timeout time.Duration) {
	srv := vendorBenchServer(b, "Bearer "+openaiKey, openaiModel)
	hc := &http.Client{}
	ctx := context.Background()
	header := map[string]string{"Authorization": "Bearer " + openaiKey}
	b.ReportAllocs()
	for b.Loop() {
		var m openai.Model
		if err := handWrittenGet(ctx, hc, srv.URL+"/models/gpt-4o-mini", header, timeout, &m); err != nil || m.ID != "gpt-4o-mini" {
			b.Fatal(m.ID, err)
		}
	}
}

// handWrittenGet is a GET as one writes it by hand: the headers, a
// deadline when timeout is set, a status check, a streamed decode.
func handWrittenGet(ctx context.Context, hc *http.Client, url string, header map[string]string, timeout time.Duration, out any) error {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return err
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "hand-written")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s", resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// BenchmarkStripeCreateCustomerGenerated is PostCustomers: a form body
// encoded from the request struct, the customer decoded.
func BenchmarkStripeCreateCustomerGenerated(b *testing.B) {
	srv := vendorBenchServer(b, "Bearer "+stripeBenchKey, stripeCustomer)
	c, err := stripe.New(stripe.WithBaseURL(srv.URL), stripe.WithBearerAuth(stripeBenchKey))
	if err != nil {
		b.Fatal(err)
	}
	ctx := context.Background()
	email, name, description, balance := "jennyrosen@example.com", "Jenny Rosen", "Our first customer", int64(-250)
	b.ReportAllocs()
	for b.Loop() {
		cust, err := c.PostCustomers(ctx, &stripe.PostCustomersParams{Body: &stripe.PostCustomersRequest{
			Email: &email, Name: &name, Description: &description, Balance: &balance,
			PreferredLocales: []string{"en", "fr"}, Expand: []string{"tax"},
		}})
		if err != nil || cust.ID != "cus_NffrFeUfNV2Hib" {
			b.Fatal(cust, err)
		}
	}
}

// BenchmarkStripeCreateCustomerHandWritten is the same call by hand: the
// form built field by field with url.Values, as Stripe's docs show it.
func BenchmarkStripeCreateCustomerHandWritten(b *testing.B) {
	benchStripeCreateByHand(b, 0)
}

// BenchmarkStripeCreateCustomerHandWrittenWithTimeout bounds the call as
// the generated client bounds each attempt.
func BenchmarkStripeCreateCustomerHandWrittenWithTimeout(b *testing.B) {
	benchStripeCreateByHand(b, time.Minute)
}

func benchStripeCreateByHand(b *testing.B, timeout time.Duration) {
	srv := vendorBenchServer(b, "Bearer "+stripeBenchKey, stripeCustomer)
	hc := &http.Client{}
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		form := url.Values{}
		form.Set("email", "jennyrosen@example.com")
		form.Set("name", "Jenny Rosen")
		form.Set("description", "Our first customer")
		form.Set("balance", strconv.FormatInt(-250, 10))
		form.Set("preferred_locales[0]", "en")
		form.Set("preferred_locales[1]", "fr")
		form.Set("expand[0]", "tax")
		var cust stripe.Customer
		if err := handWrittenPostForm(ctx, hc, srv.URL+"/v1/customers", timeout, form, &cust); err != nil || cust.ID != "cus_NffrFeUfNV2Hib" {
			b.Fatal(cust.ID, err)
		}
	}
}

func handWrittenPostForm(ctx context.Context, hc *http.Client, target string, timeout time.Duration, form url.Values, out any) error {
	if timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, target, strings.NewReader(form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+stripeBenchKey)
	req.Header.Set("Stripe-Version", "2023-08-16")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "hand-written")
	resp, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s", resp.Status)
	}
	return json.NewDecoder(resp.Body).Decode(out)
}

// cannedTransport answers every request with the same 200 and JSON body,
// without a network: what is left of a call is the client's own work.
type cannedTransport struct{ body []byte }

func (t cannedTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	return &http.Response{
		StatusCode: http.StatusOK,
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       io.NopCloser(bytes.NewReader(t.body)),
		Request:    r,
	}, nil
}

// BenchmarkStripeRetrieveCustomerClientSideGenerated is the generated
// retrieve without the network (a transport that answers at once): the
// client's own work, which the loopback benchmarks mix with the server's
// and the kernel's.
func BenchmarkStripeRetrieveCustomerClientSideGenerated(b *testing.B) {
	hc := &http.Client{Transport: cannedTransport{[]byte(stripeCustomer)}}
	c, err := stripe.New(stripe.WithBaseURL("http://127.0.0.1"), stripe.WithBearerAuth(stripeBenchKey), stripe.WithHTTPClient(hc))
	if err != nil {
		b.Fatal(err)
	}
	benchStripeRetrieve(b, c)
}

// BenchmarkStripeRetrieveCustomerClientSideHandWrittenWithTimeout is its
// twin: the hand-written call with a deadline, on the same transport.
func BenchmarkStripeRetrieveCustomerClientSideHandWrittenWithTimeout(b *testing.B) {
	hc := &http.Client{Transport: cannedTransport{[]byte(stripeCustomer)}}
	ctx := context.Background()
	header := map[string]string{"Authorization": "Bearer " + stripeBenchKey, "Stripe-Version": "2023-08-16"}
	b.ReportAllocs()
	for b.Loop() {
		var cust stripe.Customer
		if err := handWrittenGet(ctx, hc, "http://127.0.0.1/v1/customers/cus_NffrFeUfNV2Hib", header, time.Minute, &cust); err != nil || cust.ID != "cus_NffrFeUfNV2Hib" {
			b.Fatal(cust.ID, err)
		}
	}
}

// benchStripeRetrieve is the generated retrieve's loop, with or without
// the network under c.
func benchStripeRetrieve(b *testing.B, c *stripe.Client) {
	ctx := context.Background()
	b.ReportAllocs()
	for b.Loop() {
		resp, err := c.GetCustomersCustomer(ctx, "cus_NffrFeUfNV2Hib", nil)
		if err != nil {
			b.Fatal(err)
		}
		cust, err := resp.AsCustomer()
		if err != nil || cust.ID != "cus_NffrFeUfNV2Hib" {
			b.Fatal(cust.ID, err)
		}
	}
}
