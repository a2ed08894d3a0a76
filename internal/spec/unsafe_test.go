package spec

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"
)

// unsafeBase is a spec with an apiKey scheme, a credential-tied header and
// a POST; each case appends x-authgen keys (indented two spaces) to it.
const unsafeBase = `openapi: 3.0.3
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.example"}]
security: [{apiKey: []}]
paths:
  /charges:
    post:
      operationId: createCharge
      responses:
        "204": {description: Created.}
components:
  securitySchemes:
    apiKey: {type: apiKey, in: header, name: X-Api-Key}
x-authgen:
  package: acme
  credentials:
    apiKey:
      headers:
        - {name: Acme-Account}
`

// loadUnsafe loads unsafeBase with extra x-authgen keys; it returns the
// provider, or the errors (not warnings) the spec was refused with.
func loadUnsafe(t *testing.T, extra string) (*Provider, Problems) {
	t.Helper()
	p, _, err := LoadData("acme.yaml", []byte(unsafeBase+extra), Options{})
	if err == nil {
		return p, nil
	}
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("not Problems: %v", err)
	}
	return nil, ps
}

// TestLintRefusesWhatWouldMakeAClientUnsafe is issue 23's acceptance 4:
// each spec below linted clean and generated a client that skipped its
// replay check, replayed, sent one idempotency key on every POST or failed
// every request. Each is refused at the line of the value, with the rule
// named; the spec beside it that keeps to the rule loads.
func TestLintRefusesWhatWouldMakeAClientUnsafe(t *testing.T) {
	for _, c := range []struct {
		name, extra string
		line        int    // of the refusal; 0: the spec loads
		want        string // part of the message
	}{
		// Webhook replay windows.
		{"tolerance overflows", "  webhooks: {preset: standard, tolerance: 1e10}\n", 20, "too long to be a duration"},
		{"tolerance past a day", "  webhooks: {preset: standard, tolerance: 86401}\n", 20, "24h0m0s, the longest replay window allowed"},
		{"tolerance of a day", "  webhooks: {preset: standard, tolerance: 24h}\n", 0, ""},
		{"tolerance under a second", "  webhooks: {preset: standard, tolerance: 500ms}\n", 20, "shorter than 1s"},
		{"tolerance 0 is the default", "  webhooks: {preset: standard, tolerance: 0}\n", 0, ""},
		// A timestamp the signature does not cover.
		{"timestampHeader, body signed", "  webhooks:\n    header: X-Sig\n    timestampHeader: X-Ts\n    signed: \"{body}\"\n", 23, "does not cover the timestamp (timestampHeader X-Ts)"},
		{"keyed timestamp, body signed", "  webhooks:\n    preset: stripe\n    signed: \"{body}\"\n", 22, `does not cover the timestamp (keyed.timestamp "t")`},
		{"a timestamp added to a preset that signs none", "  webhooks:\n    preset: github\n    timestampHeader: X-Ts\n", 22, "does not cover the timestamp"},
		{"timestamp signed", "  webhooks:\n    header: X-Sig\n    timestampHeader: X-Ts\n    signed: \"{timestamp}.{body}\"\n", 0, ""},
		// Fixed headers against the client's own.
		{"the idempotency header fixed", "  retry: {idempotencyHeader: Idempotency-Key}\n  headers: {Idempotency-Key: v1}\n", 21, "one key on every call"},
		{"a custom idempotency header fixed, other case", "  retry: {idempotencyHeader: X-Idem}\n  headers: {x-idem: v1}\n", 21, "fresh idempotency key in X-Idem"},
		{"Idempotency-Key fixed without idempotencyHeader", "  headers: {Idempotency-Key: v1}\n", 20, "makes the client retry a POST"},
		{"a credential-tied header fixed", "  headers: {acme-account: acct_1}\n", 20, `goes with security scheme "apiKey"'s credential only`},
		{"Content-Type fixed", "  headers: {Content-Type: text/plain}\n", 20, "from each operation's request body"},
		{"Transfer-Encoding fixed", "  headers: {Transfer-Encoding: chunked}\n", 20, "net/http writes Transfer-Encoding"},
		{"response headers are no collision", "  requestIdHeader: Request-Id\n  rateLimit: {remaining: X-RateLimit-Remaining}\n  headers: {Request-Id: x, X-RateLimit-Remaining: \"1\", Acme-Version: \"2024-01-01\"}\n", 0, ""},
		{"idempotency header is the key's", "  retry: {idempotencyHeader: X-API-KEY}\n", 20, "X-API-KEY is sent with a credential"},
		{"idempotency header is credential-tied", "  retry: {idempotencyHeader: Acme-Account}\n", 20, "is sent with a credential"},
		{"idempotency header is Authorization", "  retry: {idempotencyHeader: authorization}\n", 20, "is sent with a credential"},
		// Control characters.
		{"NUL in a fixed value", "  headers: {Acme-Version: \"2024\\0\"}\n", 20, `control character "\x00" at byte 4`},
		{"DEL in a fixed value", "  headers: {Acme-Version: \"\\x7f\"}\n", 20, `control character "\x7f" at byte 0`},
		{"tab in a fixed value", "  headers: {Acme-Version: \"a\\tb\"}\n", 0, ""},
		{"LF in a webhook separator", "  webhooks: {preset: standard, separator: \"\\n\"}\n", 20, `separator: holds the control character "\n"`},
		{"control character in a keyed name", "  webhooks: {preset: stripe, keyed: {timestamp: \"t\\x01\", signature: v1}}\n", 20, `keyed: holds the control character "\x01"`},
		{"a webhook id header that is no name", "  webhooks: {preset: standard, idHeader: \"webhook id\"}\n", 20, `idHeader: "webhook id" is not a valid header name`},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, errs := loadUnsafe(t, c.extra)
			if c.line == 0 {
				if errs != nil {
					t.Fatalf("refused:\n%v", errs)
				}
				if p == nil {
					t.Fatal("no provider")
				}
				return
			}
			if len(errs) != 1 {
				t.Fatalf("want one error, got %d:\n%v", len(errs), errs)
			}
			e := errs[0]
			if e.Pos.Line != c.line || e.Pos.Column == 0 || !strings.Contains(e.Message, c.want) {
				t.Errorf("got %s\nwant line %d, a column, and %q", e, c.line, c.want)
			}
		})
	}
}

