package authgenfake

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// signedAt is the fake's fixed time in these tests.
var signedAt = time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)

func signingSpec(sg *authgenrt.SigningSpec) *Spec {
	spec := testSpec()
	spec.Schemes, spec.Routes[0].Security = nil, nil
	for i := range spec.Routes {
		spec.Routes[i].Verb = http.MethodPost // the requests carry a body
	}
	spec.Signing, spec.SigningKeyID, spec.SigningSecret = sg, "fake-key-id", "fake-secret"
	return spec
}

// sendSigned signs a GET of path (and a body) with signer at when and
// sends it to s.
func sendSigned(t *testing.T, s *Server, path, body string, sign func(*http.Request, []byte) error, tamper func(*http.Request)) answer {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.URL()+path, strings.NewReader(body))
	if err := sign(req, []byte(body)); err != nil {
		t.Fatal(err)
	}
	if tamper != nil {
		tamper(req)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := readAll(resp)
	return answer{status: resp.StatusCode, header: resp.Header, body: string(b)}
}

// TestFakeChecksHMACSignatures: the fake accepts a request signed with its
// secret (signature in the query, after the timestamp, as Binance's), and
// refuses with the vendor's 401 code a tampered query, a wrong secret, a
// timestamp further than the spec's ClockSkew from its clock (answering
// its Date), and a request with no signature.
func TestFakeChecksHMACSignatures(t *testing.T) {
	sg := &authgenrt.SigningSpec{ClockSkew: 5 * time.Second, HMAC: &authgenrt.HMACSpec{
		Template: "{query}{body}", TimestampFormat: "unix-ms",
		Signature: authgenrt.Placement{In: "query", Name: "signature"},
		Timestamp: authgenrt.Placement{In: "query", Name: "timestamp"},
		KeyIDAt:   authgenrt.Placement{In: "header", Name: "X-MBX-APIKEY"}}}
	s := NewServer(t, signingSpec(sg))
	s.now = func() time.Time { return signedAt }
	Handle(s, "getThing", echo)
	Handle(s, "ping", func(_ context.Context, c *Call) (any, error) { return map[string]string{"ok": "yes"}, nil })
	signer := func(secret string, at time.Time) func(*http.Request, []byte) error {
		_, mac := authgenrt.NewSigner(sg, "fake-key-id", secret, "")
		return func(r *http.Request, body []byte) error { return mac.Sign(r, body, at) }
	}
	if a := sendSigned(t, s, "/ping?symbol=LTCBTC", "qty=1", signer("fake-secret", signedAt.Add(-4*time.Second)), nil); a.status != 200 {
		t.Fatalf("a good signature: %d %s", a.status, a.body)
	}
	refused := map[string]answer{
		"tampered query": sendSigned(t, s, "/ping?symbol=LTCBTC", "qty=1", signer("fake-secret", signedAt), func(r *http.Request) {
			r.URL.RawQuery = strings.Replace(r.URL.RawQuery, "LTCBTC", "ETHBTC", 1)
		}),
		"tampered body": sendSigned(t, s, "/ping", "qty=1", signer("fake-secret", signedAt), func(r *http.Request) {
			r.Body, r.ContentLength = readCloser{strings.NewReader("qty=9")}, 5
		}),
		"wrong secret": sendSigned(t, s, "/ping?symbol=LTCBTC", "", signer("other-secret", signedAt), nil),
		"stale":        sendSigned(t, s, "/ping?symbol=LTCBTC", "", signer("fake-secret", signedAt.Add(-6*time.Second)), nil),
		"unsigned":     sendSigned(t, s, "/ping?symbol=LTCBTC", "", func(*http.Request, []byte) error { return nil }, nil),
	}
	for name, a := range refused {
		if a.status != 401 || errorCode(t, a.body) != "invalid_api_key" {
			t.Errorf("%s: %d %s, want 401 with the vendor's code", name, a.status, a.body)
		}
	}
	if d := refused["stale"].header.Get("Date"); d != signedAt.Format(http.TimeFormat) {
		t.Errorf("a stale request's answer has Date %q, want the fake's time", d)
	}
}

// TestFakeChecksSigV4Signatures: an S3-signed request verifies (in the
// region its scope names); a changed header it signed, a wrong secret, a
// body that is not the one hashed and a time 16 minutes off are refused
// 403 with AWS's codes, SignatureDoesNotMatch and RequestTimeTooSkewed.
func TestFakeChecksSigV4Signatures(t *testing.T) {
	sg := &authgenrt.SigningSpec{SigV4: true, Service: "s3", Region: "us-east-1", S3: true}
	s := NewServer(t, signingSpec(sg))
	s.now = func() time.Time { return signedAt }
	Handle(s, "getThing", echo)
	signer := func(secret string, at time.Time) func(*http.Request, []byte) error {
		v4, _ := authgenrt.NewSigner(sg, "fake-key-id", secret, "eu-west-1")
		return func(r *http.Request, body []byte) error {
			r.Header.Set("X-Meta", "a  b")
			sum := sha256.Sum256(body)
			return v4.Sign(r, hex.EncodeToString(sum[:]), at)
		}
	}
	if a := sendSigned(t, s, "/things/été (1)?b=2&a=1", "x", signer("fake-secret", signedAt.Add(14*time.Minute)), nil); a.status != 200 {
		t.Fatalf("a good signature: %d %s", a.status, a.body)
	}
	for name, c := range map[string]struct {
		sign   func(*http.Request, []byte) error
		tamper func(*http.Request)
		code   string
	}{
		"signed header changed": {signer("fake-secret", signedAt), func(r *http.Request) { r.Header.Set("X-Meta", "c") }, "SignatureDoesNotMatch"},
		"wrong secret":          {signer("other", signedAt), nil, "SignatureDoesNotMatch"},
		"body not as hashed": {signer("fake-secret", signedAt), func(r *http.Request) {
			r.Body, r.ContentLength = readCloser{strings.NewReader("y")}, 1
		}, "SignatureDoesNotMatch"},
		"skewed": {signer("fake-secret", signedAt.Add(-16*time.Minute)), nil, "RequestTimeTooSkewed"},
	} {
		a := sendSigned(t, s, "/things/x", "x", c.sign, c.tamper)
		if a.status != 403 || errorCode(t, a.body) != c.code {
			t.Errorf("%s: %d %s, want 403 %s", name, a.status, a.body, c.code)
		}
	}
}

