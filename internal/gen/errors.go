package gen

import (
	"fmt"

	"github.com/dave/jennifer/jen"

	"github.com/authgen/authgen/internal/genid"
	"github.com/authgen/authgen/internal/spec"
)

// genErrors emits the vendor code sentinels, the envelope's pointers and
// the table that ties codes to sentinels:
//
//	// ErrInvalidAPIKey is the vendor code "INVALID_API_KEY" (401): The API key is invalid.
//	var ErrInvalidAPIKey = authgenrt.NewCodeSentinel("INVALID_API_KEY")
//
//	var errorEnvelope = authgenrt.ErrorEnvelopeSpec{Code: "/error/code", ...}
//	var errorCodes = []errorCode{{code: "INVALID_API_KEY", sentinel: ErrInvalidAPIKey}}
func genErrors(p *spec.Provider, f *jen.File) {
	var own []spec.ErrorCode
	for _, c := range p.Errors.Codes {
		if !c.StatusSentinel {
			own = append(own, c)
		}
	}
	if len(own) > 0 {
		f.Comment("The vendor error codes the spec lists. errors.Is(err, ErrX) is true for an *APIError whose")
		f.Comment("Code is X's code. A code whose Go name is a status sentinel's (rate_limited and ErrRateLimited)")
		f.Comment("reuses that sentinel, which then matches by status and by code.")
		f.Var().DefsFunc(func(g *jen.Group) {
			for _, c := range own {
				g.Add(doc(codeDoc(c)...))
				g.Id(c.GoName).Op("=").Qual(genid.RuntimePath, genid.NewCodeSentinel).Call(jen.Lit(c.Code))
			}
		})
		f.Line()
	}
	e := p.Errors
	f.Comment("errorEnvelope locates the parts of the vendor's error body, as JSON pointers.")
	f.Var().Id(genid.ErrorEnvelopeVar).Op("=").Qual(genid.RuntimePath, genid.ErrorEnvelopeSpec).Values(jen.DictFunc(func(d jen.Dict) {
		if e.CodePointer != "" {
			d[jen.Id(genid.EnvelopeCode)] = jen.Lit(e.CodePointer)
		}
		if e.MessagePointer != "" {
			d[jen.Id(genid.EnvelopeMessage)] = jen.Lit(e.MessagePointer)
		}
		if e.DetailsPointer != "" {
			d[jen.Id(genid.EnvelopeDetails)] = jen.Lit(e.DetailsPointer)
		}
		if e.RequestIDPointer != "" {
			d[jen.Id(genid.EnvelopeRequestID)] = jen.Lit(e.RequestIDPointer)
		}
	}))
	f.Line()
	f.Comment("errorCodes ties each listed vendor code to its sentinel.")
	f.Var().Id(genid.ErrorCodesVar).Op("=").Index().Qual(genid.RuntimePath, genid.ErrorCode).ValuesFunc(func(g *jen.Group) {
		for _, c := range e.Codes {
			g.Values(jen.DictFunc(func(d jen.Dict) {
				d[jen.Id(genid.ErrorCodeCode)] = jen.Lit(c.Code)
				d[jen.Id(genid.ErrorCodeSentinel)] = jen.Id(c.GoName)
				if c.Pointer != "" {
					d[jen.Id(genid.ErrorCodePointer)] = jen.Lit(c.Pointer)
				}
				if c.Final {
					d[jen.Id(genid.ErrorCodeFinal)] = jen.True()
				}
			}))
		}
	})
	f.Line()
	genErrorFields(p, f)
}

func codeDoc(c spec.ErrorCode) []string {
	head := fmt.Sprintf("%s matches the vendor error code %q", c.GoName, c.Code)
	if c.Status != 0 {
		head += fmt.Sprintf(", sent with status %d", c.Status)
	}
	head += "."
	if c.Description == "" {
		return []string{head}
	}
	return []string{head, c.Description}
}

// genErrorFields emits ErrorFields, the envelope's other members typed, and
// the function that reads them from an error body:
//
//	type ErrorFields struct { DeclineCode string }
//	func parseErrorFields(doc json.RawMessage) ErrorFields { ... }
func genErrorFields(p *spec.Provider, f *jen.File) {
	fields := p.Errors.Fields
	if len(fields) == 0 {
		f.Comment("ErrorFields holds the members of the error envelope the spec declares beyond code, message")
		f.Comment("and details; this spec declares none.")
	} else {
		f.Comment("ErrorFields holds the members of the error envelope the spec declares beyond code, message")
		f.Comment("and details, typed. It is embedded in *APIError, so they read as apiErr.Field. A field is zero")
		f.Comment("when the body lacks it or it has another type.")
	}
	f.Type().Id(genid.ErrorFieldsType).StructFunc(func(g *jen.Group) {
		for _, e := range fields {
			lines := []string{e.GoName + " is " + e.Pointer + " in the error body."}
			if e.Description != "" {
				lines = append(lines, "", e.Description)
			}
			g.Add(doc(lines...))
			g.Id(e.GoName).Add(meteringGoType(e.Type))
		}
	})
	f.Line()
	f.Comment("parseErrorFields reads ErrorFields from an error body.")
	f.Func().Id(genid.ParseErrorFieldsFunction).Params(jen.Id("doc").Qual(pkgJSON, "RawMessage")).Id(genid.ErrorFieldsType).BlockFunc(func(g *jen.Group) {
		g.Var().Id("f").Id(genid.ErrorFieldsType)
		for _, e := range fields {
			read := genid.ErrorFieldString
			switch e.Type {
			case spec.MeterInteger:
				read = genid.ErrorFieldInt64
			case spec.MeterNumber:
				read = genid.ErrorFieldFloat64
			case spec.MeterBoolean:
				read = genid.ErrorFieldBool
			case spec.MeterArray:
				read = genid.ErrorFieldStrings
			}
			g.Id("f").Dot(e.GoName).Op("=").Qual(genid.RuntimePath, read).Call(jen.Id("doc"), jen.Lit(e.Pointer))
		}
		g.Return(jen.Id("f"))
	})
}
