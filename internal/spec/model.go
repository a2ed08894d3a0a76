package spec

import (
	"strconv"
	"time"
)

// Provider is everything the generator needs to know about one provider,
// resolved from its spec: Go names chosen and checked, references followed,
// defaults applied. It holds no kin-openapi type and is not changed after
// Load returns it.
type Provider struct {
	// Package is the Go package name of the client.
	Package string
	// Title and Description come from the spec's info object.
	Title       string
	Description string
	// SourceFile is the spec's path as given to Load, for messages only; it
	// never reaches generated code.
	SourceFile string

	Environments      []Environment // at least one; the first is the default
	EnvironmentEnvVar string        // NewFromEnv reads the environment from it
	// ServerVariables are the {variables} of the environments' URLs,
	// sorted by Name.
	ServerVariables []ServerVariable

	Schemes  []AuthScheme  // sorted by Name
	Security []Requirement // global; nil or empty: no credential

	Operations []Operation // sorted by Path, then Method
	Models     []Model     // sorted by GoName

	Errors          ErrorModel
	SuccessData     string // JSON pointer of a success envelope's data; "" for none
	Retry           RetryPolicy
	DelayHeaders    []TimeHeader // in order of preference
	RateLimit       RateLimitHeaders
	Metering        []MeteringHeader // sorted by GoName
	RequestIDHeader string
	// Headers are sent on every request (an API version such as
	// Notion-Version), sorted by Name; WithDefaultHeader replaces one.
	Headers []FixedHeader
	// Query are query parameters sent on every request (api-version),
	// sorted by Name; no operation's method takes them.
	Query []FixedQuery

	// Webhooks is how the provider signs the webhooks it sends, and the
	// events it sends; nil when the spec says nothing of webhooks.
	Webhooks *Webhooks

	// Signing is how the client signs each request; nil: it does not.
	Signing *Signing

	// Fake is what the fake provider package decides about the provider.
	Fake *Fake
}

// Webhooks is a provider's webhook signing scheme and its typed events.
type Webhooks struct {
	Header    string // the signature header
	Algorithm WebhookAlgorithm
	Encoding  WebhookEncoding
	// Prefix comes before each signature in the header ("sha256="), and
	// Separator splits several ("v1,a v1,b": " ").
	Prefix, Separator string
	// TimestampKey and SignatureKey: the header is key=value pairs
	// (Stripe's t=...,v1=...); both empty otherwise.
	TimestampKey, SignatureKey string
	TimestampHeader            string
	IDHeader                   string
	Signed                     []WebhookPart
	Tolerance                  time.Duration // 0: no timestamp check
	SecretPrefix               string        // "whsec_": the rest of a secret is its base64 key
	SecretEnv                  string        // NewWebhookVerifierFromEnv reads the secret(s) from it
	MaxBody                    int
	EventHeader, EventPointer  string // where the event type is: a header, or a JSON pointer into the body
	Events                     []WebhookEvent
}

type WebhookAlgorithm string

const (
	HMACSHA256 WebhookAlgorithm = "hmac-sha256"
	HMACSHA1   WebhookAlgorithm = "hmac-sha1"
	Ed25519    WebhookAlgorithm = "ed25519"
)

type WebhookEncoding string

const (
	EncodingHex    WebhookEncoding = "hex"
	EncodingBase64 WebhookEncoding = "base64"
)

// WebhookPart is a piece of the signed content: Literal text, or one of
// "timestamp", "id", "body", "url", "params" (sorted form parameters).
type WebhookPart struct {
	Kind    string
	Literal string
}

// WebhookEvent is one typed event: the type value the provider sends, and
// the Go type that carries its payload.
type WebhookEvent struct {
	Type    string
	GoName  string // the event's Go type, <Name>Event
	Payload Type
}

// FixedHeader is a header the provider wants on every request.
type FixedHeader struct {
	Name, Value string
}

// FixedQuery is a query parameter sent on every request.
type FixedQuery struct {
	Name, Value string
}

