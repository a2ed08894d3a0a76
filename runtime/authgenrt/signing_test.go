package authgenrt

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"
)

const (
	testAccessKey = "AKIDEXAMPLE"
	testSecretKey = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
	testToken     = "session-token-6e86291e8372"
)

// signingSpec is a provider without key schemes: the signature is the
// credential.
func signingSpec() *ProviderSpec {
	s := testSpec()
	s.Schemes, s.Security = nil, nil
	return s
}

// verifySigV4 checks r's Authorization the way AWS does: it recomputes the
// signature over the headers r says it signed, from what was received.
func verifySigV4(t *testing.T, s *SigV4Signer, r *http.Request) {
	t.Helper()
	auth := r.Header.Get("Authorization")
	_, rest, ok := strings.Cut(auth, "SignedHeaders=")
	if !ok {
		t.Fatalf("Authorization %q names no signed headers", auth)
	}
	signedList, _, _ := strings.Cut(rest, ",")
	h := http.Header{}
	var length int64
	for _, n := range strings.Split(signedList, ";") {
		switch n {
		case "host":
		case "content-length":
			length = r.ContentLength
		default:
			h[http.CanonicalHeaderKey(n)] = r.Header.Values(n)
		}
	}
	stamp := r.Header.Get("X-Amz-Date")
	payload := r.Header.Get("X-Amz-Content-Sha256")
	if payload == "" {
		payload = EmptyPayloadHash
	}
	creq, signed := s.canonicalRequest(r.Method, r.URL.EscapedPath(), r.URL.RawQuery, r.Host, length, h, payload)
	scope := stamp[:8] + "/" + s.Region + "/" + s.Service + "/aws4_request"
	want := sigv4Algorithm + " Credential=" + s.Credentials.AccessKeyID + "/" + scope + ", SignedHeaders=" + signed + ", Signature=" + s.signature(stamp, scope, creq)
	if auth != want {
		t.Fatalf("the server computes\n%s\nthe client sent\n%s\ncanonical request:\n%s", want, auth, creq)
	}
}

// TestSigV4RetrySignsAgain: a 503 and its retry are signed apart, each
// with the time it was sent at on the client's clock, and both verify as
// the server sees them.
func TestSigV4RetrySignsAgain(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", "7")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(`{}`))
	})
	c, clk := newTestClient(t, signingSpec(), srv.URL, WithSigV4(testAccessKey, testSecretKey, testToken, "eu-west-1", "s3", true))
	start := clk.Now()
	err := c.Send(context.Background(), &Request{Operation: "putObject", Method: "PUT", Path: "/bucket/a%20b/%E1%88%B4", Query: map[string][]string{"x-id": {"PutObject"}, "a": {"2", "1"}}, Body: map[string]string{"k": "v"}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if srv.count() != 2 {
		t.Fatalf("%d requests, want 2", srv.count())
	}
	verifier := &SigV4Signer{Credentials: NewSigV4Credentials(testAccessKey, testSecretKey, ""), Region: "eu-west-1", Service: "s3", S3: true}
	first, second := srv.request(0), srv.request(1)
	for _, r := range []*http.Request{first, second} {
		verifySigV4(t, verifier, r)
		if got := r.Header.Get("X-Amz-Security-Token"); got != testToken {
			t.Errorf("session token %q, want %q", got, testToken)
		}
		if !strings.Contains(r.Header.Get("Authorization"), "x-amz-security-token") {
			t.Errorf("the session token is not signed: %s", r.Header.Get("Authorization"))
		}
	}
	d1, _ := time.Parse(sigv4TimeFmt, first.Header.Get("X-Amz-Date"))
	d2, _ := time.Parse(sigv4TimeFmt, second.Header.Get("X-Amz-Date"))
	if d1.Unix() != start.Unix() || d2.Sub(d1) < 7*time.Second {
		t.Errorf("X-Amz-Date %v then %v; want the first at the clock's %v and the retry 7s or more later", d1, d2, start.UTC())
	}
	if first.Header.Get("Authorization") == second.Header.Get("Authorization") {
		t.Error("the retry was sent with the first attempt's signature")
	}
	sum := sha256.Sum256([]byte(srv.bodies[1]))
	if got := second.Header.Get("X-Amz-Content-Sha256"); got != hex.EncodeToString(sum[:]) {
		t.Errorf("X-Amz-Content-Sha256 %s, want the body's hash", got)
	}
}

// TestSigV4PayloadHashes: no body signs the empty hash, a streamed body
// UNSIGNED-PAYLOAD (it is not read twice to be hashed).
func TestSigV4PayloadHashes(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.Write([]byte(`{}`)) })
	c, _ := newTestClient(t, signingSpec(), srv.URL, WithSigV4(testAccessKey, testSecretKey, "", "us-east-1", "s3", true))
	ctx := context.Background()
	if err := c.Send(ctx, &Request{Operation: "get", Method: "GET", Path: "/b/k"}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Send(ctx, &Request{Operation: "put", Method: "PUT", Path: "/b/k", Body: strings.NewReader("streamed"), ContentType: "application/octet-stream"}, nil, nil); err != nil {
		t.Fatal(err)
	}
	// A plain reader (no Seek): streamed.
	if err := c.Send(ctx, &Request{Operation: "put", Method: "PUT", Path: "/b/k", Body: struct{ *strings.Reader }{strings.NewReader("streamed")}, ContentType: "application/octet-stream"}, nil, nil); err != nil {
		t.Fatal(err)
	}
	verifier := &SigV4Signer{Credentials: NewSigV4Credentials(testAccessKey, testSecretKey, ""), Region: "us-east-1", Service: "s3", S3: true}
	for i, want := range []string{EmptyPayloadHash, UnsignedPayload, UnsignedPayload} {
		r := srv.request(i)
		if got := r.Header.Get("X-Amz-Content-Sha256"); got != want {
			t.Errorf("request %d: X-Amz-Content-Sha256 %q, want %q", i, got, want)
		}
		verifySigV4(t, verifier, r)
	}
}

