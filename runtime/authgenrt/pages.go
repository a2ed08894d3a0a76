//authgen:feature pagination

package authgenrt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"iter"
	"net/http"
	"net/url"
	"strconv"
	"strings"
)

// Pagination: <Method>Pages and <Method>All walk the pages of a list
// operation, each page fetched by the method itself (its auth, retries and
// errors), with the next page's cursor, link or number set on the request.

// PageStyle is how an operation's results come in pages.
type PageStyle int

const (
	PageCursor   PageStyle = iota + 1 // a token in the body, sent back as a parameter
	PageLastItem                      // has_more, and the last item's id sent back (Stripe's starting_after)
	PageNextURL                       // the next page's URL in the body
	PageLink                          // Link: <...>; rel="next"
	PageNumber                        // page=1, 2, ...
	PageOffset                        // offset=0, n, 2n, ...
)

// PageSpec is an operation's pagination, as the spec declares it. Pointers
// are JSON pointers into the page's body.
//
// A walk ends at the first page that says it is the last, so that the
// empty page after it is never requested: HasMore not true, LastPage true,
// the TotalPages-th page, Total items received, a page shorter than the
// page size (ShortPageEnds), no next cursor or link, or (lastItem, page,
// offset) a page with no items.
type PageSpec struct {
	Style         PageStyle
	Items         string // the items array; "" for a body that is the array
	Next          string // pageCursor: the next token; pageNextURL: the next URL
	HasMore       string // a boolean that says whether another page follows
	LastPage      string // a boolean that says this page is the last (an inverted HasMore)
	Total         string // the total number of items
	TotalPages    string // the total number of pages
	Param         string // the parameter the cursor, id, number or offset is sent in
	InBody        bool   // param is a member of the JSON request body, not a query parameter
	ItemID        string // pageLastItem: the member of an item that is its id
	Start         int    // pageNumber: the first page's number (1 unless the spec says 0)
	ShortPageEnds bool   // every page but the last is full: a shorter one is the last
	SizeParam     string // the parameter the page size is asked for in (query or JSON body)
	// LinkEndParam and LinkEndValue: a rel="next" link with this parameter
	// at this value leads nowhere, and its page is the last (Sentry sends
	// a next link on every page, results="false" on the last).
	LinkEndParam, LinkEndValue string
	// Query are query parameters every page's request sends, the first's
	// too, whatever the caller set (Box's usemarker=true, without which
	// its folder items come in offset pages with no marker).
	Query []FixedQuery
}

// errPageLoop: the server sent a cursor or link it had sent before, or
// the one of the page it sent it on; following it would loop forever.
var errPageLoop = errors.New("the server repeated a page cursor")

// withPage captures the raw page and sets where the next one starts.
func withPage(state *pageState, edit func(*Request) error) RequestOption {
	return func(o *CallOptions) {
		o.page = state
		o.pageEdit = edit
	}
}

// Paginate walks the pages: fetch is the method with the caller's
// arguments; each call gets the options that point it at the next page.
//
// The walk is a method value, not a function literal: a literal would be
// copied into every <Method>Pages and <Method>All that inlines paginate,
// and a client with hundreds of list operations would compile it hundreds
// of times. What decides where the next page starts is pageWalk's,
// compiled once.
func Paginate[P any](ctx context.Context, c *Client, operation string, spec PageSpec, opts []RequestOption, fetch func(opts []RequestOption) (P, error)) iter.Seq2[P, error] {
	return (&pageSeq[P]{ctx: ctx, c: c, operation: operation, spec: spec, opts: opts, fetch: fetch}).all
}

// pageSeq is one call of a <Method>Pages: the pages it walks, from the
// first each time it is ranged over.
type pageSeq[P any] struct {
	ctx       context.Context
	c         *Client
	operation string
	spec      PageSpec
	opts      []RequestOption
	fetch     func(opts []RequestOption) (P, error)
}

