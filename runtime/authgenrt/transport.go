package authgenrt

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"syscall"
	"time"
)

// maxSuccessBody caps a 2xx body; a larger one is a DecodeError rather than
// an unbounded allocation.
const maxSuccessBody = 64 << 20

// RequestOption changes one call.
type RequestOption func(*CallOptions)

type CallOptions struct {
	responseInto *Response
	responseFunc func(Response)
	header       http.Header
	// page and pageEdit are set by the pagination of <Method>Pages: the
	// raw page is kept in page, and pageEdit points the request at the
	// next page.
	page     *pageState
	pageEdit func(*Request) error
	// attempt is the attempt in flight, which a streamed response body
	// is handed over from; it points at current, which each attempt
	// reuses (the one before is over by then), so that an attempt costs
	// no allocation of its own.
	attempt *attemptState
	current attemptState
}

var callOptionsPool = sync.Pool{New: func() any { return new(CallOptions) }}

// attempt is one try of a request: its context, cancelled by its timer
// after the attempt timeout, or by the caller's Close of a streamed body.
type attemptState struct {
	cancel context.CancelFunc
	// timer cancels the attempt when it fires; whether it fired is what
	// stop says, so no closure records it.
	timer      *time.Timer
	handedOver bool // a streamed body now owns the attempt
}

// stop stops the timer; false when it has already fired.
func (a *attemptState) stop() bool { return a.timer == nil || a.timer.Stop() }

// responseStream is a streamed response body: Close ends the attempt.
type responseStream struct {
	io.ReadCloser
	done func()
	once sync.Once
}

func (s *responseStream) Close() error {
	err := s.ReadCloser.Close()
	s.once.Do(s.done)
	return err
}

// pageState is what one page says about the next: its body and header,
// and the request that fetched it (the page size asked for, the page's own
// cursor or URL, which a next one must not repeat).
type pageState struct {
	body    []byte
	header  http.Header
	request *Request
	url     *url.URL
}

// WithHeader adds a header to the request. It cannot replace a credential
// header the client sets.
func WithHeader(key, value string) RequestOption {
	return func(o *CallOptions) {
		if o.header == nil {
			o.header = http.Header{}
		}
		o.header.Set(key, value)
	}
}

// WithIdempotencyKey sends an Idempotency-Key header, which also makes a
// non-idempotent request safe to retry after a transient failure.
func WithIdempotencyKey(key string) RequestOption {
	return WithHeader("Idempotency-Key", key)
}

// Request is one call as the generated methods describe it.
type Request struct {
	Operation   string // operationId, or "METHOD path" for Do
	Method      string
	Path        string // relative to the base URL, parameters already escaped
	Query       url.Values
	Header      http.Header
	Body        any         // nil: no body
	ContentType string      // the body's media type, as the spec gives it
	Encode      bodyEncoder // nil: JSON
	absolute    *url.URL    // Client.Do with a full URL on the client's origin; path is then unused
	adHoc       bool        // from Client.Do, not a generated operation
	Server      string      // the operation's own server URL; "" for the base URL
	Accept      string      // the JSON response's declared media type, when not application/json
	Security    []SecurityRequirement
	ExpectBody  bool // a typed 2xx body is expected
	// ResultChecksJSON: out's UnmarshalJSON checks that its input is JSON
	// itself (a generated union, which decodes its variant with
	// json.Unmarshal), so the body goes to it unchecked: one pass over it
	// fewer. Code generated before the flag leaves it false.
	ResultChecksJSON bool
	RawResponse      bool // the 2xx body is not JSON: out is a *[]byte
	// successData, with ownSuccess, is this operation's own success
	// envelope ("": the whole body) instead of the provider's.
	SuccessData string
	OwnSuccess  bool
}

// QueryValues returns the request's query, made on first use: a call
// whose optional query parameters are all unset allocates no map.
func (r *Request) QueryValues() url.Values {
	if r.Query == nil {
		r.Query = url.Values{}
	}
	return r.Query
}

