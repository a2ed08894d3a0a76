package authgenfake

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// TestSendWebhookSignsAsTheProvider: the signature a receiver computes
// itself, from the headers sent and the secret, matches: Standard
// Webhooks (whsec_ secret, id.timestamp.body, base64) and Stripe's keyed
// header (t=...,v1=..., hex).
func TestSendWebhookSignsAsTheProvider(t *testing.T) {
	key := []byte("0123456789abcdef")
	body := []byte(`{"type":"thing.created"}`)
	mac := func(content string) []byte {
		m := hmac.New(sha256.New, key)
		m.Write([]byte(content))
		return m.Sum(nil)
	}
	for _, tc := range []struct {
		name   string
		spec   authgenrt.WebhookSpec
		secret string
		check  func(h http.Header) bool
	}{
		{"standard webhooks", authgenrt.WebhookSpec{Header: "webhook-signature", Algorithm: authgenrt.WebhookHMACSHA256, Encoding: authgenrt.WebhookBase64,
			Prefix: "v1,", TimestampHeader: "webhook-timestamp", IDHeader: "webhook-id", EventHeader: "X-Event", SecretPrefix: "whsec_",
			Signed: []authgenrt.WebhookPart{{Kind: authgenrt.WebhookID}, {Kind: authgenrt.WebhookLiteral, Text: "."}, {Kind: authgenrt.WebhookTimestamp}, {Kind: authgenrt.WebhookLiteral, Text: "."}, {Kind: authgenrt.WebhookBody}}},
			"whsec_" + base64.StdEncoding.EncodeToString(key),
			func(h http.Header) bool {
				want := "v1," + base64.StdEncoding.EncodeToString(mac(h.Get("webhook-id")+"."+h.Get("webhook-timestamp")+"."+string(body)))
				return h.Get("webhook-signature") == want && h.Get("webhook-timestamp") == "1700000000" && h.Get("X-Event") == "thing.created"
			}},
		{"stripe", authgenrt.WebhookSpec{Header: "Stripe-Signature", Algorithm: authgenrt.WebhookHMACSHA256, Encoding: authgenrt.WebhookHex,
			Keyed: true, TimestampKey: "t", SignatureKey: "v1",
			Signed: []authgenrt.WebhookPart{{Kind: authgenrt.WebhookTimestamp}, {Kind: authgenrt.WebhookLiteral, Text: "."}, {Kind: authgenrt.WebhookBody}}},
			string(key),
			func(h http.Header) bool {
				return h.Get("Stripe-Signature") == "t=1700000000,v1="+hex.EncodeToString(mac("1700000000."+string(body)))
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var got http.Header
			var gotBody []byte
			receiver := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				got, gotBody = r.Header.Clone(), mustRead(r.Body)
			}))
			defer receiver.Close()
			spec := testSpec()
			spec.Webhook = &tc.spec
			s := NewServer(t, spec)
			s.SetClock(func() time.Time { return time.Unix(1_700_000_000, 0) })
			resp, err := s.SendWebhook(receiver.URL, "thing.created", body, tc.secret)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if string(gotBody) != string(body) || !tc.check(got) {
				t.Errorf("the receiver got %v %s", got, gotBody)
			}
		})
	}
}

// TestSendWebhookRefusals: no signing in the spec, a secret without its
// prefix's base64, and Ed25519 (the fake has no private key) are errors,
// not requests.
func TestSendWebhookRefusals(t *testing.T) {
	s := NewServer(t, testSpec())
	if _, err := s.SendWebhook("http://127.0.0.1:1", "e", nil, "k"); err == nil || !strings.Contains(err.Error(), "no webhook signing") {
		t.Errorf("no signing: %v", err)
	}
	spec := testSpec()
	spec.Webhook = &authgenrt.WebhookSpec{Header: "X-Sig", Algorithm: authgenrt.WebhookEd25519, SecretPrefix: "whsec_"}
	s = NewServer(t, spec)
	if _, err := s.SendWebhook("http://127.0.0.1:1", "e", nil, "whsec_!!"); err == nil || !strings.Contains(err.Error(), "base64") {
		t.Errorf("bad secret: %v", err)
	}
	if _, err := s.SendWebhook("http://127.0.0.1:1", "e", nil, "whsec_AAAA"); err == nil || !strings.Contains(err.Error(), "only HMAC") {
		t.Errorf("ed25519: %v", err)
	}
}

// TestSignedContentFormParams: Twilio signs the URL, then the form
// parameters sorted by name, each name then value.
func TestSignedContentFormParams(t *testing.T) {
	w := &authgenrt.WebhookSpec{Signed: []authgenrt.WebhookPart{{Kind: authgenrt.WebhookURL}, {Kind: authgenrt.WebhookFormParams}}}
	got := signedContent(w, "1", "id", "https://x.example/hook", []byte("To=b&From=a&Body=hi"))
	if want := "https://x.example/hookBodyhiFromaTob"; string(got) != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func mustRead(r io.Reader) []byte {
	b, _ := io.ReadAll(r)
	return b
}