// Environment is one server the client can talk to.
type Environment struct {
	Name        string // as the spec names it, e.g. "production"
	GoName      string // e.g. "EnvironmentProduction"
	URL         string // may hold {variables} (ServerVariables)
	Description string
}

func (e *Environment) refName() string { return e.Name }

// ServerVariable is a {variable} of a server URL
// (https://{subdomain}.zendesk.com): the client has an option for it.
type ServerVariable struct {
	Name        string // as in the URL
	Option      string // its option, With + the Go form of Name
	Default     string // the spec's default; a placeholder when Tenant
	Enum        []string
	EnvVar      string // NewFromEnv reads it from there, when set
	Description string
	// Tenant: the value belongs to the customer (a subdomain, a shop), so
	// the default is a placeholder and New fails when the variable is
	// unset. Variables without an enum are tenant variables unless the
	// spec says otherwise (x-authgen.serverVariables.NAME.tenant).
	Tenant bool
	// FromCredential is the scheme whose fixed key gives the value,
	// through Transform, when neither the option nor EnvVar does
	// (Mailchimp's data centre); nil for none.
	FromCredential AuthScheme `dump:"ref"`
	Transform      *ValueTransform
}

// ValueTransform is how a server variable's value is taken from a key.
type ValueTransform struct {
	Kind TransformKind
	// Arg is the separator, or for TransformRegexp the Go regular
	// expression (checked to compile, with one group).
	Arg string
}

// TransformKind is a ValueTransform's rule, as the spec writes it.
type TransformKind string

// The transforms.
const (
	TransformAfterLast   TransformKind = "after-last"
	TransformAfterFirst  TransformKind = "after-first"
	TransformBeforeFirst TransformKind = "before-first"
	TransformBeforeLast  TransformKind = "before-last"
	TransformRegexp      TransformKind = "regexp"
)

// AuthScheme is one entry of components.securitySchemes. It is one of
// *BearerScheme, *APIKeyScheme, *BasicScheme, *OAuth2Scheme or
// *OpenIDConnectScheme; the unexported method keeps the set closed.
type AuthScheme interface {
	Common() *SchemeCommon
	isAuthScheme()
}

// SchemeCommon is what every kind of scheme has.
type SchemeCommon struct {
	Name        string // key in components.securitySchemes
	GoName      string // exported Go form of Name, e.g. "APIKey"
	Description string
	EnvVar      string      // NewFromEnv reads the credential from it
	KeyFormats  []KeyFormat // formats a valid key takes; empty: any
	// Options are the client options that give the scheme its credential,
	// the one that sets it plainly (or runs its flow) first.
	Options []SchemeOption
	// Headers are optional headers sent with this scheme's credential
	// (OpenAI's OpenAI-Organization), each with its own option.
	Headers []CredentialHeader
	// Placements, when there are any, are where the credential goes
	// instead of where the scheme puts it (Plaid's client_id and secret,
	// members of every JSON body); never on a basic scheme.
	Placements []CredentialPlacement
}

// CredentialPlacement is one place a credential goes, inside its
// template: ValuePrefix + the credential + ValueSuffix.
type CredentialPlacement struct {
	In                       PlacementIn
	Name                     string
	ValuePrefix, ValueSuffix string
}

// PlacementIn is where a CredentialPlacement puts the credential.
type PlacementIn string

// The places.
const (
	PlaceHeader PlacementIn = "header"
	PlaceQuery  PlacementIn = "query"
	PlaceCookie PlacementIn = "cookie"
	PlaceBody   PlacementIn = "body" // a member of the JSON object (or form) body
)

// BodyPlacements are the body members the scheme's credential goes in.
func (c *SchemeCommon) BodyPlacements() []string {
	var names []string
	for _, p := range c.Placements {
		if p.In == PlaceBody {
			names = append(names, p.Name)
		}
	}
	return names
}

