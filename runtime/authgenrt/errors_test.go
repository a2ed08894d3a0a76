package authgenrt

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

func TestEnvelopeShapes(t *testing.T) {
	mojave := ErrorEnvelopeSpec{Code: "/error/type", Message: "/error/message"}
	jobhive := ErrorEnvelopeSpec{Code: "/error/code", Message: "/error/message", Details: "/error/details"}
	list := ErrorEnvelopeSpec{Code: "/errors/0/code", Message: "/errors/0/detail", Details: "/errors"}
	topLevel := ErrorEnvelopeSpec{Message: "/message"}
	for _, tc := range []struct {
		name, contentType, body string
		env                     ErrorEnvelopeSpec
		code, message, details  string
	}{
		{"mojave", "application/json", `{"error":{"type":"unauthorized","message":"Invalid API token"}}`, mojave, "unauthorized", "Invalid API token", ""},
		{"jobhive", "application/json", `{"success":false,"error":{"code":"INVALID_API_KEY","message":"API key is invalid","details":{"header_missing":"Authorization"}}}`, jobhive, "INVALID_API_KEY", "API key is invalid", `{"header_missing":"Authorization"}`},
		{"list: the first entry wins, all kept", "application/json", `{"errors":[{"code":"E1","detail":"first"},{"code":"E2","detail":"second"}]}`, list, "E1", "first", `[{"code":"E1","detail":"first"},{"code":"E2","detail":"second"}]`},
		{"top-level message", "application/json", `{"message":"Not Found"}`, topLevel, "", "Not Found", ""},
		{"numeric code", "application/json", `{"error":{"code":12345678901234567890,"message":"big"}}`, jobhive, "12345678901234567890", "big", ""},
		{"RFC 9457", "application/problem+json", `{"type":"https://example.com/probs/out-of-credit","title":"You do not have enough credit.","detail":"Your current balance is 30, but that costs 50.","status":403}`, jobhive, "https://example.com/probs/out-of-credit", "Your current balance is 30, but that costs 50.", ""},
		{"RFC 9457 about:blank", "application/problem+json; charset=utf-8", `{"type":"about:blank","title":"Not Found"}`, ErrorEnvelopeSpec{}, "", "Not Found", ""},
		{"undeclared common shape", "application/json", `{"error":{"code":"oops","message":"went wrong"}}`, ErrorEnvelopeSpec{}, "oops", "went wrong", ""},
		{"oauth-style", "application/json", `{"error":"invalid_grant","error_description":"expired"}`, ErrorEnvelopeSpec{}, "invalid_grant", "expired", ""},
		{"plain text", "text/plain", "upstream connect error\nmore detail", ErrorEnvelopeSpec{}, "", "upstream connect error", ""},
		{"HTML from a proxy", "text/html", "<html><head><title>502 Bad Gateway</title></head><body><h1>502</h1></body></html>", jobhive, "", "502 Bad Gateway", ""},
		{"HTML without a title", "", "<!DOCTYPE html><html><body><p>Service &amp; more unavailable</p></body></html>", jobhive, "", "Service & more unavailable", ""},
		{"empty", "application/json", "", jobhive, "", "", ""},
		{"invalid JSON", "application/json", `{"error": {"code": "X",`, jobhive, "", `{"error": {"code": "X",`, ""},
		{"envelope missing", "application/json", `{"unexpected":true}`, jobhive, "", "", ""},
		// A code that is an object is no code; a message that is a list of
		// strings is read (Shopify sends lists and maps of them).
		{"wrong types", "application/json", `{"error":{"code":{"nested":1},"message":["a"]}}`, jobhive, "", "a", ""},
		{"not an object", "application/json", `[1,2,3]`, jobhive, "", "", ""},
		{"binary", "application/octet-stream", "\xff\xfe\x00garbage", jobhive, "", "non-text body (10 bytes)", ""},
	} {
		e := &APIError{StatusCode: 400, Body: []byte(tc.body), Provider: "acme"}
		e.fillFromBody(tc.env, tc.contentType)
		if e.Code != tc.code || e.Message != tc.message || string(e.Details) != tc.details {
			t.Errorf("%s: got code %q message %q details %s; want %q %q %s", tc.name, e.Code, e.Message, e.Details, tc.code, tc.message, tc.details)
		}
		if e.Error() == "" {
			t.Errorf("%s: empty Error()", tc.name)
		}
	}
}