// TestSigV4SecretIsNeverShown: the secret and the token appear in no
// formatting of the credentials, the signer or the client, nor in the
// option's error.
func TestSigV4SecretIsNeverShown(t *testing.T) {
	creds := NewSigV4Credentials(testAccessKey, testSecretKey, testToken)
	signer := &SigV4Signer{Credentials: creds, Region: "us-east-1", Service: "s3"}
	c, _ := newTestClient(t, signingSpec(), "http://127.0.0.1:1", WithSigV4(testAccessKey, testSecretKey, testToken, "us-east-1", "s3", true))
	_, err := NewClient(signingSpec(), nil, []Option{WithSigV4(testAccessKey, testSecretKey, testToken, "", "s3", true)})
	if err == nil {
		t.Fatal("a signer without a region was accepted")
	}
	var shown []string
	for _, v := range []any{creds, &creds, signer, *signer, c, *c, err} {
		shown = append(shown, fmt.Sprintf("%v %+v %#v", v, v, v))
	}
	all := strings.Join(shown, "\n")
	for _, secret := range []string{testSecretKey, testToken} {
		if strings.Contains(all, secret) {
			t.Errorf("%q shown:\n%s", secret, all)
		}
	}
}

// Binance's "SIGNED request example (HMAC)", example 1, from
// https://developers.binance.com/docs/binance-spot-api-docs/rest-api/request-security:
// the key, the secret, the query with its timestamp, and the signature the
// page gives for them.
const (
	binanceKey    = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A"
	binanceSecret = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j"
	binanceQuery  = "symbol=LTCBTC&side=BUY&type=LIMIT&timeInForce=GTC&quantity=1&price=0.1&recvWindow=5000"
	binanceSig    = "c8db56825ae71d6d79447849e617115f4a920fa2acdcab2b053c4b2838bd6b71"
)

func binanceSigner() *HMACSigner {
	s := NewHMACSigner(binanceKey, binanceSecret)
	s.Template = "{query}"
	s.Timestamp = Placement{In: "query", Name: "timestamp"}
	s.TimestampFormat = "unix-ms"
	s.Signature = Placement{In: "query", Name: "signature"}
	s.KeyIDAt = Placement{In: "header", Name: "X-MBX-APIKEY"}
	return s
}

// TestHMACQuerySignsBinancesExample: signing the query with its timestamp
// gives the signature Binance's documentation gives, appended last.
func TestHMACQuerySignsBinancesExample(t *testing.T) {
	req, _ := http.NewRequest("POST", "https://api.binance.com/api/v3/order?"+binanceQuery, nil)
	if err := binanceSigner().Sign(req, nil, time.UnixMilli(1499827319559)); err != nil {
		t.Fatal(err)
	}
	want := binanceQuery + "&timestamp=1499827319559&signature=" + binanceSig
	if req.URL.RawQuery != want {
		t.Fatalf("query\n%s\nwant\n%s", req.URL.RawQuery, want)
	}
	if got := req.Header.Get("X-MBX-APIKEY"); got != binanceKey {
		t.Errorf("X-MBX-APIKEY %q", got)
	}
}

