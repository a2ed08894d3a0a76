package e2e

// The S3-compatible object API (specs/s3objects.yaml): every request is
// signed with AWS Signature Version 4, and the server here checks each
// signature with aws-sdk-go-v2's own signer, as S3 would
// (https://docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html).

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/authgen/authgen/generated/s3objects"
	"github.com/authgen/authgen/generated/s3objects/s3objectsfake"
	"github.com/authgen/authgen/runtime/authgenrt"
)

const (
	s3AccessKey = "AKIAIOSFODNN7EXAMPLE" // the S3 reference's example keys
	s3SecretKey = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
)

// s3Verify recomputes r's signature with the AWS SDK over the headers r
// says it signed, at the time it says it was signed, and returns what the
// SDK makes of it beside what r carries.
func s3Verify(t *testing.T, r *http.Request, region string) (got, want string) {
	t.Helper()
	got = r.Header.Get("Authorization")
	_, rest, _ := strings.Cut(got, "SignedHeaders=")
	signedList, _, _ := strings.Cut(rest, ",")
	check := r.Clone(context.Background())
	check.Header = http.Header{}
	for _, n := range strings.Split(signedList, ";") {
		if n != "host" && n != "content-length" {
			check.Header[http.CanonicalHeaderKey(n)] = r.Header.Values(n)
		}
	}
	check.Header.Del("X-Amz-Date")
	check.Header.Del("X-Amz-Security-Token")
	when, err := time.Parse("20060102T150405Z", r.Header.Get("X-Amz-Date"))
	if err != nil {
		t.Fatalf("X-Amz-Date %q: %v", r.Header.Get("X-Amz-Date"), err)
	}
	creds := aws.Credentials{AccessKeyID: s3AccessKey, SecretAccessKey: s3SecretKey, SessionToken: r.Header.Get("X-Amz-Security-Token")}
	err = v4.NewSigner().SignHTTP(context.Background(), creds, check, r.Header.Get("X-Amz-Content-Sha256"), "s3", region, when, func(o *v4.SignerOptions) { o.DisableURIPathEscaping = true })
	if err != nil {
		t.Fatal(err)
	}
	return got, check.Header.Get("Authorization")
}

// fakeS3 answers as S3 does; it refuses a request whose signature the
// SDK does not reproduce with S3's SignatureDoesNotMatch.
func fakeS3(t *testing.T, region string, first func(w http.ResponseWriter) bool) *recorder {
	var mu sync.Mutex
	n := 0
	return newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if got, want := s3Verify(t, r, region); got != want {
			w.WriteHeader(http.StatusForbidden)
			io.WriteString(w, `<Error><Code>SignatureDoesNotMatch</Code></Error>`)
			return
		}
		mu.Lock()
		n++
		isFirst := n == 1
		mu.Unlock()
		if isFirst && first != nil && first(w) {
			return
		}
		switch r.Method {
		case http.MethodDelete:
			w.WriteHeader(http.StatusNoContent)
		case http.MethodGet:
			io.WriteString(w, "object bytes")
		}
	})
}

// TestS3ObjectsSignsEveryOperation: each operation reaches the server
// signed for s3 in the region, with a key holding a space, unicode and a
// reserved character, and the SDK computes the same Authorization.
func TestS3ObjectsSignsEveryOperation(t *testing.T) {
	srv := fakeS3(t, "eu-west-1", nil)
	c, err := s3objects.New(s3objects.WithBaseURL(srv.URL), s3objects.WithSigning(s3AccessKey, s3SecretKey, ""), s3objects.WithSigningRegion("eu-west-1"))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	key := "photos 2026/été (1).jpg"
	if err := c.PutObject(ctx, "my-bucket", key, &s3objects.PutObjectParams{Body: bytes.NewReader([]byte("jpeg"))}); err != nil {
		t.Fatal(err)
	}
	body, err := c.GetObject(ctx, "my-bucket", key)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(body)
	body.Close()
	if string(got) != "object bytes" {
		t.Errorf("GetObject %q", got)
	}
	if err := c.DeleteObject(ctx, "my-bucket", key); err != nil {
		t.Fatal(err)
	}
	list, err := c.ListBuckets(ctx)
	if err != nil {
		t.Fatal(err)
	}
	list.Close()
	if srv.count() != 4 {
		t.Fatalf("%d requests, want 4", srv.count())
	}
	for i, r := range srv.requests {
		if !strings.Contains(r.Header.Get("Authorization"), "/eu-west-1/s3/aws4_request") {
			t.Errorf("request %d: Authorization %q", i, r.Header.Get("Authorization"))
		}
	}
	// The spec says streamedBody: aws-chunked, and a *bytes.Reader has a
	// length: the seed signature the SDK reproduced is over the
	// streaming payload.
	if put := srv.requests[0]; put.Header.Get("X-Amz-Content-Sha256") != "STREAMING-AWS4-HMAC-SHA256-PAYLOAD" || put.Header.Get("Content-Encoding") != "aws-chunked" {
		t.Errorf("a streamed PutObject body signed as %q, want STREAMING-AWS4-HMAC-SHA256-PAYLOAD", put.Header.Get("X-Amz-Content-Sha256"))
	}
}

