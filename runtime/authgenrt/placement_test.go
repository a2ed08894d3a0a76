package authgenrt

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"regexp"
	"strings"
	"testing"
)

// placementSpec has Plaid's shape: client_id and secret, each an apiKey
// scheme the spec declares in a header, sent as members of every body;
// and a key sent in three places at once, inside templates.
func placementSpec() *ProviderSpec {
	return &ProviderSpec{
		Name:         "placed",
		Environments: []EnvironmentSpec{{Name: "production", BaseURL: "https://api.example.com"}},
		Schemes: []SchemeSpec{
			{Name: "clientId", Kind: SchemeHeaderKey, ParamName: "X-Client-Id", Option: "WithClientID", Placements: []CredentialPlacement{{In: PlaceBody, Name: "client_id"}}},
			{Name: "secret", Kind: SchemeHeaderKey, ParamName: "X-Secret", Option: "WithSecret", Placements: []CredentialPlacement{{In: PlaceBody, Name: "secret"}}},
			{Name: "everywhere", Kind: SchemeQueryKey, ParamName: "key", Option: "WithEverywhere", Placements: []CredentialPlacement{
				{In: PlaceHeader, Name: "X-Auth", ValuePrefix: "Key "},
				{In: PlaceQuery, Name: "auth", ValueSuffix: ".v1"},
				{In: PlaceCookie, Name: "sid"},
			}},
		},
		Security: []SecurityRequirement{{"clientId", "secret"}},
	}
}

// TestBodyPlacementMergesIntoTheCallersBody: the credential members go
// first into the JSON object the caller gave, whose own members are kept
// as written (numbers exactly) and in order, but one so named, which the
// credential replaces; a form gets fields; a request without a body gets
// an object of the credentials alone.
func TestBodyPlacementMergesIntoTheCallersBody(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
	c, _ := newTestClient(t, placementSpec(), srv.URL, WithStaticSecret("clientId", "id-123"), WithStaticSecret("secret", `se"cret<1>`))
	send := func(r *Request) {
		t.Helper()
		r.Operation, r.Path, r.Security = "op", "/x", c.spec.Security
		if err := c.Send(context.Background(), r, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	send(&Request{Method: "POST", Body: map[string]any{"z": 1, "a": json.Number("12345678901234567890"), "secret": "caller's"}, ContentType: "application/json"})
	send(&Request{Method: "POST", Body: struct {
		B string `json:"b"`
		A int    `json:"a"`
	}{"x", 1}})
	send(&Request{Method: "POST"})
	send(&Request{Method: "POST", Body: map[string]string{"q": "1 2"}, ContentType: "application/x-www-form-urlencoded", Encode: func(any, string) ([]byte, string, error) {
		return []byte("q=1+2&secret=caller"), "application/x-www-form-urlencoded", nil
	}})
	want := []string{
		`{"client_id":"id-123","secret":"se\"cret\u003c1\u003e","a":12345678901234567890,"z":1}`,
		`{"client_id":"id-123","secret":"se\"cret\u003c1\u003e","b":"x","a":1}`,
		`{"client_id":"id-123","secret":"se\"cret\u003c1\u003e"}`,
		"client_id=id-123&q=1+2&secret=se%22cret%3C1%3E",
	}
	for i, w := range want {
		if got := srv.bodies[i]; got != w {
			t.Errorf("body %d = %s, want %s", i, got, w)
		}
		if got := srv.request(i).Header.Get("X-Secret") + srv.request(i).Header.Get("X-Client-Id"); got != "" {
			t.Errorf("body %d: the schemes' own headers were sent too: %q", i, got)
		}
	}
	if ct := srv.request(2).Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("a request without a body got Content-Type %q, want application/json", ct)
	}
}

// TestBodyPlacementRefusesABodyThatCannotCarryIt: an array, a JSON
// scalar, bytes of another media type, a stream, and a GET without a body
// are errors that name the members, never their values; nothing is sent.
func TestBodyPlacementRefusesABodyThatCannotCarryIt(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
	c, _ := newTestClient(t, placementSpec(), srv.URL, WithStaticSecret("clientId", "id-123"), WithStaticSecret("secret", "secret-456"))
	for name, r := range map[string]*Request{
		"array":  {Body: []int{1}},
		"string": {Body: "text"},
		"null":   {Body: (*struct{})(nil)},
		"raw":    {Body: []byte("%PDF"), ContentType: "application/pdf", Encode: EncodeRaw},
		"stream": {Body: strings.NewReader("bytes"), ContentType: "application/octet-stream"},
		"GET":    {Method: "GET"},
	} {
		r.Operation, r.Path, r.Security = "op", "/x", c.spec.Security
		if r.Method == "" {
			r.Method = "POST"
		}
		err := c.Send(context.Background(), r, nil, nil)
		if !errors.Is(err, errBodyCredential) || !strings.Contains(err.Error(), "client_id, secret") {
			t.Errorf("%s: err = %v, want the body refused, naming the members", name, err)
		}
		if err != nil && (strings.Contains(err.Error(), "id-123") || strings.Contains(err.Error(), "secret-456")) {
			t.Errorf("%s: the error shows a credential: %v", name, err)
		}
	}
	if srv.count() != 0 {
		t.Errorf("%d requests were sent", srv.count())
	}
}

// TestPlacementsInHeaderQueryAndCookie: one key sent in three places, each
// in its template, and nowhere its kind would put it; a fixed key's
// wrapped forms are redacted from what the server echoes.
func TestPlacementsInHeaderQueryAndCookie(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.WriteHeader(400)
		fmt.Fprintf(w, "%v %s", r.Header, r.URL.RawQuery)
	})
	c, _ := newTestClient(t, placementSpec(), srv.URL, WithStaticSecret("everywhere", "k3y/+value"))
	err := c.Send(context.Background(), &Request{Operation: "op", Method: "GET", Path: "/x", Security: []SecurityRequirement{{"everywhere"}}}, nil, nil)
	r := srv.request(0)
	if got := r.Header.Get("X-Auth"); got != "Key k3y/+value" {
		t.Errorf("X-Auth = %q", got)
	}
	if got := r.URL.Query().Get("auth"); got != "k3y/+value.v1" {
		t.Errorf("?auth = %q", got)
	}
	if r.URL.Query().Has("key") {
		t.Error("the scheme's own query parameter was sent too")
	}
	if ck, cerr := r.Cookie("sid"); cerr != nil || ck.Value != "k3y/+value" {
		t.Errorf("cookie sid = %v, %v", ck, cerr)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v", err)
	}
	if strings.Contains(string(apiErr.Body), "k3y") {
		t.Errorf("the echo keeps the key: %s", apiErr.Body)
	}
}

