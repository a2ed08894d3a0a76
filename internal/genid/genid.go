// Package genid names, once, the identifiers of the client shell
// (templates/client) and of the runtime package it imports (authgenrt) that
// generated code refers to, and the names the generated half of a client
// declares for the shell and the runtime to read. Emitters
// use these constants instead of spelling the names, and a test checks every
// constant against the runtime's source, so renaming a runtime identifier
// breaks a test, not the generated clients. The idea is protobuf-go's
// internal/genid.
//
// Each const block's comment says where its names live; the test reads
// those comments.
package genid

// RuntimePath is the import path of the runtime package generated clients
// import (generate's copy mode rewrites it to the copy's path).
const RuntimePath = "github.com/authgen/authgen/runtime/authgenrt"

// FakeRuntimePath is the import path of the fake providers' machinery,
// which every generated <pkg>fake imports.
const FakeRuntimePath = "github.com/authgen/authgen/runtime/authgenfake"

// Names of the client shell (templates/client), declared in every
// generated package: the names its users type, and the helpers the
// generated half calls. The stand-ins for the generated half (provider,
// Metering, ...) count: the shell reads them.
const (
	Client                     = "Client"
	Option                     = "Option"
	RequestOption              = "RequestOption"
	New                        = "New"
	WithBaseURL                = "WithBaseURL"
	WithMaxRetries             = "WithMaxRetries"
	WithClock                  = "WithClock"
	Environment                = "Environment"
	RetryPolicy                = "RetryPolicy"
	APIError                   = "APIError"
	DecodeError                = "DecodeError"
	ErrUnauthorized            = "ErrUnauthorized"
	ErrForbidden               = "ErrForbidden"
	ErrNotFound                = "ErrNotFound"
	ErrRateLimited             = "ErrRateLimited"
	ErrServer                  = "ErrServer"
	ErrMissingCredential       = "ErrMissingCredential"
	WithStaticSecret           = "withStaticSecret"
	WithSecretFunc             = "withSecretFunc"
	WithBasic                  = "withBasic"
	WithServerVariable         = "withServerVariable"
	WebhookVerifier            = "WebhookVerifier"
	NewWebhookVerifierInternal = "newWebhookVerifier"
	DecodeWebhookEvent         = "decodeWebhookEvent"
	WebhookEventType           = "WebhookEvent"
	UnknownWebhookEvent        = "UnknownWebhookEvent"
	Paginate                   = "paginate"
	StreamFunc                 = "stream"
	StreamEventType            = "StreamEvent"
	WithCredentialHeader       = "withCredentialHeader"
	ProviderSpecVariable       = "provider"
	MeteringType               = "Metering"
	ParseMeteringFunction      = "parseMetering"
	ErrorFieldsType            = "ErrorFields"
	ParseErrorFieldsFunction   = "parseErrorFields"
)

