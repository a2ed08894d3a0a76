// Package genid names, once, the identifiers of the client runtime
// (templates/clientruntime) that generated code refers to, and the names
// the generated half of a client declares for the runtime to read. Emitters
// use these constants instead of spelling the names, and a test checks every
// constant against the runtime's source, so renaming a runtime identifier
// breaks a test, not the generated clients. The idea is protobuf-go's
// internal/genid.
//
// Each const block's comment says where its names live; the test reads
// those comments.
package genid

// Package-level names of the runtime.
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
	ProviderSpec               = "providerSpec"
	EnvironmentSpec            = "environmentSpec"
	SchemeSpec                 = "schemeSpec"
	KeyFormat                  = "keyFormat"
	SecurityRequirement        = "securityRequirement"
	ErrorEnvelopeSpec          = "errorEnvelopeSpec"
	ErrorCode                  = "errorCode"
	HeaderSpec                 = "headerSpec"
	RateLimitSpec              = "rateLimitSpec"
	Request                    = "request"
	NewCodeSentinel            = "newCodeSentinel"
	WithStaticSecret           = "withStaticSecret"
	WithSecretFunc             = "withSecretFunc"
	WithBasic                  = "withBasic"
	WithServerVariable         = "withServerVariable"
	FixedHeader                = "fixedHeader"
	FailureSpec                = "failureSpec"
	ServerVariableSpec         = "serverVariableSpec"
	PathParam                  = "pathParam"
	PathSegments               = "pathSegments"
	AddQuery                   = "addQuery"
	AddCookie                  = "addCookie"
	JoinParam                  = "joinParam"
	EncodeRaw                  = "encodeRaw"
	FormatSeconds              = "formatSeconds"
	FormatMilliseconds         = "formatMilliseconds"
	FormatUnixEpoch            = "formatUnixEpoch"
	FormatHTTPDate             = "formatHTTPDate"
	FormatDuration             = "formatDuration"
	PageSpec                   = "pageSpec"
	WebhookSpec                = "webhookSpec"
	WebhookPart                = "webhookPart"
	WebhookVerifier            = "WebhookVerifier"
	NewWebhookVerifierInternal = "newWebhookVerifier"
	DecodeWebhookEvent         = "decodeWebhookEvent"
	WebhookEventType           = "WebhookEvent"
	UnknownWebhookEvent        = "UnknownWebhookEvent"
	WebhookHMACSHA256          = "webhookHMACSHA256"
	WebhookHMACSHA1            = "webhookHMACSHA1"
	WebhookEd25519             = "webhookEd25519"
	WebhookHex                 = "webhookHex"
	WebhookBase64              = "webhookBase64"
	WebhookLiteral             = "webhookLiteral"
	WebhookTimestamp           = "webhookTimestamp"
	WebhookID                  = "webhookID"
	WebhookBody                = "webhookBody"
	WebhookURL                 = "webhookURL"
	WebhookFormParams          = "webhookFormParams"
	Paginate                   = "paginate"
	AllItems                   = "allItems"
	PageCursor                 = "pageCursor"
	PageLastItem               = "pageLastItem"
	PageNextURL                = "pageNextURL"
	PageLink                   = "pageLink"
	PageNumber                 = "pageNumber"
	PageOffset                 = "pageOffset"
	WithCredentialHeader       = "withCredentialHeader"
	CredentialHeaderSpec       = "credentialHeader"
	SchemeBearer               = "schemeBearer"
	SchemeHeaderKey            = "schemeHeaderKey"
	SchemeQueryKey             = "schemeQueryKey"
	SchemeCookieKey            = "schemeCookieKey"
	SchemeBasic                = "schemeBasic"
	SchemeOAuth2               = "schemeOAuth2"
	SchemeOpenIDConnect        = "schemeOpenIDConnect"
	Secret                     = "secret"
	ProviderSpecVariable       = "provider"
	MeteringType               = "Metering"
	ParseMeteringFunction      = "parseMetering"
	ErrorFieldsType            = "ErrorFields"
	ParseErrorFieldsFunction   = "parseErrorFields"
	ErrorFieldString           = "errorFieldString"
	ErrorFieldInt64            = "errorFieldInt64"
	ErrorFieldFloat64          = "errorFieldFloat64"
)

// Package-level names of the runtime's form file (feature "form").
const (
	EncodeFormBody = "encodeFormBody"
	AddDeepObject  = "addDeepObject"
)

// Package-level names of the runtime's multipart file (feature "multipart").
const (
	EncodeMultipart = "encodeMultipart"
)

