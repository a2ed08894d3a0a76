package e2e

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/authgen/authgen/generated/jobhive"
	"github.com/authgen/authgen/generated/jobhive/jobhivefake"
)

const jobhiveKey = "jh_live_abc123def456ghi789"

func newJobhive(t *testing.T, srv *recorder, opts ...jobhive.Option) *jobhive.Client {
	t.Helper()
	c, err := jobhive.New(append([]jobhive.Option{jobhive.WithAPIKey(jobhiveKey), jobhive.WithBaseURL(srv.URL + "/v1")}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestJobhiveGetAccountProfileUnwrapsEnvelope(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-RateLimit-Limit", "300")
		w.Header().Set("X-RateLimit-Remaining", "299")
		w.Header().Set("X-RateLimit-Reset", "1640995200")
		writeJSON(w, 200, map[string]any{"success": true, "data": map[string]any{
			"company_name": "Your Company", "plan": "Professional",
			"api_key_permissions": []string{"interviews:read", "interviews:write"},
			"rate_limit":          map[string]any{"requests_per_minute": 300, "current_usage": 1},
		}})
	})
	c := newJobhive(t, srv)
	var resp jobhive.Response
	got, err := c.GetAccountProfile(context.Background(), jobhive.WithResponseInto(&resp))
	if err != nil {
		t.Fatal(err)
	}
	want := &jobhive.AccountProfile{
		CompanyName: "Your Company", Plan: "Professional",
		APIKeyPermissions: []string{"interviews:read", "interviews:write"},
		RateLimit:         jobhive.AccountProfileRateLimit{RequestsPerMinute: 300, CurrentUsage: 1},
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("profile (-want +got):\n%s", diff)
	}
	req, _ := srv.last(t)
	if req.Method != "GET" || req.URL.Path != "/v1/account/profile" {
		t.Errorf("request = %s %s, want GET /v1/account/profile", req.Method, req.URL.Path)
	}
	if got := req.Header.Get("Authorization"); got != "Bearer "+jobhiveKey {
		t.Errorf("Authorization = %q, want the bearer key", got)
	}
	wantRL := jobhive.RateLimit{Limit: 300, Remaining: 299, Reset: time.Unix(1640995200, 0)}
	if diff := cmp.Diff(wantRL, resp.RateLimit); diff != "" {
		t.Errorf("rate limit (-want +got):\n%s", diff)
	}
	if resp.StatusCode != 200 || resp.Attempts != 1 {
		t.Errorf("response = status %d after %d attempts, want 200 after 1", resp.StatusCode, resp.Attempts)
	}
}

// TestJobhiveListInterviews runs on the generated fake, which wraps the
// list in JobHive's {success, data} envelope and requires the bearer key.
func TestJobhiveListInterviews(t *testing.T) {
	fake := jobhivefake.NewServer(t)
	want := &jobhive.ListInterviewsResponse{{"id": "i1"}, {"id": "i2"}}
	fake.OnListInterviews(func(ctx context.Context) (*jobhive.ListInterviewsResponse, error) { return want, nil })
	got, err := fake.Client().ListInterviews(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("interviews (-want +got):\n%s", diff)
	}
	if r := fake.Requests(); len(r) != 1 || r[0].Method != "GET" || r[0].Path != "/v1/interviews" {
		t.Errorf("requests = %+v, want one GET /v1/interviews", r)
	}
}

func TestJobhiveErrorEnvelopeAndCodes(t *testing.T) {
	for _, tc := range []struct {
		code     string
		sentinel error
	}{
		{"INVALID_API_KEY", jobhive.ErrInvalidAPIKey},
		{"API_KEY_EXPIRED", jobhive.ErrAPIKeyExpired},
		{"AUTHENTICATION_REQUIRED", jobhive.ErrAuthenticationRequired},
	} {
		t.Run(tc.code, func(t *testing.T) {
			srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("X-Request-Id", "req-1")
				writeJSON(w, 401, map[string]any{"success": false, "error": map[string]any{
					"code": tc.code, "message": "API key is invalid", "details": map[string]any{"header_missing": "Authorization"},
				}})
			})
			_, err := newJobhive(t, srv).GetAccountProfile(context.Background())
			var apiErr *jobhive.APIError
			if !errors.As(err, &apiErr) {
				t.Fatalf("error %v is not an *APIError", err)
			}
			if apiErr.StatusCode != 401 || apiErr.Code != tc.code || apiErr.Message != "API key is invalid" {
				t.Errorf("APIError = %d %q %q", apiErr.StatusCode, apiErr.Code, apiErr.Message)
			}
			if string(apiErr.Details) != `{"header_missing":"Authorization"}` {
				t.Errorf("Details = %s", apiErr.Details)
			}
			if want := "jobhive: getAccountProfile: 401 Unauthorized: " + tc.code + ": API key is invalid"; err.Error() != want {
				t.Errorf("Error() = %q, want %q", err.Error(), want)
			}
			if !errors.Is(err, tc.sentinel) || !errors.Is(err, jobhive.ErrUnauthorized) {
				t.Errorf("errors.Is should match %v and ErrUnauthorized", tc.sentinel)
			}
			for _, other := range []error{jobhive.ErrInvalidAPIKey, jobhive.ErrAPIKeyExpired, jobhive.ErrAuthenticationRequired} {
				if other != tc.sentinel && errors.Is(err, other) {
					t.Errorf("errors.Is matched %v for code %s", other, tc.code)
				}
			}
			if errors.Is(err, jobhive.ErrForbidden) {
				t.Error("a 401 matched ErrForbidden")
			}
		})
	}
}