// TestS3ObjectsRetrySignsAgain: a 503 with Retry-After is retried, and the
// retry is signed at its own time on the client's clock; both signatures
// verify. NewFromEnv's AWS_* variables give the keys and the region.
func TestS3ObjectsRetrySignsAgain(t *testing.T) {
	srv := fakeS3(t, "us-west-2", func(w http.ResponseWriter) bool {
		w.Header().Set("Retry-After", "5")
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, `<Error><Code>SlowDown</Code></Error>`)
		return true
	})
	t.Setenv("AWS_ACCESS_KEY_ID", s3AccessKey)
	t.Setenv("AWS_SECRET_ACCESS_KEY", s3SecretKey)
	t.Setenv("AWS_SESSION_TOKEN", "FwoGZXIvYXdzEXAMPLETOKEN")
	t.Setenv("AWS_REGION", "us-west-2")
	var mu sync.Mutex
	var lead time.Duration
	now := func() time.Time { mu.Lock(); defer mu.Unlock(); return time.Now().Add(lead) }
	sleep := func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		lead += d
		return ctx.Err()
	}
	c, err := s3objects.NewFromEnv(s3objects.WithBaseURL(srv.URL), s3objects.WithClock(now, sleep))
	if err != nil {
		t.Fatal(err)
	}
	if err := c.DeleteObject(context.Background(), "b", "k"); err != nil {
		t.Fatal(err)
	}
	if srv.count() != 2 {
		t.Fatalf("%d requests, want 2 (a 503, then the retry)", srv.count())
	}
	first, second := srv.requests[0], srv.requests[1]
	d1, _ := time.Parse("20060102T150405Z", first.Header.Get("X-Amz-Date"))
	d2, _ := time.Parse("20060102T150405Z", second.Header.Get("X-Amz-Date"))
	if d2.Sub(d1) < 5*time.Second {
		t.Errorf("X-Amz-Date %v then %v: the retry was not signed at its own time", d1, d2)
	}
	if first.Header.Get("Authorization") == second.Header.Get("Authorization") {
		t.Error("the retry carries the first attempt's signature")
	}
	if second.Header.Get("X-Amz-Security-Token") != "FwoGZXIvYXdzEXAMPLETOKEN" {
		t.Errorf("session token %q", second.Header.Get("X-Amz-Security-Token"))
	}
}

// TestS3ObjectsNeedsKeys: without keys New says which variables it read,
// and the secret appears in no error.
func TestS3ObjectsNeedsKeys(t *testing.T) {
	t.Setenv("AWS_ACCESS_KEY_ID", "")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "")
	if _, err := s3objects.NewFromEnv(); err == nil || !strings.Contains(err.Error(), "AWS_SECRET_ACCESS_KEY") {
		t.Errorf("NewFromEnv without keys: %v", err)
	}
	_, err := s3objects.New(s3objects.WithSigning(s3AccessKey, s3SecretKey, ""), s3objects.WithSigningRegion(""))
	if err == nil || strings.Contains(err.Error(), s3SecretKey) {
		t.Errorf("an empty region: %v", err)
	}
}

