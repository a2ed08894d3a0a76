package authgenrt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// listPage is the typed page the tests' list operation returns.
type listPage struct {
	Data    []item `json:"data"`
	HasMore bool   `json:"has_more"`
}

type item struct {
	ID string `json:"id"`
}

var fiveItems = []string{"a", "b", "c", "d", "e"}

// pagedServer serves fiveItems two at a time in the given style, and
// answers the request numbered limitAt (from 1) with a 429 first.
func pagedServer(t *testing.T, style PageStyle, items []string, limitAt int) *server {
	var srv *server
	limited := false
	srv = newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == limitAt && !limited {
			limited = true
			w.Header().Set("Retry-After", "3")
			w.WriteHeader(429)
			return
		}
		q := r.URL.Query()
		from := 0
		switch style {
		case PageCursor, PageNextURL, PageLink:
			from, _ = strconv.Atoi(q.Get("cursor"))
			if r.Method == http.MethodPost {
				var body map[string]any
				_ = json.NewDecoder(r.Body).Decode(&body)
				if c, ok := body["cursor"].(string); ok {
					from, _ = strconv.Atoi(c)
				}
			}
		case PageLastItem:
			if after := q.Get("starting_after"); after != "" {
				for i, id := range items {
					if id == after {
						from = i + 1
					}
				}
			}
		case PageNumber:
			page, _ := strconv.Atoi(q.Get("page"))
			from = (max(page, 1) - 1) * 2
		case PageOffset:
			from, _ = strconv.Atoi(q.Get("offset"))
		}
		to := min(from+2, len(items))
		from = min(from, to)
		var data []map[string]string
		for _, id := range items[from:to] {
			data = append(data, map[string]string{"id": id})
		}
		if data == nil {
			data = []map[string]string{}
		}
		body := map[string]any{"data": data, "has_more": to < len(items), "total": len(items)}
		if to < len(items) {
			switch style {
			case PageCursor:
				body["next_cursor"] = strconv.Itoa(to)
			case PageNextURL:
				body["next"] = srv.URL + "/items?limit=2&cursor=" + strconv.Itoa(to)
			case PageLink:
				w.Header().Add("Link", fmt.Sprintf(`<%s/items?limit=2&cursor=%d>; rel="next", <%s/items?limit=2&cursor=0>; rel="first"`, srv.URL, to, srv.URL))
			}
		} else if style == PageLink {
			w.Header().Add("Link", fmt.Sprintf(`<%s/items?cursor=0>; rel="first", <%s/items?cursor=2>; rel="prev"`, srv.URL, srv.URL))
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(body)
	})
	return srv
}

func listFetch(c *Client, ctx context.Context, method string) func([]RequestOption) (*listPage, error) {
	return func(opts []RequestOption) (*listPage, error) {
		r := &Request{Operation: "listItems", Method: method, Path: "/items", Query: url.Values{"limit": {"2"}}, Security: c.spec.Security, ExpectBody: true}
		if method == http.MethodPost {
			r.Body = map[string]any{"query": "x"}
			r.ContentType = "application/json"
		}
		var out listPage
		if err := c.Send(ctx, r, &out, opts); err != nil {
			return nil, err
		}
		return &out, nil
	}
}

func collect(t *testing.T, seq func(func(item, error) bool)) ([]string, error) {
	t.Helper()
	var ids []string
	var last error
	for it, err := range seq {
		if err != nil {
			if last != nil {
				t.Fatal("a second error was yielded")
			}
			last = err
			continue
		}
		ids = append(ids, it.ID)
	}
	return ids, last
}

var pagingStyles = map[string]PageSpec{
	"cursor in the query":  {Style: PageCursor, Items: "/data", Next: "/next_cursor", Param: "cursor"},
	"cursor in the body":   {Style: PageCursor, Items: "/data", Next: "/next_cursor", Param: "cursor", InBody: true},
	"has_more and last id": {Style: PageLastItem, Items: "/data", HasMore: "/has_more", Param: "starting_after", ItemID: "id"},
	"next URL in the body": {Style: PageNextURL, Items: "/data", Next: "/next"},
	"Link header":          {Style: PageLink, Items: "/data"},
	"page number":          {Style: PageNumber, Items: "/data", Param: "page", Start: 1},
	"offset and limit":     {Style: PageOffset, Items: "/data", Param: "offset", Total: "/total"},
}

