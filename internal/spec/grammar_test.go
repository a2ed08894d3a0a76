package spec

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"go.yaml.in/yaml/v4"
)

// decodeBlock decodes an x-authgen block given as YAML text.
func decodeBlock(t *testing.T, src string) (*extension, []string) {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
		t.Fatal(err)
	}
	r := &reporter{file: "x.yaml"}
	x := decodeExtension(doc.Content[0], r)
	var msgs []string
	for _, p := range r.problems {
		msgs = append(msgs, p.String())
	}
	return x, msgs
}

// The decoder fills the tagged structs and says where each value is.
func TestGrammarDecodes(t *testing.T) {
	x, msgs := decodeBlock(t, strings.Join([]string{
		"retry:",
		"  maxRetries: 2",
		"  baseDelay: 1.5",
		"credentials:",
		"  apiKey: {env: K}",
		"headers: {X-Version: \"2\"}",
		"metering: [{header: X-Cost}]",
		"errors: {failureWhen: {pointer: /ok, equals: false}}",
		"webhooks: {tolerance: 5m}",
	}, "\n"))
	if len(msgs) > 0 {
		t.Fatalf("problems: %v", msgs)
	}
	if x.Retry.MaxRetries == nil || *x.Retry.MaxRetries != 2 || x.Retry.BaseDelay != 1500*time.Millisecond {
		t.Errorf("retry = %+v", x.Retry)
	}
	if got := x.Retry.keyPos("maxRetries"); got.Line != 2 || got.Column != 15 {
		t.Errorf("retry.maxRetries is at %v, want 2:15", got)
	}
	if got := x.Retry.keyPos("maxDelay"); got != x.Retry.pos {
		t.Errorf("an absent key's position is %v, want the struct's %v", got, x.Retry.pos)
	}
	if len(x.Credentials) != 1 || x.Credentials[0].Scheme != "apiKey" || x.Credentials[0].EnvVar != "K" || x.Credentials[0].pos.Line != 5 || x.Credentials[0].pos.Column != 3 {
		t.Errorf("credentials = %+v, want apiKey at 5:3", x.Credentials)
	}
	if len(x.Headers) != 1 || x.Headers[0].Name != "X-Version" || x.Headers[0].Value != "2" {
		t.Errorf("headers = %+v", x.Headers)
	}
	if len(x.Metering) != 1 || x.Metering[0].Type != "integer" {
		t.Errorf("metering = %+v, want the default type integer", x.Metering)
	}
	if x.Errors.FailureWhen.Equals != "false" {
		t.Errorf("failureWhen.equals = %q, want the JSON text false", x.Errors.FailureWhen.Equals)
	}
	if x.Webhooks == nil || x.Webhooks.Tolerance == nil || *x.Webhooks.Tolerance != 5*time.Minute {
		t.Errorf("webhooks = %+v", x.Webhooks)
	}
}

// Wrong keys and values are refused where they are, each once.
func TestGrammarRefuses(t *testing.T) {
	_, got := decodeBlock(t, strings.Join([]string{
		"retry: {maxRetires: 2, statuses: [503, 404]}",
		"credentials: [apiKey]",
		"errors: {codes: [{code: x, retry: maybe}]}",
		"operations: {paths: [users]}",
		"pagination: {operations: {list: {start: 2}}}",
		"retry: {}",
	}, "\n"))
	want := []string{
		`x.yaml:1:9: x-authgen.retry: unknown key "maxRetires" (did you mean "maxRetries"?)`,
		`x.yaml:1:40: x-authgen.retry.statuses[1]: 404 is out of range [500, 599]`,
		`x.yaml:2:14: x-authgen.credentials: want an object keyed by security scheme, not a list`,
		`x.yaml:3:35: x-authgen.errors.codes[0].retry: want true or false, not "maybe"`,
		`x.yaml:4:22: x-authgen.operations.paths[0]: "users": want a path pattern starting with "/" ("*" matches within a segment, "**" across segments)`,
		`x.yaml:5:41: x-authgen.pagination.operations.list.start: 2 is out of range [0, 1]`,
		`x.yaml:6:1: x-authgen: key "retry" appears twice`,
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("problems (-want +got):\n%s", diff)
	}
}

// Every struct of the grammar embeds at and has well-formed tags; a
// mistake would otherwise show only when a spec uses the key.
func TestGrammarStructs(t *testing.T) {
	if _, err := grammarSchema(); err != nil {
		t.Fatal(err)
	}
}
