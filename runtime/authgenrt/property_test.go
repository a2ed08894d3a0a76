package authgenrt

import (
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
)

// TestCredentialsNeverLeaveTheOrigin is the property behind every
// transport guarantee (issue 10, acceptance 2): for random credential
// values of every kind and random hostile behaviour (redirects to another
// origin with each status, after a 429 or not; echoes of the request in
// the body and the headers), no request that reaches another origin
// carries a credential in any form (raw, base64, URL-encoded; in the URL,
// a header, the Referer or the body), and no formatted value of the
// outcome holds one. The seed is fixed, so a failure replays.
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

	reached, echoed := 0, 0
	for i := range 150 {
		leaks.Clear()
		creds := map[string]string{"header": randomSecret(), "query": randomSecret(), "cookie": strings.NewReplacer(" ", "", ";", "", ",", "").Replace(randomSecret()), "bearer": randomSecret(), "basic-user": randomSecret(), "basic-pass": randomSecret()}
		forms := func() []string {
			var out []string
			for _, v := range creds {
				out = append(out, v, url.QueryEscape(v), url.PathEscape(v))
			}
			out = append(out, base64.StdEncoding.EncodeToString([]byte(creds["basic-user"]+":"+creds["basic-pass"])))
			return out
		}()
		status := []int{301, 302, 303, 307, 308}[rng.IntN(5)]
		after429 := rng.IntN(2) == 0
		echo := rng.IntN(2) == 0
		target := others[rng.IntN(len(others))].URL
		if rng.IntN(3) == 0 {
			target = strings.Replace(target, "127.0.0.1", "localhost", 1)
		}
		srv := newServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
			if after429 && n == 1 {
				w.Header().Set("Retry-After", "0")
				w.WriteHeader(429)
				return
			}
			if echo {
				// A hostile API echoes every credential it got, in the
				// headers and the body, and fails.
				for k, vs := range r.Header {
					w.Header()["X-Echo-"+k] = vs
				}
				w.Header().Set("X-Echo-Query", r.URL.RawQuery)
				w.WriteHeader(400)
				fmt.Fprintf(w, "%s %v", r.URL, r.Header)
				return
			}
			http.Redirect(w, r, target+"/landing?"+r.URL.RawQuery, status)
		})
		c, _ := newTestClient(t, multiSpec(), srv.URL,
			WithStaticSecret("header", creds["header"]), WithStaticSecret("query", creds["query"]),
			WithStaticSecret("cookie", creds["cookie"]), WithStaticSecret("bearer", creds["bearer"]),
			WithBasic("basic", creds["basic-user"], creds["basic-pass"]), WithMaxRetries(2))
		method := []string{"GET", "POST", "PUT"}[rng.IntN(3)]
		var out map[string]any
		err := c.Send(context.Background(), &Request{Operation: "op", Method: method, Path: "/start", Body: map[string]string{"k": "v"},
			Security: []SecurityRequirement{{"header", "query", "cookie", "bearer"}, {"basic"}}}, &out, nil)

		leaks.Range(func(key, value any) bool {
			reached++
			for _, f := range forms {
				if strings.Contains(value.(string), f) {
					t.Fatalf("case %d (%d, after429 %v): a credential form %q reached %v:\n%s", i, status, after429, f, key, value)
				}
			}
			return true
		})
		var texts []string
		if err != nil {
			texts = append(texts, err.Error(), fmt.Sprintf("%v|%+v|%#v|%s", err, err, err, err))
			var apiErr *APIError
			if errors.As(err, &apiErr) {
				echoed++
				texts = append(texts, string(apiErr.Body), fmt.Sprint(apiErr.Header), string(apiErr.Details), apiErr.Message)
			}
		}
		texts = append(texts, fmt.Sprintf("%v|%+v|%#v", c, c, c))
		for _, text := range texts {
			for _, f := range forms {
				if strings.Contains(text, f) {
					t.Fatalf("case %d: a formatted value holds the credential form %q:\n%s", i, f, text)
				}
			}
		}
	}
	// The property holds only if the hostile cases happened.
	if reached < 30 || echoed < 30 {
		t.Errorf("only %d requests reached another origin and %d echoes came back; the cases do not test the property", reached, echoed)
	}
}
