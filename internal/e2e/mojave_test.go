package e2e

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/authgen/authgen/generated/mojave"
	"github.com/authgen/authgen/generated/mojave/mojavefake"
)

// TestMojavePingAndMe runs on the generated fake: it routes by the spec
// and accepts GetMe only with the bearer token its Client sends, so a
// success is the auth header on the wire; a client with another token is
// refused as Mojave refuses it.
func TestMojavePingAndMe(t *testing.T) {
	fake := mojavefake.NewServer(t)
	fake.OnPing(func(ctx context.Context) (*mojave.PingResponse, error) { return &mojave.PingResponse{Ok: true}, nil })
	fake.OnGetMe(func(ctx context.Context) (*mojave.GetMeResponse, error) {
		return &mojave.GetMeResponse{"id": 7, "email": "a@b.c"}, nil
	})
	c := fake.Client()
	if pong, err := c.Ping(context.Background()); err != nil || !pong.Ok {
		t.Errorf("Ping = %+v, %v", pong, err)
	}
	if me, err := c.GetMe(context.Background()); err != nil || (*me)["email"] != "a@b.c" {
		t.Errorf("GetMe = %v, %v", me, err)
	}
	other, err := mojave.New(mojave.WithAPIToken("another-token"), mojave.WithBaseURL(fake.URL()))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := other.GetMe(context.Background()); !errors.Is(err, mojave.ErrUnauthorized) {
		t.Errorf("GetMe with another token: %v, want ErrUnauthorized", err)
	}
}

func TestMojaveErrorTypesMatchByStatusAndCode(t *testing.T) {
	for _, tc := range []struct {
		status   int
		typ      string
		sentinel error
	}{
		{401, "unauthorized", mojave.ErrUnauthorized},
		{403, "forbidden", mojave.ErrForbidden},
		{429, "rate_limited", mojave.ErrRateLimited},
	} {
		t.Run(tc.typ, func(t *testing.T) {
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				writeJSON(w, tc.status, map[string]any{"error": map[string]any{"type": tc.typ, "message": "Invalid API token"}})
			})
			c, err := mojave.New(mojave.WithAPIToken("tok-123456"), mojave.WithBaseURL(srv.URL), mojave.WithMaxRetries(0))
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.GetMe(context.Background())
			var apiErr *mojave.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v is not an *APIError", err)
			}
			if apiErr.Code != tc.typ || apiErr.Message != "Invalid API token" {
				t.Errorf("Code, Message = %q, %q", apiErr.Code, apiErr.Message)
			}
			if !errors.Is(err, tc.sentinel) {
				t.Errorf("status %d does not match %v", tc.status, tc.sentinel)
			}
		})
	}
	// The sentinel also matches by code alone: a 400 whose type is
	// rate_limited is still ErrRateLimited.
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, map[string]any{"error": map[string]any{"type": "rate_limited", "message": "x"}})
	})
	c, _ := mojave.New(mojave.WithAPIToken("tok-123456"), mojave.WithBaseURL(srv.URL))
	_, err := c.Ping(context.Background())
	if !errors.Is(err, mojave.ErrRateLimited) || !errors.Is(err, mojave.ErrBadRequest) {
		t.Errorf("a 400 with type rate_limited: %v", err)
	}
}

func TestMojaveTokenFuncAndJSONContentType(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 201, map[string]any{"id": 1})
	})
	calls := 0
	c, err := mojave.New(mojave.WithBaseURL(srv.URL), mojave.WithAPITokenFunc(func(ctx context.Context) (string, error) {
		calls++
		return "oauth-access-token", nil
	}))
	if err != nil {
		t.Fatal(err)
	}
	var out struct{ ID int }
	if err := c.Do(context.Background(), "POST", "/projects", map[string]string{"name": "x"}, &out); err != nil {
		t.Fatal(err)
	}
	req, body := srv.last(t)
	if req.Header.Get("Authorization") != "Bearer oauth-access-token" || calls != 1 {
		t.Errorf("Authorization = %q after %d calls", req.Header.Get("Authorization"), calls)
	}
	if ct := req.Header.Get("Content-Type"); ct != "application/json" {
		t.Errorf("Content-Type = %q, want application/json", ct)
	}
	if string(body) != `{"name":"x"}` || out.ID != 1 {
		t.Errorf("body %s, out %+v", body, out)
	}
}

func TestMojaveMissingTokenFailsBeforeAnyRequest(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"ok": true})
	})
	c, err := mojave.New(mojave.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Ping(context.Background())
	if !errors.Is(err, mojave.ErrMissingCredential) {
		t.Fatalf("error = %v, want ErrMissingCredential", err)
	}
	for _, want := range []string{`"apiToken"`, "WithAPIToken", "MOJAVE_API_TOKEN"} {
		if !contains(err.Error(), want) {
			t.Errorf("error %q does not name %s", err, want)
		}
	}
	if srv.count() != 0 {
		t.Errorf("the server got %d requests", srv.count())
	}
}