func TestEveryPaginationStyle(t *testing.T) {
	for name, spec := range pagingStyles {
		for _, tc := range []struct {
			what     string
			items    []string
			limitAt  int
			requests int // 0: don't check
		}{
			{"five items", fiveItems, 0, 0},
			{"an empty first page", nil, 0, 1},
			{"a 429 in the middle", fiveItems, 2, 0},
		} {
			srv := pagedServer(t, spec.Style, tc.items, tc.limitAt)
			c, clk := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
			method := http.MethodGet
			if spec.InBody {
				method = http.MethodPost
			}
			seq := AllItems(Paginate(context.Background(), c, "listItems", spec, nil, listFetch(c, context.Background(), method)), func(p *listPage) []item { return p.Data })
			got, err := collect(t, seq)
			if err != nil {
				t.Errorf("%s, %s: %v", name, tc.what, err)
				continue
			}
			if strings.Join(got, "") != strings.Join(tc.items, "") {
				t.Errorf("%s, %s: items %v, want %v (no page lost or repeated)", name, tc.what, got, tc.items)
			}
			if tc.requests > 0 && srv.count() != tc.requests {
				t.Errorf("%s, %s: %d requests, want %d", name, tc.what, srv.count(), tc.requests)
			}
			if tc.limitAt > 0 {
				if s := clk.sleeps(); len(s) != 1 || s[0] != 3*time.Second {
					t.Errorf("%s, %s: slept %v, want the 3s Retry-After once", name, tc.what, s)
				}
			}
			// Every request carries the method's own parameters and
			// credential.
			for i := 0; i < srv.count(); i++ {
				r := srv.request(i)
				if r.Header.Get("X-Api-Key") != testKey || r.URL.Query().Get("limit") != "2" {
					t.Errorf("%s, %s: request %d lost the key or the limit: %s", name, tc.what, i, r.URL)
				}
			}
		}
	}
}

func TestPagesEndEarly(t *testing.T) {
	spec := pagingStyles["cursor in the query"]
	// A break: no page nobody asked for.
	srv := pagedServer(t, PageCursor, fiveItems, 0)
	c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
	for it, err := range AllItems(Paginate(context.Background(), c, "listItems", spec, nil, listFetch(c, context.Background(), "GET")), func(p *listPage) []item { return p.Data }) {
		if err != nil || it.ID == "b" {
			break
		}
	}
	if srv.count() != 1 {
		t.Errorf("break after the first page's items: %d requests", srv.count())
	}

	// The first error is yielded once and ends the sequence.
	srv = newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, `{"data":[{"id":"a"}],"next_cursor":"1"}`)
			return
		}
		w.WriteHeader(404)
	})
	c, _ = newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
	got, err := collect(t, AllItems(Paginate(context.Background(), c, "listItems", spec, nil, listFetch(c, context.Background(), "GET")), func(p *listPage) []item { return p.Data }))
	if strings.Join(got, "") != "a" || !errors.Is(err, ErrNotFound) || srv.count() != 2 {
		t.Errorf("items %v, err %v, %d requests", got, err, srv.count())
	}

	// A context that ends stops the walk with its error.
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv = pagedServer(t, PageCursor, fiveItems, 0)
	c, _ = newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
	var n int
	for _, err := range Paginate(ctx, c, "listItems", spec, nil, listFetch(c, ctx, "GET")) {
		n++
		cancel()
		if n == 2 && !errors.Is(err, context.Canceled) {
			t.Errorf("after cancel: %v", err)
		}
	}
	if n != 2 || srv.count() != 1 {
		t.Errorf("%d yields, %d requests after cancel", n, srv.count())
	}
}

func TestARepeatedCursorIsAnErrorNotALoop(t *testing.T) {
	for name, tc := range map[string]struct {
		spec PageSpec
		body string
		link string
	}{
		"cursor": {PageSpec{Style: PageCursor, Items: "/data", Next: "/next_cursor", Param: "cursor"}, `{"data":[{"id":"a"}],"next_cursor":"same"}`, ""},
		"link":   {PageSpec{Style: PageLink, Items: "/data"}, `{"data":[{"id":"a"}]}`, "/items?cursor=same"},
	} {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if tc.link != "" {
				w.Header().Set("Link", "<"+tc.link+`>; rel="next"`)
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, tc.body)
		})
		c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
		_, err := collect(t, AllItems(Paginate(context.Background(), c, "listItems", tc.spec, nil, listFetch(c, context.Background(), "GET")), func(p *listPage) []item { return p.Data }))
		if !errors.Is(err, errPageLoop) || srv.count() > 3 {
			t.Errorf("%s: err %v after %d requests", name, err, srv.count())
		}
	}
}

