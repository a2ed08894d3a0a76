package authgenrt

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestNoSecretInAnyFormattedValue gives the client one credential of each
// kind in turn, makes every kind of failure happen against a hostile server
// that echoes what it received, and formats everything a user could print
// (the client, its options, every error, the failed request's URL, the log)
// with every verb, alone and inside a caller's struct (formatEvery).
func TestNoSecretInAnyFormattedValue(t *testing.T) {
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"access_token":"OAUTH-TOKEN-6666","token_type":"bearer","expires_in":3600}`))
	}))
	defer tokens.Close()
	spec := multiSpec()
	spec.Schemes = append(spec.Schemes, SchemeSpec{Name: "oauth", Kind: SchemeOAuth2, Option: "WithOAuth"})

	for _, kind := range []struct {
		name     string
		scheme   string
		option   Option
		secrets  []string
		inURLToo bool
	}{
		{"bearer", "bearer", WithStaticSecret("bearer", "BEARER-SECRET-1111"), []string{"BEARER-SECRET-1111"}, false},
		{"header key", "header", WithStaticSecret("header", "HEADER-SECRET-2222"), []string{"HEADER-SECRET-2222"}, false},
		{"query key", "query", WithStaticSecret("query", "QUERY-SECRET-3333"), []string{"QUERY-SECRET-3333"}, true},
		{"basic", "basic", WithBasic("basic", "ann", "BASIC-SECRET-4444"), []string{"BASIC-SECRET-4444", base64.StdEncoding.EncodeToString([]byte("ann:BASIC-SECRET-4444"))}, false},
		{"oauth2 token", "oauth", WithOAuthFlow("oauth", OAuthFlow{Spec: &OAuthFlowSpec{GrantType: "client_credentials", TokenURL: tokens.URL}, ClientID: "cid", ClientSecret: Secret("OAUTH-CLIENT-SECRET-5555")}),
			[]string{"OAUTH-CLIENT-SECRET-5555", "OAUTH-TOKEN-6666"}, false},
	} {
		t.Run(kind.name, func(t *testing.T) {
			security := []SecurityRequirement{{kind.scheme}}
			// The hostile server echoes the request line and headers back,
			// in an error body and in a 2xx body that does not decode.
			srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
				var b strings.Builder
				fmt.Fprintf(&b, `{"message":"you sent %s`, r.URL.String())
				for k, v := range r.Header {
					fmt.Fprintf(&b, " %s=%s", k, strings.Join(v, ","))
				}
				b.WriteString(`"}`)
				switch r.URL.Path {
				case "/decode":
					_, _ = w.Write([]byte(`{"count": "` + b.String() + `"`))
				case "/429":
					w.Header().Set("Retry-After", "0")
					w.WriteHeader(429)
					_, _ = w.Write([]byte(b.String()))
				default:
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(403)
					_, _ = w.Write([]byte(b.String()))
				}
			})
			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			opts := []Option{kind.option, WithLogger(logger), WithMaxRetries(1)}
			c, _ := newTestClient(t, spec, srv.URL, opts...)
			call := func(c *Client, path string, out any) error {
				return c.Send(context.Background(), &Request{Operation: "op", Method: "GET", Path: path, Security: security, ExpectBody: out != nil}, out, nil)
			}

			values := []any{c, *c, opts, kind.option, c.credentials}
			for _, cred := range c.credentials {
				values = append(values, cred, *cred)
			}
			values = append(values, call(c, "/api", nil)) // *APIError echoing the credential
			var out struct{ Count int }
			values = append(values, call(c, "/decode", &out)) // *DecodeError echoing it
			values = append(values, call(c, "/429", nil))     // retried: the logger writes
			ln, _ := net.Listen("tcp", "127.0.0.1:0")
			dead := "http://" + ln.Addr().String()
			ln.Close()
			c2, _ := newTestClient(t, spec, dead, opts...)
			transportErr := call(c2, "/api", nil) // the URL carries a query key
			values = append(values, transportErr)
			_, newErr := NewClient(spec, nil, append(opts, kind.option)) // set twice
			values = append(values, newErr)

			if !strings.Contains(logs.String(), "retrying request") {
				t.Fatalf("the logger wrote no retry:\n%s", logs.String())
			}
			if kind.inURLToo && !strings.Contains(transportErr.Error(), "api_key="+redacted) && !strings.Contains(transportErr.Error(), "api_key=%5BREDACTED%5D") {
				t.Errorf("the failed URL does not show the query key redacted: %v", transportErr)
			}
			for i, v := range values {
				if v == nil {
					t.Fatalf("value %d is nil: a failure did not happen", i)
				}
				if text, s, found := findSecret(formatEvery(v), kind.secrets); found {
					t.Errorf("value %d (%T) shows %q:\n%s", i, v, s, text)
				}
				if apiErr, ok := v.(*APIError); ok {
					for _, s := range kind.secrets {
						if bytes.Contains(apiErr.Body, []byte(s)) || strings.Contains(apiErr.Message, s) {
							t.Errorf("APIError body or message keeps %s", s)
						}
					}
				}
			}
			for _, s := range kind.secrets {
				if strings.Contains(logs.String(), s) {
					t.Errorf("the log contains %s:\n%s", s, logs.String())
				}
			}
		})
	}
}

