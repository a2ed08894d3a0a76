package e2e

// How a page walk knows the last page (testdata/cases/pageends.yaml): five
// items two at a time are three pages, and each walk costs exactly three
// requests, never a fourth for the empty page after, against a vendor
// written out here and against the generated fake.

import (
	"context"
	"iter"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/authgen/authgen/internal/e2e/clients/pageends"
	"github.com/authgen/authgen/internal/e2e/clients/pageends/pageendsfake"
)

var pageEndsItems = []string{"i1", "i2", "i3", "i4", "i5"}

// pageEndsVendor serves pageEndsItems two at a time (or the limit asked
// for) on every list, each in its own way of saying where the end is.
func pageEndsVendor(t *testing.T) *recorder {
	return newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		size := 2
		if n, err := strconv.Atoi(q.Get("limit")); err == nil && n > 0 {
			size = n
		}
		from := 0
		if p, err := strconv.Atoi(q.Get("page")); err == nil {
			from = (p - 1) * size
		}
		for _, name := range []string{"offset", "cursor"} {
			if n, err := strconv.Atoi(q.Get(name)); err == nil {
				from = n
			}
		}
		from = max(min(from, len(pageEndsItems)), 0)
		to := min(from+size, len(pageEndsItems))
		page := []any{}
		for _, id := range pageEndsItems[from:to] {
			page = append(page, map[string]any{"id": id})
		}
		last := to >= len(pageEndsItems)
		switch r.URL.Path {
		case "/articles":
			writeJSON(w, 200, map[string]any{"data": page, "meta": map[string]any{"total_pages": (len(pageEndsItems) + size - 1) / size}})
		case "/events":
			writeJSON(w, 200, map[string]any{"events": page, "is_last": last})
		case "/users":
			writeJSON(w, 200, map[string]any{"users": page, "total": len(pageEndsItems)})
		case "/tags":
			writeJSON(w, 200, page)
		case "/logs":
			// A cursor on every page, the last one's leading nowhere.
			writeJSON(w, 200, map[string]any{"logs": page, "next_cursor": strconv.Itoa(to), "last_page": last})
		default:
			w.WriteHeader(404)
		}
	})
}

// pageEndsWalks are the walks of each list, as a caller writes them.
var pageEndsWalks = map[string]func(c *pageends.Client) iter.Seq2[pageends.Item, error]{
	"listArticles (meta.total_pages)": func(c *pageends.Client) iter.Seq2[pageends.Item, error] {
		return c.ListArticlesAll(context.Background(), nil)
	},
	"listEvents (is_last)": func(c *pageends.Client) iter.Seq2[pageends.Item, error] {
		return c.ListEventsAll(context.Background(), nil)
	},
	"listUsers (total items)": func(c *pageends.Client) iter.Seq2[pageends.Item, error] {
		return c.ListUsersAll(context.Background(), nil)
	},
	"listTags (short page, limit asked)": func(c *pageends.Client) iter.Seq2[pageends.Item, error] {
		limit := int64(2)
		return c.ListTagsAll(context.Background(), &pageends.ListTagsParams{Limit: &limit})
	},
	"listTags (short page, none asked)": func(c *pageends.Client) iter.Seq2[pageends.Item, error] {
		return c.ListTagsAll(context.Background(), nil)
	},
	"listTags (short page, limit 3 asked: 2 pages)": func(c *pageends.Client) iter.Seq2[pageends.Item, error] {
		limit := int64(3)
		return c.ListTagsAll(context.Background(), &pageends.ListTagsParams{Limit: &limit})
	},
	"listLogs (a cursor, and last_page)": func(c *pageends.Client) iter.Seq2[pageends.Item, error] {
		return c.ListLogsAll(context.Background(), nil)
	},
}

// pageEndsRequests is the pages a walk has: three of two items, or two of
// three when the caller asks for three (which the fake serves, as the
// vendor does, whatever size Pages was given).
func pageEndsRequests(name string) int {
	if strings.Contains(name, "limit 3") {
		return 2
	}
	return 3
}

func pageEndsIDs(t *testing.T, name string, walk iter.Seq2[pageends.Item, error]) string {
	t.Helper()
	var ids []string
	for it, err := range walk {
		if err != nil {
			t.Errorf("%s: %v", name, err)
			break
		}
		ids = append(ids, *it.ID)
	}
	return strings.Join(ids, ",")
}

// TestPageEndsCostNoEmptyPage: each list's end is read from the last page
// itself; without it, a page or offset walk would ask for a fourth, empty
// page, and the cursor walk would follow the last page's cursor.
func TestPageEndsCostNoEmptyPage(t *testing.T) {
	for name, walk := range pageEndsWalks {
		srv := pageEndsVendor(t)
		c, err := pageends.New(pageends.WithBaseURL(srv.URL), pageends.WithKey("k"), pageends.WithMaxRetries(0))
		if err != nil {
			t.Fatal(err)
		}
		if got := pageEndsIDs(t, name, walk(c)); got != strings.Join(pageEndsItems, ",") || srv.count() != pageEndsRequests(name) {
			t.Errorf("%s: items %s in %d requests; want all five in %d", name, got, srv.count(), pageEndsRequests(name))
		}
	}
}

// TestPageEndsAgainstTheFake: the generated fake's Pages says where the
// end is as the vendor does, so that a client walks it in as many
// requests as it walks the vendor.
func TestPageEndsAgainstTheFake(t *testing.T) {
	var items []any
	for _, id := range pageEndsItems {
		items = append(items, map[string]any{"id": id})
	}
	for name, walk := range pageEndsWalks {
		fake := pageendsfake.NewServer(t)
		for _, op := range []string{"listArticles", "listEvents", "listUsers", "listTags", "listLogs"} {
			fake.Pages(op, items, 2)
		}
		if got := pageEndsIDs(t, name, walk(fake.Client())); got != strings.Join(pageEndsItems, ",") || len(fake.Requests()) != pageEndsRequests(name) {
			t.Errorf("%s: items %s in %d requests; want all five in %d", name, got, len(fake.Requests()), pageEndsRequests(name))
		}
	}
}
