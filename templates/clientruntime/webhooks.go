//authgen:feature webhooks

package clientruntime

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"io"
	"math"
	"net/http"
	"net/url"
	"sort"
	"strconv"
	"strings"
	"time"
)

// Webhooks: the provider calls back, signing each request. The verifier
// checks the signature over the exact bytes received, in constant time,
// with every secret while they rotate, before anything is parsed.

var (
	// ErrWebhookSignature: the request carries no signature that any of
	// the verifier's secrets produced over this body.
	ErrWebhookSignature = errors.New("webhook signature does not match")
	// ErrWebhookTimestamp: the signed timestamp is missing or outside the
	// tolerance; a replayed request is refused even when its signature is
	// good.
	ErrWebhookTimestamp = errors.New("webhook timestamp is missing or outside the tolerance")
	// errWebhookTooLarge: the body is larger than the verifier reads.
	errWebhookTooLarge = errors.New("webhook body too large")
)

type webhookAlgorithm int

const (
	webhookHMACSHA256 webhookAlgorithm = iota + 1
	webhookHMACSHA1
	webhookEd25519
)

type webhookEncoding int

const (
	webhookHex webhookEncoding = iota + 1
	webhookBase64
)

// webhookPartKind is one piece of the content a provider signs.
type webhookPartKind int

const (
	webhookLiteral    webhookPartKind = iota + 1
	webhookTimestamp                  // the timestamp, as sent
	webhookID                         // the message id header
	webhookBody                       // the raw body
	webhookURL                        // the full URL the provider called
	webhookFormParams                 // the form parameters, sorted by name, name then value (Twilio)
)

type webhookPart struct {
	kind webhookPartKind
	text string // webhookLiteral
}

// webhookSpec is how a provider signs its webhooks, as the spec declares.
type webhookSpec struct {
	header    string // the signature header
	algorithm webhookAlgorithm
	encoding  webhookEncoding
	// prefix comes before each signature ("sha256=", "v0=", "v1,");
	// separator splits several signatures in the header (" ").
	prefix, separator string
	// keyed: the header is key=value pairs (Stripe's t=...,v1=...,v1=...):
	// timestampKey names the timestamp, signatureKey the signatures.
	keyed                      bool
	timestampKey, signatureKey string
	timestampHeader            string // a header holding the timestamp
	idHeader                   string // a header holding the message id
	signed                     []webhookPart
	tolerance                  time.Duration // 0: no timestamp check
	// secretPrefix: secrets look like "whsec_" + base64 of the key.
	secretPrefix string
	secretEnv    string
	maxBody      int64
	// The event type: a header (X-GitHub-Event) or a JSON pointer into
	// the body (/type).
	eventHeader, eventPointer string
}

// WebhookVerifier checks and parses the webhooks the provider sends. It is
// safe for concurrent use.
type WebhookVerifier struct {
	spec *webhookSpec
	keys []secret // one per secret, while they rotate
	pubs []ed25519.PublicKey
	now  func() time.Time
}

func newWebhookVerifier(spec *webhookSpec, secrets []string) (*WebhookVerifier, error) {
	if len(secrets) == 0 {
		return nil, errors.New("webhook verifier: give at least one secret")
	}
	v := &WebhookVerifier{spec: spec, now: time.Now}
	for i, s := range secrets {
		s = strings.TrimSpace(s)
		if s == "" {
			return nil, fmt.Errorf("webhook verifier: secret %d is empty", i+1)
		}
		key := []byte(s)
		if spec.secretPrefix != "" {
			rest, ok := strings.CutPrefix(s, spec.secretPrefix)
			if !ok {
				return nil, fmt.Errorf("webhook verifier: secret %d does not start with %q", i+1, spec.secretPrefix)
			}
			decoded, err := base64.StdEncoding.DecodeString(rest)
			if err != nil {
				return nil, fmt.Errorf("webhook verifier: secret %d: the part after %q is not base64", i+1, spec.secretPrefix)
			}
			key = decoded
		}
		if spec.algorithm == webhookEd25519 {
			pub, err := decodeKey(s)
			if err != nil || len(pub) != ed25519.PublicKeySize {
				return nil, fmt.Errorf("webhook verifier: key %d is not a %d-byte Ed25519 public key in hex or base64", i+1, ed25519.PublicKeySize)
			}
			v.pubs = append(v.pubs, ed25519.PublicKey(pub))
			continue
		}
		v.keys = append(v.keys, secret(key))
	}
	return v, nil
}

