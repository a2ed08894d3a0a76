package sigv4check

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	v4 "github.com/aws/aws-sdk-go-v2/aws/signer/v4"

	"github.com/authgen/authgen/generated/s3objects"
	"github.com/authgen/authgen/runtime/authgenrt"
)

// s3EscapePath is how aws-sdk-go-v2's S3 client puts a path parameter in
// the path (its httpbinding.EscapePath): every byte but the unreserved
// ones percent-encoded, upper-case hex. The SDK keeps a key's '/' as it
// is; the generated client sends the {Key} parameter as one segment, '/'
// as %2F, which S3 takes for the same key: the reference here escapes the
// segments the generated client sends.
func s3EscapePath(segments ...string) string {
	var b strings.Builder
	for _, seg := range segments {
		b.WriteString("/" + s3EscapeSegment(seg))
	}
	return b.String()
}

func s3EscapeSegment(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' || 'a' <= c && c <= 'z' || '0' <= c && c <= '9' || strings.IndexByte("-_.~", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		b.WriteString("%" + strings.ToUpper(string("0123456789abcdef"[c>>4])+string("0123456789abcdef"[c&15])))
	}
	return b.String()
}

// TestGeneratedPresignAgreesWithAWSSDK: the generated Presign<Operation>
// methods of the S3 client (specs/s3objects.yaml) give, byte for byte, the
// URL and the signed headers aws-sdk-go-v2's v4 Signer.PresignHTTP gives
// for the same request, as S3's PresignClient asks it (the key escaped by
// S3's rule, X-Amz-Expires in the query, UNSIGNED-PAYLOAD, path escaping
// off): keys and query values with unicode, spaces, '+', '%', and
// reserved characters, a query parameter, a signed header, a session
// token, the default expiry and a week's. Nothing is sent.
func TestGeneratedPresignAgreesWithAWSSDK(t *testing.T) {
	when := time.Date(2026, 12, 4, 16, 30, 0, 0, time.UTC)
	const base = "https://s3.amazonaws.com"
	ctx := context.Background()
	newClient := func(token string) *s3objects.Client {
		c, err := s3objects.New(s3objects.WithBaseURL(base), s3objects.WithSigning(accessKey, secretKey, token),
			s3objects.WithSigningRegion("eu-central-1"),
			s3objects.WithClock(func() time.Time { return when }, func(context.Context, time.Duration) error { return nil }))
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	str := func(s string) *string { return &s }
	type presign func(c *s3objects.Client) (*s3objects.PresignedRequest, error)
	for _, tc := range []struct {
		name, method string
		path         []string
		query        url.Values
		header       http.Header
		expires      time.Duration
		token        string
		call         presign
	}{
		{"get unicode key", "GET", []string{"examplebucket", "photos/2026/Zoë's ünïcode file (1)+[2]*~!.jpg"}, nil, nil, 10 * time.Minute, "",
			func(c *s3objects.Client) (*s3objects.PresignedRequest, error) {
				return c.PresignGetObject(ctx, "examplebucket", "photos/2026/Zoë's ünïcode file (1)+[2]*~!.jpg", 10*time.Minute)
			}},
		{"get reserved key, session token, default expiry", "GET", []string{"examplebucket", "a%2Fb?c=d&e#f;g,h@i:j$k"}, nil, nil, 15 * time.Minute, "FwoGZXIvYXdzEXAMPLE+/=token",
			func(c *s3objects.Client) (*s3objects.PresignedRequest, error) {
				return c.PresignGetObject(ctx, "examplebucket", "a%2Fb?c=d&e#f;g,h@i:j$k", 0)
			}},
		{"list with query", "GET", []string{"examplebucket"}, url.Values{"prefix": {"日本/a b+c&d=e"}, "delimiter": {"/"}, "max-keys": {"50"}}, nil, time.Hour, "",
			func(c *s3objects.Client) (*s3objects.PresignedRequest, error) {
				n := int64(50)
				return c.PresignListObjects(ctx, "examplebucket", &s3objects.ListObjectsParams{Prefix: str("日本/a b+c&d=e"), Delimiter: str("/"), MaxKeys: &n}, time.Hour)
			}},
		{"put with a signed header, a week", "PUT", []string{"examplebucket", "uploads/😀 report.pdf"}, nil, http.Header{"Content-Type": {"application/pdf"}}, 7 * 24 * time.Hour, "",
			func(c *s3objects.Client) (*s3objects.PresignedRequest, error) {
				return c.PresignPutObject(ctx, "examplebucket", "uploads/😀 report.pdf", 7*24*time.Hour, authgenrt.WithHeader("Content-Type", "application/pdf"))
			}},
		{"delete", "DELETE", []string{"examplebucket", "old/ファイル.txt"}, nil, nil, time.Second, "",
			func(c *s3objects.Client) (*s3objects.PresignedRequest, error) {
				return c.PresignDeleteObject(ctx, "examplebucket", "old/ファイル.txt", time.Second)
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.call(newClient(tc.token))
			if err != nil {
				t.Fatal(err)
			}

			q := url.Values{}
			for k, vs := range tc.query {
				q[k] = vs
			}
			q.Set("X-Amz-Expires", itoa(int(tc.expires/time.Second)))
			escaped := s3EscapePath(tc.path...)
			u := &url.URL{Scheme: "https", Host: "s3.amazonaws.com", RawPath: escaped, RawQuery: strings.ReplaceAll(q.Encode(), "+", "%20")}
			u.Path, _ = url.PathUnescape(escaped)
			theirs := &http.Request{Method: tc.method, URL: u, Host: u.Host, Header: http.Header{}}
			for k, vs := range tc.header {
				theirs.Header[k] = vs
			}
			wantURL, wantHeader, err := v4.NewSigner().PresignHTTP(ctx, aws.Credentials{AccessKeyID: accessKey, SecretAccessKey: secretKey, SessionToken: tc.token},
				theirs, authgenrt.UnsignedPayload, "s3", "eu-central-1", when, func(o *v4.SignerOptions) {
					o.DisableURIPathEscaping = true
					o.DisableHeaderHoisting = true
				})
			if err != nil {
				t.Fatal(err)
			}
			if got.URL != wantURL {
				t.Errorf("URL\n got %s\nwant %s", got.URL, wantURL)
			}
			if got.Method != tc.method {
				t.Errorf("method %s, want %s", got.Method, tc.method)
			}
			if len(got.SignedHeader) != len(wantHeader) {
				t.Errorf("signed headers %v, SDK %v", got.SignedHeader, wantHeader)
			}
			for k := range wantHeader {
				if got.SignedHeader.Get(k) != wantHeader.Get(k) {
					t.Errorf("signed header %s: %q, SDK %q", k, got.SignedHeader.Get(k), wantHeader.Get(k))
				}
			}
		})
	}
}

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b []byte
	for ; n > 0; n /= 10 {
		b = append([]byte{byte('0' + n%10)}, b...)
	}
	return string(b)
}
