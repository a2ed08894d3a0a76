package e2e

import (
	"context"
	"errors"
	"net/http"
	"testing"

	"github.com/authgen/authgen/generated/jobmojito"
)

func TestJobmojitoGetInterview(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"id": "00000000-0000-0000-0000-000000000000", "transcript": []any{"hi"}})
	})
	c, err := jobmojito.New(jobmojito.WithAPIKey("mojito-token"), jobmojito.WithBaseURL(srv.URL+"/functions/v1"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.GetInterview(context.Background(), &jobmojito.GetInterviewParams{
		Body: jobmojito.GetInterviewRequest{InterviewID: "00000000-0000-0000-0000-000000000000"},
	})
	if err != nil {
		t.Fatal(err)
	}
	if (*got)["id"] != "00000000-0000-0000-0000-000000000000" {
		t.Errorf("interview = %v", *got)
	}
	req, body := srv.last(t)
	if req.Method != "POST" || req.URL.Path != "/functions/v1/job-interview-get" {
		t.Errorf("request = %s %s", req.Method, req.URL.Path)
	}
	if req.Header.Get("Authorization") != "Bearer mojito-token" || req.Header.Get("Content-Type") != "application/json" {
		t.Errorf("headers = %v", req.Header)
	}
	if string(body) != `{"interview_id":"00000000-0000-0000-0000-000000000000"}` {
		t.Errorf("body = %s", body)
	}
}

func TestJobmojitoErrorsWithoutEnvelope(t *testing.T) {
	for _, tc := range []struct {
		status      int
		contentType string
		body        string
		sentinel    error
		message     string
	}{
		{401, "text/plain", "Invalid JWT\n", jobmojito.ErrUnauthorized, "Invalid JWT"},
		{403, "application/json", `{"msg":"not a merchant user"}`, jobmojito.ErrForbidden, "forbidden"},
		{422, "", "", jobmojito.ErrUnprocessableEntity, "unprocessable entity"},
		{401, "application/json", `{"code":401,"message":"Missing authorization header"}`, jobmojito.ErrUnauthorized, "Missing authorization header"},
	} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			if tc.contentType != "" {
				w.Header().Set("Content-Type", tc.contentType)
			}
			w.WriteHeader(tc.status)
			_, _ = w.Write([]byte(tc.body))
		})
		c, _ := jobmojito.New(jobmojito.WithAPIKey("mojito-token"), jobmojito.WithBaseURL(srv.URL))
		_, err := c.GetInterview(context.Background(), nil)
		var apiErr *jobmojito.APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("%d: error %v is not an *APIError", tc.status, err)
		}
		if apiErr.StatusCode != tc.status || apiErr.Message != tc.message || string(apiErr.Body) != tc.body {
			t.Errorf("%d %q: APIError status %d message %q body %q", tc.status, tc.body, apiErr.StatusCode, apiErr.Message, apiErr.Body)
		}
		if !errors.Is(err, tc.sentinel) {
			t.Errorf("%d does not match %v", tc.status, tc.sentinel)
		}
	}
}

func TestJobmojitoRefusesPlainHTTP(t *testing.T) {
	_, err := jobmojito.New(jobmojito.WithAPIKey("mojito-token"), jobmojito.WithBaseURL("http://cool.jobmojito.com/functions/v1"))
	if err == nil || !contains(err.Error(), "plain http") {
		t.Errorf("New with http:// base URL: %v", err)
	}
	if _, err := jobmojito.New(jobmojito.WithAPIKey("mojito-token"), jobmojito.WithBaseURL("::not a url")); err == nil {
		t.Error("New accepted an unparsable base URL")
	}
}
