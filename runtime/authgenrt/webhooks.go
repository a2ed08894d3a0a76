//authgen:feature webhooks

package authgenrt

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

type WebhookAlgorithm int

const (
	WebhookHMACSHA256 WebhookAlgorithm = iota + 1
	WebhookHMACSHA1
	WebhookEd25519
)

type WebhookEncoding int

const (
	WebhookHex WebhookEncoding = iota + 1
	WebhookBase64
)

// WebhookPartKind is one piece of the content a provider signs.
type WebhookPartKind int

const (
	WebhookLiteral    WebhookPartKind = iota + 1
	WebhookTimestamp                  // the timestamp, as sent
	WebhookID                         // the message id header
	WebhookBody                       // the raw body
	WebhookURL                        // the full URL the provider called
	WebhookFormParams                 // the form parameters, sorted by name, name then value (Twilio)
)

type WebhookPart struct {
	Kind WebhookPartKind
	Text string // webhookLiteral
}

// WebhookSpec is how a provider signs its webhooks, as the spec declares.
type WebhookSpec struct {
	Header    string // the signature header
	Algorithm WebhookAlgorithm
	Encoding  WebhookEncoding
	// prefix comes before each signature ("sha256=", "v0=", "v1,");
	// separator splits several signatures in the header (" ").
	Prefix, Separator string
	// keyed: the header is key=value pairs (Stripe's t=...,v1=...,v1=...):
	// timestampKey names the timestamp, signatureKey the signatures.
	Keyed                      bool
	TimestampKey, SignatureKey string
	TimestampHeader            string // a header holding the timestamp
	IDHeader                   string // a header holding the message id
	Signed                     []WebhookPart
	Tolerance                  time.Duration // 0: no timestamp check
	// secretPrefix: secrets look like "whsec_" + base64 of the key.
	SecretPrefix string
	SecretEnv    string
	MaxBody      int64
	// The event type: a header (X-GitHub-Event) or a JSON pointer into
	// the body (/type).
	EventHeader, EventPointer string
}

// WebhookVerifier checks and parses the webhooks the provider sends. It is
// safe for concurrent use.
type WebhookVerifier struct {
	spec *WebhookSpec
	keys []sealed // one per secret, while they rotate (sealed: see sealed)
	pubs []ed25519.PublicKey
	now  func() time.Time
	// public is SetPublicURL's address, which a URL-covering signature is
	// checked against instead of one rebuilt from the request; nil: none.
	public *url.URL
}

func NewWebhookVerifier(spec *WebhookSpec, secrets []string) (*WebhookVerifier, error) {
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
		if spec.SecretPrefix != "" {
			rest, ok := strings.CutPrefix(s, spec.SecretPrefix)
			if !ok {
				return nil, fmt.Errorf("webhook verifier: secret %d does not start with %q", i+1, spec.SecretPrefix)
			}
			decoded, err := base64.StdEncoding.DecodeString(rest)
			if err != nil {
				return nil, fmt.Errorf("webhook verifier: secret %d: the part after %q is not base64", i+1, spec.SecretPrefix)
			}
			key = decoded
		}
		if spec.Algorithm != WebhookEd25519 {
			if err := checkKeyLength(key, spec.SecretPrefix); err != nil {
				return nil, fmt.Errorf("webhook verifier: secret %d: %w", i+1, err)
			}
		}
		if spec.Algorithm == WebhookEd25519 {
			pub, err := decodeKey(s)
			if err != nil || len(pub) != ed25519.PublicKeySize {
				return nil, fmt.Errorf("webhook verifier: key %d is not a %d-byte Ed25519 public key in hex or base64", i+1, ed25519.PublicKeySize)
			}
			v.pubs = append(v.pubs, ed25519.PublicKey(pub))
			continue
		}
		v.keys = append(v.keys, seal(string(key)))
	}
	return v, nil
}

// The shortest HMAC keys a verifier accepts. A key decoded from after a
// prefix ("whsec_") is random bytes, and Standard Webhooks and Svix issue
// 24 to 64 of them; fewer than 16 is a truncated or made-up secret. A
// secret used as it is (Stripe's, Slack's, Twilio's: 32 characters or
// more; GitHub's, chosen by the user) must hold at least 8: the "whsec_"
// of an .env.example is 6, and an empty key is no key at all.
const (
	minDecodedKey = 16
	minRawKey     = 8
)

