package gen

// The fake provider package beside a client (<pkg>fake): a thin shell over
// the fake runtime (package authgenfake), which it imports. It declares the
// provider's authgenfake.Spec (fakespec.go), and the fake's typed API: a
// Server embedding the runtime's, NewServer, Options, Env, Client and one
// On<Method> per routed operation. Every decision (base path, codes,
// credentials, routes) and every name comes from the model (spec.Fake).

import (
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/authgen/authgen/internal/genid"
	"github.com/authgen/authgen/internal/spec"
)

// FakePackage is the name of the fake provider package beside a client.
func FakePackage(p *spec.Provider) string { return p.Fake.Package }

// GenerateFake returns the files of the fake provider package (<pkg>fake),
// named "<pkg>fake/<file>" so that they go into a directory inside the
// client's: clientImport is the import path of the client package.
func GenerateFake(p *spec.Provider, clientImport string) ([]File, error) {
	pkg := FakePackage(p)
	f := jen.NewFilePathName(clientImport+"/"+pkg, pkg)
	f.HeaderComment(Header)
	f.PackageComment(fmt.Sprintf("Package %s is a fake of the %s provider for tests: see NewServer.", pkg, p.Package))
	f.ImportName(clientImport, p.Package)
	f.ImportName(genid.RuntimePath, path.Base(genid.RuntimePath))
	f.ImportName(genid.FakeRuntimePath, path.Base(genid.FakeRuntimePath))
	for _, imp := range p.Fake.Names.Renamed {
		f.ImportAlias(imp.Path, imp.Name) // the client's package took the name
	}
	fg := fakeGen{p: p, n: p.Fake.Names, clientImport: clientImport}
	fg.genServer(f)
	fg.genSpec(f)
	fg.genOptions(f)
	fg.genEnv(f)
	fg.genClient(f)
	for _, rt := range p.Fake.Routes {
		f.Line()
		fg.genHandler(f, rt)
	}
	out, err := render(f)
	if err != nil {
		return nil, fmt.Errorf("generating the fake of %s: %w", p.Package, err)
	}
	return []File{{Name: pkg + "/fake.go", Content: out}}, nil
}

// render is f as gofmt'd source.
func render(f *jen.File) ([]byte, error) {
	var buf strings.Builder
	if err := f.Render(&buf); err != nil {
		return nil, err
	}
	return []byte(buf.String()), nil
}

// fakeGen holds what every emitter of the fake reads.
type fakeGen struct {
	p            *spec.Provider
	n            spec.FakeNames
	clientImport string
}

// client names an identifier of the client package.
func (g fakeGen) client(name string) *jen.Statement { return jen.Qual(g.clientImport, name) }

// rt names an identifier of the fake runtime.
func rt(name string) *jen.Statement { return jen.Qual(genid.FakeRuntimePath, name) }

// receiver is the receiver of the fake's methods: (s *Server).
func (g fakeGen) receiver() *jen.Statement { return jen.Id(g.n.Receiver).Op("*").Id(genid.FakeServer) }

