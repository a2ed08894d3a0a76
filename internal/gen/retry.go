package gen

import (
	"time"

	"github.com/dave/jennifer/jen"

	"github.com/authgen/authgen/internal/genid"
	"github.com/authgen/authgen/internal/spec"
)

// genRetry emits the spec's retry policy and delay headers:
//
//	var defaultRetryPolicy = RetryPolicy{MaxRetries: 3, BaseDelay: 500 * time.Millisecond, ...}
//	var delayHeaders = []headerSpec{{name: "X-RateLimit-Retry-After", format: formatSeconds}}
func genRetry(p *spec.Provider, f *jen.File) {
	r := p.Retry
	f.Comment("defaultRetryPolicy is the spec's retry policy; WithRetryPolicy and WithMaxRetries override it.")
	f.Var().Id(genid.DefaultRetryPolicyVar).Op("=").Id(genid.RetryPolicy).Values(jen.DictFunc(func(d jen.Dict) {
		d[jen.Id(genid.RetryMaxRetries)] = jen.Lit(r.MaxRetries)
		d[jen.Id(genid.RetryBaseDelay)] = durationExpr(r.BaseDelay)
		d[jen.Id(genid.RetryMaxDelay)] = durationExpr(r.MaxDelay)
		d[jen.Id(genid.RetryMaxWait)] = durationExpr(r.MaxWait)
		if r.MinWait > 0 {
			d[jen.Id(genid.RetryMinWait)] = durationExpr(r.MinWait)
		}
	}))
	f.Line()
	f.Comment("delayHeaders are the headers that say how long to wait before a retry, in the spec's order of")
	f.Comment("preference. Retry-After and retry-after-ms are read after them.")
	f.Var().Id(genid.DelayHeadersVar).Op("=").Index().Qual(genid.RuntimePath, genid.HeaderSpec).ValuesFunc(func(g *jen.Group) {
		for _, h := range p.DelayHeaders {
			g.Add(headerSpecValue(h))
		}
	})
}

func headerSpecValue(h spec.TimeHeader) jen.Code {
	return jen.Values(jen.DictFunc(func(d jen.Dict) {
		if h.Pointer != "" {
			d[jen.Id(genid.HeaderPointer)] = jen.Lit(h.Pointer)
		} else {
			d[jen.Id(genid.HeaderName)] = headerName(h.Name)
		}
		d[jen.Id(genid.HeaderFormat)] = jen.Qual(genid.RuntimePath, formatIdent(h.Format))
		if h.WhenExhausted {
			d[jen.Id(genid.HeaderWhenExhausted)] = jen.True()
		}
	}))
}

// formatIdent names the runtime constant of a header format.
func formatIdent(f spec.TimeFormat) string {
	switch f {
	case spec.Seconds:
		return genid.FormatSeconds
	case spec.Milliseconds:
		return genid.FormatMilliseconds
	case spec.UnixEpoch:
		return genid.FormatUnixEpoch
	case spec.Duration:
		return genid.FormatDuration
	case spec.RFC3339:
		return genid.FormatRFC3339
	case spec.RateLimit:
		return genid.FormatRateLimit
	}
	return genid.FormatHTTPDate // spec.HTTPDate, the last of the closed set
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
