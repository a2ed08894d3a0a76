package authgenfake

import (
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// TestPagesInEveryStyle: Pages answers a list from items, size at a time,
// and a client that follows the provider's paging rule (written out here,
// not the runtime's) reads every item once, in order.
func TestPagesInEveryStyle(t *testing.T) {
	items := []any{map[string]any{"id": "a"}, map[string]any{"id": "b"}, map[string]any{"id": "c"}, map[string]any{"id": "d"}, map[string]any{"id": "e"}}
	for _, pg := range []authgenrt.PageSpec{
		{Style: authgenrt.PageCursor, Items: "/data", Next: "/next_cursor", Param: "cursor"},
		{Style: authgenrt.PageLastItem, Items: "/data", HasMore: "/has_more", Param: "starting_after", ItemID: "id"},
		{Style: authgenrt.PageNextURL, Items: "/results", Next: "/next"},
		{Style: authgenrt.PageLink},
		{Style: authgenrt.PageLink, LinkEndParam: "results", LinkEndValue: "false"},
		{Style: authgenrt.PageNumber, Items: "/items", Param: "page", Start: 1},
		{Style: authgenrt.PageOffset, Items: "/items", Total: "/total", Param: "offset"},
	} {
		t.Run(strconv.Itoa(int(pg.Style))+pg.LinkEndParam, func(t *testing.T) {
			spec := testSpec()
			spec.Routes[1].Paging = &pg
			s := NewServer(t, spec)
			s.Pages("ping", items, 2)
			got := walk(t, s.URL()+"/ping", &pg)
			if want := []string{"a", "b", "c", "d", "e"}; !slices.Equal(got, want) {
				t.Errorf("read %v, want %v", got, want)
			}
		})
	}
}

// walk reads every page from first on, the way the provider's paging
// rule says, and returns the items' ids.
func walk(t *testing.T, first string, pg *authgenrt.PageSpec) []string {
	t.Helper()
	var ids []string
	next := first
	for page := 0; next != "" && page < 10; page++ {
		resp, err := http.Get(next)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := readAll(resp)
		var doc any
		if err := json.Unmarshal(body, &doc); err != nil {
			t.Fatalf("page %d: %s", page, body)
		}
		list := doc
		if pg.Items != "" {
			list = doc.(map[string]any)[strings.TrimPrefix(pg.Items, "/")]
		}
		var last string
		for _, it := range list.([]any) {
			last = it.(map[string]any)["id"].(string)
			ids = append(ids, last)
		}
		next = nextPage(first, pg, doc, resp.Header, page, len(ids), last)
	}
	return ids
}

var linkNext = regexp.MustCompile(`<([^>]+)>; rel="next"`)

func nextPage(first string, pg *authgenrt.PageSpec, doc any, h http.Header, page, read int, last string) string {
	member := func(pointer string) any { return doc.(map[string]any)[strings.TrimPrefix(pointer, "/")] }
	with := func(value string) string {
		u, _ := url.Parse(first)
		u.RawQuery = url.Values{pg.Param: {value}}.Encode()
		return u.String()
	}
	switch pg.Style {
	case authgenrt.PageCursor:
		if c, ok := member(pg.Next).(string); ok {
			return with(c)
		}
	case authgenrt.PageLastItem:
		if member(pg.HasMore) == true {
			return with(last)
		}
	case authgenrt.PageNextURL:
		if u, ok := member(pg.Next).(string); ok {
			return u
		}
	case authgenrt.PageLink:
		if pg.LinkEndParam != "" && strings.Contains(h.Get("Link"), "; "+pg.LinkEndParam+`="`+pg.LinkEndValue+`"`) {
			return ""
		}
		if m := linkNext.FindStringSubmatch(h.Get("Link")); m != nil {
			return m[1]
		}
	case authgenrt.PageNumber:
		if len(member(pg.Items).([]any)) > 0 {
			return with(strconv.Itoa(page + 1 + pg.Start))
		}
	case authgenrt.PageOffset:
		if float64(read) < member(pg.Total).(float64) {
			return with(strconv.Itoa(read))
		}
	}
	return ""
}

// TestPagesRefusesAnOperationThatDoesNotPage: a test mistake, reported.
func TestPagesRefusesAnOperationThatDoesNotPage(t *testing.T) {
	rec := &recordingTB{TB: t}
	s := NewServer(rec, testSpec())
	s.Pages("ping", nil, 2)
	if len(rec.fatals) != 1 || !strings.Contains(rec.fatals[0], "does not page") {
		t.Errorf("fatal %v", rec.fatals)
	}
}

// TestPagesSayWhichPageIsTheLast: a rule's last-page flag and page count
// are in every page, true and 3 on the third of five items two at a
// time, so that a client that ends on them never asks for a fourth; a
// page size the request asks for in sizeParam is served.
func TestPagesSayWhichPageIsTheLast(t *testing.T) {
	items := []any{map[string]any{"id": "a"}, map[string]any{"id": "b"}, map[string]any{"id": "c"}, map[string]any{"id": "d"}, map[string]any{"id": "e"}}
	pg := authgenrt.PageSpec{Style: authgenrt.PageNumber, Items: "/data", Param: "page", Start: 1,
		LastPage: "/last_page", TotalPages: "/meta/total_pages", ShortPageEnds: true, SizeParam: "per_page"}
	spec := testSpec()
	spec.Routes[1].Paging = &pg
	s := NewServer(t, spec)
	s.Pages("ping", items, 2)
	get := func(query string) (data []any, last any, pages any) {
		resp, err := http.Get(s.URL() + "/ping?" + query)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := readAll(resp)
		var doc struct {
			Data     []any `json:"data"`
			LastPage any   `json:"last_page"`
			Meta     struct {
				TotalPages any `json:"total_pages"`
			} `json:"meta"`
		}
		if err := json.Unmarshal(body, &doc); err != nil {
			t.Fatalf("%s: %s", query, body)
		}
		return doc.Data, doc.LastPage, doc.Meta.TotalPages
	}
	for _, tc := range []struct {
		query string
		items int
		last  bool
		pages float64
	}{
		{"page=1", 2, false, 3},
		{"page=2", 2, false, 3},
		{"page=3", 1, true, 3},
		{"page=1&per_page=3", 3, false, 2},
		{"page=2&per_page=3", 2, true, 2},
	} {
		data, last, pages := get(tc.query)
		if len(data) != tc.items || last != tc.last || pages != tc.pages {
			t.Errorf("%s: %d items, last_page %v, total_pages %v; want %d, %v, %v", tc.query, len(data), last, pages, tc.items, tc.last, tc.pages)
		}
	}
}
