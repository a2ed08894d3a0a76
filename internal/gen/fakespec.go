package gen

import (
	"github.com/dave/jennifer/jen"

	"github.com/authgen/authgen/internal/genid"
	"github.com/authgen/authgen/internal/spec"
)

// genSpec emits the provider as its fake needs it, in the client
// runtime's words where they exist:
//
//	var fakeSpec = authgenfake.Spec{
//		BasePath: "/v1",
//		Envelope: authgenrt.ErrorEnvelopeSpec{Code: "/error/code", Message: "/error/message"},
//		UnauthorizedCode: "INVALID_API_KEY",
//		Schemes: []authgenfake.Scheme{{Name: "apiKey", Kind: authgenrt.SchemeBearer, Secret: "jh_live_fake..."}},
//		Routes: []authgenfake.Route{{Operation: "listInterviews", ...}},
//	}
func (g fakeGen) genSpec(f *jen.File) {
	p, fake := g.p, g.p.Fake
	f.Comment(g.n.SpecVar + " is the provider as the spec describes it, for the fake's machinery.")
	f.Var().Id(g.n.SpecVar).Op("=").Add(rt(genid.FakeSpec)).Values(jen.DictFunc(func(d jen.Dict) {
		if fake.BasePath != "" {
			d[jen.Id(genid.FakeSpecBasePath)] = jen.Lit(fake.BasePath)
		}
		code, message := p.Errors.CodePointer, p.Errors.MessagePointer
		if code == "" && message == "" { // none declared: where the error schema has room
			code, message = fake.ErrorShape.CodePointer, fake.ErrorShape.MessagePointer
		}
		if code != "" || message != "" {
			d[jen.Id(genid.FakeSpecEnvelope)] = jen.Qual(genid.RuntimePath, genid.ErrorEnvelopeSpec).Values(jen.DictFunc(func(d jen.Dict) {
				if code != "" {
					d[jen.Id(genid.EnvelopeCode)] = jen.Lit(code)
				}
				if message != "" {
					d[jen.Id(genid.EnvelopeMessage)] = jen.Lit(message)
				}
			}))
		}
		if shape := fake.ErrorShape; shape.Skeleton != "" {
			d[jen.Id(genid.FakeSpecErrorShape)] = errorShapeValue(shape, false)
		}
		if fw := p.Errors.FailureWhen; fw.Pointer != "" {
			d[jen.Id(genid.FakeSpecFailureWhen)] = jen.Qual(genid.RuntimePath, genid.FailureSpec).Values(jen.Dict{
				jen.Id(genid.FailurePointer): jen.Lit(fw.Pointer),
				jen.Id(genid.FailureEquals):  jen.Lit(fw.Equals),
			})
		}
		if rl := fakeRateLimit(p.RateLimit); rl != nil {
			d[jen.Id(genid.FakeSpecRateLimit)] = rl
		}
		if len(p.DelayHeaders) > 0 {
			d[jen.Id(genid.FakeSpecDelayHeaders)] = jen.Index().Qual(genid.RuntimePath, genid.HeaderSpec).ValuesFunc(func(g *jen.Group) {
				for _, h := range p.DelayHeaders {
					g.Add(headerSpecValue(h))
				}
			})
		}
		d[jen.Id(genid.FakeSpecUnauthorizedCode)] = jen.Lit(fake.UnauthorizedCode)
		d[jen.Id(genid.FakeSpecRateLimitedCode)] = jen.Lit(fake.RateLimitedCode)
		if len(fake.FaultCodes) > 0 {
			// FaultCodes: map[int]string{404: "not_found", 503: "service_unavailable"},
			d[jen.Id(genid.FakeSpecFaultCodes)] = jen.Map(jen.Int()).String().Values(jen.DictFunc(func(d jen.Dict) {
				for _, c := range fake.FaultCodes {
					d[jen.Lit(c.Status)] = jen.Lit(c.Code)
				}
			}))
		}
		if len(fake.Schemes) > 0 {
			d[jen.Id(genid.FakeSpecSchemes)] = jen.Index().Add(rt(genid.FakeScheme)).ValuesFunc(func(g *jen.Group) {
				for _, s := range fake.Schemes {
					g.Add(fakeSchemeValue(s))
				}
			})
		}
		if sg := p.Signing; sg != nil {
			d[jen.Id(genid.FakeSpecSigning)] = signingSpecExpr(sg)
			d[jen.Id(genid.FakeSpecSigningKeyID)] = jen.Lit(spec.FakeSigningKeyID)
			d[jen.Id(genid.FakeSpecSigningSecret)] = jen.Lit(sg.FakeSecret())
			if r := sg.SignatureRefusal; r.Code != "" {
				d[jen.Id(genid.FakeSpecSignatureCode)] = jen.Lit(r.Code)
				if r.Status != 0 {
					d[jen.Id(genid.FakeSpecSignatureStatus)] = jen.Lit(r.Status)
				}
			}
			if r := sg.TimestampRefusal; r.Code != "" {
				d[jen.Id(genid.FakeSpecTimestampCode)] = jen.Lit(r.Code)
				if r.Status != 0 {
					d[jen.Id(genid.FakeSpecTimestampStatus)] = jen.Lit(r.Status)
				}
			}
		}
		if w := p.Webhooks; w != nil {
			d[jen.Id(genid.FakeSpecWebhook)] = jen.Op("&").Add(webhookSpecValue(w))
		}
		d[jen.Id(genid.FakeSpecRoutes)] = jen.Index().Add(rt(genid.FakeRoute)).ValuesFunc(func(g *jen.Group) {
			for _, r := range fake.Routes {
				g.Add(fakeRouteValue(p, r))
			}
		})
	}))
	f.Line()
}

