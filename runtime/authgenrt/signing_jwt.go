package authgenrt

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/sha256"
	"crypto/x509"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"encoding/pem"
	"errors"
	"math/big"
	"net/http"
	"slices"
	"strings"
	"time"
)

// JWTSigner signs each request with a JWT of its own in Authorization:
// Bearer, the way Coinbase's CDP API keys do (Advanced Trade): the claims
// name the request ("uri": "GET api.coinbase.com/api/v3/brokerage/accounts"),
// the key (sub, and kid in the header) and a short life (nbf, exp), and a
// random nonce in the header makes each token unique. ES256 for an EC key
// (P-256), EdDSA for an Ed25519 key.
type JWTSigner struct {
	// KeyName is the API key's name (organizations/.../apiKeys/...): sub
	// and kid.
	KeyName string
	// Issuer is the iss claim ("cdp").
	Issuer string
	// Lifetime is exp - nbf; 120 s when zero.
	Lifetime time.Duration
	key      crypto.Signer
	newNonce func() string
}

// NewJWTSigner reads the private key: PEM ("EC PRIVATE KEY" or PKCS #8
// "PRIVATE KEY", EC P-256 or Ed25519), or Coinbase's Ed25519 secret, the
// base64 of the 64-byte private key. The error never quotes it.
func NewJWTSigner(keyName, secret string) (*JWTSigner, error) {
	key, err := parseJWTKey(secret)
	if err != nil {
		return nil, err
	}
	if keyName == "" {
		return nil, errors.New("jwt: no key name")
	}
	return &JWTSigner{KeyName: keyName, Issuer: "cdp", key: key}, nil
}

func parseJWTKey(secret string) (crypto.Signer, error) {
	block, _ := pem.Decode([]byte(secret))
	if block == nil {
		raw, err := base64.StdEncoding.DecodeString(strings.TrimSpace(secret))
		if err != nil || len(raw) != ed25519.PrivateKeySize {
			return nil, errors.New("jwt: the secret is neither a PEM private key nor a base64 Ed25519 key")
		}
		return ed25519.PrivateKey(raw), nil
	}
	var key any
	var err error
	if block.Type == "EC PRIVATE KEY" {
		key, err = x509.ParseECPrivateKey(block.Bytes)
	} else {
		key, err = x509.ParsePKCS8PrivateKey(block.Bytes)
	}
	if err != nil {
		return nil, errors.New("jwt: the secret's PEM is not a private key")
	}
	switch k := key.(type) {
	case *ecdsa.PrivateKey:
		if k.Curve != elliptic.P256() {
			return nil, errors.New("jwt: an EC key must be P-256 (ES256)")
		}
		return k, nil
	case ed25519.PrivateKey:
		return k, nil
	}
	return nil, errors.New("jwt: the key is neither EC P-256 nor Ed25519")
}

// String never shows the key.
func (s *JWTSigner) String() string { return "JWTSigner{KeyName: " + s.KeyName + ", key: [REDACTED]}" }

// GoString keeps %#v as quiet as %v.
func (s *JWTSigner) GoString() string { return s.String() }

// WithJWTSigning signs every request with s.
func WithJWTSigning(s *JWTSigner) Option {
	return func(st *Settings) error {
		if s == nil || s.key == nil {
			return errors.New("WithJWTSigning: no key")
		}
		st.signer = s
		return nil
	}
}

func (s *JWTSigner) maxSkew() time.Duration { return 0 }

func (s *JWTSigner) sign(req *http.Request, _ *bodySource, now time.Time) error {
	return s.Sign(req, now)
}

// Sign sets Authorization: Bearer <a JWT for req, made at now>.
func (s *JWTSigner) Sign(req *http.Request, now time.Time) error {
	token, err := s.Token(req.Method, req.URL.Host, req.URL.EscapedPath(), now)
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	return nil
}

