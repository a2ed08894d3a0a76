package e2e

import (
	"context"
	"fmt"
	"net/http"
	"testing"

	"github.com/authgen/authgen/internal/e2e/clients/eventunion"
)

// TestEventsToldApartByNameAreAUnion is issue 25's gap: an OpenAPI 3.2
// itemSchema whose items fix their event name gives a union with a
// variant per event; each event's data is read as its own variant, and an
// event the document does not name comes back raw.
func TestEventsToldApartByNameAreAUnion(t *testing.T) {
	rec := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeEvents(w,
			"event: message_start\ndata: {\"id\":\"msg_1\",\"model\":\"m-1\"}\n\n",
			"event: ping\ndata: {}\n\n",
			"event: content_block_delta\ndata: {\"index\":0,\"delta\":\"Hello\"}\n\n",
			"event: content_block_delta\ndata: {\"index\":0,\"delta\":\", world\"}\n\n",
		)
	})
	c, err := eventunion.New(eventunion.WithBaseURL(rec.URL), eventunion.WithKey("key_1"))
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for ev, err := range c.WatchMessage(context.Background(), "msg_1") {
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case !ev.Described:
			got = append(got, "raw "+ev.Type+" "+ev.Raw)
		case ev.Type == "message_start":
			start, err := ev.Data.AsMessageStart()
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, "start "+start.ID+" "+start.Model)
		case ev.Type == "content_block_delta":
			delta, err := ev.Data.AsContentBlockDelta()
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, fmt.Sprintf("delta %d %q", delta.Index, delta.Delta))
		default:
			t.Errorf("a described event of type %q", ev.Type)
		}
	}
	want := `[start msg_1 m-1 raw ping {} delta 0 "Hello" delta 0 ", world"]`
	if fmt.Sprint(got) != want {
		t.Errorf("events %v\nwant %s", got, want)
	}
	if req, _ := rec.last(t); req.URL.Path != "/messages/msg_1/events" || req.Header.Get("X-Api-Key") != "key_1" {
		t.Errorf("request %s %v", req.URL, req.Header)
	}
}
