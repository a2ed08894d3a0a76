package authgenrt

import (
	"context"
	"net/http"
	"strings"
	"testing"
)

// TestSigningSignsEachRedirectHop: a same-origin redirect is signed again
// for its own path: a 307 of a PUT keeps and signs its (JSON) body, a 302 of a GET
// is signed as a GET, and the server verifies each hop. Without it net/http
// sends the first request's signature, which covers another path.
func TestSigningSignsEachRedirectHop(t *testing.T) {
	verifier := &SigV4Signer{Credentials: NewSigV4Credentials(testAccessKey, testSecretKey, testToken), Region: "us-east-1", Service: "s3", S3: true}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if strings.HasPrefix(r.URL.Path, "/old/") {
			status := http.StatusFound
			if r.Method == http.MethodPut {
				status = http.StatusTemporaryRedirect
			}
			http.Redirect(w, r, "/new/"+strings.TrimPrefix(r.URL.Path, "/old/"), status)
			return
		}
		var body []byte
		if r.Body != nil {
			body = make([]byte, r.ContentLength)
			r.Body.Read(body)
		}
		if _, err := verifier.Verify(r, body); err != nil {
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"code":"SignatureDoesNotMatch"}`))
			return
		}
		w.Write([]byte(`{}`))
	})
	c, _ := newTestClient(t, signingSpec(), srv.URL, WithSigV4(testAccessKey, testSecretKey, testToken, "us-east-1", "s3", true))
	ctx := context.Background()
	if err := c.Send(ctx, &Request{Operation: "get", Method: "GET", Path: "/old/k"}, nil, nil); err != nil {
		t.Errorf("GET redirected 302: %v", err)
	}
	if err := c.Send(ctx, &Request{Operation: "put", Method: "PUT", Path: "/old/k", Body: map[string]string{"a": "b"}}, nil, nil); err != nil {
		t.Errorf("PUT redirected 307: %v", err)
	}
	if srv.count() != 4 {
		t.Errorf("%d requests, want 4", srv.count())
	}
}

// TestSigningRedirectElsewhereDropsTheSignature: a redirect to another
// origin carries neither the signature nor the session token (net/http
// forwards X-Amz-Security-Token to any host), nor an HMAC's headers.
func TestSigningRedirectElsewhereDropsTheSignature(t *testing.T) {
	other := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.Write([]byte(`{}`)) })
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		http.Redirect(w, r, other.URL+"/elsewhere", http.StatusFound)
	})
	c, _ := newTestClient(t, signingSpec(), srv.URL, WithSigV4(testAccessKey, testSecretKey, testToken, "us-east-1", "s3", true))
	if err := c.Send(context.Background(), &Request{Operation: "get", Method: "GET", Path: "/k"}, nil, nil); err != nil {
		t.Fatal(err)
	}
	got := other.request(0).Header
	for _, h := range []string{"Authorization", "X-Amz-Security-Token", "X-Amz-Date", "X-Amz-Content-Sha256"} {
		if got.Get(h) != "" {
			t.Errorf("%s reached another origin: %q", h, got.Get(h))
		}
	}
	mac := binanceSigner()
	mac.KeyIDAt = Placement{In: "header", Name: "X-MBX-APIKEY"}
	c2, _ := newTestClient(t, signingSpec(), srv.URL, WithHMACSigning(mac))
	if err := c2.Send(context.Background(), &Request{Operation: "get", Method: "GET", Path: "/k"}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if k := other.request(1).Header.Get("X-MBX-APIKEY"); k != "" {
		t.Errorf("the key ID header reached another origin: %q", k)
	}
}