// Token is the JWT for one request: method, host and path as sent.
func (s *JWTSigner) Token(method, host, path string, now time.Time) (string, error) {
	alg := "ES256"
	if _, ok := s.key.(ed25519.PrivateKey); ok {
		alg = "EdDSA"
	}
	life := s.Lifetime
	if life == 0 {
		life = 120 * time.Second
	}
	nonce := s.nonce()
	header, _ := json.Marshal(map[string]string{"alg": alg, "typ": "JWT", "kid": s.KeyName, "nonce": nonce})
	claims, _ := json.Marshal(map[string]any{
		"iss": s.Issuer, "sub": s.KeyName,
		"nbf": now.Unix(), "exp": now.Add(life).Unix(),
		"uri": method + " " + host + path,
	})
	enc := base64.RawURLEncoding
	signing := enc.EncodeToString(header) + "." + enc.EncodeToString(claims)
	var sig []byte
	switch k := s.key.(type) {
	case ed25519.PrivateKey:
		sig = ed25519.Sign(k, []byte(signing))
	case *ecdsa.PrivateKey:
		sum := sha256.Sum256([]byte(signing))
		r, ss, err := ecdsa.Sign(rand.Reader, k, sum[:])
		if err != nil {
			return "", err
		}
		// JWS's ES256 is r and s, 32 bytes each, not ASN.1.
		sig = make([]byte, 64)
		r.FillBytes(sig[:32])
		ss.FillBytes(sig[32:])
	}
	return signing + "." + enc.EncodeToString(sig), nil
}

func (s *JWTSigner) nonce() string {
	if s.newNonce != nil {
		return s.newNonce()
	}
	var b [16]byte
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// ErrTokenExpired is what Verify says of a token outside its nbf..exp.
var ErrTokenExpired = errors.New("the request's token is not valid at this time")

// Verify checks req's token as the vendor does: its signature under this
// signer's public key, its uri naming req as it arrived (method, host,
// path), its iss and sub, and now within nbf..exp. signedAt is nbf.
func (s *JWTSigner) Verify(req *http.Request, now time.Time) (signedAt time.Time, err error) {
	raw, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer ")
	parts := strings.Split(raw, ".")
	if !ok || len(parts) != 3 {
		return time.Time{}, ErrSignatureMismatch
	}
	enc := base64.RawURLEncoding
	hdrJSON, err1 := enc.DecodeString(parts[0])
	claimsJSON, err2 := enc.DecodeString(parts[1])
	sig, err3 := enc.DecodeString(parts[2])
	var hdr map[string]any
	var claims struct {
		Iss, Sub string `json:"-"`
		Nbf, Exp int64
	}
	var named map[string]any
	if err1 != nil || err2 != nil || err3 != nil || json.Unmarshal(hdrJSON, &hdr) != nil || json.Unmarshal(claimsJSON, &claims) != nil || json.Unmarshal(claimsJSON, &named) != nil {
		return time.Time{}, ErrSignatureMismatch
	}
	claims.Iss, _ = named["iss"].(string)
	claims.Sub, _ = named["sub"].(string)
	// Advanced Trade's docs name the request in "uri"; Coinbase's CDP SDKs
	// (cdp-sdk go/auth GenerateJWT) send "uris", a list of one, with aud
	// and iat besides. Coinbase takes both, so the fake does.
	uris := []string{}
	if u, ok := named["uri"].(string); ok {
		uris = append(uris, u)
	}
	if list, ok := named["uris"].([]any); ok {
		for _, u := range list {
			if u, ok := u.(string); ok {
				uris = append(uris, u)
			}
		}
	}
	signing := []byte(parts[0] + "." + parts[1])
	valid := false
	switch k := s.key.(type) {
	case ed25519.PrivateKey:
		valid = hdr["alg"] == "EdDSA" && ed25519.Verify(k.Public().(ed25519.PublicKey), signing, sig)
	case *ecdsa.PrivateKey:
		sum := sha256.Sum256(signing)
		valid = hdr["alg"] == "ES256" && len(sig) == 64 &&
			ecdsa.Verify(&k.PublicKey, sum[:], new(big.Int).SetBytes(sig[:32]), new(big.Int).SetBytes(sig[32:]))
	}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	signedAt = time.Unix(claims.Nbf, 0)
	if !valid || !slices.Contains(uris, req.Method+" "+host+req.URL.EscapedPath()) || claims.Iss != s.Issuer || claims.Sub != s.KeyName || hdr["kid"] != s.KeyName {
		return signedAt, ErrSignatureMismatch
	}
	if now.Unix() < claims.Nbf || now.Unix() >= claims.Exp {
		return signedAt, ErrTokenExpired
	}
	return signedAt, nil
}