// genServer emits the fake's types and its constructor over the runtime's:
//
//	type Server struct {
//		*authgenfake.Server
//		tb testing.TB
//	}
//	func NewServer(tb testing.TB) *Server
//	func Error(status int, code, message string) error
//	type Request = authgenfake.Request (and Fault, Clock)
func (g fakeGen) genServer(f *jen.File) {
	n := g.n
	f.Add(doc(
		fmt.Sprintf("Server is a fake of the %s provider for tests: it answers the client's requests with the", g.p.Package),
		"handlers given, the way the provider does. Its machinery is authgenfake.Server's: URL, RateLimit, Fail,",
		"Pages, SendWebhook, Requests, Clock and SetClock.",
	))
	f.Type().Id(genid.FakeServer).Struct(
		jen.Op("*").Add(rt(genid.FakeServer)),
		jen.Id(fakeTBField).Qual("testing", "TB"),
	)
	f.Line()
	f.Comment("NewServer starts a fake provider for the test; it stops when the test ends.")
	f.Func().Id(genid.FakeNewServer).Params(jen.Id(n.TB).Qual("testing", "TB")).Op("*").Id(genid.FakeServer).Block(
		jen.Id(n.TB).Dot("Helper").Call(),
		jen.Return(jen.Op("&").Id(genid.FakeServer).Values(jen.Dict{
			jen.Id(genid.FakeServer): rt(genid.FakeNewServer).Call(jen.Id(n.TB), jen.Op("&").Id(n.SpecVar)),
			jen.Id(fakeTBField):      jen.Id(n.TB),
		})),
	)
	f.Line()
	f.Comment("Error returns an error that a handler returns to make the fake answer with status and the")
	f.Comment("provider's own error envelope holding code and message.")
	f.Func().Id(genid.FakeError).Params(jen.Id(n.Status).Int(), jen.List(jen.Id(n.Code), jen.Id(n.Message)).String()).Error().Block(
		jen.Return(rt(genid.FakeError).Call(jen.Id(n.Status), jen.Id(n.Code), jen.Id(n.Message))),
	)
	aliases := []struct{ name, doc string }{
		{genid.FakeRequest, "Request is one request the fake received; credentials are redacted."},
		{genid.FakeFault, "Fault is what the fake does instead of answering, for one call (see Fail)."},
		{genid.FakeClock, "Clock is the fake's time, as its clients keep it (see Server.Clock)."},
	}
	if g.streams() {
		aliases = append(aliases, struct{ name, doc string }{genid.FakeEvent, "Event is one server-sent event a stream sends (see Server.Stream)."})
		f.Line()
		f.Comment("StreamError is an event that ends a stream with the provider's error envelope holding code")
		f.Comment("and message, sent as the spec's error event.")
		f.Func().Id(genid.FakeStreamError).Params(jen.List(jen.Id(n.Code), jen.Id(n.Message)).String()).Id(genid.FakeEvent).Block(
			jen.Return(rt(genid.FakeStreamError).Call(jen.Id(n.Code), jen.Id(n.Message))),
		)
	}
	for _, alias := range aliases {
		f.Line()
		f.Comment(alias.doc)
		f.Type().Id(alias.name).Op("=").Add(rt(alias.name))
	}
	f.Line()
}

// streams: an operation of the spec answers with server-sent events.
func (g fakeGen) streams() bool {
	for _, op := range g.p.Operations {
		if op.Stream != nil {
			return true
		}
	}
	return false
}

// fakeTBField is the Server's field holding the test, for Client.
const fakeTBField = "tb"

// genOptions emits Options: the wiring without credentials, for a client
// built some other way (another key, NewFromEnv).
func (g fakeGen) genOptions(f *jen.File) {
	s := jen.Id(g.n.Receiver)
	clock := func() *jen.Statement { return s.Clone().Dot(genid.FakeServerClock).Call() }
	opts := []jen.Code{
		g.client(genid.WithBaseURL).Call(s.Clone().Dot(genid.FakeServerURL).Call()),
		g.client(genid.WithClock).Call(clock().Dot(genid.FakeClockNow), clock().Dot(genid.FakeClockSleep)),
	}
	if hasFlow(g.p) {
		// Token requests to the flows' own token URLs reach the fake.
		opts = append(opts, g.client(genid.WithHTTPClient).Call(jen.Op("&").Qual(pkgHTTP, "Client").Values(jen.Dict{
			jen.Id("Transport"): rt(genid.FakeTransport).Call(s.Clone().Dot(genid.FakeServer)),
		})))
	}
	f.Comment(fmt.Sprintf("Options are what a %s client needs to talk to the fake, credentials aside: its", g.p.Package))
	f.Comment("base URL (and the transport that brings token requests to it), and the fake's Clock, so")
	f.Comment("that waiting out the fake's rate limit takes no real time. For a client of your own")
	f.Comment("making: New(append(fake.Options(), WithAPIKey(revoked))...), or NewFromEnv(fake.Options()...)")
	f.Comment("with the variables of Env set.")
	f.Func().Params(g.receiver()).Id("Options").Params().Index().Add(g.client(genid.Option)).Block(
		jen.Return(jen.Index().Add(g.client(genid.Option)).Values(opts...)),
	)
	f.Line()
}

