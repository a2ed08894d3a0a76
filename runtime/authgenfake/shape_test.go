package authgenfake

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// shapeSpec is testSpec with ping documented as a list body whose
// required members a handler may leave at their zero values.
func shapeSpec(result string) *Spec {
	spec := testSpec()
	spec.Routes[1].ResultBody = true
	spec.Routes[1].MediaType = "application/vnd.acme+json"
	spec.Routes[1].Result = result
	return spec
}

// TestZeroRequiredMembersTakeTheSchemasValues: what the document does not
// allow a required member to be (null for an array, a map or an object,
// a zero value outside its enum) becomes the schema's default or first
// enum value, an empty array or an object with its own required members;
// what it allows (a nullable null, a zero value of a type without enum,
// a value set) is left as the handler gave it.
func TestZeroRequiredMembersTakeTheSchemasValues(t *testing.T) {
	const result = `{"t":"object","m":{` +
		`"data":{"t":"array","i":{"t":"object","m":{"kind":{"t":"string","e":["a","b"],"f":"a"}}}},` +
		`"meta":{"t":"object","m":{"count":{"t":"integer"}}},` +
		`"object":{"t":"string","e":["list"],"f":"list"},` +
		`"deleted":{"t":"boolean","e":[true],"f":true},` +
		`"mode":{"t":"string","e":["live","test"],"f":"test"},` +
		`"next":{"t":"string","n":true},` +
		`"properties":{"t":"object"}}}`
	s := NewServer(t, shapeSpec(result))
	var out any
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return out, nil })
	for name, tc := range map[string]struct{ out, want string }{
		"zero":  {`{"data":null,"object":"","deleted":false,"mode":"","next":null,"properties":null}`, `{"data":[],"deleted":true,"meta":{"count":0},"mode":"test","next":null,"object":"list","properties":{}}`},
		"items": {`{"data":[{"kind":""},{"kind":"b"}],"meta":{"count":0},"object":"list","deleted":true,"mode":"live","properties":{"k":1}}`, `{"data":[{"kind":"a"},{"kind":"b"}],"deleted":true,"meta":{"count":0},"mode":"live","next":null,"object":"list","properties":{"k":1}}`},
	} {
		out = jsonValue(tc.out)
		got := do(t, s, call{path: "/ping"})
		if got.status != 200 || strings.TrimSpace(got.body) != tc.want {
			t.Errorf("%s: %d %s\nwant %s", name, got.status, got.body, tc.want)
		}
		if ct := got.header.Get("Content-Type"); ct != "application/vnd.acme+json" {
			t.Errorf("%s: Content-Type %q, want the documented media type", name, ct)
		}
	}
}

// TestEnvelopeMembersTakeTheSchemasValues: the envelope the fake builds
// around a result (JobHive's {"data": ...}) gets the members the schema
// requires at its top ("success", a boolean, false), and a null the
// schema does not allow for an optional array becomes an empty one; an
// optional member absent stays absent.
func TestEnvelopeMembersTakeTheSchemasValues(t *testing.T) {
	s := NewServer(t, shapeSpec(`{"t":"object","m":{"success":{"t":"boolean"},"data":{"t":"array","o":true},"more":{"t":"object","o":true}}}`))
	s.spec.Routes[1].SuccessData = "/data"
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return []string(nil), nil })
	if got := do(t, s, call{path: "/ping"}); strings.TrimSpace(got.body) != `{"data":[],"success":false}` {
		t.Errorf("%d %s", got.status, got.body)
	}
}

// TestUnionIsFilledAsTheVariantItHolds: a union result is filled as the
// first variant whose required members it holds (Stripe's customer, not
// deleted_customer, for {"id","object"} without "deleted").
func TestUnionIsFilledAsTheVariantItHolds(t *testing.T) {
	s := NewServer(t, shapeSpec(`{"t":"object","v":[`+
		`{"t":"object","r":["deleted","id","object"],"m":{"deleted":{"t":"boolean","e":[true],"f":true},"object":{"t":"string","e":["customer"],"f":"customer"}}},`+
		`{"t":"object","r":["id","object"],"m":{"object":{"t":"string","e":["customer"],"f":"customer"}}}]}`))
	var out any
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return out, nil })
	for in, want := range map[string]string{
		`{"id":"","object":""}`:                 `{"id":"","object":"customer"}`,
		`{"deleted":false,"id":"","object":""}`: `{"deleted":true,"id":"","object":"customer"}`,
	} {
		out = jsonValue(in)
		if got := do(t, s, call{path: "/ping"}); strings.TrimSpace(got.body) != want {
			t.Errorf("%s: %s, want %s", in, got.body, want)
		}
	}
}