func (s *pageSeq[P]) all(yield func(P, error) bool) {
	var zero P
	walk := newPageWalk(s.ctx, s.c, s.operation, s.spec)
	for {
		if err := walk.ready(); err != nil {
			yield(zero, err)
			return
		}
		var state pageState
		page, err := s.fetch(walk.options(s.opts, &state))
		if err != nil {
			yield(zero, err)
			return
		}
		if !yield(page, nil) {
			return
		}
		more, err := walk.advance(&state)
		if err != nil {
			yield(zero, err)
			return
		}
		if !more {
			return
		}
	}
}

// pageWalk is where a walk over the pages stands: the edit that points the
// next request at the next page, and the cursors seen so far.
type pageWalk struct {
	ctx       context.Context
	c         *Client
	operation string
	spec      PageSpec
	edit      func(*Request) error // nil: the first page, as the caller asked
	seen      map[string]bool
	number    int // pageNumber: the number of the page just fetched
	offset    int // pageOffset: the offset of the page just fetched
	pages     int // the pages fetched
	received  int // the items received
	largest   int // the most items a page has had
}

func newPageWalk(ctx context.Context, c *Client, operation string, spec PageSpec) *pageWalk {
	return &pageWalk{ctx: ctx, c: c, operation: operation, spec: spec, seen: map[string]bool{}, number: spec.Start}
}

// ready says whether another page may be requested.
func (w *pageWalk) ready() error {
	if err := w.ctx.Err(); err != nil {
		return w.errorf("%w", err)
	}
	return nil
}

// options are the call's own options and the one that captures the page
// into state and points the request at the next page.
func (w *pageWalk) options(opts []RequestOption, state *pageState) []RequestOption {
	edit := w.edit
	if len(w.spec.Query) > 0 {
		edit = w.withQuery
	}
	return append(opts[:len(opts):len(opts)], withPage(state, edit))
}

// withQuery sets the walk's own query parameters on a page's request,
// then points it at the page.
func (w *pageWalk) withQuery(r *Request) error {
	q := make(url.Values, len(r.Query)+len(w.spec.Query))
	for k, v := range r.Query {
		q[k] = v[:len(v):len(v)]
	}
	for _, p := range w.spec.Query {
		q.Set(p.Name, p.Value)
	}
	r.Query = q
	if w.edit != nil {
		return w.edit(r)
	}
	return nil
}

func (w *pageWalk) errorf(format string, args ...any) error {
	return fmt.Errorf("%s: %s: "+format, append([]any{w.c.spec.Name, w.operation}, args...)...)
}

// advance reads the page just fetched and says whether another follows,
// setting where it starts.
func (w *pageWalk) advance(state *pageState) (bool, error) {
	spec := w.spec
	count, items := pageItems(state.body, spec.Items)
	w.pages++
	if w.pages == 1 {
		w.startAt(state)
	}
	w.received += count
	if w.isLast(state, count) {
		return false, nil
	}
	var key string
	switch spec.Style {
	case PageCursor:
		cursor := scalarText(lookupPointer(state.body, spec.Next))
		if cursor == "" {
			return false, nil
		}
		key, w.edit = cursor, setParam(spec, cursor)
	case PageLastItem:
		if count == 0 {
			return false, nil
		}
		id := scalarText(lookupPointer(items[count-1], "/"+spec.ItemID))
		if id == "" {
			return false, w.errorf("the last item of the page has no %q to continue from", spec.ItemID)
		}
		key, w.edit = id, setParam(spec, id)
	case PageNextURL, PageLink:
		next := ""
		if spec.Style == PageLink {
			next = nextLink(state.header, spec.LinkEndParam, spec.LinkEndValue)
		} else {
			next = scalarText(lookupPointer(state.body, spec.Next))
		}
		if next == "" {
			return false, nil
		}
		u, err := w.c.pageURL(next)
		if err != nil {
			return false, w.errorf("next page: %w", err)
		}
		key, w.edit = pageKey(u), func(r *Request) error { r.absolute, r.Query = u, nil; return nil }
	case PageNumber:
		if count == 0 {
			return false, nil
		}
		w.number++
		key, w.edit = strconv.Itoa(w.number), setParam(spec, w.number)
	case PageOffset:
		if count == 0 {
			return false, nil
		}
		w.offset += count
		key, w.edit = strconv.Itoa(w.offset), setParam(spec, w.offset)
	default:
		return false, nil
	}
	if w.seen[key] {
		return false, w.errorf("%w; stopped instead of looping", errPageLoop)
	}
	w.seen[key] = true
	return true, nil
}

