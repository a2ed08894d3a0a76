package e2e

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/authgen/authgen/internal/e2e/clients/placement"
	"github.com/authgen/authgen/internal/e2e/clients/placement/placementfake"
	"github.com/authgen/authgen/internal/e2e/clients/tenant"
)

// Credential placements (issue 24): testdata/cases/placement.yaml.

// Credentials shaped as the vendors' docs show them: Plaid's client ID and
// sandbox secret, Mailchimp's key with its data centre after the "-".
const (
	plaidClientID = "5f9a7b3c2d1e0f4a6b8c9d0e"
	plaidSecret   = "0f1e2d3c4b5a69788796a5b4c3d2e1"
	chimpKey      = "0123456789abcdef0123456789abcdef-us6"
	sessionKey    = "sess_9d8c7b6a5f4e3d2c"
)

func newPlacement(t *testing.T, url string, opts ...placement.Option) *placement.Client {
	t.Helper()
	c, err := placement.New(append([]placement.Option{placement.WithBaseURL(url), placement.WithMaxRetries(0)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestBodyCredentialsGoInEveryBody: client_id and secret, apiKey schemes
// the spec declares in headers, are members of every request body
// instead: merged into the method's JSON object (whose struct has no
// field for them), a form's fields, or an object of their own for a POST
// without a body; never in the headers. NewFromEnv reads them too.
func TestBodyCredentialsGoInEveryBody(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/link/token/create":
			writeJSON(w, 200, map[string]string{"link_token": "link-sandbox-1"})
		case "/categories/get":
			writeJSON(w, 200, map[string][]string{"categories": {"food"}})
		default:
			w.WriteHeader(204)
		}
	})
	ctx := context.Background()
	c := newPlacement(t, srv.URL, placement.WithClientID(plaidClientID), placement.WithSecret(plaidSecret))
	count := int64(2)
	out, err := c.CreateLinkToken(ctx, &placement.CreateLinkTokenParams{Body: placement.CreateLinkTokenRequest{ClientName: "My App", Count: &count}})
	if err != nil || *out.LinkToken != "link-sandbox-1" {
		t.Fatalf("CreateLinkToken: %v, %v", out, err)
	}
	r, body := srv.last(t)
	want := fmt.Sprintf(`{"client_id":%q,"secret":%q,"client_name":"My App","count":2}`, plaidClientID, plaidSecret)
	if string(body) != want {
		t.Errorf("body %s, want %s", body, want)
	}
	if r.Header.Get("PLAID-CLIENT-ID")+r.Header.Get("PLAID-SECRET") != "" {
		t.Errorf("the credentials went in the headers too: %v", r.Header)
	}

	if _, err := c.GetCategories(ctx); err != nil {
		t.Fatal(err)
	}
	r, body = srv.last(t)
	if want := fmt.Sprintf(`{"client_id":%q,"secret":%q}`, plaidClientID, plaidSecret); string(body) != want || r.Header.Get("Content-Type") != "application/json" {
		t.Errorf("a POST without a body sent %s (%s), want %s", body, r.Header.Get("Content-Type"), want)
	}

	name := "Ada"
	if err := c.SubmitForm(ctx, &placement.SubmitFormParams{Body: &placement.SubmitFormRequest{Name: &name}}); err != nil {
		t.Fatal(err)
	}
	_, body = srv.last(t)
	form, _ := url.ParseQuery(string(body))
	if form.Get("client_id") != plaidClientID || form.Get("secret") != plaidSecret || form.Get("name") != "Ada" {
		t.Errorf("form body %s", body)
	}

	t.Setenv("PLACEMENT_CLIENT_ID", plaidClientID)
	t.Setenv("PLACEMENT_SECRET", plaidSecret)
	fromEnv, err := placement.NewFromEnv(placement.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := fromEnv.GetCategories(ctx); err != nil {
		t.Fatal(err)
	}
	if _, body = srv.last(t); !strings.Contains(string(body), plaidSecret) {
		t.Errorf("NewFromEnv's client sent %s", body)
	}

	// Without one of the two, the call is refused before any request.
	before := srv.count()
	_, err = newPlacement(t, srv.URL, placement.WithClientID(plaidClientID)).GetCategories(ctx)
	if !errors.Is(err, placement.ErrMissingCredential) || srv.count() != before {
		t.Errorf("without the secret: %v, %d requests", err, srv.count()-before)
	}
}

// TestBodyCredentialsNeverShow: a server that echoes the body it got, in
// its error and its headers: neither secret shows in the error, its Body,
// its Header or any formatting of them, of the client or of its options.
func TestBodyCredentialsNeverShow(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		var got map[string]any
		body, _ := json.Marshal(map[string]any{"error_message": "bad request"})
		if err := json.NewDecoder(r.Body).Decode(&got); err == nil {
			body, _ = json.Marshal(map[string]any{"error_message": fmt.Sprint(got), "request": got})
		}
		w.Header().Set("X-Echo", fmt.Sprint(got))
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(400)
		_, _ = w.Write(body)
	})
	rotated := "rotating-" + plaidSecret
	opts := []placement.Option{placement.WithClientID(plaidClientID), placement.WithSecretFunc(func(context.Context) (string, error) { return rotated, nil })}
	c := newPlacement(t, srv.URL, opts...)
	_, err := c.CreateLinkToken(context.Background(), &placement.CreateLinkTokenParams{Body: placement.CreateLinkTokenRequest{ClientName: "My App"}})
	var apiErr *placement.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v", err)
	}
	texts := []string{err.Error(), string(apiErr.Body), apiErr.Message, fmt.Sprint(apiErr.Header)}
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q"} {
		texts = append(texts, fmt.Sprintf(verb, err), fmt.Sprintf(verb, apiErr), fmt.Sprintf(verb, *apiErr), fmt.Sprintf(verb, c), fmt.Sprintf(verb, opts))
	}
	if _, body := srv.last(t); !strings.Contains(string(body), rotated) {
		t.Fatalf("the request did not carry the secret: %s", body)
	}
	for _, text := range texts {
		for _, secret := range []string{plaidClientID, plaidSecret} {
			if strings.Contains(text, secret) {
				t.Errorf("%q shows in %s", secret, text)
			}
		}
	}
	if !strings.Contains(string(apiErr.Body), "My App") {
		t.Errorf("the redaction took more than the credentials: %s", apiErr.Body)
	}
}

