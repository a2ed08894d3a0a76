package changes

import (
	"strings"
	"testing"
)

const membersBase = `openapi: 3.0.3
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.example"}]
paths:
  /flags:
    post:
      operationId: setFlag
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/FlagRequest"}
      responses:
        "204": {description: Set.}
components:
  schemas:
    FlagRequest:
      type: object
      required: [name]
      properties:
        name: {type: string}
        flag: {type: boolean, nullable: true}
x-authgen: {package: acme}
`

// TestRequirednessChangesAreReported: a nullable member made required
// keeps its Go type (a pointer), but a nil one is now sent as null: the
// report says so, as breaking; so does a member made nullable.
func TestRequirednessChangesAreReported(t *testing.T) {
	old := version(t, membersBase)
	for _, tc := range []struct{ name, from, to, message string }{
		{"nullable member made required", "required: [name]", "required: [name, flag]", "member FlagRequest.Flag (flag): was optional and nullable, now required and nullable"},
		{"member made nullable", "name: {type: string}", "name: {type: string, nullable: true}", "member FlagRequest.Name (name): was required, now required and nullable"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			report, err := Compare(old, version(t, strings.Replace(membersBase, tc.from, tc.to, 1)))
			if err != nil {
				t.Fatal(err)
			}
			c, found, text := reportHas(report, tc.message)
			if !found {
				t.Fatalf("no %q in:\n%s", tc.message, text)
			}
			if !c.Breaking {
				t.Errorf("%q is not breaking", c.Message)
			}
		})
	}
	if report, err := Compare(old, version(t, membersBase)); err != nil || len(report.Changes) != 0 {
		t.Errorf("no change reported %v, %v", report.Changes, err)
	}
}

const aliasBase = `openapi: 3.0.3
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.example"}]
paths:
  /pets:
    get:
      operationId: getPet
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  favourite: {oneOf: [{type: string}, {type: integer}]}
  /owners:
    get:
      operationId: getOwner
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  badge: {oneOf: [{type: string}, {type: integer}]}
x-authgen: {package: acme}
`

// TestAnAliasThatSplitsIsReportedUnderItsOwnName is issue 26's "an empty
// union member is reported under another type's name": the two unions
// are one type and an alias (GetPetResponseFavourite =
// GetOwnerResponseBadge); a member added to one made it its own type, and
// the report said "changed from *X to *X" four times and left out the
// method it gained (or named the other type).
func TestAnAliasThatSplitsIsReportedUnderItsOwnName(t *testing.T) {
	old := version(t, aliasBase)
	for _, tc := range []struct {
		name, from, to string
		want, absent   []string
	}{
		{
			name: "member added to the alias",
			from: "favourite: {oneOf: [{type: string}, {type: integer}]}", to: "favourite: {oneOf: [{type: string}, {type: integer}, {}]}",
			want:   []string{"GetPetResponseFavourite: its own type now, no longer another name of GetOwnerResponseBadge", "GetPetResponseFavourite.AsValue: added", "GetPetResponseFavouriteFromValue: added"},
			absent: []string{"GetOwnerResponseBadge.AsValue", "changed from *GetPetResponseFavourite to *GetPetResponseFavourite"},
		},
		{
			name: "member added to the aliased type",
			from: "badge: {oneOf: [{type: string}, {type: integer}]}", to: "badge: {oneOf: [{type: string}, {type: integer}, {}]}",
			want:   []string{"GetPetResponseFavourite: its own type now", "GetOwnerResponseBadge.AsValue: added"},
			absent: []string{"GetPetResponseFavourite.AsValue", "changed from func(int64) (GetPetResponseFavourite, error) to"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			report, err := Compare(old, version(t, strings.Replace(aliasBase, tc.from, tc.to, 1)))
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range tc.want {
				if _, found, text := reportHas(report, want); !found {
					t.Errorf("no %q in:\n%s", want, text)
				}
			}
			for _, absent := range tc.absent {
				if c, found, _ := reportHas(report, absent); found {
					t.Errorf("reported %q", c.Message)
				}
			}
			if !report.Breaking() {
				t.Error("the split is not breaking: code that passes one type as the other no longer compiles")
			}
		})
	}
}

const settingsBase = `openapi: 3.0.3
info: {title: Beh, version: "1"}
servers: [{url: https://api.beh.example}]
security: [{key: []}]
paths:
  /a:
    get:
      operationId: getA
      responses:
        "204": {description: ok}
components:
  securitySchemes:
    key: {type: apiKey, in: header, name: Authorization}
x-authgen:
  package: beh
  credentials:
    key: {env: BEH_KEY, format: "Token token={key}"}
  rateLimit:
    steady: {limit: 3, per: 1s}
  retry:
    delayHeaders: [{name: Retry-After, format: seconds}, {pointer: /retry_after, format: seconds}]
  metering:
    - {header: X-Cost, name: Cost, type: integer}
`

