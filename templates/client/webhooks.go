//authgen:feature webhooks
package client

import (
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// WebhookVerifier checks and parses the webhooks the provider sends. It is
// safe for concurrent use.
type WebhookVerifier struct {
	v *authgenrt.WebhookVerifier
}

// The webhook sentinels: errors.Is(err, ErrWebhookSignature) when no
// secret signed the body, ErrWebhookTimestamp when the signed time is
// missing or too far from now (a replay).
var (
	ErrWebhookSignature = authgenrt.ErrWebhookSignature
	ErrWebhookTimestamp = authgenrt.ErrWebhookTimestamp
)

func newWebhookVerifier(spec *authgenrt.WebhookSpec, secrets []string) (*WebhookVerifier, error) {
	v, err := authgenrt.NewWebhookVerifier(spec, secrets)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", provider.Name, err)
	}
	return &WebhookVerifier{v: v}, nil
}

// Verify checks the signature of a webhook: header is the request's
// header, body its body exactly as received. It returns nil, an error
// matching ErrWebhookSignature, or one matching ErrWebhookTimestamp.
func (v *WebhookVerifier) Verify(header http.Header, body []byte) error {
	return v.v.Verify(header, body)
}

// VerifyRequest is Verify for a request whose signature covers its URL or
// form (Twilio): r is the request, body its body exactly as received. The
// URL is SetPublicURL's followed by r's path and query; without it, the
// URL is rebuilt from r, trusting its Host and X-Forwarded-Proto headers,
// which the sender chooses.
func (v *WebhookVerifier) VerifyRequest(r *http.Request, body []byte) error {
	return v.v.VerifyRequest(r, body)
}

// SetPublicURL pins the address the provider calls (the scheme and host
// it was given, and any path a proxy strips before the handler), for a
// signature that covers the URL: a request signed for another application
// then fails, whatever its Host header says. Call it before the verifier
// serves.
func (v *WebhookVerifier) SetPublicURL(publicURL string) error {
	if err := v.v.SetPublicURL(publicURL); err != nil {
		return fmt.Errorf("%s: %w", provider.Name, err)
	}
	return nil
}

// Parse reads a webhook request, verifies it before anything of it is
// decoded, and returns its event: one of the spec's typed events, or an
// *UnknownWebhookEvent for a type the spec does not describe.
func (v *WebhookVerifier) Parse(r *http.Request) (WebhookEvent, error) {
	return authgenrt.ParseWebhook(v.v, r, decodeWebhookEvent)
}

// Handler serves the provider's webhook calls: it verifies each request
// before decoding it, reads at most the verifier's limit, and answers 401
// to a bad signature or timestamp, 413 to a body too large, 400 to one it
// cannot decode, 500 when handle fails and 204 when it succeeds. No answer
// repeats anything of the request or the secrets.
func (v *WebhookVerifier) Handler(handle func(ctx context.Context, event WebhookEvent) error) http.Handler {
	return authgenrt.WebhookHandler(v.v, decodeWebhookEvent, handle)
}

// SetClock replaces the clock the timestamp tolerance is checked against,
// for tests.
func (v *WebhookVerifier) SetClock(now func() time.Time) { v.v.SetClock(now) }

// String never shows a secret.
func (v WebhookVerifier) String() string {
	if v.v == nil {
		return "WebhookVerifier{}"
	}
	return v.v.String()
}

// GoString never shows a secret either (%#v).
func (v WebhookVerifier) GoString() string { return v.String() }

// Format makes every verb (%d and %t too) print String, for the verifier
// and for copies of it.
func (v WebhookVerifier) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(v.String())) }

// WebhookEvent is one webhook the provider sent: one concrete type per
// webhook the spec describes, or *UnknownWebhookEvent.
type WebhookEvent interface {
	// EventType is the event's type as the provider sent it.
	EventType() string
	isWebhookEvent()
}

// UnknownWebhookEvent is an event of a type the spec does not describe:
// its type and raw body, for the caller to decode or ignore. It is not an
// error: providers add event types without notice.
type UnknownWebhookEvent struct {
	// Type is the event type the provider sent ("" when it sent none).
	Type string
	// Body is the verified body, as received.
	Body []byte
}

// EventType is the event's type as the provider sent it.
func (e *UnknownWebhookEvent) EventType() string { return e.Type }

func (*UnknownWebhookEvent) isWebhookEvent() {}