// TestWholeNullBodyTakesItsShape: a list result the handler left nil is
// the empty array the document requires, not null.
func TestWholeNullBodyTakesItsShape(t *testing.T) {
	s := NewServer(t, shapeSpec(`{"t":"array","i":{"t":"object"}}`))
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return []map[string]any(nil), nil })
	if got := do(t, s, call{path: "/ping"}); got.status != 200 || strings.TrimSpace(got.body) != "[]" {
		t.Errorf("%d %s", got.status, got.body)
	}
}

// TestEmptySuccessKeepsTheDocumentedStatus: an operation whose documented
// success has no body (S3's PutObject: 200, empty) is answered with that
// status, not 204; one whose documented success has a body the handler
// did not give is answered 204.
func TestEmptySuccessKeepsTheDocumentedStatus(t *testing.T) {
	spec := testSpec()
	s := NewServer(t, spec)
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return nil, nil })
	if got := do(t, s, call{path: "/ping"}); got.status != http.StatusOK || got.body != "" {
		t.Errorf("documented empty 200: %d %q", got.status, got.body)
	}
	spec2 := testSpec()
	spec2.Routes[1].MediaType = "application/json"
	s2 := NewServer(t, spec2)
	Handle(s2, "ping", func(ctx context.Context, c *Call) (any, error) { return nil, nil })
	if got := do(t, s2, call{path: "/ping"}); got.status != http.StatusNoContent {
		t.Errorf("documented body, none given: %d", got.status)
	}
}

// TestRawResultCarriesTheDocumentedMediaType: bytes a handler streams go
// as the media type the document gives (S3's application/xml).
func TestRawResultCarriesTheDocumentedMediaType(t *testing.T) {
	spec := testSpec()
	spec.Routes[1].MediaType = "application/xml"
	s := NewServer(t, spec)
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return readCloser{strings.NewReader("<a/>")}, nil })
	if got := do(t, s, call{path: "/ping"}); got.header.Get("Content-Type") != "application/xml" || got.body != "<a/>" {
		t.Errorf("%q %q", got.header.Get("Content-Type"), got.body)
	}
}

// jsonValue is the JSON text decoded, for a handler's result.
func jsonValue(text string) any {
	var v any
	if err := json.Unmarshal([]byte(text), &v); err != nil {
		panic(err)
	}
	return v
}

// TestPagesTakeTheSchemasValues: a page the fake builds has what the
// document requires besides the items and the way on (Stripe's list
// object).
func TestPagesTakeTheSchemasValues(t *testing.T) {
	spec := shapeSpec(`{"t":"object","m":{"object":{"t":"string","e":["list"],"f":"list"}}}`)
	spec.Routes[1].Paging = &authgenrt.PageSpec{Style: authgenrt.PageCursor, Param: "cursor", Items: "/data", Next: "/next"}
	s := NewServer(t, spec)
	s.Pages("ping", []any{1, 2}, 5)
	if got := do(t, s, call{path: "/ping"}); !strings.Contains(got.body, `"object":"list"`) || !strings.Contains(got.body, `"data":[1,2]`) {
		t.Errorf("%d %s", got.status, got.body)
	}
}

// TestLastPageLeavesOutARefusedNullCursor: the last page's cursor, which
// the fake writes as null, is left out where the schema does not allow
// null (Intercom's pages.next.starting_after) and kept where it does
// (Notion's next_cursor).
func TestLastPageLeavesOutARefusedNullCursor(t *testing.T) {
	for result, want := range map[string]string{
		`{"t":"object","m":{"pages":{"t":"object","o":true,"m":{"next":{"t":"object","o":true,"m":{"after":{"t":"string","o":true}}}}}}}`:          `{"data":[1],"pages":{"next":{}}}`,
		`{"t":"object","m":{"pages":{"t":"object","o":true,"m":{"next":{"t":"object","o":true,"m":{"after":{"t":"string","o":true,"n":true}}}}}}}`: `{"data":[1],"pages":{"next":{"after":null}}}`,
	} {
		spec := shapeSpec(result)
		spec.Routes[1].Paging = &authgenrt.PageSpec{Style: authgenrt.PageCursor, Param: "cursor", Items: "/data", Next: "/pages/next/after"}
		s := NewServer(t, spec)
		s.Pages("ping", []any{1}, 5)
		if got := do(t, s, call{path: "/ping"}); strings.TrimSpace(got.body) != want {
			t.Errorf("%s: %s, want %s", result, got.body, want)
		}
	}
}