// Package-level names of the runtime (authgenrt), which generated code
// qualifies with its import.
const (
	ProviderSpec         = "ProviderSpec"
	EnvironmentSpec      = "EnvironmentSpec"
	SchemeSpec           = "SchemeSpec"
	KeyFormat            = "KeyFormat"
	SecurityRequirement  = "SecurityRequirement"
	ErrorEnvelopeSpec    = "ErrorEnvelopeSpec"
	ErrorCode            = "ErrorCode"
	HeaderSpec           = "HeaderSpec"
	RateLimitSpec        = "RateLimitSpec"
	Request              = "Request"
	NewCodeSentinel      = "NewCodeSentinel"
	FixedHeader          = "FixedHeader"
	FixedQuery           = "FixedQuery"
	FailureSpec          = "FailureSpec"
	ServerVariableSpec   = "ServerVariableSpec"
	PathParam            = "PathParam"
	PathSegments         = "PathSegments"
	AddQuery             = "AddQuery"
	AddCookie            = "AddCookie"
	JoinParam            = "JoinParam"
	EncodeRaw            = "EncodeRaw"
	FormatSeconds        = "FormatSeconds"
	FormatMilliseconds   = "FormatMilliseconds"
	FormatUnixEpoch      = "FormatUnixEpoch"
	FormatHTTPDate       = "FormatHTTPDate"
	FormatDuration       = "FormatDuration"
	FormatRFC3339        = "FormatRFC3339"
	FormatRateLimit      = "FormatRateLimit"
	PageSpec             = "PageSpec"
	WebhookSpec          = "WebhookSpec"
	WebhookPart          = "WebhookPart"
	WebhookHMACSHA256    = "WebhookHMACSHA256"
	WebhookHMACSHA1      = "WebhookHMACSHA1"
	WebhookEd25519       = "WebhookEd25519"
	WebhookHex           = "WebhookHex"
	WebhookBase64        = "WebhookBase64"
	WebhookLiteral       = "WebhookLiteral"
	WebhookTimestamp     = "WebhookTimestamp"
	WebhookID            = "WebhookID"
	WebhookBody          = "WebhookBody"
	WebhookURL           = "WebhookURL"
	WebhookFormParams    = "WebhookFormParams"
	AllItems             = "AllItems"
	PageCursor           = "PageCursor"
	PageLastItem         = "PageLastItem"
	PageNextURL          = "PageNextURL"
	PageLink             = "PageLink"
	PageNumber           = "PageNumber"
	PageOffset           = "PageOffset"
	CredentialHeaderSpec = "CredentialHeader"
	SchemeBearer         = "SchemeBearer"
	SchemeHeaderKey      = "SchemeHeaderKey"
	SchemeQueryKey       = "SchemeQueryKey"
	SchemeCookieKey      = "SchemeCookieKey"
	SchemeBasic          = "SchemeBasic"
	SchemeOAuth2         = "SchemeOAuth2"
	SchemeOpenIDConnect  = "SchemeOpenIDConnect"
	CredentialPlacement  = "CredentialPlacement"
	PlaceHeader          = "PlaceHeader"
	PlaceQuery           = "PlaceQuery"
	PlaceCookie          = "PlaceCookie"
	PlaceBody            = "PlaceBody"
	ValueTransform       = "ValueTransform"
	TransformAfterLast   = "TransformAfterLast"
	TransformAfterFirst  = "TransformAfterFirst"
	TransformBeforeFirst = "TransformBeforeFirst"
	TransformBeforeLast  = "TransformBeforeLast"
	TransformRegexp      = "TransformRegexp"
	Secret               = "Secret"
	ErrorFieldString     = "ErrorFieldString"
	ErrorFieldInt64      = "ErrorFieldInt64"
	ErrorFieldFloat64    = "ErrorFieldFloat64"
	ErrorFieldBool       = "ErrorFieldBool"
	ErrorFieldStrings    = "ErrorFieldStrings"
	HeaderBool           = "HeaderBool"
	RetryRule            = "RetryRule"
	HeaderInt64          = "HeaderInt64"
	Rate                 = "Rate"
	WithSharedBudget     = "WithSharedBudget"
	Stream               = "Stream"
	StreamSpec           = "StreamSpec"
	EncodeJSONStreaming  = "EncodeJSONStreaming"
	HeaderFloat64        = "HeaderFloat64"
	MaxVersion           = "MaxVersion"
	MinVersion           = "MinVersion"
	ClientTooNew         = "GeneratedClientTooNew_UpgradeRuntime_GoGetGithubComAuthgenAuthgenRuntime"
	RuntimeTooNew        = "RuntimeTooNew_RegenerateClient_GoToolAuthgenGenerate"
)

// Package-level names of the runtime (authgenrt), its form file (feature "form").
const (
	EncodeFormBody = "EncodeFormBody"
	AddDeepObject  = "AddDeepObject"
	FormEncoder    = "FormEncoder"
	SortedKeys     = "SortedKeys"
)

// Methods of FormEncoder, which the generated appendFormPairs methods
// call.
const (
	FormName         = "Name"
	FormIndex        = "Index"
	FormAddString    = "AddString"
	FormAddInt       = "AddInt"
	FormAddBool      = "AddBool"
	FormAddFloat     = "AddFloat"
	FormAddTime      = "AddTime"
	FormAddMarshaled = "AddMarshaled"
	FormAddValue     = "AddValue"
)

// Names of the client shell (templates/client), its form file (feature "form").
const (
	EncodeForm = "encodeForm"
)

// Names the generated half declares for the form file of the shell: the
// method of each model a form body reaches, which adds its fields to a
// FormEncoder (the shell's formPairsAppender). Unexported, so no field of
// a model (exported) can take the name.
const (
	AppendFormPairs = "appendFormPairs"
)

// Package-level names of the runtime (authgenrt), its multipart file (feature "multipart").
const (
	EncodeMultipart = "EncodeMultipart"
)

