package e2e

// The generated fake providers, used as a consumer's tests would.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/authgen/authgen/generated/github/githubfake"
	"github.com/authgen/authgen/generated/jobhive"
	"github.com/authgen/authgen/generated/jobhive/jobhivefake"
	"github.com/authgen/authgen/generated/jobo"
	"github.com/authgen/authgen/generated/jobo/jobofake"
	"github.com/authgen/authgen/generated/slack"
	"github.com/authgen/authgen/generated/slack/slackfake"
	"github.com/authgen/authgen/generated/stripe"
	"github.com/authgen/authgen/generated/stripe/stripefake"
	"github.com/authgen/authgen/internal/e2e/clients/authkinds"
	"github.com/authgen/authgen/internal/e2e/clients/authkinds/authkindsfake"
	"github.com/authgen/authgen/internal/e2e/clients/models"
	"github.com/authgen/authgen/internal/e2e/clients/models/modelsfake"
)

func TestFakeAnswersWithTypedHandlers(t *testing.T) {
	fake := jobhivefake.NewServer(t)
	fake.OnGetAccountProfile(func(ctx context.Context) (*jobhive.AccountProfile, error) {
		return &jobhive.AccountProfile{CompanyName: "Acme", Plan: "growth"}, nil
	})
	c := fake.Client()
	profile, err := c.GetAccountProfile(context.Background())
	if err != nil || profile.CompanyName != "Acme" {
		t.Fatalf("profile %+v, %v", profile, err)
	}
	// No handler: 501 naming the operation.
	_, err = c.ListInterviews(context.Background())
	var apiErr *jobhive.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 501 || !strings.Contains(apiErr.Message, "listInterviews") {
		t.Errorf("no handler: %v", err)
	}
	// The vendor's envelope and sentinel from Error.
	fake.OnListInterviews(func(ctx context.Context) (*jobhive.ListInterviewsResponse, error) {
		return nil, jobhivefake.Error(401, "API_KEY_EXPIRED", "The API key has expired.")
	})
	if _, err := c.ListInterviews(context.Background()); !errors.Is(err, jobhive.ErrAPIKeyExpired) {
		t.Errorf("Error(401, API_KEY_EXPIRED): %v", err)
	}
	// The requests, credentials redacted.
	reqs := fake.Requests()
	if len(reqs) != 3 || reqs[0].Operation != "getAccountProfile" || reqs[0].Header.Get("Authorization") != "[redacted]" {
		t.Errorf("requests %+v", reqs)
	}
}

