package spec

// The pagination concern: x-authgen.pagination checked against each
// operation, giving <Method>Pages and <Method>All.

import (
	"fmt"
	"slices"
	"strings"
)

var pageStyles = []string{string(PageCursor), string(PageLastItem), string(PageNextURL), string(PageLink), string(PageNumber), string(PageOffset)}

// buildPagination applies x-authgen.pagination: each operation's own rule
// (an error when it does not fit the operation) and the default rule to
// every operation it fits.
func (b *builder) buildPagination() {
	cfg := b.ext.Pagination
	byID := map[string]int{}
	for i := range b.p.Operations {
		byID[b.p.Operations[i].ID] = i
	}
	methods := map[string]bool{}
	for _, o := range b.p.Operations {
		methods[o.GoName] = true
	}
	own := map[string]bool{}
	for _, r := range cfg.Operations {
		where := ExtensionKey + ".pagination.operations." + r.OperationID
		i, ok := byID[r.OperationID]
		if !ok {
			b.problem(r.pos, "%s: no operation has this operationId", where)
			continue
		}
		own[r.OperationID] = true
		o := &b.p.Operations[i]
		pg, why, key := b.pageRule(o, r)
		if pg == nil {
			b.problem(r.keyPos(key), "%s: %s", where, why)
			continue
		}
		b.setPagination(o, pg, methods, r.pos, where)
	}
	if cfg.Default == nil && len(cfg.Operations) == 0 {
		b.inferPagination(methods)
	}
	if d := cfg.Default; d != nil {
		where := ExtensionKey + ".pagination.default"
		if !validStyle(d.Style) {
			b.problem(d.pos, "%s.style: %q is not a pagination style (want one of %s)", where, d.Style, strings.Join(pageStyles, ", "))
			return
		}
		fitted := 0
		for i := range b.p.Operations {
			o := &b.p.Operations[i]
			if own[o.ID] || o.Method != "GET" && !(d.Param != "" && o.Body != nil) {
				continue
			}
			pg, _, _ := b.pageRule(o, *d)
			if pg == nil {
				continue
			}
			pg.Inferred = true
			b.setPagination(o, pg, methods, d.pos, where)
			fitted++
		}
		if fitted == 0 {
			b.warn(d.pos, "%s: fits no operation (none has the items%s it names)", where, map[bool]string{true: " and parameter", false: ""}[d.Param != ""])
		}
	}
}

func validStyle(s string) bool {
	for _, st := range pageStyles {
		if s == st {
			return true
		}
	}
	return false
}

// setPagination names the two methods and records the rule, unless a name
// is taken.
func (b *builder) setPagination(o *Operation, pg *Pagination, methods map[string]bool, pos Position, where string) {
	pg.PagesMethod, pg.AllMethod = o.GoName+"Pages", o.GoName+"All"
	for _, name := range []string{pg.PagesMethod, pg.AllMethod} {
		if methods[name] || clientMethods()[name] {
			b.problem(pos, "%s: operation %q: the method %s is already taken; rename one of the operations", where, o.ID, name)
			return
		}
	}
	methods[pg.PagesMethod], methods[pg.AllMethod] = true, true
	o.Pagination = pg
}