// Package-level names of the runtime (authgenrt), its unions file (feature "union").
const (
	ChooseVariant = "ChooseVariant"
	HoldVariant   = "HoldVariant"
	CheckJSON     = "CheckJSON"
	UnionRule     = "UnionRule"
	UnionConstant = "UnionConstant"
	ErrEmptyUnion = "ErrEmptyUnion"
)

// Names the generated half declares, one per union: the prefix of the
// package variable holding its rules (unionRulesOfPet), static data laid
// out by the compiler rather than built on every call of Value. Models are
// exported, so no model name begins so; TestGeneratedVariablePrefixesAreFree (in
// internal/spec) checks the runtime's names and the generated ones.
const (
	UnionRulesPrefix = "unionRulesOf"
	// OperationSecurityPrefix begins the package variable holding an
	// operation's security requirements when they are not the spec's
	// top-level ones (securityOfDeletePet), shared by the operations that
	// ask the same.
	OperationSecurityPrefix = "securityOf"
)

// Fields of UnionRule.
const (
	UnionRuleTag      = "Tag"
	UnionRuleKind     = "Kind"
	UnionRuleRequired = "Required"
	UnionRuleFixed    = "Fixed"
)

// Fields of UnionConstant.
const (
	UnionConstantName  = "Name"
	UnionConstantValue = "Value"
)

// Names of the client shell (templates/client), its OAuth file.
const (
	WithOAuthFlow = "withOAuthFlow"
)

// Package-level names of the runtime (authgenrt), its OAuth file.
const (
	OAuthFlow      = "OAuthFlow"
	OAuthFlowSpec  = "OAuthFlowSpec"
	TokenParam     = "TokenParam"
	WithTokenParam = "WithTokenParam"
)

// Methods of Client, in the client shell.
const (
	ClientSend     = "send"
	ClientDo       = "Do"
	CredentialUser = "credentialUser"
	ClientPresign  = "presign"
)

// Names of the client shell (templates/client), its presign file (feature
// "presign"): what a Presign<Operation> method returns.
const (
	PresignedRequest      = "PresignedRequest"
	DefaultPresignExpires = "DefaultPresignExpires"
)

// Names the generated half declares for presigning: Presign<Operation>,
// a method beside an operation's of a client whose spec signs with AWS
// Signature Version 4 (model: Operation.PresignMethod).
const (
	PresignMethodPrefix = "Presign"
)

// Fields of RetryPolicy.
const (
	RetryMinWait    = "MinWait"
	RetryMaxRetries = "MaxRetries"
	RetryBaseDelay  = "BaseDelay"
	RetryMaxDelay   = "MaxDelay"
	RetryMaxWait    = "MaxWait"
)

// Fields of APIError.
const (
	APIErrorStatusCode = "StatusCode"
	APIErrorCode       = "Code"
	APIErrorMessage    = "Message"
	APIErrorRetryAfter = "RetryAfter"
)

// Fields of ProviderSpec.
const (
	ProviderName              = "Name"
	ProviderEnvironments      = "Environments"
	ProviderEnvironmentEnvVar = "EnvironmentEnvVar"
	ProviderServerVariables   = "ServerVariables"
	ProviderDefaultHeaders    = "DefaultHeaders"
	ProviderDefaultQuery      = "DefaultQuery"
	ProviderShouldRetryHeader = "ShouldRetryHeader"
	ProviderRetryStatuses     = "RetryStatuses"
	ProviderRetryWhen         = "RetryWhen"
	ProviderSteadyRate        = "SteadyRate"
	ProviderIdempotencyHeader = "IdempotencyHeader"
	ProviderSchemes           = "Schemes"
	ProviderSecurity          = "Security"
	ProviderErrorEnvelope     = "ErrorEnvelope"
	ProviderErrorShapes       = "ErrorShapes"
	ProviderFailureWhen       = "FailureWhen"
	ProviderErrorCodes        = "ErrorCodes"
	ProviderSuccessData       = "SuccessData"
	ProviderRetry             = "Retry"
	ProviderDelayHeaders      = "DelayHeaders"
	ProviderRateLimit         = "RateLimit"
	ProviderRequestIDHeader   = "RequestIDHeader"
)

// Fields of EnvironmentSpec.
const (
	EnvironmentName    = "Name"
	EnvironmentBaseURL = "BaseURL"
)

// Fields of FailureSpec.
const (
	FailurePointer = "Pointer"
	FailureEquals  = "Equals"
)

// Fields of FixedHeader.
const (
	FixedHeaderName  = "Name"
	FixedHeaderValue = "Value"
)

