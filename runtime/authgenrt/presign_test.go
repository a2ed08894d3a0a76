package authgenrt

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"net/url"
	"testing"
	"time"
)

// TestPresignNeedsSigV4: a client that signs with a JWT (or an HMAC) has
// nothing to put in a URL alone: Presign says so with ErrCannotPresign.
// A SigV4 client presigns at its clock's time, for 15 minutes when given
// 0, with the call's WithHeader signed and nothing sent.
func TestPresignNeedsSigV4(t *testing.T) {
	secret := base64.StdEncoding.EncodeToString(ed25519.NewKeyFromSeed([]byte("authgen jwt ed25519 test seed 32")))
	s, err := NewJWTSigner("organizations/o/apiKeys/k", secret)
	if err != nil {
		t.Fatal(err)
	}
	jwtClient, _ := newTestClient(t, signingSpec(), "http://127.0.0.1:1", WithJWTSigning(s))
	r := &Request{Operation: "get", Method: "GET", Path: "/b/k"}
	if _, err := jwtClient.Presign(context.Background(), r, 0, nil); !errors.Is(err, ErrCannotPresign) {
		t.Errorf("a JWT client: %v, want ErrCannotPresign", err)
	}

	c, clk := newTestClient(t, signingSpec(), "http://127.0.0.1:1", WithSigV4(testAccessKey, testSecretKey, "", "us-east-1", "s3", true))
	p, err := c.Presign(context.Background(), r, 0, []RequestOption{WithHeader("X-Amz-Meta-Owner", "zoë")})
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(p.URL)
	q := u.Query()
	if q.Get("X-Amz-Expires") != "900" || q.Get("X-Amz-Date") != clk.Now().UTC().Format(sigv4TimeFmt) || q.Get("X-Amz-SignedHeaders") != "host;x-amz-meta-owner" || p.SignedHeader.Get("X-Amz-Meta-Owner") != "zoë" || p.SignedHeader.Get("Host") != "127.0.0.1:1" {
		t.Errorf("presigned %s %v", p.URL, p.SignedHeader)
	}
	if _, err := c.Presign(context.Background(), r, 8*24*time.Hour, nil); err == nil {
		t.Error("a presigned URL for 8 days was made; AWS takes 7 at most")
	}
}
