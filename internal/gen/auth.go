package gen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/authgen/authgen/internal/genid"
	"github.com/authgen/authgen/internal/spec"
)

// genAuth emits the security schemes, the global requirement and one
// option per way of giving each scheme its credential:
//
//	var securitySchemes = []schemeSpec{{name: "apiKey", kind: schemeBearer, ...}}
//	var globalSecurity = []securityRequirement{{"apiKey"}}
//
//	// WithAPIKey sets ...
//	func WithAPIKey(key string) Option { return withStaticSecret("apiKey", key) }
func genAuth(p *spec.Provider, f *jen.File) {
	f.Comment("securitySchemes are the spec's components.securitySchemes.")
	f.Var().Id(genid.SecuritySchemesVar).Op("=").Index().Qual(genid.RuntimePath, genid.SchemeSpec).ValuesFunc(func(g *jen.Group) {
		for _, s := range p.Schemes {
			g.Add(schemeSpecValue(s))
		}
	})
	f.Line()
	f.Comment("globalSecurity is the spec's top-level security: the alternatives, each a set of schemes")
	f.Comment("applied together. Operations without their own security use it, and so does Client.Do.")
	f.Var().Id(genid.GlobalSecurityVar).Op("=").Add(requirementsValue(p.Security))
	for _, s := range p.Schemes {
		f.Line()
		genSchemeOptions(f, s)
	}
}

// requirementsValue renders a requirement list; an empty one (public) is
// an empty, non-nil slice.
func requirementsValue(reqs []spec.Requirement) *jen.Statement {
	return jen.Index().Qual(genid.RuntimePath, genid.SecurityRequirement).ValuesFunc(func(g *jen.Group) {
		for _, r := range reqs {
			g.ValuesFunc(func(g *jen.Group) {
				for _, u := range r.Schemes {
					g.Lit(u.Scheme.Common().Name)
				}
			})
		}
	})
}

func schemeKindIdent(s spec.AuthScheme) string {
	switch x := s.(type) {
	case *spec.BearerScheme:
		return genid.SchemeBearer
	case *spec.APIKeyScheme:
		switch x.In {
		case spec.InQuery:
			return genid.SchemeQueryKey
		case spec.InCookie:
			return genid.SchemeCookieKey
		}
		return genid.SchemeHeaderKey
	case *spec.BasicScheme:
		return genid.SchemeBasic
	case *spec.OAuth2Scheme:
		return genid.SchemeOAuth2
	}
	// *spec.OpenIDConnectScheme, the last of the closed set: the caller
	// supplies the token.
	return genid.SchemeOpenIDConnect
}

func schemeSpecValue(s spec.AuthScheme) jen.Code {
	c := s.Common()
	return jen.Values(jen.DictFunc(func(d jen.Dict) {
		d[jen.Id(genid.SchemeName)] = jen.Lit(c.Name)
		d[jen.Id(genid.SchemeKind)] = jen.Qual(genid.RuntimePath, schemeKindIdent(s))
		d[jen.Id(genid.SchemeOption)] = jen.Lit(c.Options[0].GoName)
		if k, ok := s.(*spec.APIKeyScheme); ok {
			d[jen.Id(genid.SchemeParamName)] = jen.Lit(k.ParamName)
			if k.ValuePrefix != "" {
				d[jen.Id(genid.SchemeValuePrefix)] = jen.Lit(k.ValuePrefix)
			}
			if k.ValueSuffix != "" {
				d[jen.Id(genid.SchemeValueSuffix)] = jen.Lit(k.ValueSuffix)
			}
		}
		if c.EnvVar != "" {
			d[jen.Id(genid.SchemeEnvVar)] = jen.Lit(c.EnvVar)
		}
		if b, ok := s.(*spec.BasicScheme); ok {
			if b.UserEnvVar != "" {
				d[jen.Id(genid.SchemeEnvVarUser)] = jen.Lit(b.UserEnvVar)
			}
			if b.UserPrefix != "" {
				d[jen.Id(genid.SchemeUserPrefix)] = jen.Lit(b.UserPrefix)
			}
			if b.UserSuffix != "" {
				d[jen.Id(genid.SchemeUserSuffix)] = jen.Lit(b.UserSuffix)
			}
		}
		if len(c.Headers) > 0 {
			d[jen.Id(genid.SchemeHeaders)] = jen.Index().Qual(genid.RuntimePath, genid.CredentialHeaderSpec).ValuesFunc(func(g *jen.Group) {
				for _, h := range c.Headers {
					g.Values(jen.DictFunc(func(d jen.Dict) {
						d[jen.Id(genid.CredentialHeaderName)] = headerName(h.Name)
						if h.EnvVar != "" {
							d[jen.Id(genid.CredentialHeaderEnvVar)] = jen.Lit(h.EnvVar)
						}
					}))
				}
			})
		}
		if len(c.Placements) > 0 {
			d[jen.Id(genid.SchemePlacements)] = placementsValue(c.Placements)
		}
		if len(c.KeyFormats) > 0 {
			d[jen.Id(genid.SchemeKeyFormats)] = jen.Index().Qual(genid.RuntimePath, genid.KeyFormat).ValuesFunc(func(g *jen.Group) {
				for _, kf := range c.KeyFormats {
					g.Add(keyFormatValue(kf))
				}
			})
		}
	}))
}

