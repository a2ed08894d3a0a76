package changes

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authgen/authgen/internal/gen"
	"github.com/authgen/authgen/internal/spec"
)

var update = flag.Bool("update", false, "rewrite the expected reports in testdata/diff")

// base is a small provider touching every area the report covers.
const base = `openapi: 3.0.3
info: {title: Acme, version: "1"}
servers:
  - url: https://api.acme.example
    description: production
  - url: https://sandbox.acme.example
    description: sandbox
security:
  - key: []
paths:
  /widgets/{id}:
    get:
      operationId: getWidget
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        "200":
          description: A widget.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Widget"}
  /reports:
    get:
      operationId: listReports
      security:
        - oauth: [reports:read]
      responses:
        "200":
          description: Reports.
components:
  schemas:
    Widget:
      type: object
      required: [id]
      properties:
        id: {type: string}
        name: {type: string}
  securitySchemes:
    key: {type: apiKey, in: header, name: X-Api-Key}
    oauth:
      type: oauth2
      flows:
        clientCredentials:
          tokenUrl: https://api.acme.example/oauth/token
          scopes: {reports:read: read, reports:write: write}
x-authgen:
  package: acme
  headers:
    Acme-Version: "2024-01-01"
  credentials:
    key:
      env: ACME_API_KEY
      keyFormats:
        - prefix: sk_live_
          environment: production
        - prefix: sk_test_
          environment: sandbox
  errors:
    envelope: {code: /error/code, message: /error/message}
    codes:
      - {code: invalid_key, status: 401}
      - {code: rate_limited, status: 429}
  retry:
    maxRetries: 3
    delayHeaders:
      - {name: Retry-After, format: seconds}
  rateLimit:
    limit: X-RateLimit-Limit
    remaining: X-RateLimit-Remaining
    reset: {name: X-RateLimit-Reset, format: unix-epoch}
`

func version(t *testing.T, text string) Version {
	t.Helper()
	path := filepath.Join(t.TempDir(), "acme.yaml")
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	p, _, err := spec.Load(path, spec.Options{})
	if err != nil {
		t.Fatalf("spec:\n%v", err)
	}
	files, err := gen.Generate(p)
	if err != nil {
		t.Fatal(err)
	}
	m := map[string][]byte{}
	for _, f := range files {
		m[f.Name] = f.Content
	}
	return Version{Provider: p, Files: m}
}

func TestEachKindOfChange(t *testing.T) {
	old := version(t, base)
	for _, tc := range []struct {
		name, from, to string
		area           Area
		breaking       bool
		message        string
	}{
		{"method removed", "  /reports:\n    get:\n      operationId: listReports", "  /reports:\n    get:\n      operationId: listAllReports", AreaAPI, true, "(*Client).ListReports: removed"},
		{"field type changed", "        name: {type: string}", "        name: {type: integer}", AreaAPI, true, "Widget.Name: changed from *string to *int64"},
		{"field added", "        name: {type: string}", "        name: {type: string}\n        color: {type: string}", AreaAPI, false, "Widget.Color: added"},
		{"auth header renamed", "name: X-Api-Key}", "name: X-Acme-Key}", AreaAuth, true, `security scheme "key": was API key in header "X-Api-Key", now API key in header "X-Acme-Key"`},
		{"auth moved to the query", "in: header, name: X-Api-Key}", "in: query, name: X-Api-Key}", AreaAuth, true, `security scheme "key": was API key in header "X-Api-Key", now API key in query "X-Api-Key"`},
		{"key format changed", "prefix: sk_live_", "prefix: live_", AreaAuth, true, `security scheme "key" key formats: was prefix "sk_live_" → production`},
		{"credential variable", "env: ACME_API_KEY", "env: ACME_KEY", AreaAuth, true, `security scheme "key" credential variable: was ACME_API_KEY, now ACME_KEY`},
		{"scope required", "- oauth: [reports:read]", "- oauth: [reports:read, reports:write]", AreaAuth, true, "security of ListReports: was oauth [reports:read], now oauth [reports:read reports:write]"},
		{"environment URL", "https://sandbox.acme.example", "https://test.acme.example", AreaEnvironments, true, `environment "sandbox": was https://sandbox.acme.example, now https://test.acme.example`},
		{"environment renamed", "description: sandbox\n", "description: staging\n", AreaEnvironments, true, `environment "sandbox": removed`},
		{"version header", `Acme-Version: "2024-01-01"`, `Acme-Version: "2025-01-01"`, AreaHeaders, true, `header "Acme-Version" on every request: was "2024-01-01", now "2025-01-01"`},
		{"error code added", "      - {code: rate_limited, status: 429}", "      - {code: rate_limited, status: 429}\n      - {code: quota_exceeded, status: 402}", AreaErrors, false, `error code "quota_exceeded": added (ErrQuotaExceeded, status 402)`},
		{"error envelope", "code: /error/code,", "code: /error/type,", AreaErrors, true, "error envelope: was code /error/code"},
		{"reset header format", "format: unix-epoch}", "format: seconds}", AreaRateLimits, true, `rate-limit reset header format: was unix-epoch, now seconds`},
		{"delay header", "{name: Retry-After, format: seconds}", "{name: Retry-After, format: http-date}", AreaRateLimits, true, `delay header "Retry-After" format: was seconds, now http-date`},
		{"retry policy", "maxRetries: 3", "maxRetries: 5", AreaRetries, false, "retry policy: was 3 retries"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(base, tc.from) {
				t.Fatalf("base spec lacks %q", tc.from)
			}
			next := strings.Replace(base, tc.from, tc.to, 1)
			if tc.name == "environment renamed" { // and the key format that names it
				next = strings.Replace(next, "environment: sandbox", "environment: staging", 1)
			}
			report, err := Compare(old, version(t, next))
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, c := range report.Changes {
				if c.Area == tc.area && strings.Contains(c.Message, tc.message) {
					found = true
					if c.Breaking != tc.breaking {
						t.Errorf("%q: breaking = %v, want %v", c.Message, c.Breaking, tc.breaking)
					}
				}
			}
			if !found {
				var text bytes.Buffer
				report.Text(&text)
				t.Errorf("no %s change %q in:\n%s", tc.area, tc.message, text.String())
			}
			if report.Breaking() != tc.breaking && !tc.breaking {
				var text bytes.Buffer
				report.Text(&text)
				t.Errorf("a compatible change made the report breaking:\n%s", text.String())
			}
		})
	}
}

