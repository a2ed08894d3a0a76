package spec

import (
	"fmt"
	"go/token"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/authgen/authgen/internal/genid"
)

// builder turns a validated document and its x-authgen block into a
// Provider, reporting every problem it meets instead of stopping at the
// first.
type builder struct {
	file   string
	doc    *openapi3.T
	ext    *extension
	r      *reporter
	p      *Provider
	names  *registry // every package-level name of the client
	models *modelSet
	// unsupported are security schemes left out, by name, with the reason.
	unsupported map[string]string
	// globalUsable is false when the global security needs only left-out
	// schemes.
	globalUsable bool
}

func newBuilder(file string, doc *openapi3.T, ext *extension, r *reporter) *builder {
	return &builder{file: file, doc: doc, ext: ext, r: r, p: &Provider{SourceFile: file}, names: newRegistry(), models: newModelSet(), unsupported: map[string]string{}}
}

func (b *builder) problem(pos Position, format string, args ...any) {
	b.r.problems = append(b.r.problems, Problem{Pos: pos, Message: fmt.Sprintf(format, args...)})
}

func (b *builder) warn(pos Position, format string, args ...any) {
	b.r.problems = append(b.r.problems, Problem{Pos: pos, Message: fmt.Sprintf(format, args...), Warning: true})
}

func (b *builder) build() *Provider {
	p := b.p
	if b.doc.Info != nil {
		p.Title, p.Description = b.doc.Info.Title, b.doc.Info.Description
	}
	// The order is the name registry's rule (names.go): the names the
	// contract fixes are taken before any model claims one.
	b.buildPackage()
	b.buildEnvironments()
	b.buildSchemes()
	b.buildCredentials()
	p.Security, b.globalUsable = b.requirements(b.doc.Security, fieldPos(b.file, b.doc.Origin, "security"), "security")
	b.buildErrors()
	b.buildRetry()
	b.buildHeaders()
	b.buildComponentModels()
	b.buildOperations()
	p.Models = b.models.sorted()
	b.finishModels()
	return p
}

// status sentinel names every client declares; a code whose Go name equals
// one reuses it.
var statusSentinels = map[string]int{
	"ErrBadRequest": 400, "ErrUnauthorized": 401, "ErrPaymentRequired": 402,
	"ErrForbidden": 403, "ErrNotFound": 404, "ErrConflict": 409,
	"ErrUnprocessableEntity": 422, "ErrRateLimited": 429, "ErrServer": 500,
}

func (b *builder) buildPackage() {
	x := b.ext
	name, pos := x.Package, x.PackagePos
	if name == "" {
		title := ""
		if b.doc.Info != nil {
			title = b.doc.Info.Title
		}
		name = PackageName(title)
		pos = Position{File: b.file, Line: 1, Column: 1}
		if name == "" {
			b.problem(pos, "no package name: set %s.package (info.title %q gives no Go identifier)", ExtensionKey, title)
			return
		}
	}
	if !token.IsIdentifier(name) || token.IsKeyword(name) || strings.ToLower(name) != name || name == "main" {
		b.problem(pos, "%s.package: %q is not a usable Go package name (want lower-case letters and digits)", ExtensionKey, name)
		return
	}
	b.p.Package = name
}

