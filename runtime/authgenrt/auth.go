package authgenrt

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// SchemeKind is how a security scheme puts its credential on a request.
type SchemeKind int

const (
	SchemeBearer        SchemeKind = iota + 1 // Authorization: Bearer <token>
	SchemeHeaderKey                           // <name>: <key>
	SchemeQueryKey                            // ?<name>=<key>
	SchemeCookieKey                           // Cookie: <name>=<key>
	SchemeBasic                               // Authorization: Basic base64(user:pass)
	SchemeOAuth2                              // Authorization: Bearer <fetched token>
	SchemeOpenIDConnect                       // Authorization: Bearer <caller's token>
)

// SchemeSpec is one entry of components.securitySchemes.
type SchemeSpec struct {
	Name       string // as in the spec; requirements refer to it
	Kind       SchemeKind
	ParamName  string // header, query or cookie name for API keys
	Option     string // the Option that sets it, for error messages
	EnvVar     string // NewFromEnv reads the credential from it
	EnvVarUser string // basic auth: the user name's variable
	KeyFormats []KeyFormat
	// userPrefix and userSuffix surround the user name basic auth sends
	// (Zendesk's "{email}/token": suffix "/token").
	UserPrefix, UserSuffix string
	// ValuePrefix and ValueSuffix surround a header key in the header
	// ("SSWS " for `type: http, scheme: SSWS`; PagerDuty's "Token
	// token={key}": prefix "Token token=").
	ValuePrefix, ValueSuffix string
	// headers go with this scheme's credential, when set (OpenAI's
	// OpenAI-Organization and OpenAI-Project).
	Headers []CredentialHeader
	// Placements, when there are any, are where the credential goes
	// instead of where Kind puts it (Plaid's client_id and secret, members
	// of every JSON body). Never on a basic scheme: its credential is two.
	Placements []CredentialPlacement
}

// CredentialHeader is an optional header sent with a scheme's credential.
type CredentialHeader struct {
	Name   string
	EnvVar string // NewFromEnv reads its value from it
}

// WithCredentialHeader is the option body of a credential's optional
// header.
func WithCredentialHeader(name, value string) Option {
	return func(s *Settings) error {
		if strings.TrimSpace(value) == "" {
			return fmt.Errorf("%s: empty value", name)
		}
		if strings.ContainsAny(value, "\r\n") {
			return fmt.Errorf("%s: the value holds a line break", name)
		}
		s.credentialHeaders[http.CanonicalHeaderKey(name)] = seal(value)
		return nil
	}
}

// credentialUser is a path parameter that defaults to the user name of the
// scheme's basic credential (Twilio's {AccountSid}): given when the caller
// gives one, else the credential's.
func (c *Client) CredentialUser(scheme, given string) string {
	if given != "" {
		return given
	}
	if cred := c.credentials[scheme]; cred != nil {
		return cred.username.reveal()
	}
	return ""
}

// KeyFormat ties a key's shape to the environment it belongs to.
type KeyFormat struct {
	Prefix      string
	Pattern     *regexp.Regexp
	Environment Environment // "" when the format says nothing about it
	Description string      // what a valid key looks like, for errors
}

func (f KeyFormat) matches(key string) bool {
	if f.Prefix != "" && !strings.HasPrefix(key, f.Prefix) {
		return false
	}
	if f.Pattern != nil && !f.Pattern.MatchString(key) {
		return false
	}
	return true
}

// Secret holds a credential. Every way of formatting it prints a placeholder,
// so a credential that reaches a log line or an error by accident stays
// hidden.
type Secret string

const redacted = "[REDACTED]"

func (Secret) String() string               { return redacted }
func (Secret) GoString() string             { return redacted }
func (Secret) Format(f fmt.State, _ rune)   { _, _ = f.Write([]byte(redacted)) }
func (Secret) MarshalText() ([]byte, error) { return []byte(redacted), nil }
func (s Secret) reveal() string             { return string(s) }
func (s Secret) isSet() bool                { return s != "" }

