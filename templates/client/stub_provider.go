package client

// This file stands in for the provider-specific half that authgen generates
// from a spec (provider.go, errors.go, metadata.go, webhooks.go of a
// generated package). It is not copied into generated packages; it exists
// so that the template compiles and can be tested on its own.

import (
	"encoding/json"
	"net/http"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// provider is replaced by the generated description of the spec.
var provider = authgenrt.ProviderSpec{
	Name:          "stub",
	Environments:  []authgenrt.EnvironmentSpec{{Name: "production", BaseURL: "https://api.example.com"}},
	Schemes:       []authgenrt.SchemeSpec{{Name: "key", Kind: authgenrt.SchemeHeaderKey, ParamName: "X-Api-Key", Option: "WithKey", EnvVar: "STUB_KEY"}},
	Security:      []authgenrt.SecurityRequirement{{"key"}},
	ErrorEnvelope: authgenrt.ErrorEnvelopeSpec{Code: "/error/code", Message: "/error/message"},
	ErrorCodes:    []authgenrt.ErrorCode{{Code: "key_expired", Sentinel: authgenrt.NewCodeSentinel("key_expired")}},
	Retry:         authgenrt.RetryPolicy{MaxRetries: 2},
}

// Metering holds the usage headers the spec declares; the stub declares
// one, so the plumbing is exercised.
type Metering struct {
	// Credits is X-Credits.
	Credits int64
}

// ErrorFields holds the members of the vendor's error envelope the spec
// declares beyond code, message and details; the stub declares one.
type ErrorFields struct {
	// DocURL is /error/doc_url.
	DocURL string
}

func parseErrorFields(doc json.RawMessage) ErrorFields {
	var f ErrorFields
	f.DocURL = authgenrt.ErrorFieldString(doc, "/error/doc_url")
	return f
}

func parseMetering(h http.Header) Metering {
	var m Metering
	m.Credits, _ = authgenrt.HeaderInt64(h, "X-Credits")
	return m
}

// decodeWebhookEvent is generated from the spec's webhooks; the stub
// describes none.
func decodeWebhookEvent(eventType string, body []byte) (WebhookEvent, error) {
	return &UnknownWebhookEvent{Type: eventType, Body: body}, nil
}
