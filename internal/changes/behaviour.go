package changes

import (
	"fmt"
	"sort"
	"strings"

	"github.com/authgen/authgen/internal/spec"
)

// fact is one thing about a provider's behaviour, by a stable key, and what
// a change to it means for the callers.
type fact struct {
	area  Area
	value string
	// breaking says which differences can break working code: a removal,
	// a change of value, an addition.
	removeBreaks, changeBreaks, addBreaks bool
	// changeOnly facts belong to something whose coming and going the Go
	// API already reports (an operation's security).
	changeOnly bool
}

// Behaviour compares what the two models say about auth, servers, headers,
// errors, rate limits and retries.
func Behaviour(old, new *spec.Provider) []Change {
	before, after := facts(old), facts(new)
	keys := map[string]bool{}
	for k := range before {
		keys[k] = true
	}
	for k := range after {
		keys[k] = true
	}
	sorted := make([]string, 0, len(keys))
	for k := range keys {
		sorted = append(sorted, k)
	}
	sort.Strings(sorted)
	var out []Change
	for _, k := range sorted {
		was, had := before[k]
		now, has := after[k]
		switch {
		case had != has && (was.changeOnly || now.changeOnly):
		case had && !has:
			out = append(out, Change{Area: was.area, Breaking: was.removeBreaks, Message: fmt.Sprintf("%s: removed (was %s)", k, was.value)})
		case !had && has:
			out = append(out, Change{Area: now.area, Breaking: now.addBreaks, Message: fmt.Sprintf("%s: added (%s)", k, now.value)})
		case was.value != now.value:
			out = append(out, Change{Area: now.area, Breaking: now.changeBreaks, Message: fmt.Sprintf("%s: was %s, now %s", k, was.value, now.value)})
		}
	}
	return out
}

func quote(s string) string { return fmt.Sprintf("%q", s) }

