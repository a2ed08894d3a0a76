package gen

import (
	"time"

	"github.com/dave/jennifer/jen"

	"github.com/authgen/authgen/internal/spec"
)

// genRetry emits the spec's retry policy and delay headers:
//
//	var defaultRetryPolicy = RetryPolicy{MaxRetries: 3, BaseDelay: 500 * time.Millisecond, ...}
//	var delayHeaders = []headerSpec{{name: "X-RateLimit-Retry-After", format: formatSeconds}}
func genRetry(p *spec.Provider, f *jen.File) {
	r := p.Retry
	f.Comment("defaultRetryPolicy is the spec's retry policy; WithRetryPolicy and WithMaxRetries override it.")
	f.Var().Id("defaultRetryPolicy").Op("=").Id("RetryPolicy").Values(jen.Dict{
		jen.Id("MaxRetries"): jen.Lit(r.MaxRetries),
		jen.Id("BaseDelay"):  durationExpr(r.BaseDelay),
		jen.Id("MaxDelay"):   durationExpr(r.MaxDelay),
		jen.Id("MaxWait"):    durationExpr(r.MaxWait),
	})
	f.Line()
	f.Comment("delayHeaders are the headers that say how long to wait before a retry, in the spec's order of")
	f.Comment("preference. Retry-After and retry-after-ms are read after them.")
	f.Var().Id("delayHeaders").Op("=").Index().Id("headerSpec").ValuesFunc(func(g *jen.Group) {
		for _, h := range p.DelayHeaders {
			g.Add(headerSpecValue(h))
		}
	})
}

func headerSpecValue(h spec.TimeHeader) jen.Code {
	return jen.Values(jen.Dict{jen.Id("name"): jen.Lit(h.Name), jen.Id("format"): jen.Id(formatIdent(h.Format))})
}

// formatIdent names the runtime constant of a header format.
func formatIdent(f spec.TimeFormat) string {
	switch f {
	case spec.Seconds:
		return "formatSeconds"
	case spec.Milliseconds:
		return "formatMilliseconds"
	case spec.UnixEpoch:
		return "formatUnixEpoch"
	case spec.HTTPDate:
		return "formatHTTPDate"
	}
	return "formatAuto"
}

// durationExpr spells a duration the way a person would: 500 *
// time.Millisecond rather than 500000000.
func durationExpr(d time.Duration) jen.Code {
	units := []struct {
		unit time.Duration
		name string
	}{{time.Hour, "Hour"}, {time.Minute, "Minute"}, {time.Second, "Second"}, {time.Millisecond, "Millisecond"}, {time.Microsecond, "Microsecond"}}
	if d == 0 {
		return jen.Lit(0)
	}
	for _, u := range units {
		if d%u.unit == 0 {
			n := int64(d / u.unit)
			if n == 1 {
				return jen.Qual(pkgTime, u.name)
			}
			return jen.Lit(int(n)).Op("*").Qual(pkgTime, u.name)
		}
	}
	return jen.Qual(pkgTime, "Duration").Call(jen.Lit(int64(d)))
}
