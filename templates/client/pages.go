//authgen:feature pagination
package client

import (
	"context"
	"iter"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// paginate walks an operation's pages: each page is fetched by the
// operation's own method (fetch), with the options that point it at the
// next page added.
func paginate[P any](ctx context.Context, c *Client, operation string, spec authgenrt.PageSpec, opts []RequestOption, fetch func(opts []RequestOption) (P, error)) iter.Seq2[P, error] {
	return authgenrt.Paginate(ctx, c.rt, operation, spec, opts, fetch)
}
