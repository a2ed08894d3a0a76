package clientruntime

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// schemeKind is how a security scheme puts its credential on a request.
type schemeKind int

const (
	schemeBearer        schemeKind = iota + 1 // Authorization: Bearer <token>
	schemeHeaderKey                           // <name>: <key>
	schemeQueryKey                            // ?<name>=<key>
	schemeCookieKey                           // Cookie: <name>=<key>
	schemeBasic                               // Authorization: Basic base64(user:pass)
	schemeOAuth2                              // Authorization: Bearer <fetched token>
	schemeOpenIDConnect                       // Authorization: Bearer <caller's token>
)

// schemeSpec is one entry of components.securitySchemes.
type schemeSpec struct {
	name       string // as in the spec; requirements refer to it
	kind       schemeKind
	paramName  string // header, query or cookie name for API keys
	option     string // the Option that sets it, for error messages
	envVar     string // NewFromEnv reads the credential from it
	envVarUser string // basic auth: the user name's variable
	keyFormats []keyFormat
	// userPrefix and userSuffix surround the user name basic auth sends
	// (Zendesk's "{email}/token": suffix "/token").
	userPrefix, userSuffix string
	// headers go with this scheme's credential, when set (OpenAI's
	// OpenAI-Organization and OpenAI-Project).
	headers []credentialHeader
}

// credentialHeader is an optional header sent with a scheme's credential.
type credentialHeader struct {
	name   string
	envVar string // NewFromEnv reads its value from it
}

// withCredentialHeader is the option body of a credential's optional
// header.
func withCredentialHeader(name, value string) Option {
	return func(s *settings) error {
		if strings.TrimSpace(value) == "" {
			return fmt.Errorf("%s: empty value", name)
		}
		if strings.ContainsAny(value, "\r\n") {
			return fmt.Errorf("%s: the value holds a line break", name)
		}
		s.credentialHeaders[http.CanonicalHeaderKey(name)] = value
		return nil
	}
}

// credentialUser is a path parameter that defaults to the user name of the
// scheme's basic credential (Twilio's {AccountSid}): given when the caller
// gives one, else the credential's.
func (c *Client) credentialUser(scheme, given string) string {
	if given != "" {
		return given
	}
	if cred := c.credentials[scheme]; cred != nil {
		return cred.username.reveal()
	}
	return ""
}

// keyFormat ties a key's shape to the environment it belongs to.
type keyFormat struct {
	prefix      string
	pattern     *regexp.Regexp
	environment Environment // "" when the format says nothing about it
	description string      // what a valid key looks like, for errors
}

func (f keyFormat) matches(key string) bool {
	if f.prefix != "" && !strings.HasPrefix(key, f.prefix) {
		return false
	}
	if f.pattern != nil && !f.pattern.MatchString(key) {
		return false
	}
	return true
}

// secret holds a credential. Every way of formatting it prints a placeholder,
// so a credential that reaches a log line or an error by accident stays
// hidden.
type secret string

const redacted = "[REDACTED]"

func (secret) String() string               { return redacted }
func (secret) GoString() string             { return redacted }
func (secret) Format(f fmt.State, _ rune)   { _, _ = f.Write([]byte(redacted)) }
func (secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }
func (s secret) reveal() string             { return string(s) }
func (s secret) isSet() bool                { return s != "" }
func (s secret) equal(other string) bool    { return string(s) == other }

// credential is what one scheme's option supplied.
type credential struct {
	static   secret                                // a fixed key or token
	fetch    func(context.Context) (string, error) // a key or token that rotates
	username secret                                // basic auth
	password secret                                // basic auth
	tokens   tokenSource                           // oauth2 flows the client runs itself
	fromEnv  string                                // the variable it came from, if any
}