// TestRedactionForgetsNothing is issue 10's "Redaction forgets": the
// redactor kept 32 values and evicted the oldest, so after 32 rotations of
// a ...Func key the static key showed in error text again; APIError.Header
// was never scrubbed, APIError.Body kept a URL-encoded key, and
// DecodeError.Error() printed its wrapped error raw.
func TestRedactionForgetsNothing(t *testing.T) {
	const static = "STATIC/KEY+5678"
	escaped := "STATIC%2FKEY%2B5678"
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		// A hostile server echoes the static key in every spelling.
		w.Header().Set("X-Echo", r.Header.Get("X-Api-Key"))
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/decode" {
			_, _ = w.Write([]byte(`{"when":"` + r.Header.Get("X-Api-Key") + `"}`))
			return
		}
		w.WriteHeader(400)
		_, _ = w.Write([]byte(`{"message":"bad key ` + escaped + `","raw":"` + r.Header.Get("X-Api-Key") + `"}`))
	})
	rotation := 0
	c, _ := newTestClient(t, multiSpec(), srv.URL,
		WithStaticSecret("header", static),
		WithSecretFunc("bearer", func(context.Context) (string, error) {
			rotation++
			return fmt.Sprintf("ROTATING-%04d", rotation), nil
		}))
	security := []SecurityRequirement{{"header", "bearer"}}
	var last error
	for range maxRemembered + 8 {
		last = c.Send(context.Background(), &Request{Operation: "op", Method: "GET", Path: "/fail", Security: security}, nil, nil)
	}
	var apiErr *APIError
	if !errors.As(last, &apiErr) {
		t.Fatalf("err = %v, want an *APIError", last)
	}
	texts := map[string]string{
		"Error()":  apiErr.Error(),
		"%+v":      fmt.Sprintf("%+v", apiErr),
		"Body":     string(apiErr.Body),
		"Header":   fmt.Sprint(apiErr.Header),
		"Message":  apiErr.Message,
		"Details":  string(apiErr.Details),
		"RawQuery": fmt.Sprint(apiErr.Header.Values("X-Echo")),
	}
	var out struct {
		When time.Time `json:"when"`
	}
	decodeErr := c.Send(context.Background(), &Request{Operation: "op", Method: "GET", Path: "/decode", Security: security, ExpectBody: true}, &out, nil)
	if decodeErr == nil {
		t.Fatal("a body that does not decode gave no error")
	}
	texts["DecodeError"] = decodeErr.Error()
	texts["DecodeError %#v"] = fmt.Sprintf("%#v", decodeErr)
	for where, text := range texts {
		for _, secret := range []string{static, escaped} {
			if strings.Contains(text, secret) {
				t.Errorf("%s after %d rotations holds the static key (%q): %s", where, rotation, secret, text)
			}
		}
	}
}