func decodeKey(s string) ([]byte, error) {
	if b, err := hex.DecodeString(s); err == nil {
		return b, nil
	}
	return base64.StdEncoding.DecodeString(s)
}

// SetClock replaces the clock the timestamp tolerance is checked against,
// for tests.
func (v *WebhookVerifier) SetClock(now func() time.Time) { v.now = now }

// String never shows a secret.
func (v *WebhookVerifier) String() string {
	return fmt.Sprintf("WebhookVerifier{header: %s, secrets: %d, redacted}", v.spec.header, max(len(v.keys), len(v.pubs)))
}

// GoString never shows a secret either (%#v).
func (v *WebhookVerifier) GoString() string { return v.String() }

// Verify checks the signature of a webhook: header is the request's
// header, body its raw bytes, unparsed. It returns nil, an error matching
// ErrWebhookSignature, or one matching ErrWebhookTimestamp. A provider
// that signs the URL (Twilio) needs VerifyRequest.
func (v *WebhookVerifier) Verify(header http.Header, body []byte) error {
	return v.verify(header, body, "")
}

// VerifyRequest is Verify for a request whose signature covers its URL
// (Twilio): the URL is the one the provider called, rebuilt from r
// (scheme from TLS or X-Forwarded-Proto, host, path and query).
func (v *WebhookVerifier) VerifyRequest(r *http.Request, body []byte) error {
	return v.verify(r.Header, body, requestURL(r))
}

