//authgen:feature form
package client

import (
	"sync"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// formPairsAppender is a model of a form body that adds its own fields to
// the form (issue 30): every struct model a form body reaches has the
// generated method, so the body is encoded straight from the struct, with
// no json.Marshal and no walk of its JSON.
type formPairsAppender interface {
	appendFormPairs(enc *authgenrt.FormEncoder, prefix []byte)
}

// encodeForm is the encoder of the form bodies whose model appends its
// own pairs. Any other body (a page walk that sets a cursor rebuilds the
// body as JSON members) goes through the runtime's JSON walk, which gives
// the same bytes for the same value.
func encodeForm(body any, contentType string) ([]byte, string, error) {
	model, ok := body.(formPairsAppender)
	if !ok {
		return authgenrt.EncodeFormBody(body, contentType)
	}
	enc := formEncoders.Get().(*authgenrt.FormEncoder)
	defer func() {
		enc.Reset()
		formEncoders.Put(enc)
	}()
	model.appendFormPairs(enc, nil)
	form, err := enc.Encode()
	if err != nil {
		return nil, "", err
	}
	return form, contentType, nil
}

// formEncoders are encoders to reuse: each holds room for a usual body,
// which a call would otherwise allocate (the form it returns is its own).
var formEncoders = sync.Pool{New: func() any { return new(authgenrt.FormEncoder) }}