// fakeRateLimit is the provider's rate-limit headers; nil when it names
// none.
func fakeRateLimit(rl spec.RateLimitHeaders) jen.Code {
	if rl.Limit == "" && rl.Remaining == "" && rl.Bucket == "" && rl.Reset.Name == "" {
		return nil
	}
	return jen.Qual(genid.RuntimePath, genid.RateLimitSpec).Values(jen.DictFunc(func(d jen.Dict) {
		for key, v := range map[string]string{genid.RateLimitLimit: rl.Limit, genid.RateLimitRemaining: rl.Remaining, genid.RateLimitBucket: rl.Bucket} {
			if v != "" {
				d[jen.Id(key)] = jen.Lit(v)
			}
		}
		if rl.Reset.Name != "" {
			d[jen.Id(genid.RateLimitReset)] = jen.Qual(genid.RuntimePath, genid.HeaderSpec).Add(headerSpecValue(rl.Reset))
		}
	}))
}

// fakeSchemeValue is a scheme and the credential the fake accepts.
func fakeSchemeValue(fs spec.FakeScheme) jen.Code {
	return jen.Values(jen.DictFunc(func(d jen.Dict) {
		d[jen.Id(genid.FakeSchemeName)] = jen.Lit(fs.Scheme.Common().Name)
		d[jen.Id(genid.FakeSchemeKind)] = jen.Qual(genid.RuntimePath, schemeKindIdent(fs.Scheme))
		d[jen.Id(genid.FakeSchemeSecret)] = jen.Lit(fs.Secret)
		if hs := fs.Scheme.Common().Headers; len(hs) > 0 {
			d[jen.Id(genid.FakeSchemeHeaders)] = jen.Index().String().ValuesFunc(func(g *jen.Group) {
				for _, h := range hs {
					g.Add(headerName(h.Name))
				}
			})
		}
		if ps := fs.Scheme.Common().Placements; len(ps) > 0 {
			d[jen.Id(genid.FakeSchemePlacements)] = placementsValue(ps)
		}
		switch x := fs.Scheme.(type) {
		case *spec.APIKeyScheme:
			d[jen.Id(genid.FakeSchemeParam)] = jen.Lit(x.ParamName)
			if x.ValuePrefix != "" {
				d[jen.Id(genid.FakeSchemeValuePrefix)] = jen.Lit(x.ValuePrefix)
			}
			if x.ValueSuffix != "" {
				d[jen.Id(genid.FakeSchemeValueSuffix)] = jen.Lit(x.ValueSuffix)
			}
		case *spec.BasicScheme:
			d[jen.Id(genid.FakeSchemeUser)] = jen.Lit(fs.User)
		case *spec.OAuth2Scheme:
			if flow := firstFlow(x); flow != nil {
				d[jen.Id(genid.FakeSchemeTokenURL)] = jen.Lit(flow.TokenURL)
				d[jen.Id(genid.FakeSchemeClientID)] = jen.Lit(spec.FakeClientID)
				d[jen.Id(genid.FakeSchemeClientSecret)] = jen.Lit(spec.FakeClientSecret)
			}
		}
	}))
}