// Do sends a request to an endpoint the spec does not describe yet, with the
// spec's global security, retries and error handling. in is sent as JSON
// (nil: no body); out is decoded from JSON (nil: discarded).
func (c *Client) Do(ctx context.Context, method, path string, in, out any, opts ...RequestOption) error {
	r := &Request{
		Operation: strings.ToUpper(method) + " " + path,
		Method:    strings.ToUpper(method),
		Path:      path,
		Body:      in,
		Security:  c.spec.Security,
		adHoc:     true,
	}
	if u, err := url.Parse(path); err == nil && u.IsAbs() {
		// A link taken from a response (a next page): followed on the
		// client's own origin only, where its credentials belong.
		if !sameOrigin(u, c.baseURL) || u.User != nil {
			return fmt.Errorf("%s: %s: %s is not on the client's origin %s; refused", c.spec.Name, method, c.redactor.URL(u), c.redactor.URL(&url.URL{Scheme: c.baseURL.Scheme, Host: c.baseURL.Host}))
		}
		if !c.underBasePath(u) {
			return fmt.Errorf("%s: %s: %s is outside the client's base URL %s; refused", c.spec.Name, method, c.redactor.URL(u), c.redactor.URL(c.baseURL))
		}
		r.Operation = strings.ToUpper(method) + " " + u.EscapedPath()
		r.absolute = u
	} else if !strings.HasPrefix(path, "/") {
		r.Path = "/" + path
		r.Operation = strings.ToUpper(method) + " " + r.Path
	}
	if in != nil {
		r.ContentType = "application/json"
	}
	return c.Send(ctx, r, out, opts)
}

// send runs a request to completion: encode once, then attempt, classify and
// wait until it succeeds, fails for good or the context ends.
func (c *Client) Send(ctx context.Context, r *Request, out any, opts []RequestOption) error {
	// The options go through a pool: a RequestOption is a func of
	// *callOptions, so the struct would be allocated on every call.
	// Nothing keeps it past send (a streamed body keeps only the cancel
	// func), so it goes back zeroed.
	co := callOptionsPool.Get().(*CallOptions)
	defer func() { *co = CallOptions{}; callOptionsPool.Put(co) }()
	for _, opt := range opts {
		if opt != nil {
			opt(co)
		}
	}
	if co.pageEdit != nil {
		next := *r
		if err := co.pageEdit(&next); err != nil {
			return fmt.Errorf("%s: %s: next page: %w", c.spec.Name, r.Operation, err)
		}
		r = &next
	}
	body, contentType, err := encodeBody(r)
	if err != nil {
		return fmt.Errorf("%s: %s: encoding request body: %w", c.spec.Name, r.Operation, err)
	}
	target, err := c.target(r)
	if err != nil {
		return fmt.Errorf("%s: %s: %w", c.spec.Name, r.Operation, err)
	}
	if co.page != nil {
		co.page.request, co.page.url = r, target
	}
	header := c.baseHeader(r, co.header, contentType)
	var idempotencyKey string
	if k := c.spec.IdempotencyHeader; k != "" && (r.Method == http.MethodPost || r.Method == http.MethodPatch) && header.Get(k) == "" {
		idempotencyKey = newIdempotencyKey()
		header.Set(k, idempotencyKey)
	}
	idempotent := isIdempotent(r.Method, header, c.spec.IdempotencyHeader)
	// Each attempt adds its credential to its own headers: the first
	// takes header itself, every later one a fresh copy with the same
	// idempotency key.
	sent := 0
	attemptHeader := func() http.Header {
		sent++
		if sent == 1 {
			return header
		}
		h := c.baseHeader(r, co.header, contentType)
		if idempotencyKey != "" {
			h.Set(c.spec.IdempotencyHeader, idempotencyKey)
		}
		return h
	}

	// The context's deadline is real time and the client's clock may not
	// be (WithClock): the budget is what is left of the deadline now, and
	// the clock's time passing uses it up.
	budget, clockStart := remaining(ctx, time.Now()), c.clock.Now()
	var refreshed, clockCorrected bool
	for attempt := 1; ; attempt++ {
		if attempt > 1 && !body.replayable() {
			// Unreachable by design (decide stops first), kept as a guard:
			// a reader that was read cannot be sent again.
			return fmt.Errorf("%s: %s: the request body cannot be read again for a retry", c.spec.Name, r.Operation)
		}
		// The attempt's deadline is a timer rather than a context deadline,
		// so that a streamed response body can outlive it: the timer stops
		// once the stream is handed to the caller, and closing the stream
		// ends the attempt.
		if c.fleet != nil {
			if err := c.fleet.admit(ctx, c, c.retry.MaxWait, budgetLeft(budget, c.clock.Now().Sub(clockStart))); err != nil {
				return fmt.Errorf("%s: %s: %w", c.spec.Name, r.Operation, err)
			}
		}
		attemptCtx, cancel := context.WithCancel(ctx)
		co.current = attemptState{cancel: cancel}
		at := &co.current
		if c.attemptTimeout > 0 {
			at.timer = time.AfterFunc(c.attemptTimeout, cancel)
		}
		co.attempt = at
		req, sentBody, err := c.newHTTPRequest(attemptCtx, r, target, attemptHeader(), body)
		if err != nil {
			cancel()
			return err
		}
		var signedAt time.Time
		if c.signer != nil { // last: it signs the headers and the body as they are sent
			// A same-origin redirect is signed again (see resignRedirect),
			// over this body, credentials placed in it included, when the
			// hop keeps it.
			req = req.WithContext(context.WithValue(req.Context(), signedBodyKey{}, sentBody))
			signedAt = c.signingTime()
			if err := c.signRequest(req, sentBody, signedAt); err != nil {
				cancel()
				return fmt.Errorf("%s: %s: signing: %w", c.spec.Name, r.Operation, err)
			}
		}
		resp, err := c.httpClient.Do(req)
		var status int
		var respHeader http.Header
		var final error
		if err == nil {
			status, respHeader = resp.StatusCode, resp.Header
			final, err = c.handleResponse(r, resp, req, attempt, out, co)
		}
		if err == nil && final == nil && at.handedOver {
			return nil // the stream's Close ends the attempt
		}
		timedOut := !at.stop() && ctx.Err() == nil
		cancel()
		if err == nil && final == nil {
			if c.fleet != nil {
				c.fleet.learn(ctx, status, 0, c.spec.readRateLimit(respHeader, c.clock.Now()), false, c.clock.Now())
			}
			return nil
		}
		if err != nil { // a transport failure, before or during the response
			if ctxErr := ctx.Err(); ctxErr != nil {
				return fmt.Errorf("%s: %s: %w", c.spec.Name, r.Operation, ctxErr)
			}
			if timedOut {
				err = fmt.Errorf("%w after %v: %w", errAttemptTimeout, c.attemptTimeout, context.DeadlineExceeded)
			}
			final = c.transportError(r, req, attempt, err)
			status = 0
		}
		var apiErr *APIError
		if errors.As(final, &apiErr) && apiErr.StatusCode == http.StatusUnauthorized && !refreshed && c.invalidateTokens(req) {
			refreshed = true // one fresh token, one more try; not counted as a retry
			attempt--
			continue
		}
		if apiErr != nil && !clockCorrected && body.replayable() && c.correctClock(status, respHeader, signedAt) {
			clockCorrected = true // signed again once on the server's time; not counted as a retry
			attempt--
			continue
		}
		if err != nil && !isRetryableTransport(err) {
			return final
		}
		if !body.replayable() {
			if apiErr != nil {
				apiErr.stopped = "the request body cannot be read again"
			}
			return final // a reader that was read cannot be sent again
		}
		var errBody []byte // a delay may be a member of it (HeaderSpec.Pointer)
		if apiErr != nil {
			errBody = apiErr.Body
		}
		d := c.decide(attempt, status, r.Method, idempotent, respHeader, errBody, budgetLeft(budget, c.clock.Now().Sub(clockStart)))
		if c.fleet != nil && respHeader != nil {
			limited := apiErr != nil && apiErr.rateLimited
			c.fleet.learn(ctx, status, d.serverWait, c.spec.readRateLimit(respHeader, c.clock.Now()), limited, c.clock.Now())
		}
		if apiErr != nil {
			apiErr.RetryAfter = d.serverWait
			apiErr.stopped = d.stopped
			if code, final := c.spec.finalCode(apiErr); d.retry && final {
				d.retry, apiErr.stopped = false, "the code "+code+" is never retried"
			}
		}
		if !d.retry {
			return final
		}
		c.announceRetry(ctx, r, attempt, status, d, final)
		if !c.clock.Sleep(ctx, d.wait) {
			return fmt.Errorf("%s: %s: %w; last attempt: %w", c.spec.Name, r.Operation, ctx.Err(), final)
		}
	}
}

