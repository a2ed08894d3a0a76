package spec

// The webhooks concern: how a provider signs the webhooks it sends
// (x-authgen.webhooks, with presets for the common schemes), and the typed
// events (OpenAPI 3.1 webhooks, or x-authgen.webhooks.events).

import (
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
)

// webhookPresets are the signing schemes of the vendors that document
// theirs, as their docs state them.
var webhookPresets = map[string]Webhooks{
	// https://www.standardwebhooks.com (Svix, Resend, Clerk, ...).
	"standard": {Header: "webhook-signature", Algorithm: HMACSHA256, Encoding: EncodingBase64, Prefix: "v1,", Separator: " ",
		TimestampHeader: "webhook-timestamp", IDHeader: "webhook-id", Tolerance: 5 * time.Minute, SecretPrefix: "whsec_",
		Signed: mustSigned("{id}.{timestamp}.{body}"), EventPointer: "/type"},
	// https://docs.stripe.com/webhooks#verify-manually
	"stripe": {Header: "Stripe-Signature", Algorithm: HMACSHA256, Encoding: EncodingHex, TimestampKey: "t", SignatureKey: "v1",
		Tolerance: 5 * time.Minute, Signed: mustSigned("{timestamp}.{body}"), EventPointer: "/type"},
	// https://docs.github.com/webhooks/using-webhooks/validating-webhook-deliveries
	"github": {Header: "X-Hub-Signature-256", Algorithm: HMACSHA256, Encoding: EncodingHex, Prefix: "sha256=",
		Signed: mustSigned("{body}"), EventHeader: "X-GitHub-Event"},
	// https://docs.slack.dev/authentication/verifying-requests-from-slack
	"slack": {Header: "X-Slack-Signature", Algorithm: HMACSHA256, Encoding: EncodingHex, Prefix: "v0=", TimestampHeader: "X-Slack-Request-Timestamp",
		Tolerance: 5 * time.Minute, Signed: mustSigned("v0:{timestamp}:{body}"), EventPointer: "/type"},
	// https://www.twilio.com/docs/usage/webhooks/webhooks-security
	"twilio": {Header: "X-Twilio-Signature", Algorithm: HMACSHA1, Encoding: EncodingBase64, Signed: mustSigned("{url}{params}")},
}

var webhookKinds = map[string]bool{"timestamp": true, "id": true, "body": true, "url": true, "params": true}

// parseSigned reads a signed-content template such as
// "{timestamp}.{body}".
func parseSigned(t string) ([]WebhookPart, error) {
	var parts []WebhookPart
	for t != "" {
		open := strings.IndexByte(t, '{')
		if open < 0 {
			parts = append(parts, WebhookPart{Kind: "literal", Literal: t})
			break
		}
		if open > 0 {
			parts = append(parts, WebhookPart{Kind: "literal", Literal: t[:open]})
		}
		end := strings.IndexByte(t[open:], '}')
		if end < 0 {
			return nil, fmt.Errorf("an unclosed {")
		}
		name := t[open+1 : open+end]
		if !webhookKinds[name] {
			return nil, fmt.Errorf("{%s} is not a part (want {timestamp}, {id}, {body}, {url} or {params})", name)
		}
		parts = append(parts, WebhookPart{Kind: name})
		t = t[open+end+1:]
	}
	return parts, nil
}

func mustSigned(t string) []WebhookPart {
	p, err := parseSigned(t)
	if err != nil {
		panic(err) // the presets above are fixed
	}
	return p
}

