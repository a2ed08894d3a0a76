package spec

import (
	"encoding/json"
	"fmt"
	"strings"
	"time"

	"go.yaml.in/yaml/v4"
)

// ExtensionKey is the top-level key of a spec that holds what OpenAPI
// cannot say.
const ExtensionKey = "x-authgen"

// The structs below are the x-authgen grammar, its only description: the
// decoder (grammar.go) reads a block into them, the JSON Schema
// (schema/authgen-spec.schema.json) is generated from them
// (grammarschema_test.go), and a test checks that docs/spec-format.md names
// every key. Adding a key is a field here and its use in the builder.
//
// Tags:
//
//	yaml:"key"        the key; a field without one is not part of the grammar
//	doc:"..."         the key's description in the JSON Schema
//	authgen:"..."     comma-separated:
//	  min=N, max=N      a number's range (checked by the decoder; of the items, for a list)
//	  default=V         the value when the key is absent (a string)
//	  required          the schema requires the key (the builder says why, in context)
//	  nonempty          the schema refuses ""
//	  enum=a|b          the values the schema allows (the builder checks them, with a hint)
//	  pattern=RE        the schema's pattern (for a list: each item's)
//	  ref=name          the schema's shared definition (envVar, headerName, pointer)
//	  want=phrase       a list written as an object keyed by name: "want <phrase>" when it is not one
//	  key, value        in such a list's element: the field that takes the name (and the field
//	                    that takes a scalar value, when the value is not an object)
//
// A blank field `_ struct{}` carries the options of its struct: def=name
// (a shared definition in the schema), anyOf=a|b (the schema wants one of
// those keys), and doc.
//
// Every struct embeds at: the decoder records where the struct is and where
// each of its keys' values is, so the builder's messages point at them.

// extension is the x-authgen block as written. Load turns it into the model.
type extension struct {
	_ struct{} `authgen:"def=extension" doc:"What OpenAPI cannot say about a provider. See docs/spec-format.md."`
	at
	Package           string                 `yaml:"package" authgen:"pattern=^[a-z][a-z0-9]*$" doc:"Go package name of the client; default: the sanitised info.title."`
	Environments      []environmentConfig    `yaml:"environments" doc:"Named servers; each gives an Environment constant. Default: one per server, named by its description."`
	EnvironmentEnvVar string                 `yaml:"environmentEnv" authgen:"ref=envVar" doc:"Variable NewFromEnv reads the environment name from."`
	ServerVariables   []serverVariableConfig `yaml:"serverVariables" authgen:"want=an object keyed by server variable" doc:"Per {variable} of a server URL: each gives an option With<Name>(string)."`
	Credentials       []credentialConfig     `yaml:"credentials" authgen:"want=an object keyed by security scheme" doc:"Per security scheme (a key of components.securitySchemes)."`
	Errors            errorsConfig           `yaml:"errors"`
	Success           successConfig          `yaml:"success"`
	Retry             retryConfig            `yaml:"retry"`
	RateLimit         rateLimitConfig        `yaml:"rateLimit"`
	Metering          []meteringConfig       `yaml:"metering"`
	RequestID         string                 `yaml:"requestIdHeader" authgen:"ref=headerName"`
	Query             []fixedQueryConfig     `yaml:"query" authgen:"want=an object of query parameter names and values" doc:"Query parameters sent on every request (api-version=2024-01-01); operations' parameters so named are left out of their methods. Not for credentials."`
	Headers           []fixedHeaderConfig    `yaml:"headers" authgen:"want=an object of header names and values" doc:"Headers sent on every request (an API version such as Notion-Version); WithDefaultHeader replaces one. Not for credentials."`
	Webhooks          *webhooksConfig        `yaml:"webhooks" doc:"How the provider signs its webhooks: a preset, and any key over it. Gives NewWebhookVerifier."`
	Signing           *signingConfig         `yaml:"signing" doc:"Credentials that sign each request instead of being sent: preset aws-sigv4, or an HMAC over a template. Gives WithSigning and its variables in NewFromEnv."`
	Pagination        paginationConfig       `yaml:"pagination" doc:"How list operations page: <Method>Pages and <Method>All."`
	Streams           streamsConfig          `yaml:"streams" doc:"How operations that answer with server-sent events (text/event-stream) stream: the method that yields the events."`
	// Operations is the operation filter; it is applied to the document
	// before it is loaded (internal/overlay), and decoded here to check it.
	Operations operationsConfig `yaml:"operations" doc:"Keep only these operations (any list matching keeps one), and only the models they reach. Webhooks are kept only when named."`

	// PackagePos is where Load's Options.Package came from, when it
	// replaces the package key; the key's own position is keyPos("package").
	PackagePos Position
}

