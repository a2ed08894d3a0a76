package spec

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"regexp"
	"strings"
	"time"
)

// The clock skew a spec may declare: timestamps count whole seconds or
// milliseconds, vendors allow 5 s (Binance's recvWindow) to 15 minutes
// (AWS), and an hour is already a wide replay window.
const (
	minClockSkew = time.Second
	maxClockSkew = time.Hour
)

// SigningKind is how a provider's requests are signed.
type SigningKind string

const (
	// SigningSigV4 is AWS Signature Version 4.
	SigningSigV4 SigningKind = "aws-sigv4"
	// SigningHMAC is an HMAC over a template of the request.
	SigningHMAC SigningKind = "hmac"
	// SigningJWT is a JWT per request whose claims name it (Coinbase).
	SigningJWT SigningKind = "jwt"
)

// Signing is x-authgen.signing as the generator uses it: credentials that
// sign each request (runtime: authgenrt.SigV4Signer, authgenrt.HMACSigner).
type Signing struct {
	Kind SigningKind
	// Service and Region (aws-sigv4): the signing name and the default
	// region; S3 is the service s3, signed the way S3 checks.
	Service, Region string
	S3              bool
	// AWSChunked (aws-sigv4, streamedBody: aws-chunked): a body the
	// caller streams, of known length, goes aws-chunked with each chunk
	// signed (STREAMING-AWS4-HMAC-SHA256-PAYLOAD) instead of
	// UNSIGNED-PAYLOAD.
	AWSChunked bool
	// Signed (hmac) is the template, with {method}, {path}, {query},
	// {timestamp}, {nonce}, {body}, {body-sha256}.
	Signed         string
	SHA512, Base64 bool
	// Ed25519 (algorithm ed25519) signs with the Ed25519 private key the
	// secret holds in PEM instead of an HMAC; base64 unless encoding says.
	Ed25519         bool
	TimestampFormat string
	// ClockSkew (hmac) is how far from the server's clock the vendor
	// accepts the timestamp; 0: the spec does not say. (SigV4: AWS's 15
	// minutes, fixed.)
	ClockSkew time.Duration
	// SignatureRefusal and TimestampRefusal are the vendor's answers to a
	// signature that does not match and to a timestamp outside the window
	// (signatureCode, timestampCode); zero: the preset's (AWS's 403
	// SignatureDoesNotMatch and RequestTimeTooSkewed, or the unauthorized
	// code for hmac).
	SignatureRefusal, TimestampRefusal ErrorCode
	// Where each value goes (hmac); an empty Name: not sent.
	Signature, Timestamp, Nonce, KeyID SignPlace
	// Issuer (jwt) is the iss claim.
	Issuer string
	// The variables NewFromEnv reads.
	KeyIDEnv, SecretEnv, SessionTokenEnv, RegionEnv string
}

// SignPlace is where a signing value goes: In is "header" or "query".
type SignPlace struct{ In, Name string }

var signedPlaceholder = regexp.MustCompile(`\{[^{}]*\}`)

var signedParts = map[string]bool{"{method}": true, "{path}": true, "{query}": true, "{timestamp}": true, "{nonce}": true, "{body}": true, "{body-sha256}": true}

// buildSigning reads x-authgen.signing.
func (b *builder) buildSigning() {
	c := b.ext.Signing
	if c == nil {
		return
	}
	const where = ExtensionKey + ".signing"
	switch SigningKind(c.Preset) {
	case SigningSigV4:
		b.buildSigV4(c, where)
	case SigningHMAC:
		b.buildHMACSigning(c, where)
	case SigningJWT:
		b.buildJWTSigning(c, where)
	case "":
		b.problem(c.pos, "%s: name the preset (aws-sigv4, hmac or jwt)", where)
	default:
		msg := where + ".preset: unknown preset " + quote(c.Preset) + " (want aws-sigv4, hmac or jwt)"
		if s := suggest(c.Preset, []string{"aws-sigv4", "hmac", "jwt"}); s != "" {
			msg += "; did you mean " + quote(s) + "?"
		}
		b.problem(c.keyPos("preset"), "%s", msg)
	}
}

func quote(s string) string { return `"` + s + `"` }

