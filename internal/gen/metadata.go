package gen

import (
	"github.com/dave/jennifer/jen"

	"github.com/authgen/authgen/internal/genid"
	"github.com/authgen/authgen/internal/spec"
)

// genMetadata emits the rate-limit and metering headers:
//
//	var rateLimitHeaders = rateLimitSpec{limit: "X-RateLimit-Limit", ...}
//
//	type Metering struct {
//		// CreditsDeducted is the X-Credits-Deducted header. ...
//		CreditsDeducted int64
//	}
//
//	func parseMetering(h http.Header) Metering { ... }
func genMetadata(p *spec.Provider, f *jen.File) {
	rl := p.RateLimit
	f.Comment("rateLimitHeaders name the headers that report rate-limit state (Response.RateLimit).")
	f.Var().Id(genid.RateLimitHeadersVar).Op("=").Qual(genid.RuntimePath, genid.RateLimitSpec).Values(jen.DictFunc(func(d jen.Dict) {
		if rl.Limit != "" {
			d[jen.Id(genid.RateLimitLimit)] = headerName(rl.Limit)
		}
		if rl.Remaining != "" {
			d[jen.Id(genid.RateLimitRemaining)] = headerName(rl.Remaining)
		}
		if len(rl.Statuses) > 0 {
			d[jen.Id(genid.RateLimitStatuses)] = jen.Index().Int().ValuesFunc(func(g *jen.Group) {
				for _, s := range rl.Statuses {
					g.Lit(s)
				}
			})
		}
		if rl.Bucket != "" {
			d[jen.Id(genid.RateLimitBucket)] = headerName(rl.Bucket)
		}
		if rl.Reset.Name != "" {
			d[jen.Id(genid.RateLimitReset)] = jen.Qual(genid.RuntimePath, genid.HeaderSpec).Add(headerSpecValue(rl.Reset))
		}
	}))
	f.Line()
	genMeteringType(p, f)
	f.Line()
	genParseMetering(p, f)
}

func genMeteringType(p *spec.Provider, f *jen.File) {
	if len(p.Metering) == 0 {
		f.Comment("Metering holds the usage headers the spec declares; this spec declares none.")
	} else {
		f.Comment("Metering holds the usage headers the spec declares, typed. It is embedded in Response and")
		f.Comment("*APIError, so its fields read as resp.Field and apiErr.Field. A field is zero when its header")
		f.Comment("is absent or malformed.")
	}
	f.Type().Id(genid.MeteringType).StructFunc(func(g *jen.Group) {
		for _, m := range p.Metering {
			lines := []string{m.GoName + " is the " + m.Header + " header."}
			if m.Description != "" {
				lines = append(lines, "", m.Description)
			}
			g.Add(doc(lines...))
			g.Id(m.GoName).Add(meteringGoType(m.Type))
		}
	})
}

func meteringGoType(t spec.MeteringType) *jen.Statement {
	switch t {
	case spec.MeterNumber:
		return jen.Float64()
	case spec.MeterString:
		return jen.String()
	case spec.MeterBoolean:
		return jen.Bool()
	case spec.MeterArray:
		return jen.Index().String()
	}
	return jen.Int64()
}

// genParseMetering emits
//
//	func parseMetering(h http.Header) Metering {
//		var m Metering
//		m.CreditsDeducted, _ = authgenrt.HeaderInt64(h, "X-Credits-Deducted")
//		return m
//	}
func genParseMetering(p *spec.Provider, f *jen.File) {
	f.Comment("parseMetering reads the metering headers; malformed values are left zero.")
	f.Func().Id(genid.ParseMeteringFunction).Params(jen.Id("h").Qual(pkgHTTP, "Header")).Id(genid.MeteringType).BlockFunc(func(g *jen.Group) {
		g.Var().Id("m").Id(genid.MeteringType)
		for _, m := range p.Metering {
			switch m.Type {
			case spec.MeterNumber:
				g.List(jen.Id("m").Dot(m.GoName), jen.Id("_")).Op("=").Qual(genid.RuntimePath, genid.HeaderFloat64).Call(jen.Id("h"), headerName(m.Header))
			case spec.MeterString:
				g.Id("m").Dot(m.GoName).Op("=").Id("h").Dot("Get").Call(headerName(m.Header))
			case spec.MeterBoolean:
				g.List(jen.Id("m").Dot(m.GoName), jen.Id("_")).Op("=").Qual(genid.RuntimePath, genid.HeaderBool).Call(jen.Id("h"), headerName(m.Header))
			default:
				g.List(jen.Id("m").Dot(m.GoName), jen.Id("_")).Op("=").Qual(genid.RuntimePath, genid.HeaderInt64).Call(jen.Id("h"), headerName(m.Header))
			}
		}
		g.Return(jen.Id("m"))
	})
}