// target is the URL a request goes to: the base URL joined with the
// operation's path, or the absolute URL Client.Do was given, with the
// query added.
func (c *Client) target(r *Request) (*url.URL, error) {
	if r.absolute != nil {
		u := *r.absolute
		if hasDotSegment(u.Path) {
			return nil, fmt.Errorf("request URL %s has a dot segment; refused", c.redactor.URL(&u))
		}
		return &u, nil
	}
	if err := checkPath(r.Path); err != nil {
		return nil, err
	}
	if r.Server != "" && !c.pinnedBaseURL {
		// The operation's own server (an upload or file host of the same
		// provider). WithBaseURL pins every request to one place instead,
		// which is what a test or a proxy wants.
		server, err := url.Parse(r.Server)
		if err != nil || server.Host == "" || server.User != nil || (server.Scheme == "http" && !isLoopback(server.Hostname())) || (server.Scheme != "http" && server.Scheme != "https") {
			return nil, fmt.Errorf("operation server %q is not a usable https URL", r.Server)
		}
		return c.withDefaultQuery(resolveAgainst(server, "", r.Path, r.Query, c.redactor))
	}
	return c.withDefaultQuery(c.resolve(r.Path, r.Query))
}

// withDefaultQuery adds the spec's query parameters for every call
// (api-version) to u, each unless u has one so named; an empty value is
// never sent.
func (c *Client) withDefaultQuery(u *url.URL, err error) (*url.URL, error) {
	if err != nil || len(c.spec.DefaultQuery) == 0 {
		return u, err
	}
	q := u.Query()
	for _, p := range c.spec.DefaultQuery {
		if p.Value != "" && !q.Has(p.Name) {
			q.Set(p.Name, p.Value)
		}
	}
	u.RawQuery = q.Encode()
	return u, nil
}

