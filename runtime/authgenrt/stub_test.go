package authgenrt

// What a generated client declares for its webhooks, in the small: the
// tests' decoder knows one event type, so the runtime's dispatch is
// exercised.

import (
	"encoding/json"
	"fmt"
)

// stubEvent stands in for a client's WebhookEvent.
type stubEvent interface{ EventType() string }

// unknownStubEvent stands in for a client's UnknownWebhookEvent.
type unknownStubEvent struct {
	Type string
	Body []byte
}

func (e *unknownStubEvent) EventType() string { return e.Type }

// decodeWebhookEvent is generated from the spec's webhooks; the stub knows
// one event type, so the runtime's dispatch is exercised.
func decodeWebhookEvent(eventType string, body []byte) (stubEvent, error) {
	if eventType == "stub.ping" {
		var e StubPingEvent
		if err := json.Unmarshal(body, &e.Payload); err != nil {
			return nil, fmt.Errorf("webhook %s: %w", eventType, err)
		}
		return &e, nil
	}
	return &unknownStubEvent{Type: eventType, Body: body}, nil
}

// StubPingEvent is the stub's one typed event.
type StubPingEvent struct {
	Payload struct {
		Type string `json:"type"`
		Zen  string `json:"zen"`
	}
}

func (*StubPingEvent) EventType() string { return "stub.ping" }
