package gen

import (
	"cmp"
	"fmt"
	"github.com/authgen/authgen/runtime/authgenrt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/authgen/authgen/internal/genid"
	"github.com/authgen/authgen/internal/spec"
)

// genProvider emits the package documentation, the environment constants and
// the provider description the runtime reads:
//
//	// Package jobhive is a client for the JobHive API.
//	package jobhive
//
//	const EnvironmentProduction Environment = "production"
//
//	var provider = providerSpec{name: "jobhive", ...}
func genProvider(p *spec.Provider, f *jen.File) {
	for _, line := range commentLines(packageDoc(p)) {
		f.PackageComment(line)
	}
	genRuntimeVersionCheck(f)
	genEnvironments(p, f)
	genServerVariableOptions(p, f)
	genSigningOptions(p, f)
	genProviderSpec(p, f)
}

// genRuntimeVersionCheck emits the check that the runtime the client
// compiles against supports the API the client was generated for, as
// protobuf-go's EnforceVersion does:
//
//	const (
//		_ = authgenrt.GeneratedClientTooNew_UpgradeRuntime_...(authgenrt.MaxVersion - 1)
//		_ = authgenrt.RuntimeTooNew_RegenerateClient_...(1 - authgenrt.MinVersion)
//	)
//
// A negative constant does not convert to the unsigned types, so a
// mismatch fails the build with the type's name, which says what to run.
func genRuntimeVersionCheck(f *jen.File) {
	f.Comment(fmt.Sprintf("This client is written for version %d of the runtime's API: the build fails, naming what to run, against a runtime that does not support it.", authgenrt.Version))
	f.Const().Defs(
		jen.Id("_").Op("=").Qual(genid.RuntimePath, genid.ClientTooNew).Call(jen.Qual(genid.RuntimePath, genid.MaxVersion).Op("-").Lit(authgenrt.Version)),
		jen.Id("_").Op("=").Qual(genid.RuntimePath, genid.RuntimeTooNew).Call(jen.Lit(authgenrt.Version).Op("-").Qual(genid.RuntimePath, genid.MinVersion)),
	)
}

// genServerVariableOptions emits one option per server URL variable:
//
//	// WithSubdomain sets the server variable {subdomain} ...
//	func WithSubdomain(value string) Option { return withServerVariable("subdomain", value) }
func genServerVariableOptions(p *spec.Provider, f *jen.File) {
	for _, v := range p.ServerVariables {
		lines := []string{fmt.Sprintf("%s sets the server variable {%s} of the environments' URLs.", v.Option, v.Name)}
		if d := strings.TrimSpace(v.Description); d != "" {
			lines = append(lines, "", d)
		}
		var notes []string
		switch {
		case v.FromCredential != nil:
			notes = append(notes, fmt.Sprintf("Unset, it is %s of the key given to %s (security scheme %q); New fails, naming the variable, when that key has none.",
				transformText(v.Transform), v.FromCredential.Common().Options[0].GoName, v.FromCredential.Common().Name))
			if v.Tenant {
				notes = append(notes, "Its value is the customer's own: New fails when neither gives it (unless WithBaseURL is given).")
			} else {
				notes = append(notes, fmt.Sprintf("Without either, it is %q.", v.Default))
			}
		case v.Tenant:
			notes = append(notes, "Its value is the customer's own: New fails when it is unset (unless WithBaseURL is given).")
		default:
			notes = append(notes, fmt.Sprintf("Unset, it is %q.", v.Default))
		}
		if len(v.Enum) > 0 {
			notes = append(notes, "The spec lists: "+strings.Join(v.Enum, ", ")+".")
		}
		if example, ok := hostExample(p, v); ok && v.Tenant {
			notes = append(notes, fmt.Sprintf("A value given as the URL or host it is part of (%q) is cut to the variable.", example))
		}
		if v.EnvVar != "" {
			notes = append(notes, "NewFromEnv reads it from "+v.EnvVar+".")
		}
		lines = append(lines, "", strings.Join(notes, " "))
		f.Line()
		f.Add(doc(lines...))
		f.Func().Id(v.Option).Params(jen.Id("value").String()).Id(genid.Option).Block(
			jen.Return(jen.Id(genid.WithServerVariable).Call(jen.Lit(v.Name), jen.Id("value"))),
		)
	}
}