// resolve joins the base URL with an operation's path and query.
func (c *Client) resolve(path string, query url.Values) (*url.URL, error) {
	return resolveAgainst(c.baseURL, c.baseText, path, query, c.redactor)
}

// resolveAgainst joins base (baseText is base.String() without a final
// slash; "" to compute it) with a path and query. Whatever the path holds,
// the request goes to base's origin and below its path, or nowhere:
// credentials never leave it.
func resolveAgainst(base *url.URL, baseText, path string, query url.Values, red *redactor) (*url.URL, error) {
	if baseText == "" {
		baseText = strings.TrimSuffix(base.String(), "/")
	}
	u, err := url.Parse(baseText + path)
	if err != nil {
		return nil, fmt.Errorf("request path: %w", err)
	}
	if !sameOrigin(u, base) || u.User != nil || !strings.HasPrefix(u.Path, strings.TrimSuffix(base.Path, "/")) || hasDotSegment(u.Path) {
		return nil, fmt.Errorf("request path %q leaves the base URL %s; refused", path, red.URL(base))
	}
	if len(query) > 0 {
		q := u.Query()
		for k, vs := range query {
			for _, v := range vs {
				q.Add(k, v)
			}
		}
		u.RawQuery = q.Encode()
	}
	return u, nil
}

// baseHeader builds a request's headers, each layer replacing the one
// before it (never a second value): the client's own (User-Agent, Accept),
// the body's Content-Type, the client-wide WithDefaultHeader values, the
// operation's header parameters, and last the call's WithHeader values. So
// a caller can ask for another media type (Accept: application/vnd.github.raw)
// or another User-Agent for one call.
func (c *Client) baseHeader(r *Request, extra http.Header, contentType string) http.Header {
	// The keys are canonical already, and the values are shared,
	// read-only slices whose capacity is their length (an Add copies them
	// first): a call allocates the map and nothing else here. A RoundTripper must not
	// modify a request, net/http says; this relies on that.
	h := make(http.Header, 4+len(c.defaultHeader)+len(r.Header)+len(extra))
	h["User-Agent"] = c.userAgentValues
	switch {
	case r.RawResponse:
		h["Accept"] = acceptAnything
	case r.Accept != "":
		h["Accept"] = []string{r.Accept}
	default:
		h["Accept"] = acceptJSON
	}
	if r.Body != nil && contentType != "" {
		h["Content-Type"] = []string{contentType}
	}
	for _, layer := range []http.Header{c.defaultHeader, r.Header, extra} {
		for k, vs := range layer {
			// Shared too, with the capacity cut to the length, so that an
			// Add on the attempt's header copies instead of writing into
			// the client's or the caller's array.
			h[k] = vs[:len(vs):len(vs)]
		}
	}
	return h
}

// The shared Accept values of baseHeader.
var (
	acceptJSON     = []string{"application/json"}
	acceptAnything = []string{"*/*"}
)

// newHTTPRequest builds one attempt: a fresh body reader over the same
// bytes, so every retry resends an identical body.
func (c *Client) newHTTPRequest(ctx context.Context, r *Request, target *url.URL, header http.Header, body *bodySource) (*http.Request, *bodySource, error) {
	reader, length, err := body.open()
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %s: request body: %w", c.spec.Name, r.Operation, err)
	}
	var req *http.Request
	if reader == nil && standardMethod(r.Method) {
		// What NewRequestWithContext makes of a request without a body,
		// without its header map (the attempt has its own) or a parse of
		// the URL: the target is parsed and checked already, and nothing
		// writes to it, so every attempt's request shares it.
		bare := http.Request{Method: r.Method, URL: target, Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: header, Host: target.Host}
		req = bare.WithContext(ctx)
	} else {
		req, err = http.NewRequestWithContext(ctx, r.Method, "", reader)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %s: %w", c.spec.Name, r.Operation, c.redactor.wrap(err))
		}
		*req.URL = *target
		req.Host = target.Host
		if length >= 0 && req.ContentLength == 0 && reader != nil {
			req.ContentLength = length
		}
		req.Header = header // the attempt's own: security is added to it
	}
	members, err := c.applySecurity(ctx, req, r.Security)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %s: %w", c.spec.Name, r.Operation, err)
	}
	if len(members) == 0 {
		return req, body, nil
	}
	// Credentials that go in the body (Placements) are merged into this
	// attempt's copy of it: a rotating key is new on every attempt.
	var data []byte
	if body != nil {
		data = body.data
	}
	contentType := header.Get("Content-Type")
	if contentType == "" && r.Encode == nil {
		contentType = "application/json" // encodeBody's default
	}
	merged, contentType, err := withBodyCredentials(r.Method, data, contentType, body != nil, body != nil && body.reader != nil, members)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: %s: %w", c.spec.Name, r.Operation, err)
	}
	if req.Header.Get("Content-Type") == "" {
		req.Header.Set("Content-Type", contentType)
	}
	req.Body = io.NopCloser(bytes.NewReader(merged))
	req.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(merged)), nil }
	req.ContentLength = int64(len(merged))
	return req, &bodySource{data: merged, length: int64(len(merged))}, nil
}