// buildSigV4: the service is the spec's to say; the region may be left
// to the caller (WithSigning, AWS_REGION). The keys of the hmac style
// mean nothing here and are refused rather than ignored.
func (b *builder) buildSigV4(c *signingConfig, where string) {
	if c.Service == "" {
		b.problem(c.pos, "%s: aws-sigv4 needs the service's signing name (service: s3)", where)
		return
	}
	for _, k := range []string{"signed", "algorithm", "encoding", "signature", "timestamp", "timestampFormat", "nonce", "keyId", "clockSkew", "issuer"} {
		if _, given := c.keys[k]; given {
			b.problem(c.keyPos(k), "%s.%s: aws-sigv4 fixes what is signed and where; %s is for preset hmac", where, k, k)
			return
		}
	}
	if c.StreamedBody != "" && c.StreamedBody != "unsigned" && c.StreamedBody != "aws-chunked" {
		b.problem(c.keyPos("streamedBody"), "%s.streamedBody: unknown value %q (want unsigned or aws-chunked)", where, c.StreamedBody)
		return
	}
	s := &Signing{Kind: SigningSigV4, Service: c.Service, Region: c.Region, S3: c.Service == "s3",
		AWSChunked: c.StreamedBody == "aws-chunked",
		KeyIDEnv:   "AWS_ACCESS_KEY_ID", SecretEnv: "AWS_SECRET_ACCESS_KEY", SessionTokenEnv: "AWS_SESSION_TOKEN", RegionEnv: "AWS_REGION"}
	b.envOverride(c, s)
	if b.takeSigningNames(c, signingOptionName, signingRegionOptionName) {
		b.p.Signing = s
	}
}

// The options a signing spec gives the client (internal/gen/signing.go).
const (
	signingOptionName       = "WithSigning"
	signingRegionOptionName = "WithSigningRegion"
)

// takeSigningNames claims the options' names before any scheme or model
// can, so a clash is an error here, not a client that does not compile.
func (b *builder) takeSigningNames(c *signingConfig, names ...string) bool {
	for _, n := range names {
		if holder, ok := b.names.take(n, ExtensionKey+".signing"); !ok {
			b.problem(c.pos, "%s: its option %s meets %s", ExtensionKey+".signing", n, holder)
			return false
		}
	}
	return true
}

func (b *builder) envOverride(c *signingConfig, s *Signing) {
	if c.KeyIDEnv != "" {
		s.KeyIDEnv = c.KeyIDEnv
	}
	if c.SecretEnv != "" {
		s.SecretEnv = c.SecretEnv
	}
}

// buildHMACSigning checks that the template signs what the vendor needs:
// only known placeholders, the body or the query, and every value sent
// beside the signature (timestamp, nonce) is signed too.
func (b *builder) buildHMACSigning(c *signingConfig, where string) {
	for _, k := range []string{"service", "region", "issuer", "streamedBody"} {
		if _, given := c.keys[k]; given {
			b.problem(c.keyPos(k), "%s.%s: %s is not for preset hmac", where, k, k)
			return
		}
	}
	if c.Signed == "" {
		b.problem(c.pos, "%s: say what is signed (signed: \"{timestamp}{method}{path}{body}\")", where)
		return
	}
	for _, ph := range signedPlaceholder.FindAllString(c.Signed, -1) {
		if !signedParts[ph] {
			b.problem(c.keyPos("signed"), "%s.signed: unknown placeholder %s (want {method}, {path}, {query}, {timestamp}, {nonce}, {body} or {body-sha256})", where, ph)
			return
		}
	}
	has := func(ph string) bool { return strings.Contains(c.Signed, ph) }
	if !has("{body}") && !has("{body-sha256}") && !has("{query}") {
		b.problem(c.keyPos("signed"), "%s.signed: the signed text covers neither the body nor the query; a signature over less lets any request through", where)
		return
	}
	s := &Signing{Kind: SigningHMAC, Signed: c.Signed, SHA512: c.Algorithm == "hmac-sha512", Ed25519: c.Algorithm == "ed25519",
		Base64: c.Encoding == "base64" || c.Algorithm == "ed25519" && c.Encoding == "", TimestampFormat: c.TimestampFormat,
		KeyIDEnv: strings.ToUpper(b.p.Package) + "_KEY_ID", SecretEnv: strings.ToUpper(b.p.Package) + "_SECRET"}
	if c.Algorithm != "" && c.Algorithm != "hmac-sha256" && c.Algorithm != "hmac-sha512" && c.Algorithm != "ed25519" {
		b.problem(c.keyPos("algorithm"), "%s.algorithm: unknown algorithm %q (want hmac-sha256, hmac-sha512 or ed25519)", where, c.Algorithm)
		return
	}
	if c.Encoding != "" && c.Encoding != "hex" && c.Encoding != "base64" {
		b.problem(c.keyPos("encoding"), "%s.encoding: unknown encoding %q (want hex or base64)", where, c.Encoding)
		return
	}
	places := []struct {
		key      string
		cfg      signingPlaceConfig
		into     *SignPlace
		required bool
		signed   string // the placeholder that must be signed when it is sent
	}{
		{"signature", c.Signature, &s.Signature, true, ""},
		{"timestamp", c.Timestamp, &s.Timestamp, has("{timestamp}"), "{timestamp}"},
		{"nonce", c.Nonce, &s.Nonce, has("{nonce}"), "{nonce}"},
		{"keyId", c.KeyID, &s.KeyID, false, ""},
	}
	for _, pl := range places {
		if !b.signingPlace(pl.cfg, pl.into, c.keyPos(pl.key), where+"."+pl.key, pl.required) {
			return
		}
		// A value in the query is signed with {query}.
		inSignedQuery := pl.into.In == "query" && has("{query}")
		if pl.signed != "" && pl.into.Name != "" && !has(pl.signed) && !inSignedQuery {
			b.problem(c.keyPos(pl.key), "%s.%s: it is sent but not signed: put %s in signed, or a captured request can be replayed with another", where, pl.key, pl.signed)
			return
		}
	}
	if c.ClockSkew != nil {
		switch skew := *c.ClockSkew; {
		case s.Timestamp.Name == "":
			b.problem(c.keyPos("clockSkew"), "%s.clockSkew: no timestamp is sent (timestamp: {in, name}), so there is no time to check", where)
			return
		case skew < minClockSkew || skew > maxClockSkew:
			b.problem(c.keyPos("clockSkew"), "%s.clockSkew: %s is outside %s to %s (Binance allows 5s, AWS 15m)", where, skew, minClockSkew, maxClockSkew)
			return
		}
		s.ClockSkew = *c.ClockSkew
	}
	b.envOverride(c, s)
	if b.takeSigningNames(c, signingOptionName) {
		b.p.Signing = s
	}
}

