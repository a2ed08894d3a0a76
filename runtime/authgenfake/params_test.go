package authgenfake

import (
	"bytes"
	"context"
	"mime/multipart"
	"net/http"
	"strings"
	"testing"
)

// thingParams is what a generated Params struct looks like.
type thingParams struct {
	Limit  *int64
	Tags   []string
	Trace  string
	Sid    *string
	Filter map[string]string
	Body   *thingBody
}

type thingBody struct {
	Name    string            `json:"name"`
	Balance int64             `json:"balance"`
	Meta    map[string]string `json:"meta"`
	Logo    []byte            `json:"logo"`
}

var thingParamList = []Param{
	{Name: "limit", In: InQuery, Field: "Limit"},
	{Name: "tags", In: InQuery, Field: "Tags"},
	{Name: "filter", In: InQuery, Field: "Filter"},
	{Name: "X-Trace", In: InHeader, Field: "Trace", Required: true},
	{Name: "sid", In: InCookie, Field: "Sid"},
}

// decodeParams sends r to a fake whose ping handler (answering r's
// method) decodes thingParams, and returns them or the fake's answer.
func decodeParams(t *testing.T, r call, body Body) (*thingParams, answer) {
	t.Helper()
	spec := testSpec()
	if r.method != "" {
		spec.Routes[1].Verb = r.method
	}
	s := NewServer(t, spec)
	var got *thingParams
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) {
		p := &thingParams{}
		if err := c.Params(p, thingParamList, body); err != nil {
			return nil, err
		}
		got = p
		return map[string]bool{}, nil
	})
	if r.header == nil {
		r.header = http.Header{"X-Trace": {"t1"}}
	}
	if r.path == "" {
		r.path = "/ping"
	}
	return got, do(t, s, r)
}

// TestParamsFromQueryHeaderCookie: each parameter reaches its field in
// its Go type: a number, a list (repeated or comma-separated), a
// deepObject map, a header, a cookie.
func TestParamsFromQueryHeaderCookie(t *testing.T) {
	p, got := decodeParams(t, call{path: "/ping?limit=5&tags=a,b&filter[k]=v", header: http.Header{"X-Trace": {"t1"}, "Cookie": {"sid=s1"}}}, NoBody)
	if p == nil {
		t.Fatalf("not decoded: %d %s", got.status, got.body)
	}
	if *p.Limit != 5 || strings.Join(p.Tags, "|") != "a|b" || p.Filter["k"] != "v" || p.Trace != "t1" || *p.Sid != "s1" {
		t.Errorf("decoded %+v", p)
	}
	if p, _ := decodeParams(t, call{path: "/ping?tags=a&tags=b"}, NoBody); p == nil || len(p.Tags) != 2 {
		t.Errorf("repeated: %+v", p)
	}
}

// TestBodyInEveryMediaType: a JSON, a form (Stripe's nested keys, numbers
// as the Go type wants them) and a multipart body (a file part is its
// bytes) decode into one Body.
func TestBodyInEveryMediaType(t *testing.T) {
	var multi bytes.Buffer
	mw := multipart.NewWriter(&multi)
	_ = mw.WriteField("name", "acme")
	_ = mw.WriteField("balance", "12")
	fw, _ := mw.CreateFormFile("logo", "logo.png")
	_, _ = fw.Write([]byte{0x89, 'P', 'N', 'G'})
	_ = mw.Close()
	for name, r := range map[string]call{
		"json":      {body: `{"name":"acme","balance":12,"meta":{"k":"v"}}`, header: http.Header{"Content-Type": {"application/json"}}},
		"form":      {body: "name=acme&balance=12&meta[k]=v", header: http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}},
		"multipart": {body: multi.String(), header: http.Header{"Content-Type": {mw.FormDataContentType()}}},
	} {
		t.Run(name, func(t *testing.T) {
			r.method = "POST"
			r.header.Set("X-Trace", "t1")
			p, got := decodeParams(t, r, RequiredBody)
			if p == nil || p.Body == nil {
				t.Fatalf("not decoded: %d %s", got.status, got.body)
			}
			if p.Body.Name != "acme" || p.Body.Balance != 12 {
				t.Errorf("body %+v", p.Body)
			}
			if name != "multipart" && p.Body.Meta["k"] != "v" || name == "multipart" && string(p.Body.Logo) != "\x89PNG" {
				t.Errorf("body %+v", p.Body)
			}
		})
	}
}

// TestParamsThatDoNotMatchAre400: a missing required parameter, a value
// of the wrong type, a required body that is absent or does not decode,
// and a path argument that does not parse are 400s naming what is wrong.
func TestParamsThatDoNotMatchAre400(t *testing.T) {
	jsonBody := http.Header{"X-Trace": {"t1"}, "Content-Type": {"application/json"}}
	for name, tc := range map[string]struct {
		r    call
		body Body
		want string
	}{
		"missing header": {call{header: http.Header{}}, NoBody, "required header parameter X-Trace is missing"},
		"wrong type":     {call{path: "/ping?limit=many"}, NoBody, "query parameter limit"},
		"no body":        {call{method: "POST", header: jsonBody}, RequiredBody, "the request body is required"},
		"bad body":       {call{method: "POST", body: `{"balance": "x"}`, header: jsonBody}, RequiredBody, "does not decode"},
	} {
		t.Run(name, func(t *testing.T) {
			if _, got := decodeParams(t, tc.r, tc.body); got.status != 400 || !strings.Contains(got.body, tc.want) {
				t.Errorf("%d %s, want 400 naming %q", got.status, got.body, tc.want)
			}
		})
	}
	s := NewServer(t, testSpec())
	Handle(s, "getThing", func(ctx context.Context, c *Call) (any, error) {
		var n int64
		return nil, c.PathArg(0, "id", &n)
	})
	if got := do(t, s, call{path: "/things/abc", header: keyed()}); got.status != 400 || !strings.Contains(got.body, "path parameter id") {
		t.Errorf("path argument: %d %s", got.status, got.body)
	}
}