// hostExample is the URL of the first environment whose host holds the
// variable, with "acme" for it and every other variable's default (or
// its name): what a caller may paste in place of the variable's value.
func hostExample(p *spec.Provider, v spec.ServerVariable) (string, bool) {
	for _, e := range p.Environments {
		rest := e.URL
		if i := strings.Index(rest, "://"); i >= 0 {
			rest = rest[i+3:]
		}
		host, _, _ := strings.Cut(rest, "/")
		if strings.Count(host, "{"+v.Name+"}") != 1 {
			continue
		}
		host = strings.ReplaceAll(host, "{"+v.Name+"}", "acme")
		for _, other := range p.ServerVariables {
			host = strings.ReplaceAll(host, "{"+other.Name+"}", cmp.Or(other.Default, other.Name))
		}
		scheme, _, _ := strings.Cut(e.URL, "://")
		return scheme + "://" + host + "/", true
	}
	return "", false
}

// transformValue renders how a server variable's value is taken from a
// key.
func transformValue(t *spec.ValueTransform) jen.Code {
	return jen.Qual(genid.RuntimePath, genid.ValueTransform).Values(jen.DictFunc(func(d jen.Dict) {
		d[jen.Id(genid.ValueTransformKind)] = jen.Qual(genid.RuntimePath, transformIdent[t.Kind])
		if t.Kind == spec.TransformRegexp {
			d[jen.Id(genid.ValueTransformPattern)] = jen.Qual(pkgRegexp, "MustCompile").Call(jen.Lit(t.Arg))
		} else {
			d[jen.Id(genid.ValueTransformSep)] = jen.Lit(t.Arg)
		}
		d[jen.Id(genid.ValueTransformDescription)] = jen.Lit(transformText(t))
	}))
}

var transformIdent = map[spec.TransformKind]string{
	spec.TransformAfterLast:   genid.TransformAfterLast,
	spec.TransformAfterFirst:  genid.TransformAfterFirst,
	spec.TransformBeforeFirst: genid.TransformBeforeFirst,
	spec.TransformBeforeLast:  genid.TransformBeforeLast,
	spec.TransformRegexp:      genid.TransformRegexp,
}

// transformText says what a transform takes: `the part after its last "-"`.
func transformText(t *spec.ValueTransform) string {
	switch t.Kind {
	case spec.TransformAfterLast:
		return fmt.Sprintf("the part after its last %q", t.Arg)
	case spec.TransformAfterFirst:
		return fmt.Sprintf("the part after its first %q", t.Arg)
	case spec.TransformBeforeFirst:
		return fmt.Sprintf("the part before its first %q", t.Arg)
	case spec.TransformBeforeLast:
		return fmt.Sprintf("the part before its last %q", t.Arg)
	}
	return "the part the group of " + t.Arg + " matches"
}

func packageDoc(p *spec.Provider) string {
	title := p.Title
	if title == "" {
		title = p.Package
	}
	var b strings.Builder
	fmt.Fprintf(&b, "Package %s is a client for the %s, generated by authgen.", p.Package, strings.TrimSpace(title))
	if d := strings.TrimSpace(p.Description); d != "" {
		b.WriteString("\n\n" + d)
	}
	b.WriteString("\n\nCreate a client with New or NewFromEnv and call one method per operation.")
	b.WriteString(" Failures are *APIError values that errors.Is matches against the Err... sentinels.")
	return strings.ReplaceAll(b.String(), "\r", "")
}

// genEnvironments emits
//
//	const (
//		// EnvironmentProduction is https://api.example.com.
//		EnvironmentProduction Environment = "production"
//	)
func genEnvironments(p *spec.Provider, f *jen.File) {
	f.Comment("The environments the spec declares; WithEnvironment selects one.")
	f.Const().DefsFunc(func(g *jen.Group) {
		for i, e := range p.Environments {
			what := "is the server " + e.URL + "."
			if e.URL == "" {
				what = "has no server URL in the spec; set one with WithBaseURL."
			}
			if i == 0 {
				what += " It is the default."
			}
			g.Add(doc(sentence(e.GoName, what, e.Description)...))
			g.Id(e.GoName).Id(genid.Environment).Op("=").Lit(e.Name)
		}
	})
}