func facts(p *spec.Provider) map[string]fact {
	f := map[string]fact{}
	// Anything that changes where a credential goes, or which credential
	// is wanted, can turn working calls into 401s: breaking.
	auth := func(key, value string) {
		f[key] = fact{area: AreaAuth, value: value, removeBreaks: true, changeBreaks: true, addBreaks: true}
	}
	for _, s := range p.Schemes {
		c := s.Common()
		f["security scheme "+quote(c.Name)] = fact{area: AreaAuth, value: schemeText(s), removeBreaks: true, changeBreaks: true}
		if c.EnvVar != "" {
			auth("security scheme "+quote(c.Name)+" credential variable", c.EnvVar)
		}
		if k, ok := s.(*spec.APIKeyScheme); ok {
			// The value the key is sent as: a scheme word (SSWS <key>) or a
			// template (Token token=<key>) the vendor checks byte for byte.
			value := quote(k.ValuePrefix + "{key}" + k.ValueSuffix)
			if k.HTTPWord != "" {
				value = quote(k.HTTPWord + " " + k.ValuePrefix + "{key}" + k.ValueSuffix)
			}
			auth("security scheme "+quote(c.Name)+" value sent", value)
		}
		if b, ok := s.(*spec.BasicScheme); ok {
			if b.UserPrefix != "" || b.UserSuffix != "" {
				user := "{user}"
				if b.KeyOnly {
					user = "" // fixed: the prefix is the whole user name
				}
				auth("security scheme "+quote(c.Name)+" user name shape", quote(b.UserPrefix+user+b.UserSuffix))
			}
			if b.KeyOnly {
				// The option takes the key alone: its signature changes.
				auth("security scheme "+quote(c.Name)+" user name", "fixed or ignored; the option takes only the key")
			}
			if b.UserPathParam != "" {
				auth("security scheme "+quote(c.Name)+" path parameter from the user name", b.UserPathParam)
			}
		}
		for _, h := range c.Headers {
			f["header "+quote(h.Name)+" with the credential of "+quote(c.Name)] = fact{area: AreaAuth, value: "from " + h.Option + envText(h.EnvVar), removeBreaks: true, changeBreaks: true}
		}
		if len(c.KeyFormats) > 0 {
			var formats []string
			for _, k := range c.KeyFormats {
				t := "prefix " + quote(k.Prefix)
				if k.Pattern != "" {
					t = "pattern " + quote(k.Pattern)
				}
				if k.Environment != nil {
					t += " → " + k.Environment.Name
				}
				formats = append(formats, t)
			}
			auth("security scheme "+quote(c.Name)+" key formats", strings.Join(formats, ", "))
		}
	}
	for _, o := range p.Operations {
		effective := o.Security
		if effective == nil {
			effective = p.Security
		}
		f["security of "+o.GoName] = fact{area: AreaAuth, value: requirementsText(effective), changeBreaks: true, changeOnly: true}
	}

	// Servers: a changed URL or a removed environment sends requests
	// elsewhere or stops compiling a constant.
	for _, e := range p.Environments {
		f["environment "+quote(e.Name)] = fact{area: AreaEnvironments, value: e.URL, removeBreaks: true, changeBreaks: true}
	}
	if p.EnvironmentEnvVar != "" {
		f["environment variable"] = fact{area: AreaEnvironments, value: p.EnvironmentEnvVar, removeBreaks: true, changeBreaks: true}
	}
	for _, v := range p.ServerVariables {
		value := "default " + quote(v.Default)
		if v.Tenant {
			value = "the customer's own, required"
		}
		if len(v.Enum) > 0 {
			value += ", one of " + strings.Join(v.Enum, " ")
		}
		if v.EnvVar != "" {
			value += ", from $" + v.EnvVar
		}
		f["server variable "+quote(v.Name)] = fact{area: AreaEnvironments, value: value, removeBreaks: true, changeBreaks: true, addBreaks: v.Tenant}
	}

	// Fixed headers: an API version is a contract with the vendor.
	for _, h := range p.Headers {
		f["header "+quote(h.Name)+" on every request"] = fact{area: AreaHeaders, value: quote(h.Value), removeBreaks: true, changeBreaks: true, addBreaks: true}
	}
	if p.RequestIDHeader != "" {
		f["request id header"] = fact{area: AreaHeaders, value: quote(p.RequestIDHeader)}
	}

	// Errors: a removed code loses its sentinel's meaning; a new envelope
	// reads codes from elsewhere.
	for _, c := range p.Errors.Codes {
		value := c.GoName
		if c.Status != 0 {
			value += fmt.Sprintf(", status %d", c.Status)
		}
		if c.Final {
			value += ", never retried"
		}
		f["error code "+quote(c.Code)] = fact{area: AreaErrors, value: value, removeBreaks: true}
	}
	envelope := fmt.Sprintf("code %s, message %s, details %s", pointer(p.Errors.CodePointer), pointer(p.Errors.MessagePointer), pointer(p.Errors.DetailsPointer))
	for _, s := range p.Errors.Shapes {
		envelope += fmt.Sprintf("; or code %s, message %s, details %s", pointer(s.CodePointer), pointer(s.MessagePointer), pointer(s.DetailsPointer))
	}
	f["error envelope"] = fact{area: AreaErrors, value: envelope, changeBreaks: true}
	if p.Errors.FailureWhen.Pointer != "" {
		f["failure inside a 2xx"] = fact{area: AreaErrors, value: p.Errors.FailureWhen.Pointer + " = " + p.Errors.FailureWhen.Equals, removeBreaks: true, changeBreaks: true}
	}
	for _, e := range p.Errors.Fields {
		f["error field "+e.GoName] = fact{area: AreaErrors, value: e.Pointer + " (" + string(e.Type) + ")", removeBreaks: true, changeBreaks: true}
	}
	for _, o := range p.Operations {
		if o.OwnSuccess {
			f["success envelope data of "+o.GoName] = fact{area: AreaErrors, value: pointer(o.SuccessData), removeBreaks: true, changeBreaks: true, addBreaks: true}
		}
	}
	if p.SuccessData != "" {
		f["success envelope data"] = fact{area: AreaErrors, value: p.SuccessData, removeBreaks: true, changeBreaks: true, addBreaks: true}
	}

	// Rate limits and retries change how long calls wait, not whether
	// code compiles or credentials work.
	rl := p.RateLimit
	if rl.Limit != "" {
		f["rate-limit limit header"] = fact{area: AreaRateLimits, value: quote(rl.Limit)}
	}
	if rl.Remaining != "" {
		f["rate-limit remaining header"] = fact{area: AreaRateLimits, value: quote(rl.Remaining)}
	}
	if rl.Reset.Name != "" {
		f["rate-limit reset header"] = fact{area: AreaRateLimits, value: timeHeaderText(rl.Reset)}
		timeFormat(f, "rate-limit reset header", rl.Reset)
	}
	if rl.Bucket != "" {
		f["rate-limit bucket header"] = fact{area: AreaRateLimits, value: quote(rl.Bucket) + " as used/limit"}
	}
	if len(rl.Statuses) > 0 {
		f["rate-limit statuses besides 429"] = fact{area: AreaRateLimits, value: fmt.Sprint(rl.Statuses)}
	}
	for i, h := range p.DelayHeaders {
		key := "delay header " + quote(h.Name)
		if h.Pointer != "" {
			key = "delay in the body at " + h.Pointer
		}
		f[key] = fact{area: AreaRateLimits, value: fmt.Sprintf("%s, preference %d", timeHeaderText(h), i+1)}
		timeFormat(f, key, h)
	}
	if st := rl.Steady; st.Limit > 0 {
		// Like the rest of this section, it changes how long calls wait.
		f["steady rate kept"] = fact{area: AreaRateLimits, value: fmt.Sprintf("%d every %v, bursts of %d", st.Limit, st.Per, max(st.Burst, st.Limit))}
	}
	for _, m := range p.Metering {
		// The field's type is the Go API's to report; the header it is
		// read from is not, and a field read from a header the vendor no
		// longer sends is silently zero.
		f["metering "+m.GoName+" header"] = fact{area: AreaRateLimits, value: quote(m.Header), changeBreaks: true}
	}
	if sg := p.Signing; sg != nil {
		// Every part of a signature is checked by the vendor: any change
		// can turn working calls into refusals.
		auth("request signing", fmt.Sprintf("%+v", *sg))
	}
	r := p.Retry
	f["retry policy"] = fact{area: AreaRetries, value: fmt.Sprintf("%d retries, backoff %v to %v, longest wait %v, shortest %v", r.MaxRetries, r.BaseDelay, r.MaxDelay, r.MaxWait, r.MinWait)}
	if len(r.Statuses) > 0 {
		f["statuses retried like 503"] = fact{area: AreaRetries, value: fmt.Sprint(r.Statuses)}
	}
	if r.ShouldRetryHeader != "" {
		f["retry hint header"] = fact{area: AreaRetries, value: quote(r.ShouldRetryHeader)}
	}
	if r.IdempotencyHeader != "" {
		f["idempotency key header"] = fact{area: AreaRetries, value: quote(r.IdempotencyHeader)}
	}
	memberFacts(f, p)
	return f
}