// standardMethod: the methods net/http knows, which need no check as a
// token (Client.Do takes any method, and NewRequestWithContext checks it).
func standardMethod(m string) bool {
	switch m {
	case http.MethodGet, http.MethodHead, http.MethodDelete, http.MethodOptions, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodTrace:
		return true
	}
	return false
}

// handleResponse reads one response. It returns final, an error to return
// or retry (an *APIError), or err, a failure reading the body (treated as a
// transport failure). Both nil means success, and out is filled.
func (c *Client) handleResponse(r *Request, resp *http.Response, req *http.Request, attempt int, out any, co *CallOptions) (final error, err error) {
	into := co.responseInto
	streamed := false
	defer func() {
		if !streamed {
			resp.Body.Close()
		}
	}()
	meta := Response{
		StatusCode: resp.StatusCode,
		Header:     resp.Header,
		Attempts:   attempt,
		RateLimit:  c.spec.readRateLimit(resp.Header, c.clock.Now()),
	}
	if c.spec.RequestIDHeader != "" {
		meta.RequestID = resp.Header.Get(c.spec.RequestIDHeader)
	}
	if into != nil || co.responseFunc != nil {
		shown := c.shownResponse(meta)
		if into != nil {
			*into = shown
		}
		if co.responseFunc != nil {
			co.responseFunc(shown)
		}
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, held, readErr := c.buffered.read(resp.Body, resp.ContentLength, maxErrorBody)
		defer c.buffered.release(held)
		if readErr != nil && len(body) == 0 {
			return nil, readErr
		}
		return c.newAPIError(r, meta, body), nil
	}
	if stream, ok := out.(*io.ReadCloser); ok && r.RawResponse {
		// Not JSON: the caller reads the body itself, as it arrives,
		// with no cap and nothing held here. The attempt's timer stops;
		// closing the stream ends the attempt.
		if !co.attempt.stop() {
			return nil, errAttemptTimeout // the timer fired as the headers came
		}
		*stream = &responseStream{ReadCloser: resp.Body, done: co.attempt.cancel}
		co.attempt.handedOver, streamed = true, true
		return nil, nil
	}
	body, held, readErr := c.buffered.read(resp.Body, resp.ContentLength, maxSuccessBody+1)
	defer c.buffered.release(held)
	if errors.Is(readErr, errBufferBudget) {
		return c.decodeError(r, meta, body, readErr), nil
	}
	if readErr != nil {
		return nil, readErr
	}
	if co.page != nil {
		co.page.body = append([]byte(nil), body...)
		co.page.header = resp.Header
	}
	if len(body) > maxSuccessBody {
		return c.decodeError(r, meta, body, fmt.Errorf("body larger than %d bytes", maxSuccessBody)), nil
	}
	if out == nil {
		return nil, nil
	}
	if raw, ok := out.(*[]byte); ok && r.RawResponse {
		*raw = body
		return nil, nil
	}
	data := json.RawMessage(bytes.TrimSpace(body))
	if len(data) == 0 {
		// 204 and 205 carry no body by definition: the zero value is the
		// answer, whatever the operation's 200 looks like.
		if r.ExpectBody && resp.StatusCode != http.StatusNoContent && resp.StatusCode != http.StatusResetContent {
			return c.decodeError(r, meta, body, errors.New("empty body")), nil
		}
		return nil, nil
	}
	// An error the vendor sends with a 2xx (Slack's {"ok":false,
	// "error":"invalid_auth"}) is an *APIError, read with the envelope.
	if f := c.spec.FailureWhen; f.Pointer != "" {
		if v := lookupPointer(data, f.Pointer); v != nil && bytes.Equal(bytes.TrimSpace(v), []byte(f.Equals)) {
			if len(body) > maxErrorBody {
				body = body[:maxErrorBody]
			}
			return c.newAPIError(r, meta, body), nil
		}
	}
	unwrap := c.spec.SuccessData
	if r.OwnSuccess {
		unwrap = r.SuccessData
	}
	if unwrap != "" {
		inner := lookupPointer(data, unwrap)
		switch {
		case inner != nil:
			data = inner
		case r.ExpectBody:
			return c.decodeError(r, meta, body, fmt.Errorf("success envelope has no %s", unwrap)), nil
		}
	}
	if err := decodeJSON(data, out, r.ResultChecksJSON); err != nil {
		return c.decodeError(r, meta, body, err), nil
	}
	return nil, nil
}

