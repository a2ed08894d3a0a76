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