// CredentialHeader is an optional header that goes with a credential: sent
// only when the scheme's credential is, set with Option or from EnvVar.
type CredentialHeader struct {
	Name   string
	Option string // With + the Go form of Name
	EnvVar string
}

// Common returns the scheme's shared fields.
func (c *SchemeCommon) Common() *SchemeCommon { return c }

func (*SchemeCommon) isAuthScheme() {}

func (c *SchemeCommon) refName() string { return c.Name }

// OptionKind is what a scheme's option takes.
type OptionKind int

// The kinds of scheme option.
const (
	// OptionSecret takes the key or token: With<S>(key string).
	OptionSecret OptionKind = iota + 1
	// OptionSecretFunc takes a function called for every request:
	// With<S>Func(fn func(context.Context) (string, error)).
	OptionSecretFunc
	// OptionBasic takes a user name and password.
	OptionBasic
	// OptionClientCredentials runs the OAuth 2.0 client-credentials flow:
	// (clientID, clientSecret string, scopes ...string).
	OptionClientCredentials
	// OptionPasswordFlow runs the OAuth 2.0 password flow: (username,
	// password, clientID, clientSecret string, scopes ...string).
	OptionPasswordFlow
)

// SchemeOption is one option of a scheme.
type SchemeOption struct {
	GoName string
	Kind   OptionKind
}

// BearerScheme is `type: http, scheme: bearer`.
type BearerScheme struct {
	SchemeCommon
	BearerFormat string
}

// KeyLocation is where an apiKey scheme puts its key.
type KeyLocation string

// The locations OpenAPI allows for an apiKey.
const (
	InHeader KeyLocation = "header"
	InQuery  KeyLocation = "query"
	InCookie KeyLocation = "cookie"
)

// APIKeyScheme is `type: apiKey`.
type APIKeyScheme struct {
	SchemeCommon
	In        KeyLocation
	ParamName string
	// HTTPWord is the scheme word of `type: http, scheme: <word>` other
	// than bearer and basic (RFC 7235: PagerDuty's Token, Okta's SSWS):
	// such a scheme is a key sent in Authorization, after the word.
	HTTPWord string
	// ValuePrefix and ValueSuffix surround the key in the header it is
	// sent in (credentials.<scheme>.format, "Token token={key}"; "SSWS "
	// for the word SSWS).
	ValuePrefix, ValueSuffix string
}

// BasicScheme is `type: http, scheme: basic`.
type BasicScheme struct {
	SchemeCommon
	UserEnvVar string
	// UserPrefix and UserSuffix surround the user name the caller gives
	// in the one basic auth sends (Zendesk's "{email}/token").
	UserPrefix, UserSuffix string
	// KeyOnly: the user name is fixed (a username without a placeholder,
	// sent as UserPrefix) or ignored (env without userEnv, sent empty);
	// the option takes only the key, sent as the password.
	KeyOnly bool
	// UserPathParam is a path parameter that defaults to the user name
	// (Twilio's AccountSid).
	UserPathParam string
}

// OAuth2Scheme is `type: oauth2`. Flows the client runs itself
// (client credentials, password) get options that take the flow's inputs;
// the others take a caller-supplied token.
type OAuth2Scheme struct {
	SchemeCommon
	ClientCredentials *OAuth2Flow
	Password          *OAuth2Flow
	// CallerToken is true when the scheme has a flow the client cannot run
	// itself (authorization code, implicit).
	CallerToken bool
	// ClientSecretInBody: the token request sends client_id and
	// client_secret in its form (RFC 6749 2.3.1's alternative) rather
	// than in HTTP basic.
	ClientSecretInBody bool
	// TokenParams are more members of the token request's form.
	TokenParams []TokenParam
}

// TokenParam is one more member of an OAuth 2.0 token request's form:
// fixed (Value) or given by the caller through Option.
type TokenParam struct {
	Name   string
	Value  string
	Option string // "" for a fixed value
}

// OAuth2Flow is a flow with a token endpoint.
type OAuth2Flow struct {
	TokenURL string
	Scopes   []string // sorted
}