// tokenSource is an access token the client fetches and refreshes itself
// (runtime_oauth.go, present only in clients whose spec has such a flow).
type tokenSource interface {
	// token returns a valid token, fetching one when needed.
	token(ctx context.Context, c *Client) (string, error)
	// invalidate drops the token a refused request used; true when it was
	// this source's, so that a retry with a fresh one makes sense.
	invalidate(used string) bool
	// secrets are the fixed secrets the source holds (a client secret, a
	// password), for the redactor.
	secrets() []string
}

// Format hides the credential's content whatever the verb.
func (c credential) Format(f fmt.State, _ rune) {
	_, _ = f.Write([]byte("credential{" + redacted + "}"))
}

func withCredential(scheme string, cred *credential) Option {
	return func(s *settings) error {
		if _, dup := s.credentials[scheme]; dup {
			return fmt.Errorf("security scheme %q is set twice", scheme)
		}
		s.credentials[scheme] = cred
		return nil
	}
}

// withStaticSecret is the option body of an apiKey or bearer scheme.
func withStaticSecret(scheme, value string) Option {
	if value == "" {
		return func(*settings) error { return fmt.Errorf("security scheme %q: empty credential", scheme) }
	}
	return withCredential(scheme, &credential{static: secret(value)})
}

// withSecretFunc is the option body of the ...Func variants.
func withSecretFunc(scheme string, fn func(context.Context) (string, error)) Option {
	if fn == nil {
		return func(*settings) error { return fmt.Errorf("security scheme %q: nil function", scheme) }
	}
	return withCredential(scheme, &credential{fetch: fn})
}

// withBasic is the option body of an http basic scheme.
func withBasic(scheme, username, password string) Option {
	if username == "" && password == "" {
		return func(*settings) error { return fmt.Errorf("security scheme %q: empty user name and password", scheme) }
	}
	return withCredential(scheme, &credential{username: secret(username), password: secret(password)})
}

// credentialFromEnv reads the scheme's variable(s); nil when unset.
func (s *schemeSpec) credentialFromEnv(lookupEnv func(string) (string, bool)) (*credential, error) {
	switch s.kind {
	case schemeBasic:
		if s.envVarUser == "" || s.envVar == "" {
			return nil, nil
		}
		user, okUser := lookupEnv(s.envVarUser)
		pass, okPass := lookupEnv(s.envVar)
		user, pass = strings.TrimSpace(user), strings.TrimSpace(pass)
		okUser, okPass = okUser && user != "", okPass && pass != ""
		switch {
		case !okUser && !okPass:
			return nil, nil
		case !okUser:
			// Never send half a credential (an empty user name).
			return nil, fmt.Errorf("%w: security scheme %q: %s is set but %s is not", ErrMissingCredential, s.name, s.envVar, s.envVarUser)
		case !okPass:
			return nil, fmt.Errorf("%w: security scheme %q: %s is set but %s is not", ErrMissingCredential, s.name, s.envVarUser, s.envVar)
		}
		return &credential{username: secret(user), password: secret(pass), fromEnv: s.envVar}, nil
	default:
		// A key, a bearer token, or the access token of an OAuth 2.0 or
		// OpenID Connect scheme whose flow the caller runs (the spec may
		// name a variable only for those; a flow the client runs needs a
		// client ID and secret, given with its option).
		if s.envVar == "" {
			return nil, nil
		}
		v, ok := lookupEnv(s.envVar)
		if !ok || strings.TrimSpace(v) == "" {
			return nil, nil
		}
		return &credential{static: secret(strings.TrimSpace(v)), fromEnv: s.envVar}, nil
	}
}

// impliedEnvironment checks every fixed key against its scheme's formats and
// returns the environment the keys point to ("" when they say nothing).
// The key itself never appears in the error.
func (p *providerSpec) impliedEnvironment(creds map[string]*credential) (Environment, error) {
	var implied Environment
	for _, scheme := range p.schemes {
		cred, ok := creds[scheme.name]
		if !ok || !cred.static.isSet() || len(scheme.keyFormats) == 0 {
			continue
		}
		format, ok := scheme.matchFormat(cred.static.reveal())
		if !ok {
			return "", scheme.formatError(cred)
		}
		if format.environment == "" {
			continue
		}
		if implied != "" && implied != format.environment {
			return "", fmt.Errorf("credentials for environments %q and %q conflict", implied, format.environment)
		}
		implied = format.environment
	}
	return implied, nil
}

