package spec

// The metadata concern: rate-limit, metering and request-id headers.

import (
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/authgen/authgen/internal/genid"
)

var headerNamePattern = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

func validHeaderName(s string) bool { return headerNamePattern.MatchString(s) }

// controlChar finds the first character of s that no header can carry: a
// C0 control other than tab, or DEL (RFC 9110's field-value). net/http
// refuses to send a request holding one, so a spec that fixes such a value
// would fail every call. It returns s's offending character quoted
// ("\x00"), and its byte offset.
func controlChar(s string) (quoted string, at int, found bool) {
	for i := 0; i < len(s); i++ {
		// A byte below 0x80 is never part of a longer UTF-8 character.
		if c := s[i]; (c < 0x20 && c != '\t') || c == 0x7f {
			return strconv.Quote(string(rune(c))), i, true
		}
	}
	return "", 0, false
}

// responseFieldNames are the fields and methods of Response and APIError,
// which embed Metering: a metering field must not meet one. They are read
// from the client shell's source.
var responseFieldNames = sync.OnceValue(func() map[string]bool {
	decls := shellDecls()
	names := map[string]bool{}
	for _, typ := range []string{"Response", genid.APIError} {
		for n := range decls.Fields[typ] {
			names[n] = true
		}
		for n := range decls.Methods[typ] {
			names[n] = true
		}
	}
	return names
})

func (b *builder) buildHeaders() {
	x := b.ext
	rl := x.RateLimit
	for _, h := range []struct {
		name, key string
		pos       Position
	}{{rl.Limit, "limit", rl.keyPos("limit")}, {rl.Remaining, "remaining", rl.keyPos("remaining")}, {rl.Bucket, "bucket", rl.keyPos("bucket")}} {
		if h.name != "" && !validHeaderName(h.name) {
			b.problem(h.pos, "%s.rateLimit.%s: %q is not a valid header name", ExtensionKey, h.key, h.name)
		}
	}
	b.p.RateLimit = RateLimitHeaders{Limit: rl.Limit, Remaining: rl.Remaining, Bucket: rl.Bucket}
	if rl.Bucket != "" && (rl.Limit != "" || rl.Remaining != "") {
		b.problem(rl.keyPos("bucket"), "%s.rateLimit.bucket: gives the limit and the remaining count itself; leave out rateLimit.limit and .remaining", ExtensionKey)
	}
	if reset, ok := b.timeHeader(rl.Reset, ExtensionKey+".rateLimit.reset", false); ok {
		b.p.RateLimit.Reset = reset
	}
	for _, s := range rl.Statuses {
		if s == http.StatusTooManyRequests {
			continue // always a rate limit
		}
		if rl.Remaining == "" && rl.Bucket == "" {
			b.problem(rl.keyPos("statuses"), "%s.rateLimit.statuses: a status is a rate limit only when the remaining budget is 0; name the header in %s.rateLimit.remaining (or .bucket)", ExtensionKey, ExtensionKey)
			break
		}
		b.p.RateLimit.Statuses = append(b.p.RateLimit.Statuses, s)
	}
	if s := rl.Steady; s != nil {
		switch {
		case s.Limit <= 0:
			b.problem(s.pos, "%s.rateLimit.steady.limit: want how many requests every per (1 or more)", ExtensionKey)
		case s.Per <= 0:
			b.problem(s.keyPos("per"), "%s.rateLimit.steady.per: want a window longer than 0 (1s, 1m)", ExtensionKey)
		case s.Per/time.Duration(s.Limit) < time.Millisecond:
			b.problem(s.keyPos("limit"), "%s.rateLimit.steady: %d requests every %v is more than one a millisecond; no vendor asks a client to keep that", ExtensionKey, s.Limit, s.Per)
		default:
			b.p.RateLimit.Steady = SteadyRate{Limit: s.Limit, Per: s.Per, Burst: s.Burst}
		}
	}
	if x.RequestID != "" && !validHeaderName(x.RequestID) {
		b.problem(x.keyPos("requestIdHeader"), "%s.requestIdHeader: %q is not a valid header name", ExtensionKey, x.RequestID)
	}
	b.p.RequestIDHeader = x.RequestID
	b.buildFixedHeaders()
	b.buildFixedQuery()
	seen := map[string]bool{}
	for i, m := range x.Metering {
		where := fmt.Sprintf("%s.metering[%d]", ExtensionKey, i)
		if m.Header == "" || !validHeaderName(m.Header) {
			b.problem(m.pos, "%s.header: %q is not a valid header name", where, m.Header)
			continue
		}
		name := m.Name
		if name == "" {
			name = GoName(strings.TrimPrefix(strings.TrimPrefix(m.Header, "X-"), "x-"))
		} else if GoName(name) != name {
			b.problem(m.pos, "%s.name: %q is not an exported Go name (try %q)", where, name, GoName(name))
			continue
		}
		if responseFieldNames()[name] || seen[name] {
			b.problem(m.pos, "%s: field name %s is already taken; set a different name", where, name)
			continue
		}
		seen[name] = true
		switch MeteringType(m.Type) {
		case MeterInteger, MeterNumber, MeterString, MeterBoolean:
		default:
			b.problem(m.pos, "%s.type: unknown type %q (want integer, number, string or boolean)", where, m.Type)
			continue
		}
		b.p.Metering = append(b.p.Metering, MeteringHeader{Header: m.Header, GoName: name, Type: MeteringType(m.Type), Description: docText(m.Description)})
	}
	sort.Slice(b.p.Metering, func(i, j int) bool { return b.p.Metering[i].GoName < b.p.Metering[j].GoName })
}

