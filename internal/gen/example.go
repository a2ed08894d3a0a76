package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/authgen/authgen/internal/genid"
	"github.com/authgen/authgen/internal/spec"
)

// genExample emits example_test.go: a runnable ExampleAPIError, shown in
// the package's documentation, that branches on each kind of failure. It
// talks to an httptest server, so `go test` runs it and checks its output.
//
//	func ExampleAPIError() {
//		srv := httptest.NewServer(...) // answers 429 with Retry-After: 120
//		client, err := New(WithBaseURL(srv.URL), WithMaxRetries(0), ...)
//		err = client.Do(ctx, http.MethodGet, "/example", nil, nil)
//		switch { case errors.Is(err, ErrRateLimited): ... }
//		// Output: rate limited: the server asks to wait 2m0s
//	}
func genExample(p *spec.Provider, f *jen.File) {
	f.Comment("ExampleAPIError shows how to tell failures apart: errors.Is against the vendor's codes and the")
	f.Comment("status sentinels, errors.As for the details. Here the server answers 429 and asks for a wait")
	f.Comment("longer than the caller allows, so the *APIError comes back at once with RetryAfter set.")
	f.Func().Id("ExampleAPIError").Params().BlockFunc(func(g *jen.Group) {
		g.Id("srv").Op(":=").Qual(pkgHTTPTest, "NewServer").Call(
			jen.Qual(pkgHTTP, "HandlerFunc").Call(jen.Func().Params(
				jen.Id("w").Qual(pkgHTTP, "ResponseWriter"), jen.Id("r").Op("*").Qual(pkgHTTP, "Request"),
			).Block(
				jen.Id("w").Dot("Header").Call().Dot("Set").Call(jen.Lit("Retry-After"), jen.Lit("120")),
				jen.Id("w").Dot("WriteHeader").Call(jen.Qual(pkgHTTP, "StatusTooManyRequests")),
			)),
		)
		g.Defer().Id("srv").Dot("Close").Call()
		g.Line()
		opts := []jen.Code{jen.Id(genid.WithBaseURL).Call(jen.Id("srv").Dot("URL")), jen.Id(genid.WithMaxRetries).Call(jen.Lit(0))}
		opts = append(opts, exampleCredentials(p)...)
		g.List(jen.Id("client"), jen.Err()).Op(":=").Id(genid.New).Call(opts...)
		g.If(jen.Err().Op("!=").Nil()).Block(
			jen.Qual(pkgFmt, "Println").Call(jen.Err()),
			jen.Return(),
		)
		g.Line()
		g.Err().Op("=").Id("client").Dot(genid.ClientDo).Call(jen.Qual(pkgContext, "Background").Call(), jen.Qual(pkgHTTP, exampleMethod(p)), jen.Lit("/example"), jen.Nil(), jen.Nil())
		g.Var().Id("apiErr").Op("*").Id(genid.APIError)
		g.Var().Id("decodeErr").Op("*").Id(genid.DecodeError)
		g.Switch().BlockFunc(func(g *jen.Group) {
			g.Case(jen.Err().Op("==").Nil()).Block(jen.Qual(pkgFmt, "Println").Call(jen.Lit("success")))
			for _, c := range p.Errors.Codes {
				if c.StatusSentinel {
					continue
				}
				g.Case(jen.Qual(pkgErrors, "Is").Call(jen.Err(), jen.Id(c.GoName))).Block(
					jen.Qual(pkgFmt, "Println").Call(jen.Lit(fmt.Sprintf("the vendor says %s", c.Code))),
				)
			}
			g.Case(jen.Qual(pkgErrors, "Is").Call(jen.Err(), jen.Id(genid.ErrRateLimited)).Op("&&").Qual(pkgErrors, "As").Call(jen.Err(), jen.Op("&").Id("apiErr"))).Block(
				jen.Qual(pkgFmt, "Println").Call(jen.Lit("rate limited: the server asks to wait"), jen.Id("apiErr").Dot(genid.APIErrorRetryAfter)),
			)
			g.Case(jen.Qual(pkgErrors, "Is").Call(jen.Err(), jen.Id(genid.ErrUnauthorized)), jen.Qual(pkgErrors, "Is").Call(jen.Err(), jen.Id(genid.ErrForbidden))).Block(
				jen.Qual(pkgFmt, "Println").Call(jen.Lit("check the credential and its permissions")),
			)
			g.Case(jen.Qual(pkgErrors, "Is").Call(jen.Err(), jen.Id(genid.ErrNotFound))).Block(
				jen.Qual(pkgFmt, "Println").Call(jen.Lit("no such resource")),
			)
			g.Case(jen.Qual(pkgErrors, "Is").Call(jen.Err(), jen.Id(genid.ErrServer))).Block(
				jen.Qual(pkgFmt, "Println").Call(jen.Lit("the provider failed; retries are used up")),
			)
			g.Case(jen.Qual(pkgErrors, "As").Call(jen.Err(), jen.Op("&").Id("apiErr"))).Block(
				jen.Qual(pkgFmt, "Println").Call(jen.Lit("another status:"), jen.Id("apiErr").Dot(genid.APIErrorStatusCode), jen.Id("apiErr").Dot(genid.APIErrorCode), jen.Id("apiErr").Dot(genid.APIErrorMessage)),
			)
			g.Case(jen.Qual(pkgErrors, "As").Call(jen.Err(), jen.Op("&").Id("decodeErr"))).Block(
				jen.Qual(pkgFmt, "Println").Call(jen.Lit("a 2xx body the client could not decode:"), jen.Id("decodeErr").Dot(genid.APIErrorStatusCode)),
			)
			g.Case(jen.Qual(pkgErrors, "Is").Call(jen.Err(), jen.Id(genid.ErrMissingCredential))).Block(
				jen.Qual(pkgFmt, "Println").Call(jen.Lit("configure a credential")),
			)
			g.Case(jen.Qual(pkgErrors, "Is").Call(jen.Err(), jen.Qual(pkgContext, "DeadlineExceeded"))).Block(
				jen.Qual(pkgFmt, "Println").Call(jen.Lit("timed out")),
			)
			g.Default().Block(
				jen.Qual(pkgFmt, "Println").Call(jen.Lit("transport failure:"), jen.Err()),
			)
		})
		g.Comment("Output: rate limited: the server asks to wait 2m0s")
	})
}