// genProviderSpec emits the providerSpec literal; the other files declare
// the values it refers to.
func genProviderSpec(p *spec.Provider, f *jen.File) {
	f.Comment("provider describes the API to the runtime and the client shell (shell_*.go).")
	f.Var().Id(genid.ProviderSpecVariable).Op("=").Qual(genid.RuntimePath, genid.ProviderSpec).Values(jen.DictFunc(func(d jen.Dict) {
		d[jen.Id(genid.ProviderName)] = jen.Lit(p.Package)
		d[jen.Id(genid.ProviderEnvironments)] = jen.Index().Qual(genid.RuntimePath, genid.EnvironmentSpec).ValuesFunc(func(g *jen.Group) {
			for _, e := range p.Environments {
				g.Values(jen.Dict{jen.Id(genid.EnvironmentName): jen.Id(e.GoName), jen.Id(genid.EnvironmentBaseURL): jen.Lit(e.URL)})
			}
		})
		if p.EnvironmentEnvVar != "" {
			d[jen.Id(genid.ProviderEnvironmentEnvVar)] = jen.Lit(p.EnvironmentEnvVar)
		}
		if len(p.ServerVariables) > 0 {
			d[jen.Id(genid.ProviderServerVariables)] = jen.Index().Qual(genid.RuntimePath, genid.ServerVariableSpec).ValuesFunc(func(g *jen.Group) {
				for _, v := range p.ServerVariables {
					g.Values(jen.DictFunc(func(d jen.Dict) {
						d[jen.Id(genid.ServerVariableName)] = jen.Lit(v.Name)
						d[jen.Id(genid.ServerVariableOption)] = jen.Lit(v.Option)
						if v.EnvVar != "" {
							d[jen.Id(genid.ServerVariableEnvVar)] = jen.Lit(v.EnvVar)
						}
						if v.Default != "" {
							d[jen.Id(genid.ServerVariableDefault)] = jen.Lit(v.Default)
						}
						if v.Tenant {
							d[jen.Id(genid.ServerVariableTenant)] = jen.True()
						}
						if v.FromCredential != nil {
							d[jen.Id(genid.ServerVariableFromCredential)] = jen.Lit(v.FromCredential.Common().Name)
							d[jen.Id(genid.ServerVariableDerive)] = transformValue(v.Transform)
						}
					}))
				}
			})
		}
		d[jen.Id(genid.ProviderSchemes)] = jen.Id(genid.SecuritySchemesVar)
		d[jen.Id(genid.ProviderSecurity)] = jen.Id(genid.GlobalSecurityVar)
		d[jen.Id(genid.ProviderErrorEnvelope)] = jen.Id(genid.ErrorEnvelopeVar)
		if f := p.Errors.FailureWhen; f.Pointer != "" {
			d[jen.Id(genid.ProviderFailureWhen)] = jen.Qual(genid.RuntimePath, genid.FailureSpec).Values(jen.Dict{
				jen.Id(genid.FailurePointer): jen.Lit(f.Pointer),
				jen.Id(genid.FailureEquals):  jen.Lit(f.Equals),
			})
		}
		if len(p.Errors.Shapes) > 0 {
			d[jen.Id(genid.ProviderErrorShapes)] = jen.Index().Qual(genid.RuntimePath, genid.ErrorEnvelopeSpec).ValuesFunc(func(g *jen.Group) {
				for _, s := range p.Errors.Shapes {
					g.Values(jen.DictFunc(func(d jen.Dict) {
						if s.CodePointer != "" {
							d[jen.Id(genid.EnvelopeCode)] = jen.Lit(s.CodePointer)
						}
						if s.MessagePointer != "" {
							d[jen.Id(genid.EnvelopeMessage)] = jen.Lit(s.MessagePointer)
						}
						if s.DetailsPointer != "" {
							d[jen.Id(genid.EnvelopeDetails)] = jen.Lit(s.DetailsPointer)
						}
					}))
				}
			})
		}
		d[jen.Id(genid.ProviderErrorCodes)] = jen.Id(genid.ErrorCodesVar)
		if p.SuccessData != "" {
			d[jen.Id(genid.ProviderSuccessData)] = jen.Lit(p.SuccessData)
		}
		d[jen.Id(genid.ProviderRetry)] = jen.Id(genid.DefaultRetryPolicyVar)
		d[jen.Id(genid.ProviderDelayHeaders)] = jen.Id(genid.DelayHeadersVar)
		d[jen.Id(genid.ProviderRateLimit)] = jen.Id(genid.RateLimitHeadersVar)
		if s := p.RateLimit.Steady; s.Limit > 0 {
			d[jen.Id(genid.ProviderSteadyRate)] = jen.Qual(genid.RuntimePath, genid.Rate).Values(jen.DictFunc(func(d jen.Dict) {
				d[jen.Id(genid.RateLimitField)] = jen.Lit(s.Limit)
				d[jen.Id(genid.RatePer)] = durationExpr(s.Per)
				if s.Burst > 0 {
					d[jen.Id(genid.RateBurst)] = jen.Lit(s.Burst)
				}
			}))
		}
		if h := p.Retry.ShouldRetryHeader; h != "" {
			d[jen.Id(genid.ProviderShouldRetryHeader)] = jen.Lit(h)
		}
		if len(p.Retry.Statuses) > 0 {
			d[jen.Id(genid.ProviderRetryStatuses)] = jen.Index().Int().ValuesFunc(func(g *jen.Group) {
				for _, s := range p.Retry.Statuses {
					g.Lit(s)
				}
			})
		}
		if h := p.Retry.IdempotencyHeader; h != "" {
			d[jen.Id(genid.ProviderIdempotencyHeader)] = jen.Lit(h)
		}
		if len(p.Retry.When) > 0 {
			d[jen.Id(genid.ProviderRetryWhen)] = retryRules(p.Retry.When)
		}
		if len(p.Headers) > 0 {
			d[jen.Id(genid.ProviderDefaultHeaders)] = jen.Index().Qual(genid.RuntimePath, genid.FixedHeader).ValuesFunc(func(g *jen.Group) {
				for _, h := range p.Headers {
					g.Values(jen.Dict{jen.Id(genid.FixedHeaderName): jen.Lit(h.Name), jen.Id(genid.FixedHeaderValue): jen.Lit(h.Value)})
				}
			})
		}
		if len(p.Query) > 0 {
			d[jen.Id(genid.ProviderDefaultQuery)] = jen.Index().Qual(genid.RuntimePath, genid.FixedQuery).ValuesFunc(func(g *jen.Group) {
				for _, q := range p.Query {
					g.Values(jen.Dict{jen.Id(genid.FixedQueryName): jen.Lit(q.Name), jen.Id(genid.FixedQueryValue): jen.Lit(q.Value)})
				}
			})
		}
		if p.RequestIDHeader != "" {
			d[jen.Id(genid.ProviderRequestIDHeader)] = headerName(p.RequestIDHeader)
		}
		if p.Signing != nil {
			d[jen.Id(providerSigningKey)] = signingSpecExpr(p.Signing)
		}
	}))
}

// retryRules emits the spec's retry.when, in order:
//
//	[]authgenrt.RetryRule{{Pointer: "/error/code", Equals: "quota", Retry: false}}
func retryRules(rules []spec.RetryRule) *jen.Statement {
	return jen.Index().Qual(genid.RuntimePath, genid.RetryRule).ValuesFunc(func(g *jen.Group) {
		for _, r := range rules {
			g.Values(jen.DictFunc(func(d jen.Dict) {
				if r.Status != 0 {
					d[jen.Id(genid.RetryRuleStatus)] = jen.Lit(r.Status)
				}
				if r.Method != "" {
					d[jen.Id(genid.RetryRuleMethod)] = jen.Lit(r.Method)
				}
				if r.Pointer != "" {
					d[jen.Id(genid.RetryRulePointer)] = jen.Lit(r.Pointer)
					d[jen.Id(genid.RetryRuleEquals)] = jen.Lit(r.Equals)
				}
				if r.RetryAfter {
					d[jen.Id(genid.RetryRuleRetryAfter)] = jen.True()
				}
				d[jen.Id(genid.RetryRuleRetry)] = jen.Lit(r.Retry)
			}))
		}
	})
}