// pageRule checks a rule against one operation; it returns the rule, or
// nil, why it does not fit and the key whose value is at fault ("": the
// rule as a whole), for the message's line and column.
func (b *builder) pageRule(o *Operation, r pageRuleConfig) (*Pagination, string, string) {
	if !validStyle(r.Style) {
		msg := fmt.Sprintf("style %q is not a pagination style (want one of %s)", r.Style, strings.Join(pageStyles, ", "))
		if s := suggest(r.Style, pageStyles); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		return nil, msg, "style"
	}
	pg := &Pagination{Style: PageStyle(r.Style), Items: r.Items, Next: r.Next, HasMore: r.HasMore, LastPage: r.LastPage, Total: r.Total, TotalPages: r.TotalPages,
		Param: r.Param, ItemID: r.ItemID, Start: 1, ShortPageEnds: r.ShortPageEnds, SizeParam: r.SizeParam}
	if r.Start != nil {
		pg.Start = *r.Start
	}
	for _, q := range r.Query {
		switch {
		case q.Value == "":
			return nil, fmt.Sprintf("query.%s: empty value; an empty parameter is never sent, so leave it out", q.Name), "query"
		case !hasQueryParam(o, q.Name):
			return nil, fmt.Sprintf("query.%s: operation %q has no query parameter %q", q.Name, o.ID, q.Name), "query"
		case q.Name == r.Param || q.Name == r.SizeParam:
			return nil, fmt.Sprintf("query.%s: the walk sets %s itself", q.Name, q.Name), "query"
		}
		pg.Query = append(pg.Query, FixedQuery{Name: q.Name, Value: q.Value})
	}
	slices.SortFunc(pg.Query, func(a, b FixedQuery) int { return strings.Compare(a.Name, b.Name) })
	if r.LinkEnds != nil {
		if pg.Style != PageLink {
			return nil, fmt.Sprintf("linkEnds: style %s has no Link header to read; linkEnds is for style link", pg.Style), "linkEnds"
		}
		if r.LinkEnds.Param == "" || r.LinkEnds.Equals == "" {
			return nil, "linkEnds: give param, the next link's parameter, and equals, its value on the last page (Sentry: {param: results, equals: \"false\"})", "linkEnds"
		}
		pg.LinkEndParam, pg.LinkEndValue = r.LinkEnds.Param, r.LinkEnds.Equals
	}
	ends := []struct {
		key, value string
		want       endKind
	}{{"hasMore", r.HasMore, endFlag}, {"lastPage", r.LastPage, endFlag}, {"total", r.Total, endCount}, {"totalPages", r.TotalPages, endCount}}
	for _, p := range []struct{ key, value string }{{"items", r.Items}, {"next", r.Next}, {"hasMore", r.HasMore}, {"lastPage", r.LastPage}, {"total", r.Total}, {"totalPages", r.TotalPages}} {
		if p.value != "" && !strings.HasPrefix(p.value, "/") {
			return nil, fmt.Sprintf("%s: %q is not a JSON pointer (want one like \"/data\")", p.key, p.value), p.key
		}
	}
	if r.SizeParam != "" && !r.ShortPageEnds {
		return nil, "sizeParam: the page size asked for is read only to end at a short page; add shortPageEnds: true, or leave sizeParam out", "sizeParam"
	}
	if o.Response == nil || o.RawResponse {
		return nil, fmt.Sprintf("operation %q returns no JSON body to page through", o.ID), ""
	}
	switch pg.Style {
	case PageCursor, PageNextURL:
		if pg.Next == "" {
			return nil, fmt.Sprintf("style %s needs next, the pointer to the %s in the body", pg.Style, map[bool]string{true: "next cursor", false: "next page's URL"}[pg.Style == PageCursor]), ""
		}
	}
	switch pg.Style {
	case PageCursor, PageLastItem, PageNumber, PageOffset:
		if pg.Param == "" {
			return nil, fmt.Sprintf("style %s needs param, the parameter the %s is sent in", pg.Style, pg.Style), "style"
		}
		inQuery := false
		for _, q := range o.QueryParams {
			inQuery = inQuery || q.Name == pg.Param
		}
		if !inQuery {
			if !bodyHasMember(o.Body, pg.Param) {
				return nil, fmt.Sprintf("operation %q has no query parameter or JSON body member %q", o.ID, pg.Param), "param"
			}
			pg.ParamInBody = true
		}
	default:
		if pg.Param != "" {
			return nil, fmt.Sprintf("style %s takes no param: the link carries the next page's parameters", pg.Style), "param"
		}
	}
	if pg.SizeParam != "" && !hasQueryParam(o, pg.SizeParam) && !bodyHasMember(o.Body, pg.SizeParam) {
		return nil, fmt.Sprintf("sizeParam: operation %q has no query parameter or JSON body member %q", o.ID, pg.SizeParam), "sizeParam"
	}
	if pg.Style == PageLastItem && pg.ItemID == "" {
		pg.ItemID = "id"
	}
	// The items: the pointer is into the body as sent; the method's result
	// is the body inside the success envelope.
	envelope := b.ext.Success.Data
	if o.OwnSuccess {
		envelope = o.SuccessData
	}
	rel := pg.Items
	if envelope != "" {
		if pg.Items != envelope && !strings.HasPrefix(pg.Items, envelope+"/") {
			return nil, fmt.Sprintf("items %q is outside the success envelope %s the method returns", pg.Items, envelope), "items"
		}
		rel = strings.TrimPrefix(pg.Items, envelope)
	}
	path, item, why := itemsPath(o.Response, rel)
	if item == nil {
		return nil, why, "items"
	}
	for _, p := range []struct{ key, value string }{{"next", pg.Next}, {"hasMore", pg.HasMore}, {"total", pg.Total}} {
		if p.value == "" || envelope != "" && !strings.HasPrefix(p.value, envelope+"/") {
			continue // outside the modelled result: not checkable here
		}
		if !resultHas(o.Response, strings.TrimPrefix(p.value, envelope)) {
			return nil, fmt.Sprintf("%s: the result of operation %q has no %s", p.key, o.ID, p.value), p.key
		}
	}
	for _, e := range ends {
		if e.value == "" || envelope != "" && !strings.HasPrefix(e.value, envelope+"/") {
			continue
		}
		t, ok := resultType(o.Response, strings.TrimPrefix(e.value, envelope))
		if !ok {
			return nil, fmt.Sprintf("%s: the result of operation %q has no %s", e.key, o.ID, e.value), e.key
		}
		if why := e.want.fits(t); why != "" {
			return nil, fmt.Sprintf("%s: %s %s", e.key, e.value, why), e.key
		}
	}
	if pg.Style == PageLastItem && !itemHasMember(item, pg.ItemID) {
		return nil, fmt.Sprintf("the items have no member %q to continue after", pg.ItemID), "itemId"
	}
	pg.ItemsPath, pg.Item = path, item
	return pg, "", ""
}