// buildEnvironments names the servers: from x-authgen environments when
// given, else from the servers' descriptions.
func (b *builder) buildEnvironments() {
	servers := b.doc.Servers
	firstURL := ""
	if len(servers) > 0 {
		firstURL = serverURL(servers[0])
	}
	seen := map[string]Position{}
	add := func(pos Position, name, rawURL, desc string) {
		goName := "Environment" + GoName(name)
		if goName == "Environment" {
			b.problem(pos, "environment %q gives no Go name", name)
			return
		}
		if prev, dup := seen[goName]; dup {
			b.problem(pos, "environment %q has the same Go name %s as the one at %s", name, goName, prev)
			return
		}
		if holder, ok := b.names.take(goName, fmt.Sprintf("environment %q", name)); !ok {
			b.problem(pos, "environment %q gives the constant %s, which %s already declares; rename the environment", name, goName, holder)
			return
		}
		seen[goName] = pos
		b.p.Environments = append(b.p.Environments, Environment{Name: name, GoName: goName, URL: absoluteURL(rawURL), Description: desc})
	}
	if len(b.ext.Environments) > 0 {
		for i, e := range b.ext.Environments {
			where := fmt.Sprintf("%s.environments[%d]", ExtensionKey, i)
			if e.Name == "" {
				b.problem(e.pos, "%s: name is required", where)
				continue
			}
			u := e.URL
			if u == "" {
				u = firstURL
			}
			if u != "" {
				if err := checkServerURL(u); err != nil {
					b.problem(e.pos, "%s.url: %v", where, err)
					continue
				}
			}
			add(e.pos, e.Name, u, e.Description)
		}
	} else {
		for i, s := range servers {
			name := strings.TrimSpace(s.Description)
			switch {
			case name == "" && len(servers) == 1:
				name = "default"
			case name == "":
				name = serverHostName(serverURL(s), seen)
				if name == "" {
					name = fmt.Sprintf("server%d", i+1)
				}
			}
			add(posOf(b.file, s.Origin), name, serverURL(s), s.Description)
		}
	}
	if len(b.p.Environments) == 0 {
		// No server at all: the client needs WithBaseURL.
		b.p.Environments = []Environment{{Name: "default", GoName: "EnvironmentDefault"}}
	}
	if v := b.ext.EnvironmentEnvVar; v != "" && !envVarPattern.MatchString(v) {
		b.problem(b.ext.pos, "%s.environmentEnv: %q is not an environment variable name", ExtensionKey, v)
	}
	b.p.EnvironmentEnvVar = b.ext.EnvironmentEnvVar
}

// serverHostName names an undescribed server by its host ("sandbox.acme.com"),
// or "" when that gives no Go name or one already taken.
func serverHostName(raw string, taken map[string]Position) string {
	u, err := url.Parse(raw)
	if err != nil || u.Hostname() == "" {
		return ""
	}
	name := u.Hostname()
	if _, dup := taken["Environment"+GoName(name)]; dup || GoName(name) == "" {
		return ""
	}
	return name
}

