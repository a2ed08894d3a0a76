package e2e

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"sync"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"

	"github.com/authgen/authgen/internal/e2e/clients/errorlist"
	"github.com/authgen/authgen/internal/e2e/clients/errorlist/errorlistfake"
)

// validatingTransport checks every answer it carries against the
// document with kin-openapi's response validator, status included.
type validatingTransport struct {
	t      *testing.T
	router routers.Router
	mu     sync.Mutex
	seen   int
}

func newValidatingTransport(t *testing.T, specPath string) *validatingTransport {
	t.Helper()
	doc, err := openapi3.NewLoader().LoadFromFile(specPath)
	if err != nil {
		t.Fatal(err)
	}
	doc.Servers = nil // route by path alone: the fake serves on its own host
	router, err := legacy.NewRouter(doc)
	if err != nil {
		t.Fatal(err)
	}
	return &validatingTransport{t: t, router: router}
}

func (v *validatingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err != nil {
		return resp, err
	}
	body, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		return nil, err
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	route, params, err := v.router.FindRoute(r)
	if err != nil {
		v.t.Errorf("%s %s: no route in the document: %v", r.Method, r.URL.Path, err)
		return resp, nil
	}
	in := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: &openapi3filter.RequestValidationInput{Request: r, PathParams: params, Route: route},
		Status:                 resp.StatusCode,
		Header:                 resp.Header,
		Body:                   io.NopCloser(bytes.NewReader(body)),
		Options:                &openapi3filter.Options{IncludeResponseStatus: true},
	}
	if err := openapi3filter.ValidateResponse(context.Background(), in); err != nil {
		v.t.Errorf("%s %s: the fake's %d %s is not what the document allows: %v", r.Method, r.URL.Path, resp.StatusCode, body, err)
	}
	v.mu.Lock()
	v.seen++
	v.mu.Unlock()
	return resp, nil
}

// TestFakeAnswersValidateAgainstTheDocument is a first piece of issue
// 27's acceptance 1: the errorlist fake's answers (a documented 204, the
// vendor's error envelope, a list of errors) pass kin-openapi's response
// validator against testdata/cases/errorlist.yaml.
func TestFakeAnswersValidateAgainstTheDocument(t *testing.T) {
	v := newValidatingTransport(t, "../../testdata/cases/errorlist.yaml")
	fake := errorlistfake.NewServer(t)
	client := fake.Client(errorlist.WithHTTPClient(&http.Client{Transport: v}))
	fake.OnDeleteWidget(func(ctx context.Context, id int64) error {
		if id == 5 {
			return errorlistfake.Error(409, "widget_in_use", "Widget 5 is used by order 7")
		}
		return nil
	})
	if err := client.DeleteWidget(context.Background(), 1); err != nil {
		t.Errorf("deleting widget 1: %v", err)
	}
	if err := client.DeleteWidget(context.Background(), 5); err == nil {
		t.Error("deleting widget 5 succeeded")
	}
	if v.seen != 2 {
		t.Errorf("%d answers validated, want 2", v.seen)
	}
}
