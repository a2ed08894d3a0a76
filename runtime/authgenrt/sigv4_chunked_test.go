package authgenrt

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// The example of "Signature Calculations for the Authorization Header:
// Transferring Payload in Multiple Chunks (Chunked Upload)", Amazon S3 API
// Reference, https://docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html
// ("Example: PUT Object"): 66560 bytes of 'a' put to
// /examplebucket/chunkObject.txt on s3.amazonaws.com in 64 KiB chunks,
// with x-amz-storage-class REDUCED_REDUNDANCY, on 20130524T000000Z in
// us-east-1, with the documentation's example keys.
const (
	chunkedExampleSeed   = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9"
	chunkedExampleSigned = "content-encoding;content-length;host;x-amz-content-sha256;x-amz-date;x-amz-decoded-content-length;x-amz-storage-class"
)

var chunkedExampleBody = "10000;chunk-signature=ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648\r\n" + strings.Repeat("a", 65536) + "\r\n" +
	"400;chunk-signature=0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497\r\n" + strings.Repeat("a", 1024) + "\r\n" +
	"0;chunk-signature=b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9\r\n\r\n"

func chunkedExampleSigner() *SigV4Signer {
	return &SigV4Signer{Credentials: NewSigV4Credentials("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""), Region: "us-east-1", Service: "s3", S3: true}
}

// onlyReader hides every method but Read: a body the signer can only
// stream, as a caller's pipe or socket.
type onlyReader struct{ io.Reader }

// TestSignChunkedAWSExample: SignChunked gives AWS's documented chunked
// upload byte for byte: the seed signature over the documented signed
// headers, Content-Length 66824, and the body, whose three chunk
// signatures chain from the seed, read from a reader that only streams.
// Verify takes the seed signature (the chunks are not its to hash) and
// DecodeChunked gives back the 66560 bytes, and refuses the body with one
// byte changed, a chunk dropped, or the wrong decoded length.
func TestSignChunkedAWSExample(t *testing.T) {
	s := chunkedExampleSigner()
	req, _ := http.NewRequest("PUT", "https://s3.amazonaws.com/examplebucket/chunkObject.txt", onlyReader{strings.NewReader(strings.Repeat("a", 66560))})
	req.Header.Set("X-Amz-Storage-Class", "REDUCED_REDUNDANCY")
	if err := s.SignChunked(req, 66560, 64<<10, time.Date(2013, 5, 24, 0, 0, 0, 0, time.UTC)); err != nil {
		t.Fatal(err)
	}
	want := "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, SignedHeaders=" + chunkedExampleSigned + ", Signature=" + chunkedExampleSeed
	if got := req.Header.Get("Authorization"); got != want {
		t.Errorf("Authorization\n got %s\nwant %s", got, want)
	}
	for k, v := range map[string]string{"Content-Encoding": "aws-chunked", "X-Amz-Decoded-Content-Length": "66560", "X-Amz-Content-Sha256": StreamingPayload} {
		if req.Header.Get(k) != v {
			t.Errorf("%s = %q, want %q", k, req.Header.Get(k), v)
		}
	}
	if req.ContentLength != 66824 || AWSChunkedLength(66560, 64<<10) != 66824 {
		t.Errorf("Content-Length %d, want 66824", req.ContentLength)
	}
	body, err := io.ReadAll(req.Body)
	if err != nil {
		t.Fatal(err)
	}
	if string(body) != chunkedExampleBody {
		t.Errorf("the body is not AWS's example (%d bytes, want %d): begins %.120q", len(body), len(chunkedExampleBody), body)
	}

	arrived := func(body string, decoded string) (*http.Request, []byte) {
		r, _ := http.NewRequest("PUT", "https://s3.amazonaws.com/examplebucket/chunkObject.txt", nil)
		r.Header = req.Header.Clone()
		r.Header.Set("X-Amz-Decoded-Content-Length", decoded)
		r.ContentLength = int64(len(body))
		return r, []byte(body)
	}
	r, b := arrived(chunkedExampleBody, "66560")
	if _, err := s.Verify(r, b); err != nil {
		t.Fatalf("Verify refuses the example's seed signature: %v", err)
	}
	data, err := s.DecodeChunked(r, b)
	if err != nil || string(data) != strings.Repeat("a", 66560) {
		t.Fatalf("DecodeChunked: %d bytes, %v", len(data), err)
	}
	for name, bad := range map[string]string{
		"a byte changed":  chunkedExampleBody[:100] + "b" + chunkedExampleBody[101:],
		"a chunk dropped": chunkedExampleBody[:strings.Index(chunkedExampleBody, "400;")] + chunkedExampleBody[strings.Index(chunkedExampleBody, "0;chunk"):],
		"no last chunk":   chunkedExampleBody[:strings.Index(chunkedExampleBody, "0;chunk")],
	} {
		r, b := arrived(bad, "66560")
		if _, err := s.DecodeChunked(r, b); err == nil {
			t.Errorf("%s: decoded", name)
		}
	}
	if r, b := arrived(chunkedExampleBody, "66561"); func() error { _, err := s.DecodeChunked(r, b); return err }() == nil {
		t.Error("the wrong decoded length: decoded")
	}
}

// TestChunkedUploadsStream: a client whose spec says streamedBody:
// aws-chunked sends a streamed body of known length (here 70000 bytes
// from a reader that seeks) aws-chunked, each chunk signed and chained
// from the seed, which the receiver checks and decodes to the bytes the
// caller gave; the retry after a 503 reads the body again and signs new
// chunks. A reader of unknown length (no Seek) goes UNSIGNED-PAYLOAD, as
// S3 wants a decoded length for every chunked upload.
func TestChunkedUploadsStream(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.WriteHeader(http.StatusServiceUnavailable)
			return
		}
		w.Write([]byte(`{}`))
	})
	spec := signingSpec()
	spec.Signing = &SigningSpec{SigV4: true, Service: "s3", Region: "us-east-1", S3: true, AWSChunked: true}
	c, _ := newTestClient(t, spec, srv.URL, WithSigningKeys(testAccessKey, testSecretKey, ""))
	ctx := context.Background()
	object := strings.Repeat("0123456789", 7000)
	if err := c.Send(ctx, &Request{Operation: "put", Method: "PUT", Path: "/b/k", Body: strings.NewReader(object), ContentType: "application/octet-stream"}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if err := c.Send(ctx, &Request{Operation: "put", Method: "PUT", Path: "/b/k", Body: onlyReader{strings.NewReader("of unknown length")}, ContentType: "application/octet-stream"}, nil, nil); err != nil {
		t.Fatal(err)
	}
	verifier := &SigV4Signer{Credentials: NewSigV4Credentials(testAccessKey, testSecretKey, ""), Region: "us-east-1", Service: "s3", S3: true}
	if srv.count() != 3 {
		t.Fatalf("%d requests, want 3", srv.count())
	}
	for i := range 2 {
		r := srv.request(i)
		if r.Header.Get("X-Amz-Content-Sha256") != StreamingPayload || r.Header.Get("Content-Encoding") != "aws-chunked" || r.Header.Get("X-Amz-Decoded-Content-Length") != "70000" || r.ContentLength != AWSChunkedLength(70000, AWSChunkSize) {
			t.Fatalf("attempt %d: headers %v, Content-Length %d", i+1, r.Header, r.ContentLength)
		}
		body := []byte(srv.bodies[i])
		if _, err := verifier.Verify(r, body); err != nil {
			t.Fatalf("attempt %d: seed signature: %v", i+1, err)
		}
		data, err := verifier.DecodeChunked(r, body)
		if err != nil || string(data) != object {
			t.Fatalf("attempt %d: %d bytes decoded, %v", i+1, len(data), err)
		}
	}
	r := srv.request(2)
	if r.Header.Get("X-Amz-Content-Sha256") != UnsignedPayload || r.Header.Get("Content-Encoding") != "" || srv.bodies[2] != "of unknown length" {
		t.Errorf("a stream of unknown length: %v %q", r.Header, srv.bodies[2])
	}
	verifySigV4(t, verifier, r)
}