// TestFilledMembersDoNotReadAsAFailure: a required member the fill adds
// with its zero value is still a success where that zero is the vendor's
// in-band failure (Slack's ok: false), in a handler's result and a page.
func TestFilledMembersDoNotReadAsAFailure(t *testing.T) {
	spec := shapeSpec(`{"t":"object","m":{"ok":{"t":"boolean"}}}`)
	spec.FailureWhen = authgenrt.FailureSpec{Pointer: "/ok", Equals: "false"}
	spec.Routes[1].Paging = &authgenrt.PageSpec{Style: authgenrt.PageCursor, Param: "cursor", Items: "/data", Next: "/next"}
	s := NewServer(t, spec)
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return map[string]any{}, nil })
	if got := do(t, s, call{path: "/ping"}); strings.TrimSpace(got.body) != `{"ok":true}` {
		t.Errorf("result: %s", got.body)
	}
	s.Pages("ping", []any{1}, 5)
	if got := do(t, s, call{path: "/ping"}); !strings.Contains(got.body, `"ok":true`) {
		t.Errorf("page: %s", got.body)
	}
}

// TestNullUnionTakesItsFirstVariantsZero: a required union a handler left
// null, which the schema does not allow (Coda's control value: a string,
// a number or a list), is its first variant's zero value.
func TestNullUnionTakesItsFirstVariantsZero(t *testing.T) {
	s := NewServer(t, shapeSpec(`{"t":"object","m":{"value":{"v":[{"t":"string"},{"t":"number"}]}}}`))
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return map[string]any{"value": nil}, nil })
	if got := do(t, s, call{path: "/ping"}); strings.TrimSpace(got.body) != `{"value":""}` {
		t.Errorf("%s", got.body)
	}
}

// TestAnExpandableMemberIsFilledAsItsObject: Stripe's expandable fields
// are anyOf [an id string, the object]; an object a handler gave is
// filled as the object variant (its enum member), not taken for the
// string variant, which requires no names and so held for any object.
func TestAnExpandableMemberIsFilledAsItsObject(t *testing.T) {
	s := NewServer(t, shapeSpec(`{"t":"object","m":{"charge":{"v":[`+
		`{"t":"string"},`+
		`{"t":"object","r":["id","object"],"m":{"object":{"t":"string","e":["charge"],"f":"charge"}}}]}}}`))
	var out any
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return out, nil })
	for in, want := range map[string]string{
		`{"charge":{"id":"","object":""}}`: `{"charge":{"id":"","object":"charge"}}`,
		`{"charge":"ch_1"}`:                `{"charge":"ch_1"}`,
	} {
		out = jsonValue(in)
		if got := do(t, s, call{path: "/ping"}); strings.TrimSpace(got.body) != want {
			t.Errorf("%s: %s, want %s", in, got.body, want)
		}
	}
}

// TestAUnionOfEnumsTakesAVariantsValue: a zero value no variant of a
// union takes (GitHub's budget_type, oneOf one-value enums) becomes the
// first variant's value; one a variant takes is left as it is.
func TestAUnionOfEnumsTakesAVariantsValue(t *testing.T) {
	s := NewServer(t, shapeSpec(`{"t":"object","m":{`+
		`"budget_type":{"v":[{"t":"string","e":["ProductPricing"],"f":"ProductPricing"},{"t":"string","e":["SkuPricing"],"f":"SkuPricing"}]},`+
		`"note":{"v":[{"t":"string"},{"t":"integer","e":[1],"f":1}]}}}`))
	var out any
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return out, nil })
	for in, want := range map[string]string{
		`{"budget_type":"","note":""}`:           `{"budget_type":"ProductPricing","note":""}`,
		`{"budget_type":"SkuPricing","note":""}`: `{"budget_type":"SkuPricing","note":""}`,
	} {
		out = jsonValue(in)
		if got := do(t, s, call{path: "/ping"}); strings.TrimSpace(got.body) != want {
			t.Errorf("%s: %s, want %s", in, got.body, want)
		}
	}
}