type environmentConfig struct {
	at
	Name        string `yaml:"name" authgen:"required,nonempty"`
	URL         string `yaml:"url" authgen:"pattern=^https?://"`
	Description string `yaml:"description"`
}

type serverVariableConfig struct {
	at
	Name        string `authgen:"key"`
	EnvVar      string `yaml:"env" authgen:"ref=envVar" doc:"Variable NewFromEnv reads the value from."`
	Tenant      *bool  `yaml:"tenant" doc:"The value is the customer's own (a subdomain, a shop): New fails when it is unset. Default: true for a variable without an enum."`
	Description string `yaml:"description"`
	// FromCredential and Transform take the value from a key when nothing
	// sets it (Mailchimp's data centre, after the key's last "-").
	FromCredential string `yaml:"fromCredential" doc:"A security scheme (a key of components.securitySchemes) whose fixed key gives the value, through transform, when neither the option nor env does (Mailchimp: the data centre after the key's last \"-\")."`
	Transform      string `yaml:"transform" authgen:"pattern=^(after-last|after-first|before-first|before-last|regexp):.+$" doc:"How fromCredential's key gives the value: after-last:<sep>, after-first:<sep>, before-first:<sep>, before-last:<sep>, or regexp:<a Go regular expression with one group>."`
}

type credentialConfig struct {
	at
	Scheme  string `authgen:"key"`
	EnvVar  string `yaml:"env" authgen:"ref=envVar" doc:"Variable NewFromEnv reads the credential (the password, for basic) from. On a basic scheme without userEnv, the user name is fixed or ignored and the option takes only the key."`
	UserEnv string `yaml:"userEnv" authgen:"ref=envVar" doc:"Basic auth: variable holding the user name."`
	// Username is the shape of the user name basic auth sends, with one
	// {placeholder} for the one the caller gives ("{email}/token").
	Username      string                   `yaml:"username" authgen:"pattern=^[^{}:]*(\\{[^{}:]+\\}[^{}:]*)?$" doc:"Basic auth: the user name sent, fixed (\"api\": the option then takes only the key), or its shape with one {placeholder} for what the caller gives (Zendesk: \"{email}/token\")."`
	Format        string                   `yaml:"format" authgen:"pattern=^[^{}]*\\{[^{}]+\\}[^{}]*$" doc:"A key sent in a header (apiKey in: header, or http with a scheme word other than bearer and basic): the header value, with one {placeholder} for the key (PagerDuty: \"Token token={key}\"). Default: the key, after the scheme word for http."`
	UserPathParam string                   `yaml:"userPathParam" doc:"Basic auth: a path parameter that defaults to the user name when the caller passes \"\" (Twilio: AccountSid)."`
	Headers       []credentialHeaderConfig `yaml:"headers" doc:"Optional headers sent with this credential only (OpenAI-Organization), each with a With<Header> option."`
	Formats       []formatConfig           `yaml:"keyFormats"`
	TokenRequest  *tokenRequestConfig      `yaml:"tokenRequest" doc:"An oauth2 scheme whose flow the client runs: how its token request differs from RFC 6749's default (client_id and secret in HTTP basic, grant_type and scope alone in the form)."`
	Placements    []placementConfig        `yaml:"placements" doc:"Where the credential goes instead of where its scheme puts it: each a header, query parameter, cookie, or member of the JSON object (or form) body, with the value's template (Plaid: client_id and secret in every body). Not for basic schemes."`
}

// tokenRequestConfig is credentials.<scheme>.tokenRequest: an OAuth 2.0
// token request as the vendor wants it.
type tokenRequestConfig struct {
	at
	ClientAuth string             `yaml:"clientAuth" authgen:"enum=basic|body" doc:"Where the client ID and secret go: basic (HTTP basic, RFC 6749's default) or body (client_id and client_secret in the form, as Twitch and Box want)."`
	Params     []tokenParamConfig `yaml:"params" doc:"More members of the token request's form (Box's box_subject_type and box_subject_id), each fixed (value) or given by the caller (option)."`
}