func (s *schemeSpec) matchFormat(key string) (keyFormat, bool) {
	for _, f := range s.keyFormats {
		if f.matches(key) {
			return f, true
		}
	}
	return keyFormat{}, false
}

func (s *schemeSpec) formatError(cred *credential) error {
	want := make([]string, len(s.keyFormats))
	for i, f := range s.keyFormats {
		want[i] = f.description
	}
	source := s.option
	if cred.fromEnv != "" {
		source = cred.fromEnv
	}
	return fmt.Errorf("%w: the key given to %s (security scheme %q) has no known format; want %s",
		ErrInvalidCredential, source, s.name, strings.Join(want, " or "))
}

// ErrInvalidCredential is returned by New when a credential is malformed,
// and ErrMissingCredential by a call whose operation needs a credential that
// was not given.
var (
	ErrInvalidCredential = errors.New("invalid credential")
	ErrMissingCredential = errors.New("missing credential")
)

// applySecurity puts on req the credentials of the first requirement whose
// schemes are all configured. An empty list means the operation is public;
// an empty requirement in the list ({}) means anonymous access is allowed,
// which is used only when no other requirement can be met.
func (c *Client) applySecurity(ctx context.Context, req *http.Request, requirements []securityRequirement) error {
	if len(requirements) == 0 {
		return nil
	}
	anonymous := false
	for _, r := range requirements {
		if len(r) == 0 {
			anonymous = true
			continue
		}
		if !c.hasAll(r) {
			continue
		}
		for _, name := range r {
			scheme, _ := c.spec.scheme(name)
			if err := c.applyScheme(ctx, req, scheme, c.credentials[name]); err != nil {
				return err
			}
		}
		return nil
	}
	if anonymous {
		return nil
	}
	return c.missingCredential(requirements)
}

func (c *Client) hasAll(r securityRequirement) bool {
	for _, name := range r {
		if _, ok := c.credentials[name]; !ok {
			return false
		}
		if _, ok := c.spec.scheme(name); !ok {
			return false
		}
	}
	return true
}

func (c *Client) missingCredential(requirements []securityRequirement) error {
	var alternatives []string
	for _, r := range requirements {
		var parts []string
		for _, name := range r {
			if _, ok := c.credentials[name]; ok {
				continue
			}
			hint := name
			if scheme, ok := c.spec.scheme(name); ok {
				hint = fmt.Sprintf("%q (%s", name, scheme.option)
				if scheme.envVar != "" {
					hint += " or " + scheme.envVar
				}
				hint += ")"
			}
			parts = append(parts, hint)
		}
		alternatives = append(alternatives, strings.Join(parts, " and "))
	}
	return fmt.Errorf("%w: security scheme %s", ErrMissingCredential, strings.Join(alternatives, ", or "))
}

func (c *Client) applyScheme(ctx context.Context, req *http.Request, scheme *schemeSpec, cred *credential) error {
	for _, h := range scheme.headers {
		if v := c.credentialHeaders[http.CanonicalHeaderKey(h.name)]; v != "" {
			req.Header.Set(h.name, v)
		}
	}
	if fixed, ok := c.fixedAuth[scheme.name]; ok {
		req.Header[fixed.name] = fixed.value
		return nil
	}
	if scheme.kind == schemeBasic {
		raw := scheme.userPrefix + cred.username.reveal() + scheme.userSuffix + ":" + cred.password.reveal()
		req.Header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(raw)))
		return nil
	}
	value, err := c.credentialValue(ctx, scheme, cred)
	if err != nil {
		return err
	}
	switch scheme.kind {
	case schemeBearer, schemeOAuth2, schemeOpenIDConnect:
		req.Header.Set("Authorization", "Bearer "+value)
	case schemeHeaderKey:
		req.Header.Set(scheme.paramName, value)
	case schemeQueryKey:
		// The request's URL may be shared by every attempt of the call
		// (newHTTPRequest): the key goes on the request's own copy.
		u := *req.URL
		q := u.Query()
		q.Set(scheme.paramName, value)
		u.RawQuery = q.Encode()
		req.URL = &u
	case schemeCookieKey:
		req.AddCookie(&http.Cookie{Name: scheme.paramName, Value: value})
	}
	return nil
}