// Package-level names of the runtime's unions file (feature "union").
const (
	ChooseVariant = "chooseVariant"
	UnionRule     = "unionRule"
	UnionConstant = "unionConstant"
	ErrEmptyUnion = "errEmptyUnion"
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

// Fields of unionRule.
const (
	UnionRuleTag      = "tag"
	UnionRuleKind     = "kind"
	UnionRuleRequired = "required"
	UnionRuleFixed    = "fixed"
)

// Fields of unionConstant.
const (
	UnionConstantName  = "name"
	UnionConstantValue = "value"
)

// Package-level names of the runtime's OAuth file (feature "oauth2").
const (
	WithOAuthFlow = "withOAuthFlow"
	OAuthFlow     = "oauthFlow"
	OAuthFlowSpec = "oauthFlowSpec"
)

// Methods of Client.
const (
	ClientSend     = "send"
	ClientDo       = "Do"
	CredentialUser = "credentialUser"
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

// Fields of providerSpec.
const (
	ProviderName              = "name"
	ProviderEnvironments      = "environments"
	ProviderEnvironmentEnvVar = "environmentEnvVar"
	ProviderServerVariables   = "serverVariables"
	ProviderDefaultHeaders    = "defaultHeaders"
	ProviderShouldRetryHeader = "shouldRetryHeader"
	ProviderRetryStatuses     = "retryStatuses"
	ProviderIdempotencyHeader = "idempotencyHeader"
	ProviderSchemes           = "schemes"
	ProviderSecurity          = "security"
	ProviderErrorEnvelope     = "errorEnvelope"
	ProviderErrorShapes       = "errorShapes"
	ProviderFailureWhen       = "failureWhen"
	ProviderErrorCodes        = "errorCodes"
	ProviderSuccessData       = "successData"
	ProviderRetry             = "retry"
	ProviderDelayHeaders      = "delayHeaders"
	ProviderRateLimit         = "rateLimit"
	ProviderRequestIDHeader   = "requestIDHeader"
)

// Fields of environmentSpec.
const (
	EnvironmentName    = "name"
	EnvironmentBaseURL = "baseURL"
)

// Fields of failureSpec.
const (
	FailurePointer = "pointer"
	FailureEquals  = "equals"
)

// Fields of fixedHeader.
const (
	FixedHeaderName  = "name"
	FixedHeaderValue = "value"
)

// Fields of serverVariableSpec.
const (
	ServerVariableName    = "name"
	ServerVariableOption  = "option"
	ServerVariableEnvVar  = "envVar"
	ServerVariableDefault = "defaultValue"
	ServerVariableTenant  = "tenant"
)

// Fields of schemeSpec.
const (
	SchemeName       = "name"
	SchemeKind       = "kind"
	SchemeParamName  = "paramName"
	SchemeOption     = "option"
	SchemeEnvVar     = "envVar"
	SchemeEnvVarUser = "envVarUser"
	SchemeKeyFormats = "keyFormats"
	SchemeUserPrefix = "userPrefix"
	SchemeUserSuffix = "userSuffix"
	SchemeHeaders    = "headers"
)

// Fields of credentialHeader.
const (
	CredentialHeaderName   = "name"
	CredentialHeaderEnvVar = "envVar"
)

// Fields of keyFormat.
const (
	KeyFormatPrefix      = "prefix"
	KeyFormatPattern     = "pattern"
	KeyFormatEnvironment = "environment"
	KeyFormatDescription = "description"
)

// Fields of errorEnvelopeSpec.
const (
	EnvelopeCode    = "code"
	EnvelopeMessage = "message"
	EnvelopeDetails = "details"
)

// Fields of errorCode.
const (
	ErrorCodeCode     = "code"
	ErrorCodeSentinel = "sentinel"
	ErrorCodeFinal    = "final"
)

// Fields of headerSpec.
const (
	HeaderName          = "name"
	HeaderFormat        = "format"
	HeaderWhenExhausted = "whenExhausted"
)

// Fields of rateLimitSpec.
const (
	RateLimitLimit     = "limit"
	RateLimitRemaining = "remaining"
	RateLimitReset     = "reset"
	RateLimitStatuses  = "statuses"
	RateLimitBucket    = "bucket"
)

// Fields of request.
const (
	RequestOperation   = "operation"
	RequestMethod      = "method"
	RequestPath        = "path"
	RequestQuery       = "query"
	RequestHeader      = "header"
	RequestBody        = "body"
	RequestContentType = "contentType"
	RequestEncode      = "encode"
	RequestSecurity    = "security"
	RequestExpectBody  = "expectBody"
	RequestRawResponse = "rawResponse"
	RequestServer      = "server"
	RequestAccept      = "accept"
	RequestOwnSuccess  = "ownSuccess"
	RequestSuccessData = "successData"
)

// Fields of oauthFlowSpec.
const (
	OAuthFlowSpecGrantType = "grantType"
	OAuthFlowSpecTokenURL  = "tokenURL"
)

// Fields of oauthFlow.
const (
	OAuthFlowSpecField    = "spec"
	OAuthFlowClientID     = "clientID"
	OAuthFlowClientSecret = "clientSecret"
	OAuthFlowUsername     = "username"
	OAuthFlowPassword     = "password"
	OAuthFlowScopes       = "scopes"
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

// Fields of pageSpec.
const (
	PageSpecStyle   = "style"
	PageSpecItems   = "items"
	PageSpecNext    = "next"
	PageSpecHasMore = "hasMore"
	PageSpecTotal   = "total"
	PageSpecParam   = "param"
	PageSpecInBody  = "inBody"
	PageSpecItemID  = "itemID"
	PageSpecStart   = "start"
)
