package authgenrt

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// S3's chunked upload ("Signature Calculations for the Authorization
// Header: Transferring Payload in Multiple Chunks",
// docs.aws.amazon.com/AmazonS3/latest/API/sigv4-streaming.html): the
// headers are signed with STREAMING-AWS4-HMAC-SHA256-PAYLOAD for the
// payload, the seed signature, and the body goes in aws-chunked chunks,
// each "<hex size>;chunk-signature=<signature>\r\n<data>\r\n", each
// signature chained from the one before, the last chunk empty. A streamed
// body is signed as it is read, never held whole.

// StreamingPayload is X-Amz-Content-Sha256 of an aws-chunked upload.
const StreamingPayload = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD"

// AWSChunkSize is the size of every chunk but the last: 64 KiB, what AWS
// recommends (8 KiB at least).
const AWSChunkSize = 64 << 10

const chunkSignaturePrefix = ";chunk-signature="

// AWSChunkedLength is the length on the wire of decoded bytes sent
// aws-chunked in chunks of chunkSize: each chunk's size in hex, its
// signature and two CRLFs around its data, and the empty last chunk.
func AWSChunkedLength(decoded int64, chunkSize int) int64 {
	frame := func(n int64) int64 {
		return int64(len(strconv.FormatInt(n, 16))+len(chunkSignaturePrefix)+64+2) + n + 2
	}
	full := decoded / int64(chunkSize)
	total := full*frame(int64(chunkSize)) + frame(0)
	if rest := decoded % int64(chunkSize); rest > 0 {
		total += frame(rest)
	}
	return total
}

// SignChunked signs req as an aws-chunked upload of the decodedLength
// bytes req.Body gives, in chunks of chunkSize (AWSChunkSize when 0):
// Content-Encoding aws-chunked, X-Amz-Decoded-Content-Length,
// X-Amz-Content-Sha256 StreamingPayload and the encoded Content-Length are
// signed with every other header, and req.Body is replaced by a reader
// that signs each chunk as it is read, chained from the seed signature.
func (s *SigV4Signer) SignChunked(req *http.Request, decodedLength int64, chunkSize int, now time.Time) error {
	if chunkSize == 0 {
		chunkSize = AWSChunkSize
	}
	if chunkSize < 8<<10 || decodedLength < 0 || req.Body == nil {
		return errors.New("sigv4: an aws-chunked upload needs a body of known length and chunks of 8 KiB or more")
	}
	switch ce := req.Header.Get("Content-Encoding"); {
	case ce == "":
		req.Header.Set("Content-Encoding", "aws-chunked")
	case !strings.Contains(ce, "aws-chunked"):
		req.Header.Set("Content-Encoding", "aws-chunked,"+ce)
	}
	req.Header.Set("X-Amz-Decoded-Content-Length", strconv.FormatInt(decodedLength, 10))
	req.Header.Set("X-Amz-Content-Sha256", StreamingPayload)
	req.ContentLength = AWSChunkedLength(decodedLength, chunkSize)
	req.TransferEncoding = nil
	if err := s.Sign(req, StreamingPayload, now); err != nil {
		return err
	}
	_, seed, _ := strings.Cut(req.Header.Get("Authorization"), "Signature=")
	stamp := now.UTC().Format(sigv4TimeFmt)
	req.Body = &chunkEncoder{
		src: req.Body, chunk: make([]byte, chunkSize), prev: seed,
		key: s.signingKey(stamp[:8]), head: chunkStringToSignHead(stamp, s.Region, s.Service),
	}
	req.GetBody = nil // a redirect cannot replay it: the chunks are signed once
	return nil
}

// chunkStringToSignHead is what every chunk's string to sign begins with:
// the algorithm, the request's time and its scope.
func chunkStringToSignHead(stamp, region, service string) string {
	return "AWS4-HMAC-SHA256-PAYLOAD\n" + stamp + "\n" + stamp[:8] + "/" + region + "/" + service + "/aws4_request\n"
}

// chunkSignature is one chunk's signature: over the previous signature,
// the hash of nothing (no chunk headers) and the hash of its data.
func chunkSignature(key []byte, head, prev string, data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(hmacSHA256(key, []byte(head+prev+"\n"+EmptyPayloadHash+"\n"+hex.EncodeToString(sum[:]))))
}

// chunkEncoder reads the caller's body a chunk at a time and gives it
// framed and signed.
type chunkEncoder struct {
	src   io.ReadCloser
	chunk []byte
	frame []byte // the framed chunk
	out   []byte // what of frame is not read yet
	prev  string // the last signature
	key   []byte
	head  string
	done  bool
}

func (e *chunkEncoder) Read(p []byte) (int, error) {
	for len(e.out) == 0 {
		if e.done {
			return 0, io.EOF
		}
		n, err := io.ReadFull(e.src, e.chunk)
		switch {
		case err == io.EOF || err == io.ErrUnexpectedEOF:
			err = nil
		case err != nil:
			return 0, err
		}
		data := e.chunk[:n]
		e.prev = chunkSignature(e.key, e.head, e.prev, data)
		// One frame buffer for the whole upload: each chunk is framed in
		// it once the one before has been read.
		e.frame = strconv.AppendInt(e.frame[:0], int64(n), 16)
		e.frame = append(e.frame, chunkSignaturePrefix...)
		e.frame = append(e.frame, e.prev...)
		e.frame = append(e.frame, "\r\n"...)
		e.frame = append(e.frame, data...)
		e.frame = append(e.frame, "\r\n"...)
		e.out = e.frame
		e.done = n == 0
	}
	n := copy(p, e.out)
	e.out = e.out[n:]
	return n, nil
}

func (e *chunkEncoder) Close() error { return e.src.Close() }

// ErrChunkSignature is what DecodeChunked says of an aws-chunked body
// whose chunks are not framed or signed as the request's seed says.
var ErrChunkSignature = errors.New("an aws-chunked chunk's signature does not match")

// DecodeChunked checks an aws-chunked body as S3 does and returns its
// data: every chunk's signature chained from the seed signature in req's
// Authorization (which Verify checks), at req's X-Amz-Date, the last
// chunk empty, and the data as long as X-Amz-Decoded-Content-Length says.
func (s *SigV4Signer) DecodeChunked(req *http.Request, body []byte) ([]byte, error) {
	stamp := req.Header.Get("X-Amz-Date")
	_, prev, ok := strings.Cut(req.Header.Get("Authorization"), "Signature=")
	want, err := strconv.ParseInt(req.Header.Get("X-Amz-Decoded-Content-Length"), 10, 64)
	if !ok || len(stamp) < 8 || err != nil {
		return nil, ErrChunkSignature
	}
	key, head := s.signingKey(stamp[:8]), chunkStringToSignHead(stamp, s.Region, s.Service)
	var data []byte
	for {
		line, rest, ok := bytes.Cut(body, []byte("\r\n"))
		size, sig, found := strings.Cut(string(line), chunkSignaturePrefix)
		n, err := strconv.ParseUint(size, 16, 32)
		if !ok || !found || err != nil || uint64(len(rest)) < n+2 || string(rest[n:n+2]) != "\r\n" {
			return nil, ErrChunkSignature
		}
		chunk := rest[:n]
		prev = chunkSignature(key, head, prev, chunk)
		if !hmac.Equal([]byte(sig), []byte(prev)) {
			return nil, ErrChunkSignature
		}
		data = append(data, chunk...)
		body = rest[n+2:]
		if n == 0 {
			break
		}
	}
	if len(body) != 0 || int64(len(data)) != want {
		return nil, ErrChunkSignature
	}
	return data, nil
}