// serverURL expands a server's variables with their defaults.
func serverURL(s *openapi3.Server) string {
	u := s.URL
	names := make([]string, 0, len(s.Variables))
	for k := range s.Variables {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, k := range names {
		u = strings.ReplaceAll(u, "{"+k+"}", s.Variables[k].Default)
	}
	return u
}

// absoluteURL is a server URL without its trailing slash. A relative server
// ("/v1") is kept as it is: the client then asks for WithBaseURL and can say
// why.
func absoluteURL(raw string) string {
	if _, err := url.Parse(raw); err != nil {
		return ""
	}
	return strings.TrimSuffix(raw, "/")
}

func checkServerURL(raw string) error {
	u, err := url.Parse(raw)
	if err != nil {
		return err
	}
	if u.Host == "" || (u.Scheme != "https" && u.Scheme != "http") {
		return fmt.Errorf("%q is not an absolute http(s) URL", raw)
	}
	return nil
}

var envVarPattern = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func (b *builder) buildSchemes() {
	if b.doc.Components == nil {
		return
	}
	names := sortedKeys(b.doc.Components.SecuritySchemes)
	for _, name := range names {
		ref := b.doc.Components.SecuritySchemes[name]
		if ref == nil || ref.Value == nil {
			continue
		}
		s := ref.Value
		pos := posOf(b.file, s.Origin)
		common := SchemeCommon{Name: name, GoName: GoName(name), Description: s.Description}
		if common.GoName == "" {
			b.problem(pos, "security scheme %q gives no Go name", name)
			continue
		}
		var scheme AuthScheme
		switch strings.ToLower(s.Type) {
		case "http":
			switch strings.ToLower(s.Scheme) {
			case "bearer":
				scheme = &BearerScheme{SchemeCommon: common, BearerFormat: s.BearerFormat}
			case "basic":
				scheme = &BasicScheme{SchemeCommon: common}
			default:
				b.unsupportedScheme(pos, name, fmt.Sprintf("http scheme %q is not supported (authgen supports bearer and basic)", s.Scheme))
				continue
			}
		case "apikey":
			in := KeyLocation(s.In)
			if in != InHeader && in != InQuery && in != InCookie {
				b.unsupportedScheme(pos, name, fmt.Sprintf("apiKey in %q is not supported (want header, query or cookie)", s.In))
				continue
			}
			if s.Name == "" {
				b.problem(pos, "security scheme %q: apiKey needs a name", name)
				continue
			}
			scheme = &APIKeyScheme{SchemeCommon: common, In: in, ParamName: s.Name}
		case "oauth2":
			scheme = b.oauth2Scheme(common, s, pos)
		case "openidconnect":
			scheme = &OpenIDConnectScheme{SchemeCommon: common, DiscoveryURL: s.OpenIdConnectUrl}
		default:
			b.unsupportedScheme(pos, name, fmt.Sprintf("type %q is not supported (authgen supports http bearer/basic, apiKey, oauth2 and openIdConnect)", s.Type))
			continue
		}
		if scheme == nil {
			continue
		}
		c := scheme.Common()
		c.Options = schemeOptions(scheme)
		for _, opt := range c.Options {
			holder, ok := b.names.take(opt.GoName, fmt.Sprintf("security scheme %q", name))
			switch {
			case ok:
				continue
			case holder == "the client runtime":
				b.problem(pos, "security scheme %q: its option %s would collide with the client's own %s; rename the scheme", name, opt.GoName, opt.GoName)
			case strings.HasPrefix(holder, "security scheme "):
				b.problem(pos, "security schemes %s and %q both give the option %s; rename one", strings.TrimPrefix(holder, "security scheme "), name, opt.GoName)
			default:
				b.problem(pos, "security scheme %q: its option %s meets %s; rename the scheme", name, opt.GoName, holder)
			}
			break
		}
		b.p.Schemes = append(b.p.Schemes, scheme)
	}
}

// schemeOptions are the options the generated client offers for a scheme,
// the one that runs the scheme's flow (or takes its key) first.
func schemeOptions(s AuthScheme) []SchemeOption {
	base := "With" + s.Common().GoName
	secret := []SchemeOption{{base, OptionSecret}, {base + "Func", OptionSecretFunc}}
	switch x := s.(type) {
	case *BasicScheme:
		return []SchemeOption{{base, OptionBasic}}
	case *OAuth2Scheme:
		switch {
		case x.ClientCredentials != nil && x.Password != nil:
			// With+S is always there (client-contract.md); it runs the
			// flow that needs no user.
			return []SchemeOption{{base, OptionClientCredentials}, {base + "Password", OptionPasswordFlow}, {base + "TokenFunc", OptionSecretFunc}}
		case x.ClientCredentials != nil:
			return []SchemeOption{{base, OptionClientCredentials}, {base + "TokenFunc", OptionSecretFunc}}
		case x.Password != nil:
			return []SchemeOption{{base, OptionPasswordFlow}, {base + "TokenFunc", OptionSecretFunc}}
		}
	}
	return secret
}

// unsupportedScheme leaves a scheme out with a warning; requirements that
// need it are dropped, and operations left with none are skipped.
func (b *builder) unsupportedScheme(pos Position, name, reason string) {
	b.warn(pos, "security scheme %q is left out: %s", name, reason)
	b.unsupported[name] = reason
}

func (b *builder) oauth2Scheme(common SchemeCommon, s *openapi3.SecurityScheme, pos Position) AuthScheme {
	o := &OAuth2Scheme{SchemeCommon: common}
	if s.Flows == nil {
		b.problem(pos, "security scheme %q: oauth2 without flows", common.Name)
		return nil
	}
	flow := func(f *openapi3.OAuthFlow, kind string) *OAuth2Flow {
		if f == nil {
			return nil
		}
		if f.TokenURL == "" {
			b.problem(pos, "security scheme %q: %s flow has no tokenUrl", common.Name, kind)
			return nil
		}
		return &OAuth2Flow{TokenURL: f.TokenURL, Scopes: sortedKeys(f.Scopes)}
	}
	o.ClientCredentials = flow(s.Flows.ClientCredentials, "clientCredentials")
	o.Password = flow(s.Flows.Password, "password")
	o.CallerToken = s.Flows.AuthorizationCode != nil || s.Flows.Implicit != nil
	return o
}

func (b *builder) scheme(name string) AuthScheme {
	for _, s := range b.p.Schemes {
		if s.Common().Name == name {
			return s
		}
	}
	return nil
}

func (b *builder) schemeNames() string {
	names := make([]string, len(b.p.Schemes))
	for i, s := range b.p.Schemes {
		names[i] = s.Common().Name
	}
	if len(names) == 0 {
		return "none is defined in components.securitySchemes"
	}
	return "defined: " + strings.Join(names, ", ")
}

// buildCredentials applies x-authgen credentials: env vars and key formats.
func (b *builder) buildCredentials() {
	envByName := map[string]*Environment{}
	var envList []string
	for i := range b.p.Environments {
		e := &b.p.Environments[i]
		envByName[e.Name] = e
		envList = append(envList, e.Name)
	}
	for _, c := range b.ext.Credentials {
		where := ExtensionKey + ".credentials." + c.Scheme
		s := b.scheme(c.Scheme)
		if s == nil {
			b.problem(c.pos, "%s: no security scheme %q (%s)", where, c.Scheme, b.schemeNames())
			continue
		}
		common := s.Common()
		if c.EnvVar != "" && !envVarPattern.MatchString(c.EnvVar) {
			b.problem(c.pos, "%s.env: %q is not an environment variable name", where, c.EnvVar)
		}
		common.EnvVar = c.EnvVar
		if c.UserEnv != "" {
			basic, ok := s.(*BasicScheme)
			if !ok {
				b.problem(c.pos, "%s.userEnv: only http basic schemes have a user name", where)
			} else {
				basic.UserEnvVar = c.UserEnv
			}
		}
		for i, f := range c.Formats {
			fw := fmt.Sprintf("%s.keyFormats[%d]", where, i)
			if f.Prefix == "" && f.Pattern == "" {
				b.problem(f.pos, "%s: give a prefix or a pattern", fw)
				continue
			}
			if f.Pattern != "" {
				if _, err := regexp.Compile(f.Pattern); err != nil {
					b.problem(f.pos, "%s.pattern: %v", fw, err)
					continue
				}
			}
			env := envByName[f.Environment]
			if f.Environment != "" && env == nil {
				b.problem(f.pos, "%s.environment: no environment %q (defined: %s)", fw, f.Environment, strings.Join(envList, ", "))
				continue
			}
			common.KeyFormats = append(common.KeyFormats, KeyFormat{Prefix: f.Prefix, Pattern: f.Pattern, Environment: env})
		}
		if len(common.KeyFormats) > 0 {
			switch s.(type) {
			case *BearerScheme, *APIKeyScheme:
			default:
				b.problem(c.pos, "%s.keyFormats: only apiKey and bearer schemes have key formats", where)
			}
		}
	}
}

// requirements resolves a security list, checking every scheme it names.
// Alternatives that need a left-out scheme are dropped; ok is false when a
// non-empty list loses them all, so nothing the client can send satisfies
// it.
func (b *builder) requirements(list openapi3.SecurityRequirements, pos Position, where string) (reqs []Requirement, ok bool) {
	out := []Requirement{}
	for _, req := range list {
		var r Requirement
		usable := true
		for _, name := range sortedKeys(req) {
			if _, left := b.unsupported[name]; left {
				usable = false
				continue
			}
			scheme := b.scheme(name)
			if scheme == nil {
				b.problem(pos, "%s: security scheme %q is not defined (%s)", where, name, b.schemeNames())
				continue
			}
			scopes := append([]string(nil), req[name]...)
			sort.Strings(scopes)
			r.Schemes = append(r.Schemes, SchemeUse{Scheme: scheme, Scopes: scopes})
		}
		if usable {
			out = append(out, r)
		}
	}
	return out, len(list) == 0 || len(out) > 0
}

func (b *builder) buildErrors() {
	e := b.ext.Errors
	for _, ptr := range []struct {
		value, key string
		pos        Position
	}{{e.Code, "code", e.CodePos}, {e.Message, "message", e.MessagePos}, {e.Details, "details", e.DetailsPos}} {
		if ptr.value != "" && !strings.HasPrefix(ptr.value, "/") {
			b.problem(ptr.pos, "%s.errors.envelope.%s: %q is not a JSON pointer (want one like \"/error/%s\")", ExtensionKey, ptr.key, ptr.value, ptr.key)
		}
	}
	b.p.Errors = ErrorModel{CodePointer: e.Code, MessagePointer: e.Message, DetailsPointer: e.Details}
	b.checkEnvelopePointers()
	seen := map[string]codeConfig{}
	for i, c := range e.Codes {
		where := fmt.Sprintf("%s.errors.codes[%d]", ExtensionKey, i)
		if c.Code == "" {
			b.problem(c.pos, "%s: code is required", where)
			continue
		}
		goName := "Err" + GoName(c.Code)
		if goName == "Err" {
			b.problem(c.pos, "%s: code %q gives no Go name", where, c.Code)
			continue
		}
		if prev, dup := seen[goName]; dup {
			b.problem(c.pos, "%s: code %q gives the sentinel %s, as does %q at line %d; Go names must differ", where, c.Code, goName, prev.Code, prev.pos.Line)
			continue
		}
		_, isStatus := statusSentinels[goName]
		if !isStatus {
			if holder, ok := b.names.take(goName, fmt.Sprintf("error code %q", c.Code)); !ok {
				if holder == "the client runtime" {
					holder = "the client"
				}
				b.problem(c.pos, "%s: code %q gives %s, which %s already declares", where, c.Code, goName, holder)
				continue
			}
		}
		seen[goName] = c
		b.p.Errors.Codes = append(b.p.Errors.Codes, ErrorCode{
			Code: c.Code, GoName: goName, Status: c.Status, Description: c.Description, StatusSentinel: isStatus,
		})
	}
	sort.Slice(b.p.Errors.Codes, func(i, j int) bool { return b.p.Errors.Codes[i].Code < b.p.Errors.Codes[j].Code })

	if d := b.ext.SuccessData; d != "" {
		if !strings.HasPrefix(d, "/") {
			b.problem(b.ext.SuccessPos, "%s.success.data: %q is not a JSON pointer (want one like \"/data\")", ExtensionKey, d)
		}
		b.p.SuccessData = d
	}
}

// The defaults of client-contract.md, when the spec sets none.
const (
	defaultMaxRetries = 3
	defaultBaseDelay  = 500 * time.Millisecond
	defaultMaxDelay   = 30 * time.Second
	defaultMaxWait    = 60 * time.Second
)

func (b *builder) buildRetry() {
	x := b.ext.Retry
	p := RetryPolicy{MaxRetries: defaultMaxRetries, BaseDelay: defaultBaseDelay, MaxDelay: defaultMaxDelay, MaxWait: defaultMaxWait}
	if x.MaxRetries != nil {
		p.MaxRetries = *x.MaxRetries
	}
	if x.BaseDelay > 0 {
		p.BaseDelay = x.BaseDelay
	}
	if x.MaxDelay > 0 {
		p.MaxDelay = x.MaxDelay
	}
	if x.MaxWait > 0 {
		p.MaxWait = x.MaxWait
	}
	if p.BaseDelay > p.MaxDelay {
		b.problem(b.ext.pos, "%s.retry: baseDelay %s is longer than maxDelay %s", ExtensionKey, p.BaseDelay, p.MaxDelay)
	}
	b.p.Retry = p
	seen := map[string]bool{}
	for i, h := range x.DelayHeaders {
		th, ok := b.timeHeader(h, fmt.Sprintf("%s.retry.delayHeaders[%d]", ExtensionKey, i), true)
		if !ok {
			continue
		}
		key := http.CanonicalHeaderKey(th.Name)
		if seen[key] {
			b.problem(h.pos, "%s.retry.delayHeaders[%d]: header %s is listed twice", ExtensionKey, i, th.Name)
			continue
		}
		seen[key] = true
		b.p.DelayHeaders = append(b.p.DelayHeaders, th)
	}
}

var timeFormats = []string{string(Seconds), string(Milliseconds), string(UnixEpoch), string(HTTPDate)}

func (b *builder) timeHeader(h headerConfig, where string, required bool) (TimeHeader, bool) {
	if h.Name == "" {
		if required || h.Format != "" {
			b.problem(h.pos, "%s: name is required", where)
		}
		return TimeHeader{}, false
	}
	if !validHeaderName(h.Name) {
		b.problem(h.pos, "%s.name: %q is not a valid header name", where, h.Name)
		return TimeHeader{}, false
	}
	switch TimeFormat(h.Format) {
	case Seconds, Milliseconds, UnixEpoch, HTTPDate:
	case "":
		b.problem(h.pos, "%s: format is required (one of %s)", where, strings.Join(timeFormats, ", "))
		return TimeHeader{}, false
	default:
		msg := fmt.Sprintf("%s.format: unknown format %q (want one of %s)", where, h.Format, strings.Join(timeFormats, ", "))
		if s := suggest(h.Format, timeFormats); s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		}
		b.problem(h.pos, "%s", msg)
		return TimeHeader{}, false
	}
	return TimeHeader{Name: h.Name, Format: TimeFormat(h.Format)}, true
}

