package authgenrt

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// TestCredentialsNeverLeaveTheOrigin is the property behind every
// transport and redaction guarantee (issue 10, acceptance 2; issue 23,
// acceptance 5; issue 24, acceptance 2): for random credentials in every
// placement (header, query and cookie keys, bearer, basic with and without
// a user name template, OAuth 2.0 client secrets, passwords and tokens, a
// rotating ...Func key, the headers tied to a credential, members of the
// JSON body, fixed and rotating, bare and inside a template) and random hostile behaviour
// (redirects to another origin with each status, after a 429 or not;
// echoes of the request in the body, the headers and the token endpoint's
// error), no request that reaches another origin carries a credential in
// any wire form (raw, URL-encoded, base64 of the user:pass pair as sent,
// a cookie as net/http writes it), and no error, log line, retry event,
// Response, or formatted value of the client or the outcome under any
// verb (v, +v, #v, s, q, x, X, d, t; alone and inside a caller's struct)
// holds one in any spelling. The seed is fixed, so a failure replays.
func TestCredentialsNeverLeaveTheOrigin(t *testing.T) {
	rng := rand.New(rand.NewPCG(10, 2026))
	const alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.~/+=!*$,;:@ "
	randomSecret := func() string {
		n := 8 + rng.IntN(24)
		b := make([]byte, n)
		for i := range b {
			b[i] = alphabet[rng.IntN(len(alphabet))]
		}
		return strings.TrimSpace(string(b)) + "Z9" // never empty, never short
	}

	// Other origins: loopback servers on other ports, and the same port
	// under another host name.
	var leaks sync.Map
	record := func(origin string) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			body, _ := io.ReadAll(r.Body)
			leaks.Store(fmt.Sprintf("%s %s %p", origin, r.URL, r), fmt.Sprintf("%s\n%v\n%s", r.URL.String(), r.Header, body))
			w.WriteHeader(204)
		}
	}
	others := []*httptest.Server{httptest.NewServer(record("other-1")), httptest.NewServer(record("other-2"))}
	for _, o := range others {
		defer o.Close()
	}

	templates := [][2]string{{"", ""}, {"", "/token"}, {"acct-", ""}, {"x/", "/y"}}
	requirements := map[string]SecurityRequirement{
		"keys":     {"header", "query", "cookie", "bearer"},
		"basic":    {"basic"},
		"oauth":    {"oauth"},
		"rotating": {"rotating"},
		"body":     {"body-id", "body-secret", "body-rotating"},
	}
	placements := []string{"keys", "basic", "oauth", "rotating", "body"}
	reached, echoed, sent := 0, 0, map[string]int{}
	for i := range 160 {
		leaks.Clear()
		creds := map[string]string{"header": randomSecret(), "query": randomSecret(), "cookie": randomSecret(), "bearer": randomSecret(),
			"basic-user": randomSecret(), "basic-pass": randomSecret(), "org": randomSecret(), "project": randomSecret(),
			"client-id": randomSecret(), "client-secret": randomSecret(), "oauth-user": randomSecret(), "oauth-pass": randomSecret(), "token": randomSecret(),
			"body-id": randomSecret(), "body-secret": randomSecret()}
		tmpl := templates[rng.IntN(len(templates))]
		grant := []string{"client_credentials", "password"}[rng.IntN(2)]
		var rotated []string
		var rotatedMu sync.Mutex
		forms := func() []string {
			var out []string
			for k, v := range creds {
				if k == "client-id" || k == "oauth-user" {
					continue // names, not secrets
				}
				out = append(out, v)
			}
			rotatedMu.Lock()
			out = append(out, rotated...)
			rotatedMu.Unlock()
			for _, v := range out {
				out = append(out, url.QueryEscape(v), url.PathEscape(v))
			}
			return append(out,
				base64.StdEncoding.EncodeToString([]byte(creds["basic-user"]+":"+creds["basic-pass"])),
				base64.StdEncoding.EncodeToString([]byte(tmpl[0]+creds["basic-user"]+tmpl[1]+":"+creds["basic-pass"])),
				base64.StdEncoding.EncodeToString([]byte(url.QueryEscape(creds["client-id"])+":"+url.QueryEscape(creds["client-secret"]))),
				cookieWire("session", creds["cookie"]))
		}

		status := []int{301, 302, 303, 307, 308}[rng.IntN(5)]
		after429 := rng.IntN(2) == 0
		echo := rng.IntN(2) == 0
		tokenEcho := rng.IntN(4) == 0
		placement := placements[rng.IntN(len(placements))]
		target := others[rng.IntN(len(others))].URL
		if rng.IntN(3) == 0 {
			target = strings.Replace(target, "127.0.0.1", "localhost", 1)
		}
		// echoOf is everything a request carried, as a hostile server
		// would repeat it.
		echoOf := func(r *http.Request, body []byte) string {
			return fmt.Sprintf("%s %v %s", r.URL, r.Header, body)
		}
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			body, _ := io.ReadAll(r.Body)
			if r.URL.Path == "/oauth/token" {
				w.Header().Set("Content-Type", "application/json")
				if tokenEcho {
					w.WriteHeader(400)
					_ = json.NewEncoder(w).Encode(map[string]string{"error": "invalid_client", "error_description": echoOf(r, body)})
					return
				}
				_ = json.NewEncoder(w).Encode(map[string]any{"access_token": creds["token"], "token_type": "bearer", "expires_in": 3600})
				return
			}
			if after429 && n <= 2 && !strings.HasSuffix(r.URL.Path, "/landing") {
				w.Header().Set("Retry-After", "0")
				w.Header().Set("X-Echo", r.Header.Get("Authorization"))
				w.WriteHeader(429)
				_, _ = io.WriteString(w, echoOf(r, body))
				return
			}
			if echo {
				// A hostile API echoes every credential it got, in the
				// headers and the body (an envelope half the time), and
				// fails.
				for k, vs := range r.Header {
					w.Header()["X-Echo-"+k] = vs
				}
				w.Header().Set("X-Echo-Query", r.URL.RawQuery)
				if rng.IntN(2) == 0 {
					w.Header().Set("Content-Type", "application/json")
					w.WriteHeader(400)
					_ = json.NewEncoder(w).Encode(map[string]any{"message": echoOf(r, body), "details": map[string]string{"request": echoOf(r, body)}})
					return
				}
				w.WriteHeader(400)
				_, _ = io.WriteString(w, echoOf(r, body))
				return
			}
			http.Redirect(w, r, target+"/landing?"+r.URL.RawQuery, status)
		})

		spec := multiSpec()
		spec.ErrorEnvelope = ErrorEnvelopeSpec{Message: "/message", Details: "/details"}
		spec.Schemes[0].UserPrefix, spec.Schemes[0].UserSuffix = tmpl[0], tmpl[1]
		spec.Schemes[3].Headers = []CredentialHeader{{Name: "X-Org"}}
		spec.Schemes = append(spec.Schemes,
			SchemeSpec{Name: "oauth", Kind: SchemeOAuth2, Option: "WithOAuth", Headers: []CredentialHeader{{Name: "X-Project"}}},
			SchemeSpec{Name: "rotating", Kind: SchemeHeaderKey, ParamName: "X-Rotating-Key", Option: "WithRotating"},
			SchemeSpec{Name: "body-id", Kind: SchemeHeaderKey, ParamName: "X-Id", Option: "WithBodyID", Placements: []CredentialPlacement{{In: PlaceBody, Name: "client_id"}}},
			SchemeSpec{Name: "body-secret", Kind: SchemeHeaderKey, ParamName: "X-Secret", Option: "WithBodySecret", Placements: []CredentialPlacement{{In: PlaceBody, Name: "secret", ValuePrefix: "sk=", ValueSuffix: ";"}}},
			SchemeSpec{Name: "body-rotating", Kind: SchemeBearer, Option: "WithBodyRotating", Placements: []CredentialPlacement{{In: PlaceBody, Name: "access_token"}}})
		flow := OAuthFlow{Spec: &OAuthFlowSpec{GrantType: grant, TokenURL: srv.URL + "/oauth/token"}, ClientID: creds["client-id"], ClientSecret: Secret(creds["client-secret"])}
		if grant == "password" {
			flow.Username, flow.Password = creds["oauth-user"], Secret(creds["oauth-pass"])
		}
		var logs bytes.Buffer
		var events []RetryEvent
		var resp Response
		c, _ := newTestClient(t, spec, srv.URL,
			WithStaticSecret("header", creds["header"]), WithStaticSecret("query", creds["query"]),
			WithStaticSecret("cookie", creds["cookie"]), WithStaticSecret("bearer", creds["bearer"]),
			WithBasic("basic", creds["basic-user"], creds["basic-pass"]),
			WithCredentialHeader("X-Org", creds["org"]), WithCredentialHeader("X-Project", creds["project"]),
			WithOAuthFlow("oauth", flow),
			WithSecretFunc("rotating", func(context.Context) (string, error) {
				v := randomSecret()
				rotatedMu.Lock()
				defer rotatedMu.Unlock()
				rotated = append(rotated, v)
				return v, nil
			}),
			WithStaticSecret("body-id", creds["body-id"]), WithStaticSecret("body-secret", creds["body-secret"]),
			WithSecretFunc("body-rotating", func(context.Context) (string, error) {
				v := randomSecret()
				rotatedMu.Lock()
				defer rotatedMu.Unlock()
				rotated = append(rotated, v)
				return v, nil
			}),
			WithMaxRetries(2),
			WithLogger(slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))),
			WithOnRetry(func(e RetryEvent) { events = append(events, e) }))
		method := []string{"GET", "POST", "PUT"}[rng.IntN(3)]
		var out map[string]any
		err := c.Send(context.Background(), &Request{Operation: "op", Method: method, Path: "/start", Body: map[string]string{"k": "v"},
			Security: []SecurityRequirement{requirements[placement]}}, &out, []RequestOption{WithResponseInto(&resp)})
		sent[placement]++
		all := forms()

		leaks.Range(func(key, value any) bool {
			reached++
			for _, f := range all {
				if strings.Contains(value.(string), f) {
					t.Fatalf("case %d (%s, %d, after429 %v): a credential form %q reached %v:\n%s", i, placement, status, after429, f, key, value)
				}
			}
			return true
		})
		texts := append(formatEvery(c), formatEvery(*c)...)
		texts = append(texts, logs.String(), fmt.Sprint(resp.Header))
		texts = append(texts, formatEvery(resp)...)
		for _, e := range events {
			texts = append(texts, formatEvery(e)...)
		}
		if err != nil {
			texts = append(texts, err.Error())
			texts = append(texts, formatEvery(err)...)
			var apiErr *APIError
			if errors.As(err, &apiErr) {
				echoed++
				texts = append(texts, string(apiErr.Body), fmt.Sprint(apiErr.Header), string(apiErr.Details), apiErr.Message)
				texts = append(texts, formatEvery(*apiErr)...)
			}
		}
		if text, f, found := findSecret(texts, all); found {
			t.Fatalf("case %d (%s, template %q, echo %v, token echo %v): a formatted value holds the credential form %q:\n%s", i, placement, tmpl, echo, tokenEcho, f, text)
		}
	}
	// The property holds only if the hostile cases happened.
	if reached < 30 || echoed < 30 {
		t.Errorf("only %d requests reached another origin and %d echoes came back; the cases do not test the property", reached, echoed)
	}
	for _, p := range placements {
		if sent[p] < 20 {
			t.Errorf("the placement %s was tried %d times; the cases do not cover it", p, sent[p])
		}
	}
}
