package authgenfake

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// Pages makes the fake answer a paginated operation from items, size at a
// time, in the provider's own paging style (cursor, has_more and the last
// id, next URL, Link header, page number or offset): the client's
// <Method>All walks them all. items are encoded as JSON as they are.
// Each page says what the vendor's says about the end (has_more, a
// last-page flag, the item and page counts), so that the client stops at
// the last page as it does against the vendor; a page size the request
// asks for in the rule's sizeParam is served instead of size, as a vendor
// that fills its pages does.
func (s *Server) Pages(operationID string, items []any, size int) {
	var rt *Route
	for i := range s.spec.Routes {
		if s.spec.Routes[i].Operation == operationID {
			rt = &s.spec.Routes[i]
		}
	}
	if rt == nil || rt.Paging == nil || size <= 0 {
		s.tb.Fatalf("fake: Pages: operation %q does not page (or size %d)", operationID, size)
		return
	}
	pg := rt.Paging
	Handle(s, operationID, func(ctx context.Context, c *Call) (any, error) {
		return rawPage{page(pg, c, items, size)}, nil
	})
}

// rawPage is a page the fake built itself, sent as it is.
type rawPage struct{ v any }

// page is the body of the page c asks for: the items from where its
// cursor, last id, page number or offset says, and the way to the next.
func page(pg *authgenrt.PageSpec, c *Call, items []any, size int) any {
	if asked, err := strconv.Atoi(c.anyParam(pg.SizeParam)); err == nil && asked > 0 {
		size = asked
	}
	from := pageStart(pg, c.param(pg.Param, pg.InBody), items, size)
	to := min(from+size, len(items))
	page := append([]any{}, items[from:to]...)
	more := to < len(items)
	body := map[string]any{}
	var result any = page
	if pg.Items != "" {
		result = body
		merge(body, nest(pg.Items, page).(map[string]any))
	}
	if pg.HasMore != "" {
		merge(body, nest(pg.HasMore, more).(map[string]any))
	}
	if pg.LastPage != "" {
		merge(body, nest(pg.LastPage, !more).(map[string]any))
	}
	if pg.Total != "" {
		merge(body, nest(pg.Total, len(items)).(map[string]any))
	}
	if pg.TotalPages != "" {
		merge(body, nest(pg.TotalPages, (len(items)+size-1)/size).(map[string]any))
	}
	next := strconv.Itoa(to)
	switch pg.Style {
	case authgenrt.PageCursor:
		cursor := any(nil)
		if more {
			cursor = next
		}
		merge(body, nest(pg.Next, cursor).(map[string]any))
	case authgenrt.PageNextURL:
		u := any(nil)
		if more {
			u = c.nextURL(next)
		}
		merge(body, nest(pg.Next, u).(map[string]any))
	case authgenrt.PageLink:
		switch {
		case more && pg.LinkEndParam != "":
			// The vendor's own mark on every next link; its end value
			// only on the last page's.
			goesOn := "true"
			if pg.LinkEndValue == goesOn {
				goesOn = "false"
			}
			c.header.Set("Link", "<"+c.nextURL(next)+`>; rel="next"; `+pg.LinkEndParam+`="`+goesOn+`"`)
		case more:
			c.header.Set("Link", "<"+c.nextURL(next)+`>; rel="next"`)
		case pg.LinkEndParam != "":
			// As Sentry does: a next link on the last page too, marked as
			// leading nowhere.
			c.header.Set("Link", "<"+c.nextURL(next)+`>; rel="next"; `+pg.LinkEndParam+`="`+pg.LinkEndValue+`"`)
		}
	}
	return result
}

// pageStart is the index of the first item of the page value asks for.
func pageStart(pg *authgenrt.PageSpec, value string, items []any, size int) int {
	from := 0
	switch pg.Style {
	case authgenrt.PageCursor, authgenrt.PageNextURL, authgenrt.PageLink, authgenrt.PageOffset:
		from, _ = strconv.Atoi(value)
	case authgenrt.PageNumber:
		n, err := strconv.Atoi(value)
		if err != nil {
			n = pg.Start
		}
		from = (n - pg.Start) * size
	case authgenrt.PageLastItem:
		for i, it := range items {
			if id, _ := json.Marshal(pick(it, pg.ItemID)); value != "" && strings.Trim(string(id), `"`) == value {
				from = i + 1
			}
		}
	}
	return max(min(from, len(items)), 0)
}

// pick is an item's member, for the item a struct or a map.
func pick(item any, member string) any {
	if m, ok := item.(map[string]any); ok {
		return m[member]
	}
	b, _ := json.Marshal(item)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return m[member]
}

// param reads a request parameter: from the query, or the JSON body.
func (c *Call) param(name string, inBody bool) string {
	if !inBody {
		if v := c.r.URL.Query().Get(name); v != "" {
			return v
		}
		return c.r.URL.Query().Get("fake_cursor")
	}
	var body map[string]any
	_ = json.Unmarshal(c.body, &body)
	if v, ok := body[name]; ok && v != nil {
		return strings.Trim(fmt.Sprint(v), `"`)
	}
	return ""
}

// anyParam reads a request parameter from the query or else the JSON body
// (the page size may be asked for in either); "" for no name.
func (c *Call) anyParam(name string) string {
	if name == "" {
		return ""
	}
	if v := c.r.URL.Query().Get(name); v != "" {
		return v
	}
	return c.param(name, true)
}

// nextURL is the request's own URL with the fake's cursor set.
func (c *Call) nextURL(cursor string) string {
	u := *c.r.URL
	u.Scheme, u.Host = "http", c.r.Host
	q := u.Query()
	q.Set("fake_cursor", cursor)
	u.RawQuery = q.Encode()
	return u.String()
}