func TestNoChange(t *testing.T) {
	report, err := Compare(version(t, base), version(t, base))
	if err != nil {
		t.Fatal(err)
	}
	if len(report.Changes) != 0 || report.Breaking() {
		t.Errorf("changes between equal specs: %+v", report.Changes)
	}
}

// TestTwoRealVersions compares two commits of a vendor's own document
// (twilio/twilio-oai, spec/json/twilio_flex_v2.json at dd8163d, 2024-06-27,
// and a3f1069, 2025-08-18; testdata/diff/twilio-flex-v2/README.md) with the
// reports expected of them.
func TestTwoRealVersions(t *testing.T) {
	dir := filepath.Join("..", "..", "testdata", "diff", "twilio-flex-v2")
	load := func(name string) Version {
		p, _, err := spec.Load(filepath.Join(dir, name), spec.Options{})
		if err != nil {
			t.Fatal(err)
		}
		files, err := gen.Generate(p)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string][]byte{}
		for _, f := range files {
			m[f.Name] = f.Content
		}
		return Version{Provider: p, Files: m}
	}
	report, err := Compare(load("old.json"), load("new.json"))
	if err != nil {
		t.Fatal(err)
	}
	if !report.Breaking() {
		t.Error("fields were removed, but the report is not breaking")
	}
	for _, format := range []struct {
		file  string
		write func(*bytes.Buffer) error
	}{
		{"want.txt", func(b *bytes.Buffer) error { return report.Text(b) }},
		{"want.md", func(b *bytes.Buffer) error { return report.Markdown(b) }},
	} {
		var got bytes.Buffer
		if err := format.write(&got); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, format.file)
		if *update {
			if err := os.WriteFile(path, got.Bytes(), 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		want, err := os.ReadFile(path)
		if err != nil {
			t.Fatalf("%v (run go test ./internal/changes -run TestTwoRealVersions -update)", err)
		}
		if got.String() != string(want) {
			t.Errorf("%s: report differs (rerun with -update and review the diff):\ngot:\n%s", path, got.String())
		}
	}
}

// reportHas finds the change whose message holds message, and the report
// as text for a failure.
func reportHas(report Report, message string) (Change, bool, string) {
	var text bytes.Buffer
	_ = report.Text(&text)
	for _, c := range report.Changes {
		if strings.Contains(c.Message, message) {
			return c, true, text.String()
		}
	}
	return Change{}, false, text.String()
}