func TestANextLinkToAnotherOriginIsRefused(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Link", `<https://evil.example/steal?cursor=2>; rel="next"`)
		w.Header().Set("Content-Type", "application/json")
		_, _ = io.WriteString(w, `{"data":[{"id":"a"}]}`)
	})
	c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
	got, err := collect(t, AllItems(Paginate(context.Background(), c, "listItems", PageSpec{Style: PageLink, Items: "/data"}, nil, listFetch(c, context.Background(), "GET")), func(p *listPage) []item { return p.Data }))
	if strings.Join(got, "") != "a" || err == nil || !strings.Contains(err.Error(), "not on the client's origin") || srv.count() != 1 {
		t.Errorf("items %v, err %v, %d requests", got, err, srv.count())
	}
}

func TestNextLinkParsing(t *testing.T) {
	for header, want := range map[string]string{
		`<https://api.github.com/repositories/1300192/issues?page=2>; rel="next", <https://api.github.com/repositories/1300192/issues?page=515>; rel="last"`: "https://api.github.com/repositories/1300192/issues?page=2",
		`<https://x.example/a?b=1,2>; rel="prev next"`:                                     "https://x.example/a?b=1,2",
		`<https://x.example/a>; rel="prev", <https://x.example/b>; title="a, b"; rel=next`: "https://x.example/b",
		`<https://x.example/a>; rel="last"`:                                                "",
		`garbage`:                                                                          "",
	} {
		if got := nextLink(http.Header{"Link": {header}}, "", ""); got != want {
			t.Errorf("%s: %q, want %q", header, got, want)
		}
	}
}

// TestANextLinkMarkedAsLeadingNowhere: with LinkEndParam, a rel="next"
// link carrying the parameter at the end value is no next page (Sentry's
// header, from docs.sentry.io/api/pagination/), at any other value it is,
// and without LinkEndParam the parameter means nothing.
func TestANextLinkMarkedAsLeadingNowhere(t *testing.T) {
	const last = `<https://sentry.io/api/0/projects/1/events/?&cursor=0:100:1>; rel="previous"; results="true"; cursor="0:100:1", <https://sentry.io/api/0/projects/1/events/?&cursor=0:200:0>; rel="next"; results="false"; cursor="0:200:0"`
	const more = `<https://sentry.io/api/0/projects/1/events/?&cursor=0:0:1>; rel="previous"; results="false"; cursor="0:0:1", <https://sentry.io/api/0/projects/1/events/?&cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"`
	for _, tc := range []struct {
		header, param, value, want string
	}{
		{last, "results", "false", ""},
		{more, "results", "false", "https://sentry.io/api/0/projects/1/events/?&cursor=0:100:0"},
		{last, "", "", "https://sentry.io/api/0/projects/1/events/?&cursor=0:200:0"},
		{strings.ReplaceAll(last, "results=", "RESULTS="), "results", "false", ""},
	} {
		if got := nextLink(http.Header{"Link": {tc.header}}, tc.param, tc.value); got != tc.want {
			t.Errorf("%s with %s=%s: %q, want %q", tc.header, tc.param, tc.value, got, tc.want)
		}
	}
}