// exampleCredentials satisfies the first global requirement with options
// that take functions, which no key format check refuses.
// exampleMethod is the example call's method: a GET, unless the
// credential the example gives goes in the request body, which a GET
// cannot carry (a POST without a body sends the credential's members
// alone).
func exampleMethod(p *spec.Provider) string {
	if len(p.Security) > 0 {
		for _, use := range p.Security[0].Schemes {
			if len(use.Scheme.Common().BodyPlacements()) > 0 {
				return "MethodPost"
			}
		}
	}
	return "MethodGet"
}

func exampleCredentials(p *spec.Provider) []jen.Code {
	var out []jen.Code
	if sg := p.Signing; sg != nil {
		// A client that signs needs its keys before New.
		if sg.Kind == spec.SigningSigV4 {
			out = append(out, jen.Id(signingOption).Call(jen.Lit("AKIDEXAMPLE"), jen.Lit("example-secret"), jen.Lit("")))
		} else {
			out = append(out, jen.Id(signingOption).Call(jen.Lit("example-key-id"), jen.Lit("example-secret")))
		}
	}
	if len(p.Security) == 0 {
		return out
	}
	fn := jen.Func().Params(jen.Qual(pkgContext, "Context")).Params(jen.String(), jen.Error()).Block(
		jen.Return(jen.Lit("example-credential"), jen.Nil()),
	)
	for _, use := range p.Security[0].Schemes {
		for _, opt := range use.Scheme.Common().Options {
			switch opt.Kind {
			case spec.OptionBasic:
				out = append(out, jen.Id(opt.GoName).Call(jen.Lit("example-user"), jen.Lit("example-password")))
			case spec.OptionSecretFunc:
				out = append(out, jen.Id(opt.GoName).Call(fn.Clone()))
			default:
				continue
			}
			break
		}
	}
	return out
}