func presetNames() []string {
	names := make([]string, 0, len(webhookPresets))
	for n := range webhookPresets {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// buildWebhooks reads x-authgen.webhooks: a preset, then each key the spec
// gives over it.
func (b *builder) buildWebhooks() {
	c := b.ext.Webhooks
	if c == nil {
		if len(b.doc.Webhooks) > 0 {
			b.warn(posOf(b.file, b.doc.Origin), "the document describes webhooks, but %s.webhooks does not say how they are signed; no verifier is generated", ExtensionKey)
		}
		return
	}
	at := func(key string) Position {
		if p, ok := c.fieldPos[key]; ok {
			return p
		}
		return c.pos
	}
	where := ExtensionKey + ".webhooks"
	w := Webhooks{Algorithm: HMACSHA256, Encoding: EncodingHex}
	if c.Preset != "" {
		preset, ok := webhookPresets[c.Preset]
		if !ok {
			msg := fmt.Sprintf("%s.preset: unknown preset %q (want one of %s)", where, c.Preset, strings.Join(presetNames(), ", "))
			if s := suggest(c.Preset, presetNames()); s != "" {
				msg += fmt.Sprintf("; did you mean %q?", s)
			}
			b.problem(at("preset"), "%s", msg)
			return
		}
		w = preset
	}
	set := func(v string, into *string) {
		if v != "" {
			*into = v
		}
	}
	set(c.Header, &w.Header)
	set(c.Prefix, &w.Prefix)
	set(c.Separator, &w.Separator)
	set(c.TimestampHeader, &w.TimestampHeader)
	set(c.IDHeader, &w.IDHeader)
	set(c.SecretPrefix, &w.SecretPrefix)
	set(c.SecretEnv, &w.SecretEnv)
	set(c.KeyedTimestamp, &w.TimestampKey)
	set(c.KeyedSignature, &w.SignatureKey)
	if c.EventHeader != "" {
		w.EventHeader, w.EventPointer = c.EventHeader, ""
	}
	if c.EventType != "" {
		w.EventPointer, w.EventHeader = c.EventType, ""
	}
	if c.Tolerance != nil {
		w.Tolerance = *c.Tolerance
	}
	w.MaxBody = c.MaxBody
	if c.Algorithm != "" {
		switch a := WebhookAlgorithm(c.Algorithm); a {
		case HMACSHA256, HMACSHA1, Ed25519:
			w.Algorithm = a
		default:
			b.problem(at("algorithm"), "%s.algorithm: unknown algorithm %q (want hmac-sha256, hmac-sha1 or ed25519)", where, c.Algorithm)
		}
	}
	if c.Encoding != "" {
		switch e := WebhookEncoding(c.Encoding); e {
		case EncodingHex, EncodingBase64:
			w.Encoding = e
		default:
			b.problem(at("encoding"), "%s.encoding: unknown encoding %q (want hex or base64)", where, c.Encoding)
		}
	}
	if c.Signed != "" {
		parts, err := parseSigned(c.Signed)
		if err != nil {
			b.problem(at("signed"), "%s.signed: %q: %v", where, c.Signed, err)
			return
		}
		w.Signed = parts
	}
	// What a scheme must say, whichever way it was put together.
	switch {
	case w.Header == "":
		b.problem(c.pos, "%s: name the signature header (header), or a preset (%s)", where, strings.Join(presetNames(), ", "))
		return
	case !validHeaderName(w.Header):
		b.problem(at("header"), "%s.header: %q is not a valid header name", where, w.Header)
		return
	case len(w.Signed) == 0:
		b.problem(c.pos, "%s: say what is signed (signed: \"{timestamp}.{body}\")", where)
		return
	case (w.TimestampKey == "") != (w.SignatureKey == ""):
		b.problem(at("keyed"), "%s.keyed: give both timestamp and signature keys", where)
		return
	}
	hasPart := func(kind string) bool {
		for _, p := range w.Signed {
			if p.Kind == kind {
				return true
			}
		}
		return false
	}
	if !hasPart("body") && !hasPart("params") {
		b.problem(at("signed"), "%s.signed: the signed content must cover the body ({body} or {params}); a signature over less lets any body through", where)
		return
	}
	timestamped := w.TimestampHeader != "" || w.TimestampKey != ""
	if (hasPart("timestamp") || w.Tolerance > 0) && !timestamped {
		b.problem(at("signed"), "%s: the timestamp comes from nowhere: name timestampHeader or keyed.timestamp", where)
		return
	}
	if timestamped && w.Tolerance == 0 {
		w.Tolerance = 5 * time.Minute // the replay window every documented scheme uses
	}
	if hasPart("id") && w.IDHeader == "" {
		b.problem(at("signed"), "%s.signed: {id} needs idHeader", where)
		return
	}
	if w.SecretEnv != "" && !envVarPattern.MatchString(w.SecretEnv) {
		b.problem(at("secretEnv"), "%s.secretEnv: %q is not an environment variable name", where, w.SecretEnv)
	}
	if w.EventPointer != "" && !strings.HasPrefix(w.EventPointer, "/") {
		b.problem(at("eventType"), "%s.eventType: %q is not a JSON pointer (want one like \"/type\")", where, w.EventPointer)
	}
	w.Events = b.webhookEvents(c)
	b.p.Webhooks = &w
}

// webhookEvents are the typed events: the document's own webhooks (3.1),
// by name, and x-authgen.webhooks.events.
func (b *builder) webhookEvents(c *webhooksConfig) []WebhookEvent {
	var out []WebhookEvent
	seen := map[string]bool{}
	add := func(pos Position, typ, name string, payload Type) {
		if seen[typ] {
			b.problem(pos, "%s.webhooks: event type %q is described twice", ExtensionKey, typ)
			return
		}
		seen[typ] = true
		goName := b.names.claim(GoName(name)+"Event", fmt.Sprintf("webhook %q", typ))
		out = append(out, WebhookEvent{Type: typ, GoName: goName, Payload: payload})
	}
	for _, name := range sortedKeys(b.doc.Webhooks) {
		item := b.doc.Webhooks[name]
		if item == nil || item.Post == nil || item.Post.RequestBody == nil || item.Post.RequestBody.Value == nil {
			continue
		}
		var schema *openapi3.SchemaRef
		for _, mt := range sortedKeys(item.Post.RequestBody.Value.Content) {
			if isJSON(mt) && item.Post.RequestBody.Value.Content[mt].Schema != nil {
				schema = item.Post.RequestBody.Value.Content[mt].Schema
				break
			}
		}
		if schema == nil {
			continue
		}
		add(posOf(b.file, item.Origin), name, name, b.bodyType(schema, GoName(name)+"Payload"))
	}
	for i, e := range c.Events {
		where := fmt.Sprintf("%s.webhooks.events[%d]", ExtensionKey, i)
		if e.Type == "" || e.Schema == "" {
			b.problem(e.pos, "%s: type and schema are required", where)
			continue
		}
		ref := e.Schema
		if !strings.HasPrefix(ref, "#/") {
			ref = "#/components/schemas/" + ref
		}
		name, _ := componentName(ref)
		var s *openapi3.SchemaRef
		if b.doc.Components != nil {
			s = b.doc.Components.Schemas[name]
		}
		if s == nil {
			b.problem(e.pos, "%s.schema: no schema %q in components.schemas", where, name)
			continue
		}
		goName := e.Name
		if goName == "" {
			goName = e.Type
		}
		add(e.pos, e.Type, goName, b.typeOf(&openapi3.SchemaRef{Ref: ref, Value: s.Value}, nil, GoName(goName)+"Payload"))
	}
	return out
}
