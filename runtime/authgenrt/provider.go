package authgenrt

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
)

// Environment names one of the servers the provider's spec declares.
type Environment string

// ProviderSpec is everything the runtime knows about the provider. The
// generated half of the package declares one value of it, `provider`, built
// from the spec; nothing in it changes after initialisation.
type ProviderSpec struct {
	Name              string // package name, prefixes every error
	Environments      []EnvironmentSpec
	EnvironmentEnvVar string
	ServerVariables   []ServerVariableSpec // the {variables} of the servers' URLs
	Schemes           []SchemeSpec
	Security          []SecurityRequirement // global; empty means no credential
	ErrorEnvelope     ErrorEnvelopeSpec
	ErrorShapes       []ErrorEnvelopeSpec // other envelopes the vendor sends, tried in order
	FailureWhen       FailureSpec         // a 2xx body that is an error after all
	ErrorCodes        []ErrorCode
	SuccessData       string // JSON pointer to unwrap on 2xx; "" = the whole body
	Retry             RetryPolicy
	DelayHeaders      []HeaderSpec // in order of preference
	RateLimit         RateLimitSpec
	RequestIDHeader   string
	DefaultHeaders    []FixedHeader // sent on every request; WithDefaultHeader replaces one
	// DefaultQuery are query parameters sent on every request
	// (api-version=2024-01-01), unless the request has one so named.
	DefaultQuery []FixedQuery
	// shouldRetryHeader is the vendor's retry hint (Stripe-Should-Retry):
	// "true" retries even a POST, "false" stops a retry.
	ShouldRetryHeader string
	// idempotencyHeader is where the vendor reads an idempotency key; the
	// client adds a fresh one to each POST and PATCH that lacks it.
	IdempotencyHeader string
	// retryStatuses are statuses besides 502, 503 and 504 that mean "try
	// again" (Notion's 529 service_overload): retried like a 503.
	RetryStatuses []int
	// SteadyRate is a rate the vendor documents for the client to keep
	// (3 requests a second per integration); zero: none. Without a
	// SharedBudget the client keeps it alone.
	SteadyRate Rate

	// RetryWhen are the spec's retry.when rules, in order: the first that
	// matches a failed response decides whether it is retried.
	RetryWhen []RetryRule

	// Signing: each request is signed (x-authgen.signing); nil: none.
	Signing *SigningSpec
}

// FailureSpec says when a 2xx body is an error: the value at pointer is
// the JSON text equals (Slack: /ok is false).
type FailureSpec struct {
	Pointer string
	Equals  string
}

// FixedHeader is a header the spec wants on every request (an API
// version).
type FixedHeader struct {
	Name, Value string
}

// FixedQuery is a query parameter sent on every request.
type FixedQuery struct {
	Name, Value string
}

type EnvironmentSpec struct {
	Name    Environment
	BaseURL string // may hold {variables}
}

// ServerVariableSpec is a {variable} of a server URL.
type ServerVariableSpec struct {
	Name         string
	Option       string // the Option that sets it, for error messages
	EnvVar       string // NewFromEnv reads it from there, when set
	DefaultValue string
	// tenant: the value belongs to the customer and has no usable default;
	// New fails when it is unset rather than send anything to a placeholder
	// host.
	Tenant bool
	// FromCredential names the security scheme whose fixed key gives the
	// value, through Derive, when neither the option nor the environment
	// does (Mailchimp's data centre, after the key's last "-").
	FromCredential string
	Derive         ValueTransform
}

// SecurityRequirement is one alternative of an OpenAPI security list: every
// scheme it names must be applied together (AND); the alternatives of a list
// are tried in order (OR).
type SecurityRequirement []string

// HeaderFormat is how a header carries a time or duration.
type HeaderFormat int

const (
	FormatSeconds      HeaderFormat = iota + 1 // delta-seconds, as in Retry-After: 120
	FormatMilliseconds                         // delta-milliseconds, as in retry-after-ms: 1500
	FormatUnixEpoch                            // absolute Unix time in seconds
	FormatHTTPDate                             // absolute time as an HTTP-date
	formatAuto                                 // Retry-After: delta-seconds or HTTP-date
	FormatDuration                             // a Go-style duration, as OpenAI's x-ratelimit-reset-requests: 6m0s
)

type HeaderSpec struct {
	Name   string
	Format HeaderFormat
	// Pointer, instead of Name, reads the value from the error body's
	// member at this JSON pointer (a 429's {"retry_after": 1.234}).
	Pointer string
	// whenExhausted: the header says when the budget resets, which is a
	// wait only when the remaining budget is 0 (GitHub's x-ratelimit-reset).
	WhenExhausted bool
}

type RateLimitSpec struct {
	Limit     string
	Remaining string
	Reset     HeaderSpec
	// statuses other than 429 that signal a rate limit when the remaining
	// budget is 0 (GitHub answers 403).
	Statuses []int
	// bucket is a header of the form used/limit (Shopify's
	// X-Shopify-Shop-Api-Call-Limit: 32/40); it gives Limit and Remaining.
	Bucket string
}