// endKind is what a member that ends a walk must hold.
type endKind int

const (
	endFlag  endKind = iota + 1 // a boolean (hasMore, lastPage)
	endCount                    // a count (total, totalPages)
)

// fits says why a member of type t cannot end a walk as k reads it, or "".
// A count may be a number or a string holding one (the runtime reads
// both); a flag must be a boolean, since the runtime compares it with true.
func (k endKind) fits(t Type) string {
	if a, ok := t.(*Named); ok {
		if alias, ok := a.Model.(*AliasModel); ok {
			return k.fits(alias.Underlying)
		}
	}
	p, _ := t.(Primitive)
	if p == Any || p == RawJSON {
		return "" // untyped in the document: the runtime reads what comes
	}
	switch k {
	case endFlag:
		if p != Bool {
			return "is " + describeType(t) + ", not a boolean (the walk reads only true as yes)"
		}
	case endCount:
		switch p {
		case Int64, Int32, Float64, Float32, String:
		default:
			return "is " + describeType(t) + ", not a count"
		}
	}
	return ""
}

// describeType names a type for a message: "a string", "an object".
func describeType(t Type) string {
	switch t := t.(type) {
	case Primitive:
		switch t {
		case String:
			return "a string"
		case Int64, Int32:
			return "an integer"
		case Float64, Float32:
			return "a number"
		case Bool:
			return "a boolean"
		case Time:
			return "a date-time"
		}
		return "raw JSON"
	case *Slice:
		return "a list"
	case *Map:
		return "an object"
	case *Named:
		switch t.Model.(type) {
		case *EnumModel:
			return "an enum"
		case *UnionModel:
			return "a union"
		}
		return "an object"
	}
	return "any value"
}

func hasQueryParam(o *Operation, name string) bool {
	for _, q := range o.QueryParams {
		if q.Name == name {
			return true
		}
	}
	return false
}

// itemsPath follows a pointer from a result type to a list, as Go fields.
func itemsPath(t Type, pointer string) ([]ItemsStep, Type, string) {
	var path []ItemsStep
	if pointer != "" {
		for _, token := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
			token = strings.ReplaceAll(strings.ReplaceAll(token, "~1", "/"), "~0", "~")
			s := structOf(t)
			if s == nil {
				return nil, nil, fmt.Sprintf("items: %q is not an object member of the result", token)
			}
			var found *Field
			for i := range s.Fields {
				if s.Fields[i].Name == token {
					found = &s.Fields[i]
				}
			}
			if found == nil {
				return nil, nil, fmt.Sprintf("items: the result %s has no member %q", s.GoName, token)
			}
			path = append(path, ItemsStep{GoName: found.GoName, Pointer: found.Pointer})
			t = found.Type
		}
	}
	if elem := sliceElem(t); elem != nil {
		return path, elem, ""
	}
	if pointer == "" {
		return nil, nil, "items: the result is not a list; name the member that holds the items (items: /data)"
	}
	return nil, nil, fmt.Sprintf("items: %s is not a list", pointer)
}

