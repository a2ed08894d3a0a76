package authgenfake

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// testSpec is a small provider written by hand: an API key in a header,
// one secured operation with a path parameter, one public one.
func testSpec() *Spec {
	return &Spec{
		BasePath: "/v1",
		Envelope: authgenrt.ErrorEnvelopeSpec{Code: "/error/code", Message: "/error/message"},
		RateLimit: authgenrt.RateLimitSpec{Limit: "X-RateLimit-Limit", Remaining: "X-RateLimit-Remaining",
			Reset: authgenrt.HeaderSpec{Name: "X-RateLimit-Reset", Format: authgenrt.FormatUnixEpoch}},
		DelayHeaders:     []authgenrt.HeaderSpec{{Name: "Retry-After", Format: authgenrt.FormatSeconds}},
		UnauthorizedCode: "invalid_api_key",
		RateLimitedCode:  "rate_limited",
		Schemes:          []Scheme{{Name: "key", Kind: authgenrt.SchemeHeaderKey, Param: "X-Api-Key", Secret: "fake-key"}},
		Routes: []Route{
			{Operation: "getThing", Method: "GetThing", Verb: "GET", Pattern: []Piece{{Literal: "things/"}, {Param: 0}},
				Security: []authgenrt.SecurityRequirement{{"key"}}, Status: 200},
			{Operation: "ping", Method: "Ping", Verb: "GET", Pattern: []Piece{{Literal: "ping"}}, Status: 200},
		},
	}
}

// call is one request to the fake, and its answer.
type call struct {
	method, path string
	header       http.Header
	body         string
}

type answer struct {
	status int
	header http.Header
	body   string
}

// do sends c to s (path relative to the fake's URL) and reads the answer.
func do(t *testing.T, s *Server, c call) answer {
	t.Helper()
	if c.method == "" {
		c.method = http.MethodGet
	}
	req, err := http.NewRequest(c.method, s.URL()+c.path, strings.NewReader(c.body))
	if err != nil {
		t.Fatal(err)
	}
	for k, vs := range c.header {
		req.Header[k] = vs
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return answer{status: resp.StatusCode, header: resp.Header, body: string(body)}
}

// keyed is the header that carries testSpec's valid key.
func keyed() http.Header { return http.Header{"X-Api-Key": {"fake-key"}} }

// decode reads a JSON answer into a map, failing the test when it is not
// one.
func decode(t *testing.T, body string) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal([]byte(body), &m); err != nil {
		t.Fatalf("not a JSON object: %q: %v", body, err)
	}
	return m
}

// errorCode is the code of testSpec's envelope {"error": {"code": ...}}.
func errorCode(t *testing.T, body string) string {
	t.Helper()
	e, _ := decode(t, body)["error"].(map[string]any)
	code, _ := e["code"].(string)
	return code
}

// echo is a handler that answers its first path argument.
func echo(ctx context.Context, c *Call) (any, error) {
	var id string
	if err := c.PathArg(0, "id", &id); err != nil {
		return nil, err
	}
	return map[string]string{"id": id}, nil
}

// recordingTB keeps the errors a fake reports instead of failing the test.
type recordingTB struct {
	testing.TB
	errors, fatals []string
}

// Fatalf records the failure; the caller goes on, which the fake's code
// must survive.
func (r *recordingTB) Fatalf(format string, args ...any) {
	r.fatals = append(r.fatals, fmt.Sprintf(format, args...))
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.errors = append(r.errors, fmt.Sprintf(format, args...))
}

type readCloser struct{ io.Reader }

func (readCloser) Close() error { return nil }

func readAll(resp *http.Response) ([]byte, error) {
	defer resp.Body.Close()
	return io.ReadAll(resp.Body)
}