// buildFixedQuery reads x-authgen.query: query parameters sent on every
// request, which no method takes. A credential's parameter is refused, and
// an empty value (the issue: api-version= sent on every call).
func (b *builder) buildFixedQuery() {
	seen := map[string]bool{}
	for _, q := range b.ext.Query {
		where := ExtensionKey + ".query." + q.Name
		c, at, ctl := controlChar(q.Value)
		switch {
		case q.Name == "":
			b.problem(q.pos, "%s.query: a parameter needs a name", ExtensionKey)
		case seen[q.Name]:
			b.problem(q.pos, "%s: listed twice", where)
		case b.isQueryKey(q.Name):
			b.problem(q.pos, "%s: an apiKey scheme sends its key in %s; declare the key as a security scheme only", where, q.Name)
		case q.Value == "":
			b.problem(q.pos, "%s: empty value; an empty parameter is never sent, so leave it out", where)
		case ctl:
			b.problem(q.pos, "%s: the value holds the control character %s at byte %d", where, c, at)
		default:
			seen[q.Name] = true
			b.p.Query = append(b.p.Query, FixedQuery{Name: q.Name, Value: q.Value})
		}
	}
	sort.Slice(b.p.Query, func(i, j int) bool { return b.p.Query[i].Name < b.p.Query[j].Name })
}

// isQueryKey: an apiKey scheme sends its key in this query parameter.
func (b *builder) isQueryKey(name string) bool {
	for _, s := range b.p.Schemes {
		if k, ok := s.(*APIKeyScheme); ok && k.In == InQuery && k.ParamName == name {
			return true
		}
	}
	return false
}

// fixedQuery: the client sends this query parameter on every call.
func (b *builder) fixedQuery(name string) bool {
	for _, q := range b.p.Query {
		if q.Name == name {
			return true
		}
	}
	return false
}

// buildFixedHeaders reads x-authgen.headers: headers sent on every request.
// A credential header is refused: credentials belong to security schemes,
// which keep them to the API's origin and out of every log line.
func (b *builder) buildFixedHeaders() {
	seen := map[string]bool{}
	for _, h := range b.ext.Headers {
		where := ExtensionKey + ".headers." + h.Name
		key := http.CanonicalHeaderKey(h.Name)
		switch {
		case !validHeaderName(h.Name):
			b.problem(h.pos, "%s: %q is not a valid header name", where, h.Name)
			continue
		case seen[key]:
			b.problem(h.pos, "%s: header %s is listed twice", where, h.Name)
			continue
		case key == "Authorization" || b.isCredentialHeader(key):
			b.problem(h.pos, "%s: %s carries a credential; declare it as a security scheme, whose option keeps it to the API's origin and out of logs", where, h.Name)
			continue
		}
		if c, at, bad := controlChar(h.Value); bad {
			b.problem(h.pos, "%s: the value holds the control character %s at byte %d; net/http refuses to send it, so every request would fail", where, c, at)
			continue
		}
		if why := b.generatedHeader(key); why != "" {
			b.problem(h.pos, "%s: %s", where, why)
			continue
		}
		seen[key] = true
		b.p.Headers = append(b.p.Headers, FixedHeader{Name: h.Name, Value: h.Value})
	}
	sort.Slice(b.p.Headers, func(i, j int) bool { return b.p.Headers[i].Name < b.p.Headers[j].Name })
}

// generatedHeader says why a request header is not the spec's to fix, or
// "" when it is: the client sets it for each call, or net/http does. A
// fixed value would replace the client's on every call, or be dropped.
// Response headers (rate limits, request ids) are not among them: a
// request never carries them.
func (b *builder) generatedHeader(canonical string) string {
	const oneKey = "a fixed value would send one key on every call, and the API would answer each with the first call's result"
	switch {
	case canonical == http.CanonicalHeaderKey(b.p.Retry.IdempotencyHeader):
		return fmt.Sprintf("the client sends a fresh idempotency key in %s with each POST and PATCH (retry.idempotencyHeader); %s", canonical, oneKey)
	case canonical == "Idempotency-Key":
		return fmt.Sprintf("Idempotency-Key holds one call's idempotency key (WithIdempotencyKey), and makes the client retry a POST; %s", oneKey)
	}
	if scheme, option, ok := b.credentialTiedHeader(canonical); ok {
		return fmt.Sprintf("%s goes with security scheme %q's credential only (credentials.%s.headers, option %s); a fixed value would go on every call", canonical, scheme, scheme, option)
	}
	switch canonical {
	case "Content-Type":
		return "the client sets Content-Type from each operation's request body; a fixed value would replace it on every call"
	case "Accept":
		return "the client sets Accept from each operation's responses; a fixed value would replace it on every call"
	case "User-Agent":
		return "the client sets User-Agent (WithUserAgent); a fixed value would replace it on every call"
	case "Host", "Content-Length", "Transfer-Encoding", "Trailer":
		return fmt.Sprintf("net/http writes %s from the request itself and drops a value set as a header", canonical)
	}
	return ""
}

// credentialTiedHeader: a scheme sends this header with its credential
// (credentials.<scheme>.headers); it names the scheme and the option.
func (b *builder) credentialTiedHeader(canonical string) (scheme, option string, ok bool) {
	for _, s := range b.p.Schemes {
		c := s.Common()
		for _, h := range c.Headers {
			if http.CanonicalHeaderKey(h.Name) == canonical {
				return c.Name, h.Option, true
			}
		}
	}
	return "", "", false
}

// isCredentialHeader: an apiKey scheme sends its key in this header.
func (b *builder) isCredentialHeader(canonical string) bool {
	for _, s := range b.p.Schemes {
		if k, ok := s.(*APIKeyScheme); ok && k.In == InHeader && http.CanonicalHeaderKey(k.ParamName) == canonical {
			return true
		}
	}
	return false
}
