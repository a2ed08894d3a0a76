package spec

import "github.com/authgen/authgen/internal/genid"

// buildPresign names Presign<Operation> for each operation of a spec
// signed with AWS Signature Version 4 whose request a URL can carry: no
// body, or the caller's bytes (which go unsigned, UNSIGNED-PAYLOAD, as S3's
// presigned uploads do), and no cookie. A JSON or form body would be part
// of the request the URL cannot hold. A name another method has already
// taken is a problem at the operation, as for <Operation>Pages.
func (b *builder) buildPresign() {
	if b.p.Signing == nil || b.p.Signing.Kind != SigningSigV4 {
		return
	}
	methods := map[string]bool{}
	for _, o := range b.p.Operations {
		methods[o.GoName] = true
		if pg := o.Pagination; pg != nil {
			methods[pg.PagesMethod], methods[pg.AllMethod] = true, true
		}
		if o.Stream != nil {
			methods[o.Stream.GoName] = true
		}
	}
	for i := range b.p.Operations {
		o := &b.p.Operations[i]
		if (o.Body != nil && o.Body.Encoding != EncodingRaw) || len(o.CookieParams) > 0 {
			continue
		}
		name := genid.PresignMethodPrefix + o.GoName
		if methods[name] || clientMethods()[name] {
			b.problem(b.opPos[o.ID], "operation %q: its presign method %s is already taken; set a different operationId", o.ID, name)
			continue
		}
		methods[name] = true
		o.PresignMethod = name
	}
}