// sealed is how the runtime keeps a secret: inside a function. A Secret's
// methods hide it only where fmt calls them; a struct reached through an
// unexported field is printed by reflection instead, field by field, and
// %s, %q or %t of a pointer met there prints what it points to, so a
// Secret (or a []string of them) in a copy of a Client inside a caller's
// struct printed as it is. fmt prints a function as its address, whatever
// the verb and however deep, so a secret a closure holds never shows.
type sealed struct{ open func() string }

func seal(s string) sealed {
	if s == "" {
		return sealed{}
	}
	return sealed{open: func() string { return s }}
}

func (s sealed) reveal() string {
	if s.open == nil {
		return ""
	}
	return s.open()
}

func (s sealed) isSet() bool                { return s.open != nil }
func (s sealed) equal(other string) bool    { return s.reveal() == other }
func (sealed) Format(f fmt.State, _ rune)   { _, _ = f.Write([]byte(redacted)) }
func (sealed) MarshalText() ([]byte, error) { return []byte(redacted), nil }

// credential is what one scheme's option supplied.
type credential struct {
	static   sealed                                // a fixed key or token
	fetch    func(context.Context) (string, error) // a key or token that rotates
	username sealed                                // basic auth
	password sealed                                // basic auth
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

// wireForms are the spellings of c that requests carry (before any URL
// escaping, which the redactor adds): the key or token; the password, and
// the base64 of the user:pass pair both as the scheme's user name template
// sends it and without it; a cookie's value as net/http writes it; what
// an OAuth flow sends to its token endpoint. scheme may be nil.
func (c *credential) wireForms(scheme *SchemeSpec) []string {
	forms := []string{c.static.reveal(), c.password.reveal()}
	if scheme != nil && scheme.Kind == SchemeCookieKey && c.static.isSet() {
		forms = append(forms, cookieWire(scheme.ParamName, c.static.reveal()))
	}
	if scheme != nil && scheme.Kind == SchemeHeaderKey && c.static.isSet() {
		forms = append(forms, scheme.headerValue(c.static.reveal()))
	}
	if scheme != nil && c.static.isSet() {
		forms = append(forms, scheme.placementForms(c.static.reveal())...)
	}
	if c.password.isSet() || c.username.isSet() || scheme != nil && scheme.Kind == SchemeBasic && c.static.isSet() {
		forms = append(forms, basicPair(nil, c), basicPair(scheme, c))
	}
	if c.tokens != nil {
		forms = append(forms, c.tokens.secrets()...)
	}
	return forms
}

// basicPair is the base64 of the user:pass pair basic auth sends, with the
// user name in the scheme's template ("{email}/token"); scheme may be nil.
// A key-only scheme's credential (a fixed or ignored user name) is its
// key, sent as the password.
func basicPair(scheme *SchemeSpec, c *credential) string {
	user, pass := c.username.reveal(), c.password.reveal()
	if !c.password.isSet() {
		pass = c.static.reveal()
	}
	if scheme != nil {
		user = scheme.UserPrefix + user + scheme.UserSuffix
	}
	return base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))
}

// headerValue is a header key as its header carries it: inside the
// scheme's format ("Token token=" + key), after its word ("SSWS " + key).
func (s *SchemeSpec) headerValue(key string) string {
	if s.ValuePrefix == "" && s.ValueSuffix == "" {
		return key
	}
	return s.ValuePrefix + key + s.ValueSuffix
}

// cookieWire is a cookie's value as net/http writes it: bytes a cookie
// cannot hold dropped, quoted when it holds a space or a comma.
func cookieWire(name, value string) string {
	_, v, _ := strings.Cut((&http.Cookie{Name: name, Value: value}).String(), "=")
	return strings.Trim(v, `"`)
}

// Format hides the credential's content whatever the verb.
func (c credential) Format(f fmt.State, _ rune) {
	_, _ = f.Write([]byte("credential{" + redacted + "}"))
}

func withCredential(scheme string, cred *credential) Option {
	return func(s *Settings) error {
		if _, dup := s.credentials[scheme]; dup {
			return fmt.Errorf("security scheme %q is set twice", scheme)
		}
		s.credentials[scheme] = cred
		return nil
	}
}

// WithStaticSecret is the option body of an apiKey or bearer scheme.
func WithStaticSecret(scheme, value string) Option {
	if value == "" {
		return func(*Settings) error { return fmt.Errorf("security scheme %q: empty credential", scheme) }
	}
	return withCredential(scheme, &credential{static: seal(value)})
}