// okxStyle signs timestamp, method, path and body into base64 headers,
// the way OKX's REST API does (OK-ACCESS-SIGN).
func okxStyle(secret string) *HMACSigner {
	s := NewHMACSigner("key-id-1", secret)
	s.Template = "{timestamp}{method}{path}{body}"
	s.Base64 = true
	s.TimestampFormat = "rfc3339"
	s.Timestamp = Placement{In: "header", Name: "OK-ACCESS-TIMESTAMP"}
	s.Signature = Placement{In: "header", Name: "OK-ACCESS-SIGN"}
	s.KeyIDAt = Placement{In: "header", Name: "OK-ACCESS-KEY"}
	return s
}

// TestHMACHeadersRetrySignsAgain: a server that recomputes the HMAC with
// crypto/hmac accepts both attempts, and the retry carries its own time.
func TestHMACHeadersRetrySignsAgain(t *testing.T) {
	const secret = "okx-style-secret"
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Retry-After", "3")
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(`{}`))
	})
	c, _ := newTestClient(t, signingSpec(), srv.URL, WithHMACSigning(okxStyle(secret)))
	err := c.Send(context.Background(), &Request{Operation: "placeOrder", Method: "PUT", Path: "/api/v5/trade/order", Body: map[string]string{"instId": "BTC-USDT"}}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if srv.count() != 2 {
		t.Fatalf("%d requests, want 2", srv.count())
	}
	for i := range 2 {
		r := srv.request(i)
		m := hmac.New(sha256.New, []byte(secret))
		m.Write([]byte(r.Header.Get("OK-ACCESS-TIMESTAMP") + r.Method + r.URL.Path + srv.bodies[i]))
		if want := base64.StdEncoding.EncodeToString(m.Sum(nil)); r.Header.Get("OK-ACCESS-SIGN") != want {
			t.Errorf("attempt %d: OK-ACCESS-SIGN %q, the server computes %q", i+1, r.Header.Get("OK-ACCESS-SIGN"), want)
		}
	}
	if srv.request(0).Header.Get("OK-ACCESS-TIMESTAMP") == srv.request(1).Header.Get("OK-ACCESS-TIMESTAMP") {
		t.Error("the retry was sent with the first attempt's timestamp")
	}
}

// TestHMACRefusesToHashAStream: a template over the body cannot sign a
// body the caller streams, and says so rather than buffering it.
func TestHMACRefusesToHashAStream(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.Write([]byte(`{}`)) })
	c, _ := newTestClient(t, signingSpec(), srv.URL, WithHMACSigning(okxStyle("s")))
	err := c.Send(context.Background(), &Request{Operation: "upload", Method: "PUT", Path: "/f", Body: struct{ *strings.Reader }{strings.NewReader("x")}}, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "streamed body") || srv.count() != 0 {
		t.Fatalf("err %v, %d requests sent", err, srv.count())
	}
	if s := fmt.Sprintf("%v %+v %#v", okxStyle("hidden-secret"), okxStyle("hidden-secret"), okxStyle("hidden-secret")); strings.Contains(s, "hidden-secret") {
		t.Errorf("secret shown: %s", s)
	}
}

// TestSigningFromTheSpec: a spec that declares SigV4 signs with the keys of
// WithSigningKeys or, for NewFromEnv, AWS_ACCESS_KEY_ID and its kin; the
// region is the option's, else AWS_REGION, else the spec's; without keys
// New says which variables it read.
func TestSigningFromTheSpec(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.Write([]byte(`{}`)) })
	spec := signingSpec()
	spec.Signing = &SigningSpec{SigV4: true, Service: "s3", S3: true, Region: "us-east-1",
		KeyIDEnv: "AWS_ACCESS_KEY_ID", SecretEnv: "AWS_SECRET_ACCESS_KEY", SessionTokenEnv: "AWS_SESSION_TOKEN", RegionEnv: "AWS_REGION"}
	env := map[string]string{"AWS_ACCESS_KEY_ID": testAccessKey, "AWS_SECRET_ACCESS_KEY": testSecretKey, "AWS_SESSION_TOKEN": testToken, "AWS_REGION": "ap-south-1"}
	lookup := func(k string) (string, bool) { v, ok := env[k]; return v, ok }
	for _, c := range []struct {
		name   string
		lookup func(string) (string, bool)
		opts   []Option
		region string
	}{
		{"from the environment", lookup, nil, "ap-south-1"},
		{"the option's region wins", lookup, []Option{WithSigningRegion("eu-west-3")}, "eu-west-3"},
		{"keys by option, the spec's region", nil, []Option{WithSigningKeys(testAccessKey, testSecretKey, testToken)}, "us-east-1"},
	} {
		t.Run(c.name, func(t *testing.T) {
			n := srv.count()
			cl, err := NewClient(spec, c.lookup, append([]Option{WithBaseURL(srv.URL)}, c.opts...))
			if err != nil {
				t.Fatal(err)
			}
			if err := cl.Send(context.Background(), &Request{Operation: "listBuckets", Method: "GET", Path: "/"}, nil, nil); err != nil {
				t.Fatal(err)
			}
			r := srv.request(n)
			if !strings.Contains(r.Header.Get("Authorization"), "/"+c.region+"/s3/aws4_request") {
				t.Errorf("Authorization %q, want the region %s", r.Header.Get("Authorization"), c.region)
			}
			verifySigV4(t, &SigV4Signer{Credentials: NewSigV4Credentials(testAccessKey, testSecretKey, ""), Region: c.region, Service: "s3", S3: true}, r)
		})
	}
	_, err := NewClient(spec, func(string) (string, bool) { return "", false }, []Option{WithBaseURL(srv.URL)})
	if err == nil || !strings.Contains(err.Error(), "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY") {
		t.Errorf("without keys: %v", err)
	}
	_, err = NewClient(signingSpec(), nil, []Option{WithBaseURL(srv.URL), WithSigningKeys("id", "secret", "")})
	if err == nil || strings.Contains(err.Error(), "secret\"") {
		t.Errorf("signing keys for a provider that does not sign: %v", err)
	}
}

