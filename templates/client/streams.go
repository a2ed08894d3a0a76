//authgen:feature streams
package client

import (
	"context"
	"iter"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// StreamEvent is one server-sent event of a stream method: its type, the
// stream's last event ID, its data decoded as the operation's event type
// (Described) or, for a type the spec does not describe, only as sent
// (Raw).
type StreamEvent[T any] = authgenrt.StreamEvent[T]

// stream is every generated stream method's call: the runtime's, with its
// errors in this package's types.
func stream[T any](ctx context.Context, c *Client, r *authgenrt.Request, opts []RequestOption, spec *authgenrt.StreamSpec) iter.Seq2[StreamEvent[T], error] {
	return func(yield func(StreamEvent[T], error) bool) {
		for ev, err := range authgenrt.Stream[T](ctx, c.rt, r, opts, spec) {
			if !yield(ev, asAPIError(err)) {
				return
			}
		}
	}
}
