package jwtcheck

import (
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// keyName is the form of a CDP API key's name, from Coinbase's docs.
const keyName = "organizations/11111111-2222-3333-4444-555555555555/apiKeys/66666666-7777-8888-9999-000000000000"

// TestJWTPerRequest: for an EC P-256 key in "EC PRIVATE KEY" PEM (ES256)
// and a base64 Ed25519 secret (EdDSA), each as Coinbase hands them out,
// the token in Authorization verifies with golang-jwt under the public key
// alone, at the signing time, with the claims Coinbase's Advanced Trade
// docs name: iss "cdp", sub and kid the key name, nbf the time, exp 120 s
// later, uri "GET api.coinbase.com/api/v3/brokerage/accounts", and a nonce
// header that differs between two tokens. A token for another path does
// not verify as this one's (its uri differs), and one past exp is refused.
func TestJWTPerRequest(t *testing.T) {
	ec, _ := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	der, _ := x509.MarshalECPrivateKey(ec)
	ecPEM := string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: der}))
	ed := ed25519.NewKeyFromSeed([]byte("authgen jwt ed25519 test seed 32"))
	for _, c := range []struct {
		name, secret, alg string
		public            any
	}{
		{"ES256", ecPEM, "ES256", &ec.PublicKey},
		{"EdDSA", base64.StdEncoding.EncodeToString(ed), "EdDSA", ed.Public()},
	} {
		t.Run(c.name, func(t *testing.T) {
			s, err := authgenrt.NewJWTSigner(keyName, c.secret)
			if err != nil {
				t.Fatal(err)
			}
			at := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
			req, _ := http.NewRequest("GET", "https://api.coinbase.com/api/v3/brokerage/accounts", nil)
			if err := s.Sign(req, at); err != nil {
				t.Fatal(err)
			}
			raw, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer ")
			if !ok {
				t.Fatalf("Authorization %q", req.Header.Get("Authorization"))
			}
			parse := func(raw string, now time.Time) (*jwt.Token, error) {
				return jwt.Parse(raw, func(*jwt.Token) (any, error) { return c.public, nil },
					jwt.WithValidMethods([]string{c.alg}), jwt.WithTimeFunc(func() time.Time { return now }), jwt.WithIssuer("cdp"), jwt.WithSubject(keyName))
			}
			tok, err := parse(raw, at.Add(time.Minute))
			if err != nil {
				t.Fatalf("golang-jwt refuses the token: %v", err)
			}
			claims := tok.Claims.(jwt.MapClaims)
			if claims["uri"] != "GET api.coinbase.com/api/v3/brokerage/accounts" || claims["nbf"] != float64(at.Unix()) || claims["exp"] != float64(at.Add(120*time.Second).Unix()) {
				t.Errorf("claims %v", claims)
			}
			if tok.Header["kid"] != keyName || tok.Header["nonce"] == nil || tok.Header["nonce"] == "" {
				t.Errorf("header %v", tok.Header)
			}
			if _, err := parse(raw, at.Add(3*time.Minute)); err == nil {
				t.Error("a token past exp verified")
			}
			again, _ := http.NewRequest("GET", "https://api.coinbase.com/api/v3/brokerage/orders", nil)
			s.Sign(again, at)
			other, _ := parse(strings.TrimPrefix(again.Header.Get("Authorization"), "Bearer "), at)
			if other == nil || other.Claims.(jwt.MapClaims)["uri"] == claims["uri"] || other.Header["nonce"] == tok.Header["nonce"] {
				t.Errorf("a second request's token has the same uri or nonce: %v", other)
			}
		})
	}
	if _, err := authgenrt.NewJWTSigner(keyName, "not a key"); err == nil || strings.Contains(err.Error(), "not a key") {
		t.Errorf("a secret that is no key: %v", err)
	}
}
