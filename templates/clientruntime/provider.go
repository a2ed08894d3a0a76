package clientruntime

import (
	"fmt"
	"net/http"
	"strings"
)

// Environment names one of the servers the provider's spec declares.
type Environment string

// providerSpec is everything the runtime knows about the provider. The
// generated half of the package declares one value of it, `provider`, built
// from the spec; nothing in it changes after initialisation.
type providerSpec struct {
	name              string // package name, prefixes every error
	environments      []environmentSpec
	environmentEnvVar string
	serverVariables   []serverVariableSpec // the {variables} of the servers' URLs
	schemes           []schemeSpec
	security          []securityRequirement // global; empty means no credential
	errorEnvelope     errorEnvelopeSpec
	errorShapes       []errorEnvelopeSpec // other envelopes the vendor sends, tried in order
	failureWhen       failureSpec         // a 2xx body that is an error after all
	errorCodes        []errorCode
	successData       string // JSON pointer to unwrap on 2xx; "" = the whole body
	retry             RetryPolicy
	delayHeaders      []headerSpec // in order of preference
	rateLimit         rateLimitSpec
	requestIDHeader   string
	defaultHeaders    []fixedHeader // sent on every request; WithDefaultHeader replaces one
	// shouldRetryHeader is the vendor's retry hint (Stripe-Should-Retry):
	// "true" retries even a POST, "false" stops a retry.
	shouldRetryHeader string
	// idempotencyHeader is where the vendor reads an idempotency key; the
	// client adds a fresh one to each POST and PATCH that lacks it.
	idempotencyHeader string
	// retryStatuses are statuses besides 502, 503 and 504 that mean "try
	// again" (Notion's 529 service_overload): retried like a 503.
	retryStatuses []int
}

// failureSpec says when a 2xx body is an error: the value at pointer is
// the JSON text equals (Slack: /ok is false).
type failureSpec struct {
	pointer string
	equals  string
}

// fixedHeader is a header the spec wants on every request (an API
// version).
type fixedHeader struct {
	name, value string
}

type environmentSpec struct {
	name    Environment
	baseURL string // may hold {variables}
}

// serverVariableSpec is a {variable} of a server URL.
type serverVariableSpec struct {
	name         string
	option       string // the Option that sets it, for error messages
	envVar       string // NewFromEnv reads it from there, when set
	defaultValue string
	// tenant: the value belongs to the customer and has no usable default;
	// New fails when it is unset rather than send anything to a placeholder
	// host.
	tenant bool
}

// securityRequirement is one alternative of an OpenAPI security list: every
// scheme it names must be applied together (AND); the alternatives of a list
// are tried in order (OR).
type securityRequirement []string

// headerFormat is how a header carries a time or duration.
type headerFormat int

const (
	formatSeconds      headerFormat = iota + 1 // delta-seconds, as in Retry-After: 120
	formatMilliseconds                         // delta-milliseconds, as in retry-after-ms: 1500
	formatUnixEpoch                            // absolute Unix time in seconds
	formatHTTPDate                             // absolute time as an HTTP-date
	formatAuto                                 // Retry-After: delta-seconds or HTTP-date
	formatDuration                             // a Go-style duration, as OpenAI's x-ratelimit-reset-requests: 6m0s
)

type headerSpec struct {
	name   string
	format headerFormat
	// whenExhausted: the header says when the budget resets, which is a
	// wait only when the remaining budget is 0 (GitHub's x-ratelimit-reset).
	whenExhausted bool
}

type rateLimitSpec struct {
	limit     string
	remaining string
	reset     headerSpec
	// statuses other than 429 that signal a rate limit when the remaining
	// budget is 0 (GitHub answers 403).
	statuses []int
	// bucket is a header of the form used/limit (Shopify's
	// X-Shopify-Shop-Api-Call-Limit: 32/40); it gives Limit and Remaining.
	bucket string
}

