package authgenrt

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// TestJWTSigningPerAttempt: a client with WithJWTSigning sends each attempt
// its own token (a retry after a 503 gets a new nonce), whose uri names the
// request as sent; the key never shows in the signer's formatting.
func TestJWTSigningPerAttempt(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(`{}`))
	})
	secret := base64.StdEncoding.EncodeToString(ed25519.NewKeyFromSeed([]byte("authgen jwt ed25519 test seed 32")))
	s, err := NewJWTSigner("organizations/o/apiKeys/k", secret)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := newTestClient(t, signingSpec(), srv.URL, WithJWTSigning(s))
	if err := c.Send(context.Background(), &Request{Operation: "get", Method: "GET", Path: "/api/v3/brokerage/accounts"}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if srv.count() != 2 {
		t.Fatalf("%d requests, want 2", srv.count())
	}
	var nonces []string
	for i := range 2 {
		tok := strings.TrimPrefix(srv.request(i).Header.Get("Authorization"), "Bearer ")
		parts := strings.Split(tok, ".")
		if len(parts) != 3 {
			t.Fatalf("attempt %d: Authorization %q is no JWT", i+1, tok)
		}
		hdr, _ := base64.RawURLEncoding.DecodeString(parts[0])
		body, _ := base64.RawURLEncoding.DecodeString(parts[1])
		var h map[string]string
		var claims map[string]any
		json.Unmarshal(hdr, &h)
		json.Unmarshal(body, &claims)
		if want := "GET " + srv.request(i).Host + "/api/v3/brokerage/accounts"; claims["uri"] != want || h["alg"] != "EdDSA" {
			t.Errorf("attempt %d: uri %v alg %v, want %q EdDSA", i+1, claims["uri"], h["alg"], want)
		}
		nonces = append(nonces, h["nonce"])
	}
	if nonces[0] == nonces[1] {
		t.Error("the retry was sent with the first attempt's token")
	}
	if shown := s.String() + s.GoString(); strings.Contains(shown, secret) {
		t.Errorf("the key shown: %s", shown)
	}
}

// TestJWTTokensAreRedacted: a server that echoes the request's token in
// its error shows it nowhere the client reports it (issue 29: the per-call
// JWT was not known to the redactor).
func TestJWTTokensAreRedacted(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.WriteHeader(http.StatusBadRequest)
		fmt.Fprintf(w, `{"error":{"code":"bad","message":"token %s refused"}}`, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
	})
	secret := base64.StdEncoding.EncodeToString(ed25519.NewKeyFromSeed([]byte("authgen jwt ed25519 test seed 32")))
	s, err := NewJWTSigner("organizations/o/apiKeys/k", secret)
	if err != nil {
		t.Fatal(err)
	}
	c, _ := newTestClient(t, signingSpec(), srv.URL, WithJWTSigning(s))
	err = c.Send(context.Background(), &Request{Operation: "get", Method: "GET", Path: "/api/v3/brokerage/accounts"}, nil, nil)
	token := strings.TrimPrefix(srv.request(0).Header.Get("Authorization"), "Bearer ")
	var apiErr *APIError
	if err == nil || !errors.As(err, &apiErr) || len(token) < 20 {
		t.Fatalf("err %v, token %q", err, token)
	}
	for _, shown := range []string{err.Error(), fmt.Sprintf("%+v", apiErr), string(apiErr.Body), apiErr.Message} {
		if strings.Contains(shown, token) {
			t.Errorf("the token shows in %q", shown)
		}
	}
}