func requestURL(r *http.Request) string {
	if r.URL.IsAbs() {
		return r.URL.String()
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	if p := r.Header.Get("X-Forwarded-Proto"); p == "https" || p == "http" {
		scheme = p
	}
	return scheme + "://" + r.Host + r.URL.RequestURI()
}

func (v *WebhookVerifier) verify(header http.Header, body []byte, fullURL string) error {
	s := v.spec
	raw := header.Get(s.header)
	if raw == "" {
		return fmt.Errorf("%w: no %s header", ErrWebhookSignature, s.header)
	}
	var timestamp string
	var candidates []string
	if s.keyed {
		for _, part := range strings.Split(raw, ",") {
			k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
			switch {
			case !ok:
			case k == s.timestampKey:
				timestamp = val
			case k == s.signatureKey:
				candidates = append(candidates, val)
			}
		}
	} else {
		parts := []string{raw}
		if s.separator != "" {
			parts = strings.Split(raw, s.separator)
		}
		for _, p := range parts {
			if p = strings.TrimSpace(p); strings.HasPrefix(p, s.prefix) {
				candidates = append(candidates, strings.TrimPrefix(p, s.prefix))
			}
		}
	}
	if s.timestampHeader != "" {
		timestamp = header.Get(s.timestampHeader)
	}
	var sigs [][]byte
	for _, c := range candidates {
		var b []byte
		var err error
		if s.encoding == webhookBase64 {
			b, err = base64.StdEncoding.DecodeString(c)
		} else {
			b, err = hex.DecodeString(c)
		}
		if err == nil {
			sigs = append(sigs, b)
		}
	}
	if len(sigs) == 0 {
		return fmt.Errorf("%w: no signature in the %s header", ErrWebhookSignature, s.header)
	}
	content, err := v.signedContent(header, body, timestamp, fullURL)
	if err != nil {
		return err
	}
	if !v.matches(content, sigs) {
		return fmt.Errorf("%w (%s)", ErrWebhookSignature, s.header)
	}
	if s.tolerance > 0 {
		sec, err := strconv.ParseInt(strings.TrimSpace(timestamp), 10, 64)
		if err != nil {
			return fmt.Errorf("%w: no timestamp", ErrWebhookTimestamp)
		}
		age := v.now().Sub(time.Unix(sec, 0))
		if math.Abs(float64(age)) > float64(s.tolerance) {
			return fmt.Errorf("%w: signed %v ago, tolerance %v", ErrWebhookTimestamp, age.Round(time.Second), s.tolerance)
		}
	}
	return nil
}

// signedContent assembles what the provider signed.
func (v *WebhookVerifier) signedContent(header http.Header, body []byte, timestamp, fullURL string) ([]byte, error) {
	var b bytes.Buffer
	for _, p := range v.spec.signed {
		switch p.kind {
		case webhookLiteral:
			b.WriteString(p.text)
		case webhookTimestamp:
			b.WriteString(timestamp)
		case webhookID:
			b.WriteString(header.Get(v.spec.idHeader))
		case webhookBody:
			b.Write(body)
		case webhookURL:
			if fullURL == "" {
				return nil, fmt.Errorf("%w: the signature covers the URL; use VerifyRequest", ErrWebhookSignature)
			}
			b.WriteString(fullURL)
		case webhookFormParams:
			form, err := url.ParseQuery(string(body))
			if err != nil {
				return nil, fmt.Errorf("%w: the body is not a form", ErrWebhookSignature)
			}
			names := make([]string, 0, len(form))
			for name := range form {
				names = append(names, name)
			}
			sort.Strings(names)
			for _, name := range names {
				for _, value := range form[name] {
					b.WriteString(name)
					b.WriteString(value)
				}
			}
		}
	}
	return b.Bytes(), nil
}

// matches compares in constant time against every secret and signature.
func (v *WebhookVerifier) matches(content []byte, sigs [][]byte) bool {
	if v.spec.algorithm == webhookEd25519 {
		for _, pub := range v.pubs {
			for _, sig := range sigs {
				if len(sig) == ed25519.SignatureSize && ed25519.Verify(pub, content, sig) {
					return true
				}
			}
		}
		return false
	}
	newHash := sha256.New
	if v.spec.algorithm == webhookHMACSHA1 {
		newHash = func() hash.Hash { return sha1.New() }
	}
	ok := false
	for _, key := range v.keys {
		mac := hmac.New(newHash, []byte(key.reveal()))
		mac.Write(content)
		sum := mac.Sum(nil)
		for _, sig := range sigs {
			// Every comparison runs: which secret or signature matched
			// shows in no timing.
			if hmac.Equal(sum, sig) {
				ok = true
			}
		}
	}
	return ok
}

// Parse reads a webhook request, verifies it before anything of it is
// decoded, and returns its event: one of the spec's typed events, or an
// *UnknownWebhookEvent for a type the spec does not describe.
func (v *WebhookVerifier) Parse(r *http.Request) (WebhookEvent, error) {
	limit := v.spec.maxBody
	if limit <= 0 {
		limit = 1 << 20
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, fmt.Errorf("reading the webhook body: %w", err)
	}
	if int64(len(body)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", errWebhookTooLarge, limit)
	}
	if err := v.VerifyRequest(r, body); err != nil {
		return nil, err
	}
	eventType := ""
	if v.spec.eventHeader != "" {
		eventType = r.Header.Get(v.spec.eventHeader)
	} else if v.spec.eventPointer != "" && json.Valid(body) {
		eventType = scalarText(lookupPointer(body, v.spec.eventPointer))
	}
	return decodeWebhookEvent(eventType, body)
}

// Handler serves the provider's webhook calls: it verifies each request
// before decoding it, reads at most the verifier's limit, and answers 401
// to a bad signature or timestamp, 413 to a body too large, 400 to one it
// cannot decode, 500 when handle fails and 204 when it succeeds. No answer
// repeats anything of the request or the secrets.
func (v *WebhookVerifier) Handler(handle func(ctx context.Context, event WebhookEvent) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		event, err := v.Parse(r)
		switch {
		case errors.Is(err, ErrWebhookSignature), errors.Is(err, ErrWebhookTimestamp):
			http.Error(w, "invalid webhook signature", http.StatusUnauthorized)
			return
		case errors.Is(err, errWebhookTooLarge):
			http.Error(w, "webhook body too large", http.StatusRequestEntityTooLarge)
			return
		case err != nil:
			http.Error(w, "malformed webhook", http.StatusBadRequest)
			return
		}
		if err := handle(r.Context(), event); err != nil {
			http.Error(w, "webhook not processed", http.StatusInternalServerError)
			return
		}
		w.WriteHeader(http.StatusNoContent)
	})
}

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