// TestBodyCredentialNeverFollowsARedirectAway: a 307 to another origin
// would send the body, credential and all, again; it is refused, and the
// other origin gets nothing. A 307 on the client's own origin is
// followed.
func TestBodyCredentialNeverFollowsARedirectAway(t *testing.T) {
	other := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if r.URL.Path == "/here" {
			http.Redirect(w, r, "/landed", http.StatusTemporaryRedirect)
			return
		}
		if r.URL.Path == "/landed" {
			w.WriteHeader(204)
			return
		}
		http.Redirect(w, r, other.URL+"/landing", http.StatusTemporaryRedirect)
	})
	c, _ := newTestClient(t, placementSpec(), srv.URL, WithStaticSecret("clientId", "id-123"), WithStaticSecret("secret", "secret-456"))
	err := c.Send(context.Background(), &Request{Operation: "op", Method: "POST", Path: "/away", Body: map[string]int{"a": 1}, Security: c.spec.Security}, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "holds a credential; refused") {
		t.Errorf("err = %v, want the redirect refused", err)
	}
	if other.count() != 0 {
		t.Errorf("the other origin got %d requests: %s", other.count(), other.bodies[0])
	}
	if err := c.Send(context.Background(), &Request{Operation: "op", Method: "POST", Path: "/here", Body: map[string]int{"a": 1}, Security: c.spec.Security}, nil, nil); err != nil {
		t.Errorf("a redirect on the same origin: %v", err)
	}
}

// TestRotatingBodyCredentialIsNewOnEveryAttempt: a ...Func key is fetched
// for each attempt and merged into that attempt's body; the caller's body
// is the same each time.
func TestRotatingBodyCredentialIsNewOnEveryAttempt(t *testing.T) {
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		if n == 1 {
			w.WriteHeader(503)
			return
		}
		w.WriteHeader(204)
	})
	n := 0
	c, _ := newTestClient(t, placementSpec(), srv.URL, WithStaticSecret("clientId", "id-123"), WithMaxRetries(1),
		WithSecretFunc("secret", func(context.Context) (string, error) { n++; return fmt.Sprintf("rotating-%d", n), nil }))
	if err := c.Send(context.Background(), &Request{Operation: "op", Method: "PUT", Path: "/x", Body: map[string]int{"a": 1}, Security: c.spec.Security}, nil, nil); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{`{"client_id":"id-123","secret":"rotating-1","a":1}`, `{"client_id":"id-123","secret":"rotating-2","a":1}`} {
		if srv.bodies[i] != want {
			t.Errorf("attempt %d sent %s, want %s", i+1, srv.bodies[i], want)
		}
	}
}

