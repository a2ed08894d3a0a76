package spec

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/authgen/authgen/internal/genid"
)

func TestGoName(t *testing.T) {
	for in, want := range map[string]string{
		"apiKey":            "APIKey",
		"bearerAuth":        "BearerAuth",
		"apiToken":          "APIToken",
		"INVALID_API_KEY":   "InvalidAPIKey",
		"API_KEY_EXPIRED":   "APIKeyExpired",
		"rate_limited":      "RateLimited",
		"amount_cents":      "AmountCents",
		"id":                "ID",
		"user_id":           "UserID",
		"ids":               "IDs",
		"user_ids":          "UserIDs",
		"getHTTPResponse":   "GetHTTPResponse",
		"oauth2":            "OAuth2",
		"listInterviews":    "ListInterviews",
		"X-Credits-Balance": "XCreditsBalance",
		"2fa":               "X2Fa",
		"json_url":          "JSONURL",
		"already-Done":      "AlreadyDone",
		"日本":                "X日本",
		"---":               "",
		"v1Users":           "V1Users",
	} {
		if got := GoName(in); got != want {
			t.Errorf("GoName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestArgName(t *testing.T) {
	for in, want := range map[string]string{
		"id": "id", "user_id": "userID", "type": "typeArg", "path": "path", "add_deep_object": "addDeepObject", "with_static_secret": "withStaticSecretArg", "authgenrt": "authgenrtArg", "security_schemes": "securitySchemesArg", "url": "urlArg",
		"ctx": "ctxArg", "URL": "urlArg", "X-Trace": "xTrace", "9lives": "p9Lives",
	} {
		if got := ArgName(in); got != want {
			t.Errorf("ArgName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPackageName(t *testing.T) {
	for in, want := range map[string]string{"JobHive API": "jobhiveapi", "Stripe": "stripe", "123 Go": "go", "Ünïcode": "ncode"} {
		if got := PackageName(in); got != want {
			t.Errorf("PackageName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSuggest(t *testing.T) {
	keys := []string{"package", "environments", "retry", "rateLimit", "metering"}
	for in, want := range map[string]string{"retyr": "retry", "pakage": "package", "RateLimits": "rateLimit", "xyz": ""} {
		if got := suggest(in, keys); got != want {
			t.Errorf("suggest(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestGeneratedVariablePrefixesAreFree: each union's rules are a package
// variable unionRulesOf<Union>, and an operation's own security one named
// securityOf<Method>; no name of the runtime or of the generated half may
// begin so, or a union or an operation could collide with it.
func TestGeneratedVariablePrefixesAreFree(t *testing.T) {
	names := append([]string{}, genid.GeneratedNames...)
	for n := range shellDecls().Package {
		names = append(names, n)
	}
	for _, prefix := range []string{genid.UnionRulesPrefix, genid.OperationSecurityPrefix} {
		for _, n := range names {
			if strings.HasPrefix(n, prefix) {
				t.Errorf("%s begins with %s", n, prefix)
			}
		}
	}
}

// TestParamsRenameWarns is issue 26's "a schema named CreateMessageParams
// plus an operation createMessage silently renames the params struct to
// CreateMessageParams2": the rename stays (the schema keeps its name) but
// lint says so, naming both and where.
func TestParamsRenameWarns(t *testing.T) {
	path := filepath.Join(t.TempDir(), "msg.yaml")
	doc := `openapi: 3.0.3
info: {title: Msg, version: "1"}
servers: [{url: "https://api.msg.example"}]
paths:
  /messages:
    post:
      operationId: createMessage
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/CreateMessageParams"}
      responses:
        "200": {description: Sent.}
components:
  schemas:
    CreateMessageParams:
      type: object
      properties: {text: {type: string}}
x-authgen:
  package: msg
`
	if err := os.WriteFile(path, []byte(doc), 0o644); err != nil {
		t.Fatal(err)
	}
	p, warnings, err := Load(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := p.Operations[0].ParamsGoName; got != "CreateMessageParams2" {
		t.Fatalf("params struct %q, want CreateMessageParams2", got)
	}
	var found bool
	for _, w := range warnings {
		s := fmt.Sprint(w)
		found = found || strings.Contains(s, "msg.yaml:6:") && strings.Contains(s, "CreateMessageParams2") && strings.Contains(s, `schema "CreateMessageParams"`)
	}
	if !found {
		t.Errorf("no warning at the operation naming CreateMessageParams2 and the schema; got %v", warnings)
	}
}