// WithSecretFunc is the option body of the ...Func variants.
func WithSecretFunc(scheme string, fn func(context.Context) (string, error)) Option {
	if fn == nil {
		return func(*Settings) error { return fmt.Errorf("security scheme %q: nil function", scheme) }
	}
	return withCredential(scheme, &credential{fetch: fn})
}

// WithBasic is the option body of an http basic scheme.
func WithBasic(scheme, username, password string) Option {
	if username == "" && password == "" {
		return func(*Settings) error { return fmt.Errorf("security scheme %q: empty user name and password", scheme) }
	}
	return withCredential(scheme, &credential{username: seal(username), password: seal(password)})
}

// credentialFromEnv reads the scheme's variable(s); nil when unset.
func (s *SchemeSpec) credentialFromEnv(lookupEnv func(string) (string, bool)) (*credential, error) {
	switch s.Kind {
	case SchemeBasic:
		if s.EnvVar == "" {
			return nil, nil
		}
		if s.EnvVarUser == "" {
			// The user name is fixed or ignored: the variable holds
			// the key.
			v, ok := lookupEnv(s.EnvVar)
			if !ok || strings.TrimSpace(v) == "" {
				return nil, nil
			}
			return &credential{static: seal(strings.TrimSpace(v)), fromEnv: s.EnvVar}, nil
		}
		user, okUser := lookupEnv(s.EnvVarUser)
		pass, okPass := lookupEnv(s.EnvVar)
		user, pass = strings.TrimSpace(user), strings.TrimSpace(pass)
		okUser, okPass = okUser && user != "", okPass && pass != ""
		switch {
		case !okUser && !okPass:
			return nil, nil
		case !okUser:
			// Never send half a credential (an empty user name).
			return nil, fmt.Errorf("%w: security scheme %q: %s is set but %s is not", ErrMissingCredential, s.Name, s.EnvVar, s.EnvVarUser)
		case !okPass:
			return nil, fmt.Errorf("%w: security scheme %q: %s is set but %s is not", ErrMissingCredential, s.Name, s.EnvVarUser, s.EnvVar)
		}
		return &credential{username: seal(user), password: seal(pass), fromEnv: s.EnvVar}, nil
	default:
		// A key, a bearer token, or the access token of an OAuth 2.0 or
		// OpenID Connect scheme whose flow the caller runs (the spec may
		// name a variable only for those; a flow the client runs needs a
		// client ID and secret, given with its option).
		if s.EnvVar == "" {
			return nil, nil
		}
		v, ok := lookupEnv(s.EnvVar)
		if !ok || strings.TrimSpace(v) == "" {
			return nil, nil
		}
		return &credential{static: seal(strings.TrimSpace(v)), fromEnv: s.EnvVar}, nil
	}
}

// impliedEnvironment checks every fixed key against its scheme's formats and
// returns the environment the keys point to ("" when they say nothing).
// The key itself never appears in the error.
func (p *ProviderSpec) impliedEnvironment(creds map[string]*credential) (Environment, error) {
	var implied Environment
	for _, scheme := range p.Schemes {
		cred, ok := creds[scheme.Name]
		if !ok || !cred.static.isSet() || len(scheme.KeyFormats) == 0 {
			continue
		}
		format, ok := scheme.matchFormat(cred.static.reveal())
		if !ok {
			return "", scheme.formatError(cred)
		}
		if format.Environment == "" {
			continue
		}
		if implied != "" && implied != format.Environment {
			return "", fmt.Errorf("credentials for environments %q and %q conflict", implied, format.Environment)
		}
		implied = format.Environment
	}
	return implied, nil
}

func (s *SchemeSpec) matchFormat(key string) (KeyFormat, bool) {
	for _, f := range s.KeyFormats {
		if f.matches(key) {
			return f, true
		}
	}
	return KeyFormat{}, false
}