// OpenIDConnectScheme is `type: openIdConnect`; the caller supplies tokens.
type OpenIDConnectScheme struct {
	SchemeCommon
	DiscoveryURL string
}

// KeyFormat is a shape of key and, optionally, the environment it implies.
type KeyFormat struct {
	Prefix      string
	Pattern     string       // a Go regexp, already checked to compile
	Environment *Environment `dump:"ref"` // nil: the format implies none
}

// Requirement is one alternative of a security list: all its schemes at
// once.
type Requirement struct {
	Schemes []SchemeUse
}

// SchemeUse is a scheme and the scopes a requirement asks of it.
type SchemeUse struct {
	Scheme AuthScheme `dump:"ref"`
	Scopes []string
}

// Operation is one path + method.
type Operation struct {
	ID     string // operationId, or one derived from method and path
	GoName string // method name on *Client
	Method string // upper case
	Path   string // as in the spec, with {name} placeholders
	// PathSegments is Path taken apart: literal text and parameters, in
	// order.
	PathSegments []PathSegment
	// Server is the operation's own server URL (its or its path's
	// servers), "" for the client's base URL.
	Server      string
	Summary     string
	Description string
	Deprecated  bool
	Tags        []string

	PathParams   []Parameter // in path order
	QueryParams  []Parameter // sorted by Name
	HeaderParams []Parameter // sorted by Name
	CookieParams []Parameter // sorted by Name
	Body         *RequestBody
	// Response is the typed 2xx JSON body; nil when it has none.
	Response Type
	// RawResponse is true when the 2xx body is not JSON (a file, a PDF,
	// text): the method returns its bytes.
	RawResponse bool
	// Accept is the media type to ask for when the JSON response is
	// declared as something other than application/json (a vendor +json
	// type, */*); "" for application/json.
	Accept string
	// SuccessData is the JSON pointer to this operation's data in a 2xx
	// body, when it differs from the provider's SuccessData ("" with
	// OwnSuccess: the whole body).
	SuccessData string
	OwnSuccess  bool
	// ParamsGoName is "<GoName>Params"; empty when the operation has no
	// query, header or cookie parameters and no body.
	ParamsGoName string

	// Security is the resolved requirement list: the operation's own, or
	// the global one. Empty means public (no credential of any kind).
	Security []Requirement
	// Scopes are the permission scopes the operation documents.
	Scopes []string

	// Pagination is how the operation's results come in pages; nil when
	// they do not. It gives the methods <GoName>Pages and <GoName>All.
	Pagination *Pagination
	// Stream is how the operation's 2xx answers with server-sent events;
	// nil when it does not, or when nothing says how to ask for them.
	Stream *Stream
	// PresignMethod is Presign<GoName>, the method that signs the request
	// in its URL without sending it, for a spec signed with AWS Signature
	// Version 4; "" when there is none (other signing, a body that is not
	// the caller's bytes).
	PresignMethod string
}

// Stream is an operation's answer as server-sent events
// (text/event-stream): the method that yields them, and how the stream
// ends and fails.
type Stream struct {
	// GoName is the method that streams: <Operation.GoName>Stream beside
	// the JSON method when Toggle asks for the stream, else the
	// operation's own method.
	GoName string
	// Event is the type of each event's data (JSON).
	Event Type
	// Toggle is the JSON body member the stream method sets to true; ""
	// when the operation always streams.
	Toggle string
	// Done is the data of the event that ends the stream; "" for none.
	Done string
	// ErrorEvent is the type of the event that carries the vendor's error
	// envelope.
	ErrorEvent string
	// ErrorData is a JSON pointer whose presence in an event's data makes
	// the data the vendor's error envelope; "" for none.
	ErrorData string
	// Events are the event types Event describes; empty: every event.
	Events []string
	// Resume: the vendor resumes from Last-Event-ID.
	Resume bool
	// Inferred: Toggle came from the document's convention (a boolean
	// body member named stream), not from x-authgen.streams.
	Inferred bool
}