// exhausted reports a response whose remaining-budget header says 0.
func (p *ProviderSpec) exhausted(h http.Header) bool {
	if p.RateLimit.Bucket != "" {
		if used, limit, ok := parseBucket(h.Get(p.RateLimit.Bucket)); ok && used >= limit {
			return true
		}
	}
	return p.RateLimit.Remaining != "" && remainingZero(h.Get(p.RateLimit.Remaining))
}

// rateLimited reports a response that refuses a request for its rate:
// 429, or a status the spec names with the remaining budget at 0.
func (p *ProviderSpec) rateLimited(status int, h http.Header) bool {
	if status == http.StatusTooManyRequests {
		return true
	}
	for _, s := range p.RateLimit.Statuses {
		if s == status && p.exhausted(h) {
			return true
		}
	}
	return false
}

// ErrorCode is one row of the spec's table of vendor error codes.
type ErrorCode struct {
	Code     string
	Sentinel error
	// final: retrying cannot help (OpenAI's insufficient_quota, a 429
	// that lasts until the bill is paid), so a response with this code is
	// never retried, whatever its status.
	Final bool
	// Pointer is the member of the error body the code is read from, for
	// a vendor with two code members (error_type and error_code); "": the
	// envelope's Code.
	Pointer string
}

// finalCode is the first code of the error that the spec says is never
// retried, read from the envelope's code or from the code's own member.
func (p *ProviderSpec) finalCode(e *APIError) (string, bool) {
	for _, c := range p.ErrorCodes {
		if c.Final && c.matches(e) {
			return c.Code, true
		}
	}
	return "", false
}

// matches reports whether the error carries the code: in the envelope's
// code, or in the member the code names.
func (c ErrorCode) matches(e *APIError) bool {
	if c.Pointer == "" {
		return e.Code != "" && c.Code == e.Code
	}
	return scalarText(lookupPointer(e.Body, c.Pointer)) == c.Code
}

func (p *ProviderSpec) environment(name Environment) (EnvironmentSpec, bool) {
	for _, e := range p.Environments {
		if e.Name == name {
			return e, true
		}
	}
	return EnvironmentSpec{}, false
}

// environmentByName accepts an environment the way a person types it in an
// environment variable: any case.
func (p *ProviderSpec) environmentByName(name string) (Environment, bool) {
	for _, e := range p.Environments {
		if strings.EqualFold(string(e.Name), strings.TrimSpace(name)) {
			return e.Name, true
		}
	}
	return "", false
}

func (p *ProviderSpec) environmentNames() string {
	names := make([]string, len(p.Environments))
	for i, e := range p.Environments {
		names[i] = string(e.Name)
	}
	return strings.Join(names, ", ")
}

func (p *ProviderSpec) scheme(name string) (*SchemeSpec, bool) {
	for i := range p.Schemes {
		if p.Schemes[i].Name == name {
			return &p.Schemes[i], true
		}
	}
	return nil, false
}

// codeSentinels are the sentinels of the vendor codes the error carries:
// the envelope's code first, then each code read from a member of its own
// (a vendor with error_type and error_code matches one sentinel of each).
func (p *ProviderSpec) codeSentinels(e *APIError) []error {
	var out []error
	for _, own := range []bool{false, true} {
		for _, c := range p.ErrorCodes {
			if (c.Pointer != "") == own && c.Sentinel != nil && c.matches(e) {
				out = append(out, c.Sentinel)
			}
		}
	}
	return out
}

// expandServerURL fills a server URL's {variables}: the value set by option
// or environment variable, else the spec's default, except for a tenant
// variable, whose default is a placeholder: then it fails, naming the
// option, before any request or credential goes anywhere. A value may hold
// only letters, digits and . _ ~ -, so it cannot move the request to
// another host or path; one written as the URL or host it stands for is
// cut to the variable first (normaliseServerValue). A variable the spec
// takes from a credential (FromCredential) gets its value from the key
// when nothing sets it.
func (p *ProviderSpec) expandServerURL(template string, values map[string]string, creds map[string]*credential) (string, error) {
	if !strings.Contains(template, "{") {
		return template, nil
	}
	out := template
	for _, v := range p.ServerVariables {
		placeholder := "{" + v.Name + "}"
		if !strings.Contains(out, placeholder) {
			continue
		}
		value, set := values[v.Name]
		derived := false
		if !set && v.FromCredential != "" {
			scheme, _ := p.scheme(v.FromCredential)
			var err error
			if value, derived, err = derivedServerValue(v, scheme, creds[v.FromCredential]); err != nil {
				return "", err
			}
		}
		switch {
		case derived:
			// checked by derivedServerValue, which names no part of the key
		case set:
			normal, err := normaliseServerValue(template, v, value)
			if err != nil {
				return "", err
			}
			value = normal
			if !validServerValue(value) {
				return "", fmt.Errorf("%s: %q is not a usable value for the server variable %q (letters, digits and . _ ~ - only)", v.Option, value, v.Name)
			}
		case v.Tenant:
			hint := v.Option
			if v.EnvVar != "" {
				hint += " or " + v.EnvVar
			}
			if v.FromCredential != "" {
				hint += ", or give the security scheme " + strconv.Quote(v.FromCredential) + " a fixed key it is taken from"
			}
			return "", fmt.Errorf("the server URL %s needs the variable %q, which has no usable default: set it with %s, or give WithBaseURL", template, v.Name, hint)
		default:
			value = v.DefaultValue
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
