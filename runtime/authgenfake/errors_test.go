package authgenfake

import (
	"context"
	"reflect"
	"testing"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// TestErrorIsTheVendorsEnvelope: Error answers its status with code and
// message at the envelope's pointers; without an envelope, code and
// message at the top.
func TestErrorIsTheVendorsEnvelope(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  authgenrt.ErrorEnvelopeSpec
		want string
	}{
		{"envelope", authgenrt.ErrorEnvelopeSpec{Code: "/error/code", Message: "/error/message"}, `{"error":{"code":"card_declined","message":"Declined."}}`},
		{"escaped pointer", authgenrt.ErrorEnvelopeSpec{Code: "/a~1b/c~0d"}, `{"a/b":{"c~d":"card_declined"}}`},
		{"a list of messages", authgenrt.ErrorEnvelopeSpec{Code: "/code", Message: "/errors/*/message"}, `{"code":"card_declined","errors":[{"message":"Declined."}]}`},
		{"none", authgenrt.ErrorEnvelopeSpec{}, `{"code":"card_declined","message":"Declined."}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := testSpec()
			spec.Envelope = tc.env
			s := NewServer(t, spec)
			Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return nil, Error(402, "card_declined", "Declined.") })
			got := do(t, s, call{path: "/ping"})
			if got.status != 402 || got.body != tc.want+"\n" {
				t.Errorf("got %d %s, want 402 %s", got.status, got.body, tc.want)
			}
		})
	}
}

// TestInBandFailure: with Slack's ok: false, an error carries the marker
// and a success never does, even a zero value that would read as one.
func TestInBandFailure(t *testing.T) {
	spec := testSpec()
	spec.Envelope = authgenrt.ErrorEnvelopeSpec{Code: "/error"}
	spec.FailureWhen = authgenrt.FailureSpec{Pointer: "/ok", Equals: "false"}
	s := NewServer(t, spec)
	fail := false
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) {
		if fail {
			return nil, Error(200, "channel_not_found", "")
		}
		return struct {
			OK bool `json:"ok"`
		}{}, nil
	})
	if got := do(t, s, call{path: "/ping"}); got.body != `{"ok":true}` {
		t.Errorf("success %s", got.body)
	}
	fail = true
	if got := decode(t, do(t, s, call{path: "/ping"}).body); got["ok"] != false || got["error"] != "channel_not_found" {
		t.Errorf("failure %v", got)
	}
}

// TestSuccessEnvelope: a route's SuccessData puts the result at its
// pointer.
func TestSuccessEnvelope(t *testing.T) {
	spec := testSpec()
	spec.Routes[1].SuccessData = "/data"
	s := NewServer(t, spec)
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return map[string]int{"n": 1}, nil })
	if got := do(t, s, call{path: "/ping"}); got.body != `{"data":{"n":1}}` {
		t.Errorf("got %s", got.body)
	}
}

// TestErrorFollowsTheErrorSchema is issue 27's acceptance 1 for
// envelopes: a code read at /errors/0/code sits in an array, an integer
// code is a number (the status for a code of the fake's own), a list of
// messages is a list, and the envelope's constant member is present.
func TestErrorFollowsTheErrorSchema(t *testing.T) {
	spec := testSpec()
	spec.Envelope = authgenrt.ErrorEnvelopeSpec{Code: "/errors/0/code", Message: "/errors/0/messages"}
	spec.ErrorShape = ErrorShape{Skeleton: `{"errors":[{}],"status":"error"}`, CodeType: "integer", MessageType: "array"}
	s := NewServer(t, spec)
	var code string
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return nil, Error(409, code, "In use.") })
	for given, want := range map[string]string{
		"10000":     `{"errors":[{"code":10000,"messages":["In use."]}],"status":"error"}`,
		"not_found": `{"errors":[{"code":409,"messages":["In use."]}],"status":"error"}`,
	} {
		code = given
		if got := do(t, s, call{path: "/ping"}); got.status != 409 || got.body != want+"\n" {
			t.Errorf("code %q: got %d %s, want %s", given, got.status, got.body, want)
		}
	}
}

// TestStarPointerWritesOneItem: in a skeleton from the error schema, a *
// segment writes the first item of the list, keeping the list a list.
func TestStarPointerWritesOneItem(t *testing.T) {
	skeleton := []any{map[string]any{"message": "", "help": ""}, map[string]any{}}
	got := setPointer(map[string]any{"errors": skeleton}, "/errors/*/message", "Declined.")
	want := map[string]any{"errors": []any{map[string]any{"message": "Declined.", "help": ""}}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %#v, want %#v", got, want)
	}
}

// TestErrorWithoutRoomInTheSchema: a spec that declares no envelope, whose
// error schema has room for a message only, or for neither code nor
// message, gets the schema's envelope: the message at its place, or the
// skeleton alone, never members the schema does not name.
func TestErrorWithoutRoomInTheSchema(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  authgenrt.ErrorEnvelopeSpec
		want string
	}{
		{"message only", authgenrt.ErrorEnvelopeSpec{Message: "/message"}, `{"documentation_url":"","message":"In use."}`},
		{"no room", authgenrt.ErrorEnvelopeSpec{}, `{"documentation_url":""}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			spec := testSpec()
			spec.Envelope = tc.env
			spec.ErrorShape = ErrorShape{Skeleton: `{"documentation_url":""}`}
			s := NewServer(t, spec)
			Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return nil, Error(409, "in_use", "In use.") })
			if got := do(t, s, call{path: "/ping"}); got.status != 409 || got.body != tc.want+"\n" {
				t.Errorf("got %d %s, want 409 %s", got.status, got.body, tc.want)
			}
		})
	}
}

