package authgenrt

import (
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/pem"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// requestSigner signs one attempt's request. It runs after every header
// is final and right before the request is sent, so a retry is signed
// again with its own time.
type requestSigner interface {
	sign(req *http.Request, body *bodySource, now time.Time) error
	// maxSkew is how far from the server's clock the vendor accepts a
	// signing time; 0: unknown.
	maxSkew() time.Duration
}

// sigV4MaxSkew is AWS's window: a request signed more than 15 minutes
// from the service's clock is refused (RequestTimeTooSkewed).
const sigV4MaxSkew = 15 * time.Minute

func (sigv4Attempt) maxSkew() time.Duration { return sigV4MaxSkew }

func (s *HMACSigner) maxSkew() time.Duration { return s.MaxSkew }

// correctClock learns the server's clock from a refusal, as AWS's SDKs do
// on RequestTimeTooSkewed: when the refusal's Date is further from the
// request's signing time than the vendor allows, the client's clock is off
// and the request could never pass, so the offset to the server's time is
// kept for every later signature and the caller signs once more. A
// refusal with the Date inside the window is the signature's own fault
// and left alone.
func (c *Client) correctClock(status int, header http.Header, signedAt time.Time) bool {
	if c.signer == nil || signedAt.IsZero() || (status != http.StatusBadRequest && status != http.StatusUnauthorized && status != http.StatusForbidden) {
		return false
	}
	window := c.signer.maxSkew()
	serverTime, err := http.ParseTime(header.Get("Date"))
	if window <= 0 || err != nil {
		return false
	}
	if d := serverTime.Sub(signedAt); d <= window && d >= -window {
		return false
	}
	if c.clockOffset == nil {
		return false
	}
	c.clockOffset.Store(int64(serverTime.Sub(c.clock.Now())))
	return true
}

// signingTime is the client's time corrected by what correctClock learned.
func (c *Client) signingTime() time.Time {
	now := c.clock.Now()
	if c.clockOffset != nil {
		now = now.Add(time.Duration(c.clockOffset.Load()))
	}
	return now
}

// WithSigV4 signs every request with AWS Signature Version 4. S3 selects
// S3's variant (see SigV4Signer.S3). The secret and the session token are
// kept sealed, as every other credential.
func WithSigV4(accessKeyID, secretAccessKey, sessionToken, region, service string, s3 bool) Option {
	return func(s *Settings) error {
		signer := &SigV4Signer{
			Credentials: NewSigV4Credentials(accessKeyID, secretAccessKey, sessionToken),
			Region:      region,
			Service:     service,
			S3:          s3,
		}
		if err := signer.validate(); err != nil {
			return errors.New("WithSigV4: " + err.Error())
		}
		s.signer = sigv4Attempt{s: signer}
		return nil
	}
}

// sigv4Attempt signs with the hash of the body's bytes, or, for a body
// the caller streams, which is never read twice to be hashed: with
// chunked (the spec's streamedBody: aws-chunked) and a known length (a
// file, anything that seeks), aws-chunked, each chunk signed as it is
// read; else UNSIGNED-PAYLOAD. S3 needs X-Amz-Decoded-Content-Length on
// every chunked upload, so a stream of unknown length goes unsigned.
type sigv4Attempt struct {
	s       *SigV4Signer
	chunked bool
}

func (a sigv4Attempt) sign(req *http.Request, body *bodySource, now time.Time) error {
	if a.chunked && body != nil && body.reader != nil && body.length >= 0 && req.Body != nil && req.Body != http.NoBody {
		return a.s.SignChunked(req, body.length, 0, now)
	}
	return a.s.Sign(req, payloadHash(body), now)
}

func payloadHash(body *bodySource) string {
	switch {
	case body == nil:
		return EmptyPayloadHash
	case body.reader != nil:
		return UnsignedPayload
	}
	sum := sha256.Sum256(body.data)
	return hex.EncodeToString(sum[:])
}

// HMACSigner signs a request with an HMAC of a text made from the request
// by Template: {method}, {path} (as sent), {query} (as sent, with the
// timestamp, nonce and key ID already in it when they go in the query),
// {timestamp}, {nonce}, {body} and {body-sha256} (hex). The signature and
// its inputs go in headers or query parameters, as the vendor says.
type HMACSigner struct {
	KeyID  string
	secret sealed
	// Template is what is signed; a literal newline stays a newline.
	Template string
	// SHA512 selects HMAC-SHA512; HMAC-SHA256 otherwise.
	SHA512 bool
	// Ed25519 signs with the Ed25519 private key the secret holds in PEM
	// (PKCS #8) instead of an HMAC (Binance's Ed25519 API keys).
	Ed25519 bool
	// Base64 encodes the signature in standard base64; hex otherwise.
	Base64 bool
	// Signature, Timestamp, Nonce and KeyIDAt say where each goes; an
	// empty Name leaves it out.
	Signature, Timestamp, Nonce, KeyIDAt Placement
	// TimestampFormat: "unix" (seconds, the default), "unix-ms" or "rfc3339".
	TimestampFormat string
	// MaxSkew is how far from the server's clock the vendor accepts the
	// timestamp (SigningSpec.ClockSkew); 0: the spec does not say.
	MaxSkew time.Duration
	// newNonce makes a nonce; crypto/rand when nil.
	newNonce func() string
}

// Placement is where one signing value goes: In is "header" or "query".
type Placement struct{ In, Name string }

// NewHMACSigner seals secret; the other fields are set by the caller.
func NewHMACSigner(keyID, secret string) *HMACSigner {
	return &HMACSigner{KeyID: keyID, secret: seal(secret)}
}

// String never shows the secret.
func (s *HMACSigner) String() string { return "HMACSigner{KeyID: " + s.KeyID + ", secret: [REDACTED]}" }

// GoString keeps %#v as quiet as %v.
func (s *HMACSigner) GoString() string { return s.String() }

// WithHMACSigning signs every request with s.
func WithHMACSigning(s *HMACSigner) Option {
	return func(st *Settings) error {
		if s == nil || s.secret.reveal() == "" {
			return errors.New("WithHMACSigning: no secret")
		}
		if s.Template == "" || s.Signature.Name == "" {
			return errors.New("WithHMACSigning: no template or no place for the signature")
		}
		st.signer = s
		return nil
	}
}

func (s *HMACSigner) sign(req *http.Request, body *bodySource, now time.Time) error {
	var data []byte
	if body != nil && body.reader != nil && (strings.Contains(s.Template, "{body}") || strings.Contains(s.Template, "{body-sha256}")) {
		return errors.New("hmac: the template signs the body, and a streamed body is not read twice")
	}
	if body != nil {
		data = body.data
	}
	return s.Sign(req, data, now)
}

// Sign adds the signature and its inputs to req, whose body is body.
func (s *HMACSigner) Sign(req *http.Request, body []byte, now time.Time) error {
	ts := s.timestamp(now)
	var nonce string
	if strings.Contains(s.Template, "{nonce}") || s.Nonce.Name != "" {
		nonce = s.nonce()
	}
	u := *req.URL // attempts share the target: each gets its own
	req.URL = &u
	s.place(req, s.Timestamp, ts)
	s.place(req, s.Nonce, nonce)
	s.place(req, s.KeyIDAt, s.KeyID)
	sig, err := s.signatureOf(req.Method, req.URL.EscapedPath(), req.URL.RawQuery, ts, nonce, body)
	if err != nil {
		return err
	}
	s.place(req, s.Signature, sig)
	return nil
}

// signatureOf is the encoded HMAC of the template filled in with these
// values: what Sign sends and what Verify expects.
func (s *HMACSigner) signatureOf(method, path, query, ts, nonce string, body []byte) (string, error) {
	sum := sha256.Sum256(body)
	text := strings.NewReplacer(
		"{method}", method,
		"{path}", path,
		"{query}", query,
		"{timestamp}", ts,
		"{nonce}", nonce,
		"{body-sha256}", hex.EncodeToString(sum[:]),
		"{body}", string(body),
	).Replace(s.Template)
	var sig []byte
	if s.Ed25519 {
		key, err := parseEd25519Key(s.secret.reveal())
		if err != nil {
			return "", err
		}
		sig = ed25519.Sign(key, []byte(text)) // deterministic: Verify signs again and compares
	} else {
		h := sha256.New
		if s.SHA512 {
			h = sha512.New
		}
		m := hmac.New(h, []byte(s.secret.reveal()))
		m.Write([]byte(text))
		sig = m.Sum(nil)
	}
	if s.Base64 {
		return base64.StdEncoding.EncodeToString(sig), nil
	}
	return hex.EncodeToString(sig), nil
}

// parseEd25519Key reads the secret of an Ed25519 signer: the private key
// in PEM ("-----BEGIN PRIVATE KEY-----", PKCS #8), as Binance has one made
// with openssl genpkey -algorithm ed25519. The error never quotes it.
func parseEd25519Key(secret string) (ed25519.PrivateKey, error) {
	block, _ := pem.Decode([]byte(secret))
	if block == nil {
		return nil, errors.New("ed25519: the secret is not a PEM private key (-----BEGIN PRIVATE KEY-----)")
	}
	key, err := x509.ParsePKCS8PrivateKey(block.Bytes)
	if err != nil {
		return nil, errors.New("ed25519: the secret is not a PKCS #8 private key")
	}
	priv, ok := key.(ed25519.PrivateKey)
	if !ok {
		return nil, errors.New("ed25519: the secret is a private key of another algorithm")
	}
	return priv, nil
}

func (s *HMACSigner) timestamp(now time.Time) string {
	switch s.TimestampFormat {
	case "unix-ms":
		return strconv.FormatInt(now.UnixMilli(), 10)
	case "rfc3339":
		return now.UTC().Format("2006-01-02T15:04:05.000Z")
	}
	return strconv.FormatInt(now.Unix(), 10)
}

func (s *HMACSigner) nonce() string {
	if s.newNonce != nil {
		return s.newNonce()
	}
	var b [16]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails (Go 1.24)
	return hex.EncodeToString(b[:])
}

// place puts value where p says; a query parameter is appended, so the
// query signed is the query sent.
func (s *HMACSigner) place(req *http.Request, p Placement, value string) {
	if p.Name == "" {
		return
	}
	if p.In == "query" {
		if req.URL.RawQuery != "" {
			req.URL.RawQuery += "&"
		}
		req.URL.RawQuery += url.QueryEscape(p.Name) + "=" + url.QueryEscape(value)
		return
	}
	req.Header.Set(p.Name, value)
}

// SigningSpec is how a generated client signs its requests (the spec's
// x-authgen.signing): SigV4 or HMAC, and the variables NewFromEnv reads.
type SigningSpec struct {
	// SigV4: AWS Signature Version 4 for Service; Region is the default
	// when neither WithSigningRegion nor RegionEnv gives one.
	SigV4           bool
	Service, Region string
	S3              bool
	// AWSChunked (SigV4) sends a streamed body of known length aws-chunked,
	// each chunk signed (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), instead of
	// UNSIGNED-PAYLOAD.
	AWSChunked bool
	// HMAC: the template and places (HMACSigner's fields).
	HMAC *HMACSpec
	// JWT: a token per request (JWTSigner).
	JWT                                             *JWTSpec
	KeyIDEnv, SecretEnv, SessionTokenEnv, RegionEnv string
	// ClockSkew is how far from the server's clock the vendor lets a
	// request's timestamp be (HMAC; SigV4 is AWS's 15 minutes); 0: the
	// spec does not say.
	ClockSkew time.Duration
}

// JWTSpec is a JWTSigner without its key.
type JWTSpec struct {
	Issuer string
}

// HMACSpec is an HMACSigner without its key.
type HMACSpec struct {
	Template                             string
	SHA512, Base64, Ed25519              bool
	TimestampFormat                      string
	Signature, Timestamp, Nonce, KeyIDAt Placement
}

// signingKeys are WithSigningKeys' values, until New builds the signer.
type signingKeys struct {
	keyID         string
	secret, token sealed
	region        string
}

// WithSigningKeys gives the key ID and secret (for SigV4: the access key
// ID, the secret access key and an optional session token) that a client
// whose spec declares signing signs with.
func WithSigningKeys(keyID, secret, sessionToken string) Option {
	return func(s *Settings) error {
		if keyID == "" || secret == "" {
			return errors.New("WithSigningKeys: empty key ID or secret")
		}
		s.signingKeys.keyID, s.signingKeys.secret, s.signingKeys.token = keyID, seal(secret), seal(sessionToken)
		return nil
	}
}

// WithSigningRegion replaces the SigV4 region the spec (or AWS_REGION) gives.
func WithSigningRegion(region string) Option {
	return func(s *Settings) error {
		if region == "" {
			return errors.New("WithSigningRegion: empty region")
		}
		s.signingKeys.region = region
		return nil
	}
}

// resolveSigner builds the signer the spec declares, from the options and
// then, for NewFromEnv, the environment. A signer given directly (WithSigV4,
// WithHMACSigning) is kept.
func (s *Settings) resolveSigner(spec *ProviderSpec, lookupEnv func(string) (string, bool)) error {
	sg := spec.Signing
	k := &s.signingKeys
	if sg == nil {
		if k.keyID != "" || k.region != "" {
			return errors.New("WithSigningKeys, WithSigningRegion: this provider does not sign its requests")
		}
		return nil
	}
	if s.signer != nil {
		return nil
	}
	env := func(name string) string {
		if lookupEnv == nil || name == "" {
			return ""
		}
		v, _ := lookupEnv(name)
		return strings.TrimSpace(v)
	}
	if k.keyID == "" {
		id, secret := env(sg.KeyIDEnv), env(sg.SecretEnv)
		if id == "" || secret == "" {
			return fmt.Errorf("no signing credentials: give WithSigning, or set %s and %s for NewFromEnv", sg.KeyIDEnv, sg.SecretEnv)
		}
		k.keyID, k.secret, k.token = id, seal(secret), seal(env(sg.SessionTokenEnv))
	}
	if j := sg.JWT; j != nil {
		signer, err := NewJWTSigner(k.keyID, k.secret.reveal())
		if err != nil {
			return fmt.Errorf("signing: %w", err)
		}
		signer.Issuer = j.Issuer
		s.signer = signer
		return nil
	}
	if !sg.SigV4 {
		h := sg.HMAC
		if h == nil {
			return errors.New("signing: the spec names neither SigV4 nor HMAC")
		}
		if h.Ed25519 {
			if _, err := parseEd25519Key(k.secret.reveal()); err != nil {
				return fmt.Errorf("signing: %w", err)
			}
		}
		s.signer = &HMACSigner{KeyID: k.keyID, secret: k.secret, Template: h.Template, SHA512: h.SHA512, Base64: h.Base64, Ed25519: h.Ed25519,
			TimestampFormat: h.TimestampFormat, Signature: h.Signature, Timestamp: h.Timestamp, Nonce: h.Nonce, KeyIDAt: h.KeyIDAt, MaxSkew: sg.ClockSkew}
		return nil
	}
	region := k.region
	if region == "" {
		region = env(sg.RegionEnv)
	}
	if region == "" {
		region = sg.Region
	}
	signer := &SigV4Signer{Credentials: SigV4Credentials{AccessKeyID: k.keyID, secret: k.secret, sessionToken: k.token}, Region: region, Service: sg.Service, S3: sg.S3}
	if err := signer.validate(); err != nil {
		if region == "" {
			return fmt.Errorf("%w: give WithSigningRegion or set %s", err, sg.RegionEnv)
		}
		return err
	}
	s.signer = sigv4Attempt{s: signer, chunked: sg.AWSChunked}
	return nil
}

// keepSigningSecrets tells the redactor the signer's secrets: the session
// token goes on the wire and a server may echo it; the secret never does,
// but is kept out of every message all the same.
func keepSigningSecrets(r *redactor, s requestSigner) {
	switch s := s.(type) {
	case sigv4Attempt:
		r.keep(s.s.Credentials.secret.reveal())
		r.keep(s.s.Credentials.sessionToken.reveal())
	case *HMACSigner:
		r.keep(s.secret.reveal())
	default:
		return
	}
	r.respell()
}

// signedBodyKey keys an attempt's body in its request's context, for
// resignRedirect.
type signedBodyKey struct{}

// resignRedirect signs a redirected request again: net/http sends it with
// the first request's headers, whose signature covers another path (and,
// for SigV4, another time), so the server would refuse it. A hop on the
// base URL's origin is signed for its own URL, over the body when it keeps
// one (307, 308) and over none when it became a GET; a hop to another
// origin loses the signature and what goes with it, the session token
// first, as every other credential.
func (c *Client) resignRedirect(req *http.Request, sameOrigin bool) error {
	if !sameOrigin {
		req.Header.Del("Authorization")
		req.Header.Del("X-Amz-Security-Token")
		req.Header.Del("X-Amz-Date")
		req.Header.Del("X-Amz-Content-Sha256")
		if h, ok := c.signer.(*HMACSigner); ok {
			for _, p := range []Placement{h.Signature, h.Timestamp, h.Nonce, h.KeyIDAt} {
				if p.Name != "" && p.In == "header" {
					req.Header.Del(p.Name)
				}
			}
		}
		return nil
	}
	var body *bodySource
	if req.Body != nil && req.Body != http.NoBody {
		body, _ = req.Context().Value(signedBodyKey{}).(*bodySource)
	}
	if err := c.signRequest(req, body, c.signingTime()); err != nil {
		return fmt.Errorf("signing the redirect to %s: %w", c.redactor.URL(req.URL), err)
	}
	return nil
}

// signRequest signs req with the client's signer. A signer that sends a
// bearer token of its own (a JWT a request) makes a credential each time:
// the redactor learns it, so a server that echoes it shows it nowhere.
func (c *Client) signRequest(req *http.Request, body *bodySource, now time.Time) error {
	if err := c.signer.sign(req, body, now); err != nil {
		return err
	}
	if _, ok := c.signer.(*JWTSigner); ok {
		if token, found := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer "); found {
			c.redactor.remember(token)
		}
	}
	return nil
}