// decodeJSON is json.Unmarshal, but a value that decodes itself (a union,
// which keeps its JSON; a model with additional properties) gets the body
// straight once it is known to be JSON: json.Unmarshal would check it,
// then scan it again only to find where the value ends, a whole pass
// over the body for nothing. Invalid JSON goes to json.Unmarshal for its
// error, which says where. A value that checks its input itself
// (checksItself) is not checked first either.
func decodeJSON(data []byte, out any, checksItself bool) error {
	if u, ok := out.(json.Unmarshaler); ok && (checksItself || json.Valid(data)) {
		return u.UnmarshalJSON(data)
	}
	return json.Unmarshal(data, out)
}

// shownResponse is a response's metadata as the caller gets it: a server
// may echo a credential into any header, the request ID's included.
func (c *Client) shownResponse(meta Response) Response {
	meta.Header = c.redactor.Header(meta.Header)
	meta.RequestID = c.redactor.String(meta.RequestID)
	return meta
}

func (c *Client) newAPIError(r *Request, meta Response, body []byte) *APIError {
	e := &APIError{
		StatusCode: meta.StatusCode,
		Operation:  r.Operation,
		RequestID:  c.redactor.String(meta.RequestID),
		RateLimit:  meta.RateLimit,
		Attempts:   meta.Attempts,
		Header:     c.redactor.Header(meta.Header),
		Body:       c.redactor.Bytes(body),
		Provider:   c.spec.Name,
		adHoc:      r.adHoc,
	}
	e.rateLimited = meta.StatusCode != http.StatusTooManyRequests && c.spec.rateLimited(meta.StatusCode, meta.Header)
	e.fillFromBody(c.spec.ErrorEnvelope, meta.Header.Get("Content-Type"), c.spec.ErrorShapes...)
	e.Code = c.redactor.String(e.Code)
	e.Message = c.redactor.String(e.Message)
	e.Details = c.redactor.Bytes(e.Details)
	if e.Message == "" && e.Code == "" {
		e.Message = strings.ToLower(http.StatusText(e.StatusCode))
	}
	if e.RequestID == "" && c.spec.ErrorEnvelope.RequestID != "" {
		// The body's own request ID, when no header gave one (Box's
		// /request_id); it is body text, so it is redacted like the body.
		e.RequestID = c.redactor.String(scalarText(lookupPointer(e.Body, c.spec.ErrorEnvelope.RequestID)))
	}
	e.sentinels = c.spec.codeSentinels(e)
	return e
}

func (c *Client) decodeError(r *Request, meta Response, body []byte, err error) *DecodeError {
	if len(body) > maxErrorBody {
		body = body[:maxErrorBody]
	}
	return &DecodeError{
		Operation:  r.Operation,
		StatusCode: meta.StatusCode,
		Header:     c.redactor.Header(meta.Header),
		Body:       c.redactor.Bytes(body),
		Err:        c.redactor.wrap(err),
		Provider:   c.spec.Name,
	}
}

// transportError names the operation and the URL, with credentials
// redacted, and keeps the cause for errors.Is.
func (c *Client) transportError(r *Request, req *http.Request, attempt int, err error) error {
	return fmt.Errorf("%s: %s: %s %s (attempt %d): %w", c.spec.Name, r.Operation, r.Method, c.redactor.URL(req.URL), attempt, c.redactor.wrap(unwrapURLError(err)))
}

// hasDotSegment reports a "." or ".." segment, which servers and proxies
// resolve, climbing out of the path the request names.
func hasDotSegment(path string) bool {
	for rest := path; ; {
		seg, more, found := strings.Cut(rest, "/")
		if seg == "." || seg == ".." {
			return true
		}
		if !found {
			return false
		}
		rest = more
	}
}

// unwrapURLError drops net/http's *url.Error, whose text repeats the URL
// unredacted; the cause stays.
func unwrapURLError(err error) error {
	if urlErr, ok := err.(*url.Error); ok {
		return urlErr.Err
	}
	return err
}