// PageStyle is how a list operation says where the next page starts.
type PageStyle string

const (
	PageCursor   PageStyle = "cursor"   // a token in the body, sent back as a parameter
	PageLastItem PageStyle = "lastItem" // has_more, and the last item's id sent back (Stripe)
	PageNextURL  PageStyle = "nextURL"  // the next page's URL in the body
	PageLink     PageStyle = "link"     // the Link header's rel="next" (GitHub)
	PageNumber   PageStyle = "page"     // a page number, from 1 (or 0)
	PageOffset   PageStyle = "offset"   // an offset that grows by the items received
)

// Pagination is an operation's paging rule, checked against the
// operation: its parameter exists, its items pointer reaches a list.
type Pagination struct {
	Style PageStyle
	// Items points at the items in the raw body ("" for a body that is
	// the list); ItemsPath is the same place from the method's result,
	// as Go fields (empty: the result is the list).
	Items       string
	ItemsPath   []ItemsStep
	Item        Type // the type of one item
	Next        string
	HasMore     string
	LastPage    string // a boolean true on the last page
	Total       string // the number of items in all
	TotalPages  string // the number of pages
	Param       string
	ParamInBody bool   // Param is a member of the JSON request body, not a query parameter
	ItemID      string // PageLastItem: the item member sent back
	Start       int    // PageNumber: the first page's number
	// ShortPageEnds: every page but the last is full, so a shorter one
	// ends the walk; SizeParam is where the caller asks for the size.
	ShortPageEnds bool
	SizeParam     string
	// LinkEndParam and LinkEndValue: a rel="next" link carrying this
	// parameter with this value leads nowhere (Sentry's results="false").
	LinkEndParam, LinkEndValue string
	// Query are query parameters every page's request sends.
	Query []FixedQuery
	// PagesMethod and AllMethod are the names of the two methods.
	PagesMethod, AllMethod string
	// Inferred: the rule came from pagination.default, not a rule of
	// this operation's own.
	Inferred bool
}

// ItemsStep is one field on the way from a method's result to its items.
type ItemsStep struct {
	GoName  string
	Pointer bool // the field is *T: nil means no items
}

// PathSegment is a piece of an operation's path: literal text, or a path
// parameter (then Literal is empty).
type PathSegment struct {
	Literal string
	Param   *Parameter `dump:"ref"` // one of the operation's PathParams
}

// Parameter is a path, query, header or cookie parameter.
type Parameter struct {
	Name        string // as sent
	GoName      string // argument or field name
	Type        Type
	Required    bool
	Pointer     bool // a Params field of type *T: see Field.Pointer
	Description string
	Style       ParamStyle
	// Explode is OpenAPI's explode: for arrays, name=a&name=b rather than
	// one name=a,b. It defaults to true for StyleForm only.
	Explode bool
	// MultiSegment is a path parameter that may hold several segments
	// ("docs/README.md"), as GitHub's x-multi-segment says: each segment is
	// escaped, the slashes between them are kept.
	MultiSegment bool
	// CredentialUser is the basic scheme whose user name this path
	// parameter defaults to when the caller passes "" (Twilio's
	// AccountSid).
	CredentialUser AuthScheme `dump:"ref"`
}

func (p *Parameter) refName() string { return p.Name }

// ParamStyle is OpenAPI's style of a parameter.
type ParamStyle int

// The styles OpenAPI defines. Query and cookie parameters default to
// StyleForm, path and header parameters to StyleSimple.
const (
	StyleForm ParamStyle = iota + 1
	StyleSpaceDelimited
	StylePipeDelimited
	StyleDeepObject
	StyleSimple
	StyleLabel
	StyleMatrix
)

// RequestBody is an operation's body.
type RequestBody struct {
	Type     Type
	Encoding BodyEncoding
	// ContentType is the media type sent: application/json for
	// EncodingJSON, the form types for the form encodings, the spec's own
	// type for EncodingRaw.
	ContentType string
	Required    bool
	Pointer     bool // the Body field is *T: see Field.Pointer
	Description string
}