var headerNamePattern = regexp.MustCompile("^[!#$%&'*+.^_`|~0-9A-Za-z-]+$")

func validHeaderName(s string) bool { return headerNamePattern.MatchString(s) }

// responseFieldNames are the fields and methods of Response and APIError,
// which embed Metering: a metering field must not meet one. They are read
// from the runtime's source.
var responseFieldNames = sync.OnceValue(func() map[string]bool {
	decls := runtimeDecls()
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
	}{{rl.Limit, "limit", rl.LimitPos}, {rl.Remaining, "remaining", rl.RemainingPos}} {
		if h.name != "" && !validHeaderName(h.name) {
			b.problem(h.pos, "%s.rateLimit.%s: %q is not a valid header name", ExtensionKey, h.key, h.name)
		}
	}
	b.p.RateLimit = RateLimitHeaders{Limit: rl.Limit, Remaining: rl.Remaining}
	if reset, ok := b.timeHeader(rl.Reset, ExtensionKey+".rateLimit.reset", false); ok {
		b.p.RateLimit.Reset = reset
	}
	if x.RequestID != "" && !validHeaderName(x.RequestID) {
		b.problem(x.RequestIDPos, "%s.requestIdHeader: %q is not a valid header name", ExtensionKey, x.RequestID)
	}
	b.p.RequestIDHeader = x.RequestID
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
		b.p.Metering = append(b.p.Metering, MeteringHeader{Header: m.Header, GoName: name, Type: MeteringType(m.Type), Description: m.Description})
	}
	sort.Slice(b.p.Metering, func(i, j int) bool { return b.p.Metering[i].GoName < b.p.Metering[j].GoName })
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
