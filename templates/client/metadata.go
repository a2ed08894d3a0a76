package client

import (
	"net/http"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// Response is the metadata of a call's final response. Pass one to
// WithResponseInto to read it.
type Response struct {
	// StatusCode is the final response's status.
	StatusCode int
	// Header is the final response's header.
	Header http.Header
	// Attempts is how many requests were sent, retries included.
	Attempts int
	// RateLimit is the rate-limit state the response reported.
	RateLimit RateLimit
	// RequestID is the provider's request identifier, if it sends one.
	RequestID string
	// Metering holds the usage headers the spec declares.
	Metering
}

// WithResponseInto stores the final response's metadata in r, on success
// and on failure.
func WithResponseInto(r *Response) RequestOption {
	return authgenrt.WithResponseFunc(func(m authgenrt.Response) {
		*r = Response{
			StatusCode: m.StatusCode,
			Header:     m.Header,
			Attempts:   m.Attempts,
			RateLimit:  m.RateLimit,
			RequestID:  m.RequestID,
			Metering:   parseMetering(m.Header),
		}
	})
}