// TestANextLinkOutsideTheBasePathIsRefused is issue 23's "a next-page link
// on the same origin but outside the base path gets the credential": the
// base URL's path bounds where credentials go (docs/security.md), so a
// link to /admin, to /v1evil (which starts like /v1), back up with a dot
// segment or a %2e%2e, is refused before it is requested, as Client.Do
// refuses the same URL. A link under the base path is followed.
func TestANextLinkOutsideTheBasePathIsRefused(t *testing.T) {
	var next string
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/v1/items" && r.URL.Query().Get("cursor") == "" {
			w.Header().Set("Link", "<"+next+`>; rel="next"`)
		}
		_, _ = io.WriteString(w, `{"data":[{"id":"a"}]}`)
	})
	walk := func(link string) ([]string, error, []string) {
		next = strings.ReplaceAll(link, "{srv}", srv.URL)
		before := srv.count()
		c, _ := newTestClient(t, testSpec(), srv.URL+"/v1", WithKey(testKey))
		got, err := collect(t, AllItems(Paginate(context.Background(), c, "listItems", PageSpec{Style: PageLink, Items: "/data"}, nil, listFetch(c, context.Background(), "GET")), func(p *listPage) []item { return p.Data }))
		var paths []string
		for i := before; i < srv.count(); i++ {
			paths = append(paths, srv.request(i).URL.EscapedPath())
		}
		return got, err, paths
	}
	for _, link := range []string{"{srv}/admin/steal?cursor=2", "{srv}/v1evil/x", "/admin/x", "../admin", "{srv}/v1/%2e%2e/admin", "{srv}/v1/a/../../admin", "{srv}/v1%2fx"} {
		got, err, paths := walk(link)
		if strings.Join(got, "") != "a" || err == nil || !strings.Contains(err.Error(), "base URL") || len(paths) != 1 {
			t.Errorf("link %s: items %v, err %v, requests %v", link, got, err, paths)
		}
	}
	if got, err, paths := walk("{srv}/v1/items?cursor=2"); strings.Join(got, "") != "aa" || err != nil || len(paths) != 2 || paths[1] != "/v1/items" {
		t.Errorf("a link under the base path: items %v, err %v, requests %v", got, err, paths)
	}
	// Client.Do holds an absolute URL to the same rule.
	c, _ := newTestClient(t, testSpec(), srv.URL+"/v1", WithKey(testKey))
	before := srv.count()
	if err := c.Do(context.Background(), "GET", srv.URL+"/admin/x", nil, nil); err == nil || srv.count() != before {
		t.Errorf("Client.Do outside the base path: err %v, %d requests", err, srv.count()-before)
	}
}

// endsServer serves fiveItems two at a time, as pages found by number
// (page, from 1), offset or cursor, each page's body decorated by what
// the case's vendor says about the end.
func endsServer(t *testing.T, decorate func(body map[string]any, page, pages int)) *server {
	return newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		q := r.URL.Query()
		from := 0
		switch {
		case q.Get("page") != "":
			page, _ := strconv.Atoi(q.Get("page"))
			from = (page - 1) * 2
		case q.Get("offset") != "":
			from, _ = strconv.Atoi(q.Get("offset"))
		case q.Get("cursor") != "":
			from, _ = strconv.Atoi(q.Get("cursor"))
		}
		from = max(min(from, len(fiveItems)), 0)
		to := min(from+2, len(fiveItems))
		data := []map[string]string{}
		for _, id := range fiveItems[from:to] {
			data = append(data, map[string]string{"id": id})
		}
		body := map[string]any{"data": data}
		decorate(body, from/2+1, (len(fiveItems)+1)/2)
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(body)
	})
}

