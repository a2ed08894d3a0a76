package e2e

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/notion"
	"github.com/authgen/authgen/generated/notion/notionfake"
	"github.com/authgen/authgen/internal/e2e/clients/retrypolicy"
	"github.com/authgen/authgen/internal/e2e/clients/retrypolicy/retrypolicyfake"
)

// TestFakeMillisecondWaitsNeverFlake is issue 27's acceptance 3 through a
// generated client and its fake: the retrypolicy case's first delay
// header is Retry-After-Ms. With RateLimit(1, time.Minute), the second
// call is refused once and its one retry, after the wait the fake
// announced, succeeds, 200 times in a row, while the fake's time moves on
// by an odd fraction of a millisecond at every reading (as real time does
// between requests). A wait truncated to the millisecond (59998 for
// 59998.6 ms) landed the retry inside the window, where it met 429 with
// Retry-After-Ms: 0 until the client gave up.
func TestFakeMillisecondWaitsNeverFlake(t *testing.T) {
	fake := retrypolicyfake.NewServer(t)
	now, tick := time.Unix(1_700_000_000, 987_654_321), time.Duration(0)
	fake.SetClock(func() time.Time { now = now.Add(tick); return now })
	fake.OnCreateJob(func(ctx context.Context, params *retrypolicy.CreateJobParams) error { return nil })
	c := fake.Client()
	params := &retrypolicy.CreateJobParams{Body: retrypolicy.CreateJobRequest{Name: "nightly"}}
	for run := range 200 {
		tick = time.Duration(1+run*7919%997) * time.Microsecond
		fake.RateLimit(1, time.Minute)
		before := len(fake.Requests())
		for call := range 2 {
			if err := c.CreateJob(context.Background(), params); err != nil {
				t.Fatalf("run %d, call %d: %v", run+1, call+1, err)
			}
		}
		if n := len(fake.Requests()) - before; n != 3 {
			t.Fatalf("run %d: %d requests, want 3 (the second call refused once, then let through)", run+1, n)
		}
	}
}

// TestFakeFaultIsTheVendorsError: an injected fault of a status the
// vendor lists a code for reads, through the generated client, as that
// vendor error (Notion's conflict_error for 409), not the status in words.
func TestFakeFaultIsTheVendorsError(t *testing.T) {
	fake := notionfake.NewServer(t)
	fake.OnRetrievePage(func(ctx context.Context, pageID string) (*notion.Page, error) { return &notion.Page{}, nil })
	fake.Fail("retrievePage", 1, notionfake.Fault{Status: 409})
	_, err := fake.Client().RetrievePage(context.Background(), "p1")
	if !errors.Is(err, notion.ErrConflictError) {
		t.Errorf("got %v, want notion.ErrConflictError", err)
	}
}
