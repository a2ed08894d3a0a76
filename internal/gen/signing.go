package gen

import (
	"github.com/dave/jennifer/jen"

	"github.com/authgen/authgen/internal/genid"
	"github.com/authgen/authgen/internal/spec"
)

// The runtime's names for signing (runtime/authgenrt/signing.go), kept
// here until they join genid.
const (
	signingSpecType    = "SigningSpec"
	hmacSpecType       = "HMACSpec"
	placementType      = "Placement"
	withSigningKeys    = "WithSigningKeys"
	withSigningRegion  = "WithSigningRegion"
	signingOption      = "WithSigning"
	signingRegionOpt   = "WithSigningRegion"
	providerSigningKey = "Signing"
)

// genSigningOptions emits, for a spec with x-authgen.signing,
//
//	// WithSigning signs every request with AWS Signature Version 4 ...
//	func WithSigning(accessKeyID, secretAccessKey, sessionToken string) Option {
//		return Option(authgenrt.WithSigningKeys(accessKeyID, secretAccessKey, sessionToken))
//	}
//	func WithSigningRegion(region string) Option { ... }
//
// or, for an HMAC, WithSigning(keyID, secret string).
func genSigningOptions(p *spec.Provider, f *jen.File) {
	s := p.Signing
	if s == nil {
		return
	}
	f.Line()
	if s.Kind == spec.SigningSigV4 {
		f.Add(doc(signingOption+" signs every request with AWS Signature Version 4 (service "+s.Service+") with an access key ID, its secret and, for temporary credentials, a session token (\"\" for none).",
			"", "NewFromEnv reads them from "+s.KeyIDEnv+", "+s.SecretEnv+" and "+s.SessionTokenEnv+". The secret never appears in errors or logs."))
		f.Func().Id(signingOption).Params(jen.List(jen.Id("accessKeyID"), jen.Id("secretAccessKey"), jen.Id("sessionToken")).String()).Id(genid.Option).Block(
			jen.Return(jen.Id(genid.Option).Call(jen.Qual(genid.RuntimePath, withSigningKeys).Call(jen.Id("accessKeyID"), jen.Id("secretAccessKey"), jen.Id("sessionToken")))),
		)
		f.Line()
		region := "the region has no default: give this option or set " + s.RegionEnv + "."
		if s.Region != "" {
			region = "unset, it is " + s.RegionEnv + ", else " + s.Region + "."
		}
		f.Add(doc(signingRegionOpt + " is the AWS region requests are signed for; " + region))
		f.Func().Id(signingRegionOpt).Params(jen.Id("region").String()).Id(genid.Option).Block(
			jen.Return(jen.Id(genid.Option).Call(jen.Qual(genid.RuntimePath, withSigningRegion).Call(jen.Id("region")))),
		)
		return
	}
	what := "an HMAC of the key's secret"
	if s.Kind == spec.SigningJWT {
		what = "a JWT of its own, signed with the key's private key (PEM EC P-256 or base64 Ed25519)"
	}
	f.Add(doc(signingOption+" signs every request with "+what+"; the secret is never sent, and never appears in errors or logs.",
		"", "NewFromEnv reads them from "+s.KeyIDEnv+" and "+s.SecretEnv+"."))
	f.Func().Id(signingOption).Params(jen.List(jen.Id("keyID"), jen.Id("secret")).String()).Id(genid.Option).Block(
		jen.Return(jen.Id(genid.Option).Call(jen.Qual(genid.RuntimePath, withSigningKeys).Call(jen.Id("keyID"), jen.Id("secret"), jen.Lit("")))),
	)
}

// signingSpecExpr is the ProviderSpec's Signing:
//
//	&authgenrt.SigningSpec{SigV4: true, Service: "s3", ...}
func signingSpecExpr(s *spec.Signing) jen.Code {
	return jen.Op("&").Qual(genid.RuntimePath, signingSpecType).Values(jen.DictFunc(func(d jen.Dict) {
		lit := func(key, v string) {
			if v != "" {
				d[jen.Id(key)] = jen.Lit(v)
			}
		}
		lit("KeyIDEnv", s.KeyIDEnv)
		lit("SecretEnv", s.SecretEnv)
		lit("SessionTokenEnv", s.SessionTokenEnv)
		lit("RegionEnv", s.RegionEnv)
		if s.ClockSkew > 0 {
			d[jen.Id("ClockSkew")] = durationExpr(s.ClockSkew)
		}
		if s.Kind == spec.SigningSigV4 {
			d[jen.Id("SigV4")] = jen.True()
			lit("Service", s.Service)
			lit("Region", s.Region)
			if s.S3 {
				d[jen.Id("S3")] = jen.True()
			}
			if s.AWSChunked {
				d[jen.Id("AWSChunked")] = jen.True()
			}
			return
		}
		if s.Kind == spec.SigningJWT {
			d[jen.Id("JWT")] = jen.Op("&").Qual(genid.RuntimePath, "JWTSpec").Values(jen.DictFunc(func(d jen.Dict) {
				if s.Issuer != "" {
					d[jen.Id("Issuer")] = jen.Lit(s.Issuer)
				}
			}))
			return
		}
		d[jen.Id("HMAC")] = jen.Op("&").Qual(genid.RuntimePath, hmacSpecType).Values(jen.DictFunc(func(d jen.Dict) {
			d[jen.Id("Template")] = jen.Lit(s.Signed)
			if s.SHA512 {
				d[jen.Id("SHA512")] = jen.True()
			}
			if s.Ed25519 {
				d[jen.Id("Ed25519")] = jen.True()
			}
			if s.Base64 {
				d[jen.Id("Base64")] = jen.True()
			}
			if s.TimestampFormat != "" {
				d[jen.Id("TimestampFormat")] = jen.Lit(s.TimestampFormat)
			}
			for _, pl := range []struct {
				key string
				p   spec.SignPlace
			}{{"Signature", s.Signature}, {"Timestamp", s.Timestamp}, {"Nonce", s.Nonce}, {"KeyIDAt", s.KeyID}} {
				if pl.p.Name != "" {
					d[jen.Id(pl.key)] = jen.Qual(genid.RuntimePath, placementType).Values(jen.Dict{jen.Id("In"): jen.Lit(pl.p.In), jen.Id("Name"): jen.Lit(pl.p.Name)})
				}
			}
		}))
	}))
}
