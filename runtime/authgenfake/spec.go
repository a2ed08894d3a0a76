package authgenfake

import "github.com/authgen/authgen/runtime/authgenrt"

// Spec is the provider as a fake of it needs it: the one value the
// generated half of a <pkg>fake package declares and gives NewServer.
// Nothing in it changes once a server runs. It speaks the client
// runtime's words (header formats, scheme kinds, paging styles, webhook
// signing), so that a fake and its client read one description.
type Spec struct {
	// BasePath is the path of the provider's default server URL ("/v1"),
	// which the fake serves the API under.
	BasePath string
	// Envelope is where the vendor's error body keeps its code and
	// message; empty: {"code": ..., "message": ...}.
	Envelope authgenrt.ErrorEnvelopeSpec
	// ErrorShape is the envelope as the document's error schema draws it;
	// zero: Envelope's pointers read as nested objects of strings.
	ErrorShape ErrorShape
	// FailureWhen is the vendor's in-band failure (Slack's ok: false),
	// which the fake sets in its errors and keeps out of its successes.
	FailureWhen authgenrt.FailureSpec
	// RateLimit names the rate-limit headers the fake sends once a limit
	// is set (see Server.RateLimit).
	RateLimit authgenrt.RateLimitSpec
	// DelayHeaders say how long to wait, on a 429; none: Retry-After.
	DelayHeaders []authgenrt.HeaderSpec
	// UnauthorizedCode and RateLimitedCode are the vendor's codes of a
	// refused credential and of a rate limit.
	UnauthorizedCode, RateLimitedCode string
	// FaultCodes are the vendor's codes by status, which an injected
	// fault of that status (Fail) answers with; a status without one gets
	// the status in words (service_unavailable).
	FaultCodes map[int]string
	Schemes    []Scheme
	// Webhook is how the provider signs webhooks, for SendWebhook; nil
	// when the spec says nothing of webhooks.
	Webhook *authgenrt.WebhookSpec
	// Signing is how the client signs every request (x-authgen.signing);
	// nil: it does not. The fake checks each signature with SigningKeyID
	// and SigningSecret, as the vendor does, before the credential.
	Signing                     *authgenrt.SigningSpec
	SigningKeyID, SigningSecret string
	// SignatureCode and TimestampCode, with their statuses, are the
	// vendor's answers to a signature that does not match and to a
	// timestamp outside its window; empty: AWS's 403 codes for SigV4, the
	// unauthorized code with 401 for an HMAC.
	SignatureCode, TimestampCode     string
	SignatureStatus, TimestampStatus int
	Routes                           []Route
}

// ErrorShape is the vendor's error envelope as its schema gives it, so
// that the fake writes {"errors":[{"code":10000}]} for a code read at
// /errors/0/code of an integer, not {"errors":{"0":{"code":"10000"}}}.
type ErrorShape struct {
	// Skeleton is the envelope's JSON before the code and message are
	// written into it: the arrays along their pointers, the members the
	// schema holds constant ({"errors":[{}],"status":"error"}) and a
	// value the schema allows for each other required member.
	Skeleton string
	// CodeType and MessageType are the JSON types of the code and the
	// message: "string" (or ""), "integer", "number", "boolean", or
	// "array" for a list of strings.
	CodeType, MessageType string
	// CodeValues are the codes the schema enumerates, as text; empty
	// when it takes any. A code not among them, the fake's own
	// ("rate_limited") or a test's, is sent as the one that fits best.
	CodeValues []string
	// CodePointer and MessagePointer, with OwnPointers, are where an
	// operation's own envelope (Route.ErrorShapes) keeps the code and
	// message when the spec declares no envelope ("" for none: a closed
	// schema with no room for them); without OwnPointers, the Spec's
	// Envelope says.
	CodePointer, MessagePointer string
	OwnPointers                 bool
}

// StatusErrorShape is an operation's own error envelope for a response
// code: "404", a range "4XX", or "default".
type StatusErrorShape struct {
	Code  string
	Shape ErrorShape
}

// Scheme is a security scheme and the credential the fake accepts.
type Scheme struct {
	Name  string // as in the spec; routes' security refers to it
	Kind  authgenrt.SchemeKind
	Param string // the header, query or cookie name of an API key
	// ValuePrefix and ValueSuffix surround a header key in its header
	// (Authorization: Token token=<key>).
	ValuePrefix, ValueSuffix string
	// Headers are the optional headers that go with the credential
	// (OpenAI-Organization): credentials too, redacted from the records.
	Headers []string
	// Secret is the valid key or token; for basic, the password; for an
	// OAuth 2.0 flow, the access token the fake issues.
	Secret string
	User   string // basic: the user name as the client sends it
	// TokenURL is an OAuth 2.0 flow's token URL, which the fake answers
	// in its place for the client ClientID and ClientSecret.
	TokenURL, ClientID, ClientSecret string
	// Placements, when there are any, are where the credential comes
	// instead of where Kind puts it: a header, query parameter, cookie or
	// member of the body (Plaid's client_id and secret), each in its
	// template. They are credentials too, redacted from the records.
	Placements []authgenrt.CredentialPlacement
}

// Route is one operation's method and path, as the spec gives them.
type Route struct {
	Operation string // the operationId
	Method    string // the client's Go method, for messages
	Verb      string
	// Pattern is the path without its leading and trailing slash.
	Pattern  []Piece
	Security []authgenrt.SecurityRequirement // empty: a public operation
	Status   int                             // the success status to answer with
	// SuccessData is the JSON pointer a success envelope keeps the result
	// at; "" for a result sent as it is.
	SuccessData string
	Paging      *authgenrt.PageSpec // how Pages answers it; nil: it does not page
	// Stream is how the operation answers with server-sent events; nil:
	// it does not stream.
	Stream *RouteStream
	// ResultBody: the documented success carries a body, so a handler
	// that returns none is answered 204 whatever the documented status,
	// rather than an empty answer a client could not decode.
	ResultBody bool
	// MediaType is the media type of the documented success, which the
	// fake's answers with a body carry; "" when the documented success
	// has no body (answered with Status, empty) or there is none.
	MediaType string
	// Result is the JSON of the Shape the documented success body has:
	// what the fake fills in where a handler left a required member at a
	// zero value the document does not allow; "" when nothing needs it.
	Result string
	// ErrorShapes are the envelopes of the response codes whose error
	// schema, in this operation, draws another than Spec.ErrorShape.
	ErrorShapes []StatusErrorShape
}

// RouteStream is an operation's stream as the spec declares it.
type RouteStream struct {
	// Toggle is the JSON body member that asks for the stream; "" when
	// the operation always streams.
	Toggle string
	// Done is the data that ends the stream, written after the events.
	Done string
	// ErrorEvent is the event type of the vendor's error envelope.
	ErrorEvent string
}

// Piece is a piece of a route's path: Literal text, or (Literal empty)
// the path parameter at index Param of the operation's path parameters,
// which takes one segment, or several when Multi (GitHub's
// x-multi-segment file paths).
type Piece struct {
	Literal string
	Param   int
	Multi   bool
}

// Param maps a request parameter to a field of an operation's Params
// struct, for Call.Params.
type Param struct {
	Name     string
	In       In
	Field    string // the Go field
	Required bool
}

// In is where a parameter travels.
type In int

const (
	InQuery In = iota + 1
	InHeader
	InCookie
)

func (in In) String() string {
	switch in {
	case InHeader:
		return "header"
	case InCookie:
		return "cookie"
	}
	return "query"
}

// Body is whether an operation takes a request body.
type Body int

const (
	NoBody Body = iota
	OptionalBody
	RequiredBody
)
