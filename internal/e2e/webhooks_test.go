package e2e

// Webhooks through the generated clients, with the examples the vendors
// publish (quoted in runtime/authgenrt/webhooks_test.go too).

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/github"
	"github.com/authgen/authgen/generated/jobhive"
	"github.com/authgen/authgen/generated/slack"
	"github.com/authgen/authgen/generated/stripe"
)

// TestJobhiveWebhooksAreStandardWebhooks: the spec's choice for what the
// docs leave open, checked with the Standard Webhooks test vector and the
// variable the docs name.
func TestJobhiveWebhooksAreStandardWebhooks(t *testing.T) {
	t.Setenv("JOBHIVE_WEBHOOK_SECRET", "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")
	v, err := jobhive.NewWebhookVerifierFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	v.SetClock(func() time.Time { return time.Unix(1614265330, 0) })
	h := http.Header{"Webhook-Id": {"msg_p5jXN8AQM9LWM0D4loKWxJek"}, "Webhook-Timestamp": {"1614265330"}, "Webhook-Signature": {"v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="}}
	if err := v.Verify(h, []byte(`{"test": 2432232314}`)); err != nil {
		t.Errorf("the Standard Webhooks vector: %v", err)
	}
	v.SetClock(func() time.Time { return time.Unix(1614265330+301, 0) })
	if err := v.Verify(h, []byte(`{"test": 2432232314}`)); !errors.Is(err, jobhive.ErrWebhookTimestamp) {
		t.Errorf("replayed 5 minutes later: %v", err)
	}
	t.Setenv("JOBHIVE_WEBHOOK_SECRET", "")
	if _, err := jobhive.NewWebhookVerifierFromEnv(); err == nil || !strings.Contains(err.Error(), "JOBHIVE_WEBHOOK_SECRET") {
		t.Errorf("unset: %v", err)
	}
}

func TestGitHubWebhook(t *testing.T) {
	v, err := github.NewWebhookVerifier("It's a Secret to Everybody")
	if err != nil {
		t.Fatal(err)
	}
	if err := v.Verify(http.Header{"X-Hub-Signature-256": {"sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17"}}, []byte("Hello, World!")); err != nil {
		t.Errorf("GitHub's example: %v", err)
	}
	body := `{"zen":"Keep it logically awesome.","hook_id":123}`
	mac := hmac.New(sha256.New, []byte("It's a Secret to Everybody"))
	mac.Write([]byte(body))
	r := httptest.NewRequest(http.MethodPost, "/github", strings.NewReader(body))
	r.Header.Set("X-Hub-Signature-256", "sha256="+hex.EncodeToString(mac.Sum(nil)))
	r.Header.Set("X-GitHub-Event", "ping")
	ev, err := v.Parse(r)
	if err != nil {
		t.Fatal(err)
	}
	ping, ok := ev.(*github.PingEvent)
	if !ok || ping.EventType() != "ping" || ping.Payload.Zen == nil || *ping.Payload.Zen != "Keep it logically awesome." {
		t.Errorf("event %#v", ev)
	}
}

func TestSlackWebhookHandler(t *testing.T) {
	v, err := slack.NewWebhookVerifier("8f742231b10e8888abcd99yyyzzz85a5")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1700000000, 0)
	v.SetClock(func() time.Time { return now })
	var got []slack.WebhookEvent
	srv := httptest.NewServer(v.Handler(func(ctx context.Context, e slack.WebhookEvent) error {
		got = append(got, e)
		return nil
	}))
	defer srv.Close()
	send := func(body string, ts int64, secret string) int {
		mac := hmac.New(sha256.New, []byte(secret))
		fmt.Fprintf(mac, "v0:%d:%s", ts, body)
		req, _ := http.NewRequest(http.MethodPost, srv.URL, strings.NewReader(body))
		req.Header.Set("X-Slack-Request-Timestamp", strconv.FormatInt(ts, 10))
		req.Header.Set("X-Slack-Signature", "v0="+hex.EncodeToString(mac.Sum(nil)))
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.StatusCode
	}
	challenge := `{"token":"Jhj5dZrVaK7ZwHHjRyZWjbDl","challenge":"3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P","type":"url_verification"}`
	if code := send(challenge, now.Unix(), "8f742231b10e8888abcd99yyyzzz85a5"); code != 204 {
		t.Errorf("signed challenge: %d", code)
	}
	if code := send(`{"type":"event_callback","event":{"type":"app_mention"}}`, now.Unix(), "8f742231b10e8888abcd99yyyzzz85a5"); code != 204 {
		t.Errorf("event_callback: %d", code)
	}
	if code := send(challenge, now.Unix(), "not-the-secret"); code != 401 {
		t.Errorf("forged: %d", code)
	}
	if code := send(challenge, now.Unix()-600, "8f742231b10e8888abcd99yyyzzz85a5"); code != 401 {
		t.Errorf("replayed: %d", code)
	}
	if len(got) != 2 {
		t.Fatalf("events %d", len(got))
	}
	if c, ok := got[0].(*slack.URLVerificationEvent); !ok || c.Payload.Challenge != "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P" {
		t.Errorf("challenge %#v", got[0])
	}
	if _, ok := got[1].(*slack.EventCallbackEvent); !ok {
		t.Errorf("callback %#v", got[1])
	}
}

func TestStripeWebhookEvents(t *testing.T) {
	v, err := stripe.NewWebhookVerifier("whsec_old", "whsec_new")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1492774577, 0)
	v.SetClock(func() time.Time { return now })
	for _, tc := range []struct {
		body string
		want string
	}{
		{`{"id":"evt_1","object":"event","type":"customer.created","created":1492774577,"livemode":false,"pending_webhooks":1,"api_version":"2023-08-16","data":{"object":{"id":"cus_1"}},"request":{"id":null,"idempotency_key":null}}`, "*stripe.CustomerCreatedEvent"},
		{`{"id":"evt_2","object":"event","type":"invoice.paid"}`, "*stripe.UnknownWebhookEvent"},
	} {
		mac := hmac.New(sha256.New, []byte("whsec_new"))
		fmt.Fprintf(mac, "%d.%s", now.Unix(), tc.body)
		r := httptest.NewRequest(http.MethodPost, "/stripe", strings.NewReader(tc.body))
		r.Header.Set("Stripe-Signature", fmt.Sprintf("t=%d,v1=%s,v0=6ffbb59b2300aae63f272406069a9788598b792a944a07aba816edb039989a39", now.Unix(), hex.EncodeToString(mac.Sum(nil))))
		ev, err := v.Parse(r)
		if err != nil {
			t.Errorf("%s: %v", tc.want, err)
			continue
		}
		if got := fmt.Sprintf("%T", ev); got != tc.want {
			t.Errorf("event %s, want %s", got, tc.want)
		}
	}
	if s := fmt.Sprintf("%v %+v %#v", v, v, v); strings.Contains(s, "whsec_") {
		t.Errorf("a formatted verifier shows a secret: %s", s)
	}
}