func (s *SchemeSpec) formatError(cred *credential) error {
	want := make([]string, len(s.KeyFormats))
	for i, f := range s.KeyFormats {
		want[i] = f.Description
	}
	source := s.Option
	if cred.fromEnv != "" {
		source = cred.fromEnv
	}
	return fmt.Errorf("%w: the key given to %s (security scheme %q) has no known format; want %s",
		ErrInvalidCredential, source, s.Name, strings.Join(want, " or "))
}

// ErrInvalidCredential is returned by New when a credential is malformed,
// and ErrMissingCredential by a call whose operation needs a credential that
// was not given.
var (
	ErrInvalidCredential = errors.New("invalid credential")
	ErrMissingCredential = errors.New("missing credential")
)

// applySecurity puts on req the credentials of the first requirement whose
// schemes are all configured, and returns the members that go in its body
// (Placements), which the caller merges into it. An empty list means the
// operation is public; an empty requirement in the list ({}) means
// anonymous access is allowed, which is used only when no other
// requirement can be met.
func (c *Client) applySecurity(ctx context.Context, req *http.Request, requirements []SecurityRequirement) ([]bodyMember, error) {
	if len(requirements) == 0 {
		return nil, nil
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
		var body []bodyMember
		for _, name := range r {
			scheme, _ := c.spec.scheme(name)
			var err error
			if body, err = c.applyScheme(ctx, req, scheme, c.credentials[name], body); err != nil {
				return nil, err
			}
		}
		return body, nil
	}
	if anonymous {
		return nil, nil
	}
	return nil, c.missingCredential(requirements)
}