// TestAcceptedToleranceIsTheWindowChecked: a tolerance kept is the one the
// client checks, to the nanosecond, up to the limit.
func TestAcceptedToleranceIsTheWindowChecked(t *testing.T) {
	for text, want := range map[string]time.Duration{"1": time.Second, "2m": 2 * time.Minute, "86400": maxWebhookTolerance} {
		p, errs := loadUnsafe(t, fmt.Sprintf("  webhooks: {preset: slack, tolerance: %s}\n", text))
		if errs != nil {
			t.Fatalf("%s: %v", text, errs)
		}
		if got := p.Webhooks.Tolerance; got != want {
			t.Errorf("tolerance %s: model has %v, want %v", text, got, want)
		}
	}
}

// TestControlCharIsEveryCharacterAHeaderCannotHold: C0 but tab, and DEL;
// nothing else (UTF-8 is left to net/http, which sends it).
func TestControlCharIsEveryCharacterAHeaderCannotHold(t *testing.T) {
	for c := 0; c < 0x100; c++ {
		s := "ab" + string(rune(c))
		_, at, found := controlChar(s)
		want := (c < 0x20 && c != '\t') || c == 0x7f
		if found != want || (found && at != 2) {
			t.Errorf("%q: found %v at %d, want %v at 2", s, found, at, want)
		}
	}
}

// TestHeaderNamesTheSpecGivesAreTokens: an apiKey header or cookie name,
// or a header parameter, that net/http would refuse or rewrite is refused;
// a query name is escaped, so it may hold anything.
func TestHeaderNamesTheSpecGivesAreTokens(t *testing.T) {
	const spec = `openapi: 3.0.3
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.example"}]
security: [{q: []}]
paths:
  /ping:
    get:
      operationId: ping
      parameters:
        - {name: "a b", in: query, schema: {type: string}}
        - {name: "sess;ion", in: cookie, schema: {type: string}}
      responses:
        "204": {description: Pong.}
components:
  securitySchemes:
    q: {type: apiKey, in: query, name: "api key"}
    c: {type: apiKey, in: cookie, name: "sid=1"}
x-authgen: {package: acme}
`
	_, _, err := LoadData("acme.yaml", []byte(spec), Options{})
	var ps Problems
	if !errors.As(err, &ps) {
		t.Fatalf("loaded: %v", err)
	}
	var got []string
	for _, p := range ps {
		got = append(got, fmt.Sprintf("%d: %s", p.Pos.Line, p.Message))
	}
	want := []string{
		`11: operation "ping": parameter "sess;ion" is not a valid cookie name`,
		`17: security scheme "c": "sid=1" is not a valid cookie name`,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("errors:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