// TestRedactionCoversTemplatedUserNames is issue 23's "a templated user
// name's wire form is not redacted": with Zendesk's "{email}/token" the
// header sent is Basic base64("me@example.com/token:TOKEN"), and the
// redactor knew only base64("me@example.com:TOKEN"), so a server echoing
// the header showed it in Error(), the body, the header and the retry log.
func TestRedactionCoversTemplatedUserNames(t *testing.T) {
	for _, shape := range []struct{ prefix, suffix string }{{"", "/token"}, {"acct-", ""}, {"x/", "/y"}} {
		spec := basicSpec(func(s *SchemeSpec) { s.UserPrefix, s.UserSuffix = shape.prefix, shape.suffix })
		spec.Retry = RetryPolicy{MaxRetries: 1}
		wire := base64.StdEncoding.EncodeToString([]byte(shape.prefix + "me@example.com" + shape.suffix + ":6wiIBWbGkBMo1mRD"))
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			auth := r.Header.Get("Authorization")
			w.Header().Set("X-Echo", auth)
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Retry-After", "0")
			w.WriteHeader([]int{503, 400}[min(n-1, 1)])
			fmt.Fprintf(w, `{"message":"you sent %s"}`, auth)
		})
		var logs bytes.Buffer
		var events []RetryEvent
		c, _ := newTestClient(t, spec, srv.URL, WithBasic("basic", "me@example.com", "6wiIBWbGkBMo1mRD"),
			WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
			WithOnRetry(func(e RetryEvent) { events = append(events, e) }))
		err := get(c, context.Background())
		var apiErr *APIError
		if !errors.As(err, &apiErr) || len(events) != 1 || srv.request(0).Header.Get("Authorization") != "Basic "+wire {
			t.Fatalf("%+v: err %v, %d retries, sent %q", shape, err, len(events), srv.request(0).Header.Get("Authorization"))
		}
		for where, text := range map[string]string{
			"Error()": err.Error(), "Body": string(apiErr.Body), "Header": fmt.Sprint(apiErr.Header), "Message": apiErr.Message,
			"log": logs.String(), "retry event": fmt.Sprintf("%v %+v", events[0], events[0].Err),
		} {
			if strings.Contains(text, wire) || !strings.Contains(where+text, redacted) && where != "Header" && where != "retry event" {
				t.Errorf("%+v: %s holds the wire form %s or no redaction: %s", shape, where, wire, text)
			}
		}
	}
}

// holder holds a value as a caller's struct would: in an exported field,
// where fmt calls the value's methods, and in an unexported one, where fmt
// cannot and walks the value by reflection instead (and %s, %q or %t of a
// pointer met there prints what it points to).
type holder[T any] struct {
	Exported   T
	unexported T
}

// everyVerb is every verb a caller might print a value with.
var everyVerb = []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t"}

// formatEvery prints v, and a holder of it by value and by pointer, with
// every verb.
func formatEvery[T any](v T) []string {
	h := holder[T]{v, v}
	var out []string
	for _, verb := range everyVerb {
		out = append(out, verb+": "+fmt.Sprintf(verb, v), verb+" holder: "+fmt.Sprintf(verb, h), verb+" &holder: "+fmt.Sprintf(verb, &h))
	}
	return out
}

// spellings are the ways fmt prints a secret's bytes: as they are, in hex
// (%x, %X) and as decimal bytes (%d of a []byte).
func spellings(secret string) []string {
	dec := fmt.Sprint([]byte(secret))
	return []string{secret, fmt.Sprintf("%x", secret), fmt.Sprintf("%X", secret), dec[1 : len(dec)-1]}
}

// findSecret returns the first secret, in any spelling, that a text holds.
func findSecret(texts []string, secrets []string) (text, secret string, found bool) {
	for _, s := range secrets {
		for _, sp := range spellings(s) {
			for _, text := range texts {
				if strings.Contains(text, sp) {
					return text, sp, true
				}
			}
		}
	}
	return "", "", false
}