// exhausted reports a response whose remaining-budget header says 0.
func (p *providerSpec) exhausted(h http.Header) bool {
	if p.rateLimit.bucket != "" {
		if used, limit, ok := parseBucket(h.Get(p.rateLimit.bucket)); ok && used >= limit {
			return true
		}
	}
	return p.rateLimit.remaining != "" && strings.TrimSpace(h.Get(p.rateLimit.remaining)) == "0"
}

// rateLimited reports a response that refuses a request for its rate:
// 429, or a status the spec names with the remaining budget at 0.
func (p *providerSpec) rateLimited(status int, h http.Header) bool {
	if status == http.StatusTooManyRequests {
		return true
	}
	for _, s := range p.rateLimit.statuses {
		if s == status && p.exhausted(h) {
			return true
		}
	}
	return false
}

// errorCode is one row of the spec's table of vendor error codes.
type errorCode struct {
	code     string
	sentinel error
	// final: retrying cannot help (OpenAI's insufficient_quota, a 429
	// that lasts until the bill is paid), so a response with this code is
	// never retried, whatever its status.
	final bool
}

// finalCode reports whether code is one the spec says is never retried.
func (p *providerSpec) finalCode(code string) bool {
	for _, c := range p.errorCodes {
		if c.final && c.code == code {
			return true
		}
	}
	return false
}

func (p *providerSpec) environment(name Environment) (environmentSpec, bool) {
	for _, e := range p.environments {
		if e.name == name {
			return e, true
		}
	}
	return environmentSpec{}, false
}

// environmentByName accepts an environment the way a person types it in an
// environment variable: any case.
func (p *providerSpec) environmentByName(name string) (Environment, bool) {
	for _, e := range p.environments {
		if strings.EqualFold(string(e.name), strings.TrimSpace(name)) {
			return e.name, true
		}
	}
	return "", false
}

func (p *providerSpec) environmentNames() string {
	names := make([]string, len(p.environments))
	for i, e := range p.environments {
		names[i] = string(e.name)
	}
	return strings.Join(names, ", ")
}

func (p *providerSpec) scheme(name string) (*schemeSpec, bool) {
	for i := range p.schemes {
		if p.schemes[i].name == name {
			return &p.schemes[i], true
		}
	}
	return nil, false
}

// codeSentinel returns the sentinel of a vendor error code, if the spec lists
// the code.
func (p *providerSpec) codeSentinel(code string) error {
	for _, c := range p.errorCodes {
		if c.code == code {
			return c.sentinel
		}
	}
	return nil
}

// expandServerURL fills a server URL's {variables}: the value set by option
// or environment variable, else the spec's default, except for a tenant
// variable, whose default is a placeholder: then it fails, naming the
// option, before any request or credential goes anywhere. A value may hold
// only letters, digits and . _ ~ -, so it cannot move the request to
// another host or path.
func (p *providerSpec) expandServerURL(template string, values map[string]string) (string, error) {
	if !strings.Contains(template, "{") {
		return template, nil
	}
	out := template
	for _, v := range p.serverVariables {
		placeholder := "{" + v.name + "}"
		if !strings.Contains(out, placeholder) {
			continue
		}
		value, set := values[v.name]
		switch {
		case set:
			if !validServerValue(value) {
				return "", fmt.Errorf("%s: %q is not a usable value for the server variable %q (letters, digits and . _ ~ - only)", v.option, value, v.name)
			}
		case v.tenant:
			hint := v.option
			if v.envVar != "" {
				hint += " or " + v.envVar
			}
			return "", fmt.Errorf("the server URL %s needs the variable %q, which has no usable default: set it with %s, or give WithBaseURL", template, v.name, hint)
		default:
			value = v.defaultValue
		}
		out = strings.ReplaceAll(out, placeholder, value)
	}
	if strings.Contains(out, "{") {
		return "", fmt.Errorf("the server URL %s has a variable the spec does not declare; give WithBaseURL", template)
	}
	return out, nil
}

func validServerValue(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("._~-", r)) {
			return false
		}
	}
	return true
}