// TestS3ObjectsFakeChecksSignatures: the generated fake checks every
// signature as S3 does. Its own client (fake.Client, and NewFromEnv with
// fake.Env) is accepted on every operation; a wrong secret is refused 403
// SignatureDoesNotMatch in the spec's envelope and the handler never runs.
// A client whose clock is 20 minutes behind the fake's is refused 403
// RequestTimeTooSkewed once, learns the fake's time from the answer's Date
// and passes signed again.
func TestS3ObjectsFakeChecksSignatures(t *testing.T) {
	fake := s3objectsfake.NewServer(t)
	handled := 0
	fake.OnGetObject(func(ctx context.Context, bucket, key string) (io.ReadCloser, error) {
		handled++
		return io.NopCloser(strings.NewReader("object bytes")), nil
	})
	fake.OnPutObject(func(ctx context.Context, bucket, key string, params *s3objects.PutObjectParams) error {
		handled++
		return nil
	})
	ctx := context.Background()
	c := fake.Client()
	if err := c.PutObject(ctx, "my-bucket", "photos 2026/été (1).jpg", &s3objects.PutObjectParams{Body: bytes.NewReader([]byte("jpeg"))}); err != nil {
		t.Fatalf("PutObject signed by the fake's client: %v", err)
	}
	for k, v := range fake.Env() {
		t.Setenv(k, v)
	}
	fromEnv, err := s3objects.NewFromEnv(fake.Options()...)
	if err != nil {
		t.Fatal(err)
	}
	body, err := fromEnv.GetObject(ctx, "my-bucket", "a+b=c")
	if err != nil {
		t.Fatalf("GetObject signed from fake.Env: %v", err)
	}
	body.Close()

	wrong, err := s3objects.New(append(fake.Options(), s3objects.WithSigning("fake-signing-key-id", "not-the-secret", ""))...)
	if err != nil {
		t.Fatal(err)
	}
	behind := func() time.Time { return fake.Clock().Now().Add(-20 * time.Minute) }
	skewed, err := s3objects.New(fake.Options()[0], s3objects.WithClock(behind, fake.Clock().Sleep), s3objects.WithSigning("fake-signing-key-id", "fake-signing-secret", ""))
	if err != nil {
		t.Fatal(err)
	}
	_, err = wrong.GetObject(ctx, "my-bucket", "k")
	var apiErr *s3objects.APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusForbidden || apiErr.Code != "SignatureDoesNotMatch" {
		t.Errorf("wrong secret: %v, want a 403 SignatureDoesNotMatch", err)
	}
	if handled != 2 {
		t.Errorf("the handlers ran %d times, want 2 (the refused request never reaches them)", handled)
	}
	before := len(fake.Requests())
	body, err = skewed.GetObject(ctx, "my-bucket", "k")
	if err != nil {
		t.Fatalf("a clock 20 minutes behind, corrected from the fake's Date: %v", err)
	}
	body.Close()
	if n := len(fake.Requests()) - before; n != 2 {
		t.Errorf("%d requests for the skewed client's call, want 2 (RequestTimeTooSkewed, then signed again)", n)
	}
}

// TestS3ObjectsPresignedURLs: a URL from the generated Presign<Operation>
// methods works with no credential, as S3's presigned URLs do: a plain GET
// of PresignGetObject's URL reads the object, a PUT of PresignPutObject's
// URL with its SignedHeader and any body stores it (UNSIGNED-PAYLOAD), and
// the fake checks the signature in the query as S3 does: the URL for
// another key is refused 403 SignatureDoesNotMatch, the URL past its
// expiry 403 AccessDenied, and the handlers never see either.
func TestS3ObjectsPresignedURLs(t *testing.T) {
	fake := s3objectsfake.NewServer(t)
	var stored []byte
	handled := 0
	fake.OnPutObject(func(ctx context.Context, bucket, key string, params *s3objects.PutObjectParams) error {
		handled++
		stored, _ = io.ReadAll(params.Body)
		return nil
	})
	fake.OnGetObject(func(ctx context.Context, bucket, key string) (io.ReadCloser, error) {
		handled++
		return io.NopCloser(bytes.NewReader(append([]byte(bucket+"/"+key+": "), stored...))), nil
	})
	ctx := context.Background()
	c := fake.Client()
	key := "photos 2026/été (1)+[x].jpg"
	put, err := c.PresignPutObject(ctx, "my-bucket", key, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(put.Method, put.URL, strings.NewReader("jpeg bytes"))
	for k, vs := range put.SignedHeader {
		req.Header[k] = vs
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode/100 != 2 {
		t.Fatalf("PUT of the presigned URL: %v %v", resp, err)
	}
	resp.Body.Close()

	get, err := c.PresignGetObject(ctx, "my-bucket", key, 0)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(get.URL, "fake-signing-secret") || req.Header.Get("Authorization") != "" {
		t.Fatalf("the presigned URL carries the secret or a header credential: %s", get.URL)
	}
	resp, err = http.Get(get.URL)
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(got) != "my-bucket/"+key+": jpeg bytes" {
		t.Fatalf("GET of the presigned URL: %d %q", resp.StatusCode, got)
	}

	other, err := c.PresignGetObject(ctx, "my-bucket", "other", 0)
	if err != nil {
		t.Fatal(err)
	}
	forged := strings.Replace(other.URL, "/other?", "/secret?", 1)
	expectRefusal := func(what, u, code string) {
		t.Helper()
		resp, err := http.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), code) {
			t.Errorf("%s: %d %s, want 403 %s", what, resp.StatusCode, body, code)
		}
	}
	expectRefusal("the URL for another key", forged, "SignatureDoesNotMatch")
	fake.Clock().Sleep(ctx, 16*time.Minute) // past DefaultPresignExpires
	expectRefusal("the URL past its expiry", get.URL, "AccessDenied")
	if handled != 2 {
		t.Errorf("the handlers ran %d times, want 2", handled)
	}
}