// startAt reads where the first page started, as the caller asked: the
// page number or offset to count on from, and the page's own cursor or
// URL, which the server must not send back as the next one.
func (w *pageWalk) startAt(state *pageState) {
	switch w.spec.Style {
	case PageNextURL, PageLink:
		if state.url != nil {
			w.seen[pageKey(state.url)] = true
		}
		return
	}
	asked := requestParam(state.request, w.spec.Param)
	if asked == "" {
		return
	}
	w.seen[asked] = true
	n, err := strconv.Atoi(asked)
	if err != nil {
		return
	}
	switch w.spec.Style {
	case PageNumber:
		w.number = n
	case PageOffset:
		w.offset = max(n, 0)
	}
}

// isLast says whether the page just fetched says it is the last, by any
// of the ends the spec names; each saves the request for an empty page.
func (w *pageWalk) isLast(state *pageState, count int) bool {
	spec := w.spec
	if spec.HasMore != "" && string(bytes.TrimSpace(lookupPointer(state.body, spec.HasMore))) != "true" {
		return true
	}
	if spec.LastPage != "" && string(bytes.TrimSpace(lookupPointer(state.body, spec.LastPage))) == "true" {
		return true
	}
	if spec.TotalPages != "" {
		if total, ok := pageCount(state.body, spec.TotalPages); ok {
			// A page walk counts by the page's own number, so that one the
			// caller started at page 3 still ends at the last page; the
			// other styles count the pages fetched.
			at := w.pages
			if spec.Style == PageNumber {
				at = w.number - spec.Start + 1
			}
			if at >= total {
				return true
			}
		}
	}
	if spec.Total != "" {
		if total, ok := pageCount(state.body, spec.Total); ok {
			at := w.received
			if spec.Style == PageOffset {
				at = w.offset + count
			}
			if at >= total {
				return true
			}
		}
	}
	if spec.ShortPageEnds {
		// The page size is what the caller asked for, or else the largest
		// page so far (the first page is full unless it is the last, so a
		// lone short first page costs one request more).
		size := 0
		if spec.SizeParam != "" {
			size, _ = strconv.Atoi(requestParam(state.request, spec.SizeParam))
		}
		if size <= 0 {
			size = w.largest
		}
		w.largest = max(w.largest, count)
		if size > 0 && count < size {
			return true
		}
	}
	return false
}

// pageCount reads a count (of pages or items) from the body: a JSON
// number, or a string holding one.
func pageCount(body []byte, pointer string) (int, bool) {
	n, err := strconv.Atoi(scalarText(lookupPointer(body, pointer)))
	return n, err == nil
}

// requestParam is the value a request sent in a parameter: the query's,
// or else the JSON body member's; "" when it sent none.
func requestParam(r *Request, name string) string {
	if r == nil || name == "" {
		return ""
	}
	if v := r.Query.Get(name); v != "" {
		return v
	}
	if r.Body == nil {
		return ""
	}
	b, err := json.Marshal(r.Body)
	if err != nil {
		return ""
	}
	return scalarText(lookupPointer(b, "/"+strings.ReplaceAll(strings.ReplaceAll(name, "~", "~0"), "/", "~1")))
}

// pageKey is a page's URL as the loop guard compares it: the query in a
// stable order, so that a link that only reorders it is the same page.
func pageKey(u *url.URL) string {
	k := *u
	k.RawQuery = u.Query().Encode()
	k.Fragment, k.RawFragment = "", ""
	return k.String()
}

// AllItems flattens pages into their items. As with paginate, the walk is
// a method value so that it is compiled once per item type, not once per
// operation.
func AllItems[P, T any](pages iter.Seq2[P, error], items func(P) []T) iter.Seq2[T, error] {
	return (&itemSeq[P, T]{pages: pages, items: items}).all
}

// itemSeq is one call of a <Method>All.
type itemSeq[P, T any] struct {
	pages iter.Seq2[P, error]
	items func(P) []T
}