// fakeRouteValue is one routed operation.
func fakeRouteValue(p *spec.Provider, r spec.FakeRoute) jen.Code {
	op := r.Operation
	success := p.SuccessData
	if op.OwnSuccess {
		success = op.SuccessData
	}
	return jen.Values(jen.DictFunc(func(d jen.Dict) {
		d[jen.Id(genid.FakeRouteOperation)] = jen.Lit(op.ID)
		d[jen.Id(genid.FakeRouteMethod)] = jen.Lit(op.GoName)
		d[jen.Id(genid.FakeRouteVerb)] = jen.Lit(op.Method)
		d[jen.Id(genid.FakeRoutePattern)] = jen.Index().Add(rt(genid.FakePiece)).ValuesFunc(func(g *jen.Group) {
			for _, piece := range r.Pattern {
				g.Values(jen.DictFunc(func(d jen.Dict) {
					if piece.Literal != "" {
						d[jen.Id(genid.FakePieceLiteral)] = jen.Lit(piece.Literal)
						return
					}
					d[jen.Id(genid.FakePieceParam)] = jen.Lit(piece.Index)
					if piece.Multi {
						d[jen.Id(genid.FakePieceMulti)] = jen.True()
					}
				}))
			}
		})
		if len(op.Security) > 0 {
			d[jen.Id(genid.FakeRouteSecurity)] = requirementsValue(op.Security)
		}
		d[jen.Id(genid.FakeRouteStatus)] = jen.Lit(r.Status)
		if success != "" {
			d[jen.Id(genid.FakeRouteSuccessData)] = jen.Lit(success)
		}
		if pg := op.Pagination; pg != nil {
			d[jen.Id(genid.FakeRoutePaging)] = jen.Op("&").Add(pageSpecValue(pg))
		}
		if op.Response != nil && !op.RawResponse {
			d[jen.Id(genid.FakeRouteResultBody)] = jen.True()
		}
		if r.MediaType != "" {
			d[jen.Id(genid.FakeRouteMediaType)] = jen.Lit(r.MediaType)
		}
		if r.Result != "" {
			d[jen.Id(genid.FakeRouteResult)] = jen.Lit(r.Result)
		}
		if len(r.ErrorShapes) > 0 {
			// ErrorShapes: []authgenfake.StatusErrorShape{{Code: "400", Shape: authgenfake.ErrorShape{...}}},
			d[jen.Id(genid.FakeRouteErrorShapes)] = jen.Index().Add(rt(genid.FakeStatusErrorShape)).ValuesFunc(func(g *jen.Group) {
				for _, es := range r.ErrorShapes {
					g.Values(jen.Dict{
						jen.Id(genid.FakeStatusErrorShapeCode):  jen.Lit(es.Code),
						jen.Id(genid.FakeStatusErrorShapeShape): errorShapeValue(es.Shape, true),
					})
				}
			})
		}
		if st := op.Stream; st != nil {
			d[jen.Id(genid.FakeRouteStream)] = jen.Op("&").Add(rt(genid.FakeRouteStreamT)).Values(jen.DictFunc(func(d jen.Dict) {
				if st.Toggle != "" {
					d[jen.Id(genid.FakeRouteStreamToggle)] = jen.Lit(st.Toggle)
				}
				if st.Done != "" {
					d[jen.Id(genid.FakeRouteStreamDone)] = jen.Lit(st.Done)
				}
				if st.ErrorEvent != "" {
					d[jen.Id(genid.FakeRouteStreamErrorEvent)] = jen.Lit(st.ErrorEvent)
				}
			}))
		}
	}))
}

// errorShapeValue renders an error envelope's shape; withPointers adds
// where it keeps the code and message (an operation's own envelope, when
// the spec declares none).
func errorShapeValue(shape spec.FakeErrorShape, withPointers bool) jen.Code {
	return rt(genid.FakeErrorShape).Values(jen.DictFunc(func(d jen.Dict) {
		d[jen.Id(genid.FakeErrorShapeSkeleton)] = jen.Lit(shape.Skeleton)
		if shape.CodeType != "string" {
			d[jen.Id(genid.FakeErrorShapeCodeType)] = jen.Lit(shape.CodeType)
		}
		if shape.MessageType != "string" {
			d[jen.Id(genid.FakeErrorShapeMessageType)] = jen.Lit(shape.MessageType)
		}
		if len(shape.CodeValues) > 0 {
			d[jen.Id(genid.FakeErrorShapeCodeValues)] = jen.Index().String().ValuesFunc(func(g *jen.Group) {
				for _, v := range shape.CodeValues {
					g.Lit(v)
				}
			})
		}
		if withPointers && shape.Undeclared {
			d[jen.Id(genid.FakeErrorShapeOwnPointers)] = jen.True()
		}
		if withPointers && shape.CodePointer != "" {
			d[jen.Id(genid.FakeErrorShapeCodePointer)] = jen.Lit(shape.CodePointer)
		}
		if withPointers && shape.MessagePointer != "" {
			d[jen.Id(genid.FakeErrorShapeMessagePointer)] = jen.Lit(shape.MessagePointer)
		}
	}))
}
