package jwtcheck

import (
	"crypto/ecdsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"encoding/pem"
	"maps"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// fixedECKey is an EC P-256 key in the "EC PRIVATE KEY" PEM form the CDP
// portal hands out (made for this test with `openssl ecparam -name
// prime256v1 -genkey -noout`; it signs nothing real).
const fixedECKey = `-----BEGIN EC PRIVATE KEY-----
MHcCAQEEIFHKVix/Wfu/I9eErYuYjTOAty78N8lTuFgyXWkaBagWoAoGCCqGSM49
AwEHoUQDQgAE3vz9Mhi+yrnhQV+xyv0hN96a+jC0C4Hwom7g1eLxov+thBn5MWsu
p1vbZPzlPTVk5C8GY2EBRhiAHNp0+zXBLA==
-----END EC PRIVATE KEY-----
`

func fixedKey(t *testing.T) *ecdsa.PrivateKey {
	t.Helper()
	block, _ := pem.Decode([]byte(fixedECKey))
	key, err := x509.ParseECPrivateKey(block.Bytes)
	if err != nil {
		t.Fatal(err)
	}
	return key
}

// segment decodes one base64url part of a compact JWT.
func segment(t *testing.T, token string, i int) []byte {
	t.Helper()
	parts := strings.Split(token, ".")
	if len(parts) != 3 {
		t.Fatalf("%q is no compact JWT", token)
	}
	b, err := base64.RawURLEncoding.DecodeString(parts[i])
	if err != nil {
		t.Fatalf("part %d of %q: %v", i, token, err)
	}
	return b
}

// TestJWTAsCoinbaseDocsBuildIt: the token authgen signs for a request is
// the one Coinbase's documentation builds for it, field for field.
//
// The reference is the ECDSA code sample of "JWT Authentication",
// https://docs.cloud.coinbase.com/get-started/authentication/jwt-authentication
// (now docs.cdp.coinbase.com/get-started/authentication/jwt-authentication),
// the one Advanced Trade's "API Key Authentication" page points to: PyJWT's
// jwt.encode of {"sub": key_name, "iss": "cdp", "nbf": now, "exp": now +
// 120, "uri": "GET api.coinbase.com/api/v3/brokerage/accounts"} with
// algorithm ES256 and headers {"kid": key_name, "nonce":
// secrets.token_hex()}; PyJWT adds "alg" and "typ": "JWT". The reference
// is rebuilt here with golang-jwt from those fields. ES256 signatures are
// random, so the claims segment is compared byte for byte, the header
// field for field (the nonce is random too: it must be hex and new), and
// the signature is verified with golang-jwt under the public key alone.
func TestJWTAsCoinbaseDocsBuildIt(t *testing.T) {
	key := fixedKey(t)
	at := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	const uri = "GET api.coinbase.com/api/v3/brokerage/accounts"

	ref := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{
		"sub": keyName, "iss": "cdp", "nbf": at.Unix(), "exp": at.Unix() + 120, "uri": uri,
	})
	ref.Header["kid"] = keyName
	ref.Header["nonce"] = "0123456789abcdef0123456789abcdef"
	want, err := ref.SignedString(key)
	if err != nil {
		t.Fatal(err)
	}

	s, err := authgenrt.NewJWTSigner(keyName, fixedECKey)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest("GET", "https://api.coinbase.com/api/v3/brokerage/accounts", nil)
	if err := s.Sign(req, at); err != nil {
		t.Fatal(err)
	}
	got, ok := strings.CutPrefix(req.Header.Get("Authorization"), "Bearer ")
	if !ok {
		t.Fatalf("Authorization %q is no bearer token", req.Header.Get("Authorization"))
	}

	if g, w := segment(t, got, 1), segment(t, want, 1); string(g) != string(w) {
		t.Errorf("claims\n got %s\nwant %s", g, w)
	}
	var gotHdr, wantHdr map[string]any
	json.Unmarshal(segment(t, got, 0), &gotHdr)
	json.Unmarshal(segment(t, want, 0), &wantHdr)
	if g, w := slices.Sorted(maps.Keys(gotHdr)), slices.Sorted(maps.Keys(wantHdr)); !slices.Equal(g, w) {
		t.Errorf("header fields %v, want %v", g, w)
	}
	for _, name := range []string{"alg", "kid", "typ"} {
		if gotHdr[name] != wantHdr[name] {
			t.Errorf("header %s = %v, want %v", name, gotHdr[name], wantHdr[name])
		}
	}
	if nonce, _ := gotHdr["nonce"].(string); len(nonce) < 32 || strings.Trim(nonce, "0123456789abcdef") != "" {
		t.Errorf("nonce %q is not the hex of 16 random bytes or more", nonce)
	}

	tok, err := jwt.Parse(got, func(*jwt.Token) (any, error) { return &key.PublicKey, nil },
		jwt.WithValidMethods([]string{"ES256"}), jwt.WithTimeFunc(func() time.Time { return at }),
		jwt.WithIssuer("cdp"), jwt.WithSubject(keyName))
	if err != nil || !tok.Valid {
		t.Fatalf("golang-jwt refuses the token under the public key: %v", err)
	}
}

// TestFakeTakesCoinbaseSDKTokens: the fake verifies a token the way
// Coinbase does, so it takes one made exactly as Coinbase's own Go SDK
// makes it (github.com/coinbase/cdp-sdk, go/auth/jwt.go buildECJWT at
// commit 86b7378301d0e10c4057c363e54033cb668c14ae: claims sub, iss "cdp",
// nbf, iat, exp, aud ["cdp_service"] and "uris": ["GET host/path"], a list
// where the Advanced Trade docs have "uri"; header kid and a hex nonce),
// and refuses it for another path or past exp.
func TestFakeTakesCoinbaseSDKTokens(t *testing.T) {
	key := fixedKey(t)
	at := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	sdkToken := func(uri string) string {
		tok := jwt.NewWithClaims(jwt.SigningMethodES256, jwt.MapClaims{
			"sub": keyName, "iss": "cdp", "nbf": at.Unix(), "iat": at.Unix(), "exp": at.Add(120 * time.Second).Unix(),
			"aud": []string{"cdp_service"}, "uris": []string{uri},
		})
		tok.Header["kid"] = keyName
		tok.Header["nonce"] = "00112233445566778899aabbccddeeff"
		signed, err := tok.SignedString(key)
		if err != nil {
			t.Fatal(err)
		}
		return signed
	}
	s, err := authgenrt.NewJWTSigner(keyName, fixedECKey)
	if err != nil {
		t.Fatal(err)
	}
	arrived := func(token string) *http.Request {
		r, _ := http.NewRequest("GET", "https://api.cdp.coinbase.com/platform/v2/evm/accounts", nil)
		r.Header.Set("Authorization", "Bearer "+token)
		return r
	}
	if _, err := s.Verify(arrived(sdkToken("GET api.cdp.coinbase.com/platform/v2/evm/accounts")), at.Add(time.Minute)); err != nil {
		t.Errorf("the fake refuses the SDK's token: %v", err)
	}
	if _, err := s.Verify(arrived(sdkToken("GET api.cdp.coinbase.com/platform/v2/solana/accounts")), at.Add(time.Minute)); err == nil {
		t.Error("the fake takes a token for another path")
	}
	if _, err := s.Verify(arrived(sdkToken("GET api.cdp.coinbase.com/platform/v2/evm/accounts")), at.Add(3*time.Minute)); err == nil {
		t.Error("the fake takes a token past exp")
	}
}