// TestRedactorHidesAJSONEscapedCredential: a key that JSON escapes (a
// quote, <) is hidden in the spelling a JSON body, echoed, holds it.
func TestRedactorHidesAJSONEscapedCredential(t *testing.T) {
	c, _ := newTestClient(t, placementSpec(), "https://api.example.com", WithStaticSecret("secret", `a"b<c>d&e`))
	echo := `{"secret":"a\"b\u003cc\u003ed\u0026e"}`
	if got := c.redactor.String(echo); strings.Contains(got, `a\"b`) {
		t.Errorf("redacted to %s", got)
	}
}

// derivedSpec has Mailchimp's shape: the data centre of the host is the
// part of the key after its last "-".
func derivedSpec() *ProviderSpec {
	return &ProviderSpec{
		Name:         "chimp",
		Environments: []EnvironmentSpec{{Name: "production", BaseURL: "https://{dc}.api.mailchimp.example/3.0"}},
		ServerVariables: []ServerVariableSpec{{Name: "dc", Option: "WithDc", EnvVar: "CHIMP_DC", Tenant: true, FromCredential: "apiKey",
			Derive: ValueTransform{Kind: TransformAfterLast, Sep: "-", Description: `the part after its last "-"`}}},
		Schemes:  []SchemeSpec{{Name: "apiKey", Kind: SchemeBasic, Option: "WithAPIKey", EnvVar: "CHIMP_KEY"}},
		Security: []SecurityRequirement{{"apiKey"}},
	}
}

