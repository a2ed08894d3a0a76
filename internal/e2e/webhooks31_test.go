package e2e

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/authgen/authgen/internal/e2e/clients/webhooks"
)

// TestOpenAPI31WebhooksAreTypedEvents: the document's own webhooks give
// one Go type each, dispatched by the type field the spec names; a
// scheme built key by key (no preset) signs the URL too.
func TestOpenAPI31WebhooksAreTypedEvents(t *testing.T) {
	v, err := webhooks.NewWebhookVerifier("hook-secret")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Unix(1750000000, 0)
	v.SetClock(func() time.Time { return now })
	sign := func(r *http.Request, body string, ts int64) {
		mac := hmac.New(sha256.New, []byte("hook-secret"))
		fmt.Fprintf(mac, "%d:%s:%s", ts, "https://shop.example/hooks?tenant=7", body)
		r.Header.Set("X-Petstore-Timestamp", fmt.Sprint(ts))
		r.Header.Set("X-Petstore-Signature", "sha256="+base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	}
	parse := func(body string, ts int64, url string) (webhooks.WebhookEvent, error) {
		r := httptest.NewRequest(http.MethodPost, url, strings.NewReader(body))
		sign(r, body, ts)
		return v.Parse(r)
	}
	const hookURL = "https://shop.example/hooks?tenant=7"
	ev, err := parse(`{"event":"newPet","id":7,"name":"Rex"}`, now.Unix(), hookURL)
	if pet, ok := ev.(*webhooks.NewPetEvent); err != nil || !ok || pet.Payload.Name != "Rex" || pet.Payload.ID != 7 {
		t.Errorf("newPet: %#v, %v", ev, err)
	}
	ev, err = parse(`{"event":"petAdopted","pet_id":7,"adopter":"Ada"}`, now.Unix(), hookURL)
	if a, ok := ev.(*webhooks.PetAdoptedEvent); err != nil || !ok || a.Payload.Adopter != "Ada" {
		t.Errorf("petAdopted: %#v, %v", ev, err)
	}
	ev, err = parse(`{"event":"petRenamed","id":7}`, now.Unix(), hookURL)
	if u, ok := ev.(*webhooks.UnknownWebhookEvent); err != nil || !ok || u.Type != "petRenamed" {
		t.Errorf("an event the spec does not describe: %#v, %v", ev, err)
	}
	// The URL is signed: the same body at another URL is refused.
	if _, err := parse(`{"event":"newPet","id":7,"name":"Rex"}`, now.Unix(), "https://shop.example/hooks?tenant=8"); !errors.Is(err, webhooks.ErrWebhookSignature) {
		t.Errorf("another URL: %v", err)
	}
	// Its own tolerance, two minutes.
	if _, err := parse(`{"event":"newPet","id":7,"name":"Rex"}`, now.Unix()-150, hookURL); !errors.Is(err, webhooks.ErrWebhookTimestamp) {
		t.Errorf("150 s old: %v", err)
	}
	// Its own body limit, 4 KiB: refused before verifying.
	big := `{"event":"newPet","id":7,"name":"` + strings.Repeat("x", 5000) + `"}`
	if _, err := parse(big, now.Unix(), hookURL); err == nil || !strings.Contains(err.Error(), "too large") {
		t.Errorf("5 KB body: %v", err)
	}
}