// memberFacts are the requiredness and nullability of every model's
// members. A change to either can leave the Go type as it was (a nullable
// member made required is a pointer still, but a nil one is now sent as
// null rather than left out) while the wire changes under working code:
// breaking. A member's coming and going is the Go API's to report.
func memberFacts(f map[string]fact, p *spec.Provider) {
	for _, m := range p.Models {
		s, ok := m.(*spec.StructModel)
		if !ok || s.SameAs != "" {
			continue
		}
		for _, field := range s.Fields {
			value := "required"
			if field.Optional {
				value = "optional"
			}
			if field.Nullable {
				value += " and nullable"
			}
			f[fmt.Sprintf("member %s.%s (%s)", s.GoName, field.GoName, field.Name)] = fact{area: AreaAPI, value: value, changeBreaks: true, changeOnly: true}
		}
	}
}

func pointer(p string) string {
	if p == "" {
		return "(none)"
	}
	return p
}

// timeFormat records a time header's unit on its own, breaking when it
// changes: a client reading "1000" as milliseconds where it read seconds
// retries 1000 times sooner (issue 26). The header's own fact still says
// the change in words.
func timeFormat(f map[string]fact, key string, h spec.TimeHeader) {
	f[key+" format"] = fact{area: AreaRateLimits, value: string(h.Format), changeBreaks: true, changeOnly: true}
}

func timeHeaderText(h spec.TimeHeader) string {
	where := quote(h.Name)
	if h.Pointer != "" {
		where = "body member " + h.Pointer
	}
	t := where + " in " + string(h.Format)
	if h.WhenExhausted {
		t += ", only when none remain"
	}
	return t
}

func schemeText(s spec.AuthScheme) string {
	switch s := s.(type) {
	case *spec.APIKeyScheme:
		return fmt.Sprintf("API key in %s %q", s.In, s.ParamName)
	case *spec.BearerScheme:
		return "HTTP bearer token"
	case *spec.BasicScheme:
		return "HTTP basic"
	case *spec.OAuth2Scheme:
		var flows []string
		if s.ClientCredentials != nil {
			flows = append(flows, "client credentials at "+s.ClientCredentials.TokenURL)
		}
		if s.Password != nil {
			flows = append(flows, "password at "+s.Password.TokenURL)
		}
		if s.CallerToken {
			flows = append(flows, "a token the caller gives")
		}
		return "OAuth 2 (" + strings.Join(flows, "; ") + ")"
	case *spec.OpenIDConnectScheme:
		return "OpenID Connect (" + s.DiscoveryURL + ")"
	}
	return fmt.Sprintf("%T", s)
}

func requirementsText(reqs []spec.Requirement) string {
	if len(reqs) == 0 {
		return "none"
	}
	var alts []string
	for _, r := range reqs {
		if len(r.Schemes) == 0 {
			alts = append(alts, "no credential")
			continue
		}
		var all []string
		for _, u := range r.Schemes {
			t := u.Scheme.Common().Name
			if len(u.Scopes) > 0 {
				t += " [" + strings.Join(u.Scopes, " ") + "]"
			}
			all = append(all, t)
		}
		alts = append(alts, strings.Join(all, " and "))
	}
	return strings.Join(alts, " or ")
}

func envText(v string) string {
	if v == "" {
		return ""
	}
	return " or $" + v
}