// TestSettingChangesAreReported is issue 26's "unit or format changes of
// any wait, limit or auth setting": each of these went unreported (or, for
// a wait read from the body, was named as a header called "").
func TestSettingChangesAreReported(t *testing.T) {
	old := version(t, settingsBase)
	for _, tc := range []struct {
		name, from, to, message string
		breaking                bool
	}{
		{"a key's template", `format: "Token token={key}"`, `format: "Bearer {key}"`, `security scheme "key" value sent: was "Token token={key}", now "Bearer {key}"`, true},
		{"a body wait's unit", "{pointer: /retry_after, format: seconds}", "{pointer: /retry_after, format: milliseconds}", "delay in the body at /retry_after format: was seconds, now milliseconds", true},
		{"the steady rate", "steady: {limit: 3, per: 1s}", "steady: {limit: 3, per: 1m}", "steady rate kept: was 3 every 1s, bursts of 3, now 3 every 1m0s", false},
		{"a metering header", "header: X-Cost", "header: X-Request-Cost", `metering Cost header: was "X-Cost", now "X-Request-Cost"`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			report, err := Compare(old, version(t, strings.Replace(settingsBase, tc.from, tc.to, 1)))
			if err != nil {
				t.Fatal(err)
			}
			c, found, text := reportHas(report, tc.message)
			if !found {
				t.Fatalf("no %q in:\n%s", tc.message, text)
			}
			if c.Breaking != tc.breaking {
				t.Errorf("%q: breaking %v, want %v", c.Message, c.Breaking, tc.breaking)
			}
		})
	}
}

const renameBase = `openapi: 3.0.3
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.example"}]
paths:
  /flags:
    post:
      operationId: setFlag
      parameters:
        - {name: dry_run, in: query, description: Check only., schema: {type: boolean}}
      requestBody:
        content:
          application/json:
            schema: {$ref: "#/components/schemas/FlagRequest"}
      responses:
        "204": {description: Set.}
components:
  schemas:
    FlagRequest:
      type: object
      required: [name]
      properties:
        name: {type: string, description: The flag's name.}
        note: {type: string, description: A note.}
x-authgen: {package: acme}
`

// TestRenamesAreOneChange: a member or query parameter whose JSON name
// changed while its type, requiredness and documentation stayed is one
// breaking rename, not a removal and an addition; one that changed in
// anything else as well is still removed and added.
func TestRenamesAreOneChange(t *testing.T) {
	old := version(t, renameBase)
	for _, tc := range []struct {
		name, from, to string
		want, notWant  []string
	}{
		{"model member", "required: [name]\n      properties:\n        name:", "required: [title]\n      properties:\n        title:",
			[]string{`FlagRequest.Name: renamed to FlagRequest.Title ("name", now "title"), otherwise the same`}, []string{"FlagRequest.Name: removed", "FlagRequest.Title: added"}},
		{"query parameter", "name: dry_run", "name: check_only",
			[]string{`SetFlagParams.DryRun: renamed to SetFlagParams.CheckOnly ("dry_run", now "check_only"), otherwise the same`}, []string{"SetFlagParams.DryRun: removed"}},
		{"renamed and made optional", "required: [name]\n      properties:\n        name:", "required: [note]\n      properties:\n        title:",
			[]string{"FlagRequest.Name: removed", "FlagRequest.Title: added"}, []string{"renamed"}},
		{"optional member", "note: {type: string, description: A note.}", "remark: {type: string, description: A note.}",
			[]string{`FlagRequest.Note: renamed to FlagRequest.Remark ("note", now "remark"), otherwise the same`}, []string{"FlagRequest.Note: removed"}},
		{"renamed and documented anew", "note: {type: string, description: A note.}", "remark: {type: string, description: A remark.}",
			[]string{"FlagRequest.Note: removed", "FlagRequest.Remark: added"}, []string{"renamed"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			report, err := Compare(old, version(t, strings.Replace(renameBase, tc.from, tc.to, 1)))
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range tc.want {
				c, found, text := reportHas(report, m)
				if !found {
					t.Fatalf("no %q in:\n%s", m, text)
				}
				if strings.Contains(m, "renamed") && !c.Breaking {
					t.Errorf("%q is not breaking", m)
				}
			}
			var text strings.Builder
			_ = report.Text(&text)
			for _, m := range tc.notWant {
				if strings.Contains(text.String(), m) {
					t.Errorf("%q in:\n%s", m, text.String())
				}
			}
		})
	}
}