// placementsValue renders a scheme's credential placements, for the
// client's scheme and the fake's alike.
func placementsValue(ps []spec.CredentialPlacement) jen.Code {
	return jen.Index().Qual(genid.RuntimePath, genid.CredentialPlacement).ValuesFunc(func(g *jen.Group) {
		for _, p := range ps {
			g.Values(jen.DictFunc(func(d jen.Dict) {
				d[jen.Id(genid.PlacementIn)] = jen.Qual(genid.RuntimePath, placeIdent[p.In])
				d[jen.Id(genid.PlacementName)] = jen.Lit(p.Name)
				if p.ValuePrefix != "" {
					d[jen.Id(genid.PlacementValuePrefix)] = jen.Lit(p.ValuePrefix)
				}
				if p.ValueSuffix != "" {
					d[jen.Id(genid.PlacementValueSuffix)] = jen.Lit(p.ValueSuffix)
				}
			}))
		}
	})
}

var placeIdent = map[spec.PlacementIn]string{
	spec.PlaceHeader: genid.PlaceHeader,
	spec.PlaceQuery:  genid.PlaceQuery,
	spec.PlaceCookie: genid.PlaceCookie,
	spec.PlaceBody:   genid.PlaceBody,
}

// placementsText says where placements send a credential: `the body
// member "client_id", and the header "X-Sig" as "s=<key>"`.
func placementsText(ps []spec.CredentialPlacement) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		what := fmt.Sprintf("the %s %q", p.In, p.Name)
		if p.In == spec.PlaceBody {
			what = fmt.Sprintf("the body member %q", p.Name)
		}
		if p.ValuePrefix != "" || p.ValueSuffix != "" {
			what += fmt.Sprintf(" as %q", p.ValuePrefix+"<key>"+p.ValueSuffix)
		}
		parts[i] = what
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " and " + parts[len(parts)-1]
}

func keyFormatValue(kf spec.KeyFormat) jen.Code {
	return jen.Values(jen.DictFunc(func(d jen.Dict) {
		if kf.Prefix != "" {
			d[jen.Id(genid.KeyFormatPrefix)] = jen.Lit(kf.Prefix)
		}
		if kf.Pattern != "" {
			d[jen.Id(genid.KeyFormatPattern)] = jen.Qual(pkgRegexp, "MustCompile").Call(jen.Lit(kf.Pattern))
		}
		if kf.Environment != nil {
			d[jen.Id(genid.KeyFormatEnvironment)] = jen.Id(kf.Environment.GoName)
		}
		d[jen.Id(genid.KeyFormatDescription)] = jen.Lit(keyFormatText(kf))
	}))
}

func keyFormatText(kf spec.KeyFormat) string {
	switch {
	case kf.Prefix != "" && kf.Pattern != "":
		return fmt.Sprintf("a key starting with %q and matching %s", kf.Prefix, kf.Pattern)
	case kf.Prefix != "":
		return fmt.Sprintf("a key starting with %q", kf.Prefix)
	}
	return "a key matching " + kf.Pattern
}

