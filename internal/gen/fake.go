package gen

import (
	"fmt"
	"net/url"
	"regexp"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/authgen/authgen/internal/genid"
	"github.com/authgen/authgen/internal/spec"
	"github.com/authgen/authgen/templates"
)

// FakePackage is the name of the fake provider package beside a client.
func FakePackage(p *spec.Provider) string { return p.Package + "fake" }

// GenerateFake returns the files of the fake provider package (<pkg>fake),
// named "<pkg>fake/<file>" so that they go into a directory inside the
// client's: clientImport is the import path of the client package.
func GenerateFake(p *spec.Provider, clientImport string) ([]File, error) {
	pkg := FakePackage(p)
	f := jen.NewFilePathName(clientImport+"/"+pkg, pkg)
	f.HeaderComment(Header)
	f.ImportName(clientImport, p.Package)
	genFake(p, clientImport, f)
	var files []File
	var buf strings.Builder
	if err := f.Render(&buf); err != nil {
		return nil, fmt.Errorf("generating the fake of %s: %w", p.Package, err)
	}
	files = append(files, File{Name: pkg + "/fake.go", Content: []byte(buf.String())})
	for _, rf := range templates.FakeRuntime() {
		files = append(files, File{Name: pkg + "/runtime_" + rf.Name, Content: runtimeSource(rf, pkg)})
	}
	return files, nil
}

// The fake's user name and OAuth 2.0 client, the same for every scheme.
const (
	fakeUser         = "fake-user"
	fakeClientID     = "fake-client"
	fakeClientSecret = "fake-client-secret"
)

// fakeSecret is the key, token or password the fake accepts for a scheme.
func fakeSecret(s spec.AuthScheme) string {
	if o, ok := s.(*spec.OAuth2Scheme); ok && firstFlow(o) != nil {
		// One access token for every flow: the token endpoint cannot
		// tell which scheme asked.
		return "fake-access-token"
	}
	return fakeCredential(s.Common())
}

// fakeEnv is what the fake's Env returns: each scheme's variables, as
// NewFromEnv reads them, set to the credential the fake accepts. A scheme
// whose flow the client runs has no variable: its client ID and secret
// come with its option.
func fakeEnv(p *spec.Provider) map[string]string {
	env := map[string]string{}
	for _, s := range p.Schemes {
		c := s.Common()
		if c.EnvVar == "" {
			continue
		}
		switch x := s.(type) {
		case *spec.BasicScheme:
			if x.UserEnvVar != "" {
				env[x.UserEnvVar], env[c.EnvVar] = fakeUser, fakeSecret(s)
			}
		case *spec.OAuth2Scheme:
			if x.CallerToken {
				env[c.EnvVar] = fakeSecret(s)
			}
		default:
			env[c.EnvVar] = fakeSecret(s)
		}
	}
	return env
}

// fakeCredential makes a credential the client's checks accept: the first
// key format's prefix, and a body that matches its pattern when it has one.
func fakeCredential(c *spec.SchemeCommon) string {
	candidates := []string{"fake0123456789abcdef0123456789ab", "FAKE0123456789", "0123456789", "fake"}
	if len(c.KeyFormats) == 0 {
		return "fake-" + strings.ToLower(c.GoName) + "-0123456789abcdef"
	}
	kf := c.KeyFormats[0]
	for _, body := range candidates {
		key := kf.Prefix + body
		if kf.Pattern == "" {
			return key
		}
		if re, err := regexp.Compile(kf.Pattern); err == nil && re.MatchString(key) {
			return key
		}
	}
	return kf.Prefix + candidates[0]
}

