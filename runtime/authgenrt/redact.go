package authgenrt

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"sync"
)

// redactor scrubs every credential this client knows from text that leaves
// it: error messages, response bodies a hostile server echoed a key into,
// URLs with query keys.
type redactor struct {
	mu sync.Mutex
	// fixed are the credentials the client was configured with (keys,
	// passwords, client secrets, their wire forms). They are never
	// forgotten, however many rotating values come after them.
	fixed []sealed
	// rotating are values fetched per request (...Func keys, OAuth
	// tokens), newest last, at most maxRemembered of them.
	rotating []sealed
	// spellings are every value above as it is and as a URL escapes it,
	// longest first, made again when a value is added (String runs on
	// every error and every Response, a value is added rarely); sealed
	// like the values.
	spellings func() []string
}

// maxRemembered bounds how many rotated values are kept.
const maxRemembered = 32

// minSecretLen keeps a one-letter "credential" from redacting every letter
// of every message.
const minSecretLen = 4

// newRedactor knows every credential the client was configured with in
// every form it goes on the wire (wireForms): an echo of the header a
// request sent leaks the credential as surely as the credential itself.
// The headers tied to a credential (OpenAI-Organization) are kept too.
func newRedactor(spec *ProviderSpec, creds map[string]*credential, tied map[string]sealed) *redactor {
	r := &redactor{}
	for name, c := range creds {
		scheme, _ := spec.scheme(name)
		for _, s := range c.wireForms(scheme) {
			r.keep(s)
		}
	}
	for _, v := range tied {
		r.keep(v.reveal())
	}
	r.respell()
	return r
}

// keep adds a configured credential, never to be forgotten.
func (r *redactor) keep(s string) {
	if len(s) < minSecretLen || holds(r.fixed, s) {
		return
	}
	r.fixed = append(r.fixed, seal(s))
}

func holds(list []sealed, s string) bool {
	return slices.ContainsFunc(list, func(x sealed) bool { return x.equal(s) })
}

func (r *redactor) remember(s string) {
	if len(s) < minSecretLen {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if holds(r.fixed, s) || holds(r.rotating, s) {
		return
	}
	r.rotating = append(r.rotating, seal(s))
	if len(r.rotating) > maxRemembered {
		r.rotating = r.rotating[len(r.rotating)-maxRemembered:]
	}
	r.respell()
}

// respell makes the spellings again: each value raw, query-escaped,
// path-escaped and as a JSON string holds it (a credential in a JSON body,
// echoed), longest first, so that a value that happens to be part of
// a longer one (a key inside a base64 pair) cannot break the longer one's
// match. The caller holds mu, or is newRedactor.
func (r *redactor) respell() {
	var forms []string
	for _, v := range slices.Concat(r.fixed, r.rotating) {
		secret := v.reveal()
		forms = append(forms, secret, url.QueryEscape(secret), url.PathEscape(secret), jsonSpelling(secret))
	}
	slices.SortFunc(forms, func(a, b string) int {
		if len(a) != len(b) {
			return len(b) - len(a)
		}
		return strings.Compare(a, b)
	})
	forms = slices.Compact(forms)
	r.spellings = func() []string { return forms }
}

// String returns s with every known credential replaced, in every
// spelling.
func (r *redactor) String(s string) string {
	if r == nil {
		return s
	}
	r.mu.Lock()
	spellings := r.spellings
	r.mu.Unlock()
	if spellings == nil {
		return s
	}
	for _, form := range spellings() {
		s = strings.ReplaceAll(s, form, redacted)
	}
	return s
}

// Bytes is String for bodies: raw, URL-encoded and base64 spellings alike.
func (r *redactor) Bytes(b []byte) []byte {
	if r == nil || len(b) == 0 {
		return b
	}
	if clean := r.String(string(b)); clean != string(b) {
		return []byte(clean)
	}
	return b
}

// Header returns a copy of h with every known credential scrubbed from its
// values (a server that echoes the request's headers back).
func (r *redactor) Header(h http.Header) http.Header {
	if r == nil || h == nil {
		return h
	}
	out := make(http.Header, len(h))
	for k, vs := range h {
		clean := make([]string, len(vs))
		for i, v := range vs {
			clean[i] = r.String(v)
		}
		out[k] = clean
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

// jsonSpelling is s as encoding/json writes it inside a string, quotes
// left off: "a\"b<" is a\"b\u003c.
func jsonSpelling(s string) string {
	b, err := json.Marshal(s)
	if err != nil || len(b) < 2 {
		return s
	}
	return string(b[1 : len(b)-1])
}