func TestErrorBodiesThroughTheClient(t *testing.T) {
	huge := `{"message":"` + strings.Repeat("x", 200_000) + `"}`
	for _, tc := range []struct {
		name, body, wantText string
		status               int
	}{
		{"larger than the cap", huge, "acme: getThing: 400 Bad Request: ", 400},
		{"empty 404", "", "acme: getThing: 404 Not Found: not found", 404},
		{"empty 599", "", "acme: getThing: 599", 599},
	} {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			w.WriteHeader(tc.status)
			_, _ = w.Write([]byte(tc.body))
		})
		c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey), WithMaxRetries(0))
		err := get(c, context.Background())
		var apiErr *APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("%s: %v", tc.name, err)
		}
		if len(apiErr.Body) > maxErrorBody {
			t.Errorf("%s: body of %d bytes kept, cap is %d", tc.name, len(apiErr.Body), maxErrorBody)
		}
		if !strings.HasPrefix(err.Error(), tc.wantText) || len(err.Error()) > 700 {
			t.Errorf("%s: Error() = %.100q... (%d bytes)", tc.name, err.Error(), len(err.Error()))
		}
	}
}

func TestErrorString(t *testing.T) {
	for _, tc := range []struct {
		e    APIError
		want string
	}{
		{APIError{StatusCode: 401, Code: "INVALID_API_KEY", Message: "API key is invalid"}, "jobhive: 401 Unauthorized: INVALID_API_KEY: API key is invalid"},
		{APIError{StatusCode: 403, Message: "nope"}, "jobhive: 403 Forbidden: nope"},
		{APIError{StatusCode: 429, Code: "rate_limited"}, "jobhive: 429 Too Many Requests: rate_limited"},
		{APIError{StatusCode: 418}, "jobhive: 418 I'm a teapot"},
	} {
		tc.e.Provider = "jobhive"
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("Error() = %q, want %q", got, tc.want)
		}
	}
}

func TestSentinels(t *testing.T) {
	errInvalid := NewCodeSentinel("INVALID_API_KEY")
	spec := testSpec()
	spec.ErrorEnvelope = ErrorEnvelopeSpec{Code: "/code"}
	spec.ErrorCodes = []ErrorCode{{Code: "INVALID_API_KEY", Sentinel: errInvalid}, {Code: "rate_limited", Sentinel: ErrRateLimited}}
	statuses := map[int]error{400: ErrBadRequest, 401: ErrUnauthorized, 402: ErrPaymentRequired, 403: ErrForbidden,
		404: ErrNotFound, 409: ErrConflict, 422: ErrUnprocessableEntity, 429: ErrRateLimited, 500: ErrServer, 503: ErrServer}
	all := []error{ErrBadRequest, ErrUnauthorized, ErrPaymentRequired, ErrForbidden, ErrNotFound, ErrConflict, ErrUnprocessableEntity, ErrRateLimited, ErrServer, errInvalid}
	for status, want := range statuses {
		for _, code := range []string{"", "INVALID_API_KEY", "rate_limited"} {
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				w.WriteHeader(status)
				_, _ = w.Write([]byte(`{"code":"` + code + `"}`))
			})
			c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey), WithMaxRetries(0))
			err := get(c, context.Background())
			for _, s := range all {
				expect := s == want || (code == "INVALID_API_KEY" && s == errInvalid) || (code == "rate_limited" && s == ErrRateLimited)
				if got := errors.Is(err, s); got != expect {
					t.Errorf("status %d code %q: errors.Is(%v) = %v", status, code, s, got)
				}
			}
		}
	}
}

