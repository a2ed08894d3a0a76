package authgenfake

// This file stands in for the generated half of a <pkg>fake package, so
// that the fake's machinery compiles and is tested on its own.

var (
	fakeBasePath         = "/v1"
	fakeEnvelope         = fakeEnvelopeSpec{code: "/error/code", message: "/error/message"}
	fakeRateLimit        = fakeRateLimitSpec{limit: "X-RateLimit-Limit", remaining: "X-RateLimit-Remaining", reset: fakeTimeHeader{name: "X-RateLimit-Reset", format: "unix-epoch"}}
	fakeDelayHeaders     = []fakeTimeHeader{{name: "Retry-After", format: "seconds"}}
	fakeUnauthorizedCode = "invalid_api_key"
	fakeRateLimitedCode  = "rate_limited"
	fakeSchemes          = []fakeScheme{{name: "key", kind: "header", param: "X-Api-Key", secret: "fake-key"}}
	fakeWebhook          = &fakeWebhookSpec{header: "webhook-signature", algorithm: "hmac-sha256", encoding: "base64", prefix: "v1,", timestampHeader: "webhook-timestamp", idHeader: "webhook-id", secretPrefix: "whsec_", signed: []string{"id", "literal:.", "timestamp", "literal:.", "body"}}
	fakeRoutes           = []fakeRoute{
		{operation: "getThing", method: "GetThing", verb: "GET", pattern: []fakePiece{{lit: "things/"}, {param: 0}}, security: [][]string{{"key"}}, status: 200},
		{operation: "ping", method: "Ping", verb: "GET", pattern: []fakePiece{{lit: "ping"}}, security: [][]string{}, status: 200},
	}
)