// tokenParamConfig is one more member of a token request's form.
type tokenParamConfig struct {
	_ struct{} `authgen:"anyOf=value|option"`
	at
	Name   string `yaml:"name" authgen:"required,nonempty" doc:"The form member."`
	Value  string `yaml:"value" doc:"Its fixed value."`
	Option string `yaml:"option" authgen:"pattern=^With[A-Z][A-Za-z0-9]*$" doc:"The option the caller gives its value with (WithEnterpriseID); left unset, the member is not sent."`
}

// placementConfig is one place a credential goes.
type placementConfig struct {
	at
	In   string `yaml:"in" authgen:"required,enum=header|query|cookie|body"`
	Name string `yaml:"name" authgen:"required,nonempty" doc:"The header, query parameter, cookie or body member."`
	// Value is the text sent, with one {placeholder} for the credential.
	Value string `yaml:"value" authgen:"pattern=^[^{}]*\\{[^{}]+\\}[^{}]*$" doc:"The value sent, with one {placeholder} for the credential (\"Key {key}\"). Default: the credential alone."`
}

// credentialHeaderConfig is an optional header sent with the credential.
type credentialHeaderConfig struct {
	at
	Name   string `yaml:"name" authgen:"required,ref=headerName"`
	EnvVar string `yaml:"env" authgen:"ref=envVar"`
}

type formatConfig struct {
	_ struct{} `authgen:"anyOf=prefix|pattern"`
	at
	Prefix      string `yaml:"prefix" authgen:"nonempty"`
	Pattern     string `yaml:"pattern" authgen:"nonempty" doc:"A Go regular expression."`
	Environment string `yaml:"environment" doc:"The environment a key of this format belongs to."`
}

type errorsConfig struct {
	at
	Envelope    envelopeConfig     `yaml:"envelope"`
	FailureWhen failureConfig      `yaml:"failureWhen" doc:"A 2xx body whose value at pointer equals this is an error (Slack: /ok is false)."`
	Fields      []errorFieldConfig `yaml:"fields" doc:"Other members of the error envelope, typed fields of ErrorFields in *APIError (Stripe's decline_code)."`
	Shapes      []shapeConfig      `yaml:"shapes" doc:"Other envelopes the vendor's errors come in, tried in order after envelope."`
	Codes       []codeConfig       `yaml:"codes"`
}

// envelopeConfig is errors.envelope: where an error body keeps its parts.
type envelopeConfig struct {
	at
	Code    string `yaml:"code" authgen:"ref=pointer"`
	Message string `yaml:"message" authgen:"ref=pointer"`
	Details string `yaml:"details" authgen:"ref=pointer"`
	// RequestID is the body's own request identifier (Box, HubSpot's
	// correlationId), for APIError.RequestID when no header gives one.
	RequestID string `yaml:"requestId" authgen:"ref=pointer" doc:"Where the error body keeps the request ID (Box's /request_id): APIError.RequestID when the requestIdHeader is absent."`
}

// failureConfig is errors.failureWhen: the 2xx bodies that are errors.
type failureConfig struct {
	at
	Pointer string     `yaml:"pointer" authgen:"required,ref=pointer"`
	Equals  jsonScalar `yaml:"equals" authgen:"required"`
}

// errorFieldConfig is one more member of the error envelope, typed.
type errorFieldConfig struct {
	at
	Pointer     string `yaml:"pointer" authgen:"required,ref=pointer"`
	Name        string `yaml:"name" authgen:"pattern=^[A-Z][A-Za-z0-9]*$"`
	Type        string `yaml:"type" authgen:"default=string,enum=string|integer|number|boolean|array" doc:"array: a list of strings, every scalar the pointer reaches (a * segment walks each item: /errors/*/message)."`
	Description string `yaml:"description"`
}

// shapeConfig is another envelope the vendor's errors come in.
type shapeConfig struct {
	_ struct{} `authgen:"anyOf=code|message"`
	at
	Code    string `yaml:"code" authgen:"ref=pointer"`
	Message string `yaml:"message" authgen:"ref=pointer"`
	Details string `yaml:"details" authgen:"ref=pointer"`
}

