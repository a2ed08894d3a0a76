package authgenfake

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// redacted stands for a credential in the requests the fake records.
const redacted = "[redacted]"

// redactHeader is h with the credentials of every scheme hidden.
func redactHeader(schemes []Scheme, h http.Header) http.Header {
	out := h.Clone()
	for _, sc := range schemes {
		for _, name := range sc.Headers {
			if out.Get(name) != "" {
				out.Set(name, redacted)
			}
		}
		for _, p := range sc.Placements {
			switch {
			case p.In == authgenrt.PlaceHeader && out.Get(p.Name) != "":
				out.Set(p.Name, redacted)
			case p.In == authgenrt.PlaceCookie && out.Get("Cookie") != "":
				out.Set("Cookie", redacted)
			}
		}
		switch sc.Kind {
		case authgenrt.SchemeBearer, authgenrt.SchemeBasic, authgenrt.SchemeOAuth2, authgenrt.SchemeOpenIDConnect:
			if out.Get("Authorization") != "" {
				out.Set("Authorization", redacted)
			}
		case authgenrt.SchemeHeaderKey:
			if out.Get(sc.Param) != "" {
				out.Set(sc.Param, redacted)
			}
		case authgenrt.SchemeCookieKey:
			if out.Get("Cookie") != "" {
				out.Set("Cookie", redacted)
			}
		}
	}
	return out
}

// redactQuery is u's path and query, with query credentials hidden.
func redactQuery(schemes []Scheme, u *url.URL) string {
	q := u.Query()
	for _, sc := range schemes {
		if sc.Kind == authgenrt.SchemeQueryKey && q.Has(sc.Param) {
			q.Set(sc.Param, redacted)
		}
		for _, p := range sc.Placements {
			if p.In == authgenrt.PlaceQuery && q.Has(p.Name) {
				q.Set(p.Name, redacted)
			}
		}
	}
	if len(q) == 0 {
		return u.EscapedPath()
	}
	return u.EscapedPath() + "?" + q.Encode()
}

// redactBody is a request body with the members that carry a credential
// (Scheme.Placements) hidden: a JSON object's, rewritten with its other
// members as they came, or a form's fields. Any other body is kept.
func redactBody(schemes []Scheme, contentType string, body []byte) []byte {
	var names []string
	for _, sc := range schemes {
		for _, p := range sc.Placements {
			if p.In == authgenrt.PlaceBody {
				names = append(names, p.Name)
			}
		}
	}
	if len(names) == 0 || len(body) == 0 {
		return body
	}
	if strings.Contains(contentType, "x-www-form-urlencoded") {
		form, err := url.ParseQuery(string(body))
		if err != nil {
			return body
		}
		changed := false
		for _, n := range names {
			if form.Has(n) {
				form.Set(n, redacted)
				changed = true
			}
		}
		if !changed {
			return body
		}
		return []byte(form.Encode())
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return body
	}
	var out bytes.Buffer
	out.WriteByte('{')
	changed := false
	for first := true; dec.More(); first = false {
		tok, err := dec.Token()
		if err != nil {
			return body
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if dec.Decode(&raw) != nil {
			return body
		}
		if slices.Contains(names, key) {
			raw, changed = json.RawMessage(`"`+redacted+`"`), true
		}
		if !first {
			out.WriteByte(',')
		}
		k, _ := json.Marshal(key)
		out.Write(k)
		out.WriteByte(':')
		out.Write(raw)
	}
	out.WriteByte('}')
	if !changed {
		return body
	}
	return out.Bytes()
}