// TestServerVariableFromTheKey: the data centre comes from the key, given
// by option or environment; WithDc and CHIMP_DC win over it; a key
// without one fails New naming the variable, the option and the rule,
// never the key.
func TestServerVariableFromTheKey(t *testing.T) {
	env := func(vars map[string]string) func(string) (string, bool) {
		return func(k string) (string, bool) { v, ok := vars[k]; return v, ok }
	}
	for _, tc := range []struct {
		name   string
		env    map[string]string
		opts   []Option
		want   string
		errHas []string
	}{
		{"option", nil, []Option{WithBasic("apiKey", "", "0123abcd-us6")}, "https://us6.api.mailchimp.example/3.0", nil},
		{"env", map[string]string{"CHIMP_KEY": "0123abcd-us21"}, nil, "https://us21.api.mailchimp.example/3.0", nil},
		{"WithDc wins", nil, []Option{WithStaticSecret("apiKey", "0123abcd-us6"), WithServerVariable("dc", "eu1")}, "https://eu1.api.mailchimp.example/3.0", nil},
		{"CHIMP_DC wins", map[string]string{"CHIMP_KEY": "0123abcd-us6", "CHIMP_DC": "us9"}, nil, "https://us9.api.mailchimp.example/3.0", nil},
		{"no dc in the key", nil, []Option{WithStaticSecret("apiKey", "0123abcdus6")}, "", []string{`server variable "dc"`, "WithAPIKey", `after its last "-"`, "WithDc"}},
		{"a dc that is no host label", nil, []Option{WithStaticSecret("apiKey", "0123-u/s6")}, "", []string{`server variable "dc"`}},
		{"no key at all", nil, nil, "", []string{`needs the variable "dc"`, "WithDc", `"apiKey"`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var lookup func(string) (string, bool)
			if tc.env != nil {
				lookup = env(tc.env)
			}
			c, err := NewClient(derivedSpec(), lookup, tc.opts)
			if tc.errHas != nil {
				if err == nil {
					t.Fatalf("New succeeded with base URL %s", c.baseURL)
				}
				for _, s := range tc.errHas {
					if !strings.Contains(err.Error(), s) {
						t.Errorf("err = %v, want it to say %s", err, s)
					}
				}
				for _, key := range []string{"0123", "u/s6", "us6"} {
					if strings.Contains(err.Error(), key) {
						t.Errorf("err = %v shows part of the key", err)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got := c.baseURL.String(); got != tc.want {
				t.Errorf("base URL = %s, want %s", got, tc.want)
			}
		})
	}
}

// TestValueTransforms: each transform takes its part, and a key without
// one gives nothing.
func TestValueTransforms(t *testing.T) {
	for _, tc := range []struct {
		tr      ValueTransform
		key     string
		want    string
		wantsOK bool
	}{
		{ValueTransform{Kind: TransformAfterLast, Sep: "-"}, "a-b-us6", "us6", true},
		{ValueTransform{Kind: TransformAfterFirst, Sep: "-"}, "a-b-us6", "b-us6", true},
		{ValueTransform{Kind: TransformBeforeFirst, Sep: "."}, "acme.key.xyz", "acme", true},
		{ValueTransform{Kind: TransformBeforeLast, Sep: "."}, "acme.key.xyz", "acme.key", true},
		{ValueTransform{Kind: TransformRegexp, Pattern: regexp.MustCompile(`^sk_([a-z]+)_`)}, "sk_eu_123", "eu", true},
		{ValueTransform{Kind: TransformRegexp, Pattern: regexp.MustCompile(`^sk_([a-z]+)_`)}, "pk_eu_123", "", false},
		{ValueTransform{Kind: TransformAfterLast, Sep: "-"}, "nodash", "", false},
		{ValueTransform{Kind: TransformAfterLast, Sep: "-"}, "ends-", "", false},
	} {
		got, ok := tc.tr.apply(tc.key)
		if got != tc.want || ok != tc.wantsOK {
			t.Errorf("%+v of %q = %q, %v; want %q, %v", tc.tr.Kind, tc.key, got, ok, tc.want, tc.wantsOK)
		}
	}
}

// TestTenantVariableGivenAsAURL: a tenant given as the URL or host it
// names is cut to the variable, by option or environment; a path, a
// query, another host or a URL for a variable outside the host is
// refused, naming the option and what was wanted.
func TestTenantVariableGivenAsAURL(t *testing.T) {
	spec := &ProviderSpec{
		Name: "desk",
		Environments: []EnvironmentSpec{
			{Name: "production", BaseURL: "https://{subdomain}.zendesk.example/api/v2"},
			{Name: "host", BaseURL: "https://{host}/api"},
			{Name: "versioned", BaseURL: "https://api.example.com/{version}"},
			{Name: "regional", BaseURL: "https://{subdomain}.{region}.tenant.example/api"},
		},
		ServerVariables: []ServerVariableSpec{
			{Name: "host", Option: "WithHost", Tenant: true},
			{Name: "region", Option: "WithRegion", DefaultValue: "eu"},
			{Name: "subdomain", Option: "WithSubdomain", EnvVar: "DESK_SUBDOMAIN", Tenant: true},
			{Name: "version", Option: "WithVersion", DefaultValue: "v1"},
		},
	}
	for _, tc := range []struct {
		env, value, want, err string
	}{
		{"production", "acme", "https://acme.zendesk.example/api/v2", ""},
		{"production", "https://acme.zendesk.example", "https://acme.zendesk.example/api/v2", ""},
		{"production", "https://ACME.Zendesk.example/", "https://ACME.zendesk.example/api/v2", ""},
		{"production", "acme.zendesk.example/", "https://acme.zendesk.example/api/v2", ""},
		{"production", "acme.zendesk.example", "https://acme.zendesk.example/api/v2", ""},
		{"production", "https://acme.zendesk.example/agent/tickets", "", `WithSubdomain: "https://acme.zendesk.example/agent/tickets" is not a usable value for the server variable "subdomain": it has the path "/agent/tickets"`},
		{"production", "https://acme.other.example", "", `its host acme.other.example is not <subdomain>.zendesk.example`},
		{"production", "https://acme.zendesk.example?x=1", "", "without user information, a query or a fragment"},
		{"production", "https://zendesk.example", "", "is not <subdomain>.zendesk.example"},
		{"host", "https://acme.example.net/", "https://acme.example.net/api", ""},
		{"versioned", "https://api.example.com/v2", "", `the variable is not part of the host`},
		{"versioned", "v2", "https://api.example.com/v2", ""},
		{"regional", "https://acme.eu.tenant.example/", "https://acme.eu.tenant.example/api", ""},
		{"regional", "acme.eu.tenant.example", "https://acme.eu.tenant.example/api", ""},
		{"regional", "https://acme.tenant.example", "", "is not <subdomain>.<region>.tenant.example"},
	} {
		c, err := NewClient(spec, nil, []Option{WithEnvironment(Environment(tc.env)), WithServerVariable(map[string]string{"production": "subdomain", "host": "host", "versioned": "version", "regional": "subdomain"}[tc.env], tc.value)})
		switch {
		case tc.err != "":
			if err == nil || !strings.Contains(err.Error(), tc.err) {
				t.Errorf("%s %q: err = %v, want %s", tc.env, tc.value, err, tc.err)
			}
		case err != nil:
			t.Errorf("%s %q: %v", tc.env, tc.value, err)
		case c.baseURL.String() != tc.want:
			t.Errorf("%s %q: base URL %s, want %s", tc.env, tc.value, c.baseURL, tc.want)
		}
	}
	c, err := NewClient(spec, func(k string) (string, bool) {
		return map[string]string{"DESK_SUBDOMAIN": "https://acme.zendesk.example/"}[k], k == "DESK_SUBDOMAIN"
	}, []Option(nil))
	if err != nil || c.baseURL.String() != "https://acme.zendesk.example/api/v2" {
		t.Errorf("from the environment: %v, %v", c, err)
	}
}
