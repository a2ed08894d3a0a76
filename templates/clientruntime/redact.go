package clientruntime

import (
	"bytes"
	"encoding/base64"
	"net/url"
	"strings"
	"sync"
)

// redactor scrubs every credential this client knows from text that leaves
// it: error messages, response bodies a hostile server echoed a key into,
// URLs with query keys.
type redactor struct {
	mu      sync.Mutex
	secrets []string // newest last
}

// maxRemembered bounds how many rotated values are kept.
const maxRemembered = 32

// minSecretLen keeps a one-letter "credential" from redacting every letter
// of every message.
const minSecretLen = 4

func newRedactor(creds map[string]*credential) *redactor {
	r := &redactor{}
	for _, c := range creds {
		r.remember(c.static.reveal())
		r.remember(c.password.reveal())
		if c.password.isSet() || c.username.isSet() {
			// What goes on the wire is base64(user:pass); an echo of the
			// header leaks the password as surely as the password itself.
			r.remember(base64.StdEncoding.EncodeToString([]byte(c.username.reveal() + ":" + c.password.reveal())))
		}
		if c.tokens != nil {
			for _, s := range c.tokens.secrets() {
				r.remember(s)
			}
		}
	}
	return r
}

func (r *redactor) remember(s string) {
	if len(s) < minSecretLen {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, known := range r.secrets {
		if known == s {
			return
		}
	}
	r.secrets = append(r.secrets, s)
	if len(r.secrets) > maxRemembered {
		r.secrets = r.secrets[len(r.secrets)-maxRemembered:]
	}
}

func (r *redactor) snapshot() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.secrets...)
}

// String returns s with every known credential replaced.
func (r *redactor) String(s string) string {
	if r == nil {
		return s
	}
	for _, secret := range r.snapshot() {
		s = strings.ReplaceAll(s, secret, redacted)
		// Credentials also travel URL-encoded (query keys) or base64-encoded
		// (basic auth); scrub those spellings too.
		if esc := url.QueryEscape(secret); esc != secret {
			s = strings.ReplaceAll(s, esc, redacted)
		}
	}
	return s
}

// Bytes is String for bodies.
func (r *redactor) Bytes(b []byte) []byte {
	if r == nil || len(b) == 0 {
		return b
	}
	out := b
	for _, secret := range r.snapshot() {
		if bytes.Contains(out, []byte(secret)) {
			out = bytes.ReplaceAll(out, []byte(secret), []byte(redacted))
		}
	}
	return out
}

// URL returns u as text with credential query values hidden, whatever their
// name, and any user information removed.
func (r *redactor) URL(u *url.URL) string {
	if u == nil {
		return ""
	}
	clean := *u
	clean.User = nil
	clean.RawQuery = r.String(clean.RawQuery)
	return clean.String()
}

// wrap returns err with its text scrubbed, keeping errors.Is and errors.As
// working through it.
func (r *redactor) wrap(err error) error {
	if err == nil {
		return nil
	}
	text := err.Error()
	clean := r.String(text)
	if clean == text {
		return err
	}
	return &redactedError{text: clean, err: err}
}

type redactedError struct {
	text string
	err  error
}

func (e *redactedError) Error() string { return e.text }
func (e *redactedError) Unwrap() error { return e.err }

// GoString keeps %#v from printing the wrapped error's fields, which hold
// the unscrubbed text.
func (e *redactedError) GoString() string { return e.text }