// Fields of FixedQuery.
const (
	FixedQueryName  = "Name"
	FixedQueryValue = "Value"
)

// Fields of ServerVariableSpec.
const (
	ServerVariableName    = "Name"
	ServerVariableOption  = "Option"
	ServerVariableEnvVar  = "EnvVar"
	ServerVariableDefault = "DefaultValue"
	ServerVariableTenant  = "Tenant"
	// The scheme whose key gives the value, and how.
	ServerVariableFromCredential = "FromCredential"
	ServerVariableDerive         = "Derive"
)

// Fields of ValueTransform.
const (
	ValueTransformKind        = "Kind"
	ValueTransformSep         = "Sep"
	ValueTransformPattern     = "Pattern"
	ValueTransformDescription = "Description"
)

// Fields of CredentialPlacement.
const (
	PlacementIn          = "In"
	PlacementName        = "Name"
	PlacementValuePrefix = "ValuePrefix"
	PlacementValueSuffix = "ValueSuffix"
)

// Fields of SchemeSpec.
const (
	SchemeName       = "Name"
	SchemeKind       = "Kind"
	SchemeParamName  = "ParamName"
	SchemeOption     = "Option"
	SchemeEnvVar     = "EnvVar"
	SchemeEnvVarUser = "EnvVarUser"
	SchemeKeyFormats = "KeyFormats"
	SchemeUserPrefix = "UserPrefix"
	SchemeUserSuffix = "UserSuffix"
	SchemeHeaders    = "Headers"
	// A header key's format around it ("Token token={key}").
	SchemeValuePrefix = "ValuePrefix"
	SchemeValueSuffix = "ValueSuffix"
	SchemePlacements  = "Placements"
)

// Fields of CredentialHeader.
const (
	CredentialHeaderName   = "Name"
	CredentialHeaderEnvVar = "EnvVar"
)

// Fields of KeyFormat.
const (
	KeyFormatPrefix      = "Prefix"
	KeyFormatPattern     = "Pattern"
	KeyFormatEnvironment = "Environment"
	KeyFormatDescription = "Description"
)

// Fields of ErrorEnvelopeSpec.
const (
	EnvelopeCode    = "Code"
	EnvelopeMessage = "Message"
	EnvelopeDetails = "Details"
	// EnvelopeRequestID is where the body keeps the request ID.
	EnvelopeRequestID = "RequestID"
)

// Fields of RetryRule.
const (
	RetryRuleStatus     = "Status"
	RetryRuleMethod     = "Method"
	RetryRulePointer    = "Pointer"
	RetryRuleEquals     = "Equals"
	RetryRuleRetryAfter = "RetryAfter"
	RetryRuleRetry      = "Retry"
)

// Fields of ErrorCode.
const (
	ErrorCodeCode     = "Code"
	ErrorCodeSentinel = "Sentinel"
	ErrorCodeFinal    = "Final"
	ErrorCodePointer  = "Pointer"
)

// Fields of HeaderSpec.
const (
	HeaderName          = "Name"
	HeaderFormat        = "Format"
	HeaderWhenExhausted = "WhenExhausted"
	HeaderPointer       = "Pointer"
)

// Fields of RateLimitSpec.
const (
	RateLimitLimit     = "Limit"
	RateLimitRemaining = "Remaining"
	RateLimitReset     = "Reset"
	RateLimitStatuses  = "Statuses"
	RateLimitBucket    = "Bucket"
)

// Fields of Request.
const (
	RequestOperation   = "Operation"
	RequestMethod      = "Method"
	RequestPath        = "Path"
	RequestQuery       = "Query"
	RequestHeader      = "Header"
	RequestBody        = "Body"
	RequestContentType = "ContentType"
	RequestEncode      = "Encode"
	RequestSecurity    = "Security"
	RequestExpectBody  = "ExpectBody"
	// RequestResultChecksJSON: the result is a union, whose UnmarshalJSON
	// checks the body itself.
	RequestResultChecksJSON = "ResultChecksJSON"
	RequestRawResponse      = "RawResponse"
	RequestServer           = "Server"
	RequestAccept           = "Accept"
	RequestOwnSuccess       = "OwnSuccess"
	RequestSuccessData      = "SuccessData"
)

// Methods of Request, in the runtime.
const (
	// RequestQueryValues makes the query on first use.
	RequestQueryValues = "QueryValues"
)

// Fields of OAuthFlowSpec.
const (
	OAuthFlowSpecGrantType          = "GrantType"
	OAuthFlowSpecTokenURL           = "TokenURL"
	OAuthFlowSpecClientSecretInBody = "ClientSecretInBody"
	OAuthFlowSpecParams             = "Params"
)