// schemeDoc is the explanation shared by a scheme's options.
func schemeDoc(s spec.AuthScheme) []string {
	c := s.Common()
	var how string
	switch x := s.(type) {
	case *spec.BearerScheme:
		how = "sent as \"Authorization: Bearer <token>\""
	case *spec.APIKeyScheme:
		switch x.In {
		case spec.InQuery:
			how = fmt.Sprintf("sent as the query parameter %q (redacted from every error and log line)", x.ParamName)
		case spec.InCookie:
			how = fmt.Sprintf("sent as the cookie %q", x.ParamName)
		case spec.InHeader:
			how = fmt.Sprintf("sent in the header %q", x.ParamName)
			if x.ValuePrefix != "" || x.ValueSuffix != "" {
				how = fmt.Sprintf("sent as \"%s: %s<key>%s\" (the key and the whole value redacted from every error and log line)", x.ParamName, x.ValuePrefix, x.ValueSuffix)
			}
		}
	case *spec.BasicScheme:
		how = "HTTP basic authentication"
		switch {
		case x.KeyOnly && x.UserPrefix != "":
			how += fmt.Sprintf(" with the fixed user name %q and the key as the password", x.UserPrefix)
		case x.KeyOnly:
			how += " with an empty user name and the key as the password"
		case x.UserPrefix != "" || x.UserSuffix != "":
			how += fmt.Sprintf("; the user name sent is %q + username + %q", x.UserPrefix, x.UserSuffix)
		}
		if x.UserPathParam != "" {
			how += fmt.Sprintf("; an empty {%s} path argument takes the user name", x.UserPathParam)
		}
	case *spec.OAuth2Scheme:
		how = "OAuth 2.0; the access token is sent as \"Authorization: Bearer <token>\""
	case *spec.OpenIDConnectScheme:
		how = "OpenID Connect; the token is sent as \"Authorization: Bearer <token>\""
	}
	if len(c.Placements) > 0 {
		how = "sent as " + placementsText(c.Placements) + " (redacted from every error and log line)"
		if len(c.BodyPlacements()) > 0 {
			how += "; the client adds the body members to every request body, a JSON object or a form"
		}
	}
	lines := []string{fmt.Sprintf("Security scheme %q: %s.", c.Name, how)}
	if d := strings.TrimSpace(c.Description); d != "" {
		lines = append(lines, "", d)
	}
	var notes []string
	if c.EnvVar != "" {
		notes = append(notes, "NewFromEnv reads it from "+c.EnvVar+".")
	}
	if len(c.KeyFormats) > 0 {
		var forms []string
		for _, kf := range c.KeyFormats {
			t := keyFormatText(kf)
			if kf.Environment != nil {
				t += " (" + kf.Environment.Name + ")"
			}
			forms = append(forms, t)
		}
		notes = append(notes, "New refuses a key that is not "+strings.Join(forms, " or ")+
			"; the key's format selects the environment unless WithEnvironment says otherwise.")
	}
	if len(notes) > 0 {
		lines = append(lines, "", strings.Join(notes, " "))
	}
	return lines
}

func ctxFunc() *jen.Statement {
	return jen.Func().Params(jen.Qual(pkgContext, "Context")).Params(jen.String(), jen.Error())
}

// genSchemeOptions emits the options of one scheme, one per entry of its
// option list:
//
//	func WithAPIKey(key string) Option { return withStaticSecret("apiKey", key) }
//	func WithAPIKeyFunc(fn func(context.Context) (string, error)) Option { ... }
func genSchemeOptions(f *jen.File, s spec.AuthScheme) {
	c := s.Common()
	explain := schemeDoc(s)
	option := func(name, what string, params []jen.Code, body jen.Code) {
		f.Add(doc(append([]string{name + " " + what, ""}, explain...)...))
		f.Func().Id(name).Params(params...).Id(genid.Option).Block(jen.Return(body))
	}
	arg := "token"
	if _, isKey := s.(*spec.APIKeyScheme); isKey {
		arg = "key"
	}
	if b, ok := s.(*spec.BasicScheme); ok && b.KeyOnly {
		arg = "key"
	}
	oauth, _ := s.(*spec.OAuth2Scheme)
	for _, opt := range c.Options {
		switch opt.Kind {
		case spec.OptionSecret:
			option(opt.GoName, fmt.Sprintf("sets the credential of the security scheme %q.", c.Name),
				[]jen.Code{jen.Id(arg).String()},
				jen.Id(genid.WithStaticSecret).Call(jen.Lit(c.Name), jen.Id(arg)))
		case spec.OptionSecretFunc:
			option(opt.GoName, fmt.Sprintf("sets the credential of the security scheme %q", c.Name)+
				" to what fn returns, called for every request: for keys that rotate or live in a secret manager.",
				[]jen.Code{jen.Id("fn").Add(ctxFunc())},
				jen.Id(genid.WithSecretFunc).Call(jen.Lit(c.Name), jen.Id("fn")))
		case spec.OptionBasic:
			option(opt.GoName, fmt.Sprintf("sets the user name and password of the security scheme %q.", c.Name),
				[]jen.Code{jen.List(jen.Id("username"), jen.Id("password")).String()},
				jen.Id(genid.WithBasic).Call(jen.Lit(c.Name), jen.Id("username"), jen.Id("password")))
		case spec.OptionClientCredentials:
			genOAuthFlowOption(option, opt.GoName, c.Name, "client_credentials", oauth, oauth.ClientCredentials)
		case spec.OptionPasswordFlow:
			genOAuthFlowOption(option, opt.GoName, c.Name, "password", oauth, oauth.Password)
		}
	}
	if oauth != nil {
		for _, p := range oauth.TokenParams {
			if p.Option == "" {
				continue
			}
			f.Add(doc(fmt.Sprintf("%s sets %s in the token requests of the security scheme %q's OAuth 2.0 flow; left unset, it is not sent.", p.Option, p.Name, c.Name)))
			f.Func().Id(p.Option).Params(jen.Id("value").String()).Id(genid.Option).Block(
				jen.Return(jen.Id(genid.Option).Call(jen.Qual(genid.RuntimePath, genid.WithTokenParam).Call(jen.Lit(p.Name), jen.Id("value")))))
		}
	}
	for _, h := range c.Headers {
		lines := []string{
			fmt.Sprintf("%s sets the %s header, sent with the credential of the security scheme %q and only with it.", h.Option, h.Name, c.Name),
		}
		if h.EnvVar != "" {
			lines = append(lines, "", "NewFromEnv reads it from "+h.EnvVar+" unless this option is given.")
		}
		f.Add(doc(lines...))
		f.Func().Id(h.Option).Params(jen.Id("value").String()).Id(genid.Option).Block(
			jen.Return(jen.Id(genid.WithCredentialHeader).Call(jen.Lit(h.Name), jen.Id("value"))))
	}
}