// genEnv emits Env: the variables NewFromEnv reads, set to credentials the
// fake accepts.
func (g fakeGen) genEnv(f *jen.File) {
	env := fakeEnv(g.p)
	keys := make([]string, 0, len(env))
	for k := range env {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	f.Comment("Env returns the environment variables NewFromEnv reads credentials from, each set to one the")
	f.Comment("fake accepts: for code under test that builds its client from the environment.")
	f.Func().Params(g.receiver()).Id("Env").Params().Map(jen.String()).String().Block(
		jen.Return(jen.Map(jen.String()).String().Values(jen.DictFunc(func(d jen.Dict) {
			for _, k := range keys {
				d[jen.Lit(k)] = jen.Lit(env[k])
			}
		}))),
	)
	f.Line()
}

// fakeEnv is what the fake's Env returns: each scheme's variables, as
// NewFromEnv reads them, set to the credential the fake accepts. A scheme
// whose flow the client runs has no variable: its client ID and secret
// come with its option.
func fakeEnv(p *spec.Provider) map[string]string {
	env := map[string]string{}
	if sg := p.Signing; sg != nil {
		env[sg.KeyIDEnv], env[sg.SecretEnv] = spec.FakeSigningKeyID, sg.FakeSecret()
		if sg.RegionEnv != "" && sg.Region == "" {
			env[sg.RegionEnv] = "us-east-1" // the spec names no default; the fake reads the region signed for
		}
	}
	for _, fs := range p.Fake.Schemes {
		c := fs.Scheme.Common()
		if c.EnvVar == "" {
			continue
		}
		switch x := fs.Scheme.(type) {
		case *spec.BasicScheme:
			if x.UserEnvVar != "" {
				env[x.UserEnvVar], env[c.EnvVar] = spec.FakeUser, fs.Secret
			}
		case *spec.OAuth2Scheme:
			if x.CallerToken {
				env[c.EnvVar] = fs.Secret
			}
		default:
			env[c.EnvVar] = fs.Secret
		}
	}
	return env
}

// genClient emits Client: a client wired to the fake, with a valid
// credential for every scheme.
//
//	func (s *Server) Client(opts ...jobhive.Option) *jobhive.Client {
//		s.tb.Helper()
//		all := append(s.Options(), jobhive.WithAPIKey("jh_live_fake..."))
//		client, err := jobhive.New(append(all, opts...)...)
//		if err != nil {
//			s.tb.Fatalf("jobhivefake: %v", err)
//		}
//		return client
//	}
func (g fakeGen) genClient(f *jen.File) {
	n := g.n
	s := jen.Id(n.Receiver)
	tb := func() *jen.Statement { return s.Clone().Dot(fakeTBField) }
	all := []jen.Code{s.Clone().Dot("Options").Call()}
	for _, fs := range g.p.Fake.Schemes {
		if opt := g.credentialOption(fs); opt != nil {
			all = append(all, opt) // one per scheme: a scheme takes one credential
		}
	}
	if sg := g.p.Signing; sg != nil {
		// The keys the fake checks signatures with.
		args := []jen.Code{jen.Lit(spec.FakeSigningKeyID), jen.Lit(sg.FakeSecret())}
		if sg.Kind == spec.SigningSigV4 {
			args = append(args, jen.Lit(""))
		}
		all = append(all, g.client(signingOption).Call(args...))
	}
	f.Comment(fmt.Sprintf("Client returns a %s client of the fake (Options), with a credential the fake accepts for", g.p.Package))
	f.Comment("every security scheme; opts come after. For another credential, build the client from")
	f.Comment("Options: a scheme takes one credential.")
	f.Func().Params(g.receiver()).Id(genid.Client).Params(jen.Id(n.Opts).Op("...").Add(g.client(genid.Option))).Op("*").Add(g.client(genid.Client)).BlockFunc(func(b *jen.Group) {
		b.Add(tb()).Dot("Helper").Call()
		if len(all) == 1 {
			b.Id(n.All).Op(":=").Add(all[0]) // a spec without security
		} else {
			b.Id(n.All).Op(":=").Append(all...)
		}
		b.List(jen.Id(n.Client), jen.Id(n.Err)).Op(":=").Add(g.client(genid.New)).Call(jen.Append(jen.Id(n.All), jen.Id(n.Opts).Op("...")).Op("..."))
		b.If(jen.Id(n.Err).Op("!=").Nil()).Block(tb().Dot("Fatalf").Call(jen.Lit(g.p.Fake.Package+": %v"), jen.Id(n.Err)))
		b.Return(jen.Id(n.Client))
	})
}

// credentialOption is the option that gives the client the credential
// the fake accepts for a scheme: its first option that takes one; nil
// when none does (a scheme whose token the caller's function supplies).
func (g fakeGen) credentialOption(fs spec.FakeScheme) jen.Code {
	for _, opt := range fs.Scheme.Common().Options {
		switch opt.Kind {
		case spec.OptionSecret:
			return g.client(opt.GoName).Call(jen.Lit(fs.Secret))
		case spec.OptionBasic:
			return g.client(opt.GoName).Call(jen.Lit(spec.FakeUser), jen.Lit(fs.Secret))
		case spec.OptionClientCredentials:
			return g.client(opt.GoName).Call(jen.Lit(spec.FakeClientID), jen.Lit(spec.FakeClientSecret))
		case spec.OptionPasswordFlow:
			return g.client(opt.GoName).Call(jen.Lit(spec.FakeUser), jen.Lit(spec.FakePassword), jen.Lit(spec.FakeClientID), jen.Lit(spec.FakeClientSecret))
		}
	}
	return nil
}

// genHandler emits On<Method>: the handler takes the method's own
// arguments without opts and returns what the method returns.
//
//	func (s *Server) OnGetThing(h func(ctx context.Context, id string, params *shop.GetThingParams) (*shop.Thing, error)) {
//		authgenfake.Handle(s.Server, "getThing", func(ctx context.Context, c *authgenfake.Call) (any, error) {
//			var id string
//			if err := c.PathArg(0, "id", &id); err != nil {
//				return nil, err
//			}
//			params := &shop.GetThingParams{}
//			if err := c.Params(params, []authgenfake.Param{...}, authgenfake.NoBody); err != nil {
//				return nil, err
//			}
//			return h(ctx, id, params)
//		})
//	}
func (g fakeGen) genHandler(f *jen.File, route spec.FakeRoute) {
	n, op := g.n, route.Operation
	// The handler type's parameters are named as the client method's:
	// names in a function type hide nothing.
	params := []jen.Code{jen.Id("ctx").Qual(pkgContext, "Context")}
	args := []jen.Code{jen.Id(n.Context)}
	for i, pp := range op.PathParams {
		params = append(params, jen.Id(pp.GoName).Add(g.qualifiedType(pp.Type)))
		args = append(args, jen.Id(route.Args[i]))
	}
	if op.ParamsGoName != "" {
		params = append(params, jen.Id("params").Op("*").Add(g.client(op.ParamsGoName)))
		args = append(args, jen.Id(n.Params))
	}
	var results jen.Code = jen.Error()
	switch {
	case op.RawResponse:
		results = jen.Params(jen.Qual("io", "ReadCloser"), jen.Error())
	case op.Response != nil:
		results = jen.Params(jen.Op("*").Add(g.qualifiedType(op.Response)), jen.Error())
	}
	f.Add(doc(
		fmt.Sprintf("On%s sets how the fake answers %s (%s %s): %s gets the method's arguments and", op.GoName, op.GoName, op.Method, op.Path, n.Handler),
		"returns what the method returns; return Error(status, code, message) to answer with the",
		"provider's error envelope.",
	))
	f.Func().Params(g.receiver()).Id("On" + op.GoName).Params(jen.Id(n.Handler).Func().Params(params...).Add(results)).Block(
		rt(genid.FakeHandle).Call(jen.Id(n.Receiver).Dot(genid.FakeServer), jen.Lit(op.ID),
			jen.Func().Params(jen.Id(n.Context).Qual(pkgContext, "Context"), jen.Id(n.Call).Op("*").Add(rt(genid.FakeCall))).Params(jen.Any(), jen.Error()).BlockFunc(func(b *jen.Group) {
				g.readArgs(b, route)
				call := jen.Id(n.Handler).Call(args...)
				if op.Response == nil && !op.RawResponse {
					b.Return(jen.Nil(), call)
					return
				}
				b.Return(call)
			})),
	)
}

// readArgs emits the reading of a call's path arguments and Params.
func (g fakeGen) readArgs(b *jen.Group, route spec.FakeRoute) {
	n, op := g.n, route.Operation
	for i, pp := range op.PathParams {
		b.Var().Id(route.Args[i]).Add(g.qualifiedType(pp.Type))
		b.If(jen.Id(n.Err).Op(":=").Id(n.Call).Dot(genid.FakeCallPathArg).Call(jen.Lit(i), jen.Lit(pp.Name), jen.Op("&").Id(route.Args[i])), jen.Id(n.Err).Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Id(n.Err)))
	}
	if op.ParamsGoName == "" {
		return
	}
	body := genid.FakeNoBody
	if op.Body != nil {
		body = genid.FakeOptionalBody
		if op.Body.Required {
			body = genid.FakeRequiredBody
		}
	}
	b.Id(n.Params).Op(":=").Op("&").Add(g.client(op.ParamsGoName)).Values()
	b.If(jen.Id(n.Err).Op(":=").Id(n.Call).Dot(genid.FakeCallParams).Call(jen.Id(n.Params), fakeParams(op), rt(body)), jen.Id(n.Err).Op("!=").Nil()).Block(jen.Return(jen.Nil(), jen.Id(n.Err)))
}