func TestJobhiveKeyFormatsPickTheEnvironment(t *testing.T) {
	for _, tc := range []struct {
		key     string
		env     jobhive.Environment
		wantErr string
	}{
		{key: "jh_live_x1", env: ""},
		{key: "jh_dev_x1", env: ""},
		{key: "jh_test_x1", env: jobhive.EnvironmentTest},
		{key: "jh_dev_x1", env: jobhive.EnvironmentProduction, wantErr: `the key is for environment "development" but environment "production" was selected`},
		{key: "sk_live_secretvalue", env: "", wantErr: "has no known format"},
	} {
		opts := []jobhive.Option{jobhive.WithAPIKey(tc.key)}
		if tc.env != "" {
			opts = append(opts, jobhive.WithEnvironment(tc.env))
		}
		c, err := jobhive.New(opts...)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("New(%s, %q): %v", tc.key, tc.env, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("New(%s, %q) error = %v, want one containing %q", tc.key, tc.env, err, tc.wantErr)
		case err != nil && strings.Contains(err.Error(), tc.key):
			t.Errorf("error echoes the key: %v", err)
		case err == nil:
			want := map[string]string{"jh_live_x1": "production", "jh_dev_x1": "development", "jh_test_x1": "test"}[tc.key]
			if !strings.Contains(c.String(), "environment: "+want) {
				t.Errorf("client %v, want environment %s", c, want)
			}
		}
	}
}

func TestJobhiveNewFromEnv(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"success": true, "data": []any{}})
	})
	t.Setenv("JOBHIVE_API_KEY", "jh_dev_fromenv123")
	t.Setenv("JOBHIVE_ENVIRONMENT", "development")
	c, err := jobhive.NewFromEnv(jobhive.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListInterviews(context.Background()); err != nil {
		t.Fatal(err)
	}
	req, _ := srv.last(t)
	if got := req.Header.Get("Authorization"); got != "Bearer jh_dev_fromenv123" {
		t.Errorf("Authorization = %q", got)
	}
	// An explicit option wins over the environment.
	c, err = jobhive.NewFromEnv(jobhive.WithBaseURL(srv.URL), jobhive.WithAPIKey("jh_dev_explicit99"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListInterviews(context.Background()); err != nil {
		t.Fatal(err)
	}
	if req, _ := srv.last(t); req.Header.Get("Authorization") != "Bearer jh_dev_explicit99" {
		t.Errorf("explicit key lost to the environment: %q", req.Header.Get("Authorization"))
	}
	// The environment variable must agree with the key.
	t.Setenv("JOBHIVE_ENVIRONMENT", "production")
	if _, err := jobhive.NewFromEnv(); err == nil || strings.Contains(err.Error(), "fromenv123") {
		t.Errorf("NewFromEnv with a dev key and JOBHIVE_ENVIRONMENT=production: %v", err)
	}
}

func TestJobhiveRetriesOn429WithVendorHeader(t *testing.T) {
	calls := 0
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		calls++
		if calls == 1 {
			w.Header().Set("X-RateLimit-Retry-After", "0")
			writeJSON(w, 429, map[string]any{"success": false, "error": map[string]any{"code": "RATE_LIMITED", "message": "slow down"}})
			return
		}
		writeJSON(w, 200, map[string]any{"success": true, "data": []any{}})
	})
	var resp jobhive.Response
	if _, err := newJobhive(t, srv).ListInterviews(context.Background(), jobhive.WithResponseInto(&resp)); err != nil {
		t.Fatal(err)
	}
	if srv.count() != 2 || resp.Attempts != 2 {
		t.Errorf("requests = %d, attempts = %d; want 2 and 2", srv.count(), resp.Attempts)
	}
}
