package gen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

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
	f.Var().Id("securitySchemes").Op("=").Index().Id("schemeSpec").ValuesFunc(func(g *jen.Group) {
		for _, s := range p.Schemes {
			g.Add(schemeSpecValue(p, s))
		}
	})
	f.Line()
	f.Comment("globalSecurity is the spec's top-level security: the alternatives, each a set of schemes")
	f.Comment("applied together. Operations without their own security use it, and so does Client.Do.")
	f.Var().Id("globalSecurity").Op("=").Add(requirementsValue(p.Security))
	for _, s := range p.Schemes {
		f.Line()
		genSchemeOptions(f, s)
	}
}

// requirementsValue renders a requirement list; an empty one (public) is
// an empty, non-nil slice.
func requirementsValue(reqs []spec.Requirement) *jen.Statement {
	return jen.Index().Id("securityRequirement").ValuesFunc(func(g *jen.Group) {
		for _, r := range reqs {
			g.ValuesFunc(func(g *jen.Group) {
				for _, u := range r.Schemes {
					g.Lit(u.Name)
				}
			})
		}
	})
}

func schemeKindIdent(s spec.AuthScheme) string {
	switch x := s.(type) {
	case *spec.BearerScheme:
		return "schemeBearer"
	case *spec.APIKeyScheme:
		switch x.In {
		case spec.InQuery:
			return "schemeQueryKey"
		case spec.InCookie:
			return "schemeCookieKey"
		}
		return "schemeHeaderKey"
	case *spec.BasicScheme:
		return "schemeBasic"
	case *spec.OAuth2Scheme:
		return "schemeOAuth2"
	case *spec.OpenIDConnectScheme:
		return "schemeOpenIDConnect"
	}
	panic(fmt.Sprintf("gen: unknown scheme type %T", s)) // the model is closed
}

func schemeSpecValue(p *spec.Provider, s spec.AuthScheme) jen.Code {
	c := s.Common()
	return jen.Values(jen.DictFunc(func(d jen.Dict) {
		d[jen.Id("name")] = jen.Lit(c.Name)
		d[jen.Id("kind")] = jen.Id(schemeKindIdent(s))
		d[jen.Id("option")] = jen.Lit(spec.OptionNames(s)[0])
		if k, ok := s.(*spec.APIKeyScheme); ok {
			d[jen.Id("paramName")] = jen.Lit(k.ParamName)
		}
		if c.EnvVar != "" {
			d[jen.Id("envVar")] = jen.Lit(c.EnvVar)
		}
		if b, ok := s.(*spec.BasicScheme); ok && b.UserEnvVar != "" {
			d[jen.Id("envVarUser")] = jen.Lit(b.UserEnvVar)
		}
		if len(c.KeyFormats) > 0 {
			d[jen.Id("keyFormats")] = jen.Index().Id("keyFormat").ValuesFunc(func(g *jen.Group) {
				for _, kf := range c.KeyFormats {
					g.Add(keyFormatValue(p, kf))
				}
			})
		}
	}))
}

