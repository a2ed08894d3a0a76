package clientruntime

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// TestNoSecretInAnyFormattedValue gives the client a credential of each
// kind, makes every kind of failure happen, with a hostile server that
// echoes what it received, and formats everything a user could print with
// every verb.
func TestNoSecretInAnyFormattedValue(t *testing.T) {
	const (
		bearerTok = "BEARER-SECRET-1111"
		headerKey = "HEADER-SECRET-2222"
		queryKey  = "QUERY-SECRET-3333"
		basicPass = "BASIC-SECRET-4444"
		oauthSec  = "OAUTH-CLIENT-SECRET-5555"
	)
	tokens := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = w.Write([]byte(`{"access_token":"OAUTH-TOKEN-6666","token_type":"bearer","expires_in":3600}`))
	}))
	defer tokens.Close()
	secrets := []string{bearerTok, headerKey, queryKey, basicPass, oauthSec, "OAUTH-TOKEN-6666"}

	// The hostile server echoes the request line and headers back in the
	// error body and in a 2xx body that does not decode.
	echo := func(w http.ResponseWriter, r *http.Request, n int) {
		var b strings.Builder
		fmt.Fprintf(&b, `{"message":"you sent %s`, r.URL.String())
		for k, v := range r.Header {
			fmt.Fprintf(&b, " %s=%s", k, strings.Join(v, ","))
		}
		b.WriteString(`"}`)
		if r.URL.Path == "/decode" {
			_, _ = w.Write([]byte(`{"count": "` + b.String() + `"`))
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(403)
		_, _ = w.Write([]byte(b.String()))
	}
	srv := newServer(t, echo)

	spec := multiSpec()
	spec.schemes = append(spec.schemes, schemeSpec{name: "oauth", kind: schemeOAuth2, option: "WithOAuth"})
	var logs bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	opts := []Option{
		withStaticSecret("bearer", bearerTok),
		withStaticSecret("header", headerKey),
		withStaticSecret("query", queryKey),
		withBasic("basic", "ann", basicPass),
		withOAuthFlow("oauth", oauthFlow{spec: &oauthFlowSpec{grantType: "client_credentials", tokenURL: tokens.URL}, clientID: "cid", clientSecret: secret(oauthSec)}),
		WithLogger(logger),
		WithMaxRetries(1),
	}
	c, _ := newTestClient(t, spec, srv.URL, opts...)
	everything := []securityRequirement{{"bearer", "header", "query", "basic"}, {"oauth"}}

	var values []any
	values = append(values, c, *c, opts, c.credentials)
	for _, cred := range c.credentials {
		values = append(values, cred, *cred)
	}
	// An *APIError whose body echoes every credential.
	values = append(values, c.send(context.Background(), &request{operation: "op", method: "GET", path: "/api", security: everything}, nil, nil))
	// The OAuth alternative, and its token, echoed.
	values = append(values, c.send(context.Background(), &request{operation: "op", method: "GET", path: "/api", security: []securityRequirement{{"oauth"}}}, nil, nil))
	// A *DecodeError whose body echoes them.
	var out struct{ Count int }
	values = append(values, c.send(context.Background(), &request{operation: "op", method: "GET", path: "/decode", security: everything, expectBody: true}, &out, nil))
	// A transport error: the URL carries the query key.
	ln, _ := net.Listen("tcp", "127.0.0.1:0")
	dead := "http://" + ln.Addr().String()
	ln.Close()
	c2, _ := newTestClient(t, spec, dead, opts...)
	values = append(values, c2.send(context.Background(), &request{operation: "op", method: "GET", path: "/api", security: everything}, nil, nil))
	// A 429 that is retried, so the logger writes.
	srv429 := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		w.Header().Set("Retry-After", "0")
		w.WriteHeader(429)
		_, _ = w.Write([]byte("slow down " + r.URL.RawQuery + " " + r.Header.Get("X-Api-Key")))
	})
	c3, _ := newTestClient(t, spec, srv429.URL, opts...)
	values = append(values, c3.send(context.Background(), &request{operation: "op", method: "GET", path: "/api", security: everything}, nil, nil))
	// Errors from New: a malformed option.
	_, newErr := newClient(spec, nil, append(opts, withStaticSecret("header", "HEADER-SECRET-2222")))
	values = append(values, newErr)

	if !strings.Contains(logs.String(), "retrying request") {
		t.Fatalf("the logger wrote no retry:\n%s", logs.String())
	}
	for i, v := range values {
		if v == nil {
			t.Fatalf("value %d is nil: a failure did not happen", i)
		}
		for _, verb := range []string{"%v", "%+v", "%#v", "%s"} {
			text := fmt.Sprintf(verb, v)
			for _, s := range secrets {
				if strings.Contains(text, s) {
					t.Errorf("value %d (%T) formatted with %s contains %s:\n%s", i, v, verb, s, text)
				}
			}
		}
		if apiErr, ok := v.(*APIError); ok {
			for _, s := range secrets {
				if bytes.Contains(apiErr.Body, []byte(s)) || strings.Contains(apiErr.Message, s) {
					t.Errorf("APIError body or message keeps %s", s)
				}
			}
		}
	}
	for _, s := range secrets {
		if strings.Contains(logs.String(), s) {
			t.Errorf("the log contains %s:\n%s", s, logs.String())
		}
	}
}
