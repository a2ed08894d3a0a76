package spec

// The metadata concern: rate-limit, metering and request-id headers.

import (
	"fmt"
	"net/http"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/authgen/authgen/internal/genid"
)

var headerNamePattern = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

func validHeaderName(s string) bool { return headerNamePattern.MatchString(s) }

// responseFieldNames are the fields and methods of Response and APIError,
// which embed Metering: a metering field must not meet one. They are read
// from the runtime's source.
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
	}{{rl.Limit, "limit", rl.LimitPos}, {rl.Remaining, "remaining", rl.RemainingPos}, {rl.Bucket, "bucket", rl.BucketPos}} {
		if h.name != "" && !validHeaderName(h.name) {
			b.problem(h.pos, "%s.rateLimit.%s: %q is not a valid header name", ExtensionKey, h.key, h.name)
		}
	}
	b.p.RateLimit = RateLimitHeaders{Limit: rl.Limit, Remaining: rl.Remaining, Bucket: rl.Bucket}
	if rl.Bucket != "" && (rl.Limit != "" || rl.Remaining != "") {
		b.problem(rl.BucketPos, "%s.rateLimit.bucket: gives the limit and the remaining count itself; leave out rateLimit.limit and .remaining", ExtensionKey)
	}
	if reset, ok := b.timeHeader(rl.Reset, ExtensionKey+".rateLimit.reset", false); ok {
		b.p.RateLimit.Reset = reset
	}
	for _, s := range rl.Statuses {
		if s == http.StatusTooManyRequests {
			continue // always a rate limit
		}
		if rl.Remaining == "" && rl.Bucket == "" {
			b.problem(rl.StatusesPos, "%s.rateLimit.statuses: a status is a rate limit only when the remaining budget is 0; name the header in %s.rateLimit.remaining (or .bucket)", ExtensionKey, ExtensionKey)
			break
		}
		b.p.RateLimit.Statuses = append(b.p.RateLimit.Statuses, s)
	}
	if x.RequestID != "" && !validHeaderName(x.RequestID) {
		b.problem(x.RequestIDPos, "%s.requestIdHeader: %q is not a valid header name", ExtensionKey, x.RequestID)
	}
	b.p.RequestIDHeader = x.RequestID
	b.buildFixedHeaders()
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
		case MeterInteger, MeterNumber, MeterString:
		default:
			b.problem(m.pos, "%s.type: unknown type %q (want integer, number or string)", where, m.Type)
			continue
		}
		b.p.Metering = append(b.p.Metering, MeteringHeader{Header: m.Header, GoName: name, Type: MeteringType(m.Type), Description: docText(m.Description)})
	}
	sort.Slice(b.p.Metering, func(i, j int) bool { return b.p.Metering[i].GoName < b.p.Metering[j].GoName })
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
		case strings.ContainsAny(h.Value, "\r\n"):
			b.problem(h.pos, "%s: a header value cannot hold a line break", where)
			continue
		}
		seen[key] = true
		b.p.Headers = append(b.p.Headers, FixedHeader{Name: h.Name, Value: h.Value})
	}
	sort.Slice(b.p.Headers, func(i, j int) bool { return b.p.Headers[i].Name < b.p.Headers[j].Name })
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