func genOAuthFlowOption(option func(string, string, []jen.Code, jen.Code), name, scheme, grant string, oauth *spec.OAuth2Scheme, flow *spec.OAuth2Flow) {
	specFields := jen.Dict{
		jen.Id(genid.OAuthFlowSpecGrantType): jen.Lit(grant),
		jen.Id(genid.OAuthFlowSpecTokenURL):  jen.Lit(flow.TokenURL),
	}
	if oauth.ClientSecretInBody {
		specFields[jen.Id(genid.OAuthFlowSpecClientSecretInBody)] = jen.True()
	}
	if len(oauth.TokenParams) > 0 {
		specFields[jen.Id(genid.OAuthFlowSpecParams)] = jen.Index().Qual(genid.RuntimePath, genid.TokenParam).ValuesFunc(func(g *jen.Group) {
			for _, p := range oauth.TokenParams {
				g.Values(jen.DictFunc(func(d jen.Dict) {
					d[jen.Id(genid.TokenParamName)] = jen.Lit(p.Name)
					if p.Value != "" {
						d[jen.Id(genid.TokenParamValue)] = jen.Lit(p.Value)
					}
				}))
			}
		})
	}
	flowSpec := jen.Op("&").Qual(genid.RuntimePath, genid.OAuthFlowSpec).Values(specFields)
	fields := jen.Dict{
		jen.Id(genid.OAuthFlowSpecField):    flowSpec,
		jen.Id(genid.OAuthFlowClientID):     jen.Id("clientID"),
		jen.Id(genid.OAuthFlowClientSecret): jen.Qual(genid.RuntimePath, genid.Secret).Call(jen.Id("clientSecret")),
		jen.Id(genid.OAuthFlowScopes):       jen.Id("scopes"),
	}
	params := []jen.Code{jen.List(jen.Id("clientID"), jen.Id("clientSecret")).String(), jen.Id("scopes").Op("...").String()}
	what := fmt.Sprintf("runs the OAuth 2.0 client-credentials flow of the security scheme %q against %s: the client fetches a token, caches it until shortly before it expires and refreshes it once for all concurrent calls.", scheme, flow.TokenURL)
	if grant == "password" {
		fields[jen.Id(genid.OAuthFlowUsername)] = jen.Id("username")
		fields[jen.Id(genid.OAuthFlowPassword)] = jen.Qual(genid.RuntimePath, genid.Secret).Call(jen.Id("password"))
		params = append([]jen.Code{jen.List(jen.Id("username"), jen.Id("password")).String()}, params...)
		what = fmt.Sprintf("runs the OAuth 2.0 password flow of the security scheme %q against %s: the client fetches a token, caches it until shortly before it expires and refreshes it once for all concurrent calls.", scheme, flow.TokenURL)
	}
	if len(flow.Scopes) > 0 {
		what += " Scopes the spec lists: " + strings.Join(flow.Scopes, ", ") + "."
	}
	option(name, what, params, jen.Id(genid.WithOAuthFlow).Call(jen.Lit(scheme), jen.Qual(genid.RuntimePath, genid.OAuthFlow).Values(fields)))
}