// Fields of TokenParam.
const (
	TokenParamName  = "Name"
	TokenParamValue = "Value"
)

// Fields of OAuthFlow.
const (
	OAuthFlowSpecField    = "Spec"
	OAuthFlowClientID     = "ClientID"
	OAuthFlowClientSecret = "ClientSecret"
	OAuthFlowUsername     = "Username"
	OAuthFlowPassword     = "Password"
	OAuthFlowScopes       = "Scopes"
)

// Names the generated half declares for the runtime and for itself: the
// provider description's parts. No spec-derived name may take them.
const (
	SecuritySchemesVar        = "securitySchemes"
	GlobalSecurityVar         = "globalSecurity"
	ErrorEnvelopeVar          = "errorEnvelope"
	ErrorCodesVar             = "errorCodes"
	DefaultRetryPolicyVar     = "defaultRetryPolicy"
	DelayHeadersVar           = "delayHeaders"
	RateLimitHeadersVar       = "rateLimitHeaders"
	WebhookSigningVar         = "webhookSigning"
	NewWebhookVerifier        = "NewWebhookVerifier"
	NewWebhookVerifierFromEnv = "NewWebhookVerifierFromEnv"
)

// GeneratedNames lists the names of the block above, for the name
// registry.
var GeneratedNames = []string{
	SecuritySchemesVar, GlobalSecurityVar, ErrorEnvelopeVar, ErrorCodesVar,
	DefaultRetryPolicyVar, DelayHeadersVar, RateLimitHeadersVar,
	WebhookSigningVar, NewWebhookVerifier, NewWebhookVerifierFromEnv,
}

// Fields of PageSpec.
const (
	PageSpecStyle         = "Style"
	PageSpecItems         = "Items"
	PageSpecNext          = "Next"
	PageSpecHasMore       = "HasMore"
	PageSpecTotal         = "Total"
	PageSpecParam         = "Param"
	PageSpecInBody        = "InBody"
	PageSpecItemID        = "ItemID"
	PageSpecStart         = "Start"
	PageSpecLastPage      = "LastPage"
	PageSpecTotalPages    = "TotalPages"
	PageSpecShortPageEnds = "ShortPageEnds"
	PageSpecQuery         = "Query"
	PageSpecLinkEndParam  = "LinkEndParam"
	PageSpecLinkEndValue  = "LinkEndValue"
	PageSpecSizeParam     = "SizeParam"
)

// Fields of WebhookSpec.
const (
	WebhookSpecHeader          = "Header"
	WebhookSpecAlgorithm       = "Algorithm"
	WebhookSpecEncoding        = "Encoding"
	WebhookSpecPrefix          = "Prefix"
	WebhookSpecSeparator       = "Separator"
	WebhookSpecKeyed           = "Keyed"
	WebhookSpecTimestampKey    = "TimestampKey"
	WebhookSpecSignatureKey    = "SignatureKey"
	WebhookSpecTimestampHeader = "TimestampHeader"
	WebhookSpecIDHeader        = "IDHeader"
	WebhookSpecSigned          = "Signed"
	WebhookSpecTolerance       = "Tolerance"
	WebhookSpecSecretPrefix    = "SecretPrefix"
	WebhookSpecSecretEnv       = "SecretEnv"
	WebhookSpecMaxBody         = "MaxBody"
	WebhookSpecEventHeader     = "EventHeader"
	WebhookSpecEventPointer    = "EventPointer"
)

// Fields of WebhookPart.
const (
	WebhookPartKind = "Kind"
	WebhookPartText = "Text"
)

// Fields of StreamSpec.
const (
	StreamSpecDone       = "Done"
	StreamSpecErrorEvent = "ErrorEvent"
	StreamSpecErrorData  = "ErrorData"
	StreamSpecEvents     = "Events"
	StreamSpecResume     = "Resume"
)

// Methods of WebhookEvent, in the client shell: every generated event type
// implements them.
const (
	WebhookEventTypeMethod = "EventType"
	WebhookEventSeal       = "isWebhookEvent"
)

// Fields of UnknownWebhookEvent.
const (
	UnknownWebhookEventType = "Type"
	UnknownWebhookEventBody = "Body"
)

// Fields of Rate.
const (
	RateLimitField = "Limit"
	RatePer        = "Per"
	RateBurst      = "Burst"
)
