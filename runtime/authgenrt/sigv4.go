package authgenrt

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"
)

// AWS Signature Version 4, as AWS documents it ("Create a signed AWS API
// request", docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html):
// a canonical request, a string to sign over its hash, and an HMAC chain
// from the secret through date, region and service. Tested against AWS's
// published test suite (testdata/sigv4) and, in the root module, byte for
// byte against aws-sdk-go-v2's signer.

const (
	sigv4Algorithm = "AWS4-HMAC-SHA256"
	sigv4TimeFmt   = "20060102T150405Z"
	// EmptyPayloadHash is the SHA-256 of no bytes, the payload hash of a
	// request without a body.
	EmptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
	// UnsignedPayload stands for the payload hash of a body that is
	// streamed rather than read twice; S3 accepts it.
	UnsignedPayload = "UNSIGNED-PAYLOAD"
)

// SigV4Credentials are what a SigV4 signature is made with. The secret is
// sealed: it never shows in %v, errors or logs.
type SigV4Credentials struct {
	AccessKeyID  string
	secret       sealed
	sessionToken sealed
}

// NewSigV4Credentials seals secret and the optional session token.
func NewSigV4Credentials(accessKeyID, secret, sessionToken string) SigV4Credentials {
	return SigV4Credentials{AccessKeyID: accessKeyID, secret: seal(secret), sessionToken: seal(sessionToken)}
}

// String never shows the secret or the token.
func (c SigV4Credentials) String() string {
	return "SigV4Credentials{AccessKeyID: " + c.AccessKeyID + ", secret: [REDACTED]}"
}

// GoString keeps %#v as quiet as %v.
func (c SigV4Credentials) GoString() string { return c.String() }

// SigV4Signer signs requests for one service in one region.
type SigV4Signer struct {
	Credentials SigV4Credentials
	Region      string
	Service     string
	// S3 signs the way S3 checks: each path segment encoded once, the
	// path not normalised, and X-Amz-Content-Sha256 always sent and
	// signed. Every other service encodes the path as sent once more and
	// removes dot segments and empty segments.
	S3 bool
	// PayloadHeader sends and signs X-Amz-Content-Sha256 (always with S3).
	PayloadHeader bool
	// Unnormalized keeps the path's dot and empty segments (S3 implies it).
	Unnormalized bool
}

func (s *SigV4Signer) validate() error {
	switch {
	case s.Credentials.AccessKeyID == "":
		return errors.New("sigv4: no access key ID")
	case s.Credentials.secret.reveal() == "":
		return errors.New("sigv4: no secret access key")
	case s.Region == "":
		return errors.New("sigv4: no region")
	case s.Service == "":
		return errors.New("sigv4: no service")
	}
	return nil
}

// Sign adds X-Amz-Date, the session token, X-Amz-Content-Sha256 (S3 or
// PayloadHeader) and Authorization to req. payloadHash is the hex SHA-256
// of the body, EmptyPayloadHash, or UnsignedPayload for a streamed body.
// Every other header must be final: they are all signed.
func (s *SigV4Signer) Sign(req *http.Request, payloadHash string, now time.Time) error {
	if err := s.validate(); err != nil {
		return err
	}
	stamp := now.UTC().Format(sigv4TimeFmt)
	req.Header.Del("Authorization")
	req.Header.Set("X-Amz-Date", stamp)
	if tok := s.Credentials.sessionToken.reveal(); tok != "" {
		req.Header.Set("X-Amz-Security-Token", tok)
	}
	if s.S3 || s.PayloadHeader {
		req.Header.Set("X-Amz-Content-Sha256", payloadHash)
	}
	if s.S3 {
		sendAsSigned(req)
	}
	host := req.Host
	if host == "" {
		host = req.URL.Host
	}
	creq, signed := s.canonicalRequest(req.Method, req.URL.EscapedPath(), req.URL.RawQuery, host, req.ContentLength, req.Header, payloadHash)
	scope := stamp[:8] + "/" + s.Region + "/" + s.Service + "/aws4_request"
	sig := s.signature(stamp, scope, creq)
	req.Header.Set("Authorization", sigv4Algorithm+" Credential="+s.Credentials.AccessKeyID+"/"+scope+", SignedHeaders="+signed+", Signature="+sig)
	return nil
}

// sendAsSigned makes the path S3 receives the one signed: each segment
// in AWS's encoding ('(' as %28, a space as %20), which net/url would
// otherwise send in its own. A server that checks the path as it arrives
// and one that decodes and encodes it again then agree. The URL is
// copied: attempts share the request's target.
func sendAsSigned(req *http.Request) {
	p := (&SigV4Signer{S3: true}).canonicalURI(req.URL.EscapedPath())
	if p == req.URL.EscapedPath() {
		return
	}
	u := *req.URL
	u.RawPath = p
	req.URL = &u
}

// signature is the hex HMAC of the string to sign under the derived key.
func (s *SigV4Signer) signature(stamp, scope, creq string) string {
	return hex.EncodeToString(hmacSHA256(s.signingKey(stamp[:8]), []byte(stringToSign(stamp, scope, creq))))
}