// TestHMACSigningFromTheSpec: a spec that declares an HMAC signs with the
// key ID and secret NewFromEnv reads, as Binance's example does.
func TestHMACSigningFromTheSpec(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.Write([]byte(`{}`)) })
	spec := signingSpec()
	spec.Signing = &SigningSpec{KeyIDEnv: "ACME_KEY_ID", SecretEnv: "ACME_SECRET", HMAC: &HMACSpec{Template: "{query}", TimestampFormat: "unix-ms",
		Timestamp: Placement{"query", "timestamp"}, Signature: Placement{"query", "signature"}, KeyIDAt: Placement{"header", "X-MBX-APIKEY"}}}
	env := map[string]string{"ACME_KEY_ID": binanceKey, "ACME_SECRET": binanceSecret}
	clk := newFakeClock()
	clk.now = time.UnixMilli(1499827319559)
	c, err := NewClient(spec, func(k string) (string, bool) { v, ok := env[k]; return v, ok }, []Option{WithBaseURL(srv.URL), withClock(clk)})
	if err != nil {
		t.Fatal(err)
	}
	q := map[string][]string{"symbol": {"LTCBTC"}}
	if err := c.Send(context.Background(), &Request{Operation: "order", Method: "GET", Path: "/api/v3/order", Query: q}, nil, nil); err != nil {
		t.Fatal(err)
	}
	r := srv.request(0)
	m := hmac.New(sha256.New, []byte(binanceSecret))
	m.Write([]byte("symbol=LTCBTC&timestamp=1499827319559"))
	if want := "symbol=LTCBTC&timestamp=1499827319559&signature=" + hex.EncodeToString(m.Sum(nil)); r.URL.RawQuery != want {
		t.Errorf("query %q, want %q", r.URL.RawQuery, want)
	}
	if r.Header.Get("X-MBX-APIKEY") != binanceKey {
		t.Errorf("key header %q", r.Header.Get("X-MBX-APIKEY"))
	}
	if _, err := NewClient(spec, func(string) (string, bool) { return "", false }, []Option{WithBaseURL(srv.URL)}); err == nil || !strings.Contains(err.Error(), "ACME_KEY_ID and ACME_SECRET") {
		t.Errorf("without keys: %v", err)
	}
}

// TestSigningSecretsAreScrubbedFromErrors: a server that echoes the
// session token (and, were it ever to, the secret) in its error body does
// not put either in the client's error.
func TestSigningSecretsAreScrubbedFromErrors(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"message":"bad token ` + r.Header.Get("X-Amz-Security-Token") + ` for ` + testSecretKey + `"}`))
	})
	for _, opt := range []Option{
		WithSigV4(testAccessKey, testSecretKey, testToken, "us-east-1", "s3", true),
		WithHMACSigning(func() *HMACSigner { s := okxStyle(testSecretKey); return s }()),
	} {
		c, _ := newTestClient(t, signingSpec(), srv.URL, opt)
		err := c.Send(context.Background(), &Request{Operation: "get", Method: "GET", Path: "/x"}, nil, nil)
		if err == nil {
			t.Fatal("a 400 was not an error")
		}
		shown := fmt.Sprintf("%v %+v %#v", err, err, err)
		for _, secret := range []string{testToken, testSecretKey} {
			if strings.Contains(shown, secret) {
				t.Errorf("%q in the error: %s", secret, shown)
			}
		}
	}
}
