package spec

// The auth concern: security schemes, the options that give them
// credentials, and security requirements.

import (
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

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
		// What is unsupported is a value: point at its line.
		typePos, schemePos, inPos := fieldPos(b.file, s.Origin, "type"), fieldPos(b.file, s.Origin, "scheme"), fieldPos(b.file, s.Origin, "in")
		common := SchemeCommon{Name: name, GoName: GoName(name), Description: docText(s.Description)}
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
				// RFC 7235 allows any token as the word: the credential
				// is a key sent as "Authorization: <Word> <key>".
				if challengeSchemes[strings.ToLower(s.Scheme)] {
					b.unsupportedScheme(schemePos, name, fmt.Sprintf("http scheme %q answers a server's challenge; authgen sends fixed credentials only (bearer, basic, or any other word followed by a key)", s.Scheme))
					continue
				}
				if !validHeaderName(s.Scheme) {
					b.unsupportedScheme(schemePos, name, fmt.Sprintf("http scheme %q is not an RFC 7235 scheme word (letters, digits and !#$%%&'*+-.^_`|~)", s.Scheme))
					continue
				}
				scheme = &APIKeyScheme{SchemeCommon: common, In: InHeader, ParamName: "Authorization", HTTPWord: s.Scheme, ValuePrefix: s.Scheme + " "}
			}
		case "apikey":
			in := KeyLocation(s.In)
			if in != InHeader && in != InQuery && in != InCookie {
				b.unsupportedScheme(inPos, name, fmt.Sprintf("apiKey in %q is not supported (want header, query or cookie)", s.In))
				continue
			}
			if s.Name == "" {
				b.problem(pos, "security scheme %q: apiKey needs a name", name)
				continue
			}
			if in != InQuery && !validHeaderName(s.Name) {
				// A query name is escaped; a header or cookie name
				// cannot be, and net/http refuses (or rewrites) it.
				b.problem(fieldPos(b.file, s.Origin, "name"), "security scheme %q: %q is not a valid %s name", name, s.Name, in)
				continue
			}
			scheme = &APIKeyScheme{SchemeCommon: common, In: in, ParamName: s.Name}
		case "oauth2":
			scheme = b.oauth2Scheme(common, s, pos)
		case "openidconnect":
			scheme = &OpenIDConnectScheme{SchemeCommon: common, DiscoveryURL: s.OpenIdConnectUrl}
		default:
			b.unsupportedScheme(typePos, name, fmt.Sprintf("type %q is not supported (authgen supports http bearer/basic, apiKey, oauth2 and openIdConnect)", s.Type))
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
			case holder == clientShellOwner:
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