type codeConfig struct {
	at
	Code        string `yaml:"code" authgen:"required,nonempty"`
	Status      int    `yaml:"status" authgen:"min=100,max=599"`
	Description string `yaml:"description"`
	// Name is the sentinel's name after Err, for codes that are numbers
	// (Twilio's 20003).
	Name  string `yaml:"name" authgen:"pattern=^[A-Z][A-Za-z0-9]*$" doc:"The sentinel is Err<name> instead of Err<Code> (for numeric codes)."`
	Retry *bool  `yaml:"retry" doc:"false: a response with this code is never retried, whatever its status (OpenAI's insufficient_quota)."`
	// Pointer reads this code from another member than envelope.code, for
	// vendors with two code members (error_type and error_code).
	Pointer string `yaml:"pointer" authgen:"ref=pointer" doc:"The member of the error body this code is read from, instead of errors.envelope.code (a second code member: /error/type)."`
}

// successConfig is x-authgen.success: where a 2xx body keeps the data.
type successConfig struct {
	at
	Data       string                   `yaml:"data" authgen:"ref=pointer"`
	Operations []successOperationConfig `yaml:"operations" authgen:"want=an object of operationId to JSON pointer" doc:"operationId to the pointer of its own data (\"\": the whole body)."`
}

// successOperationConfig is one operation's own success envelope: the
// pointer to its data, "" for the whole body.
type successOperationConfig struct {
	at
	OperationID string `authgen:"key"`
	Data        string `authgen:"value,pattern=^(/.*)?$"`
}

type retryConfig struct {
	at
	MaxRetries   *int              `yaml:"maxRetries" authgen:"min=0,max=100"`
	BaseDelay    time.Duration     `yaml:"baseDelay"`
	MaxDelay     time.Duration     `yaml:"maxDelay"`
	MaxWait      time.Duration     `yaml:"maxWait"`
	DelayHeaders []headerConfig    `yaml:"delayHeaders"`
	MinWait      time.Duration     `yaml:"minWait" doc:"The least a rate-limited request waits when the server names no delay."`
	Statuses     []int             `yaml:"statuses" authgen:"min=500,max=599" doc:"Statuses besides 502, 503 and 504 retried like them (Notion's 529)."`
	ShouldRetry  string            `yaml:"shouldRetryHeader" authgen:"ref=headerName" doc:"The vendor's retry hint: true retries even a POST, false stops a retry."`
	Idempotency  string            `yaml:"idempotencyHeader" authgen:"ref=headerName" doc:"The client adds a fresh idempotency key in this header to every POST and PATCH that lacks one."`
	When         []retryRuleConfig `yaml:"when" doc:"Rules deciding a retry by the response: the first whose conditions all hold says retry true or false."`
}

// retryRuleConfig is one rule of retry.when: conditions on the failed
// response, and whether it is retried.
type retryRuleConfig struct {
	_ struct{} `authgen:"anyOf=status|method|pointer|retryAfter"`
	at
	Status     int        `yaml:"status" authgen:"min=100,max=599" doc:"The response's status."`
	Method     string     `yaml:"method" authgen:"enum=GET|HEAD|POST|PUT|PATCH|DELETE|OPTIONS|TRACE" doc:"The request's method."`
	Pointer    string     `yaml:"pointer" authgen:"ref=pointer" doc:"With equals: the error body's member at this pointer."`
	Equals     jsonScalar `yaml:"equals" doc:"The value at pointer (a string, number or boolean)."`
	RetryAfter bool       `yaml:"retryAfter" doc:"true: the response names a wait (Retry-After or a delay source)."`
	Retry      *bool      `yaml:"retry" authgen:"required" doc:"Whether a response the rule matches is retried: true even for a POST or a status not otherwise retried."`
}

// headerConfig is a header that holds a time: a delay or a reset.
type headerConfig struct {
	_ struct{} `authgen:"def=timeHeader,anyOf=name|pointer"`
	at
	Name          string `yaml:"name" authgen:"ref=headerName"`
	Pointer       string `yaml:"pointer" authgen:"ref=pointer" doc:"retry.delayHeaders: instead of name, the member of the error body holding the value (a 429's {\"retry_after\": 1.234}: /retry_after)."`
	Format        string `yaml:"format" authgen:"required,enum=seconds|milliseconds|unix-epoch|http-date|duration|rfc3339|ratelimit"`
	WhenExhausted bool   `yaml:"whenExhausted" doc:"A delay only when the remaining budget is 0 (a reset time sent on every response)."`
}

