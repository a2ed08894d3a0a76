package authgenrt

import (
	"cmp"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// ErrSignatureMismatch is what a verifier says of a request whose
// signature is not the one its secret makes (or that carries none).
var ErrSignatureMismatch = errors.New("the request's signature does not match")

// Verify checks req's SigV4 Authorization as the service does: the
// canonical request rebuilt from what arrived, over the headers the
// request says it signed, at the time it says it was signed, with this
// signer's secret. signedAt is that time (zero when the request carries
// none); a body whose hash is not the one signed does not match, and
// an aws-chunked body (StreamingPayload) is DecodeChunked's to check.
// A fake provider checks its clients with it.
func (s *SigV4Signer) Verify(req *http.Request, body []byte) (signedAt time.Time, err error) {
	stamp := req.Header.Get("X-Amz-Date")
	signedAt, perr := time.Parse(sigv4TimeFmt, stamp)
	if perr != nil {
		return time.Time{}, ErrSignatureMismatch
	}
	auth := req.Header.Get("Authorization")
	_, rest, ok := strings.Cut(auth, "SignedHeaders=")
	if !ok || !strings.HasPrefix(auth, sigv4Algorithm+" Credential="+s.Credentials.AccessKeyID+"/") {
		return signedAt, ErrSignatureMismatch
	}
	signedList, _, _ := strings.Cut(rest, ",")
	payloadHash := req.Header.Get("X-Amz-Content-Sha256")
	switch {
	case payloadHash == StreamingPayload:
		// aws-chunked: each chunk carries its own signature, chained from
		// this one; DecodeChunked checks them.
	case payloadHash == "" && !s.S3 && !s.PayloadHeader:
		sum := sha256.Sum256(body)
		payloadHash = hex.EncodeToString(sum[:])
	case payloadHash != UnsignedPayload:
		sum := sha256.Sum256(body)
		if payloadHash != hex.EncodeToString(sum[:]) {
			return signedAt, ErrSignatureMismatch
		}
	}
	header := http.Header{}
	for _, n := range strings.Split(signedList, ";") {
		if n != "host" && n != "content-length" {
			header[http.CanonicalHeaderKey(n)] = req.Header.Values(n)
		}
	}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	contentLength := req.ContentLength
	if !strings.Contains(";"+signedList+";", ";content-length;") {
		contentLength = 0
	}
	creq, _ := s.canonicalRequest(req.Method, req.URL.EscapedPath(), req.URL.RawQuery, host, contentLength, header, payloadHash)
	scope := stamp[:8] + "/" + s.Region + "/" + s.Service + "/aws4_request"
	want := sigv4Algorithm + " Credential=" + s.Credentials.AccessKeyID + "/" + scope + ", SignedHeaders=" + signedList + ", Signature=" + s.signature(stamp, scope, creq)
	if !hmac.Equal([]byte(auth), []byte(want)) {
		return signedAt, ErrSignatureMismatch
	}
	return signedAt, nil
}

// Verify checks req's signature as the vendor does: the timestamp and
// nonce read from where they were sent, the signature taken off the
// query when it went there, and the text signed again with this signer's
// secret. signedAt is the timestamp sent (zero when none or unreadable).
func (s *HMACSigner) Verify(req *http.Request, body []byte) (signedAt time.Time, err error) {
	query := req.URL.RawQuery
	got := s.read(req, s.Signature)
	if s.Signature.In == "query" {
		// The signature went last; what was signed is the query before it.
		tail := url.QueryEscape(s.Signature.Name) + "=" + url.QueryEscape(got)
		switch {
		case query == tail:
			query = ""
		case strings.HasSuffix(query, "&"+tail):
			query = strings.TrimSuffix(query, "&"+tail)
		default:
			return time.Time{}, ErrSignatureMismatch
		}
	}
	ts := s.read(req, s.Timestamp)
	signedAt = s.parseTimestamp(ts)
	if s.KeyIDAt.Name != "" && s.read(req, s.KeyIDAt) != s.KeyID {
		return signedAt, ErrSignatureMismatch
	}
	want, err := s.signatureOf(req.Method, req.URL.EscapedPath(), query, ts, s.read(req, s.Nonce), body)
	if err != nil || got == "" || !hmac.Equal([]byte(got), []byte(want)) {
		return signedAt, ErrSignatureMismatch
	}
	return signedAt, nil
}

// read is the value sent at p ("" when p names none).
func (s *HMACSigner) read(req *http.Request, p Placement) string {
	switch {
	case p.Name == "":
		return ""
	case p.In == "query":
		return req.URL.Query().Get(p.Name)
	}
	return req.Header.Get(p.Name)
}

func (s *HMACSigner) parseTimestamp(ts string) time.Time {
	if ts == "" {
		return time.Time{}
	}
	if s.TimestampFormat == "rfc3339" {
		t, _ := time.Parse(time.RFC3339, ts)
		return t
	}
	n, err := strconv.ParseInt(ts, 10, 64)
	if err != nil {
		return time.Time{}
	}
	if s.TimestampFormat == "unix-ms" {
		return time.UnixMilli(n)
	}
	return time.Unix(n, 0)
}

// NewSigner is the signer spec describes with the key ID and secret
// given: what a client of spec signs with, and what a fake of it checks
// requests with. region replaces the spec's SigV4 region when not empty.
func NewSigner(spec *SigningSpec, keyID, secret, region string) (*SigV4Signer, *HMACSigner) {
	if spec.SigV4 {
		return &SigV4Signer{Credentials: NewSigV4Credentials(keyID, secret, ""), Region: cmp.Or(region, spec.Region), Service: spec.Service, S3: spec.S3}, nil
	}
	h := spec.HMAC
	if h == nil {
		return nil, nil
	}
	return nil, &HMACSigner{KeyID: keyID, secret: seal(secret), Template: h.Template, SHA512: h.SHA512, Base64: h.Base64, Ed25519: h.Ed25519,
		TimestampFormat: h.TimestampFormat, Signature: h.Signature, Timestamp: h.Timestamp, Nonce: h.Nonce, KeyIDAt: h.KeyIDAt, MaxSkew: spec.ClockSkew}
}

// ErrPresignExpired is what VerifyPresigned says of a URL past its
// X-Amz-Date + X-Amz-Expires, or dated in the future.
var ErrPresignExpired = errors.New("the presigned request has expired")

// IsPresigned reports whether req carries its SigV4 signature in its
// query (a presigned URL) rather than in Authorization.
func IsPresigned(req *http.Request) bool {
	return req.Header.Get("Authorization") == "" && req.URL.Query().Has("X-Amz-Signature")
}

// VerifyPresigned checks a presigned request as S3 does: the canonical
// request rebuilt from the query without X-Amz-Signature, the headers
// X-Amz-SignedHeaders names and UNSIGNED-PAYLOAD, with this signer's
// secret; then now within X-Amz-Date .. X-Amz-Date + X-Amz-Expires.
func (s *SigV4Signer) VerifyPresigned(req *http.Request, now time.Time) error {
	q := req.URL.Query()
	stamp := q.Get("X-Amz-Date")
	signedAt, err := time.Parse(sigv4TimeFmt, stamp)
	expires, err2 := strconv.Atoi(q.Get("X-Amz-Expires"))
	if err != nil || err2 != nil || q.Get("X-Amz-Algorithm") != sigv4Algorithm {
		return ErrSignatureMismatch
	}
	scope := stamp[:8] + "/" + s.Region + "/" + s.Service + "/aws4_request"
	if q.Get("X-Amz-Credential") != s.Credentials.AccessKeyID+"/"+scope {
		return ErrSignatureMismatch
	}
	// The query as sent, without the signature: every other pair keeps
	// its bytes, so the canonical query is the one the signer made.
	var kept []string
	var sig string
	for _, pair := range strings.Split(req.URL.RawQuery, "&") {
		if v, ok := strings.CutPrefix(pair, "X-Amz-Signature="); ok {
			sig = v
			continue
		}
		kept = append(kept, pair)
	}
	header := http.Header{}
	signedList := q.Get("X-Amz-SignedHeaders")
	for _, n := range strings.Split(signedList, ";") {
		if n != "host" && n != "content-length" {
			header[http.CanonicalHeaderKey(n)] = req.Header.Values(n)
		}
	}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	contentLength := req.ContentLength
	if !strings.Contains(";"+signedList+";", ";content-length;") {
		contentLength = 0
	}
	creq, signed := s.canonicalRequest(req.Method, req.URL.EscapedPath(), strings.Join(kept, "&"), host, contentLength, header, UnsignedPayload)
	if signed != signedList || !hmac.Equal([]byte(sig), []byte(s.signature(stamp, scope, creq))) {
		return ErrSignatureMismatch
	}
	if now.Before(signedAt.Add(-sigV4MaxSkew)) || now.After(signedAt.Add(time.Duration(expires)*time.Second)) {
		return ErrPresignExpired
	}
	return nil
}