// signingPlace checks one {in, name}: both given, the name a header name
// when it goes in a header.
func (b *builder) signingPlace(c signingPlaceConfig, into *SignPlace, keyAt Position, where string, required bool) bool {
	if c.In == "" && c.Name == "" {
		if required {
			b.problem(keyAt, "%s: say where it goes ({in: header, name: X-Signature})", where)
			return false
		}
		return true
	}
	switch {
	case c.In != "header" && c.In != "query":
		b.problem(c.keyPos("in"), "%s.in: %q (want header or query)", where, c.In)
		return false
	case c.Name == "":
		b.problem(c.pos, "%s: name the %s", where, c.In)
		return false
	case c.In == "header" && !validHeaderName(c.Name):
		b.problem(c.keyPos("name"), "%s.name: %q is not a valid header name", where, c.Name)
		return false
	}
	*into = SignPlace{In: c.In, Name: c.Name}
	return true
}

// buildSigningRefusals reads signatureCode and timestampCode, each a code
// of x-authgen.errors.codes, whose status the fake answers with.
func (b *builder) buildSigningRefusals() {
	c, s := b.ext.Signing, b.p.Signing
	if c == nil || s == nil {
		return
	}
	for _, r := range []struct {
		key, code string
		into      *ErrorCode
	}{{"signatureCode", c.SignatureCode, &s.SignatureRefusal}, {"timestampCode", c.TimestampCode, &s.TimestampRefusal}} {
		if r.code == "" {
			continue
		}
		found := false
		for _, ec := range b.p.Errors.Codes {
			if ec.Code == r.code {
				*r.into, found = ec, true
				break
			}
		}
		if !found {
			b.problem(c.keyPos(r.key), "%s.signing.%s: %q is not among x-authgen.errors.codes; list it there with its status", ExtensionKey, r.key, r.code)
		}
	}
}

// FakeSecret is the secret a fake of s checks signatures with: for
// Ed25519 a fixed private key in PEM (the form the runtime reads), for an
// HMAC FakeSigningSecret. Fixed, so generated fakes do not change.
func (s *Signing) FakeSecret() string {
	if s.Kind == SigningJWT {
		// Coinbase's Ed25519 secret: the base64 of the 64-byte key.
		return base64.StdEncoding.EncodeToString(ed25519.NewKeyFromSeed([]byte("authgen fake ed25519 signing key")))
	}
	if !s.Ed25519 {
		return FakeSigningSecret
	}
	der, err := x509.MarshalPKCS8PrivateKey(ed25519.NewKeyFromSeed([]byte("authgen fake ed25519 signing key")))
	if err != nil {
		return FakeSigningSecret // unreachable: an Ed25519 key always marshals
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// buildJWTSigning: a token per request whose claims name it; the key
// (EC P-256 or Ed25519) says the algorithm, so only the issuer and the
// variables are the spec's to say.
func (b *builder) buildJWTSigning(c *signingConfig, where string) {
	for _, k := range []string{"service", "region", "signed", "algorithm", "encoding", "signature", "timestamp", "timestampFormat", "nonce", "keyId", "clockSkew", "signatureCode", "timestampCode", "streamedBody"} {
		if _, given := c.keys[k]; given {
			b.problem(c.keyPos(k), "%s.%s: jwt fixes what is signed and where (Authorization: Bearer, claims iss, sub, nbf, exp, uri); %s is not for it", where, k, k)
			return
		}
	}
	s := &Signing{Kind: SigningJWT, Issuer: c.Issuer,
		KeyIDEnv: strings.ToUpper(b.p.Package) + "_KEY_ID", SecretEnv: strings.ToUpper(b.p.Package) + "_SECRET"}
	b.envOverride(c, s)
	if b.takeSigningNames(c, signingOptionName) {
		b.p.Signing = s
	}
}
