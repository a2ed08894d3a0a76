package gen

import (
	"fmt"
	"strings"

	"github.com/dave/jennifer/jen"

	"github.com/authgen/authgen/internal/genid"
	"github.com/authgen/authgen/internal/spec"
)

var webhookAlgorithmIdent = map[spec.WebhookAlgorithm]string{
	spec.HMACSHA256: genid.WebhookHMACSHA256, spec.HMACSHA1: genid.WebhookHMACSHA1, spec.Ed25519: genid.WebhookEd25519,
}

var webhookPartIdent = map[string]string{
	"literal": genid.WebhookLiteral, "timestamp": genid.WebhookTimestamp, "id": genid.WebhookID,
	"body": genid.WebhookBody, "url": genid.WebhookURL, "params": genid.WebhookFormParams,
}

// genWebhooks emits the webhook verifier's constructors, the provider's
// signing scheme and one type per event:
//
//	var webhookSigning = authgenrt.WebhookSpec{Header: "Stripe-Signature", ...}
//	func NewWebhookVerifier(secrets ...string) (*WebhookVerifier, error)
//	func NewWebhookVerifierFromEnv() (*WebhookVerifier, error)
//	type CustomerCreatedEvent struct{ Payload Event }
//	func decodeWebhookEvent(eventType string, body []byte) (WebhookEvent, error)
func genWebhooks(p *spec.Provider, f *jen.File) {
	w := p.Webhooks
	f.Comment("webhookSigning is how the provider signs the webhooks it sends.")
	f.Var().Id(genid.WebhookSigningVar).Op("=").Add(webhookSpecValue(w))
	f.Line()

	what := signingDoc(w)
	f.Add(doc(
		"NewWebhookVerifier returns a verifier of the provider's webhooks. "+what,
		"",
		"Give every secret that is valid while one is rotated: a webhook signed with any of them is accepted.",
	))
	f.Func().Id(genid.NewWebhookVerifier).Params(jen.Id("secrets").Op("...").String()).Params(jen.Op("*").Id(genid.WebhookVerifier), jen.Error()).Block(
		jen.Return(jen.Id(genid.NewWebhookVerifierInternal).Call(jen.Op("&").Id(genid.WebhookSigningVar), jen.Id("secrets"))),
	)
	f.Line()
	env := w.SecretEnv
	if env == "" {
		env = strings.ToUpper(p.Package) + "_WEBHOOK_SECRET"
	}
	f.Add(doc(
		fmt.Sprintf("NewWebhookVerifierFromEnv is NewWebhookVerifier with the secret in %s; while rotating, several secrets separated by commas.", env),
	))
	f.Func().Id(genid.NewWebhookVerifierFromEnv).Params().Params(jen.Op("*").Id(genid.WebhookVerifier), jen.Error()).Block(
		jen.Id("value").Op(":=").Qual("os", "Getenv").Call(jen.Lit(env)),
		jen.If(jen.Qual("strings", "TrimSpace").Call(jen.Id("value")).Op("==").Lit("")).Block(
			jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit(p.Package+": webhook verifier: "+env+" is not set"))),
		),
		jen.Return(jen.Id(genid.NewWebhookVerifier).Call(jen.Qual("strings", "Split").Call(jen.Id("value"), jen.Lit(",")).Op("..."))),
	)

	for _, e := range w.Events {
		f.Line()
		f.Add(doc(fmt.Sprintf("%s is the webhook %q.", e.GoName, e.Type)))
		f.Type().Id(e.GoName).Struct(
			jen.Comment("Payload is the webhook's body, decoded."),
			jen.Id("Payload").Add(goType(e.Payload)),
		)
		f.Line()
		f.Comment("EventType is " + fmt.Sprintf("%q", e.Type) + ".")
		f.Func().Params(jen.Op("*").Id(e.GoName)).Id(genid.WebhookEventTypeMethod).Params().String().Block(jen.Return(jen.Lit(e.Type)))
		f.Line()
		f.Func().Params(jen.Op("*").Id(e.GoName)).Id(genid.WebhookEventSeal).Params().Block()
	}
	f.Line()
	f.Comment("decodeWebhookEvent decodes a verified body by its event type; a type the spec does not")
	f.Comment("describe is an *UnknownWebhookEvent, not an error.")
	f.Func().Id(genid.DecodeWebhookEvent).Params(jen.Id("eventType").String(), jen.Id("body").Index().Byte()).Params(jen.Id(genid.WebhookEventType), jen.Error()).BlockFunc(func(g *jen.Group) {
		if len(w.Events) > 0 {
			g.Switch(jen.Id("eventType")).BlockFunc(func(g *jen.Group) {
				for _, e := range w.Events {
					g.Case(jen.Lit(e.Type)).Block(
						jen.Var().Id("e").Id(e.GoName),
						jen.If(jen.Id("err").Op(":=").Qual(pkgJSON, "Unmarshal").Call(jen.Id("body"), jen.Op("&").Id("e").Dot("Payload")), jen.Id("err").Op("!=").Nil()).Block(
							jen.Return(jen.Nil(), jen.Qual("fmt", "Errorf").Call(jen.Lit("webhook %s: %w"), jen.Id("eventType"), jen.Id("err"))),
						),
						jen.Return(jen.Op("&").Id("e"), jen.Nil()),
					)
				}
			})
		}
		g.Return(jen.Op("&").Id(genid.UnknownWebhookEvent).Values(jen.Dict{jen.Id(genid.UnknownWebhookEventType): jen.Id("eventType"), jen.Id(genid.UnknownWebhookEventBody): jen.Id("body")}), jen.Nil())
	})
}

