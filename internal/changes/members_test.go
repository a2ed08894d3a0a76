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
