//authgen:feature oauth2

package authgenrt

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"
)

// OAuthFlowSpec is an OAuth 2.0 flow the client runs itself.
type OAuthFlowSpec struct {
	GrantType string // "client_credentials" or "password"
	TokenURL  string
	// ClientSecretInBody sends client_id and client_secret in the token
	// request's form, RFC 6749 2.3.1's alternative to HTTP basic, for
	// vendors that accept only that (Twitch, Box).
	ClientSecretInBody bool
	// Params are more members of the token request's form; one with an
	// empty Value is the caller's (WithTokenParam), left out when unset.
	Params []TokenParam
}

// TokenParam is one more member of a token request's form.
type TokenParam struct {
	Name  string
	Value string
}

// WithTokenParam gives a member of the token request's form whose value
// is the caller's (Box's box_subject_id): the spec names it, the caller's
// option sets it.
func WithTokenParam(name, value string) Option {
	return func(s *Settings) error {
		if s.tokenParams == nil {
			s.tokenParams = map[string]string{}
		}
		s.tokenParams[name] = value
		return nil
	}
}

// OAuthFlow is a flow with the caller's credentials.
type OAuthFlow struct {
	Spec         *OAuthFlowSpec
	ClientID     string
	ClientSecret Secret
	Username     string
	Password     Secret
	Scopes       []string
}

// tokenRefreshMargin is how long before expiry a token is replaced, so a
// token never expires in flight.
const tokenRefreshMargin = 30 * time.Second

// oauthTokenSource fetches, caches and refreshes an access token. One fetch
// serves every caller waiting at the time, and no lock is held across the
// network: a caller waits for the fetch only as long as its own context
// allows.
type oauthTokenSource struct {
	// flow is the caller's, its secrets moved to clientSecret and
	// password: sealed, like every secret the runtime keeps.
	flow         OAuthFlow
	clientSecret sealed
	password     sealed

	mu       sync.Mutex
	current  sealed
	previous sealed      // the token current replaced, to recognise late 401s
	expiry   time.Time   // zero: does not expire
	fetches  int         // for tests and metrics
	inflight *tokenFetch // the fetch under way, if any
}

// tokenFetch is one request to the token endpoint that several callers may
// wait for.
type tokenFetch struct {
	done   chan struct{} // closed when token and err are set
	token  sealed
	expiry time.Time
	err    error
}

// tokenFetchTimeout bounds a token request when the client has no
// per-attempt timeout, so a stalled token endpoint cannot hold the callers
// that wait for it without deadlines.
const tokenFetchTimeout = 30 * time.Second

func WithOAuthFlow(scheme string, flow OAuthFlow) Option {
	return func(s *Settings) error {
		if flow.ClientID == "" {
			return fmt.Errorf("security scheme %q: empty client ID", scheme)
		}
		if flow.Spec.GrantType == "password" && flow.Username == "" {
			return fmt.Errorf("security scheme %q: empty user name", scheme)
		}
		ts := &oauthTokenSource{flow: flow, clientSecret: seal(flow.ClientSecret.reveal()), password: seal(flow.Password.reveal())}
		ts.flow.ClientSecret, ts.flow.Password = "", ""
		return withCredential(scheme, &credential{tokens: ts})(s)
	}
}

// token returns a valid access token, fetching one when there is none or it
// is about to expire. Concurrent callers share the fetch under way; each
// stops waiting when its own context ends.
func (ts *oauthTokenSource) token(ctx context.Context, c *Client) (string, error) {
	ts.mu.Lock()
	if ts.current.isSet() && (ts.expiry.IsZero() || c.clock.Now().Add(tokenRefreshMargin).Before(ts.expiry)) {
		defer ts.mu.Unlock()
		return ts.current.reveal(), nil
	}
	f := ts.inflight
	if f == nil {
		f = &tokenFetch{done: make(chan struct{})}
		ts.inflight = f
		// The fetch outlives the caller that started it (others may wait
		// for it), so it runs on its own context, bounded in time.
		go ts.run(context.WithoutCancel(ctx), c, f)
	}
	ts.mu.Unlock()
	select {
	case <-f.done:
		return f.token.reveal(), f.err
	case <-ctx.Done():
		return "", ctx.Err()
	}
}

// run fetches a token for every caller waiting on f.
func (ts *oauthTokenSource) run(ctx context.Context, c *Client, f *tokenFetch) {
	timeout := c.attemptTimeout
	if timeout <= 0 {
		timeout = tokenFetchTimeout
	}
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	fetch := func(ctx context.Context) (string, time.Time, error) {
		started := c.clock.Now()
		tok, expiresIn, err := ts.fetch(ctx, c)
		var expiry time.Time
		if err == nil && expiresIn > 0 {
			expiry = started.Add(expiresIn)
		}
		ts.mu.Lock()
		ts.fetches++
		ts.mu.Unlock()
		return tok, expiry, err
	}
	var tok string
	var expiry time.Time
	var err error
	if c.fleet != nil {
		// One fetch for the fleet: the token is shared with the clients
		// of the same flow, client ID and scopes, and no other.
		tok, expiry, err = c.fleet.budget.Token(ctx, ts.key(c), c.clock.Now(), tokenRefreshMargin, fetch)
	} else {
		tok, expiry, err = fetch(ctx)
	}

	ts.mu.Lock()
	defer ts.mu.Unlock()
	ts.inflight = nil
	f.token, f.err = seal(tok), err
	if err == nil {
		if ts.current.isSet() {
			ts.previous = ts.current
		}
		ts.current = seal(tok)
		ts.expiry = expiry
	}
	close(f.done)
}

