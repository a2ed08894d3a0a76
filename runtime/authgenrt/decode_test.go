package authgenrt

import (
	"encoding/json"
	"errors"
	"testing"
)

// selfDecoding keeps its JSON, as a generated union does, and counts the
// calls.
type selfDecoding struct {
	raw   []byte
	calls int
}

func (s *selfDecoding) UnmarshalJSON(b []byte) error {
	s.raw = append([]byte(nil), b...)
	s.calls++
	return nil
}

// TestDecodeJSONAsUnmarshal: decodeJSON gives a value that decodes itself
// the bytes json.Unmarshal would (null included), once, and refuses what
// json.Unmarshal refuses with json.Unmarshal's own error.
func TestDecodeJSONAsUnmarshal(t *testing.T) {
	for _, body := range []string{`{"object":"customer","id":"cus_1"}`, `[1,2]`, `"x"`, `null`, `{"a":{"b":[{"c":null}]}}`} {
		var got, want selfDecoding
		if err := decodeJSON([]byte(body), &got, false); err != nil {
			t.Fatalf("%s: %v", body, err)
		}
		if err := json.Unmarshal([]byte(body), &want); err != nil {
			t.Fatal(err)
		}
		if string(got.raw) != string(want.raw) || got.calls != 1 || want.calls != 1 {
			t.Errorf("%s: got %q in %d calls, json.Unmarshal gives %q in %d", body, got.raw, got.calls, want.raw, want.calls)
		}
	}
	for _, body := range []string{`{"a":`, `{"a":1}x`, `nul`} {
		var got selfDecoding
		err := decodeJSON([]byte(body), &got, false)
		var syntax *json.SyntaxError
		if !errors.As(err, &syntax) || got.calls != 0 {
			t.Errorf("%s: err %v after %d calls, want json's syntax error before any", body, err, got.calls)
		}
	}
	var plain struct{ ID string }
	if err := decodeJSON([]byte(`{"ID":"a"}`), &plain, false); err != nil || plain.ID != "a" {
		t.Errorf("a plain struct: %+v, %v", plain, err)
	}
}

// TestDecodeJSONTrustsAValueThatChecksItself: with checksItself (a
// generated union's result), the body goes to UnmarshalJSON unchecked,
// even when it is not JSON: the union's own check refuses it.
func TestDecodeJSONTrustsAValueThatChecksItself(t *testing.T) {
	var got selfDecoding
	if err := decodeJSON([]byte(`{"a":`), &got, true); err != nil || got.calls != 1 {
		t.Errorf("err %v after %d calls; want the value's UnmarshalJSON called once, unchecked", err, got.calls)
	}
}
