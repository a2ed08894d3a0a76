package e2e

import (
	"context"
	"strconv"
	"testing"
	"time"
)

// plannedWait runs call with a context that ends at the first retry, and
// returns the wait the client planned and the header it came from: the
// vendor's rate-limit signals are checked without sleeping through them.
// ok is false when the client did not retry at all.
func plannedWait(t *testing.T, call func(ctx context.Context, onRetry func(wait time.Duration, source string)) error) (wait time.Duration, source string, ok bool, err error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	err = call(ctx, func(w time.Duration, s string) {
		if !ok {
			wait, source, ok = w, s, true
		}
		cancel()
	})
	return wait, source, ok, err
}

// near reports whether got is within a second or two below want: a wait
// computed from an epoch or date loses the sub-second part.
func near(got, want time.Duration) bool {
	return got <= want && got >= want-2*time.Second
}

func ptr[T any](v T) *T { return &v }

func itoa(n int) string { return strconv.Itoa(n) }
