package client

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// withKey is what the generated option of the stub's scheme looks like.
func withKey(key string) Option { return withStaticSecret("key", key) }

func newStubClient(t *testing.T, h http.HandlerFunc) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	c, err := New(WithBaseURL(srv.URL), withKey("sk_secret_123"), WithMaxRetries(0))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestErrorsComeInThePackagesType: a failure is this package's *APIError,
// with the metering headers and envelope members the spec declares read
// into it, the runtime's message and sentinels intact.
func TestErrorsComeInThePackagesType(t *testing.T) {
	c := newStubClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Credits", "12")
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		fmt.Fprint(w, `{"error":{"code":"key_expired","message":"Key expired","doc_url":"https://docs.example.com/keys"}}`)
	})
	var resp Response
	err := c.send(context.Background(), &authgenrt.Request{Operation: "getThing", Method: "GET", Path: "/things", Security: provider.Security}, nil, []RequestOption{WithResponseInto(&resp)})
	var apiErr *APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %T %v, want *APIError", err, err)
	}
	if apiErr.Credits != 12 || apiErr.DocURL != "https://docs.example.com/keys" || apiErr.Code != "key_expired" {
		t.Errorf("APIError = %+v", apiErr)
	}
	if want := "stub: getThing: 401 Unauthorized: key_expired: Key expired"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
	if !errors.Is(err, ErrUnauthorized) || !errors.Is(err, provider.ErrorCodes[0].Sentinel) || errors.Is(err, ErrNotFound) {
		t.Error("the status and code sentinels do not match as they should")
	}
	if resp.StatusCode != 401 || resp.Credits != 12 {
		t.Errorf("WithResponseInto: %+v", resp)
	}
	if strings.Contains(fmt.Sprintf("%v %+v %#v", c, c, *c), "sk_secret_123") {
		t.Error("a formatted client shows its key")
	}
}

// TestDoKeepsThePackagesErrors: Client.Do fails the same way, without the
// operation in the message.
func TestDoKeepsThePackagesErrors(t *testing.T) {
	c := newStubClient(t, func(w http.ResponseWriter, r *http.Request) {
		if r.Header.Get("X-Api-Key") != "sk_secret_123" {
			t.Errorf("X-Api-Key = %q", r.Header.Get("X-Api-Key"))
		}
		w.WriteHeader(404)
	})
	err := c.Do(context.Background(), "GET", "/nowhere", nil, nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 404 || !errors.Is(err, ErrNotFound) {
		t.Fatalf("err = %v", err)
	}
	if want := "stub: 404 Not Found: not found"; err.Error() != want {
		t.Errorf("Error() = %q, want %q", err.Error(), want)
	}
}

// TestAHandBuiltAPIErrorReadsAsItsFields: a test that builds an APIError
// (or changes one) gets the message and sentinels its fields say.
func TestAHandBuiltAPIErrorReadsAsItsFields(t *testing.T) {
	e := &APIError{StatusCode: 429, Operation: "listThings", Message: "slow down"}
	if want := "stub: listThings: 429 Too Many Requests: slow down"; e.Error() != want {
		t.Errorf("Error() = %q, want %q", e.Error(), want)
	}
	if !errors.Is(e, ErrRateLimited) {
		t.Error("a hand-built 429 is not ErrRateLimited")
	}
	e.StatusCode = 500
	if !errors.Is(e, ErrServer) || errors.Is(e, ErrRateLimited) {
		t.Error("a changed status does not change what matches")
	}
}

// TestNewRefusesBadOptions: the runtime's refusals come through New and
// NewFromEnv, prefixed with the package.
func TestNewRefusesBadOptions(t *testing.T) {
	if _, err := New(WithBaseURL("http://api.example.com")); err == nil || !strings.HasPrefix(err.Error(), "stub: ") {
		t.Errorf("plain http to a remote host: err = %v", err)
	}
	t.Setenv("STUB_KEY", "from-env")
	c, err := NewFromEnv()
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(c.String(), "credentials: [key]") {
		t.Errorf("NewFromEnv did not read STUB_KEY: %s", c)
	}
	var zero Client
	if zero.String() != "Client{}" {
		t.Errorf("zero Client = %q", zero.String())
	}
}

// holder holds a value as a caller's struct would: in an exported field,
// where fmt calls the value's methods, and in an unexported one, where it
// walks the value by reflection.
type holder[T any] struct {
	Exported   T
	unexported T
}

// formatEvery prints v, and a holder of it by value and by pointer, with
// every verb a caller might use.
func formatEvery[T any](v T) []string {
	h := holder[T]{v, v}
	var out []string
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%t"} {
		out = append(out, verb+": "+fmt.Sprintf(verb, v), verb+" holder: "+fmt.Sprintf(verb, h), verb+" &holder: "+fmt.Sprintf(verb, &h))
	}
	return out
}

// TestShellTypesShowNoSecret is issue 23's "%d/%t of a *WebhookVerifier,
// and %+v of a struct holding a WebhookVerifier or a Client by value,
// print secrets", for the types a client's users hold: Client and
// WebhookVerifier, by pointer and by value, alone and in a struct, and the
// *APIError of a server that echoes the key, under every verb, show no
// secret in any spelling (as is, hex, decimal bytes).
func TestShellTypesShowNoSecret(t *testing.T) {
	c := newStubClient(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Echo", r.Header.Get("X-Api-Key"))
		w.WriteHeader(403)
		fmt.Fprintf(w, `{"error":{"message":"bad key %s"}}`, r.Header.Get("X-Api-Key"))
	})
	apiErr := c.Do(context.Background(), "GET", "/x", nil, nil)
	if apiErr == nil {
		t.Fatal("no error")
	}
	spec := &authgenrt.WebhookSpec{Header: "X-Twilio-Signature", Algorithm: authgenrt.WebhookHMACSHA1, Encoding: authgenrt.WebhookBase64,
		Signed: []authgenrt.WebhookPart{{Kind: authgenrt.WebhookURL}, {Kind: authgenrt.WebhookFormParams}}}
	v, err := newWebhookVerifier(spec, []string{"twilio-auth-token-0123456789abcdef"})
	if err != nil {
		t.Fatal(err)
	}
	if err := v.SetPublicURL("https://hooks.example.com"); err != nil {
		t.Fatal(err)
	}
	if err := v.SetPublicURL("hooks.example.com"); err == nil || !strings.HasPrefix(err.Error(), "stub: ") {
		t.Errorf("SetPublicURL of a bad URL: %v", err)
	}
	texts := map[string][]string{"*Client": formatEvery(c), "Client": formatEvery(*c), "*WebhookVerifier": formatEvery(v), "WebhookVerifier": formatEvery(*v), "error": formatEvery(apiErr)}
	var target *APIError
	if errors.As(apiErr, &target) {
		texts["*APIError"], texts["APIError"] = formatEvery(target), formatEvery(*target)
		texts["APIError.Body"], texts["APIError.Header"] = []string{string(target.Body)}, []string{fmt.Sprint(target.Header)}
	}
	for name, list := range texts {
		for _, secret := range []string{"sk_secret_123", "twilio-auth-token-0123456789abcdef"} {
			dec := fmt.Sprint([]byte(secret))
			for _, spelling := range []string{secret, fmt.Sprintf("%x", secret), fmt.Sprintf("%X", secret), dec[1 : len(dec)-1]} {
				for _, text := range list {
					if strings.Contains(text, spelling) {
						t.Errorf("%s shows %q:\n%s", name, spelling, text)
					}
				}
			}
		}
	}
}
