package genid

// The names of the fake providers' machinery (authgenfake) that a
// generated <pkg>fake refers to, checked like the others by
// TestNamesExistInTheRuntime.

// Names of the client shell (templates/client) that only a fake uses.
const (
	WithHTTPClient = "WithHTTPClient"
)

// Package-level names of the fake runtime (authgenfake), which a generated
// fake qualifies with its import.
const (
	FakeSpec             = "Spec"
	FakeErrorShape       = "ErrorShape"
	FakeStatusErrorShape = "StatusErrorShape"
	FakeScheme           = "Scheme"
	FakeRoute            = "Route"
	FakePiece            = "Piece"
	FakeParam            = "Param"
	FakeServer           = "Server"
	FakeNewServer        = "NewServer"
	FakeHandle           = "Handle"
	FakeTransport        = "Transport"
	FakeCall             = "Call"
	FakeError            = "Error"
	FakeRequest          = "Request"
	FakeFault            = "Fault"
	FakeClock            = "Clock"
	FakeEvent            = "Event"
	FakeStreamError      = "StreamError"
	FakeRouteStreamT     = "RouteStream"
	FakeInQuery          = "InQuery"
	FakeInHeader         = "InHeader"
	FakeInCookie         = "InCookie"
	FakeNoBody           = "NoBody"
	FakeOptionalBody     = "OptionalBody"
	FakeRequiredBody     = "RequiredBody"
)

// Fields of authgenfake.Spec.
const (
	FakeSpecBasePath         = "BasePath"
	FakeSpecEnvelope         = "Envelope"
	FakeSpecErrorShape       = "ErrorShape"
	FakeSpecFailureWhen      = "FailureWhen"
	FakeSpecRateLimit        = "RateLimit"
	FakeSpecDelayHeaders     = "DelayHeaders"
	FakeSpecUnauthorizedCode = "UnauthorizedCode"
	FakeSpecRateLimitedCode  = "RateLimitedCode"
	FakeSpecFaultCodes       = "FaultCodes"
	FakeSpecSchemes          = "Schemes"
	FakeSpecWebhook          = "Webhook"
	FakeSpecSigning          = "Signing"
	FakeSpecSigningKeyID     = "SigningKeyID"
	FakeSpecSigningSecret    = "SigningSecret"
	FakeSpecSignatureCode    = "SignatureCode"
	FakeSpecSignatureStatus  = "SignatureStatus"
	FakeSpecTimestampCode    = "TimestampCode"
	FakeSpecTimestampStatus  = "TimestampStatus"
	FakeSpecRoutes           = "Routes"
)

// Fields of authgenfake.ErrorShape.
const (
	FakeErrorShapeSkeleton       = "Skeleton"
	FakeErrorShapeCodeType       = "CodeType"
	FakeErrorShapeCodeValues     = "CodeValues"
	FakeErrorShapeMessageType    = "MessageType"
	FakeErrorShapeCodePointer    = "CodePointer"
	FakeErrorShapeMessagePointer = "MessagePointer"
	FakeErrorShapeOwnPointers    = "OwnPointers"
)

// Fields of authgenfake.StatusErrorShape.
const (
	FakeStatusErrorShapeCode  = "Code"
	FakeStatusErrorShapeShape = "Shape"
)

// Fields of authgenfake.Scheme.
const (
	FakeSchemeName         = "Name"
	FakeSchemeKind         = "Kind"
	FakeSchemeParam        = "Param"
	FakeSchemeValuePrefix  = "ValuePrefix"
	FakeSchemeValueSuffix  = "ValueSuffix"
	FakeSchemeHeaders      = "Headers"
	FakeSchemeSecret       = "Secret"
	FakeSchemeUser         = "User"
	FakeSchemeTokenURL     = "TokenURL"
	FakeSchemeClientID     = "ClientID"
	FakeSchemeClientSecret = "ClientSecret"
	FakeSchemePlacements   = "Placements"
)

// Fields of authgenfake.Route.
const (
	FakeRouteOperation   = "Operation"
	FakeRouteMethod      = "Method"
	FakeRouteVerb        = "Verb"
	FakeRoutePattern     = "Pattern"
	FakeRouteSecurity    = "Security"
	FakeRouteStatus      = "Status"
	FakeRouteSuccessData = "SuccessData"
	FakeRoutePaging      = "Paging"
	FakeRouteStream      = "Stream"
	FakeRouteResultBody  = "ResultBody"
	FakeRouteMediaType   = "MediaType"
	FakeRouteResult      = "Result"
	FakeRouteErrorShapes = "ErrorShapes"
)

// Fields of authgenfake.Piece.
const (
	FakePieceLiteral = "Literal"
	FakePieceParam   = "Param"
	FakePieceMulti   = "Multi"
)

// Fields of authgenfake.Param.
const (
	FakeParamName     = "Name"
	FakeParamIn       = "In"
	FakeParamField    = "Field"
	FakeParamRequired = "Required"
)

// Methods of authgenfake.Call.
const (
	FakeCallPathArg = "PathArg"
	FakeCallParams  = "Params"
)

// Methods of authgenfake.Server, which a generated fake's Server embeds.
const (
	FakeServerURL   = "URL"
	FakeServerClock = "Clock"
)

// Methods of authgenfake.Clock.
const (
	FakeClockNow   = "Now"
	FakeClockSleep = "Sleep"
)

// Fields of authgenfake.RouteStream.
const (
	FakeRouteStreamToggle     = "Toggle"
	FakeRouteStreamDone       = "Done"
	FakeRouteStreamErrorEvent = "ErrorEvent"
)