// fakeParams lists an operation's query, header and cookie parameters for
// the runtime's decoding:
//
//	[]authgenfake.Param{{Name: "limit", In: authgenfake.InQuery, Field: "Limit"}}
func fakeParams(op *spec.Operation) jen.Code {
	return jen.Index().Add(rt(genid.FakeParam)).ValuesFunc(func(g *jen.Group) {
		for _, group := range []struct {
			in string
			ps []spec.Parameter
		}{{genid.FakeInQuery, op.QueryParams}, {genid.FakeInHeader, op.HeaderParams}, {genid.FakeInCookie, op.CookieParams}} {
			for _, q := range group.ps {
				g.Values(jen.DictFunc(func(d jen.Dict) {
					d[jen.Id(genid.FakeParamName)] = jen.Lit(q.Name)
					d[jen.Id(genid.FakeParamIn)] = rt(group.in)
					d[jen.Id(genid.FakeParamField)] = jen.Lit(q.GoName)
					if q.Required {
						d[jen.Id(genid.FakeParamRequired)] = jen.True()
					}
				}))
			}
		}
	})
}

// qualifiedType is goType with the client package's own types qualified.
func (g fakeGen) qualifiedType(t spec.Type) *jen.Statement {
	switch t := t.(type) {
	case *spec.Named:
		return g.client(t.Model.Common().GoName)
	case *spec.Slice:
		return jen.Index().Add(g.qualifiedType(t.Elem))
	case *spec.Map:
		return jen.Map(jen.String()).Add(g.qualifiedType(t.Elem))
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