// TestPagesEndWithoutAnEmptyPage: a vendor that says which page is the
// last (a page count, a last-page flag, an item count, a short page) is
// walked in exactly as many requests as it has pages: three for five
// items two at a time, never a fourth for the empty page after.
func TestPagesEndWithoutAnEmptyPage(t *testing.T) {
	number := PageSpec{Style: PageNumber, Items: "/data", Param: "page", Start: 1}
	offset := PageSpec{Style: PageOffset, Items: "/data", Param: "offset"}
	cursor := PageSpec{Style: PageCursor, Items: "/data", Next: "/next_cursor", Param: "cursor"}
	with := func(s PageSpec, edit func(*PageSpec)) PageSpec { edit(&s); return s }
	totalPages := func(b map[string]any, page, pages int) { b["meta"] = map[string]any{"total_pages": pages} }
	lastFlag := func(b map[string]any, page, pages int) { b["last_page"] = page == pages }
	// A cursor vendor that still sends a cursor on the last page: only
	// its flag or page count ends the walk.
	cursorAlways := func(also func(map[string]any, int, int)) func(map[string]any, int, int) {
		return func(b map[string]any, page, pages int) {
			b["next_cursor"] = strconv.Itoa(page * 2)
			also(b, page, pages)
		}
	}
	for name, tc := range map[string]struct {
		spec     PageSpec
		decorate func(body map[string]any, page, pages int)
	}{
		"page number, total pages":        {with(number, func(s *PageSpec) { s.TotalPages = "/meta/total_pages" }), totalPages},
		"page number, total pages string": {with(number, func(s *PageSpec) { s.TotalPages = "/total_pages" }), func(b map[string]any, page, pages int) { b["total_pages"] = strconv.Itoa(pages) }},
		"page number, last-page flag":     {with(number, func(s *PageSpec) { s.LastPage = "/last_page" }), lastFlag},
		"page number, total items":        {with(number, func(s *PageSpec) { s.Total = "/total" }), func(b map[string]any, page, pages int) { b["total"] = 5 }},
		"page number, short page, size":   {with(number, func(s *PageSpec) { s.ShortPageEnds, s.SizeParam = true, "limit" }), func(map[string]any, int, int) {}},
		"page number, short page":         {with(number, func(s *PageSpec) { s.ShortPageEnds = true }), func(map[string]any, int, int) {}},
		"offset, total pages":             {with(offset, func(s *PageSpec) { s.TotalPages = "/meta/total_pages" }), totalPages},
		"offset, last-page flag":          {with(offset, func(s *PageSpec) { s.LastPage = "/last_page" }), lastFlag},
		"offset, short page":              {with(offset, func(s *PageSpec) { s.ShortPageEnds, s.SizeParam = true, "limit" }), func(map[string]any, int, int) {}},
		"cursor, last-page flag":          {with(cursor, func(s *PageSpec) { s.LastPage = "/last_page" }), cursorAlways(lastFlag)},
		"cursor, total pages":             {with(cursor, func(s *PageSpec) { s.TotalPages = "/meta/total_pages" }), cursorAlways(totalPages)},
	} {
		srv := endsServer(t, tc.decorate)
		c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
		got, err := collect(t, AllItems(Paginate(context.Background(), c, "listItems", tc.spec, nil, listFetch(c, context.Background(), "GET")), func(p *listPage) []item { return p.Data }))
		if err != nil || strings.Join(got, "") != "abcde" || srv.count() != 3 {
			t.Errorf("%s: items %v, err %v, %d requests; want abcde in 3", name, got, err, srv.count())
		}
	}
}

// TestPagesEndAtNoNextCursor: a cursor that is empty, null or absent, and
// has_more false, each end the walk at the page that says so.
func TestPagesEndAtNoNextCursor(t *testing.T) {
	cursor := PageSpec{Style: PageCursor, Items: "/data", Next: "/next_cursor", Param: "cursor"}
	hasMore := PageSpec{Style: PageCursor, Items: "/data", Next: "/next_cursor", Param: "cursor", HasMore: "/has_more"}
	for name, tc := range map[string]struct {
		spec PageSpec
		last map[string]any // merged into the last page
	}{
		"empty cursor":   {cursor, map[string]any{"next_cursor": ""}},
		"null cursor":    {cursor, map[string]any{"next_cursor": nil}},
		"absent cursor":  {cursor, map[string]any{}},
		"has_more false": {hasMore, map[string]any{"next_cursor": "6", "has_more": false}},
	} {
		srv := endsServer(t, func(b map[string]any, page, pages int) {
			if page < pages {
				b["next_cursor"], b["has_more"] = strconv.Itoa(page*2), true
				return
			}
			for k, v := range tc.last {
				b[k] = v
			}
		})
		c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
		got, err := collect(t, AllItems(Paginate(context.Background(), c, "listItems", tc.spec, nil, listFetch(c, context.Background(), "GET")), func(p *listPage) []item { return p.Data }))
		if err != nil || strings.Join(got, "") != "abcde" || srv.count() != 3 {
			t.Errorf("%s: items %v, err %v, %d requests; want abcde in 3", name, got, err, srv.count())
		}
	}
}

