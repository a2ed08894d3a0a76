package authgenrt

import (
	"bytes"
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strings"
)

// CredentialPlace is where a CredentialPlacement puts a credential.
type CredentialPlace int

const (
	PlaceHeader CredentialPlace = iota + 1 // <name>: <value>
	PlaceQuery                             // ?<name>=<value>
	PlaceCookie                            // Cookie: <name>=<value>
	PlaceBody                              // the member <name> of the JSON object (or form) body
)

// CredentialPlacement is one place a scheme's credential goes, with the text
// around it (x-authgen.credentials.<scheme>.placements). A scheme with
// placements sends its credential there, and only there, instead of where
// its kind puts it: Plaid's client_id and secret are members of every
// JSON body.
type CredentialPlacement struct {
	In   CredentialPlace
	Name string
	// ValuePrefix and ValueSuffix surround the credential in the value
	// sent ("key={key}": prefix "key=").
	ValuePrefix, ValueSuffix string
}

func (p CredentialPlacement) value(key string) string { return p.ValuePrefix + key + p.ValueSuffix }

// bodyMember is a credential going into the request body.
type bodyMember struct {
	name  string
	value sealed
}

// applyPlacements puts value where the scheme's placements say; the
// members of the body are returned, for withBodyCredentials. A value
// that rotates (a function's, an OAuth token) is new to the redactor in
// its wrapped and cookie forms too.
func (c *Client) applyPlacements(req *http.Request, scheme *SchemeSpec, value string, rotating bool, body []bodyMember) []bodyMember {
	for _, p := range scheme.Placements {
		v := p.value(value)
		if rotating {
			c.redactor.remember(v)
		}
		switch p.In {
		case PlaceHeader:
			req.Header.Set(p.Name, v)
		case PlaceQuery:
			u := *req.URL // shared by every attempt: the key goes on this one's copy
			q := u.Query()
			q.Set(p.Name, v)
			u.RawQuery = q.Encode()
			req.URL = &u
		case PlaceCookie:
			req.AddCookie(&http.Cookie{Name: p.Name, Value: v})
			if rotating {
				c.redactor.remember(cookieWire(p.Name, v))
			}
		case PlaceBody:
			body = append(body, bodyMember{name: p.Name, value: seal(v)})
		}
	}
	return body
}

// placementForms are the wire forms of a fixed key sent by placements:
// inside each template, and as net/http writes a cookie.
func (s *SchemeSpec) placementForms(key string) []string {
	var forms []string
	for _, p := range s.Placements {
		forms = append(forms, p.value(key))
		if p.In == PlaceCookie {
			forms = append(forms, cookieWire(p.Name, p.value(key)))
		}
	}
	return forms
}

// bodyPlacements reports whether any scheme puts its credential in the
// request body.
func (p *ProviderSpec) bodyPlacements() bool {
	for _, s := range p.Schemes {
		for _, pl := range s.Placements {
			if pl.In == PlaceBody {
				return true
			}
		}
	}
	return false
}

// errBodyCredential is the cause of a request whose body cannot carry the
// credential a scheme puts there.
var errBodyCredential = errors.New("the request body cannot carry the credential")

// withBodyCredentials returns the body with the credential members set:
// the members of a JSON object (the caller's members so named dropped,
// every other kept as it was written, in order), or the fields of a form.
// A POST, PUT or PATCH without a body gets a JSON object of the
// credentials alone. Anything else (an array, a file, multipart, another
// method without a body) is an error naming the schemes' members, never
// their values.
func withBodyCredentials(method string, data []byte, contentType string, hasBody, stream bool, members []bodyMember) ([]byte, string, error) {
	names := make([]string, len(members))
	for i, m := range members {
		names[i] = m.name
	}
	if stream {
		return nil, "", fmt.Errorf("%w (%s): it is a stream of bytes, not a JSON object or a form", errBodyCredential, strings.Join(names, ", "))
	}
	if !hasBody {
		switch method {
		case http.MethodPost, http.MethodPut, http.MethodPatch:
		default:
			return nil, "", fmt.Errorf("%w (%s): a %s request has no body; give it a JSON object", errBodyCredential, strings.Join(names, ", "), method)
		}
		data, contentType = []byte("{}"), "application/json"
	}
	media, _, _ := mime.ParseMediaType(contentType)
	switch {
	case media == "application/x-www-form-urlencoded":
		form, err := url.ParseQuery(string(data))
		if err != nil {
			return nil, "", fmt.Errorf("%w (%s): the form does not parse: %v", errBodyCredential, strings.Join(names, ", "), err)
		}
		for _, m := range members {
			form.Set(m.name, m.value.reveal())
		}
		return []byte(form.Encode()), contentType, nil
	case media == "application/json" || strings.HasSuffix(media, "+json"):
		out, err := mergeJSONMembers(data, members)
		if err != nil {
			return nil, "", fmt.Errorf("%w (%s): %v", errBodyCredential, strings.Join(names, ", "), err)
		}
		return out, contentType, nil
	}
	return nil, "", fmt.Errorf("%w (%s): it is %s, not a JSON object or a form", errBodyCredential, strings.Join(names, ", "), cmp.Or(media, "a stream of bytes"))
}