type rateLimitConfig struct {
	at
	Limit     string            `yaml:"limit" authgen:"ref=headerName"`
	Remaining string            `yaml:"remaining" authgen:"ref=headerName"`
	Reset     headerConfig      `yaml:"reset"`
	Bucket    string            `yaml:"bucket" authgen:"ref=headerName" doc:"A used/limit header (Shopify's X-Shopify-Shop-Api-Call-Limit: 32/40); instead of limit and remaining."`
	Statuses  []int             `yaml:"statuses" authgen:"min=400,max=599" doc:"Statuses besides 429 that mean rate limited when remaining is 0 (GitHub's 403)."`
	Steady    *steadyRateConfig `yaml:"steady" doc:"A steady rate the vendor documents for the client to keep (3 requests a second per integration): kept for the client, or for a fleet with WithSharedBudget."`
}

type steadyRateConfig struct {
	at
	Limit int           `yaml:"limit" authgen:"required,min=1" doc:"How many requests every per."`
	Per   time.Duration `yaml:"per" authgen:"required" doc:"The window (1s, 1m)."`
	Burst int           `yaml:"burst" authgen:"min=1" doc:"How many may go at once (default: limit)."`
}

type meteringConfig struct {
	at
	Header      string `yaml:"header" authgen:"required,ref=headerName"`
	Name        string `yaml:"name" authgen:"pattern=^[A-Z][A-Za-z0-9]*$"`
	Type        string `yaml:"type" authgen:"default=integer,enum=integer|number|string|boolean"`
	Description string `yaml:"description"`
}

type fixedQueryConfig struct {
	at
	Name  string `authgen:"key"`
	Value string `authgen:"value"`
}

type fixedHeaderConfig struct {
	at
	Name  string `authgen:"key,ref=headerName"`
	Value string `authgen:"value"`
}

// webhooksConfig is x-authgen.webhooks: how the provider signs the
// webhooks it sends, and the events a 3.0 document cannot describe.
type webhooksConfig struct {
	at
	Preset          string               `yaml:"preset" authgen:"enum=standard|stripe|github|slack|twilio"`
	Header          string               `yaml:"header" authgen:"ref=headerName"`
	Algorithm       string               `yaml:"algorithm" authgen:"enum=hmac-sha256|hmac-sha1|ed25519"`
	Encoding        string               `yaml:"encoding" authgen:"enum=hex|base64"`
	Prefix          string               `yaml:"prefix" doc:"Before each signature: sha256=, v0=, v1,"`
	Separator       string               `yaml:"separator" doc:"Between several signatures in the header."`
	Keyed           keyedConfig          `yaml:"keyed"`
	TimestampHeader string               `yaml:"timestampHeader" authgen:"ref=headerName"`
	IDHeader        string               `yaml:"idHeader" authgen:"ref=headerName"`
	Signed          string               `yaml:"signed" doc:"What is signed: literal text and {timestamp}, {id}, {body}, {url}, {params}."`
	Tolerance       *time.Duration       `yaml:"tolerance"`
	SecretPrefix    string               `yaml:"secretPrefix"`
	SecretEnv       string               `yaml:"secretEnv" authgen:"ref=envVar"`
	MaxBody         int                  `yaml:"maxBody" authgen:"min=1,max=1073741824"`
	EventHeader     string               `yaml:"eventHeader" authgen:"ref=headerName"`
	EventType       string               `yaml:"eventType" authgen:"ref=pointer"`
	Events          []webhookEventConfig `yaml:"events"`
}