// isRetryableTransport says whether a transport failure may have happened
// before the server did anything: a refused or reset connection, a response
// cut short, a timeout. TLS and redirect-policy failures are final.
// errAttemptTimeout marks an attempt that ran out of its own time (not the
// caller's): a transport failure like any other, retried when safe.
var errAttemptTimeout = errors.New("attempt timed out")

func isRetryableTransport(err error) bool {
	if errors.Is(err, errAttemptTimeout) {
		return true
	}
	if errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.ECONNREFUSED) || errors.Is(err, syscall.EPIPE) {
		return true
	}
	var opErr *net.OpError
	if errors.As(err, &opErr) {
		return true
	}
	var netErr net.Error
	return errors.As(err, &netErr) && netErr.Timeout()
}

// invalidateTokens drops the OAuth tokens a refused request used; true when
// there was one, so that a retry with a fresh token makes sense.
func (c *Client) invalidateTokens(req *http.Request) bool {
	auth := req.Header.Get("Authorization")
	if !strings.HasPrefix(auth, "Bearer ") {
		return false
	}
	used := strings.TrimPrefix(auth, "Bearer ")
	retry := false
	for _, cred := range c.credentials {
		if cred.tokens != nil && cred.tokens.invalidate(used) {
			retry = true
			if ts, ok := cred.tokens.(*oauthTokenSource); ok && c.fleet != nil {
				// The fleet must not hand the refused token out again.
				_ = c.fleet.budget.DropToken(context.WithoutCancel(req.Context()), ts.key(c), used)
			}
		}
	}
	return retry
}

func (c *Client) announceRetry(ctx context.Context, r *Request, attempt, status int, d retryDecision, cause error) {
	if c.logger != nil {
		c.logger.LogAttrs(ctx, slog.LevelDebug, "retrying request",
			slog.String("provider", c.spec.Name),
			slog.String("operation", r.Operation),
			slog.Int("attempt", attempt),
			slog.Int("status", status),
			slog.Duration("wait", d.wait),
			slog.String("decided_by", d.source),
			slog.String("error", c.redactor.String(cause.Error())),
		)
	}
	if c.onRetry != nil {
		c.onRetry(RetryEvent{Operation: r.Operation, Attempt: attempt, Status: status, Wait: d.wait, Source: d.source, Err: cause})
	}
}

// remaining is what is left of ctx's deadline, or -1 without one.
func remaining(ctx context.Context, now time.Time) time.Duration {
	deadline, ok := ctx.Deadline()
	if !ok {
		return -1
	}
	return max(deadline.Sub(now), 0)
}

// budgetLeft is what is left of a call's budget (remaining's answer when
// the call started; -1: no deadline) after elapsed on the client's clock.
func budgetLeft(budget, elapsed time.Duration) time.Duration {
	if budget < 0 {
		return -1
	}
	return max(budget-elapsed, 0)
}

// bodyEncoder turns a request body into the bytes to send and the
// Content-Type to send them with. Generated operations pick one per body
// encoding; the form and multipart encoders live in their own files, copied
// only into clients that use them.
type bodyEncoder func(body any, contentType string) ([]byte, string, error)

// encodeJSON is the encoder of JSON bodies, and of Client.Do.
func encodeJSON(body any, contentType string) ([]byte, string, error) {
	b, err := json.Marshal(body)
	return b, contentType, err
}

// EncodeRaw sends a body that is already bytes (a file, text or another
// media type) as it is.
func EncodeRaw(body any, contentType string) ([]byte, string, error) {
	raw, ok := body.([]byte)
	if !ok {
		return nil, "", fmt.Errorf("a %s body must be []byte, not %T", contentType, body)
	}
	return raw, contentType, nil
}

// encodeBody encodes a request body once, before the first attempt, so
// every retry sends the same bytes. It returns the Content-Type to send,
// which for multipart carries the boundary.
func encodeBody(r *Request) (*bodySource, string, error) {
	if r.Body == nil {
		return nil, r.ContentType, nil
	}
	if rd, ok := r.Body.(io.Reader); ok {
		// A binary upload the caller streams: sent as it is read, and
		// replayable for a retry only when it can seek back.
		src := &bodySource{reader: rd, length: -1}
		if s, ok := rd.(io.Seeker); ok {
			if start, err := s.Seek(0, io.SeekCurrent); err == nil {
				if end, err := s.Seek(0, io.SeekEnd); err == nil {
					if _, err := s.Seek(start, io.SeekStart); err == nil {
						src.seeker, src.start, src.length = s, start, end-start
					}
				}
			}
		}
		return src, r.ContentType, nil
	}
	encode := r.Encode
	if encode == nil {
		encode = encodeJSON
	}
	data, contentType, err := encode(r.Body, r.ContentType)
	if err != nil {
		return nil, "", err
	}
	return &bodySource{data: data, length: int64(len(data))}, contentType, nil
}