// TestOneKeyInATemplatedHeaderAndACookie: placements send the key in each
// place, in its template, and not in the query parameter the OpenAPI
// scheme names.
func TestOneKeyInATemplatedHeaderAndACookie(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	if err := newPlacement(t, srv.URL, placement.WithSession(sessionKey)).GetSession(context.Background()); err != nil {
		t.Fatal(err)
	}
	r, _ := srv.last(t)
	if got := r.Header.Get("X-Session"); got != "Session "+sessionKey {
		t.Errorf("X-Session = %q", got)
	}
	if ck, err := r.Cookie("sid"); err != nil || ck.Value != sessionKey {
		t.Errorf("cookie sid: %v, %v", ck, err)
	}
	if r.URL.Query().Has("session") {
		t.Errorf("the key went in the query too: %s", r.URL)
	}
}

// TestDataCentreFromTheKey: the host's {dc} is the part of the key after
// its last "-", from the option or the environment; WithDc and
// PLACEMENT_DC win over it; a key without one fails New, naming the
// variable and never the key.
func TestDataCentreFromTheKey(t *testing.T) {
	for _, tc := range []struct {
		name string
		env  map[string]string
		opts []placement.Option
		want string
	}{
		{"option", nil, []placement.Option{placement.WithChimpKey(chimpKey)}, "https://us6.api.placement.example/3.0/ping"},
		{"environment", map[string]string{"PLACEMENT_KEY": "abcdef-us21"}, nil, "https://us21.api.placement.example/3.0/ping"},
		{"WithDc wins", nil, []placement.Option{placement.WithChimpKey(chimpKey), placement.WithDc("eu1")}, "https://eu1.api.placement.example/3.0/ping"},
		{"PLACEMENT_DC wins", map[string]string{"PLACEMENT_KEY": chimpKey, "PLACEMENT_DC": "us9"}, nil, "https://us9.api.placement.example/3.0/ping"},
		{"WithDc as a URL", nil, []placement.Option{placement.WithChimpKey(chimpKey), placement.WithDc("https://us3.api.placement.example/")}, "https://us3.api.placement.example/3.0/ping"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, k := range []string{"PLACEMENT_KEY", "PLACEMENT_DC"} {
				t.Setenv(k, tc.env[k])
			}
			rt := &fixedTransport{}
			c, err := placement.NewFromEnv(append(tc.opts, placement.WithHTTPClient(&http.Client{Transport: rt}))...)
			if err != nil {
				t.Fatal(err)
			}
			if err := c.Ping(context.Background()); err != nil {
				t.Fatal(err)
			}
			if rt.urls[0] != tc.want {
				t.Errorf("sent to %s, want %s", rt.urls[0], tc.want)
			}
		})
	}
	_, err := placement.New(placement.WithChimpKey("0123456789abcdefus6"))
	if err == nil || !strings.Contains(err.Error(), `server variable "dc"`) || !strings.Contains(err.Error(), "WithDc") || !errors.Is(err, placement.ErrInvalidCredential) {
		t.Errorf("a key without a data centre: %v", err)
	}
	if err != nil && strings.Contains(err.Error(), "0123456789abcdef") {
		t.Errorf("the error shows the key: %v", err)
	}
}