func genFake(p *spec.Provider, clientImport string, f *jen.File) {
	client := func(name string) *jen.Statement { return jen.Qual(clientImport, name) }
	basePath := ""
	if len(p.Environments) > 0 {
		raw := p.Environments[0].URL
		for _, v := range p.ServerVariables {
			raw = strings.ReplaceAll(raw, "{"+v.Name+"}", "fake")
		}
		if u, err := url.Parse(raw); err == nil {
			basePath = strings.TrimSuffix(u.Path, "/")
		}
	}
	unauthorized, rateLimited := "unauthorized", "rate_limited"
	for _, c := range p.Errors.Codes {
		lower := strings.ToLower(c.Code)
		preferred := strings.Contains(lower, "invalid") || strings.Contains(lower, "unauthori")
		if c.Status == 401 && (unauthorized == "unauthorized" || preferred) {
			unauthorized = c.Code
		}
		if c.Status == 429 && rateLimited == "rate_limited" {
			rateLimited = c.Code
		}
	}
	f.Comment("The provider as the spec describes it, for the fake's machinery (runtime_fake.go).")
	f.Var().DefsFunc(func(g *jen.Group) {
		g.Id("fakeBasePath").Op("=").Lit(basePath)
		g.Id("fakeEnvelope").Op("=").Id("fakeEnvelopeSpec").Values(jen.DictFunc(func(d jen.Dict) {
			if e := p.Errors.CodePointer; e != "" {
				d[jen.Id("code")] = jen.Lit(e)
			}
			if e := p.Errors.MessagePointer; e != "" {
				d[jen.Id("message")] = jen.Lit(e)
			}
			if fw := p.Errors.FailureWhen; fw.Pointer != "" {
				d[jen.Id("failurePointer")] = jen.Lit(fw.Pointer)
				d[jen.Id("failureEquals")] = jen.Lit(fw.Equals)
			}
		}))
		rl := p.RateLimit
		g.Id("fakeRateLimit").Op("=").Id("fakeRateLimitSpec").Values(jen.DictFunc(func(d jen.Dict) {
			for k, v := range map[string]string{"limit": rl.Limit, "remaining": rl.Remaining, "bucket": rl.Bucket} {
				if v != "" {
					d[jen.Id(k)] = jen.Lit(v)
				}
			}
			if rl.Reset.Name != "" {
				d[jen.Id("reset")] = jen.Id("fakeTimeHeader").Values(jen.Lit(rl.Reset.Name), jen.Lit(string(rl.Reset.Format)))
			}
		}))
		g.Id("fakeDelayHeaders").Op("=").Index().Id("fakeTimeHeader").ValuesFunc(func(g *jen.Group) {
			for _, h := range p.DelayHeaders {
				g.Values(jen.Lit(h.Name), jen.Lit(string(h.Format)))
			}
		})
		if w := p.Webhooks; w != nil {
			g.Id("fakeWebhook").Op("=").Op("&").Id("fakeWebhookSpec").Values(jen.DictFunc(func(d jen.Dict) {
				for k, v := range map[string]string{"header": w.Header, "algorithm": string(w.Algorithm), "encoding": string(w.Encoding), "prefix": w.Prefix,
					"timestampKey": w.TimestampKey, "signatureKey": w.SignatureKey, "timestampHeader": w.TimestampHeader, "idHeader": w.IDHeader,
					"eventHeader": w.EventHeader, "secretPrefix": w.SecretPrefix} {
					if v != "" {
						d[jen.Id(k)] = jen.Lit(v)
					}
				}
				d[jen.Id("signed")] = jen.Index().String().ValuesFunc(func(g *jen.Group) {
					for _, part := range w.Signed {
						if part.Kind == "literal" {
							g.Lit("literal:" + part.Literal)
						} else {
							g.Lit(part.Kind)
						}
					}
				})
			}))
		} else {
			g.Id("fakeWebhook").Op("*").Id("fakeWebhookSpec")
		}
		g.Id("fakeUnauthorizedCode").Op("=").Lit(unauthorized)
		g.Id("fakeRateLimitedCode").Op("=").Lit(rateLimited)
		g.Id("fakeSchemes").Op("=").Index().Id("fakeScheme").ValuesFunc(func(g *jen.Group) {
			for _, s := range p.Schemes {
				c := s.Common()
				d := jen.Dict{jen.Id("name"): jen.Lit(c.Name), jen.Id("secret"): jen.Lit(fakeSecret(s))}
				switch x := s.(type) {
				case *spec.APIKeyScheme:
					d[jen.Id("kind")], d[jen.Id("param")] = jen.Lit(string(x.In)), jen.Lit(x.ParamName)
				case *spec.BasicScheme:
					d[jen.Id("kind")], d[jen.Id("user")] = jen.Lit("basic"), jen.Lit(x.UserPrefix+fakeUser+x.UserSuffix)
				case *spec.OAuth2Scheme:
					d[jen.Id("kind")] = jen.Lit("oauth2")
					if flow := firstFlow(x); flow != nil {
						d[jen.Id("tokenURL")] = jen.Lit(flow.TokenURL)
						d[jen.Id("clientID")] = jen.Lit(fakeClientID)
						d[jen.Id("clientSecret")] = jen.Lit(fakeClientSecret)
					}
				default:
					d[jen.Id("kind")] = jen.Lit("bearer")
				}
				g.Values(d)
			}
		})
		g.Id("fakeRoutes").Op("=").Index().Id("fakeRoute").ValuesFunc(func(g *jen.Group) {
			routes := routable(p)
			for _, op := range p.Operations {
				if !routes[op.ID] {
					continue
				}
				success := p.SuccessData
				if op.OwnSuccess {
					success = op.SuccessData
				}
				g.Values(jen.DictFunc(func(d jen.Dict) {
					d[jen.Id("operation")] = jen.Lit(op.ID)
					d[jen.Id("method")] = jen.Lit(op.GoName)
					d[jen.Id("verb")] = jen.Lit(op.Method)
					d[jen.Id("pattern")] = jen.Index().Id("fakePiece").ValuesFunc(func(g *jen.Group) {
						for _, piece := range fakePattern(op) {
							g.Values(jen.DictFunc(func(d jen.Dict) {
								if piece.param < 0 {
									d[jen.Id("lit")] = jen.Lit(piece.lit)
									return
								}
								d[jen.Id("param")] = jen.Lit(piece.param)
								if piece.multi {
									d[jen.Id("multi")] = jen.True()
								}
							}))
						}
					})
					d[jen.Id("security")] = jen.Index().Index().String().ValuesFunc(func(g *jen.Group) {
						for _, r := range op.Security {
							g.ValuesFunc(func(g *jen.Group) {
								for _, u := range r.Schemes {
									g.Lit(u.Scheme.Common().Name)
								}
							})
						}
					})
					d[jen.Id("status")] = jen.Lit(200)
					if pg := op.Pagination; pg != nil {
						d[jen.Id("paging")] = jen.Op("&").Id("fakePaging").Values(jen.DictFunc(func(d jen.Dict) {
							d[jen.Id("style")] = jen.Lit(string(pg.Style))
							for k, v := range map[string]string{"items": pg.Items, "next": pg.Next, "hasMore": pg.HasMore, "total": pg.Total, "param": pg.Param, "itemID": pg.ItemID} {
								if v != "" {
									d[jen.Id(k)] = jen.Lit(v)
								}
							}
							if pg.ParamInBody {
								d[jen.Id("inBody")] = jen.True()
							}
							if pg.Style == spec.PageNumber {
								d[jen.Id("start")] = jen.Lit(pg.Start)
							}
						}))
					}
					if success != "" {
						d[jen.Id("successData")] = jen.Lit(success)
					}
				}))
			}
		})
	})
	f.Line()

	// Options: the wiring without credentials, for a client built some
	// other way (another key, NewFromEnv).
	f.Comment(fmt.Sprintf("Options are what a %s client needs to talk to the fake, credentials aside: its", p.Package))
	f.Comment("base URL (and the transport that brings token requests to it), and the fake's Clock, so")
	f.Comment("that waiting out the fake's rate limit takes no real time. For a client of your own")
	f.Comment("making: New(append(fake.Options(), WithAPIKey(revoked))...), or NewFromEnv(fake.Options()...)")
	f.Comment("with the variables of Env set.")
	f.Func().Params(jen.Id("s").Op("*").Id("Server")).Id("Options").Params().Index().Add(client("Option")).BlockFunc(func(g *jen.Group) {
		opts := []jen.Code{client("WithBaseURL").Call(jen.Id("s").Dot("URL").Call()), client(genid.WithClock).Call(jen.Id("s").Dot("Clock").Call().Dot("Now"), jen.Id("s").Dot("Clock").Call().Dot("Sleep"))}
		if hasFlow(p) {
			// Token requests to the flows' own token URLs reach the fake.
			opts = append(opts, client("WithHTTPClient").Call(jen.Op("&").Qual(pkgHTTP, "Client").Values(jen.Dict{jen.Id("Transport"): jen.Id("s").Dot("transport").Call()})))
		}
		g.Return(jen.Index().Add(client("Option")).Values(opts...))
	})
	f.Line()

	// Env: the variables NewFromEnv reads, set to credentials the fake
	// accepts.
	env := fakeEnv(p)
	f.Comment("Env returns the environment variables NewFromEnv reads credentials from, each set to one the")
	f.Comment("fake accepts: for code under test that builds its client from the environment.")
	f.Func().Params(jen.Id("s").Op("*").Id("Server")).Id("Env").Params().Map(jen.String()).String().Block(
		jen.Return(jen.Map(jen.String()).String().Values(jen.DictFunc(func(d jen.Dict) {
			for k, v := range env {
				d[jen.Lit(k)] = jen.Lit(v)
			}
		}))),
	)
	f.Line()

	// Client: wired to the fake, with a valid credential for every scheme.
	f.Comment(fmt.Sprintf("Client returns a %s client of the fake (Options), with a credential the fake accepts for", p.Package))
	f.Comment("every security scheme; opts come after. For another credential, build the client from")
	f.Comment("Options: a scheme takes one credential.")
	f.Func().Params(jen.Id("s").Op("*").Id("Server")).Id("Client").Params(jen.Id("opts").Op("...").Add(client("Option"))).Op("*").Add(client("Client")).BlockFunc(func(g *jen.Group) {
		g.Id("s").Dot("tb").Dot("Helper").Call()
		all := []jen.Code{jen.Id("s").Dot("Options").Call()}
		for _, s := range p.Schemes {
			c := s.Common()
			// One option per scheme: a scheme takes one credential.
		options:
			for _, opt := range c.Options {
				switch opt.Kind {
				case spec.OptionSecret:
					all = append(all, client(opt.GoName).Call(jen.Lit(fakeSecret(s))))
				case spec.OptionBasic:
					all = append(all, client(opt.GoName).Call(jen.Lit(fakeUser), jen.Lit(fakeSecret(s))))
				case spec.OptionClientCredentials:
					all = append(all, client(opt.GoName).Call(jen.Lit(fakeClientID), jen.Lit(fakeClientSecret)))
				case spec.OptionPasswordFlow:
					all = append(all, client(opt.GoName).Call(jen.Lit(fakeUser), jen.Lit("fake-password"), jen.Lit(fakeClientID), jen.Lit(fakeClientSecret)))
				default:
					continue
				}
				break options
			}
		}
		if len(all) == 1 {
			g.Id("all").Op(":=").Id("s").Dot("Options").Call() // a spec without security
		} else {
			g.Id("all").Op(":=").Append(all...)
		}
		g.Id("c").Op(",").Id("err").Op(":=").Add(client("New")).Call(jen.Append(jen.Id("all"), jen.Id("opts").Op("...")).Op("..."))
		g.If(jen.Id("err").Op("!=").Nil()).Block(jen.Id("s").Dot("tb").Dot("Fatalf").Call(jen.Lit(FakePackage(p)+": %v"), jen.Id("err")))
		g.Return(jen.Id("c"))
	})

	routes := routable(p)
	for _, op := range p.Operations {
		if !routes[op.ID] {
			continue
		}
		f.Line()
		genFakeHandler(p, op, client, f)
	}
}