// TestNoSecretUnderAnyVerb is issue 23's "%d/%t of a *WebhookVerifier, and
// %+v of a struct holding a WebhookVerifier or a Client by value, print
// secrets": every exported type that holds a credential (Client, Settings,
// WebhookVerifier), by pointer and by value, alone and inside a caller's
// struct, printed with every verb, shows none of its secrets in any
// spelling, after the client has used each of them.
func TestNoSecretUnderAnyVerb(t *testing.T) {
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"access_token":"OAUTH-TOKEN-0a1b2c","token_type":"bearer"}`))
	}))
	defer tokens.Close()
	srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) { w.WriteHeader(204) })
	spec := multiSpec()
	spec.Schemes = append(spec.Schemes, SchemeSpec{Name: "oauth", Kind: SchemeOAuth2, Option: "WithOAuth"})
	spec.Schemes[0].UserSuffix = "/token"
	spec.Schemes[1].Headers = []CredentialHeader{{Name: "OpenAI-Organization"}}
	secrets := []string{"BASIC-PASS-1a2b", "BEARER-TOK-3c4d", "COOKIE-VAL-5e6f", "HEADER-KEY-7a8b", "QUERY-KEY-9c0d", "OAUTH-SECRET-1e2f", "OAUTH-TOKEN-0a1b2c", "ORG-TIED-3a4b",
		base64.StdEncoding.EncodeToString([]byte("ann/token:BASIC-PASS-1a2b"))}
	opts := []Option{WithBasic("basic", "ann", "BASIC-PASS-1a2b"), WithStaticSecret("bearer", "BEARER-TOK-3c4d"), WithStaticSecret("cookie", "COOKIE-VAL-5e6f"),
		WithStaticSecret("header", "HEADER-KEY-7a8b"), WithStaticSecret("query", "QUERY-KEY-9c0d"), WithCredentialHeader("OpenAI-Organization", "ORG-TIED-3a4b"),
		WithOAuthFlow("oauth", OAuthFlow{Spec: &OAuthFlowSpec{GrantType: "client_credentials", TokenURL: tokens.URL}, ClientID: "cid", ClientSecret: "OAUTH-SECRET-1e2f"})}
	c, _ := newTestClient(t, spec, srv.URL, opts...)
	for _, r := range []SecurityRequirement{{"basic"}, {"bearer", "cookie", "header", "query"}, {"oauth"}} {
		if err := c.Send(context.Background(), &Request{Operation: "op", Method: "GET", Path: "/x", Security: []SecurityRequirement{r}}, nil, nil); err != nil {
			t.Fatal(err)
		}
	}
	settings := &Settings{credentials: map[string]*credential{}, credentialHeaders: map[string]sealed{}}
	for _, opt := range opts {
		if err := opt(settings); err != nil {
			t.Fatal(err)
		}
	}
	const webhookSecret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
	key, _ := base64.StdEncoding.DecodeString(strings.TrimPrefix(webhookSecret, "whsec_"))
	v := verifier(t, standardHooks, time.Now(), webhookSecret)
	raw := verifier(t, githubHooks, time.Now(), "It's a Secret to Everybody")
	webhookSecrets := []string{webhookSecret, string(key), "It's a Secret to Everybody"}

	for name, texts := range map[string][]string{
		"*Client": formatEvery(c), "Client": formatEvery(*c),
		"*Settings": formatEvery(settings), "Settings": formatEvery(*settings),
		"*WebhookVerifier": formatEvery(v), "WebhookVerifier": formatEvery(*v), "*WebhookVerifier (raw)": formatEvery(raw), "WebhookVerifier (raw)": formatEvery(*raw),
	} {
		if text, s, found := findSecret(texts, append(secrets, webhookSecrets...)); found {
			t.Errorf("%s shows %q:\n%s", name, s, text)
		}
	}
}
