//authgen:feature presign
package client

import (
	"context"
	"time"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// PresignedRequest is a request signed in its URL (Presign<Operation>):
// Method and URL, and SignedHeader, the headers it must be sent with.
// Whoever holds it may send it, with no credential, until it expires.
type PresignedRequest = authgenrt.PresignedRequest

// DefaultPresignExpires is how long a presigned URL lasts when a
// Presign<Operation> method is given 0.
const DefaultPresignExpires = authgenrt.DefaultPresignExpires

// presign is every Presign<Operation> method's call: the runtime's, with
// nothing sent.
func (c *Client) presign(ctx context.Context, r *authgenrt.Request, expires time.Duration, opts []RequestOption) (*PresignedRequest, error) {
	return c.rt.Presign(ctx, r, expires, opts)
}