// TestFaultAnswersWithTheVendorsCode: an injected fault of a status the
// vendor lists a code for answers with that code; another status, with
// the status in words.
func TestFaultAnswersWithTheVendorsCode(t *testing.T) {
	spec := testSpec()
	spec.FaultCodes = map[int]string{409: "conflict_error"}
	s := NewServer(t, spec)
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return map[string]bool{}, nil })
	s.Fail("ping", 1, Fault{Status: 409})
	s.Fail("ping", 2, Fault{Status: 502})
	for i, want := range []string{"conflict_error", "bad_gateway"} {
		if got := do(t, s, call{path: "/ping"}); errorCode(t, got.body) != want {
			t.Errorf("fault %d: %d %s, want the code %s", i+1, got.status, got.body, want)
		}
	}
}

// TestAnOperationsOwnEnvelope: an operation with its own envelopes
// (Route.ErrorShapes) answers a status in the one for its exact code,
// else its range, else default, else its first; its pointers (OwnPointers)
// say where the code and message go, none for a closed schema; another
// operation keeps the spec's envelope.
func TestAnOperationsOwnEnvelope(t *testing.T) {
	spec := testSpec()
	spec.Envelope = authgenrt.ErrorEnvelopeSpec{Code: "/code", Message: "/message"}
	spec.ErrorShape = ErrorShape{Skeleton: `{}`}
	spec.Routes[1].ErrorShapes = []StatusErrorShape{
		{Code: "409", Shape: ErrorShape{Skeleton: `{"errors":[]}`, CodePointer: "/errors/0/code", MessagePointer: "/errors/0/message", OwnPointers: true}},
		{Code: "4XX", Shape: ErrorShape{Skeleton: `{"status":"pending"}`, OwnPointers: true}},
		{Code: "default", Shape: ErrorShape{Skeleton: `{"detail":""}`, MessagePointer: "/detail", OwnPointers: true}},
	}
	s := NewServer(t, spec)
	var status int
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return nil, Error(status, "in_use", "In use.") })
	for given, want := range map[int]string{
		409: `{"errors":[{"code":"in_use","message":"In use."}]}`,
		422: `{"status":"pending"}`,
		503: `{"detail":"In use."}`,
	} {
		status = given
		if got := do(t, s, call{path: "/ping"}); got.status != given || got.body != want+"\n" {
			t.Errorf("%d: got %d %s, want %s", given, got.status, got.body, want)
		}
	}
	spec.Routes[1].ErrorShapes = spec.Routes[1].ErrorShapes[:1] // a 409 alone: every status takes it
	s = NewServer(t, spec)
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return nil, Error(500, "boom", "Failed.") })
	if got := do(t, s, call{path: "/ping"}); got.body != `{"errors":[{"code":"boom","message":"Failed."}]}`+"\n" {
		t.Errorf("an undocumented status: %s", got.body)
	}
}

// TestCodesTheDocumentLists: where the error schema enumerates the code
// (GitHub's agent-tasks: missing, missing_field, invalid, ...), every
// answer's code is one of its values: a listed code as given, the fake's
// own codes and a test's unlisted one as the listed code that fits best
// (sharing words with the code or the status), else the first (issue 27).
func TestCodesTheDocumentLists(t *testing.T) {
	spec := testSpec()
	spec.Envelope = authgenrt.ErrorEnvelopeSpec{Code: "/errors/0/code", Message: "/errors/0/message"}
	spec.ErrorShape = ErrorShape{Skeleton: `{"errors":[{}]}`, CodeValues: []string{"missing", "invalid", "rate_limit_exceeded", "not_found_here"}}
	s := NewServer(t, spec)
	var status int
	var code string
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) { return nil, Error(status, code, "m") })
	for _, tc := range []struct {
		status     int
		code, want string
	}{
		{400, "invalid", "invalid"},
		{400, "fake_error", "missing"},
		{429, "rate_limited", "rate_limit_exceeded"},
		{404, "", "not_found_here"},
		{400, "bad_request", "missing"},
	} {
		status, code = tc.status, tc.code
		want := `{"errors":[{"code":"` + tc.want + `","message":"m"}]}` + "\n"
		if got := do(t, s, call{path: "/ping"}); got.status != tc.status || got.body != want {
			t.Errorf("Error(%d, %q): %d %s, want %s", tc.status, tc.code, got.status, got.body, want)
		}
	}
}
