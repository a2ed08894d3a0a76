package authgenrt

import (
	"errors"
	"fmt"
	"io"
	"sync"
	"sync/atomic"
)

// maxBufferedBytes caps the response bytes one client holds in memory at
// once, over all its concurrent calls: each call is capped too
// (maxSuccessBody), but sixteen endless bodies at once would otherwise
// hold sixteen times that.
const maxBufferedBytes = 256 << 20

// errBufferBudget is returned for a body that would take the client past
// maxBufferedBytes.
var errBufferBudget = fmt.Errorf("response bodies held at once exceed the client's %d MiB", maxBufferedBytes>>20)

// bufferBudget counts bytes reserved against a limit.
type bufferBudget struct {
	used  atomic.Int64
	limit int64
}

func (b *bufferBudget) reserve(n int64) bool {
	if b.used.Add(n) > b.limit {
		b.used.Add(-n)
		return false
	}
	return true
}

// chunkPool holds the buffers a body of unknown length is read through.
var chunkPool = sync.Pool{New: func() any { b := make([]byte, 32<<10); return &b }}

// read reads at most limit bytes of r, reserving them as it goes; the
// caller gives back held with release once it is done with the bytes.
// (A count, not a closure: the success path of every call reads a body,
// and a closure would be one more allocation there.)
func (b *bufferBudget) read(r io.Reader, size, limit int64) (body []byte, held int64, err error) {
	if size > 0 && size < limit {
		// The length is known (0 may mean unknown from a hand-made
		// Response): one allocation of exactly that, reserved
		// up front; net/http stops the body at its Content-Length.
		if !b.reserve(size) {
			return nil, 0, errBufferBudget
		}
		held = size
		body = make([]byte, size)
		n, err := io.ReadFull(r, body)
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) && size > 0 {
			return body[:n], held, err
		}
		return body[:n], held, nil
	}
	chunkp := chunkPool.Get().(*[]byte)
	defer chunkPool.Put(chunkp)
	chunk := *chunkp
	for int64(len(body)) < limit {
		want := min(int64(len(chunk)), limit-int64(len(body)))
		n, readErr := r.Read(chunk[:want])
		if n > 0 {
			if !b.reserve(int64(n)) {
				return body, held, errBufferBudget
			}
			held += int64(n)
			body = append(body, chunk[:n]...)
		}
		if errors.Is(readErr, io.EOF) {
			return body, held, nil
		}
		if readErr != nil {
			return body, held, readErr
		}
	}
	return body, held, nil
}

// release gives back bytes read reserved.
func (b *bufferBudget) release(held int64) { b.used.Add(-held) }