// checkKeyLength refuses a key too short to sign with, saying how long it
// is and never what it holds.
func checkKeyLength(key []byte, prefix string) error {
	switch {
	case prefix != "" && len(key) < minDecodedKey:
		return fmt.Errorf("the key after %q is %d bytes; want at least %d (is it a placeholder, or cut short?)", prefix, len(key), minDecodedKey)
	case prefix == "" && len(key) < minRawKey:
		return fmt.Errorf("%d bytes is too short to sign with; want at least %d (is it a placeholder, or cut short?)", len(key), minRawKey)
	}
	return nil
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
func (v WebhookVerifier) String() string {
	if v.spec == nil {
		return "WebhookVerifier{}"
	}
	return fmt.Sprintf("WebhookVerifier{header: %s, secrets: %d, redacted}", v.spec.Header, max(len(v.keys), len(v.pubs)))
}

// GoString never shows a secret either (%#v).
func (v WebhookVerifier) GoString() string { return v.String() }

// Format makes every verb (%d and %t too) print String, for the verifier
// and for copies of it.
func (v WebhookVerifier) Format(f fmt.State, _ rune) { _, _ = f.Write([]byte(v.String())) }

// Verify checks the signature of a webhook: header is the request's
// header, body its raw bytes, unparsed. It returns nil, an error matching
// ErrWebhookSignature, or one matching ErrWebhookTimestamp. A provider
// that signs the URL (Twilio) needs VerifyRequest.
func (v *WebhookVerifier) Verify(header http.Header, body []byte) error {
	return v.verify(header, body, "")
}

// SetPublicURL pins the address the provider calls, for a signature that
// covers the URL (Twilio's): publicURL is the scheme and host (and port)
// the provider was given, with any path in front of the one the handler
// sees (a proxy or http.StripPrefix that removes "/twilio" needs
// "https://example.com/twilio"). The request's path and query follow it.
// Without it, the URL is rebuilt from the request itself, its Host header
// and X-Forwarded-Proto included, which the sender chooses: a request
// signed for another application on the same account then verifies here.
// Call it before the verifier serves.
func (v *WebhookVerifier) SetPublicURL(publicURL string) error {
	u, err := url.Parse(publicURL)
	switch {
	case err != nil:
		return fmt.Errorf("webhook public URL: %w", err)
	case u.Scheme != "https" && u.Scheme != "http" || u.Host == "":
		return fmt.Errorf("webhook public URL %q: want an absolute http(s) URL, as the provider calls it", publicURL)
	case u.User != nil || u.RawQuery != "" || u.ForceQuery || u.Fragment != "":
		return fmt.Errorf("webhook public URL %q: want no user information, query or fragment (the request's own query follows the path)", u.Redacted())
	}
	v.public = u
	return nil
}

// VerifyRequest is Verify for a request whose signature covers its URL
// (Twilio): the URL is the one SetPublicURL pinned followed by r's path
// and query or, when none is pinned, the one rebuilt from r (scheme from
// TLS or X-Forwarded-Proto, host, path and query), which trusts the
// request's Host header.
func (v *WebhookVerifier) VerifyRequest(r *http.Request, body []byte) error {
	return v.verify(r.Header, body, v.requestURL(r))
}

func (v *WebhookVerifier) requestURL(r *http.Request) string {
	if v.public != nil {
		// Whatever the request says about where it was sent (Host,
		// X-Forwarded-*, an absolute request target) is the sender's.
		base := *v.public
		base.Path, base.RawPath = "", ""
		return base.String() + strings.TrimSuffix(v.public.EscapedPath(), "/") + r.URL.RequestURI()
	}
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

// A signature header is checked only when it is at most maxSignatureHeader
// bytes and holds at most maxSignatures signatures: anyone can send one,
// and each signature costs an Ed25519 verification (a 1 MiB header once
// cost 1.7 s of CPU). Senders send one, or two or three while a secret
// rotates (Standard Webhooks' "v1,a v1,b"; Stripe's v1= and v0=), each
// under 100 bytes.
const (
	maxSignatureHeader = 4096
	maxSignatures      = 8
)

func (v *WebhookVerifier) verify(header http.Header, body []byte, fullURL string) error {
	s := v.spec
	raw := header.Get(s.Header)
	if raw == "" {
		return fmt.Errorf("%w: no %s header", ErrWebhookSignature, s.Header)
	}
	if len(raw) > maxSignatureHeader {
		return fmt.Errorf("%w: the %s header is larger than %d bytes", ErrWebhookSignature, s.Header, maxSignatureHeader)
	}
	var timestamp string
	var candidates []string
	if s.Keyed {
		for _, part := range strings.Split(raw, ",") {
			k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
			switch {
			case !ok:
			case k == s.TimestampKey:
				timestamp = val
			case k == s.SignatureKey:
				candidates = append(candidates, val)
			}
		}
	} else {
		parts := []string{raw}
		if s.Separator != "" {
			parts = strings.Split(raw, s.Separator)
		}
		for _, p := range parts {
			if p = strings.TrimSpace(p); strings.HasPrefix(p, s.Prefix) {
				candidates = append(candidates, strings.TrimPrefix(p, s.Prefix))
			}
		}
	}
	if len(candidates) > maxSignatures {
		return fmt.Errorf("%w: the %s header holds more than %d signatures", ErrWebhookSignature, s.Header, maxSignatures)
	}
	if s.TimestampHeader != "" {
		timestamp = header.Get(s.TimestampHeader)
	}
	var sigs [][]byte
	for _, c := range candidates {
		var b []byte
		var err error
		if s.Encoding == WebhookBase64 {
			b, err = base64.StdEncoding.DecodeString(c)
		} else {
			b, err = hex.DecodeString(c)
		}
		if err == nil {
			sigs = append(sigs, b)
		}
	}
	if len(sigs) == 0 {
		return fmt.Errorf("%w: no signature in the %s header", ErrWebhookSignature, s.Header)
	}
	content, err := v.signedContent(header, body, timestamp, fullURL)
	if err != nil {
		return err
	}
	if !v.matches(content, sigs) {
		return fmt.Errorf("%w (%s)", ErrWebhookSignature, s.Header)
	}
	if s.Tolerance > 0 {
		sec, err := strconv.ParseInt(strings.TrimSpace(timestamp), 10, 64)
		if err != nil {
			return fmt.Errorf("%w: no timestamp", ErrWebhookTimestamp)
		}
		age := v.now().Sub(time.Unix(sec, 0))
		if math.Abs(float64(age)) > float64(s.Tolerance) {
			return fmt.Errorf("%w: signed %v ago, tolerance %v", ErrWebhookTimestamp, age.Round(time.Second), s.Tolerance)
		}
	}
	return nil
}

// signedContent assembles what the provider signed.
func (v *WebhookVerifier) signedContent(header http.Header, body []byte, timestamp, fullURL string) ([]byte, error) {
	var b bytes.Buffer
	for _, p := range v.spec.Signed {
		switch p.Kind {
		case WebhookLiteral:
			b.WriteString(p.Text)
		case WebhookTimestamp:
			b.WriteString(timestamp)
		case WebhookID:
			b.WriteString(header.Get(v.spec.IDHeader))
		case WebhookBody:
			b.Write(body)
		case WebhookURL:
			if fullURL == "" {
				return nil, fmt.Errorf("%w: the signature covers the URL; use VerifyRequest", ErrWebhookSignature)
			}
			b.WriteString(fullURL)
		case WebhookFormParams:
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
	if v.spec.Algorithm == WebhookEd25519 {
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
	if v.spec.Algorithm == WebhookHMACSHA1 {
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

// ParseWebhook reads a webhook request, verifies it before anything of it
// is decoded, and returns what decode makes of its type and body: a
// generated client's Parse passes its decodeWebhookEvent, which gives one of
// the spec's typed events, or an UnknownWebhookEvent for a type the spec
// does not describe.
func ParseWebhook[E any](v *WebhookVerifier, r *http.Request, decode func(eventType string, body []byte) (E, error)) (E, error) {
	var none E
	limit := v.spec.MaxBody
	if limit <= 0 {
		limit = 1 << 20
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return none, fmt.Errorf("reading the webhook body: %w", err)
	}
	if int64(len(body)) > limit {
		return none, fmt.Errorf("%w: more than %d bytes", errWebhookTooLarge, limit)
	}
	if err := v.VerifyRequest(r, body); err != nil {
		return none, err
	}
	eventType := ""
	if v.spec.EventHeader != "" {
		eventType = r.Header.Get(v.spec.EventHeader)
	} else if v.spec.EventPointer != "" && json.Valid(body) {
		eventType = scalarText(lookupPointer(body, v.spec.EventPointer))
	}
	return decode(eventType, body)
}

// WebhookHandler serves the provider's webhook calls: it verifies each request
// before decoding it, reads at most the verifier's limit, and answers 401
// to a bad signature or timestamp, 413 to a body too large, 400 to one it
// cannot decode, 500 when handle fails and 204 when it succeeds. No answer
// repeats anything of the request or the secrets.
func WebhookHandler[E any](v *WebhookVerifier, decode func(eventType string, body []byte) (E, error), handle func(ctx context.Context, event E) error) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
			return
		}
		event, err := ParseWebhook(v, r, decode)
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