func stringToSign(stamp, scope, creq string) string {
	h := sha256.Sum256([]byte(creq))
	return sigv4Algorithm + "\n" + stamp + "\n" + scope + "\n" + hex.EncodeToString(h[:])
}

// signingKey: HMAC("AWS4"+secret, date), then region, service, "aws4_request".
func (s *SigV4Signer) signingKey(date string) []byte {
	k := hmacSHA256([]byte("AWS4"+s.Credentials.secret.reveal()), []byte(date))
	k = hmacSHA256(k, []byte(s.Region))
	k = hmacSHA256(k, []byte(s.Service))
	return hmacSHA256(k, []byte("aws4_request"))
}

func hmacSHA256(key, data []byte) []byte {
	m := hmac.New(sha256.New, key)
	m.Write(data)
	return m.Sum(nil)
}

// sigv4Unsigned are headers a proxy or the transport may change on the way,
// which AWS's SDKs leave out of the signature.
var sigv4Unsigned = map[string]bool{
	"authorization": true, "user-agent": true, "x-amzn-trace-id": true,
	"expect": true, "transfer-encoding": true, "content-length": true,
}

// canonicalRequest returns the canonical request and its signed headers.
// path is the path as sent (escaped), rawQuery the query as sent.
func (s *SigV4Signer) canonicalRequest(method, path, rawQuery, host string, contentLength int64, header http.Header, payloadHash string) (creq, signed string) {
	names, values := canonicalHeaders(host, contentLength, header)
	var b strings.Builder
	b.WriteString(method)
	b.WriteByte('\n')
	b.WriteString(s.canonicalURI(path))
	b.WriteByte('\n')
	b.WriteString(canonicalQuery(rawQuery))
	b.WriteByte('\n')
	for i, n := range names {
		b.WriteString(n)
		b.WriteByte(':')
		b.WriteString(values[i])
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	signed = strings.Join(names, ";")
	b.WriteString(signed)
	b.WriteByte('\n')
	b.WriteString(payloadHash)
	return b.String(), signed
}

// canonicalHeaders: host, content-length when there is a body, and every
// header but sigv4Unsigned; names lowercased and sorted, a name's values
// joined by commas, each trimmed with runs of spaces made one.
func canonicalHeaders(host string, contentLength int64, header http.Header) (names, values []string) {
	byName := map[string]string{"host": host}
	if contentLength > 0 {
		byName["content-length"] = itoa(contentLength)
	}
	for k, vs := range header {
		n := strings.ToLower(k)
		if sigv4Unsigned[n] || n == "host" {
			continue
		}
		trimmed := make([]string, len(vs))
		for i, v := range vs {
			trimmed[i] = collapseSpaces(v)
		}
		if prev, ok := byName[n]; ok {
			byName[n] = prev + "," + strings.Join(trimmed, ",")
		} else {
			byName[n] = strings.Join(trimmed, ",")
		}
	}
	names = make([]string, 0, len(byName))
	for n := range byName {
		names = append(names, n)
	}
	sort.Strings(names)
	values = make([]string, len(names))
	for i, n := range names {
		values[i] = byName[n]
	}
	return names, values
}

func itoa(n int64) string {
	if n == 0 {
		return "0"
	}
	var buf [20]byte
	i := len(buf)
	for n > 0 {
		i--
		buf[i] = byte('0' + n%10)
		n /= 10
	}
	return string(buf[i:])
}

// collapseSpaces trims v and makes each run of spaces one space.
func collapseSpaces(v string) string {
	v = strings.TrimSpace(v)
	if !strings.Contains(v, "  ") {
		return v
	}
	var b strings.Builder
	space := false
	for i := 0; i < len(v); i++ {
		if v[i] == ' ' {
			if space {
				continue
			}
			space = true
		} else {
			space = false
		}
		b.WriteByte(v[i])
	}
	return b.String()
}

// canonicalURI: for S3, each segment decoded and encoded once; for every
// other service, the path as sent encoded once more (AWS's "encoded
// twice"), after removing dot and empty segments unless Unnormalized.
func (s *SigV4Signer) canonicalURI(path string) string {
	if path == "" {
		return "/"
	}
	if s.S3 {
		segs := strings.Split(path, "/")
		for i, seg := range segs {
			if d, err := url.PathUnescape(seg); err == nil {
				seg = d
			}
			segs[i] = uriEncode(seg)
		}
		return strings.Join(segs, "/")
	}
	if !s.Unnormalized {
		path = normalizePath(path)
	}
	segs := strings.Split(path, "/")
	for i, seg := range segs {
		segs[i] = uriEncode(seg)
	}
	return strings.Join(segs, "/")
}

// normalizePath removes ".", ".." and empty segments, keeping a final
// slash, as RFC 3986 section 5.2.4 and AWS's test suite do.
func normalizePath(p string) string {
	trailing := strings.HasSuffix(p, "/") || strings.HasSuffix(p, "/.") || strings.HasSuffix(p, "/..")
	var out []string
	for _, seg := range strings.Split(p, "/") {
		switch seg {
		case "", ".":
		case "..":
			if len(out) > 0 {
				out = out[:len(out)-1]
			}
		default:
			out = append(out, seg)
		}
	}
	r := "/" + strings.Join(out, "/")
	if trailing && len(out) > 0 {
		r += "/"
	}
	return r
}

// canonicalQuery decodes the query as sent, encodes each name and value
// the RFC 3986 way (a space is %20, never '+'), and sorts by name, then
// value. A parameter without '=' has an empty value.
func canonicalQuery(raw string) string {
	if raw == "" {
		return ""
	}
	type pair struct{ k, v string }
	var pairs []pair
	for _, part := range strings.Split(raw, "&") {
		if part == "" {
			continue
		}
		k, v, _ := strings.Cut(part, "=")
		pairs = append(pairs, pair{uriEncode(queryUnescape(k)), uriEncode(queryUnescape(v))})
	}
	sort.Slice(pairs, func(i, j int) bool {
		if pairs[i].k != pairs[j].k {
			return pairs[i].k < pairs[j].k
		}
		return pairs[i].v < pairs[j].v
	})
	var b strings.Builder
	for i, p := range pairs {
		if i > 0 {
			b.WriteByte('&')
		}
		b.WriteString(p.k)
		b.WriteByte('=')
		b.WriteString(p.v)
	}
	return b.String()
}

// queryUnescape decodes as net/url does ('+' is a space); text that is not
// valid escaping is taken as it is.
func queryUnescape(s string) string {
	if d, err := url.QueryUnescape(s); err == nil {
		return d
	}
	return s
}

// uriEncode is AWS's UriEncode: every byte but A-Z a-z 0-9 - . _ ~ as %XY
// with upper-case hex.
func uriEncode(s string) string {
	const hexUpper = "0123456789ABCDEF"
	n := 0
	for i := 0; i < len(s); i++ {
		if !unreserved(s[i]) {
			n++
		}
	}
	if n == 0 {
		return s
	}
	b := make([]byte, 0, len(s)+2*n)
	for i := 0; i < len(s); i++ {
		c := s[i]
		if unreserved(c) {
			b = append(b, c)
			continue
		}
		b = append(b, '%', hexUpper[c>>4], hexUpper[c&15])
	}
	return string(b)
}

func unreserved(c byte) bool {
	return 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~'
}

// Presign returns req's URL signed in its query (a presigned URL), valid
// for expires from now: X-Amz-Algorithm, -Credential, -Date, -Expires,
// -SignedHeaders and the session token among the query sorted by name,
// then X-Amz-Signature. S3 takes
// UnsignedPayload as payloadHash. req is not changed.
func (s *SigV4Signer) Presign(req *http.Request, payloadHash string, expires time.Duration, now time.Time) (string, error) {
	if err := s.validate(); err != nil {
		return "", err
	}
	if expires < time.Second || expires > 7*24*time.Hour {
		return "", errors.New("sigv4: a presigned URL lasts from 1 second to 7 days")
	}
	u := *req.URL
	if s.S3 {
		r := *req
		r.URL = &u
		sendAsSigned(&r)
		u = *r.URL
	}
	host := req.Host
	if host == "" {
		host = u.Host
	}
	stamp := now.UTC().Format(sigv4TimeFmt)
	creq, query := s.presignRequest(req.Method, u.EscapedPath(), u.RawQuery, host, req.ContentLength, req.Header, payloadHash, expires, stamp)
	scope := stamp[:8] + "/" + s.Region + "/" + s.Service + "/aws4_request"
	// The query as it was signed, sorted and encoded the RFC 3986 way,
	// then the signature: aws-sdk-go-v2's PresignHTTP gives the same URL.
	u.RawQuery = canonicalQuery(query) + "&X-Amz-Signature=" + s.signature(stamp, scope, creq)
	return u.String(), nil
}

// presignRequest is the canonical request of a presigned URL and the
// query it is sent with (without the signature).
func (s *SigV4Signer) presignRequest(method, path, rawQuery, host string, contentLength int64, header http.Header, payloadHash string, expires time.Duration, stamp string) (creq, query string) {
	names, _ := canonicalHeaders(host, contentLength, header)
	scope := stamp[:8] + "/" + s.Region + "/" + s.Service + "/aws4_request"
	add := [][2]string{
		{"X-Amz-Algorithm", sigv4Algorithm},
		{"X-Amz-Credential", s.Credentials.AccessKeyID + "/" + scope},
		{"X-Amz-Date", stamp},
		{"X-Amz-Expires", itoa(int64(expires / time.Second))},
	}
	if tok := s.Credentials.sessionToken.reveal(); tok != "" {
		add = append(add, [2]string{"X-Amz-Security-Token", tok})
	}
	add = append(add, [2]string{"X-Amz-SignedHeaders", strings.Join(names, ";")})
	query = rawQuery
	for _, kv := range add {
		if query != "" {
			query += "&"
		}
		query += kv[0] + "=" + uriEncode(kv[1])
	}
	creq, _ = s.canonicalRequest(method, path, query, host, contentLength, header, payloadHash)
	return creq, query
}
