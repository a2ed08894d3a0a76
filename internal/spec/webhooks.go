package spec

// The webhooks concern: how a provider signs the webhooks it sends
// (x-authgen.webhooks, with presets for the common schemes), and the typed
// events (OpenAPI 3.1 webhooks, or x-authgen.webhooks.events).

import (
	"fmt"
	"math"
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
	at := c.keyPos
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
	set(c.Keyed.Timestamp, &w.TimestampKey)
	set(c.Keyed.Signature, &w.SignatureKey)
	if c.EventHeader != "" {
		w.EventHeader, w.EventPointer = c.EventHeader, ""
	}
	if c.EventType != "" {
		w.EventPointer, w.EventHeader = c.EventType, ""
	}
	if c.Tolerance != nil {
		if !b.checkTolerance(*c.Tolerance, at("tolerance"), where) {
			return
		}
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
	if !b.checkWebhookHeaders(w, at, where) {
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
	if timestamped && !hasPart("timestamp") {
		b.unsignedTimestamp(c, w, at, where)
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

// The replay window a spec may set. Every vendor that documents one uses
// five minutes (Stripe, Standard Webhooks and so Svix, Slack); a day leaves
// room for a sender that queues deliveries, and no more: a longer window
// lets a captured webhook be replayed for as long, and past 292 years the
// duration overflows into no check at all. Timestamps count whole seconds,
// so a window under one refuses webhooks delivered at once.
const (
	minWebhookTolerance = time.Second
	maxWebhookTolerance = 24 * time.Hour
)

// checkTolerance refuses a tolerance that is no replay window.
func (b *builder) checkTolerance(t time.Duration, pos Position, where string) bool {
	switch {
	case t < 0 || t == math.MaxInt64:
		// Only an overflow gives these: the decoder refuses a sign, and
		// a number of seconds past time.Duration converts to the least
		// value on amd64 and saturates on arm64.
		b.problem(pos, "%s.tolerance: too long to be a duration (it would overflow into no replay check); the longest replay window allowed is %s, and vendors use 5m", where, maxWebhookTolerance)
	case t > maxWebhookTolerance:
		b.problem(pos, "%s.tolerance: %s is longer than %s, the longest replay window allowed (vendors use 5m)", where, t, maxWebhookTolerance)
	case t > 0 && t < minWebhookTolerance:
		b.problem(pos, "%s.tolerance: %s is shorter than %s; timestamps count whole seconds, so a webhook delivered at once would be refused", where, t, minWebhookTolerance)
	default:
		return true
	}
	return false
}

// checkWebhookHeaders refuses header names and header text a webhook can
// never arrive with: a sender's request holding a control character is
// refused by net/http's server, so every webhook would fail.
func (b *builder) checkWebhookHeaders(w Webhooks, at func(string) Position, where string) bool {
	ok := true
	for _, h := range []struct{ key, name string }{{"timestampHeader", w.TimestampHeader}, {"idHeader", w.IDHeader}, {"eventHeader", w.EventHeader}} {
		if h.name != "" && !validHeaderName(h.name) {
			b.problem(at(h.key), "%s.%s: %q is not a valid header name", where, h.key, h.name)
			ok = false
		}
	}
	for _, t := range []struct{ key, text string }{{"prefix", w.Prefix}, {"separator", w.Separator}, {"keyed", w.TimestampKey}, {"keyed", w.SignatureKey}} {
		if c, i, bad := controlChar(t.text); bad {
			b.problem(at(t.key), "%s.%s: holds the control character %s at byte %d; no header can carry it, so every webhook would be refused", where, t.key, c, i)
			ok = false
		}
	}
	return ok
}

// unsignedTimestamp refuses a replay window checked on a timestamp the
// signature does not cover: a captured webhook replays with a fresh
// timestamp, while the generated doc says replays are refused.
func (b *builder) unsignedTimestamp(c *webhooksConfig, w Webhooks, at func(string) Position, where string) {
	source, key, fix := "timestampHeader "+w.TimestampHeader, "timestampHeader", "put {timestamp} in signed, or leave out timestampHeader for no replay check"
	if w.TimestampKey != "" {
		source, key, fix = fmt.Sprintf("keyed.timestamp %q", w.TimestampKey), "keyed", "put {timestamp} in signed"
	}
	pos := at(key)
	if c.Signed != "" {
		pos = at("signed")
	}
	b.problem(pos, "%s.signed: the signed content does not cover the timestamp (%s) the replay window is checked on, so a captured webhook replays with a fresh one; %s", where, source, fix)
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