// routable lists the operations the fake routes: the first of several
// with one method and path (they differ by server or body, which the
// router does not look at) is the one that gets a route.
func routable(p *spec.Provider) map[string]bool {
	seen := map[string]bool{}
	ok := map[string]bool{}
	for _, op := range p.Operations {
		var key strings.Builder
		key.WriteString(op.Method + " ")
		for _, piece := range fakePattern(op) {
			if piece.param < 0 {
				key.WriteString(piece.lit)
			} else {
				key.WriteString("{}")
			}
		}
		if seen[key.String()] {
			continue
		}
		seen[key.String()], ok[op.ID] = true, true
	}
	return ok
}

// fakePiece is a piece of a route for the fake's router: literal text, or
// the path parameter at index param of op.PathParams (param is -1 for
// literal text).
type fakePiece struct {
	lit   string
	param int
	multi bool
}

// fakePattern is an operation's path as the fake's router matches it,
// from the model's path segments, without the leading and trailing slash.
func fakePattern(op spec.Operation) []fakePiece {
	var out []fakePiece
	for i, seg := range op.PathSegments {
		if seg.Param == nil {
			lit := seg.Literal
			if i == 0 {
				lit = strings.TrimLeft(lit, "/")
			}
			if i == len(op.PathSegments)-1 {
				lit = strings.TrimRight(lit, "/")
			}
			if lit != "" {
				out = append(out, fakePiece{lit: lit, param: -1})
			}
			continue
		}
		for j := range op.PathParams {
			if &op.PathParams[j] == seg.Param {
				out = append(out, fakePiece{param: j, multi: seg.Param.MultiSegment})
			}
		}
	}
	return out
}