// signingConfig is x-authgen.signing: how the client signs each request
// (internal/spec/signing.go).
type signingConfig struct {
	at
	Preset          string             `yaml:"preset" authgen:"enum=aws-sigv4|hmac|jwt"`
	Issuer          string             `yaml:"issuer" doc:"jwt: the iss claim of each request's token (Coinbase: cdp)."`
	Service         string             `yaml:"service" doc:"aws-sigv4: the service's signing name (s3, execute-api, ...)."`
	Region          string             `yaml:"region" doc:"aws-sigv4: the region when neither WithSigning's nor AWS_REGION gives one."`
	StreamedBody    string             `yaml:"streamedBody" authgen:"enum=unsigned|aws-chunked" doc:"aws-sigv4: how a body the caller streams is signed: unsigned (UNSIGNED-PAYLOAD) or aws-chunked (S3's chunked upload, each chunk signed, for a body of known length)."`
	Signed          string             `yaml:"signed" doc:"hmac: what is signed: literal text and {method}, {path}, {query}, {timestamp}, {nonce}, {body}, {body-sha256}."`
	Algorithm       string             `yaml:"algorithm" authgen:"enum=hmac-sha256|hmac-sha512|ed25519"`
	Encoding        string             `yaml:"encoding" authgen:"enum=hex|base64"`
	Signature       signingPlaceConfig `yaml:"signature" doc:"hmac: where the signature goes."`
	Timestamp       signingPlaceConfig `yaml:"timestamp" doc:"hmac: where the timestamp goes."`
	TimestampFormat string             `yaml:"timestampFormat" authgen:"enum=unix|unix-ms|rfc3339"`
	Nonce           signingPlaceConfig `yaml:"nonce" doc:"hmac: where the nonce goes."`
	KeyID           signingPlaceConfig `yaml:"keyId" doc:"hmac: where the key ID goes."`
	SignatureCode   string             `yaml:"signatureCode" doc:"The vendor's error code (one of errors.codes) for a signature that does not match; the fake answers it with that code's status."`
	TimestampCode   string             `yaml:"timestampCode" doc:"The vendor's error code (one of errors.codes) for a timestamp outside its window (Binance's -1021)."`
	ClockSkew       *time.Duration     `yaml:"clockSkew" doc:"hmac: how far from the server's clock the vendor accepts the timestamp (Binance's recvWindow, 5s); the fake refuses outside it and the client corrects its clock from the refusal's Date."`
	KeyIDEnv        string             `yaml:"keyIdEnv" authgen:"ref=envVar"`
	SecretEnv       string             `yaml:"secretEnv" authgen:"ref=envVar"`
}

// signingPlaceConfig is where one value of a signature goes.
type signingPlaceConfig struct {
	at
	In   string `yaml:"in" authgen:"enum=header|query"`
	Name string `yaml:"name"`
}

// keyedConfig is webhooks.keyed: a header of key=value pairs that holds
// the timestamp and the signature (Stripe's t=...,v1=...).
type keyedConfig struct {
	at
	Timestamp string `yaml:"timestamp" authgen:"required"`
	Signature string `yaml:"signature" authgen:"required"`
}

type webhookEventConfig struct {
	at
	Type   string `yaml:"type" authgen:"required"`
	Schema string `yaml:"schema" authgen:"required"`
	Name   string `yaml:"name"`
}

// paginationConfig is x-authgen.pagination: a rule per operation, and a
// default rule for every operation it fits.
type paginationConfig struct {
	at
	Default    *pageRuleConfig  `yaml:"default"`
	Operations []pageRuleConfig `yaml:"operations" authgen:"want=an object keyed by operationId"`
}

type streamsConfig struct {
	at
	Default    *streamRuleConfig  `yaml:"default" doc:"The rule of every streaming operation without its own."`
	Operations []streamRuleConfig `yaml:"operations" authgen:"want=an object keyed by operationId"`
}

type streamRuleConfig struct {
	_ struct{} `authgen:"def=streamRule"`
	at
	OperationID string   `authgen:"key"`
	Toggle      string   `yaml:"toggle" doc:"The JSON body member that asks for the stream (stream: true) of an operation that answers JSON otherwise: <Method>Stream sets it."`
	Done        string   `yaml:"done" doc:"The data of the event that ends the stream ([DONE]); it is not yielded."`
	ErrorEvent  string   `yaml:"errorEvent" doc:"The type of the event whose data is the vendor's error envelope: it ends the stream with an *APIError (default error)."`
	ErrorData   string   `yaml:"errorData" authgen:"ref=pointer" doc:"A JSON pointer whose presence in an event's data makes it the vendor's error envelope, whatever the event's type (OpenAI: /error)."`
	Events      []string `yaml:"events" doc:"The event types whose data the stream's schema describes; the others come back raw. Left out: every event."`
	Resume      *bool    `yaml:"resume" doc:"The vendor resumes a dropped stream from Last-Event-ID: the client reconnects, at most 3 times in a row."`
}