// TestANextPageThatIsThisPageIsALoop: a next URL (or Link) that is the
// page just fetched, and a cursor equal to the one the page was asked
// with, stop the walk with errPageLoop before a second request.
func TestANextPageThatIsThisPageIsALoop(t *testing.T) {
	for name, tc := range map[string]struct {
		spec  PageSpec
		page  func(srvURL string, r *http.Request) (body, link string)
		query url.Values // the caller's own, beside limit=2
	}{
		"next URL": {PageSpec{Style: PageNextURL, Items: "/data", Next: "/next"}, func(srvURL string, r *http.Request) (string, string) {
			return `{"data":[{"id":"a"}],"next":"` + srvURL + `/items?limit=2"}`, ""
		}, nil},
		"Link, query reordered": {PageSpec{Style: PageLink, Items: "/data"}, func(srvURL string, r *http.Request) (string, string) {
			return `{"data":[{"id":"a"}]}`, "/items?x=1&limit=2"
		}, url.Values{"x": {"1"}}},
		"cursor asked for": {PageSpec{Style: PageCursor, Items: "/data", Next: "/next_cursor", Param: "cursor"}, func(srvURL string, r *http.Request) (string, string) {
			return `{"data":[{"id":"a"}],"next_cursor":"` + r.URL.Query().Get("cursor") + `"}`, ""
		}, url.Values{"cursor": {"c1"}}},
	} {
		var srv *server
		srv = newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			body, link := tc.page(srv.URL, r)
			if link != "" {
				w.Header().Set("Link", "<"+link+`>; rel="next"`)
			}
			w.Header().Set("Content-Type", "application/json")
			_, _ = io.WriteString(w, body)
		})
		c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
		_, err := collect(t, AllItems(Paginate(context.Background(), c, "listItems", tc.spec, nil, listFetchWith(c, tc.query)), func(p *listPage) []item { return p.Data }))
		if !errors.Is(err, errPageLoop) || srv.count() != 1 {
			t.Errorf("%s: err %v after %d requests; want errPageLoop after 1", name, err, srv.count())
		}
	}
}

// TestAPageWalkGoesOnFromThePageAskedFor: a caller who asks for page 2
// gets pages 2 and 3, not page 2 and then 2 again.
func TestAPageWalkGoesOnFromThePageAskedFor(t *testing.T) {
	spec := PageSpec{Style: PageNumber, Items: "/data", Param: "page", Start: 1, TotalPages: "/meta/total_pages"}
	srv := endsServer(t, func(b map[string]any, page, pages int) { b["meta"] = map[string]any{"total_pages": pages} })
	c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
	got, err := collect(t, AllItems(Paginate(context.Background(), c, "listItems", spec, nil, listFetchWith(c, url.Values{"page": {"2"}})), func(p *listPage) []item { return p.Data }))
	if err != nil || strings.Join(got, "") != "cde" || srv.count() != 2 {
		t.Errorf("items %v, err %v, %d requests; want cde in 2", got, err, srv.count())
	}
}

// listFetchWith is listFetch's GET with the caller's own query parameters.
func listFetchWith(c *Client, query url.Values) func([]RequestOption) (*listPage, error) {
	return func(opts []RequestOption) (*listPage, error) {
		q := url.Values{"limit": {"2"}}
		for k, v := range query {
			q[k] = v
		}
		r := &Request{Operation: "listItems", Method: http.MethodGet, Path: "/items", Query: q, Security: c.spec.Security, ExpectBody: true}
		var out listPage
		if err := c.Send(context.Background(), r, &out, opts); err != nil {
			return nil, err
		}
		return &out, nil
	}
}

// TestAWalksOwnQueryGoesOnEveryPage: PageSpec.Query is sent on every
// page's request, the first's too, over the caller's own value of it
// (Box's usemarker=true); the caller's other parameters stay.
func TestAWalksOwnQueryGoesOnEveryPage(t *testing.T) {
	var mu sync.Mutex
	var seen []url.Values
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		mu.Lock()
		seen = append(seen, r.URL.Query())
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("cursor") == "" {
			_, _ = io.WriteString(w, `{"data":[{"id":"a"}],"next_cursor":"2"}`)
			return
		}
		_, _ = io.WriteString(w, `{"data":[{"id":"b"}]}`)
	})
	c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
	spec := PageSpec{Style: PageCursor, Items: "/data", Next: "/next_cursor", Param: "cursor", Query: []FixedQuery{{Name: "usemarker", Value: "true"}}}
	got, err := collect(t, AllItems(Paginate(context.Background(), c, "listItems", spec, nil, listFetchWith(c, url.Values{"usemarker": {"false"}, "fields": {"name"}})), func(p *listPage) []item { return p.Data }))
	if err != nil || strings.Join(got, "") != "ab" || len(seen) != 2 {
		t.Fatalf("items %v, err %v, %d requests", got, err, len(seen))
	}
	for i, q := range seen {
		if fmt.Sprint(q["usemarker"]) != "[true]" || q.Get("fields") != "name" || q.Get("limit") != "2" {
			t.Errorf("page %d: query %v", i+1, q)
		}
	}
}