// webhookSpecValue is the runtime's description of how the provider signs
// its webhooks, for the verifier and for the fake that signs them.
func webhookSpecValue(w *spec.Webhooks) jen.Code {
	return jen.Qual(genid.RuntimePath, genid.WebhookSpec).Values(jen.DictFunc(func(d jen.Dict) {
		d[jen.Id(genid.WebhookSpecHeader)] = jen.Lit(w.Header)
		d[jen.Id(genid.WebhookSpecAlgorithm)] = jen.Qual(genid.RuntimePath, webhookAlgorithmIdent[w.Algorithm])
		enc := genid.WebhookHex
		if w.Encoding == spec.EncodingBase64 {
			enc = genid.WebhookBase64
		}
		d[jen.Id(genid.WebhookSpecEncoding)] = jen.Qual(genid.RuntimePath, enc)
		for key, v := range map[string]string{genid.WebhookSpecPrefix: w.Prefix, genid.WebhookSpecSeparator: w.Separator, genid.WebhookSpecTimestampKey: w.TimestampKey, genid.WebhookSpecSignatureKey: w.SignatureKey,
			genid.WebhookSpecTimestampHeader: w.TimestampHeader, genid.WebhookSpecIDHeader: w.IDHeader, genid.WebhookSpecSecretPrefix: w.SecretPrefix, genid.WebhookSpecSecretEnv: w.SecretEnv,
			genid.WebhookSpecEventHeader: w.EventHeader, genid.WebhookSpecEventPointer: w.EventPointer} {
			if v != "" {
				d[jen.Id(key)] = jen.Lit(v)
			}
		}
		if w.TimestampKey != "" {
			d[jen.Id(genid.WebhookSpecKeyed)] = jen.True()
		}
		if w.Tolerance > 0 {
			d[jen.Id(genid.WebhookSpecTolerance)] = durationExpr(w.Tolerance)
		}
		if w.MaxBody > 0 {
			d[jen.Id(genid.WebhookSpecMaxBody)] = jen.Lit(w.MaxBody)
		}
		d[jen.Id(genid.WebhookSpecSigned)] = jen.Index().Qual(genid.RuntimePath, genid.WebhookPart).ValuesFunc(func(g *jen.Group) {
			for _, part := range w.Signed {
				g.Values(jen.DictFunc(func(d jen.Dict) {
					d[jen.Id(genid.WebhookPartKind)] = jen.Qual(genid.RuntimePath, webhookPartIdent[part.Kind])
					if part.Kind == "literal" {
						d[jen.Id(genid.WebhookPartText)] = jen.Lit(part.Literal)
					}
				}))
			}
		})
	}))
}

func signingDoc(w *spec.Webhooks) string {
	var parts []string
	for _, p := range w.Signed {
		if p.Kind == "literal" {
			parts = append(parts, p.Literal)
		} else {
			parts = append(parts, "{"+p.Kind+"}")
		}
	}
	s := fmt.Sprintf("The provider signs %q with %s into the %s header", strings.Join(parts, ""), w.Algorithm, w.Header)
	if w.Tolerance > 0 {
		s += fmt.Sprintf("; a webhook signed more than %v away from now is refused as a replay", w.Tolerance)
	}
	return s + "."
}