// genFakeHandler emits On<Method>: the handler takes the method's own
// arguments without opts and returns what the method returns.
func genFakeHandler(p *spec.Provider, op spec.Operation, client func(string) *jen.Statement, f *jen.File) {
	var params, args []jen.Code
	params = append(params, jen.Id("ctx").Qual(pkgContext, "Context"))
	args = append(args, jen.Id("ctx"))
	for _, pp := range op.PathParams {
		params = append(params, jen.Id(pp.GoName).Add(qualifiedType(pp.Type, client)))
		args = append(args, jen.Id(pp.GoName))
	}
	if op.ParamsGoName != "" {
		params = append(params, jen.Id("params").Op("*").Add(client(op.ParamsGoName)))
		args = append(args, jen.Id("params"))
	}
	var results jen.Code = jen.Error()
	switch {
	case op.RawResponse:
		results = jen.Params(jen.Qual("io", "ReadCloser"), jen.Error())
	case op.Response != nil:
		results = jen.Params(jen.Op("*").Add(qualifiedType(op.Response, client)), jen.Error())
	}
	handler := jen.Func().Params(params...).Add(results)
	f.Comment(fmt.Sprintf("On%s sets how the fake answers %s (%s %s): h gets the method's arguments and", op.GoName, op.GoName, op.Method, op.Path))
	f.Comment("returns what the method returns; return Error(status, code, message) to answer with the")
	f.Comment("provider's error envelope.")
	f.Func().Params(jen.Id("s").Op("*").Id("Server")).Id("On" + op.GoName).Params(jen.Id("h").Add(handler)).Block(
		jen.Id("s").Dot("on").Call(jen.Lit(op.ID), jen.Func().Params(jen.Id("ctx").Qual(pkgContext, "Context"), jen.Id("c").Op("*").Id("fakeCall")).Params(jen.Any(), jen.Error()).BlockFunc(func(g *jen.Group) {
			for i, pp := range op.PathParams {
				g.Var().Id(pp.GoName).Add(qualifiedType(pp.Type, client))
				g.If(jen.Id("err").Op(":=").Id("c").Dot("pathArg").Call(jen.Lit(i), jen.Lit(pp.Name), jen.Op("&").Id(pp.GoName)), jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Id("err")))
			}
			if op.ParamsGoName != "" {
				g.Id("params").Op(":=").Op("&").Add(client(op.ParamsGoName)).Values()
				body := ""
				if op.Body != nil {
					body = "optional"
					if op.Body.Required {
						body = "required"
					}
				}
				g.If(jen.Id("err").Op(":=").Id("c").Dot("params").Call(jen.Id("params"), jen.Index().Id("fakeParam").ValuesFunc(func(g *jen.Group) {
					for _, group := range []struct {
						in string
						ps []spec.Parameter
					}{{"query", op.QueryParams}, {"header", op.HeaderParams}, {"cookie", op.CookieParams}} {
						for _, q := range group.ps {
							g.Values(jen.Lit(q.Name), jen.Lit(group.in), jen.Lit(q.GoName), jen.Lit(q.Required))
						}
					}
				}), jen.Lit(body)), jen.Id("err").Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Id("err")))
			}
			if op.Response == nil && !op.RawResponse {
				g.Return(jen.Nil(), jen.Id("h").Call(args...))
				return
			}
			g.Return(jen.Id("h").Call(args...))
		})),
	)
}

// qualifiedType is goType with the client package's own types qualified.
func qualifiedType(t spec.Type, client func(string) *jen.Statement) *jen.Statement {
	switch t := t.(type) {
	case *spec.Named:
		return client(t.Model.Common().GoName)
	case *spec.Slice:
		return jen.Index().Add(qualifiedType(t.Elem, client))
	case *spec.Map:
		return jen.Map(jen.String()).Add(qualifiedType(t.Elem, client))
	}
	return goType(t)
}

// firstFlow is the OAuth 2.0 flow the client runs itself, if any.
func firstFlow(s *spec.OAuth2Scheme) *spec.OAuth2Flow {
	if s.ClientCredentials != nil {
		return s.ClientCredentials
	}
	return s.Password
}

func hasFlow(p *spec.Provider) bool {
	for _, s := range p.Schemes {
		if o, ok := s.(*spec.OAuth2Scheme); ok && firstFlow(o) != nil {
			return true
		}
	}
	return false
}
