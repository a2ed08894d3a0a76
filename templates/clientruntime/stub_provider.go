package clientruntime

// This file stands in for the provider-specific half that authgen generates
// from a spec (client.go, errors.go, retry.go, metadata.go of a generated
// package). It is not copied into generated packages; it exists so that the
// runtime compiles and can be tested on its own. Tests build their own
// providerSpec values for the cases they exercise.

import (
	"encoding/json"
	"fmt"
	"net/http"
)

// provider is replaced by the generated description of the spec.
var provider = providerSpec{
	name:         "stub",
	environments: []environmentSpec{{name: "production", baseURL: "https://api.example.com"}},
	retry:        RetryPolicy{MaxRetries: defaultMaxRetries},
}

// Metering holds the usage headers the spec declares; the stub declares
// one, so the runtime's plumbing is exercised.
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
	f.DocURL = errorFieldString(doc, "/error/doc_url")
	return f
}

func parseMetering(h http.Header) Metering {
	var m Metering
	m.Credits, _ = headerInt64(h, "X-Credits")
	return m
}

// decodeWebhookEvent is generated from the spec's webhooks; the stub knows
// one event type, so the runtime's dispatch is exercised.
func decodeWebhookEvent(eventType string, body []byte) (WebhookEvent, error) {
	if eventType == "stub.ping" {
		var e StubPingEvent
		if err := json.Unmarshal(body, &e.Payload); err != nil {
			return nil, fmt.Errorf("webhook %s: %w", eventType, err)
		}
		return &e, nil
	}
	return &UnknownWebhookEvent{Type: eventType, Body: body}, nil
}

// StubPingEvent is the stub's one typed event.
type StubPingEvent struct {
	Payload struct {
		Type string `json:"type"`
		Zen  string `json:"zen"`
	}
}

func (*StubPingEvent) EventType() string { return "stub.ping" }

func (*StubPingEvent) isWebhookEvent() {}