func (s *itemSeq[P, T]) all(yield func(T, error) bool) {
	for page, err := range s.pages {
		if err != nil {
			var zero T
			yield(zero, err)
			return
		}
		for _, item := range s.items(page) {
			if !yield(item, nil) {
				return
			}
		}
	}
}

// pageItems reads the items array of a page.
func pageItems(body []byte, pointer string) (int, []json.RawMessage) {
	raw := json.RawMessage(body)
	if pointer != "" {
		raw = lookupPointer(raw, pointer)
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		return 0, nil
	}
	return len(items), items
}

// setParam sets the parameter that selects the next page.
func setParam(spec PageSpec, value any) func(*Request) error {
	return func(r *Request) error {
		if !spec.InBody {
			q := url.Values{}
			for k, v := range r.Query {
				q[k] = append([]string(nil), v...)
			}
			q.Set(spec.Param, formatParam(value))
			r.Query = q
			return nil
		}
		fields := map[string]json.RawMessage{}
		if r.Body != nil {
			b, err := json.Marshal(r.Body)
			if err != nil {
				return err
			}
			if err := json.Unmarshal(b, &fields); err != nil {
				return fmt.Errorf("the request body is not an object, so %q cannot be set in it", spec.Param)
			}
		}
		v, err := json.Marshal(value)
		if err != nil {
			return err
		}
		fields[spec.Param] = v
		r.Body = fields
		if r.ContentType == "" {
			r.ContentType = "application/json"
		}
		return nil
	}
}

// nextLink finds rel="next" in Link headers (RFC 8288); "" when there is
// none, or when it carries the parameter endParam at endValue (the
// vendor's mark of a link that leads nowhere).
func nextLink(h http.Header, endParam, endValue string) string {
	for _, v := range h.Values("Link") {
		for _, part := range splitLinks(v) {
			target, params, ok := strings.Cut(part, ";")
			target = strings.TrimSpace(target)
			if !ok || !strings.HasPrefix(target, "<") || !strings.HasSuffix(target, ">") {
				continue
			}
			isNext, ends := false, false
			for _, p := range strings.Split(params, ";") {
				name, value, _ := strings.Cut(strings.TrimSpace(p), "=")
				name, value = strings.TrimSpace(name), strings.Trim(strings.TrimSpace(value), `"`)
				switch {
				case strings.EqualFold(name, "rel"):
					for _, rel := range strings.Fields(value) {
						isNext = isNext || strings.EqualFold(rel, "next")
					}
				case endParam != "" && strings.EqualFold(name, endParam):
					ends = value == endValue
				}
			}
			if isNext {
				if ends {
					return ""
				}
				return target[1 : len(target)-1]
			}
		}
	}
	return ""
}

// splitLinks splits a Link header at the commas between links, not those
// inside a <URL> or a quoted string.
func splitLinks(v string) []string {
	var parts []string
	depth, quoted, start := 0, false, 0
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c == '"' && depth == 0:
			quoted = !quoted
		case c == '<' && !quoted:
			depth++
		case c == '>' && !quoted && depth > 0:
			depth--
		case c == ',' && depth == 0 && !quoted:
			parts = append(parts, v[start:i])
			start = i + 1
		}
	}
	return append(parts, v[start:])
}

// pageURL resolves a next link against the base URL and keeps it on the
// client's own origin, where its credentials belong.
func (c *Client) pageURL(next string) (*url.URL, error) {
	u, err := c.baseURL.Parse(next)
	if err != nil {
		return nil, fmt.Errorf("the next link is not a URL: %w", err)
	}
	if !sameOrigin(u, c.baseURL) || u.User != nil {
		return nil, fmt.Errorf("the next link %s is not on the client's origin %s; refused", c.redactor.URL(u), c.redactor.URL(&url.URL{Scheme: c.baseURL.Scheme, Host: c.baseURL.Host}))
	}
	if !c.underBasePath(u) {
		return nil, fmt.Errorf("the next link %s is outside the client's base URL %s; refused", c.redactor.URL(u), c.redactor.URL(c.baseURL))
	}
	return u, nil
}
