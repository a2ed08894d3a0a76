package authgenrt

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// PresignedRequest is a request signed in its URL: whoever holds it may
// send it, with no credential, until it expires (a download link, a
// browser's upload). It is aws-sdk-go-v2's v4.PresignedHTTPRequest.
type PresignedRequest struct {
	Method string
	URL    string
	// SignedHeader holds the headers the signature covers, Host among
	// them; the request is refused without them. A body goes unsigned
	// (UNSIGNED-PAYLOAD): any body may be sent.
	SignedHeader http.Header
}

// DefaultPresignExpires is how long a presigned URL lasts when the caller
// gives 0: 15 minutes, as aws-sdk-go-v2's s3.PresignClient.
const DefaultPresignExpires = 15 * time.Minute

// ErrCannotPresign is Presign's error for a client whose signing does not
// fit in a URL (an HMAC or a JWT sent in a header).
var ErrCannotPresign = errors.New("this client's requests cannot be presigned: only AWS Signature Version 4 signs in the URL")

// Presign signs r in its URL, to be sent later by anyone, within expires
// (DefaultPresignExpires for 0; AWS takes 1 second to 7 days). The URL is
// the one Send would call, with r's query; the signed headers are r's
// header parameters and the options' WithHeader values, and none of the
// client's own (User-Agent, Accept), which whoever sends the URL sets as
// it likes. r's body is not sent: the payload goes unsigned. Nothing is
// sent now.
func (c *Client) Presign(ctx context.Context, r *Request, expires time.Duration, opts []RequestOption) (*PresignedRequest, error) {
	v4, ok := c.signer.(sigv4Attempt)
	if !ok {
		return nil, fmt.Errorf("%s: %s: %w", c.spec.Name, r.Operation, ErrCannotPresign)
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %s: %w", c.spec.Name, r.Operation, err)
	}
	if expires == 0 {
		expires = DefaultPresignExpires
	}
	var co CallOptions
	for _, opt := range opts {
		if opt != nil {
			opt(&co)
		}
	}
	target, err := c.target(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %s: %w", c.spec.Name, r.Operation, err)
	}
	header := http.Header{}
	for _, layer := range []http.Header{r.Header, co.header} {
		for k, vs := range layer {
			header[k] = append([]string(nil), vs...)
		}
	}
	req := &http.Request{Method: r.Method, URL: target, Host: target.Host, Header: header}
	signed, err := v4.s.Presign(req, UnsignedPayload, expires, c.signingTime())
	if err != nil {
		return nil, fmt.Errorf("%s: %s: presigning: %w", c.spec.Name, r.Operation, err)
	}
	header.Set("Host", target.Host)
	return &PresignedRequest{Method: r.Method, URL: signed, SignedHeader: header}, nil
}
