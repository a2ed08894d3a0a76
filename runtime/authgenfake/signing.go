package authgenfake

import (
	"cmp"
	"errors"
	"net/http"
	"strings"
	"time"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// sigV4MaxSkew is how far from AWS's clock a SigV4 request may be signed
// (https://docs.aws.amazon.com/AmazonS3/latest/API/ErrorResponses.html:
// RequestTimeTooSkewed, "the difference between the request time and the
// server's time is too large"; AWS allows 15 minutes).
const sigV4MaxSkew = 15 * time.Minute

// The codes AWS answers a bad signature and a skewed clock with, both 403.
const (
	sigV4MismatchCode = "SignatureDoesNotMatch"
	sigV4SkewCode     = "RequestTimeTooSkewed"
	// sigV4ExpiredCode is S3's answer to a presigned URL past its expiry.
	sigV4ExpiredCode = "AccessDenied"
)

// signatureValid checks r's signature as the vendor does and, when it
// fails, answers in the vendor's envelope: for SigV4 AWS's 403 codes, for
// an HMAC the spec's unauthorized code with 401. A request signed too far
// from the fake's clock is refused too (SigV4: 15 minutes; HMAC: the
// spec's ClockSkew, when it gives one); the Date header of every answer
// is the fake's time, from which a client learns how far off its clock is.
// An aws-chunked body has its chunks checked and leaves body as the data
// alone, what the handler reads.
func (s *Server) signatureValid(w http.ResponseWriter, r *http.Request, body *[]byte) bool {
	sg := s.spec.Signing
	v4, mac := authgenrt.NewSigner(sg, s.spec.SigningKeyID, s.spec.SigningSecret, "")
	var signedAt time.Time
	var err error
	maxSkew := sg.ClockSkew
	status, mismatch, skewed := http.StatusUnauthorized, s.spec.UnauthorizedCode, s.spec.UnauthorizedCode
	switch {
	case sg.JWT != nil:
		s.mu.Lock()
		now := s.timeLocked()
		s.mu.Unlock()
		w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
		js, jerr := authgenrt.NewJWTSigner(s.spec.SigningKeyID, s.spec.SigningSecret)
		if jerr == nil {
			js.Issuer = sg.JWT.Issuer
			_, jerr = js.Verify(r, now)
		}
		if jerr != nil {
			s.writeError(w, http.StatusUnauthorized, s.spec.UnauthorizedCode, "the fake refuses the request's token: "+jerr.Error())
			return false
		}
		return true
	case v4 != nil && authgenrt.IsPresigned(r):
		// A presigned URL: valid from its date for its X-Amz-Expires,
		// which S3 refuses after with 403 AccessDenied.
		v4.Region = regionOf(r, sg.Region)
		s.mu.Lock()
		now := s.timeLocked()
		s.mu.Unlock()
		w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
		switch err := v4.VerifyPresigned(r, now); {
		case errors.Is(err, authgenrt.ErrPresignExpired):
			s.writeError(w, http.StatusForbidden, sigV4ExpiredCode, "Request has expired")
			return false
		case err != nil:
			s.writeError(w, http.StatusForbidden, cmp.Or(s.spec.SignatureCode, sigV4MismatchCode), "the fake refuses the presigned request's signature: "+err.Error())
			return false
		}
		return true
	case v4 != nil:
		v4.Region = regionOf(r, sg.Region)
		signedAt, err = v4.Verify(r, *body)
		if err == nil && r.Header.Get("X-Amz-Content-Sha256") == authgenrt.StreamingPayload {
			// aws-chunked: S3 checks every chunk's signature and stores
			// the data alone, which the handler gets.
			var data []byte
			if data, err = v4.DecodeChunked(r, *body); err == nil {
				*body = data
			}
		}
		maxSkew = sigV4MaxSkew
		status, mismatch, skewed = http.StatusForbidden, sigV4MismatchCode, sigV4SkewCode
	case mac != nil:
		signedAt, err = mac.Verify(r, *body)
	default:
		err = errors.New("the spec's signing names neither SigV4 nor HMAC")
	}
	mismatchStatus, skewStatus := status, status
	if c := s.spec.SignatureCode; c != "" {
		mismatch, mismatchStatus = c, cmp.Or(s.spec.SignatureStatus, status)
	}
	if c := s.spec.TimestampCode; c != "" {
		skewed, skewStatus = c, cmp.Or(s.spec.TimestampStatus, status)
	}
	s.mu.Lock()
	now := s.timeLocked()
	s.mu.Unlock()
	// Every answer dates itself on the fake's clock, which its clients
	// keep, not on the real one: a client learns its offset from a Date.
	w.Header().Set("Date", now.UTC().Format(http.TimeFormat))
	if maxSkew > 0 && !signedAt.IsZero() {
		if d := now.Sub(signedAt); d > maxSkew || d < -maxSkew {
			s.writeError(w, skewStatus, skewed, "the request was signed at "+signedAt.UTC().Format(time.RFC3339)+", too far from the fake's time "+now.UTC().Format(time.RFC3339))
			return false
		}
	}
	if err != nil {
		s.writeError(w, mismatchStatus, mismatch, "the fake computed another signature for the request: check the secret and what is signed")
		return false
	}
	return true
}

// regionOf is the region a SigV4 request names in its credential scope
// (a client may sign for another region than the spec's default, with
// WithSigningRegion), or def.
func regionOf(r *http.Request, def string) string {
	auth := r.Header.Get("Authorization")
	if auth == "" {
		// A presigned URL's X-Amz-Credential: AKID/20260101/us-east-1/s3/aws4_request.
		auth = r.URL.Query().Get("X-Amz-Credential")
	}
	// AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1/s3/aws4_request, ...
	parts := strings.SplitN(auth, "/", 5)
	if len(parts) == 5 && parts[2] != "" {
		return parts[2]
	}
	return def
}
