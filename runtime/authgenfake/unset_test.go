package authgenfake

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// union is a required union as generated code declares one: unset, it
// refuses to encode.
type union struct{ raw json.RawMessage }

func (u union) MarshalJSON() ([]byte, error) {
	if u.raw == nil {
		return nil, fmt.Errorf("union: %w", authgenrt.ErrEmptyUnion)
	}
	return u.raw, nil
}

type thing struct {
	ID     string `json:"id"`
	Source union  `json:"source"`
}

// TestUnsetRequiredMemberIsNamed is issue 27's acceptance 2 for members a
// handler left unset: the test fails with the member's place in the
// result (/things/1/source) and type, not a bare "does not encode".
func TestUnsetRequiredMemberIsNamed(t *testing.T) {
	rec := &recordingTB{TB: t}
	s := NewServer(rec, testSpec())
	Handle(s, "ping", func(ctx context.Context, c *Call) (any, error) {
		return &struct {
			Things []thing `json:"things"`
		}{[]thing{{ID: "a", Source: union{raw: json.RawMessage(`"x"`)}}, {ID: "b"}}}, nil
	})
	got := do(t, s, call{path: "/ping"})
	want := "the required member /things/1/source (authgenfake.union) unset"
	if len(rec.errors) != 1 || !strings.Contains(rec.errors[0], want) {
		t.Errorf("test errors %q, want one naming %q", rec.errors, want)
	}
	if !strings.Contains(got.body, "/things/1/source") {
		t.Errorf("answer %d %s does not name the member", got.status, got.body)
	}
}