// TestFakeChecksEd25519Signatures: with an Ed25519 key (its PEM the fake's
// secret) the fake accepts the query signed with that key and refuses one
// signed with another key, with the vendor's code.
func TestFakeChecksEd25519Signatures(t *testing.T) {
	pemOf := func(seed string) string {
		der, _ := x509.MarshalPKCS8PrivateKey(ed25519.NewKeyFromSeed([]byte(seed)))
		return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
	}
	sg := &authgenrt.SigningSpec{HMAC: &authgenrt.HMACSpec{Template: "{query}{body}", Ed25519: true, Base64: true, TimestampFormat: "unix-ms",
		Signature: authgenrt.Placement{In: "query", Name: "signature"}, Timestamp: authgenrt.Placement{In: "query", Name: "timestamp"}}}
	spec := signingSpec(sg)
	spec.SigningSecret = pemOf("the fake's ed25519 key, 32 bytes")
	spec.SignatureCode, spec.SignatureStatus = "-1022", 400
	s := NewServer(t, spec)
	Handle(s, "ping", func(_ context.Context, c *Call) (any, error) { return map[string]string{"ok": "yes"}, nil })
	signer := func(secret string) func(*http.Request, []byte) error {
		_, mac := authgenrt.NewSigner(sg, "fake-key-id", secret, "")
		return func(r *http.Request, body []byte) error { return mac.Sign(r, body, time.Now()) }
	}
	if a := sendSigned(t, s, "/ping?symbol=BTCUSDT", "", signer(spec.SigningSecret), nil); a.status != 200 {
		t.Fatalf("signed with the fake's key: %d %s", a.status, a.body)
	}
	if a := sendSigned(t, s, "/ping?symbol=BTCUSDT", "", signer(pemOf("another ed25519 key of 32 bytes.")), nil); a.status != 400 || !strings.Contains(a.body, "-1022") {
		t.Errorf("signed with another key: %d %s, want 400 -1022", a.status, a.body)
	}
}

// TestFakeChecksJWTs: with a jwt spec the fake accepts a token made with
// its key for the request, and refuses with the vendor's 401 code a token
// made with another key, one whose uri names another path, and one the
// fake's clock finds expired.
func TestFakeChecksJWTs(t *testing.T) {
	keyOf := func(seed string) string {
		return base64.StdEncoding.EncodeToString(ed25519.NewKeyFromSeed([]byte(seed)))
	}
	sg := &authgenrt.SigningSpec{JWT: &authgenrt.JWTSpec{Issuer: "cdp"}}
	spec := signingSpec(sg)
	spec.SigningSecret = keyOf("the fake's ed25519 key, 32 bytes")
	s := NewServer(t, spec)
	s.now = func() time.Time { return signedAt }
	Handle(s, "ping", func(_ context.Context, c *Call) (any, error) { return map[string]string{"ok": "yes"}, nil })
	signer := func(secret string, at time.Time) func(*http.Request, []byte) error {
		js, err := authgenrt.NewJWTSigner("fake-key-id", secret)
		if err != nil {
			t.Fatal(err)
		}
		return func(r *http.Request, _ []byte) error { return js.Sign(r, at) }
	}
	if a := sendSigned(t, s, "/ping", "", signer(spec.SigningSecret, signedAt.Add(-time.Minute)), nil); a.status != 200 {
		t.Fatalf("a token of the fake's key: %d %s", a.status, a.body)
	}
	for name, a := range map[string]answer{
		"another key": sendSigned(t, s, "/ping", "", signer(keyOf("another ed25519 key of 32 bytes."), signedAt), nil),
		"another path": sendSigned(t, s, "/ping", "", signer(spec.SigningSecret, signedAt), func(r *http.Request) {
			r.URL.Path = "/v1/things/x"
		}),
		"expired": sendSigned(t, s, "/ping", "", signer(spec.SigningSecret, signedAt.Add(-3*time.Minute)), nil),
	} {
		if a.status != 401 || errorCode(t, a.body) != "invalid_api_key" {
			t.Errorf("%s: %d %s, want 401 invalid_api_key", name, a.status, a.body)
		}
	}
}