// mergeJSONMembers writes members first into the JSON object data, then
// the object's own members but those so named, each as it was written.
func mergeJSONMembers(data []byte, members []bodyMember) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, errors.New("the body is not a JSON object")
	}
	var out bytes.Buffer
	out.Grow(len(data) + 64*len(members))
	out.WriteByte('{')
	named := map[string]bool{}
	for i, m := range members {
		if i > 0 {
			out.WriteByte(',')
		}
		named[m.name] = true
		k, _ := json.Marshal(m.name)
		v, _ := json.Marshal(m.value.reveal())
		out.Write(k)
		out.WriteByte(':')
		out.Write(v)
	}
	wrote := len(members) > 0
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, errors.New("the body is not a JSON object")
		}
		key, _ := tok.(string)
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			return nil, errors.New("the body is not a JSON object")
		}
		if named[key] {
			continue
		}
		if wrote {
			out.WriteByte(',')
		}
		k, _ := json.Marshal(key)
		out.Write(k)
		out.WriteByte(':')
		out.Write(raw)
		wrote = true
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}

// TransformKind is how a ValueTransform takes a server variable's value
// from a key.
type TransformKind int

const (
	TransformAfterLast   TransformKind = iota + 1 // the part after the last Sep
	TransformAfterFirst                           // the part after the first Sep
	TransformBeforeFirst                          // the part before the first Sep
	TransformBeforeLast                           // the part before the last Sep
	TransformRegexp                               // Pattern's first group
)

// ValueTransform takes a server variable's value from a credential
// (Mailchimp's data centre: the part of the key after its last "-").
type ValueTransform struct {
	Kind    TransformKind
	Sep     string
	Pattern *regexp.Regexp
	// Description says what the transform takes, for errors ("the part
	// after the last \"-\"").
	Description string
}

// apply is the part of key the transform takes; false when the key has
// none (no separator, no match, an empty part).
func (t ValueTransform) apply(key string) (string, bool) {
	var v string
	var ok bool
	switch t.Kind {
	case TransformAfterLast:
		if i := strings.LastIndex(key, t.Sep); i >= 0 && t.Sep != "" {
			v, ok = key[i+len(t.Sep):], true
		}
	case TransformAfterFirst:
		if t.Sep != "" {
			_, v, ok = strings.Cut(key, t.Sep)
		}
	case TransformBeforeFirst:
		if t.Sep != "" {
			v, _, ok = strings.Cut(key, t.Sep)
		}
	case TransformBeforeLast:
		if i := strings.LastIndex(key, t.Sep); i >= 0 && t.Sep != "" {
			v, ok = key[:i], true
		}
	case TransformRegexp:
		if t.Pattern != nil {
			if m := t.Pattern.FindStringSubmatch(key); len(m) > 1 {
				v, ok = m[1], true
			}
		}
	}
	return v, ok && v != ""
}