// authHeader is a header a fixed credential sends: its canonical name, and
// its value as a read-only slice every request shares. A RoundTripper must
// not modify a request, net/http says; this relies on that, as the shared
// User-Agent and Accept values do.
type authHeader struct {
	name  string
	value []string
}

// fixedAuthHeaders makes, once per client, the header of every scheme
// whose credential is fixed and sent in a header: "Bearer " and the
// token, the base64 of a basic pair, an API key. A call then sets a
// shared value instead of building it (two to four allocations a call).
// Credentials that rotate (a function, an OAuth flow) are built per call.
func fixedAuthHeaders(spec *providerSpec, creds map[string]*credential) map[string]authHeader {
	fixed := map[string]authHeader{}
	for i := range spec.schemes {
		scheme := &spec.schemes[i]
		cred := creds[scheme.name]
		if cred == nil || cred.fetch != nil || cred.tokens != nil {
			continue
		}
		switch scheme.kind {
		case schemeBasic:
			raw := scheme.userPrefix + cred.username.reveal() + scheme.userSuffix + ":" + cred.password.reveal()
			fixed[scheme.name] = authHeader{"Authorization", []string{"Basic " + base64.StdEncoding.EncodeToString([]byte(raw))}}
		case schemeBearer, schemeOAuth2, schemeOpenIDConnect:
			if cred.static.isSet() {
				fixed[scheme.name] = authHeader{"Authorization", []string{"Bearer " + cred.static.reveal()}}
			}
		case schemeHeaderKey:
			if cred.static.isSet() {
				fixed[scheme.name] = authHeader{http.CanonicalHeaderKey(scheme.paramName), []string{cred.static.reveal()}}
			}
		}
	}
	return fixed
}

// credentialValue returns the key or token to send, fetching it when it
// rotates. A fetched value is remembered by the redactor so that it never
// shows up in an error either.
func (c *Client) credentialValue(ctx context.Context, scheme *schemeSpec, cred *credential) (string, error) {
	switch {
	case cred.tokens != nil:
		tok, err := cred.tokens.token(ctx, c)
		if err != nil {
			return "", fmt.Errorf("security scheme %q: %w", scheme.name, err)
		}
		c.redactor.remember(tok)
		return tok, nil
	case cred.fetch != nil:
		v, err := cred.fetch(ctx)
		if err != nil {
			return "", fmt.Errorf("security scheme %q: credential function: %w", scheme.name, c.redactor.wrap(err))
		}
		if v == "" {
			return "", fmt.Errorf("%w: security scheme %q: credential function returned an empty value", ErrMissingCredential, scheme.name)
		}
		c.redactor.remember(v)
		return v, nil
	default:
		return cred.static.reveal(), nil
	}
}

// credentialNames are the header, query and cookie names this client may
// set; a cross-origin redirect strips all of them.
func (p *providerSpec) credentialNames() (headers, query, cookies []string) {
	headers = []string{"Authorization"}
	for _, s := range p.schemes {
		switch s.kind {
		case schemeHeaderKey:
			headers = append(headers, s.paramName)
		case schemeQueryKey:
			query = append(query, s.paramName)
		case schemeCookieKey:
			cookies = append(cookies, s.paramName)
		}
	}
	return headers, query, cookies
}
