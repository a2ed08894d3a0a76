package authgenrt

import (
	"crypto/ed25519"
	"crypto/x509"
	"encoding/base64"
	"encoding/pem"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// testEd25519Key is a fixed Ed25519 key and its PEM (PKCS #8), the form
// openssl genpkey -algorithm ed25519 writes.
func testEd25519Key(t *testing.T) (ed25519.PublicKey, string) {
	priv := ed25519.NewKeyFromSeed([]byte("authgen-ed25519-test-seed-32byte"))
	der, err := x509.MarshalPKCS8PrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	return priv.Public().(ed25519.PublicKey), string(pem.EncodeToMemory(&pem.Block{Type: "PRIVATE KEY", Bytes: der}))
}

// TestEd25519TemplateSigning: with Ed25519 the query (with its timestamp)
// is signed with the PEM key and the base64 signature goes last, the way
// Binance's Ed25519 keys sign; crypto/ed25519 verifies it with the public
// key alone, Verify accepts it and refuses it after a change of the query,
// and a secret that is not an Ed25519 PEM key is an error that does not
// quote it.
func TestEd25519TemplateSigning(t *testing.T) {
	pub, pemKey := testEd25519Key(t)
	s := NewHMACSigner("ed-key", pemKey)
	s.Template, s.Ed25519, s.Base64, s.TimestampFormat = "{query}", true, true, "unix-ms"
	s.Timestamp = Placement{In: "query", Name: "timestamp"}
	s.Signature = Placement{In: "query", Name: "signature"}
	req, _ := http.NewRequest("POST", "https://api.binance.com/api/v3/order?symbol=BTCUSDT&side=SELL", nil)
	if err := s.Sign(req, nil, time.UnixMilli(1668481559918)); err != nil {
		t.Fatal(err)
	}
	signed, sigParam, _ := strings.Cut(req.URL.RawQuery, "&signature=")
	if signed != "symbol=BTCUSDT&side=SELL&timestamp=1668481559918" {
		t.Fatalf("signed query %q", signed)
	}
	sigText, _ := url.QueryUnescape(sigParam)
	sig, err := base64.StdEncoding.DecodeString(sigText)
	if err != nil || !ed25519.Verify(pub, []byte(signed), sig) {
		t.Fatalf("the signature %q does not verify with the public key: %v", sigText, err)
	}
	if _, err := s.Verify(req, nil); err != nil {
		t.Errorf("Verify: %v", err)
	}
	req.URL.RawQuery = strings.Replace(req.URL.RawQuery, "SELL", "BUY", 1)
	if _, err := s.Verify(req, nil); err == nil {
		t.Error("Verify accepted a changed query")
	}
	bad := NewHMACSigner("ed-key", "not-a-pem-secret")
	bad.Template, bad.Ed25519, bad.Signature = "{query}", true, Placement{In: "query", Name: "signature"}
	req, _ = http.NewRequest("GET", "https://api.binance.com/api/v3/account?a=1", nil)
	if err := bad.Sign(req, nil, time.Now()); err == nil || strings.Contains(err.Error(), "not-a-pem-secret") {
		t.Errorf("a secret that is no key: %v", err)
	}
}