// derivedServerValue is the value of a server variable taken from a
// credential (ServerVariableSpec.FromCredential): set is false when the
// scheme has no fixed key (a function's key is not known before a call).
// The error names the variable, the option or variable the key came from
// and what was wanted, never the key or the part taken from it.
func derivedServerValue(v ServerVariableSpec, scheme *SchemeSpec, cred *credential) (value string, set bool, err error) {
	if cred == nil {
		return "", false, nil
	}
	key := cred.static
	if !key.isSet() {
		key = cred.password // a basic scheme's key is its password
	}
	if !key.isSet() {
		return "", false, nil
	}
	source := v.FromCredential
	if scheme != nil {
		source = scheme.Option
	}
	if cred.fromEnv != "" {
		source = cred.fromEnv
	}
	value, ok := v.Derive.apply(key.reveal())
	if !ok || !validServerValue(value) {
		return "", false, fmt.Errorf("%w: the server variable %q is taken from the key given to %s (security scheme %q), %s, and that key has none usable (letters, digits and . _ ~ - only); check the key, or set the variable with %s",
			ErrInvalidCredential, v.Name, source, v.FromCredential, v.Derive.Description, v.Option)
	}
	return value, true, nil
}

// normaliseServerValue accepts a server variable's value written as the
// whole URL or host it stands for: "https://acme.zendesk.com/" or
// "acme.zendesk.com" for {subdomain} of https://{subdomain}.zendesk.com
// is "acme". A value with neither a scheme nor a slash that is not such a
// host is kept as it is (a host name of its own, for a variable that is
// the whole host). What cannot be cut to the variable (a path, a query,
// another host, a variable outside the host) is an error that says what
// was wanted.
func normaliseServerValue(template string, v ServerVariableSpec, value string) (string, error) {
	hostTemplate, inHost := hostOf(template, v.Name)
	hasScheme := strings.Contains(value, "://")
	if !hasScheme && !strings.Contains(value, "/") {
		if inHost {
			if cut, ok := cutToVariable(hostTemplate, v.Name, value); ok {
				return cut, nil
			}
		}
		return value, nil
	}
	raw := value
	if !hasScheme {
		raw = "https://" + value
	}
	u, err := url.Parse(raw)
	bad := func(why string) error {
		return fmt.Errorf("%s: %q is not a usable value for the server variable %q: %s", v.Option, value, v.Name, why)
	}
	switch {
	case err != nil || u.Host == "":
		return "", bad("it is neither a name nor a URL")
	case !inHost:
		return "", bad(fmt.Sprintf("the variable is not part of the host in %s; give its value alone", template))
	case u.User != nil || u.RawQuery != "" || u.Fragment != "":
		return "", bad("give the name alone, without user information, a query or a fragment")
	case strings.Trim(u.Path, "/") != "":
		return "", bad(fmt.Sprintf("it has the path %q; give the name alone", u.Path))
	}
	cut, ok := cutToVariable(hostTemplate, v.Name, u.Host)
	if !ok {
		want := hostVariables.ReplaceAllStringFunc(hostTemplate, func(p string) string { return "<" + p[1:len(p)-1] + ">" })
		return "", bad(fmt.Sprintf("its host %s is not %s; give the name alone", u.Host, want))
	}
	return cut, nil
}

var hostVariables = regexp.MustCompile(`\{[^{}]*\}`)

// hostOf is the host of a server URL template ("{subdomain}.zendesk.com")
// when the variable is in it.
func hostOf(template, name string) (string, bool) {
	rest := template
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
	}
	host := rest
	if i := strings.IndexAny(rest, "/?#"); i >= 0 {
		host = rest[:i]
	}
	return host, strings.Count(host, "{"+name+"}") == 1
}

// cutToVariable is the part of host that stands where the variable does
// in hostTemplate, its literal text matched in any case and any other
// variable as one label; false when host is not of that shape.
func cutToVariable(hostTemplate, name, host string) (string, bool) {
	var pattern strings.Builder
	pattern.WriteString("(?i)^")
	last := 0
	for _, loc := range hostVariables.FindAllStringIndex(hostTemplate, -1) {
		pattern.WriteString(regexp.QuoteMeta(hostTemplate[last:loc[0]]))
		if hostTemplate[loc[0]:loc[1]] == "{"+name+"}" {
			pattern.WriteString("(.+?)")
		} else {
			pattern.WriteString("[^.]+")
		}
		last = loc[1]
	}
	pattern.WriteString(regexp.QuoteMeta(hostTemplate[last:]) + "$")
	re, err := regexp.Compile(pattern.String())
	if err != nil {
		return "", false
	}
	m := re.FindStringSubmatch(host)
	if m == nil {
		return "", false
	}
	return m[1], true
}