func keyFormatValue(p *spec.Provider, kf spec.KeyFormat) jen.Code {
	return jen.Values(jen.DictFunc(func(d jen.Dict) {
		if kf.Prefix != "" {
			d[jen.Id("prefix")] = jen.Lit(kf.Prefix)
		}
		if kf.Pattern != "" {
			d[jen.Id("pattern")] = jen.Qual(pkgRegexp, "MustCompile").Call(jen.Lit(kf.Pattern))
		}
		if kf.Environment != "" {
			d[jen.Id("environment")] = jen.Id(environmentGoName(p, kf.Environment))
		}
		d[jen.Id("description")] = jen.Lit(keyFormatText(kf))
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

func environmentGoName(p *spec.Provider, name string) string {
	for _, e := range p.Environments {
		if e.Name == name {
			return e.GoName
		}
	}
	panic("gen: key format names an unknown environment " + name) // spec.Load checks this
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
		default:
			how = fmt.Sprintf("sent in the header %q", x.ParamName)
		}
	case *spec.BasicScheme:
		how = "HTTP basic authentication"
	case *spec.OAuth2Scheme:
		how = "OAuth 2.0; the access token is sent as \"Authorization: Bearer <token>\""
	case *spec.OpenIDConnectScheme:
		how = "OpenID Connect; the token is sent as \"Authorization: Bearer <token>\""
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
			if kf.Environment != "" {
				t += " (" + kf.Environment + ")"
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

// genSchemeOptions emits the options of one scheme.
func genSchemeOptions(f *jen.File, s spec.AuthScheme) {
	c := s.Common()
	names := spec.OptionNames(s)
	explain := schemeDoc(s)
	option := func(name, what string, params []jen.Code, body jen.Code) {
		f.Add(doc(append([]string{name + " " + what, ""}, explain...)...))
		f.Func().Id(name).Params(params...).Id("Option").Block(jen.Return(body))
	}
	arg := "token"
	if _, isKey := s.(*spec.APIKeyScheme); isKey {
		arg = "key"
	}
	staticOpt := func(name string) {
		option(name, "sets the credential of the security scheme "+fmt.Sprintf("%q", c.Name)+".",
			[]jen.Code{jen.Id(arg).String()},
			jen.Id("withStaticSecret").Call(jen.Lit(c.Name), jen.Id(arg)))
	}
	funcOpt := func(name string) {
		option(name, "sets the credential of the security scheme "+fmt.Sprintf("%q", c.Name)+
			" to what fn returns, called for every request: for keys that rotate or live in a secret manager.",
			[]jen.Code{jen.Id("fn").Add(ctxFunc())},
			jen.Id("withSecretFunc").Call(jen.Lit(c.Name), jen.Id("fn")))
	}
	switch x := s.(type) {
	case *spec.BearerScheme, *spec.APIKeyScheme, *spec.OpenIDConnectScheme:
		staticOpt(names[0])
		funcOpt(names[1])
	case *spec.BasicScheme:
		option(names[0], fmt.Sprintf("sets the user name and password of the security scheme %q.", c.Name),
			[]jen.Code{jen.List(jen.Id("username"), jen.Id("password")).String()},
			jen.Id("withBasic").Call(jen.Lit(c.Name), jen.Id("username"), jen.Id("password")))
	case *spec.OAuth2Scheme:
		switch {
		case x.ClientCredentials != nil && x.Password != nil:
			genOAuthFlowOption(f, option, names[0], c.Name, "client_credentials", x.ClientCredentials)
			genOAuthFlowOption(f, option, names[1], c.Name, "password", x.Password)
			funcOpt(names[2])
		case x.ClientCredentials != nil:
			genOAuthFlowOption(f, option, names[0], c.Name, "client_credentials", x.ClientCredentials)
			funcOpt(names[1])
		case x.Password != nil:
			genOAuthFlowOption(f, option, names[0], c.Name, "password", x.Password)
			funcOpt(names[1])
		default:
			staticOpt(names[0])
			funcOpt(names[1])
		}
	}
}

func genOAuthFlowOption(f *jen.File, option func(string, string, []jen.Code, jen.Code), name, scheme, grant string, flow *spec.OAuth2Flow) {
	flowSpec := jen.Op("&").Id("oauthFlowSpec").Values(jen.Dict{
		jen.Id("grantType"): jen.Lit(grant),
		jen.Id("tokenURL"):  jen.Lit(flow.TokenURL),
	})
	fields := jen.Dict{
		jen.Id("spec"):         flowSpec,
		jen.Id("clientID"):     jen.Id("clientID"),
		jen.Id("clientSecret"): jen.Id("secret").Call(jen.Id("clientSecret")),
		jen.Id("scopes"):       jen.Id("scopes"),
	}
	params := []jen.Code{jen.List(jen.Id("clientID"), jen.Id("clientSecret")).String(), jen.Id("scopes").Op("...").String()}
	what := fmt.Sprintf("runs the OAuth 2.0 client-credentials flow of the security scheme %q against %s: the client fetches a token, caches it until shortly before it expires and refreshes it once for all concurrent calls.", scheme, flow.TokenURL)
	if grant == "password" {
		fields[jen.Id("username")] = jen.Id("username")
		fields[jen.Id("password")] = jen.Id("secret").Call(jen.Id("password"))
		params = append([]jen.Code{jen.List(jen.Id("username"), jen.Id("password")).String()}, params...)
		what = fmt.Sprintf("runs the OAuth 2.0 password flow of the security scheme %q against %s: the client fetches a token, caches it until shortly before it expires and refreshes it once for all concurrent calls.", scheme, flow.TokenURL)
	}
	if len(flow.Scopes) > 0 {
		what += " Scopes the spec lists: " + strings.Join(flow.Scopes, ", ") + "."
	}
	option(name, what, params, jen.Id("withOAuthFlow").Call(jen.Lit(scheme), jen.Id("oauthFlow").Values(fields)))
}
