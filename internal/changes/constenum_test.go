package changes

import (
	"strings"
	"testing"
)

// constEnumBase writes an enum the 3.1 way, a oneOf of consts with
// titles, as large documents do throughout.
const constEnumBase = `openapi: 3.1.0
info: {title: Acme, version: "1"}
servers: [{url: "https://api.acme.example"}]
paths:
  /payments:
    post:
      operationId: createPayment
      requestBody:
        content:
          application/json:
            schema:
              type: object
              required: [method]
              properties:
                method: {$ref: "#/components/schemas/PaymentMethod"}
      responses:
        "204": {description: Created.}
components:
  schemas:
    PaymentMethod:
      oneOf:
        - {const: card, title: Card}
        - {const: sepa_debit, title: SEPA Debit}
x-authgen: {package: acme}
`

// TestConstEnumValuesAreReported: a value added to or removed from a
// oneOf-of-const enum is reported by its constant's name, as for enum:
// [...], removal breaking.
func TestConstEnumValuesAreReported(t *testing.T) {
	old := version(t, constEnumBase)
	for _, tc := range []struct {
		name, from, to string
		breaking       bool
		message        string
	}{
		{"value added", "        - {const: sepa_debit, title: SEPA Debit}\n", "        - {const: sepa_debit, title: SEPA Debit}\n        - {const: ideal, title: iDEAL}\n", false, "PaymentMethodIDeal: added"},
		{"value removed", "        - {const: sepa_debit, title: SEPA Debit}\n", "", true, "PaymentMethodSepaDebit: removed"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			report, err := Compare(old, version(t, strings.Replace(constEnumBase, tc.from, tc.to, 1)))
			if err != nil {
				t.Fatal(err)
			}
			c, found, text := reportHas(report, tc.message)
			if !found {
				t.Fatalf("no change %q in:\n%s", tc.message, text)
			}
			if c.Breaking != tc.breaking {
				t.Errorf("%q: breaking = %v, want %v", c.Message, c.Breaking, tc.breaking)
			}
			if strings.Contains(text, "AsValue") || strings.Contains(text, "FromValue") {
				t.Errorf("the enum is reported as a union:\n%s", text)
			}
		})
	}
}