// BodyEncoding is how a request body goes on the wire.
type BodyEncoding int

// The encodings.
const (
	EncodingJSON      BodyEncoding = iota + 1
	EncodingForm                   // application/x-www-form-urlencoded
	EncodingMultipart              // multipart/form-data, []byte fields as files
	EncodingRaw                    // bytes the caller gives (Type is Bytes)
)

// Model is a named Go type declared by the client: a component schema or
// an inline body/response schema. It is one of *StructModel, *EnumModel,
// *AliasModel or *UnionModel; the unexported method keeps the set closed.
type Model interface {
	Common() *ModelCommon
	isModel()
}

// ModelCommon is what every kind of model has.
type ModelCommon struct {
	GoName      string
	Description string
	Deprecated  bool
	// SameAs names an earlier inline model this one is alike in every
	// respect the Go code shows: the model is declared as a type alias of
	// that one (type X = SameAs), keeping its own name, documentation,
	// enum constants and union constructors. Empty for most models.
	SameAs string
}

// Common returns the model's shared fields.
func (c *ModelCommon) Common() *ModelCommon { return c }

func (*ModelCommon) isModel() {}

func (c *ModelCommon) refName() string { return c.GoName }

// StructModel is an object schema: type T struct{...}.
type StructModel struct {
	ModelCommon
	Fields []Field // in spec order (allOf parts in order)
	// Extra is the value type of properties the schema does not declare,
	// when additionalProperties allows them; nil when it does not.
	Extra Type
}

// EnumModel is a string or integer schema with enum: type T string plus
// one constant per value.
type EnumModel struct {
	ModelCommon
	Underlying Primitive
	Values     []EnumValue
}

// AliasModel is a named non-object schema: type T []U, map[string]U, string.
type AliasModel struct {
	ModelCommon
	Underlying Type
	// TypeAlias: declared as "type T = U", not "type T U", because U's
	// methods must stay: a defined type over time.Time or json.RawMessage
	// would lose UnmarshalJSON and decode nothing.
	TypeAlias bool
}

// UnionModel is a oneOf/anyOf schema. It keeps the raw JSON and offers a
// typed accessor per variant, since Go has no sum types.
type UnionModel struct {
	ModelCommon
	Variants []UnionVariant
	// Discriminator is the property that names the variant, if declared.
	Discriminator string
}

// UnionVariant is one alternative of a union.
type UnionVariant struct {
	GoName string // accessor suffix: As<GoName>
	// Constructor is the function that builds the union from this variant,
	// <Union>From<GoName> unless that name is taken.
	Constructor string
	Type        Type
	// Tag is the discriminator value for this variant, if known.
	Tag string
	// Shape is what tells the variant apart when there is no tag.
	Shape VariantShape
}

// VariantShape is what a JSON value of a union variant looks like, for
// choosing the variant a value holds.
type VariantShape struct {
	Kind     string          // JSON type: object, array, string, number, integer, boolean; "" when unknown
	Required []string        // required properties, sorted
	Fixed    []FixedProperty // properties with one allowed value, sorted by Name
}

// FixedProperty is a property whose schema allows one value (object:
// "customer", deleted: true).
type FixedProperty struct {
	Name  string
	Value any // string, float64 or bool
}

// Field is a struct field.
type Field struct {
	Name   string // JSON name
	GoName string
	Type   Type
	// Optional fields may be left out of a request (their tag has
	// omitzero).
	Optional bool
	// Nullable fields may be null.
	Nullable bool
	// Pointer: the field is *T. One rule decides it (pointerFor): a value
	// that may be absent (optional or nullable) is a pointer unless its Go
	// type has nil already (slices, maps, any, json.RawMessage, []byte), and
	// a required field that would make its struct contain itself is one.
	Pointer     bool
	Description string
	Deprecated  bool
}