// TestS3ObjectsChunkedUploads: with streamedBody: aws-chunked, PutObject
// of a body of known length (200 KiB from a *bytes.Reader, four chunks)
// goes aws-chunked and the fake, checking every chunk's signature as S3
// does, hands the handler the bytes the caller gave; a body of unknown
// length (a plain io.Reader) goes UNSIGNED-PAYLOAD and arrives whole too.
// A chunked upload with one data byte changed after signing is refused 403
// SignatureDoesNotMatch, and its handler never runs.
func TestS3ObjectsChunkedUploads(t *testing.T) {
	fake := s3objectsfake.NewServer(t)
	var got [][]byte
	fake.OnPutObject(func(ctx context.Context, bucket, key string, params *s3objects.PutObjectParams) error {
		b, err := io.ReadAll(params.Body)
		got = append(got, b)
		return err
	})
	ctx := context.Background()
	c := fake.Client()
	object := bytes.Repeat([]byte("chunked upload "), 200<<10/15)
	if err := c.PutObject(ctx, "my-bucket", "big.bin", &s3objects.PutObjectParams{Body: bytes.NewReader(object)}); err != nil {
		t.Fatalf("a chunked upload: %v", err)
	}
	if err := c.PutObject(ctx, "my-bucket", "stream.bin", &s3objects.PutObjectParams{Body: io.MultiReader(strings.NewReader("of unknown "), strings.NewReader("length"))}); err != nil {
		t.Fatalf("an upload of unknown length: %v", err)
	}
	reqs := fake.Requests()
	if len(got) != 2 || !bytes.Equal(got[0], object) || string(got[1]) != "of unknown length" {
		t.Fatalf("the handler got %d bodies", len(got))
	}
	if h := reqs[0].Header; h.Get("X-Amz-Content-Sha256") != authgenrt.StreamingPayload || h.Get("X-Amz-Decoded-Content-Length") != strconv.Itoa(len(object)) || strings.Count(string(reqs[0].Body), ";chunk-signature=") != 5 {
		t.Errorf("the first upload was not sent in signed chunks: %v", h)
	}
	if h := reqs[1].Header; h.Get("X-Amz-Content-Sha256") != authgenrt.UnsignedPayload {
		t.Errorf("the upload of unknown length: X-Amz-Content-Sha256 %q", h.Get("X-Amz-Content-Sha256"))
	}

	// A chunk changed in flight: signed with the fake's own keys, then one
	// byte of data flipped.
	signer := &authgenrt.SigV4Signer{Credentials: authgenrt.NewSigV4Credentials("fake-signing-key-id", "fake-signing-secret", ""), Region: "us-east-1", Service: "s3", S3: true}
	req, _ := http.NewRequest("PUT", fake.URL()+"/my-bucket/tampered.bin", bytes.NewReader(object))
	if err := signer.SignChunked(req, int64(len(object)), 0, fake.Clock().Now()); err != nil {
		t.Fatal(err)
	}
	wire, _ := io.ReadAll(req.Body)
	wire[1000] ^= 1
	req.Body = io.NopCloser(bytes.NewReader(wire))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden || !strings.Contains(string(body), "SignatureDoesNotMatch") || len(got) != 2 {
		t.Errorf("a changed chunk: %d %s (handler ran %d times)", resp.StatusCode, body, len(got))
	}
}