type pageRuleConfig struct {
	_ struct{} `authgen:"def=pageRule"`
	at
	OperationID string `authgen:"key"`
	Style       string `yaml:"style" authgen:"required,enum=cursor|lastItem|nextURL|link|page|offset"`
	Items       string `yaml:"items" authgen:"ref=pointer" doc:"The items list in the body; left out when the body is the list."`
	Next        string `yaml:"next" authgen:"ref=pointer" doc:"cursor: the next cursor; nextURL: the next page's URL."`
	HasMore     string `yaml:"hasMore" authgen:"ref=pointer" doc:"A boolean: another page follows unless it is true."`
	LastPage    string `yaml:"lastPage" authgen:"ref=pointer" doc:"A boolean: true on the last page (an inverted hasMore: last_page, is_last)."`
	Total       string `yaml:"total" authgen:"ref=pointer" doc:"An integer: the number of items in all; the walk ends once it has them."`
	TotalPages  string `yaml:"totalPages" authgen:"ref=pointer" doc:"An integer: the number of pages; the walk ends at that page."`
	Param       string `yaml:"param" doc:"The query parameter (or JSON body member) the cursor, last id, page number or offset is sent in."`
	ItemID      string `yaml:"itemId" doc:"lastItem: the item member sent back (default id)."`
	Start       *int   `yaml:"start" authgen:"min=0,max=1" doc:"page: the first page's number (default 1)."`
	// ShortPageEnds is the vendor's promise that every page but the last
	// is full; a vendor that quietly gives fewer items than asked (a cap
	// below the caller's size) must leave it out, or the walk ends early.
	ShortPageEnds bool               `yaml:"shortPageEnds" doc:"The vendor fills every page but the last: a page with fewer items than the size asked for (sizeParam), or than an earlier page, is the last."`
	SizeParam     string             `yaml:"sizeParam" doc:"shortPageEnds: the query parameter (or JSON body member) the page size is asked for in (limit, per_page)."`
	Query         []fixedQueryConfig `yaml:"query" authgen:"want=an object of query parameter names and values" doc:"Query parameters every page's request sends, the first's too, whatever the caller set (Box: usemarker: \"true\", which selects marker pages)."`
	LinkEnds      *linkEndsConfig    `yaml:"linkEnds" doc:"link: a parameter of the rel=\"next\" link whose value says it leads nowhere (Sentry's results=\"false\"): the walk ends at that page."`
}

// linkEndsConfig is a parameter of a Link header's next link that marks
// the last page (RFC 8288 link parameters are the vendor's to define).
type linkEndsConfig struct {
	at
	Param  string `yaml:"param" authgen:"required,nonempty" doc:"The link parameter (results)."`
	Equals string `yaml:"equals" authgen:"required" doc:"Its value on the last page's next link (\"false\"), compared without quotes."`
}

// operationsConfig is x-authgen.operations: the operations to keep.
type operationsConfig struct {
	at
	Tags         []string      `yaml:"tags"`
	OperationIDs []string      `yaml:"operationIds"`
	Paths        []pathPattern `yaml:"paths"`
	Webhooks     []string      `yaml:"webhooks"`
}

// jsonScalar is a scalar as the JSON text it matches: true, 12, "x"
// (errors.failureWhen.equals).
type jsonScalar string

func (s *jsonScalar) decodeAuthgen(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode {
		return fmt.Errorf("want a scalar (true, a number, a string), not %s", describeNode(n))
	}
	switch n.Tag {
	case "!!bool", "!!int", "!!float", "!!null":
		*s = jsonScalar(n.Value)
		return nil
	}
	b, _ := json.Marshal(n.Value)
	*s = jsonScalar(b)
	return nil
}

func (jsonScalar) schema() map[string]any {
	return map[string]any{"type": []string{"boolean", "number", "string", "null"}}
}

// pathPattern is an entry of operations.paths: "*" matches within a
// segment, "**" across segments.
type pathPattern string

func (p *pathPattern) decodeAuthgen(n *yaml.Node) error {
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		return fmt.Errorf("want a string, not %s", describeNode(n))
	}
	*p = pathPattern(n.Value)
	if n.Value != "" && !strings.HasPrefix(n.Value, "/") {
		return fmt.Errorf("%q: want a path pattern starting with \"/\" (\"*\" matches within a segment, \"**\" across segments)", n.Value)
	}
	return nil
}

func (pathPattern) schema() map[string]any {
	return map[string]any{"type": "string", "pattern": "^/", "description": "A path pattern: * matches within a segment, ** across segments."}
}

// decodeExtension reads the x-authgen block at n.
func decodeExtension(n *yaml.Node, r *reporter) *extension {
	x := &extension{}
	d := &grammarDecoder{r: r}
	d.decode(n, ExtensionKey, reflectValue(x), tagOptions{})
	return x
}