// EnumValue is one constant of an enum model.
type EnumValue struct {
	GoName string
	Value  any // string, int64 or float64
	// Description documents the value (a const branch's description or
	// title); "" for none.
	Description string
}

// Type is a Go type as the model sees it; one of Primitive, *Named,
// *Slice, *Map, Any.
type Type interface{ isType() }

// Primitive is a built-in or standard-library type.
type Primitive int

// The primitives.
const (
	String Primitive = iota + 1
	Int64
	Int32
	Float64
	Float32
	Bool
	Time    // time.Time, for format date-time
	RawJSON // json.RawMessage
	Bytes   // []byte, for bodies that are not JSON
)

// Named refers to a Model. GoName is the model's name; Model is the model
// itself, set once every model is built.
type Named struct {
	GoName string
	Model  Model `dump:"ref"`
}

// Slice is []Elem.
type Slice struct{ Elem Type }

// Map is map[string]Elem.
type Map struct{ Elem Type }

func (Primitive) isType() {}
func (*Named) isType()    {}
func (*Slice) isType()    {}
func (*Map) isType()      {}

// ErrorModel is the vendor's error envelope and its codes.
type ErrorModel struct {
	CodePointer    string // JSON pointers into the error body; "" if absent
	MessagePointer string
	DetailsPointer string
	// RequestIDPointer is where the body keeps the request's identifier
	// (Box's /request_id), read when the request-ID header is absent.
	RequestIDPointer string
	// Shapes are other envelopes the vendor's errors come in, tried in
	// order after the first (Zendesk's {"error":{"title","message"}}).
	Shapes []ErrorShape
	// FailureWhen marks 2xx bodies that are errors (Slack: /ok is false);
	// such a body becomes an *APIError. Zero: none.
	FailureWhen Failure
	Codes       []ErrorCode // sorted by Code
	// Fields are the other members of the envelope the vendor documents
	// (Stripe's decline_code), typed fields of ErrorFields in *APIError.
	Fields []ErrorField // sorted by GoName
}

// ErrorField is one documented member of the error envelope.
type ErrorField struct {
	GoName      string
	Pointer     string
	Type        MeteringType // integer, number, string, boolean or array (of strings)
	Description string
}

// Failure is a JSON pointer and the JSON text that, found there, makes a
// 2xx body an error.
type Failure struct {
	Pointer, Equals string
}

// ErrorShape is one more error envelope, as JSON pointers.
type ErrorShape struct {
	CodePointer, MessagePointer, DetailsPointer string
}

// ErrorCode is one documented vendor error code.
type ErrorCode struct {
	Code        string
	GoName      string // sentinel name, e.g. "ErrInvalidAPIKey"
	Status      int    // the status it comes with, 0 if not documented
	Description string
	// StatusSentinel is true when GoName is one of the status sentinels:
	// the code then reuses that sentinel.
	StatusSentinel bool
	// Final: a response with this code is never retried (retry: false in
	// the spec), whatever its status.
	Final bool
	// Pointer is the member of the error body this code is read from, for
	// a vendor with two code members; "": the envelope's code.
	Pointer string
}

// RetryRule is one row of retry.when: when every condition it names
// holds for a failed response, Retry decides; the first match wins.
type RetryRule struct {
	Status     int    // 0: any
	Method     string // upper case; "": any
	Pointer    string // with Equals: the error body's member reads Equals
	Equals     string
	RetryAfter bool // the response names a wait
	Retry      bool
}

