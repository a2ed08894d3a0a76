package authgenrt

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// zeros reads as zero bytes without end.
type zeros struct{}

func (zeros) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// heapPeak samples the heap while run runs and returns its peak above the
// heap before.
func heapPeak(run func()) uint64 {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		for {
			runtime.ReadMemStats(&ms)
			if ms.HeapInuse > base && ms.HeapInuse-base > peak.Load() {
				peak.Store(ms.HeapInuse - base)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	run()
	close(stop)
	wg.Wait()
	return peak.Load()
}

const gib = 1 << 30

// TestOneGiBThroughTheClientInConstantMemory: a 1 GiB download and a
// 1 GiB upload, streamed, with the heap's peak far below the size.
func TestOneGiBThroughTheClientInConstantMemory(t *testing.T) {
	if testing.Short() {
		t.Skip("moves 2 GiB over loopback")
	}
	var received atomic.Int64
	// A plain server: the tests' recorder keeps every body it gets.
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPut {
			got, _ := io.Copy(io.Discard, r.Body)
			received.Store(got)
			w.WriteHeader(204)
			return
		}
		w.Header().Set("Content-Type", "application/octet-stream")
		w.Header().Set("X-Request-Id", "req-stream")
		_, _ = io.CopyN(w, zeros{}, gib)
	}))
	t.Cleanup(srv.Close)
	spec := testSpec()
	spec.RequestIDHeader = "X-Request-Id"
	c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey), WithAttemptTimeout(time.Minute))

	var downloaded int64
	var meta Response
	down := heapPeak(func() {
		var body io.ReadCloser
		err := c.Send(context.Background(), &Request{Operation: "download", Method: "GET", Path: "/file", Security: spec.Security, ExpectBody: true, RawResponse: true}, &body, []RequestOption{WithResponseInto(&meta)})
		if err != nil {
			t.Error(err)
			return
		}
		downloaded, err = io.Copy(io.Discard, body)
		if err != nil {
			t.Error(err)
		}
		body.Close()
	})
	up := heapPeak(func() {
		err := c.Send(context.Background(), &Request{Operation: "upload", Method: "PUT", Path: "/file", Security: spec.Security, Body: io.LimitReader(zeros{}, gib), ContentType: "application/octet-stream", Encode: EncodeRaw}, nil, nil)
		if err != nil {
			t.Error(err)
		}
	})
	if downloaded != gib || received.Load() != gib {
		t.Fatalf("downloaded %d, uploaded %d bytes; want %d each", downloaded, received.Load(), gib)
	}
	if meta.StatusCode != 200 || meta.RequestID != "req-stream" {
		t.Errorf("metadata of the stream: %+v", meta)
	}
	t.Logf("1 GiB download: heap peak %.1f MiB; 1 GiB upload: heap peak %.1f MiB", float64(down)/(1<<20), float64(up)/(1<<20))
	if down > 32<<20 || up > 32<<20 {
		t.Errorf("heap peaks %d and %d bytes: the body was held in memory", down, up)
	}
}

// TestAStreamOutlivesTheAttemptTimeout: the attempt timeout bounds the wait
// for the response, not the reading of a streamed body; Close ends the
// attempt.
func TestAStreamOutlivesTheAttemptTimeout(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.WriteHeader(200)
		for i := 0; i < 4; i++ {
			_, _ = w.Write([]byte("chunk;"))
			w.(http.Flusher).Flush()
			time.Sleep(30 * time.Millisecond)
		}
	})
	c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey), WithAttemptTimeout(50*time.Millisecond))
	var body io.ReadCloser
	if err := c.Send(context.Background(), &Request{Operation: "download", Method: "GET", Path: "/f", Security: c.spec.Security, ExpectBody: true, RawResponse: true}, &body, nil); err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(body)
	body.Close()
	if err != nil || string(data) != strings.Repeat("chunk;", 4) {
		t.Errorf("read %q, %v", data, err)
	}
}

// TestUploadsAreRetriedOnlyWhenReplayable: a 503 on a PUT is retried when
// the body can be read again (bytes, a seeker, from where it started) and
// not when it is a one-way reader.
func TestUploadsAreRetriedOnlyWhenReplayable(t *testing.T) {
	file := filepath.Join(t.TempDir(), "upload.bin")
	if err := os.WriteFile(file, []byte("HEADERpayload"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name     string
		body     func() io.Reader
		requests int
	}{
		{"a bytes.Reader", func() io.Reader { return bytes.NewReader([]byte("payload")) }, 2},
		{"a file read from an offset", func() io.Reader {
			f, err := os.Open(file)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { f.Close() })
			_, _ = f.Seek(6, io.SeekStart)
			return f
		}, 2},
		{"a one-way reader", func() io.Reader { return io.MultiReader(strings.NewReader("pay"), strings.NewReader("load")) }, 1},
	} {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if n == 1 {
				w.WriteHeader(503)
				return
			}
			w.WriteHeader(204)
		})
		c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
		err := c.Send(context.Background(), &Request{Operation: "upload", Method: "PUT", Path: "/f", Security: c.spec.Security, Body: tc.body(), ContentType: "application/octet-stream", Encode: EncodeRaw}, nil, nil)
		if srv.count() != tc.requests {
			t.Errorf("%s: %d requests, want %d (err %v)", tc.name, srv.count(), tc.requests, err)
		}
		for i := 0; i < srv.count(); i++ {
			srv.mu.Lock()
			body := srv.bodies[i]
			srv.mu.Unlock()
			if body != "payload" {
				t.Errorf("%s: attempt %d sent %q", tc.name, i+1, body)
			}
		}
		if tc.requests == 1 {
			var apiErr *APIError
			if !errors.As(err, &apiErr) || !strings.Contains(err.Error(), "not retried: the request body cannot be read again") {
				t.Errorf("%s: err = %v", tc.name, err)
			}
		}
	}
}