func TestFakeEnforcesSecurity(t *testing.T) {
	fake := jobofake.NewServer(t)
	fake.OnGetCompany(func(ctx context.Context, id string) (*jobo.GetCompanyResponse, error) {
		return &jobo.GetCompanyResponse{"id": id}, nil
	})
	// The public operation needs no credential.
	anon, err := jobo.New(jobo.WithBaseURL(fake.URL()))
	if err != nil {
		t.Fatal(err)
	}
	got, err := anon.GetCompany(context.Background(), "acme/inc")
	if err != nil || (*got)["id"] != "acme/inc" {
		t.Fatalf("public: %v, %v", got, err)
	}
	// A wrong key gets the vendor's 401, with its own code.
	hive := jobhivefake.NewServer(t)
	hive.OnGetAccountProfile(func(ctx context.Context) (*jobhive.AccountProfile, error) { return &jobhive.AccountProfile{}, nil })
	wrong, err := jobhive.New(jobhive.WithBaseURL(hive.URL()), jobhive.WithAPIKey("jh_live_not_the_fakes_key_000000"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := wrong.GetAccountProfile(context.Background()); !errors.Is(err, jobhive.ErrUnauthorized) || !errors.Is(err, jobhive.ErrInvalidAPIKey) {
		t.Errorf("wrong key: %v", err)
	}
}

func TestFakeRateLimitAndFaults(t *testing.T) {
	fake := jobhivefake.NewServer(t)
	now := time.Unix(1800000000, 0)
	fake.SetClock(func() time.Time { return now })
	fake.OnGetAccountProfile(func(ctx context.Context) (*jobhive.AccountProfile, error) {
		return &jobhive.AccountProfile{CompanyName: "Acme"}, nil
	})
	fake.RateLimit(2, time.Minute)
	c := fake.Client(jobhive.WithMaxRetries(0))
	var resp jobhive.Response
	for i := 0; i < 2; i++ {
		if _, err := c.GetAccountProfile(context.Background(), jobhive.WithResponseInto(&resp)); err != nil {
			t.Fatalf("call %d: %v", i+1, err)
		}
	}
	if resp.RateLimit.Limit != 2 || resp.RateLimit.Remaining != 0 {
		t.Errorf("rate-limit headers %+v", resp.RateLimit)
	}
	_, err := c.GetAccountProfile(context.Background())
	var apiErr *jobhive.APIError
	if !errors.Is(err, jobhive.ErrRateLimited) || !errors.As(err, &apiErr) || apiErr.RetryAfter != time.Minute {
		t.Errorf("third call: %v (%+v)", err, apiErr)
	}
	// The window ends on the fake's clock: no test sleeps.
	now = now.Add(time.Minute)
	if _, err := c.GetAccountProfile(context.Background()); err != nil {
		t.Errorf("next window: %v", err)
	}
	// Faults for the n-th call: a 503, then a dropped connection.
	fake.RateLimit(0, 0)
	fake.Fail("getAccountProfile", 5, jobhivefake.Fault{Status: 503})
	fake.Fail("getAccountProfile", 6, jobhivefake.Fault{Drop: true})
	if _, err := c.GetAccountProfile(context.Background()); !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
		t.Errorf("fault 503: %v", err)
	}
	if _, err := c.GetAccountProfile(context.Background()); err == nil {
		t.Error("a dropped connection was a success")
	}
	if _, err := c.GetAccountProfile(context.Background()); err != nil {
		t.Errorf("after the faults: %v", err)
	}
}

// A consumer's test of code that meets the vendor's rate limit: the
// client waits out each window, as it would in production, but on the
// fake's clock, so twenty calls through a limit of 2 a minute take ten
// minutes of the fake's time and no real wait. Before the fake's clients
// kept its clock, this test slept for ten real minutes.
func TestFakeRateLimitIsWaitedOutOnTheFakesClock(t *testing.T) {
	fake := jobhivefake.NewServer(t)
	fake.OnGetAccountProfile(func(ctx context.Context) (*jobhive.AccountProfile, error) {
		return &jobhive.AccountProfile{CompanyName: "Acme"}, nil
	})
	fake.RateLimit(2, time.Minute)
	c := fake.Client(jobhive.WithMaxRetries(3))
	start := fake.Clock().Now()
	done := make(chan error, 1)
	go func() {
		for i := range 20 {
			if _, err := c.GetAccountProfile(context.Background()); err != nil {
				done <- fmt.Errorf("call %d: %w", i+1, err)
				return
			}
		}
		done <- nil
	}()
	select {
	case err := <-done:
		if err != nil {
			t.Fatal(err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the calls are waiting out the rate limit in real time")
	}
	// Nine windows were waited out: 20 calls, 2 a minute.
	if waited := fake.Clock().Now().Sub(start); waited < 9*time.Minute || waited > 10*time.Minute {
		t.Errorf("the fake's clock moved %v; want the nine windows waited out (9-10 min)", waited)
	}
	if n := len(fake.Requests()); n != 29 {
		t.Errorf("%d requests; want 29 (20 answered, 9 rate-limited)", n)
	}
	// A context's deadline still counts: with 10 s left, the client does
	// not wait for the next window, on the fake's clock either.
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	fake.RateLimit(1, time.Minute)
	if _, err := c.GetAccountProfile(ctx); err != nil {
		t.Fatal(err)
	}
	var apiErr *jobhive.APIError
	if _, err := c.GetAccountProfile(ctx); !errors.Is(err, jobhive.ErrRateLimited) || !errors.As(err, &apiErr) || apiErr.Attempts != 1 {
		t.Errorf("with 10s left and a minute to wait: %v; want the 429 at once", err)
	}
}

func TestFakeParamsAndVendorShapes(t *testing.T) {
	// Stripe: the path argument reaches the handler;
	// errors come back in Stripe's envelope with the typed fields.
	fake := stripefake.NewServer(t)
	fake.OnGetCustomersCustomer(func(ctx context.Context, customer string, params *stripe.GetCustomersCustomerParams) (*stripe.GetCustomersCustomerResponse, error) {
		if customer != "cus_404" {
			t.Errorf("path argument %q", customer)
		}
		return nil, stripefake.Error(404, "resource_missing", "No such customer: 'cus_404'")
	})
	_, err := fake.Client().GetCustomersCustomer(context.Background(), "cus_404", nil)
	var apiErr *stripe.APIError
	if !errors.Is(err, stripe.ErrResourceMissing) || !errors.As(err, &apiErr) || apiErr.Message != "No such customer: 'cus_404'" {
		t.Errorf("stripe: %v", err)
	}
	// Slack: an error is ok:false in a 200, as Slack sends it.
	sf := slackfake.NewServer(t)
	sf.OnAuthTest(func(ctx context.Context) (*slack.AuthTestResponse, error) {
		return nil, slackfake.Error(http.StatusOK, "invalid_auth", "")
	})
	if _, err := sf.Client().AuthTest(context.Background()); !errors.Is(err, slack.ErrInvalidAuth) {
		t.Errorf("slack: %v", err)
	}
	// A required parameter missing: 400 naming it.
	sf.OnUsersInfo(func(ctx context.Context, params *slack.UsersInfoParams) (*slack.UsersInfoResponse, error) {
		return &slack.UsersInfoResponse{Ok: true}, nil
	})
	var out map[string]any
	err = sf.Client().Do(context.Background(), "GET", "/users.info", nil, &out)
	if !errors.Is(err, slack.ErrBadRequest) {
		t.Errorf("missing ?user: %v", err)
	}
	if _, err := sf.Client().UsersInfo(context.Background(), &slack.UsersInfoParams{User: "W1"}); err != nil {
		t.Errorf("with ?user: %v", err)
	}
}

// TestFakeDecodesFormAndMultipartBodies: the handler sees the body the
// client sent, whatever its media type: Stripe's form encoding with nested
// keys and lists (a name that reads as a number stays a string, a balance
// that is a number is one, a union keeps its text), and a multipart upload
// with a file, a repeated field and a JSON part.
func TestFakeDecodesFormAndMultipartBodies(t *testing.T) {
	fake := stripefake.NewServer(t)
	var got *stripe.PostCustomersRequest
	fake.OnPostCustomers(func(ctx context.Context, params *stripe.PostCustomersParams) (*stripe.Customer, error) {
		got = params.Body
		return &stripe.Customer{ID: "cus_1", Object: "customer"}, nil
	})
	metadata, err := stripe.PostCustomersRequestMetadataFromStringMap(map[string]string{"order": "6735"})
	if err != nil {
		t.Fatal(err)
	}
	email, name, balance := "jenny@example.com", "123", int64(-500)
	sent := &stripe.PostCustomersRequest{Email: &email, Name: &name, Balance: &balance, Expand: []string{"tax", "sources"}, Metadata: &metadata}
	if _, err := fake.Client().PostCustomers(context.Background(), &stripe.PostCustomersParams{Body: sent}); err != nil {
		t.Fatal(err)
	}
	if got == nil || got.Email == nil || *got.Email != email || got.Name == nil || *got.Name != name || got.Balance == nil || *got.Balance != balance {
		t.Fatalf("handler got %+v, want email, name and balance as sent", got)
	}
	if diff := cmp.Diff(sent.Expand, got.Expand); diff != "" {
		t.Errorf("expand (-sent +got):\n%s", diff)
	}
	if m, err := got.Metadata.AsStringMap(); err != nil || m["order"] != "6735" {
		t.Errorf("metadata = %v, %v; want order 6735 as text", m, err)
	}

	// Inside a union the fake takes the reading the union's Value accepts:
	// Oxxo's expires_after_days is a number in its object variant.
	var intent *stripe.PostPaymentIntentsRequest
	fake.OnPostPaymentIntents(func(ctx context.Context, params *stripe.PostPaymentIntentsParams) (*stripe.PaymentIntent, error) {
		intent = &params.Body
		return &stripe.PaymentIntent{ID: "pi_1", Object: "payment_intent"}, nil
	})
	days := int64(3)
	oxxo, err := stripe.PostPaymentIntentsRequestPaymentMethodOptionsOxxoFromPaymentMethodOptionsParam(stripe.PostPaymentIntentsRequestPaymentMethodOptionsOxxoPaymentMethodOptionsParam{ExpiresAfterDays: &days})
	if err != nil {
		t.Fatal(err)
	}
	sentIntent := stripe.PostPaymentIntentsRequest{Amount: 2000, Currency: "mxn", PaymentMethodOptions: &stripe.PostPaymentIntentsRequestPaymentMethodOptions{Oxxo: &oxxo}}
	if _, err := fake.Client().PostPaymentIntents(context.Background(), &stripe.PostPaymentIntentsParams{Body: sentIntent}); err != nil {
		t.Fatal(err)
	}
	if intent == nil || intent.Amount != 2000 || intent.PaymentMethodOptions == nil || intent.PaymentMethodOptions.Oxxo == nil {
		t.Fatalf("handler got %+v", intent)
	}
	if v, err := intent.PaymentMethodOptions.Oxxo.AsPaymentMethodOptionsParam(); err != nil || v.ExpiresAfterDays == nil || *v.ExpiresAfterDays != 3 {
		t.Errorf("oxxo = %+v, %v; want expires_after_days 3", v, err)
	}

	mf := modelsfake.NewServer(t)
	var upload *models.UploadPhotoRequest
	mf.OnUploadPhoto(func(ctx context.Context, petID int64, params *models.UploadPhotoParams) error {
		upload = &params.Body
		return nil
	})
	caption, camera := "Rex at the beach", "X100"
	want := models.UploadPhotoRequest{File: []byte("\x89PNG\x00data"), Caption: &caption, Tags: []string{"dog", "beach"}, Meta: &models.UploadPhotoRequestMeta{Camera: &camera}}
	if err := mf.Client().UploadPhoto(context.Background(), 7, &models.UploadPhotoParams{Body: want}); err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(&want, upload); diff != "" {
		t.Errorf("multipart body (-sent +got):\n%s", diff)
	}
}

// TestFakePages: the fake serves a slice in each vendor's paging style,
// and the client's <Method>All walks it.
func TestFakePages(t *testing.T) {
	var items []any
	for i := 1; i <= 5; i++ {
		items = append(items, map[string]any{"id": fmt.Sprintf("cus_%d", i), "object": "customer", "created": i, "livemode": false})
	}
	fake := stripefake.NewServer(t)
	fake.Pages("GetCustomers", items, 2)
	var ids []string
	for cus, err := range fake.Client().GetCustomersAll(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, cus.ID)
	}
	if strings.Join(ids, ",") != "cus_1,cus_2,cus_3,cus_4,cus_5" {
		t.Errorf("stripe (has_more, starting_after): %v", ids)
	}

	gh := githubfake.NewServer(t)
	gh.Pages("repos/list-for-authenticated-user", []any{map[string]any{"id": 1, "name": "a"}, map[string]any{"id": 2, "name": "b"}, map[string]any{"id": 3, "name": "c"}}, 2)
	var names []string
	for repo, err := range gh.Client().ReposListForAuthenticatedUserAll(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, repo.Name)
	}
	if strings.Join(names, ",") != "a,b,c" {
		t.Errorf("github (Link header): %v", names)
	}

	sl := slackfake.NewServer(t)
	sl.Pages("conversationsList", []any{map[string]any{"id": "C1"}, map[string]any{"id": "C2"}, map[string]any{"id": "C3"}}, 1)
	var chans []string
	for ch, err := range sl.Client().ConversationsListAll(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		chans = append(chans, *ch.ID)
	}
	if strings.Join(chans, ",") != "C1,C2,C3" {
		t.Errorf("slack (cursor): %v", chans)
	}
}

// TestFakeSendsSignedWebhooks: the consumer's handler, built on the
// client's verifier, accepts what the fake sends.
func TestFakeSendsSignedWebhooks(t *testing.T) {
	v, err := stripe.NewWebhookVerifier("whsec_test")
	if err != nil {
		t.Fatal(err)
	}
	var got []stripe.WebhookEvent
	consumer := httptest.NewServer(v.Handler(func(ctx context.Context, e stripe.WebhookEvent) error {
		got = append(got, e)
		return nil
	}))
	defer consumer.Close()
	fake := stripefake.NewServer(t)
	resp, err := fake.SendWebhook(consumer.URL, "customer.created", []byte(`{"id":"evt_1","object":"event","type":"customer.created"}`), "whsec_test")
	if err != nil || resp.StatusCode != 204 {
		t.Fatalf("%v %v", resp, err)
	}
	resp.Body.Close()
	if len(got) != 1 || got[0].EventType() != "customer.created" {
		t.Errorf("events %v", got)
	}
	resp, _ = fake.SendWebhook(consumer.URL, "customer.created", []byte(`{}`), "whsec_wrong")
	if resp.StatusCode != 401 {
		t.Errorf("wrong secret: %d", resp.StatusCode)
	}
	resp.Body.Close()
}

// TestFakeServesTheOAuthTokenEndpoint: the client-credentials flow runs
// end to end against the fake, and the fake accepts the token it issued.
func TestFakeServesTheOAuthTokenEndpoint(t *testing.T) {
	fake := authkindsfake.NewServer(t)
	fake.OnWithClientCredentials(func(ctx context.Context) error { return nil })
	fake.OnWithBasic(func(ctx context.Context) error { return nil })
	fake.OnWithCookieKey(func(ctx context.Context) error { return nil })
	c := fake.Client()
	for name, call := range map[string]func(context.Context, ...authkinds.RequestOption) error{
		"client credentials": c.WithClientCredentials, "basic": c.WithBasic, "cookie": c.WithCookieKey,
	} {
		if err := call(context.Background()); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	// A client with the wrong client secret gets no token, so no call.
	wrong, err := authkinds.New(authkinds.WithBaseURL(fake.URL()), authkinds.WithClientCreds("fake-client", "wrong-secret"))
	if err != nil {
		t.Fatal(err)
	}
	if err := wrong.WithClientCredentials(context.Background()); err == nil {
		t.Error("a wrong client secret got through")
	}
}

// TestFakeOptionsAndEnv: code under test that builds its own client gets
// to the fake with Options, and one that reads the environment with Env:
// a revoked key gets JobHive's own 401 code, and every credential
// NewFromEnv reads (a key, a bearer token, a basic user and password, a
// caller's OAuth token) is one the fake accepts.
func TestFakeOptionsAndEnv(t *testing.T) {
	jf := jobhivefake.NewServer(t)
	jf.OnGetAccountProfile(func(ctx context.Context) (*jobhive.AccountProfile, error) {
		return &jobhive.AccountProfile{CompanyName: "Acme"}, nil
	})
	revoked, err := jobhive.New(append(jf.Options(), jobhive.WithAPIKey("jh_live_revoked0123456789"))...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := revoked.GetAccountProfile(context.Background()); !errors.Is(err, jobhive.ErrInvalidAPIKey) {
		t.Errorf("a revoked key: %v, want ErrInvalidAPIKey", err)
	}
	for k, v := range jf.Env() {
		t.Setenv(k, v)
	}
	fromEnv, err := jobhive.NewFromEnv(jf.Options()...)
	if err != nil {
		t.Fatal(err)
	}
	if p, err := fromEnv.GetAccountProfile(context.Background()); err != nil || p.CompanyName != "Acme" {
		t.Errorf("NewFromEnv with the fake's Env: %+v, %v", p, err)
	}

	af := authkindsfake.NewServer(t)
	ok := func(ctx context.Context) error { return nil }
	af.OnWithBasic(ok)
	af.OnWithBearer(ok)
	af.OnWithHeaderKey(ok)
	af.OnWithAuthorizationCode(ok)
	for k, v := range af.Env() {
		t.Setenv(k, v)
	}
	c, err := authkinds.NewFromEnv(af.Options()...)
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	for name, call := range map[string]func(context.Context, ...authkinds.RequestOption) error{
		"basic": c.WithBasic, "bearer": c.WithBearer, "header key": c.WithHeaderKey, "caller's OAuth token": c.WithAuthorizationCode,
	} {
		if err := call(ctx); err != nil {
			t.Errorf("%s from the fake's Env: %v", name, err)
		}
	}
}