// RetryPolicy is the spec's retry defaults.
type RetryPolicy struct {
	MaxRetries int
	BaseDelay  time.Duration
	MaxDelay   time.Duration
	MaxWait    time.Duration
	// MinWait is the least a rate-limited request waits when the server
	// names no delay (GitHub: at least a minute).
	MinWait time.Duration
	// ShouldRetryHeader is the vendor's explicit hint (Stripe-Should-Retry,
	// x-should-retry): "true" retries even a POST, "false" stops a retry.
	ShouldRetryHeader string
	// IdempotencyHeader is the header the vendor reads an idempotency key
	// from; the client adds a fresh key to every POST and PATCH that lacks
	// one, which makes them safe to retry.
	IdempotencyHeader string
	// Statuses are statuses besides 502, 503 and 504 that mean "try
	// again" (Notion's 529), retried like them.
	Statuses []int
	// When are the spec's retry.when rules, in order.
	When []RetryRule
}

// TimeFormat is how a header carries a time or a duration.
type TimeFormat string

// The formats a spec can declare.
const (
	Seconds      TimeFormat = "seconds"
	Milliseconds TimeFormat = "milliseconds"
	UnixEpoch    TimeFormat = "unix-epoch"
	HTTPDate     TimeFormat = "http-date"
	// Duration is a Go-style duration ("1s", "6m0s", "20ms"), as OpenAI's
	// x-ratelimit-reset-requests.
	Duration TimeFormat = "duration"
	// RFC3339 is an absolute time as RFC 3339 writes it
	// ("2026-12-04T15:04:05Z").
	RFC3339 TimeFormat = "rfc3339"
	// RateLimit is the IETF RateLimit structured field
	// (`"default";r=0;t=30`): its t, the seconds until the reset.
	RateLimit TimeFormat = "ratelimit"
)

// TimeHeader is a header carrying a delay or a time.
type TimeHeader struct {
	Name   string
	Format TimeFormat
	// Pointer, instead of Name, is the error body's member holding the
	// value (retry.delayHeaders only: a 429's /retry_after).
	Pointer string
	// WhenExhausted: a delay only when the remaining budget is 0 (a reset
	// time sent on every response).
	WhenExhausted bool
}

// RateLimitHeaders names the headers that report rate-limit state.
type RateLimitHeaders struct {
	Limit     string
	Remaining string
	Reset     TimeHeader
	// Statuses other than 429 that mean "rate limited" when Remaining is
	// 0 (GitHub's 403).
	Statuses []int
	// Bucket is a header of the form used/limit (Shopify's
	// X-Shopify-Shop-Api-Call-Limit: 32/40): it gives RateLimit.Limit and
	// .Remaining, and a full bucket counts as none remaining.
	Bucket string
	// Steady is a rate the vendor documents for the client to keep; zero
	// Limit: none.
	Steady SteadyRate
}

// SteadyRate is Limit requests every Per, in bursts of up to Burst.
type SteadyRate struct {
	Limit int
	Per   time.Duration
	Burst int
}

// MeteringType is the Go type of a metering header's value.
type MeteringType string

// The metering types.
const (
	MeterInteger MeteringType = "integer"
	MeterNumber  MeteringType = "number"
	MeterString  MeteringType = "string"
	MeterBoolean MeteringType = "boolean"
	// MeterArray is a list of strings: an error field only.
	MeterArray MeteringType = "array"
)

// MeteringHeader is a usage header (credits and the like), typed.
type MeteringHeader struct {
	Header      string
	GoName      string
	Type        MeteringType
	Description string
}

var (
	styleText    = [...]string{"", "form", "spaceDelimited", "pipeDelimited", "deepObject", "simple", "label", "matrix"}
	encodingText = [...]string{"", "json", "form", "multipart", "raw"}
	optionText   = [...]string{"", "secret", "secretFunc", "basic", "clientCredentials", "passwordFlow"}
)

// String is OpenAPI's name of the style.
func (s ParamStyle) String() string { return enumText(styleText[:], int(s)) }

// String names the encoding.
func (e BodyEncoding) String() string { return enumText(encodingText[:], int(e)) }

// String names the option kind.
func (k OptionKind) String() string { return enumText(optionText[:], int(k)) }

func enumText(names []string, i int) string {
	if i <= 0 || i >= len(names) {
		return "invalid(" + strconv.Itoa(i) + ")"
	}
	return names[i]
}