// key is the flow's key in a shared budget.
func (ts *oauthTokenSource) key(c *Client) string {
	return tokenKey(c.spec.Name, ts.flow.Spec.TokenURL, ts.flow.ClientID, ts.flow.Scopes)
}

// invalidate drops the token used by a request the API refused with 401,
// unless another caller has already replaced it. It reports whether used
// was this source's token, fresh or not, so the caller knows a retry with
// a new token makes sense.
func (ts *oauthTokenSource) invalidate(used string) bool {
	ts.mu.Lock()
	defer ts.mu.Unlock()
	switch {
	case ts.current.equal(used):
		ts.previous, ts.current = ts.current, sealed{}
		return true
	case ts.previous.equal(used) && used != "":
		return true // another caller already replaced it
	}
	return false // the request did not use this source's token
}

// secrets are the flow's fixed secrets and the basic pair the token
// request sends them in (each half URL-escaped, as RFC 6749 2.3.1 says).
func (ts *oauthTokenSource) secrets() []string {
	out := []string{ts.clientSecret.reveal(), ts.password.reveal()}
	if ts.clientSecret.isSet() {
		pair := url.QueryEscape(ts.flow.ClientID) + ":" + url.QueryEscape(ts.clientSecret.reveal())
		out = append(out, base64.StdEncoding.EncodeToString([]byte(pair)))
	}
	return out
}

func (ts *oauthTokenSource) fetch(ctx context.Context, c *Client) (string, time.Duration, error) {
	form := url.Values{"grant_type": {ts.flow.Spec.GrantType}}
	if ts.flow.Spec.GrantType == "password" {
		form.Set("username", ts.flow.Username)
		form.Set("password", ts.password.reveal())
	}
	if len(ts.flow.Scopes) > 0 {
		form.Set("scope", strings.Join(ts.flow.Scopes, " "))
	}
	for _, p := range ts.flow.Spec.Params {
		value := p.Value
		if value == "" {
			value = c.tokenParams[p.Name]
		}
		if value != "" {
			form.Set(p.Name, value)
		}
	}
	if ts.flow.Spec.ClientSecretInBody {
		form.Set("client_id", ts.flow.ClientID)
		if ts.clientSecret.isSet() {
			form.Set("client_secret", ts.clientSecret.reveal())
		}
	}
	tokenURL, err := c.resolveTokenURL(ts.flow.Spec.TokenURL)
	if err != nil {
		return "", 0, err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, tokenURL, strings.NewReader(form.Encode()))
	if err != nil {
		return "", 0, fmt.Errorf("token request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", c.userAgent)
	if !ts.flow.Spec.ClientSecretInBody {
		req.SetBasicAuth(url.QueryEscape(ts.flow.ClientID), url.QueryEscape(ts.clientSecret.reveal()))
	}
	// A token endpoint is not followed through redirects: a 307 or 308
	// would resend the client secret and the user's password to wherever
	// it points, and a token from there is not the provider's.
	noRedirects := *c.httpClient
	noRedirects.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	resp, err := noRedirects.Do(req)
	if err != nil {
		return "", 0, fmt.Errorf("token request: %w", c.redactor.wrap(err))
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxErrorBody))
	if err != nil {
		return "", 0, fmt.Errorf("token response: %w", err)
	}
	if resp.StatusCode/100 != 2 {
		var oauthErr struct {
			Error       string `json:"error"`
			Description string `json:"error_description"`
		}
		_ = json.Unmarshal(body, &oauthErr)
		msg := strings.TrimSpace(oauthErr.Error + " " + oauthErr.Description)
		if msg == "" {
			msg = http.StatusText(resp.StatusCode)
		}
		return "", 0, fmt.Errorf("token endpoint answered %d: %s", resp.StatusCode, c.redactor.String(msg))
	}
	var tok struct {
		AccessToken string          `json:"access_token"`
		TokenType   string          `json:"token_type"`
		ExpiresIn   json.RawMessage `json:"expires_in"`
	}
	if err := json.Unmarshal(body, &tok); err != nil {
		return "", 0, errors.New("token response is not JSON")
	}
	if tok.AccessToken == "" {
		return "", 0, errors.New("token response has no access_token")
	}
	if tok.TokenType != "" && !strings.EqualFold(tok.TokenType, "bearer") {
		return "", 0, fmt.Errorf("token type %q is not supported; want bearer", tok.TokenType)
	}
	var seconds float64
	if len(tok.ExpiresIn) > 0 {
		// Some servers send expires_in as a string.
		raw := strings.Trim(string(tok.ExpiresIn), `"`)
		if _, err := fmt.Sscan(raw, &seconds); err != nil || seconds < 0 {
			seconds = 0
		}
	}
	return tok.AccessToken, time.Duration(seconds * float64(time.Second)), nil
}

// resolveTokenURL allows a relative tokenUrl, taken against the base URL,
// and holds the token endpoint to the same transport rules as the API.
func (c *Client) resolveTokenURL(raw string) (string, error) {
	u, err := c.baseURL.Parse(raw)
	if err != nil {
		return "", fmt.Errorf("token URL: %w", err)
	}
	if u.Scheme == "http" && !isLoopback(u.Hostname()) {
		return "", fmt.Errorf("token URL %q: plain http is allowed only for loopback hosts", u.Redacted())
	}
	return u.String(), nil
}