// bodySource is a request body: bytes encoded once, or a reader the
// caller gives (seekable or not).
type bodySource struct {
	data   []byte
	reader io.Reader
	seeker io.Seeker
	start  int64
	length int64 // -1: unknown
	opened bool
}

// replayable: the body can be sent again (bytes, or a reader that seeks).
func (b *bodySource) replayable() bool {
	return b == nil || b.reader == nil || b.seeker != nil || !b.opened
}

// open gives the body for one attempt.
func (b *bodySource) open() (io.Reader, int64, error) {
	switch {
	case b == nil:
		return nil, 0, nil
	case b.reader == nil:
		return bytes.NewReader(b.data), int64(len(b.data)), nil
	case b.seeker != nil && b.opened:
		if _, err := b.seeker.Seek(b.start, io.SeekStart); err != nil {
			return nil, 0, err
		}
	case b.opened:
		return nil, 0, errors.New("the body cannot be read again")
	}
	b.opened = true
	// Wrapped so net/http sees a plain reader and streams it, never
	// closing the caller's file.
	return struct{ io.Reader }{b.reader}, b.length, nil
}

// guardedHTTPClient returns a copy of hc (or of a default client) whose
// redirect policy removes every credential this client adds when a redirect
// leaves the base URL's origin. net/http removes only Authorization and
// Cookie, and only for other domains; custom key headers and query keys it
// would forward.
func (c *Client) guardedHTTPClient(hc *http.Client) *http.Client {
	guarded := &http.Client{}
	if hc != nil {
		*guarded = *hc
	}
	userPolicy := guarded.CheckRedirect
	headers, query, cookies := c.spec.credentialNames()
	origin := c.baseURL
	bodyCredentials := c.spec.bodyPlacements()
	guarded.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if !sameOrigin(req.URL, origin) && bodyCredentials && req.Body != nil && req.Body != http.NoBody {
			// A 307 or 308 sends the body again, and the body may hold a
			// credential (Placements); no member of it can be stripped
			// safely, so the redirect is not followed.
			return fmt.Errorf("a redirect to another origin, %s, would carry the request body, which holds a credential; refused", c.redactor.URL(&url.URL{Scheme: req.URL.Scheme, Host: req.URL.Host}))
		}
		if c.signer != nil {
			if err := c.resignRedirect(req, sameOrigin(req.URL, origin)); err != nil {
				return err
			}
		}
		if !sameOrigin(req.URL, origin) {
			// net/http has already set Referer to the URL redirected from,
			// query key and all; no other origin needs to know it.
			req.Header.Del("Referer")
			for _, h := range headers {
				req.Header.Del(h)
			}
			if len(query) > 0 {
				q := req.URL.Query()
				for _, name := range query {
					q.Del(name)
				}
				req.URL.RawQuery = q.Encode()
			}
			if len(cookies) > 0 {
				stripCookies(req, cookies)
			}
		}
		if userPolicy != nil {
			return userPolicy(req, via)
		}
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		return nil
	}
	return guarded
}

// underBasePath reports whether an absolute URL on the client's origin (a
// next link, Client.Do's) stays where the credentials go: under the base
// URL's path segment by segment (/v1evil is not under /v1), decoded and as
// sent (a %2F makes no new segment for the server), with no dot segment.
func (c *Client) underBasePath(u *url.URL) bool {
	return underPath(u.Path, c.baseURL.Path) && underPath(u.EscapedPath(), c.baseURL.EscapedPath()) && !hasDotSegment(u.Path)
}

func underPath(path, base string) bool {
	base = strings.TrimSuffix(base, "/")
	return base == "" || path == base || strings.HasPrefix(path, base+"/")
}

func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Hostname(), b.Hostname()) && effectivePort(a) == effectivePort(b)
}

// effectivePort is the URL's port, or its scheme's default.
func effectivePort(u *url.URL) string {
	if port := u.Port(); port != "" {
		return port
	}
	switch {
	case strings.EqualFold(u.Scheme, "https"):
		return "443"
	case strings.EqualFold(u.Scheme, "http"):
		return "80"
	}
	return ""
}

func stripCookies(req *http.Request, names []string) {
	kept := req.Cookies()[:0]
	for _, ck := range req.Cookies() {
		drop := false
		for _, n := range names {
			if ck.Name == n {
				drop = true
			}
		}
		if !drop {
			kept = append(kept, ck)
		}
	}
	req.Header.Del("Cookie")
	for _, ck := range kept {
		req.AddCookie(ck)
	}
}