// challengeSchemes are the registered HTTP schemes (RFC 7235's IANA
// registry, and NTLM) whose credential is computed from the server's
// challenge, so a fixed key after the word is no credential at all.
var challengeSchemes = map[string]bool{
	"digest": true, "hoba": true, "mutual": true, "negotiate": true,
	"ntlm": true, "scram-sha-1": true, "scram-sha-256": true,
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
		if _, left := b.unsupported[c.Scheme]; left {
			continue // the scheme's own warning says it is left out
		}
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
		switch x := s.(type) {
		case *OAuth2Scheme:
			if c.EnvVar != "" && (x.ClientCredentials != nil || x.Password != nil) {
				b.problem(c.pos, "%s.env: NewFromEnv cannot run an OAuth 2.0 flow from one variable (it needs a client ID and secret); give them with %s", where, x.Options[0].GoName)
			}
		case *BasicScheme:
			if c.EnvVar != "" && c.UserEnv == "" && strings.Contains(c.Username, "{") {
				b.problem(c.keyPos("env"), "%s: env names the key's variable, but username %q wants a user name from the caller; add userEnv for it, or make username a fixed name", where, c.Username)
			}
		}
		if c.UserEnv != "" {
			basic, ok := s.(*BasicScheme)
			if !ok {
				b.problem(c.pos, "%s.userEnv: only http basic schemes have a user name", where)
			} else {
				basic.UserEnvVar = c.UserEnv
			}
		}
		b.buildUserShape(s, c, where)
		if basic, ok := s.(*BasicScheme); ok {
			b.keyOnlyBasic(basic, c, where)
		}
		b.buildValueFormat(s, c, where)
		b.buildPlacements(s, c, where)
		b.buildTokenRequest(s, c, where)
		b.buildCredentialHeaders(common, c, where)
		for i, f := range c.Formats {
			fw := fmt.Sprintf("%s.keyFormats[%d]", where, i)
			if f.Prefix == "" && f.Pattern == "" {
				b.problem(f.pos, "%s: give a prefix or a pattern", fw)
				continue
			}
			if ch, at, bad := controlChar(f.Prefix); bad && !isQueryKey(s) {
				b.problem(f.pos, "%s.prefix: holds the control character %s at byte %d; a key that starts with it cannot be sent in a header", fw, ch, at)
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
				b.problem(b.seek(pos, name), "%s: security scheme %q is not defined (%s)", where, name, b.schemeNames())
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

// buildUserShape reads credentials.<scheme>.username, the shape of the user
// name basic auth sends ("{email}/token"), and userPathParam, the path
// parameter that defaults to the user name (Twilio's AccountSid).
func (b *builder) buildUserShape(s AuthScheme, c credentialConfig, where string) {
	if c.Username == "" && c.UserPathParam == "" {
		return
	}
	basic, ok := s.(*BasicScheme)
	if !ok {
		pos := c.keyPos("username")
		if c.Username == "" {
			pos = c.keyPos("userPathParam")
		}
		b.problem(pos, "%s: username and userPathParam are for http basic schemes; %q is not one", where, c.Scheme)
		return
	}
	if c.Username != "" {
		open, close := strings.Index(c.Username, "{"), strings.Index(c.Username, "}")
		ch, at, ctl := controlChar(c.Username)
		switch {
		case strings.Contains(c.Username, ":"):
			b.problem(c.keyPos("username"), "%s.username: %q: a basic-auth user name cannot hold \":\"", where, c.Username)
		case ctl:
			b.problem(c.keyPos("username"), "%s.username: holds the control character %s at byte %d; no server takes such a user name, so every request would be refused", where, ch, at)
		case !strings.ContainsAny(c.Username, "{}"):
			// A fixed user name: only the key matters (keyOnlyBasic).
			basic.UserPrefix = c.Username
		case open < 0 || close < open+2 || strings.Count(c.Username, "{") != 1 || strings.Count(c.Username, "}") != 1:
			b.problem(c.keyPos("username"), "%s.username: %q: want a fixed user name (\"api\"), or its shape with one {placeholder} for what the caller gives, such as \"{email}/token\"", where, c.Username)
		default:
			basic.UserPrefix, basic.UserSuffix = c.Username[:open], c.Username[close+1:]
		}
	}
	if c.UserPathParam != "" {
		basic.UserPathParam = c.UserPathParam
		b.userPathParamPos[c.Scheme] = c.keyPos("userPathParam")
	}
}

// keyOnlyBasic makes a basic scheme take only a key when its user name is
// fixed (username without a placeholder) or ignored (env without userEnv,
// sent empty): With<S>(key) and With<S>Func, as for a bearer token.
func (b *builder) keyOnlyBasic(basic *BasicScheme, c credentialConfig, where string) {
	fixed := c.Username != "" && !strings.ContainsAny(c.Username, "{}")
	if !fixed && (c.EnvVar == "" || c.UserEnv != "" || c.Username != "") {
		return
	}
	if c.UserEnv != "" {
		b.problem(c.keyPos("userEnv"), "%s.userEnv: the user name is fixed (username %q); leave userEnv out", where, c.Username)
		return
	}
	if c.UserPathParam != "" {
		b.problem(c.keyPos("userPathParam"), "%s.userPathParam: the caller gives no user name here (only the key), so none can fill the path parameter", where)
		return
	}
	basic.KeyOnly = true
	opts := schemeOptions(&BearerScheme{SchemeCommon: basic.SchemeCommon})
	if holder, ok := b.names.take(opts[1].GoName, fmt.Sprintf("security scheme %q", c.Scheme)); !ok {
		b.problem(c.pos, "%s: its option %s meets %s; rename the scheme", where, opts[1].GoName, holder)
		return
	}
	basic.Options = opts
}

// buildValueFormat reads credentials.<scheme>.format, the header value a
// key is sent as ("Token token={key}"): one {placeholder} for the key.
func (b *builder) buildValueFormat(s AuthScheme, c credentialConfig, where string) {
	if c.Format == "" {
		return
	}
	pos := c.keyPos("format")
	k, ok := s.(*APIKeyScheme)
	if !ok || k.In != InHeader {
		b.problem(pos, "%s.format: only a key sent in a header (apiKey in: header, or http with a scheme word other than bearer and basic) has a format; %q is not one", where, c.Scheme)
		return
	}
	open, close := strings.Index(c.Format, "{"), strings.Index(c.Format, "}")
	ch, at, ctl := controlChar(c.Format)
	switch {
	case open < 0 || close < open+2 || strings.Count(c.Format, "{") != 1 || strings.Count(c.Format, "}") != 1:
		b.problem(pos, "%s.format: %q: want the header value with one {placeholder} for the key, such as \"Token token={key}\"", where, c.Format)
	case ctl:
		b.problem(pos, "%s.format: holds the control character %s at byte %d; a header value cannot", where, ch, at)
	default:
		k.ValuePrefix, k.ValueSuffix = c.Format[:open], c.Format[close+1:]
	}
}

// buildCredentialHeaders reads credentials.<scheme>.headers: optional
// headers sent with the credential, each with an option.
func (b *builder) buildCredentialHeaders(common *SchemeCommon, c credentialConfig, where string) {
	for i, h := range c.Headers {
		hw := fmt.Sprintf("%s.headers[%d]", where, i)
		if !validHeaderName(h.Name) {
			b.problem(h.pos, "%s.name: %q is not a valid header name", hw, h.Name)
			continue
		}
		if h.EnvVar != "" && !envVarPattern.MatchString(h.EnvVar) {
			b.problem(h.pos, "%s.env: %q is not an environment variable name", hw, h.EnvVar)
			continue
		}
		if key := http.CanonicalHeaderKey(h.Name); key == "Authorization" || b.isCredentialHeader(key) {
			b.problem(h.pos, "%s.name: %s carries credentials; it is set by the scheme itself", hw, h.Name)
			continue
		}
		option := "With" + GoName(h.Name)
		if holder, ok := b.names.take(option, fmt.Sprintf("the header %s of security scheme %q", h.Name, c.Scheme)); !ok {
			b.problem(h.pos, "%s: its option %s meets %s", hw, option, holder)
			continue
		}
		common.Headers = append(common.Headers, CredentialHeader{Name: h.Name, Option: option, EnvVar: h.EnvVar})
	}
}

// buildTokenRequest reads credentials.<scheme>.tokenRequest: an OAuth
// 2.0 token request that puts the client's secret in the form, or sends
// more members than RFC 6749 names (Box's box_subject_type).
func (b *builder) buildTokenRequest(s AuthScheme, c credentialConfig, where string) {
	tr := c.TokenRequest
	if tr == nil {
		return
	}
	o, ok := s.(*OAuth2Scheme)
	if !ok || (o.ClientCredentials == nil && o.Password == nil) {
		b.problem(c.keyPos("tokenRequest"), "%s.tokenRequest: %q has no token request to shape; it is for an oauth2 scheme with a clientCredentials or password flow", where, c.Scheme)
		return
	}
	switch tr.ClientAuth {
	case "", "basic":
	case "body":
		o.ClientSecretInBody = true
	default:
		b.problem(tr.keyPos("clientAuth"), "%s.tokenRequest.clientAuth: %q is not a place for the client's secret (want basic, OpenID's client_secret_basic, or body, its client_secret_post)", where, tr.ClientAuth)
	}
	seen := map[string]bool{}
	for i, p := range tr.Params {
		pw := fmt.Sprintf("%s.tokenRequest.params[%d]", where, i)
		switch {
		case p.Name == "":
			b.problem(p.pos, "%s: give name, the form member", pw)
			continue
		case p.Value != "" && p.Option != "":
			b.problem(p.pos, "%s: give value (fixed) or option (the caller's), not both", pw)
			continue
		case p.Value == "" && p.Option == "":
			b.problem(p.pos, "%s: give value (fixed) or option (the option the caller sets it with)", pw)
			continue
		case p.Option != "" && !tokenParamOption.MatchString(p.Option):
			b.problem(p.keyPos("option"), "%s.option: %q is not an option name (With and an exported Go name: WithSubjectID)", pw, p.Option)
			continue
		case tokenRequestOwnMembers[p.Name]:
			b.problem(p.keyPos("name"), "%s.name: %s is a member the client sends itself", pw, p.Name)
			continue
		case seen[p.Name]:
			b.problem(p.keyPos("name"), "%s.name: %s is listed twice", pw, p.Name)
			continue
		}
		seen[p.Name] = true
		if p.Option != "" {
			if holder, ok := b.names.take(p.Option, fmt.Sprintf("the token request member %s of security scheme %q", p.Name, c.Scheme)); !ok {
				b.problem(p.keyPos("option"), "%s.option: %s meets %s", pw, p.Option, holder)
				continue
			}
		}
		o.TokenParams = append(o.TokenParams, TokenParam{Name: p.Name, Value: p.Value, Option: p.Option})
	}
	slices.SortFunc(o.TokenParams, func(a, b TokenParam) int { return strings.Compare(a.Name, b.Name) })
}

var tokenParamOption = regexp.MustCompile(`^With[A-Z][A-Za-z0-9]*$`)

// tokenRequestOwnMembers are the form members a token request of the
// client's own carries.
var tokenRequestOwnMembers = map[string]bool{
	"grant_type": true, "scope": true, "username": true, "password": true,
	"client_id": true, "client_secret": true,
}

// isQueryKey: the scheme sends its key in the URL's query, escaped.
func isQueryKey(s AuthScheme) bool {
	k, ok := s.(*APIKeyScheme)
	return ok && k.In == InQuery
}

// placementIns are the places a credential placement may name.
var placementIns = []string{string(PlaceHeader), string(PlaceQuery), string(PlaceCookie), string(PlaceBody)}

// buildPlacements reads credentials.<scheme>.placements: where a
// credential of one value goes instead of where its scheme puts it, each
// place with a name and the value's template.
func (b *builder) buildPlacements(s AuthScheme, c credentialConfig, where string) {
	if len(c.Placements) == 0 {
		return
	}
	if _, basic := s.(*BasicScheme); basic {
		b.problem(c.keyPos("placements"), "%s.placements: %q is an http basic scheme, whose credential is a user name and a password sent together; placements are for a credential of one value (apiKey, bearer, another http scheme word, oauth2, openIdConnect)", where, c.Scheme)
		return
	}
	if c.Format != "" {
		b.problem(c.keyPos("format"), "%s.format: with placements, the credential goes only where they say; give the template as a placement's value instead", where)
		return
	}
	common := s.Common()
	seen := map[string]bool{}
	for i, pc := range c.Placements {
		pw := fmt.Sprintf("%s.placements[%d]", where, i)
		in := PlacementIn(pc.In)
		if !slices.Contains(placementIns, pc.In) {
			msg := fmt.Sprintf("%s.in: unknown place %q (want one of %s)", pw, pc.In, strings.Join(placementIns, ", "))
			if sg := suggest(pc.In, placementIns); sg != "" {
				msg += fmt.Sprintf("; did you mean %q?", sg)
			}
			if pc.In == "" {
				msg = fmt.Sprintf("%s: give in, where the credential goes (%s)", pw, strings.Join(placementIns, ", "))
			}
			b.problem(pc.keyPos("in"), "%s", msg)
			continue
		}
		switch {
		case pc.Name == "":
			b.problem(pc.pos, "%s: give name, the %s the credential goes in", pw, pc.In)
			continue
		case (in == PlaceHeader || in == PlaceCookie) && !validHeaderName(pc.Name):
			b.problem(pc.keyPos("name"), "%s.name: %q is not a valid %s name", pw, pc.Name, pc.In)
			continue
		case seen[pc.In+" "+pc.Name]:
			b.problem(pc.keyPos("name"), "%s.name: the %s %q is named twice", pw, pc.In, pc.Name)
			continue
		}
		seen[pc.In+" "+pc.Name] = true
		p := CredentialPlacement{In: in, Name: pc.Name}
		if pc.Value != "" {
			open, close := strings.Index(pc.Value, "{"), strings.Index(pc.Value, "}")
			ch, at, ctl := controlChar(pc.Value)
			switch {
			case open < 0 || close < open+2 || strings.Count(pc.Value, "{") != 1 || strings.Count(pc.Value, "}") != 1:
				b.problem(pc.keyPos("value"), "%s.value: %q: want the value sent with one {placeholder} for the credential, such as \"Key {key}\"", pw, pc.Value)
				continue
			case ctl && in != PlaceQuery && in != PlaceBody:
				b.problem(pc.keyPos("value"), "%s.value: holds the control character %s at byte %d; a %s value cannot", pw, ch, at, pc.In)
				continue
			}
			p.ValuePrefix, p.ValueSuffix = pc.Value[:open], pc.Value[close+1:]
		}
		common.Placements = append(common.Placements, p)
	}
}

// buildDerivedServerVariables reads serverVariables.<v>.fromCredential and
// transform, once the schemes are built: the value a key gives when
// nothing sets the variable.
func (b *builder) buildDerivedServerVariables() {
	for _, c := range b.ext.ServerVariables {
		if c.FromCredential == "" && c.Transform == "" {
			continue
		}
		where := ExtensionKey + ".serverVariables." + c.Name
		var v *ServerVariable
		for i := range b.p.ServerVariables {
			if b.p.ServerVariables[i].Name == c.Name {
				v = &b.p.ServerVariables[i]
			}
		}
		switch {
		case v == nil:
			continue // buildServerVariables said why
		case c.FromCredential == "":
			b.problem(c.keyPos("transform"), "%s.transform: give fromCredential too, the security scheme whose key the value is taken from", where)
			continue
		case c.Transform == "":
			b.problem(c.keyPos("fromCredential"), "%s.fromCredential: give transform too, how the key gives the value (%s)", where, transformHint)
			continue
		}
		if _, left := b.unsupported[c.FromCredential]; left {
			continue // the scheme's own warning says it is left out
		}
		s := b.scheme(c.FromCredential)
		if s == nil {
			b.problem(c.keyPos("fromCredential"), "%s.fromCredential: no security scheme %q (%s)", where, c.FromCredential, b.schemeNames())
			continue
		}
		if o, ok := s.(*OAuth2Scheme); ok && (o.ClientCredentials != nil || o.Password != nil) {
			b.problem(c.keyPos("fromCredential"), "%s.fromCredential: %q runs an OAuth 2.0 flow, whose token is fetched after New; the value must come from a key the caller gives", where, c.FromCredential)
			continue
		}
		t, err := parseTransform(c.Transform)
		if err != nil {
			b.problem(c.keyPos("transform"), "%s.transform: %q: %v", where, c.Transform, err)
			continue
		}
		v.FromCredential, v.Transform = s, t
	}
}

const transformHint = "after-last:<sep>, after-first:<sep>, before-first:<sep>, before-last:<sep>, or regexp:<expression with one group>"

// parseTransform reads a transform as the spec writes it: "after-last:-",
// "regexp:^[a-z]+_([a-z0-9]+)_".
func parseTransform(text string) (*ValueTransform, error) {
	kind, arg, ok := strings.Cut(text, ":")
	t := &ValueTransform{Kind: TransformKind(kind), Arg: arg}
	switch t.Kind {
	case TransformAfterLast, TransformAfterFirst, TransformBeforeFirst, TransformBeforeLast:
		if !ok || arg == "" {
			return nil, fmt.Errorf("give the separator after %q, such as %s:-", kind+":", kind)
		}
	case TransformRegexp:
		re, err := regexp.Compile(arg)
		switch {
		case !ok || arg == "":
			return nil, errors.New("give the regular expression after \"regexp:\"")
		case err != nil:
			return nil, err
		case re.NumSubexp() != 1:
			return nil, fmt.Errorf("the expression has %d groups; want one, the part the value is", re.NumSubexp())
		}
	default:
		msg := fmt.Sprintf("unknown transform %q (want %s)", kind, transformHint)
		if sg := suggest(kind, []string{"after-last", "after-first", "before-first", "before-last", "regexp"}); sg != "" {
			msg += fmt.Sprintf("; did you mean %q?", sg)
		}
		return nil, errors.New(msg)
	}
	return t, nil
}

// checkBodyPlacements: an operation that may send a credential in its
// body has a body that can carry it, a JSON object or a form. A POST, PUT
// or PATCH without a body sends an object of the credentials alone; a GET,
// HEAD, DELETE or OPTIONS has no body to carry them.
func (b *builder) checkBodyPlacements() {
	for i := range b.p.Operations {
		op := &b.p.Operations[i]
		members := bodyPlacementsOf(op.Security)
		if len(members) == 0 {
			continue
		}
		pos := b.opPos[op.ID]
		what := fmt.Sprintf("operation %s (%s %s) may send a credential in its body (%s)", op.ID, op.Method, op.Path, strings.Join(members, ", "))
		switch {
		case op.Body == nil:
			switch op.Method {
			case "POST", "PUT", "PATCH":
			default:
				b.problem(pos, "%s, but a %s has no body; send the credential elsewhere for it (its own security), or give it a JSON object requestBody", what, op.Method)
			}
		case op.Body.Encoding != EncodingJSON && op.Body.Encoding != EncodingForm:
			b.problem(pos, "%s, but its body is %s, not a JSON object or a form", what, op.Body.ContentType)
		case !objectType(op.Body.Type):
			b.problem(pos, "%s, but its body is not a JSON object", what)
		}
	}
}

// bodyPlacementsOf are the body members any alternative of a security
// list may send, sorted.
func bodyPlacementsOf(reqs []Requirement) []string {
	var names []string
	for _, r := range reqs {
		for _, u := range r.Schemes {
			for _, n := range u.Scheme.Common().BodyPlacements() {
				if !slices.Contains(names, n) {
					names = append(names, n)
				}
			}
		}
	}
	slices.Sort(names)
	return names
}

// objectType: a value of t is a JSON object (or may be: any).
func objectType(t Type) bool {
	switch x := t.(type) {
	case *Map:
		return true
	case *Named:
		switch m := x.Model.(type) {
		case *StructModel:
			return true
		case *AliasModel:
			return objectType(m.Underlying)
		case *UnionModel:
			return true // its variants may be objects; the client checks the value
		}
		return false
	case Primitive:
		return x == RawJSON
	}
	return t == Any
}

// dropBodyCredentialMembers leaves the members a credential goes in out of
// the body model of every operation that sends them: the client fills
// them, from the credential, and the caller never sees a field for them.
func (b *builder) dropBodyCredentialMembers() {
	for _, op := range b.p.Operations {
		members := bodyPlacementsOf(op.Security)
		if len(members) == 0 || op.Body == nil {
			continue
		}
		named, ok := op.Body.Type.(*Named)
		if !ok {
			continue
		}
		m, ok := named.Model.(*StructModel)
		if !ok {
			continue
		}
		m.Fields = slices.DeleteFunc(m.Fields, func(f Field) bool { return slices.Contains(members, f.Name) })
	}
}
