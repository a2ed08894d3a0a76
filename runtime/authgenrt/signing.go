package authgenrt

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"net/http"
	"time"
)

// requestSigner signs one attempt's request. It runs after every header
// is final and right before the request is sent, so a retry is signed
// again with its own time.
type requestSigner interface {
	sign(req *http.Request, body *bodySource, now time.Time) error
}

// WithSigV4 signs every request with AWS Signature Version 4. S3 selects
// S3's variant (see SigV4Signer.S3). The secret and the session token are
// kept sealed, as every other credential.
func WithSigV4(accessKeyID, secretAccessKey, sessionToken, region, service string, s3 bool) Option {
	return func(s *Settings) error {
		signer := &SigV4Signer{
			Credentials: NewSigV4Credentials(accessKeyID, secretAccessKey, sessionToken),
			Region:      region,
			Service:     service,
			S3:          s3,
		}
		if err := signer.validate(); err != nil {
			return errors.New("WithSigV4: " + err.Error())
		}
		s.signer = sigv4Attempt{signer}
		return nil
	}
}

// sigv4Attempt signs with the hash of the body's bytes, or with
// UNSIGNED-PAYLOAD for a body the caller streams, which is never read
// twice to be hashed.
type sigv4Attempt struct{ s *SigV4Signer }

func (a sigv4Attempt) sign(req *http.Request, body *bodySource, now time.Time) error {
	return a.s.Sign(req, payloadHash(body), now)
}

func payloadHash(body *bodySource) string {
	switch {
	case body == nil:
		return EmptyPayloadHash
	case body.reader != nil:
		return UnsignedPayload
	}
	sum := sha256.Sum256(body.data)
	return hex.EncodeToString(sum[:])
}
