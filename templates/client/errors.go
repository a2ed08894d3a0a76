package client

import (
	"bytes"
	"encoding/json"
	"net/http"
	"time"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// APIError is every non-2xx response the client gives up on.
//
// A failed call returns one of four kinds of error; branch on them in this
// order:
//
//   - the vendor's own codes: errors.Is(err, ErrSomeCode), for each code the
//     spec lists, matched on Code;
//   - the status: errors.Is(err, ErrNotFound), ErrRateLimited, ErrServer (any
//     5xx) and the other status sentinels; errors.As(err, &apiErr) for the
//     status, the vendor's message, RetryAfter, RateLimit and the metering
//     headers;
//   - *DecodeError: the server said yes (2xx) but its body did not match the
//     operation's schema; status and body are kept;
//   - anything else is the transport or the context: errors.Is(err,
//     context.DeadlineExceeded) and friends work, and ErrMissingCredential
//     means no configured credential satisfies the operation's security.
//
// ExampleAPIError shows the whole switch.
type APIError struct {
	// StatusCode is the HTTP status of the final response.
	StatusCode int
	// Code is the vendor's error code from its error envelope, if any.
	Code string
	// Message is the vendor's human-readable message, or a summary of the
	// body when the response had no envelope.
	Message string
	// Details is the envelope's details member, verbatim.
	Details json.RawMessage
	// Operation is the operationId of the call, or "METHOD path" for Do.
	Operation string
	// RequestID is the provider's request identifier, for support tickets:
	// the spec's request-ID header, else the error body's member the spec
	// names (errors.envelope.requestId).
	RequestID string
	// RetryAfter is how long the server asked the client to wait; zero if it
	// asked nothing.
	RetryAfter time.Duration
	// RateLimit is the rate-limit state the response reported.
	RateLimit RateLimit
	// Metering holds the usage headers the spec declares.
	Metering
	// ErrorFields holds the other members of the error envelope the spec
	// declares (Stripe's decline_code, GitHub's documentation_url).
	ErrorFields
	// Attempts is how many requests were sent, retries included.
	Attempts int
	// Header is the final response's header.
	Header http.Header
	// Body is the final response's body, capped at 64 KiB.
	Body []byte

	// runtime is the error as the runtime made it, for what Error and Is
	// read besides the fields above: the code's sentinel, why a retry
	// stopped. nil for an APIError built by hand.
	runtime *authgenrt.APIError
}

// Error reads like "acme: getAccount: 401 Unauthorized: INVALID_API_KEY:
// API key is invalid": the package, the operation (left out for Client.Do),
// the status, and the vendor's code and message when the body has them. A
// retryable failure the client stopped retrying ends with why: "(not
// retried: wait 3m0s exceeds MaxWait 1m0s)".
func (e *APIError) Error() string {
	r := e.asRuntime()
	return r.Error()
}

// GoString keeps %#v to the same safe summary as Error.
func (e *APIError) GoString() string { return "&APIError{" + e.Error() + "}" }

// Is matches the status sentinels by StatusCode and the code sentinels by
// Code.
func (e *APIError) Is(target error) bool {
	r := e.asRuntime()
	return r.Is(target)
}

// asRuntime is the runtime's reading of e: the error the runtime made,
// with e's status, code, message and operation, so that an APIError a
// caller changed or built by hand (in a test) reads as its fields say.
func (e *APIError) asRuntime() authgenrt.APIError {
	var r authgenrt.APIError
	if e.runtime != nil {
		r = *e.runtime
	} else {
		r.Provider = provider.Name
		r.RetryAfter = e.RetryAfter
	}
	r.StatusCode, r.Code, r.Message, r.Operation = e.StatusCode, e.Code, e.Message, e.Operation
	return r
}

// asAPIError gives the runtime's *APIError this package's type, with the
// headers and envelope members the spec declares; any other error is
// returned as it is.
func asAPIError(err error) error {
	r, ok := err.(*authgenrt.APIError)
	if !ok {
		return err
	}
	e := &APIError{
		StatusCode: r.StatusCode,
		Code:       r.Code,
		Message:    r.Message,
		Details:    r.Details,
		Operation:  r.Operation,
		RequestID:  r.RequestID,
		RetryAfter: r.RetryAfter,
		RateLimit:  r.RateLimit,
		Metering:   parseMetering(r.Header),
		Attempts:   r.Attempts,
		Header:     r.Header,
		Body:       r.Body,
		runtime:    r,
	}
	if doc := bytes.TrimSpace(r.Body); json.Valid(doc) {
		e.ErrorFields = parseErrorFields(doc)
	}
	return e
}

// DecodeError is a 2xx response whose body does not match the operation's
// schema: the server said yes, but what it sent cannot be read.
type DecodeError = authgenrt.DecodeError

// The status sentinels. errors.Is(err, ErrNotFound) is true for any
// *APIError with that status; a vendor code whose Go name is the same as
// one of these (rate_limited gives ErrRateLimited) matches it too.
var (
	// ErrBadRequest matches 400 Bad Request.
	ErrBadRequest = authgenrt.ErrBadRequest
	// ErrUnauthorized matches 401 Unauthorized.
	ErrUnauthorized = authgenrt.ErrUnauthorized
	// ErrPaymentRequired matches 402 Payment Required.
	ErrPaymentRequired = authgenrt.ErrPaymentRequired
	// ErrForbidden matches 403 Forbidden.
	ErrForbidden = authgenrt.ErrForbidden
	// ErrNotFound matches 404 Not Found.
	ErrNotFound = authgenrt.ErrNotFound
	// ErrConflict matches 409 Conflict.
	ErrConflict = authgenrt.ErrConflict
	// ErrUnprocessableEntity matches 422 Unprocessable Entity.
	ErrUnprocessableEntity = authgenrt.ErrUnprocessableEntity
	// ErrRateLimited matches 429 Too Many Requests.
	ErrRateLimited = authgenrt.ErrRateLimited
	// ErrServer matches every 5xx status.
	ErrServer = authgenrt.ErrServer
)

// ErrInvalidCredential is returned by New when a credential is malformed,
// and ErrMissingCredential by a call whose operation needs a credential that
// was not given.
var (
	ErrInvalidCredential = authgenrt.ErrInvalidCredential
	ErrMissingCredential = authgenrt.ErrMissingCredential
)