// TestTenantGivenAsItsURL: a subdomain given as the URL a customer copies
// from the browser, or as the host, by option or environment, is cut to
// the subdomain; a URL with a path, or another vendor's host, is refused
// by New, naming the option and what it wants.
func TestTenantGivenAsItsURL(t *testing.T) {
	for _, value := range []string{"https://acme.eu.tenant.example", "https://acme.eu.tenant.example/", "acme.eu.tenant.example", "acme.eu.tenant.example/"} {
		rt := &fixedTransport{body: `{"id":7}`}
		c, err := tenant.New(tenant.WithAPIToken("tok-123456"), tenant.WithSubdomain(value), tenant.WithHTTPClient(&http.Client{Transport: rt}))
		if err != nil {
			t.Errorf("%q: %v", value, err)
			continue
		}
		if _, err := c.GetTicket(context.Background(), 7); err != nil {
			t.Fatal(err)
		}
		if want := "https://acme.eu.tenant.example/api/v2/tickets/7"; rt.urls[0] != want {
			t.Errorf("%q: sent to %s, want %s", value, rt.urls[0], want)
		}
	}
	t.Setenv("TENANT_TOKEN", "tok-123456")
	t.Setenv("TENANT_SUBDOMAIN", "https://fromenv.eu.tenant.example/")
	rt := &fixedTransport{body: `{"id":7}`}
	c, err := tenant.NewFromEnv(tenant.WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetTicket(context.Background(), 7); err != nil || rt.urls[0] != "https://fromenv.eu.tenant.example/api/v2/tickets/7" {
		t.Errorf("from the environment: %v, %v", rt.urls, err)
	}
	for value, want := range map[string]string{
		"https://acme.eu.tenant.example/agent/tickets/7": `has the path "/agent/tickets/7"`,
		"https://acme.zendesk.com":                       "is not <subdomain>.<region>.tenant.example",
	} {
		_, err := tenant.New(tenant.WithAPIToken("tok-123456"), tenant.WithSubdomain(value))
		if err == nil || !strings.Contains(err.Error(), "WithSubdomain") || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: err = %v, want it to say %s", value, err, want)
		}
	}
}

// TestPlacementFakeAcceptsAndHidesBodyCredentials: the fake knows the
// credentials its client sends in the body, and its records hide them.
func TestPlacementFakeAcceptsAndHidesBodyCredentials(t *testing.T) {
	fake := placementfake.NewServer(t)
	fake.OnCreateLinkToken(func(ctx context.Context, params *placement.CreateLinkTokenParams) (*placement.CreateLinkTokenResponse, error) {
		token := "link-for-" + params.Body.ClientName
		return &placement.CreateLinkTokenResponse{LinkToken: &token}, nil
	})
	params := &placement.CreateLinkTokenParams{Body: placement.CreateLinkTokenRequest{ClientName: "app"}}
	out, err := fake.Client().CreateLinkToken(context.Background(), params)
	if err != nil || *out.LinkToken != "link-for-app" {
		t.Fatalf("%v, %v", out, err)
	}
	reqs := fake.Requests()
	if got := string(reqs[0].Body); got != `{"client_id":"[redacted]","secret":"[redacted]","client_name":"app"}` {
		t.Errorf("recorded body %s", got)
	}
	other, err := placement.New(append(fake.Options(), placement.WithClientID("fake-clientid-0123456789abcdef"), placement.WithSecret("not-the-fakes"), placement.WithMaxRetries(0))...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err = other.CreateLinkToken(context.Background(), params); !errors.Is(err, placement.ErrUnauthorized) {
		t.Errorf("another secret: %v", err)
	}
}
