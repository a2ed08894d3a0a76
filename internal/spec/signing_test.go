package spec

import (
	"errors"
	"maps"
	"strings"
	"testing"
	"time"
)

func signingDoc(signing string) string {
	return `openapi: 3.0.3
info: {title: S, version: "1"}
servers: [{url: "https://s3.example"}]
paths:
  /:
    get:
      operationId: listBuckets
      responses:
        "200": {description: OK.}
x-authgen:
  package: objects
  signing:
` + signing
}

// TestSigningSpec: x-authgen.signing reaches the model with the
// environment variables NewFromEnv reads; each mistake is refused at the
// key that makes it (file:line:col).
func TestSigningSpec(t *testing.T) {
	for _, c := range []struct {
		name, signing string
		want          Signing
		fail          string // part of the error, with its position
	}{
		{"sigv4 for s3", "    preset: aws-sigv4\n    service: s3\n    region: us-east-1\n",
			Signing{Kind: SigningSigV4, Service: "s3", Region: "us-east-1", S3: true, KeyIDEnv: "AWS_ACCESS_KEY_ID", SecretEnv: "AWS_SECRET_ACCESS_KEY", SessionTokenEnv: "AWS_SESSION_TOKEN", RegionEnv: "AWS_REGION"}, ""},
		{"sigv4 streaming aws-chunked", "    preset: aws-sigv4\n    service: s3\n    streamedBody: aws-chunked\n",
			Signing{Kind: SigningSigV4, Service: "s3", S3: true, AWSChunked: true, KeyIDEnv: "AWS_ACCESS_KEY_ID", SecretEnv: "AWS_SECRET_ACCESS_KEY", SessionTokenEnv: "AWS_SESSION_TOKEN", RegionEnv: "AWS_REGION"}, ""},
		{"sigv4 streaming unsigned", "    preset: aws-sigv4\n    service: s3\n    streamedBody: unsigned\n",
			Signing{Kind: SigningSigV4, Service: "s3", S3: true, KeyIDEnv: "AWS_ACCESS_KEY_ID", SecretEnv: "AWS_SECRET_ACCESS_KEY", SessionTokenEnv: "AWS_SESSION_TOKEN", RegionEnv: "AWS_REGION"}, ""},
		{"an unknown streamed body", "    preset: aws-sigv4\n    service: s3\n    streamedBody: aws-chunky\n", Signing{}, "s.yaml:15:19: x-authgen.signing.streamedBody: unknown value \"aws-chunky\""},
		{"a streamed body for hmac", "    preset: hmac\n    signed: \"{query}\"\n    signature: {in: query, name: signature}\n    streamedBody: aws-chunked\n", Signing{}, "s.yaml:16:19: x-authgen.signing.streamedBody: streamedBody is not for preset hmac"},
		{"a streamed body for jwt", "    preset: jwt\n    streamedBody: aws-chunked\n", Signing{}, "s.yaml:14:19: x-authgen.signing.streamedBody: jwt fixes"},
		{"sigv4 with no service", "    preset: aws-sigv4\n", Signing{}, "s.yaml:13:5: x-authgen.signing: aws-sigv4 needs the service"},
		{"sigv4 with an hmac key", "    preset: aws-sigv4\n    service: execute-api\n    signed: \"{query}\"\n", Signing{}, "s.yaml:15:13: x-authgen.signing.signed: aws-sigv4 fixes"},
		{"an unknown preset", "    preset: aws-sigv2\n", Signing{}, `s.yaml:13:13: x-authgen.signing.preset: unknown preset "aws-sigv2"`},
		{"hmac over the query, Binance's way",
			"    preset: hmac\n    signed: \"{query}\"\n    timestamp: {in: query, name: timestamp}\n    timestampFormat: unix-ms\n    signature: {in: query, name: signature}\n    keyId: {in: header, name: X-MBX-APIKEY}\n",
			Signing{Kind: SigningHMAC, Signed: "{query}", TimestampFormat: "unix-ms", Signature: SignPlace{"query", "signature"}, Timestamp: SignPlace{"query", "timestamp"}, KeyID: SignPlace{"header", "X-MBX-APIKEY"}, KeyIDEnv: "OBJECTS_KEY_ID", SecretEnv: "OBJECTS_SECRET"}, ""},
		{"hmac headers, base64 sha512",
			"    preset: hmac\n    signed: \"{timestamp}\\n{method}\\n{path}\\n{body-sha256}\"\n    algorithm: hmac-sha512\n    encoding: base64\n    timestamp: {in: header, name: X-Timestamp}\n    signature: {in: header, name: X-Signature}\n    secretEnv: S_SECRET\n",
			Signing{Kind: SigningHMAC, Signed: "{timestamp}\n{method}\n{path}\n{body-sha256}", SHA512: true, Base64: true, Signature: SignPlace{"header", "X-Signature"}, Timestamp: SignPlace{"header", "X-Timestamp"}, KeyIDEnv: "OBJECTS_KEY_ID", SecretEnv: "S_SECRET"}, ""},
		{"hmac with a clock skew, Binance's recvWindow",
			"    preset: hmac\n    signed: \"{query}\"\n    timestamp: {in: query, name: timestamp}\n    signature: {in: query, name: signature}\n    clockSkew: 5s\n",
			Signing{Kind: SigningHMAC, Signed: "{query}", ClockSkew: 5 * time.Second, Signature: SignPlace{"query", "signature"}, Timestamp: SignPlace{"query", "timestamp"}, KeyIDEnv: "OBJECTS_KEY_ID", SecretEnv: "OBJECTS_SECRET"}, ""},
		{"a clock skew with no timestamp", "    preset: hmac\n    signed: \"{body}\"\n    signature: {in: header, name: X-Sig}\n    clockSkew: 5s\n", Signing{}, "s.yaml:16:16: x-authgen.signing.clockSkew: no timestamp is sent"},
		{"a clock skew under a second", "    preset: hmac\n    signed: \"{timestamp}{body}\"\n    timestamp: {in: header, name: X-Ts}\n    signature: {in: header, name: X-Sig}\n    clockSkew: 500ms\n", Signing{}, "s.yaml:17:16: x-authgen.signing.clockSkew: 500ms is outside 1s to 1h0m0s"},
		{"a clock skew over an hour", "    preset: hmac\n    signed: \"{timestamp}{body}\"\n    timestamp: {in: header, name: X-Ts}\n    signature: {in: header, name: X-Sig}\n    clockSkew: 2h\n", Signing{}, "s.yaml:17:16: x-authgen.signing.clockSkew: 2h0m0s is outside"},
		{"a clock skew that is not a duration", "    preset: hmac\n    signed: \"{timestamp}{body}\"\n    timestamp: {in: header, name: X-Ts}\n    signature: {in: header, name: X-Sig}\n    clockSkew: soon\n", Signing{}, "s.yaml:17:16:"},
		{"a clock skew for sigv4", "    preset: aws-sigv4\n    service: s3\n    clockSkew: 5m\n", Signing{}, "s.yaml:15:16: x-authgen.signing.clockSkew: aws-sigv4 fixes"},
		{"ed25519 over the query, Binance's Ed25519 keys",
			"    preset: hmac\n    signed: \"{query}\"\n    algorithm: ed25519\n    timestamp: {in: query, name: timestamp}\n    signature: {in: query, name: signature}\n",
			Signing{Kind: SigningHMAC, Signed: "{query}", Ed25519: true, Base64: true, Signature: SignPlace{"query", "signature"}, Timestamp: SignPlace{"query", "timestamp"}, KeyIDEnv: "OBJECTS_KEY_ID", SecretEnv: "OBJECTS_SECRET"}, ""},
		{"an unknown algorithm", "    preset: hmac\n    signed: \"{query}\"\n    algorithm: rsa\n    signature: {in: query, name: signature}\n", Signing{}, "s.yaml:15:16:"},
		{"a JWT per request, Coinbase's way", "    preset: jwt\n    issuer: cdp\n",
			Signing{Kind: SigningJWT, Issuer: "cdp", KeyIDEnv: "OBJECTS_KEY_ID", SecretEnv: "OBJECTS_SECRET"}, ""},
		{"jwt with an hmac key", "    preset: jwt\n    signed: \"{query}\"\n", Signing{}, "s.yaml:14:13: x-authgen.signing.signed: jwt fixes what is signed"},
		{"hmac with an issuer", "    preset: hmac\n    signed: \"{query}\"\n    issuer: cdp\n    signature: {in: query, name: signature}\n", Signing{}, "s.yaml:15:13: x-authgen.signing.issuer: issuer is not for preset hmac"},
		{"an unknown placeholder", "    preset: hmac\n    signed: \"{verb}{body}\"\n    signature: {in: header, name: X-Sig}\n", Signing{}, "s.yaml:14:13: x-authgen.signing.signed: unknown placeholder {verb}"},
		{"covers neither body nor query", "    preset: hmac\n    signed: \"{method}{path}\"\n    signature: {in: header, name: X-Sig}\n", Signing{}, "covers neither the body nor the query"},
		{"a timestamp sent but not signed", "    preset: hmac\n    signed: \"{body}\"\n    signature: {in: header, name: X-Sig}\n    timestamp: {in: header, name: X-Ts}\n", Signing{}, "s.yaml:16:16: x-authgen.signing.timestamp: it is sent but not signed"},
		{"a signed timestamp sent nowhere", "    preset: hmac\n    signed: \"{timestamp}{body}\"\n    signature: {in: header, name: X-Sig}\n", Signing{}, "s.yaml:13:5: x-authgen.signing.timestamp: say where it goes"},
		{"no place for the signature", "    preset: hmac\n    signed: \"{body}\"\n", Signing{}, "x-authgen.signing.signature: say where it goes"},
		{"a bad header name", "    preset: hmac\n    signed: \"{body}\"\n    signature: {in: header, name: \"X Sig\"}\n", Signing{}, `x-authgen.signing.signature.name: "X Sig" is not a valid header name`},
	} {
		t.Run(c.name, func(t *testing.T) {
			p, _, err := LoadData("s.yaml", []byte(signingDoc(c.signing)), Options{SkipOpenAPIValidation: true})
			if c.fail != "" {
				var ps Problems
				if !errors.As(err, &ps) || !strings.Contains(err.Error(), c.fail) {
					t.Fatalf("err = %v, want one containing %q", err, c.fail)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if p.Signing == nil || *p.Signing != c.want {
				t.Fatalf("signing %+v, want %+v", p.Signing, c.want)
			}
		})
	}
}

// TestSigningOptionNameIsTaken: a security scheme whose option would be
// WithSigning is refused at the scheme, rather than giving a client with
// two functions of one name.
func TestSigningOptionNameIsTaken(t *testing.T) {
	doc := strings.Replace(signingDoc("    preset: aws-sigv4\n    service: s3\n"), "paths:", "components:\n  securitySchemes:\n    signing: {type: http, scheme: bearer}\nsecurity: [{signing: []}]\npaths:", 1)
	_, _, err := LoadData("s.yaml", []byte(doc), Options{SkipOpenAPIValidation: true})
	if err == nil || !strings.Contains(err.Error(), "WithSigning meets x-authgen.signing") {
		t.Fatalf("err = %v, want the clash named", err)
	}
}

// TestSigningRefusalCodes: signatureCode and timestampCode name codes of
// x-authgen.errors.codes, which reach the model with their status; a code
// not listed there is refused at its key.
func TestSigningRefusalCodes(t *testing.T) {
	doc := signingDoc("    preset: hmac\n    signed: \"{query}\"\n    timestamp: {in: query, name: timestamp}\n    signature: {in: query, name: signature}\n    clockSkew: 5s\n    signatureCode: \"-1022\"\n    timestampCode: \"-1021\"\n") +
		"  errors:\n    envelope: {code: /code, message: /msg}\n    codes:\n      - {code: \"-1022\", name: InvalidSignature, status: 400}\n      - {code: \"-1021\", name: InvalidTimestamp, status: 400}\n"
	p, _, err := LoadData("s.yaml", []byte(doc), Options{SkipOpenAPIValidation: true})
	if err != nil {
		t.Fatal(err)
	}
	if s := p.Signing; s.SignatureRefusal.Code != "-1022" || s.SignatureRefusal.Status != 400 || s.TimestampRefusal.Code != "-1021" {
		t.Errorf("refusals %+v / %+v", s.SignatureRefusal, s.TimestampRefusal)
	}
	bad := strings.Replace(doc, `signatureCode: "-1022"`, `signatureCode: "-1099"`, 1)
	_, _, err = LoadData("s.yaml", []byte(bad), Options{SkipOpenAPIValidation: true})
	if want := `s.yaml:18:20: x-authgen.signing.signatureCode: "-1099" is not among x-authgen.errors.codes`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want %q", err, want)
	}
}

// TestPresignMethods: a spec signed with aws-sigv4 gives each operation
// whose request a URL carries (no body, or the caller's bytes) a
// Presign<Operation> method; a JSON body, an HMAC spec give none; an
// operation already named like another's presign method is refused at
// its operation, with its line and column.
func TestPresignMethods(t *testing.T) {
	doc := strings.Replace(signingDoc("    preset: aws-sigv4\n    service: s3\n"), "paths:\n", `paths:
  /upload:
    put:
      operationId: putBlob
      requestBody: {content: {application/octet-stream: {schema: {type: string, format: binary}}}}
      responses:
        "200": {description: OK.}
  /json:
    post:
      operationId: postJSON
      requestBody: {content: {application/json: {schema: {type: object}}}}
      responses:
        "200": {description: OK.}
`, 1)
	p, _, err := LoadData("s.yaml", []byte(doc), Options{SkipOpenAPIValidation: true})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]string{}
	for _, o := range p.Operations {
		got[o.ID] = o.PresignMethod
	}
	if want := map[string]string{"listBuckets": "PresignListBuckets", "putBlob": "PresignPutBlob", "postJSON": ""}; !maps.Equal(got, want) {
		t.Errorf("presign methods %v, want %v", got, want)
	}

	hmac := signingDoc("    preset: hmac\n    signed: \"{query}\"\n    signature: {in: query, name: signature}\n")
	p, _, err = LoadData("s.yaml", []byte(hmac), Options{SkipOpenAPIValidation: true})
	if err != nil || p.Operations[0].PresignMethod != "" {
		t.Errorf("an hmac spec: %v, presign method %q", err, p.Operations[0].PresignMethod)
	}

	taken := strings.Replace(signingDoc("    preset: aws-sigv4\n    service: s3\n"), "paths:\n", `paths:
  /presigned:
    get:
      operationId: presignListBuckets
      responses:
        "200": {description: OK.}
`, 1)
	_, _, err = LoadData("s.yaml", []byte(taken), Options{SkipOpenAPIValidation: true})
	if want := `s.yaml:11:5: operation "listBuckets": its presign method PresignListBuckets is already taken`; err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("err = %v, want %q", err, want)
	}
}
