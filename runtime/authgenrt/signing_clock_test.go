package authgenrt

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"
)

// skewServer answers as AWS does: a request signed more than 15 minutes
// from serverTime is refused 403 RequestTimeTooSkewed with the server's
// Date, a bad signature 403 SignatureDoesNotMatch, a good one 200.
func skewServer(t *testing.T, serverTime func(signedAt time.Time) time.Time) *server {
	verifier := &SigV4Signer{Credentials: NewSigV4Credentials(testAccessKey, testSecretKey, ""), Region: "us-east-1", Service: "s3", S3: true}
	return newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		signedAt, err := verifier.Verify(r, nil)
		now := serverTime(signedAt)
		w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
		if d := now.Sub(signedAt); d > 15*time.Minute || d < -15*time.Minute {
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"code":"RequestTimeTooSkewed"}`))
			return
		}
		if err != nil {
			w.WriteHeader(http.StatusForbidden)
			w.Write([]byte(`{"code":"SignatureDoesNotMatch"}`))
			return
		}
		w.Write([]byte(`{}`))
	})
}

// TestSigningLearnsTheServerClock: a client whose clock is 20 minutes
// behind is refused once, learns the server's time from the refusal's
// Date (as AWS's SDKs do on RequestTimeTooSkewed), signs again and passes;
// its next call is signed on the corrected time at the first try.
func TestSigningLearnsTheServerClock(t *testing.T) {
	clientTime := time.Date(2026, 12, 4, 12, 0, 0, 0, time.UTC)
	srv := skewServer(t, func(time.Time) time.Time { return clientTime.Add(20 * time.Minute) })
	c, clk := newTestClient(t, signingSpec(), srv.URL, WithSigV4(testAccessKey, testSecretKey, "", "us-east-1", "s3", true))
	clk.mu.Lock()
	clk.now = clientTime
	clk.mu.Unlock()
	ctx := context.Background()
	if err := c.Send(ctx, &Request{Operation: "get", Method: "GET", Path: "/b/k"}, nil, nil); err != nil {
		t.Fatalf("after learning the server's clock: %v", err)
	}
	if srv.count() != 2 {
		t.Fatalf("%d requests, want 2 (refused, then signed on the server's time)", srv.count())
	}
	if err := c.Send(ctx, &Request{Operation: "get", Method: "GET", Path: "/b/k"}, nil, nil); err != nil {
		t.Fatal(err)
	}
	if srv.count() != 3 {
		t.Errorf("%d requests, want 3: the offset is kept for the next call", srv.count())
	}
	if len(clk.slept) != 0 {
		t.Errorf("the client waited %v before signing again, want no wait", clk.slept)
	}
}

// TestSigningCorrectsTheClockOnce: a server whose Date is always out of
// the window gets one more signature, not a loop; a refusal with a Date
// inside the window (a bad signature) gets none.
func TestSigningCorrectsTheClockOnce(t *testing.T) {
	always := skewServer(t, func(signedAt time.Time) time.Time { return signedAt.Add(time.Hour) })
	c, _ := newTestClient(t, signingSpec(), always.URL, WithSigV4(testAccessKey, testSecretKey, "", "us-east-1", "s3", true))
	err := c.Send(context.Background(), &Request{Operation: "get", Method: "GET", Path: "/b/k"}, nil, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusForbidden || always.count() != 2 {
		t.Errorf("%v after %d requests, want a 403 after 2", err, always.count())
	}
	inWindow := skewServer(t, func(signedAt time.Time) time.Time { return signedAt })
	wrong, _ := newTestClient(t, signingSpec(), inWindow.URL, WithSigV4(testAccessKey, "not-the-secret", "", "us-east-1", "s3", true))
	err = wrong.Send(context.Background(), &Request{Operation: "get", Method: "GET", Path: "/b/k"}, nil, nil)
	if !errors.As(err, &apiErr) || apiErr.StatusCode != http.StatusForbidden || inWindow.count() != 1 {
		t.Errorf("%v after %d requests, want a 403 after 1", err, inWindow.count())
	}
}