func structOf(t Type) *StructModel {
	if n, ok := t.(*Named); ok {
		switch m := n.Model.(type) {
		case *StructModel:
			return m
		case *AliasModel:
			return structOf(m.Underlying)
		}
	}
	return nil
}

func sliceElem(t Type) Type {
	switch t := t.(type) {
	case *Slice:
		return t.Elem
	case *Named:
		if a, ok := t.Model.(*AliasModel); ok {
			return sliceElem(a.Underlying)
		}
	}
	return nil
}

func bodyHasMember(body *RequestBody, name string) bool {
	return body != nil && body.Encoding == EncodingJSON && itemHasMember(body.Type, name)
}

// itemHasMember: t is a struct with a member of that JSON name.
func itemHasMember(t Type, name string) bool {
	s := structOf(t)
	if s == nil {
		return false
	}
	for _, f := range s.Fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

// inferPagination recognises the conventions that say unambiguously how
// an operation pages, for documents without x-authgen.pagination (a
// vendor's untouched document); each inference is a warning, so lint says
// what it assumed:
//   - a 2xx response that declares a Link header, and a list result: link;
//   - a pageToken query parameter and a nextPageToken member beside one
//     list (Google's and coda's convention): cursor;
//   - a starting_after query parameter, has_more and data (Stripe's): lastItem.
func (b *builder) inferPagination(methods map[string]bool) {
	for i := range b.p.Operations {
		o := &b.p.Operations[i]
		if o.Method != "GET" || o.Response == nil || o.RawResponse {
			continue
		}
		hasQuery := func(name string) bool {
			for _, q := range o.QueryParams {
				if q.Name == name {
					return true
				}
			}
			return false
		}
		var rule *pageRuleConfig
		var why string
		switch s := structOf(o.Response); {
		case b.linkHeader[o.ID] && sliceElem(o.Response) != nil:
			rule, why = &pageRuleConfig{Style: string(PageLink)}, "its response declares a Link header"
		case s != nil && hasQuery("pageToken") && hasMember(s, "nextPageToken"):
			if list := onlyList(s); list != "" {
				rule, why = &pageRuleConfig{Style: string(PageCursor), Items: "/" + list, Next: "/nextPageToken", Param: "pageToken"}, "it takes pageToken and returns nextPageToken"
			}
		case s != nil && hasQuery("starting_after") && hasMember(s, "has_more") && hasMember(s, "data"):
			rule, why = &pageRuleConfig{Style: string(PageLastItem), Items: "/data", HasMore: "/has_more", Param: "starting_after"}, "it takes starting_after and returns has_more and data"
		}
		if rule == nil {
			continue
		}
		pg, _, _ := b.pageRule(o, *rule)
		if pg == nil {
			continue
		}
		pg.Inferred = true
		pos := b.opPos[o.ID]
		b.setPagination(o, pg, methods, pos, "operation "+o.ID)
		if o.Pagination != nil {
			b.warn(pos, "operation %q: pagination inferred as %s, since %s; set %s.pagination to say otherwise", o.ID, pg.Style, why, ExtensionKey)
		}
	}
}

func hasMember(s *StructModel, name string) bool {
	for _, f := range s.Fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

// onlyList is the JSON name of the one list member of s, or "".
func onlyList(s *StructModel) string {
	found := ""
	for _, f := range s.Fields {
		if sliceElem(f.Type) != nil {
			if found != "" {
				return ""
			}
			found = f.Name
		}
	}
	return found
}

// resultHas reports whether a pointer names a member of the result type.
func resultHas(t Type, pointer string) bool {
	_, ok := resultType(t, pointer)
	return ok
}

// resultType is the type of the member a pointer names in the result type.
func resultType(t Type, pointer string) (Type, bool) {
	for _, token := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		token = strings.ReplaceAll(strings.ReplaceAll(token, "~1", "/"), "~0", "~")
		s := structOf(t)
		if s == nil {
			return nil, false
		}
		var next Type
		for _, f := range s.Fields {
			if f.Name == token {
				next = f.Type
			}
		}
		if next == nil {
			return nil, false
		}
		t = next
	}
	return t, true
}