// TestAnUnsetUnionIsFilledAsAVariant: a union of objects a handler left
// unset ({}: Stripe's DELETE whose success is anyOf two deleted objects)
// is filled as the object variant holding most of its names, the first of
// equals, not answered as an object no variant allows; a required member
// that is such a union, left out (GitHub's app owner: oneOf a user or an
// enterprise), is filled the same way (issue 27).
func TestAnUnsetUnionIsFilledAsAVariant(t *testing.T) {
	const deletedCard = `{"t":"object","r":["deleted","id","object"],"m":{"deleted":{"t":"boolean","e":[true],"f":true},"id":{"t":"string"},"object":{"t":"string","e":["card"],"f":"card"}}}`
	const deletedAccount = `{"t":"object","r":["deleted","id","object","currency"],"m":{"deleted":{"t":"boolean","e":[true],"f":true},"id":{"t":"string"},"object":{"t":"string","e":["bank_account"],"f":"bank_account"},"currency":{"t":"string"}}}`
	s := NewServer(t, shapeSpec(`{"v":[`+deletedCard+`,`+deletedAccount+`]}`))
	var out any
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return out, nil })
	for in, want := range map[string]string{
		`{}`:                 `{"deleted":true,"id":"","object":"card"}`,
		`{"currency":"usd"}`: `{"currency":"usd","deleted":true,"id":"","object":"bank_account"}`,
	} {
		out = jsonValue(in)
		if got := do(t, s, call{path: "/ping"}); strings.TrimSpace(got.body) != want {
			t.Errorf("%s: %s, want %s", in, got.body, want)
		}
	}
	s = NewServer(t, shapeSpec(`{"t":"object","m":{"owner":{"v":[`+deletedCard+`,`+deletedAccount+`]}}}`))
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return jsonValue(`{}`), nil })
	if got := do(t, s, call{path: "/ping"}); strings.TrimSpace(got.body) != `{"owner":{"deleted":true,"id":"","object":"card"}}` {
		t.Errorf("a required union member left out: %s", got.body)
	}
}

// TestItemsAndNestedObjectsGetTheirRequiredMembers: a page's item the
// test gave empty gets every required member its shape names, at any
// depth (a boolean false, a nested object with its own members, an
// expandable member as its id's zero value); a member the shape names
// with no type stays missing, for the document check to name.
func TestItemsAndNestedObjectsGetTheirRequiredMembers(t *testing.T) {
	s := NewServer(t, shapeSpec(`{"t":"object","m":{"data":{"t":"array","i":{"t":"object","m":{`+
		`"active":{"t":"boolean"},`+
		`"period":{"t":"object","m":{"end":{"t":"integer"}}},`+
		`"product":{"v":[{"t":"string"},{"t":"object","r":["id"]}]},`+
		`"anything":{}}}}}}`))
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) {
		return jsonValue(`{"data":[{},{"active":true}]}`), nil
	})
	want := `{"data":[{"active":false,"period":{"end":0},"product":""},{"active":true,"period":{"end":0},"product":""}]}`
	if got := do(t, s, call{path: "/ping"}); strings.TrimSpace(got.body) != want {
		t.Errorf("%s\nwant %s", got.body, want)
	}
}

// TestAnEmptyUnionIsFilledAsItsNearestVariant: a union result the
// handler left unset, sent as {}, holds none of its variants' required
// names; it is filled as the variant that misses the fewest (through a
// union of unions, Stripe's payment_source or deleted_payment_source:
// the deleted card), never answered {}.
func TestAnEmptyUnionIsFilledAsItsNearestVariant(t *testing.T) {
	s := NewServer(t, shapeSpec(`{"v":[`+
		`{"v":[{"t":"object","r":["id","object","brand","last4"],"m":{"object":{"t":"string","e":["card"],"f":"card"}}},{"t":"object","r":["id","object","bank_name","status"]}]},`+
		`{"v":[{"t":"object","r":["deleted","id","object"],"m":{"deleted":{"t":"boolean","e":[true],"f":true},"id":{"t":"string"},"object":{"t":"string","e":["card"],"f":"card"}}}]}]}`))
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return jsonValue(`{}`), nil })
	want := `{"deleted":true,"id":"","object":"card"}`
	if got := do(t, s, call{path: "/ping"}); strings.TrimSpace(got.body) != want {
		t.Errorf("%s\nwant %s", got.body, want)
	}
}