func TestUndecodableSuccessIsADecodeError(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"count":"not a number"}`))
	})
	c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
	var out struct{ Count int64 }
	err := c.Send(context.Background(), &Request{Operation: "countThings", Method: "GET", Path: "/x", Security: c.spec.Security, ExpectBody: true}, &out, nil)
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		t.Fatalf("a 2xx became an *APIError: %v", err)
	}
	var decErr *DecodeError
	if !errors.As(err, &decErr) {
		t.Fatalf("err = %v, want *DecodeError", err)
	}
	if decErr.StatusCode != 200 || decErr.Operation != "countThings" || string(decErr.Body) != `{"count":"not a number"}` {
		t.Errorf("DecodeError = %+v", decErr)
	}
	if !strings.Contains(err.Error(), "acme: countThings: decoding 200 response") {
		t.Errorf("Error() = %q", err.Error())
	}
	// An envelope without its data member is not silently an empty value.
	spec := testSpec()
	spec.SuccessData = "/data"
	srv2 := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { _, _ = w.Write([]byte(`{"success":true}`)) })
	c2, _ := newTestClient(t, spec, srv2.URL, WithKey(testKey))
	err = c2.Send(context.Background(), &Request{Operation: "op", Method: "GET", Path: "/x", Security: spec.Security, ExpectBody: true}, &out, nil)
	if !errors.As(err, &decErr) || !strings.Contains(err.Error(), "no /data") {
		t.Errorf("missing envelope data: %v", err)
	}
}

// TestOperationsOwnSuccessEnvelope: one operation keeps its data under
// another member than the provider's (Slack's users.list: /members), or has
// none at all.
func TestOperationsOwnSuccessEnvelope(t *testing.T) {
	spec := testSpec()
	spec.SuccessData = "/data"
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		_, _ = w.Write([]byte(`{"ok":true,"data":["provider"],"members":["own"]}`))
	})
	c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey))
	for _, tc := range []struct {
		r    Request
		want string
	}{
		{Request{}, `["provider"]`},
		{Request{OwnSuccess: true, SuccessData: "/members"}, `["own"]`},
		{Request{OwnSuccess: true}, `{"ok":true,"data":["provider"],"members":["own"]}`},
	} {
		r := tc.r
		r.Operation, r.Method, r.Path, r.Security, r.ExpectBody = "op", "GET", "/x", spec.Security, true
		var out json.RawMessage
		if err := c.Send(context.Background(), &r, &out, nil); err != nil {
			t.Fatal(err)
		}
		if string(out) != tc.want {
			t.Errorf("own %v %q: decoded %s, want %s", r.OwnSuccess, r.SuccessData, out, tc.want)
		}
	}
}

func TestNoContentIsASuccess(t *testing.T) {
	for status, wantErr := range map[int]bool{204: false, 205: false, 200: true} {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(status) })
		c, _ := newTestClient(t, testSpec(), srv.URL, WithKey(testKey))
		var out struct{ N int }
		err := c.Send(context.Background(), &Request{Operation: "op", Method: "GET", Path: "/x", Security: c.spec.Security, ExpectBody: true}, &out, nil)
		var decErr *DecodeError
		if gotErr := errors.As(err, &decErr); gotErr != wantErr {
			t.Errorf("empty %d: err = %v", status, err)
		}
	}
}

// TestErrorNamesTheOperationAndWhyNotRetried: the contract's Error() form,
// "acme: getThing: 429 Too Many Requests: ..." (no operation for Do), and
// a 429 the client stopped retrying says why.
func TestErrorNamesTheOperationAndWhyNotRetried(t *testing.T) {
	for _, tc := range []struct {
		name       string
		retryAfter string
		opts       []Option
		do         bool
		want       string
	}{
		{"operation, retries off", "1", []Option{WithMaxRetries(0)}, false, "acme: getThing: 429 Too Many Requests: too many requests (not retried: retries are off)"},
		{"Do leaves the operation out", "1", []Option{WithMaxRetries(0)}, true, "acme: 429 Too Many Requests: too many requests (not retried: retries are off)"},
		{"budget spent", "0", []Option{WithMaxRetries(2)}, false, "acme: getThing: 429 Too Many Requests: too many requests (not retried: retry budget spent)"},
		{"wait over MaxWait", "180", []Option{WithRetryPolicy(RetryPolicy{MaxRetries: 3, MaxWait: time.Minute})}, false, "acme: getThing: 429 Too Many Requests: too many requests (not retried: wait 3m0s exceeds MaxWait 1m0s)"},
	} {
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			w.Header().Set("Retry-After", tc.retryAfter)
			w.WriteHeader(429)
		})
		c, _ := newTestClient(t, testSpec(), srv.URL, append([]Option{WithKey(testKey)}, tc.opts...)...)
		var err error
		if tc.do {
			err = c.Do(context.Background(), "GET", "/thing", nil, nil)
		} else {
			err = get(c, context.Background())
		}
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s: Error() = %q, want %q", tc.name, err, tc.want)
		}
	}
}

// TestSeveralEnvelopeShapes: issue 12's Zendesk, whose errors come in two
// shapes ({"error":"...","description":"..."} and {"error":{"title",
// "message"}}): the spec's envelope first, then its other shapes in order.
func TestSeveralEnvelopeShapes(t *testing.T) {
	primary := ErrorEnvelopeSpec{Code: "/error", Message: "/description"}
	other := ErrorEnvelopeSpec{Code: "/error/title", Message: "/error/message", Details: "/error"}
	for body, want := range map[string][2]string{
		`{"error":"RecordNotFound","description":"Not found"}`:               {"RecordNotFound", "Not found"},
		`{"error":{"title":"Forbidden","message":"You do not have access"}}`: {"Forbidden", "You do not have access"},
		`{"errors":[{"code":"x","message":"from the common shapes"}]}`:       {"x", "from the common shapes"},
	} {
		e := &APIError{StatusCode: 404, Body: []byte(body)}
		e.fillFromBody(primary, "application/json", other)
		if e.Code != want[0] || e.Message != want[1] {
			t.Errorf("%s: Code %q Message %q, want %q %q", body, e.Code, e.Message, want[0], want[1])
		}
	}
}

// TestErrorsInsideA200: issue 12's Slack, which answers 200 with
// {"ok":false,"error":"invalid_auth"}: with failureWhen, that is an
// *APIError whose code matches its sentinel; {"ok":true} decodes.
func TestErrorsInsideA200(t *testing.T) {
	invalidAuth := NewCodeSentinel("invalid_auth")
	spec := testSpec()
	spec.FailureWhen = FailureSpec{Pointer: "/ok", Equals: "false"}
	spec.ErrorEnvelope = ErrorEnvelopeSpec{Code: "/error"}
	spec.ErrorCodes = []ErrorCode{{Code: "invalid_auth", Sentinel: invalidAuth}}
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Content-Type", "application/json")
		if n == 1 {
			_, _ = w.Write([]byte(`{"ok":false,"error":"invalid_auth"}`))
			return
		}
		_, _ = w.Write([]byte(`{"ok":true,"channel":"C1"}`))
	})
	c, _ := newTestClient(t, spec, srv.URL, WithKey(testKey))
	var out struct {
		Channel string `json:"channel"`
	}
	err := c.Send(context.Background(), &Request{Operation: "chat.postMessage", Method: "POST", Path: "/chat.postMessage", ExpectBody: true, Security: c.spec.Security}, &out, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "invalid_auth" || !errors.Is(err, invalidAuth) || apiErr.StatusCode != 200 {
		t.Fatalf("err = %v; want an *APIError with code invalid_auth", err)
	}
	if srv.count() != 1 {
		t.Errorf("%d requests; an error in a 200 is not retried", srv.count())
	}
	if err := c.Send(context.Background(), &Request{Operation: "chat.postMessage", Method: "POST", Path: "/chat.postMessage", ExpectBody: true, Security: c.spec.Security}, &out, nil); err != nil || out.Channel != "C1" {
		t.Errorf("ok:true: %v, %+v", err, out)
	}
}

// TestStringOrObjectMessages: issue 12's Shopify, whose errors member is a
// string ({"errors":"Not Found"}) or a map of lists ({"errors":{"title":
// ["can't be blank"]}}): both give a message.
func TestStringOrObjectMessages(t *testing.T) {
	env := ErrorEnvelopeSpec{Message: "/errors", Details: "/errors"}
	for body, want := range map[string]string{
		`{"errors":"Not Found"}`: "Not Found",
		`{"errors":{"title":["can't be blank"],"body":["is too long"]}}`: "body: is too long",
		`{"errors":["first","second"]}`:                                  "first",
	} {
		e := &APIError{StatusCode: 422, Body: []byte(body)}
		e.fillFromBody(env, "application/json")
		if e.Message != want {
			t.Errorf("%s: Message %q, want %q", body, e.Message, want)
		}
	}
}