func (c *Client) hasAll(r SecurityRequirement) bool {
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

func (c *Client) missingCredential(requirements []SecurityRequirement) error {
	var alternatives []string
	for _, r := range requirements {
		var parts []string
		for _, name := range r {
			if _, ok := c.credentials[name]; ok {
				continue
			}
			hint := name
			if scheme, ok := c.spec.scheme(name); ok {
				hint = fmt.Sprintf("%q (%s", name, scheme.Option)
				if scheme.EnvVar != "" {
					hint += " or " + scheme.EnvVar
				}
				hint += ")"
			}
			parts = append(parts, hint)
		}
		alternatives = append(alternatives, strings.Join(parts, " and "))
	}
	return fmt.Errorf("%w: security scheme %s", ErrMissingCredential, strings.Join(alternatives, ", or "))
}

func (c *Client) applyScheme(ctx context.Context, req *http.Request, scheme *SchemeSpec, cred *credential, body []bodyMember) ([]bodyMember, error) {
	for _, h := range scheme.Headers {
		if v := c.credentialHeaders[http.CanonicalHeaderKey(h.Name)]; v.isSet() {
			req.Header.Set(h.Name, v.reveal())
		}
	}
	if fixed, ok := c.fixedAuth[scheme.Name]; ok {
		req.Header[fixed.name] = fixed.values()
		return body, nil
	}
	if scheme.Kind == SchemeBasic && cred.fetch == nil {
		req.Header.Set("Authorization", "Basic "+basicPair(scheme, cred))
		return body, nil
	}
	value, err := c.credentialValue(ctx, scheme, cred)
	if err != nil {
		return body, err
	}
	if len(scheme.Placements) > 0 {
		return c.applyPlacements(req, scheme, value, cred.fetch != nil || cred.tokens != nil, body), nil
	}
	switch scheme.Kind {
	case SchemeBearer, SchemeOAuth2, SchemeOpenIDConnect:
		req.Header.Set("Authorization", "Bearer "+value)
	case SchemeBasic:
		// A key-only scheme's rotating key: the pair is new each time.
		pair := basicPair(scheme, &credential{static: seal(value)})
		c.redactor.remember(pair)
		req.Header.Set("Authorization", "Basic "+pair)
	case SchemeHeaderKey:
		header := scheme.headerValue(value)
		if cred.fetch != nil || cred.tokens != nil {
			c.redactor.remember(header)
		}
		req.Header.Set(scheme.ParamName, header)
	case SchemeQueryKey:
		// The request's URL may be shared by every attempt of the call
		// (newHTTPRequest): the key goes on the request's own copy.
		u := *req.URL
		q := u.Query()
		q.Set(scheme.ParamName, value)
		u.RawQuery = q.Encode()
		req.URL = &u
	case SchemeCookieKey:
		req.AddCookie(&http.Cookie{Name: scheme.ParamName, Value: value})
		if cred.fetch != nil || cred.tokens != nil {
			c.redactor.remember(cookieWire(scheme.ParamName, value))
		}
	}
	return body, nil
}

// authHeader is a header a fixed credential sends: its canonical name, and
// its value as a read-only slice every request shares. A RoundTripper must
// not modify a request, net/http says; this relies on that, as the shared
// User-Agent and Accept values do.
type authHeader struct {
	name   string
	values func() []string // sealed (see sealed): the value holds the credential
}

func newAuthHeader(name, value string) authHeader {
	values := []string{value}
	return authHeader{name: name, values: func() []string { return values }}
}

// fixedAuthHeaders makes, once per client, the header of every scheme
// whose credential is fixed and sent in a header: "Bearer " and the
// token, the base64 of a basic pair, an API key. A call then sets a
// shared value instead of building it (two to four allocations a call).
// Credentials that rotate (a function, an OAuth flow) are built per call.
func fixedAuthHeaders(spec *ProviderSpec, creds map[string]*credential) map[string]authHeader {
	fixed := map[string]authHeader{}
	for i := range spec.Schemes {
		scheme := &spec.Schemes[i]
		cred := creds[scheme.Name]
		if cred == nil || cred.fetch != nil || cred.tokens != nil || len(scheme.Placements) > 0 {
			continue
		}
		switch scheme.Kind {
		case SchemeBasic:
			fixed[scheme.Name] = newAuthHeader("Authorization", "Basic "+basicPair(scheme, cred))
		case SchemeBearer, SchemeOAuth2, SchemeOpenIDConnect:
			if cred.static.isSet() {
				fixed[scheme.Name] = newAuthHeader("Authorization", "Bearer "+cred.static.reveal())
			}
		case SchemeHeaderKey:
			if cred.static.isSet() {
				fixed[scheme.Name] = newAuthHeader(http.CanonicalHeaderKey(scheme.ParamName), scheme.headerValue(cred.static.reveal()))
			}
		}
	}
	return fixed
}

// credentialValue returns the key or token to send, fetching it when it
// rotates. A fetched value is remembered by the redactor so that it never
// shows up in an error either.
func (c *Client) credentialValue(ctx context.Context, scheme *SchemeSpec, cred *credential) (string, error) {
	switch {
	case cred.tokens != nil:
		tok, err := cred.tokens.token(ctx, c)
		if err != nil {
			return "", fmt.Errorf("security scheme %q: %w", scheme.Name, err)
		}
		c.redactor.remember(tok)
		return tok, nil
	case cred.fetch != nil:
		v, err := cred.fetch(ctx)
		if err != nil {
			return "", fmt.Errorf("security scheme %q: credential function: %w", scheme.Name, c.redactor.wrap(err))
		}
		if v == "" {
			return "", fmt.Errorf("%w: security scheme %q: credential function returned an empty value", ErrMissingCredential, scheme.Name)
		}
		c.redactor.remember(v)
		return v, nil
	default:
		return cred.static.reveal(), nil
	}
}

// credentialNames are the header, query and cookie names this client may
// set; a cross-origin redirect strips all of them, the headers that go with
// a credential (OpenAI-Organization) and its placements' included. (A body
// that holds a credential is never sent to another origin: see
// guardedHTTPClient.)
func (p *ProviderSpec) credentialNames() (headers, query, cookies []string) {
	headers = []string{"Authorization"}
	for _, s := range p.Schemes {
		for _, h := range s.Headers {
			headers = append(headers, h.Name)
		}
		for _, pl := range s.Placements {
			switch pl.In {
			case PlaceHeader:
				headers = append(headers, pl.Name)
			case PlaceQuery:
				query = append(query, pl.Name)
			case PlaceCookie:
				cookies = append(cookies, pl.Name)
			}
		}
		switch s.Kind {
		case SchemeHeaderKey:
			headers = append(headers, s.ParamName)
		case SchemeQueryKey:
			query = append(query, s.ParamName)
		case SchemeCookieKey:
			cookies = append(cookies, s.ParamName)
		}
	}
	return headers, query, cookies
}
