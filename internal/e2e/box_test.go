package e2e

// Box, as its docs answer (common-errors, rate-limits and marker-based
// pagination guides cited in specs/box.yaml; bodies and headers as those
// pages show them).

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/box"
)

const boxToken = "ACCESS_TOKEN" // the guides' placeholder, as sent

func newBox(t *testing.T, srv *recorder, opts ...box.Option) *box.Client {
	t.Helper()
	c, err := box.New(append([]box.Option{box.WithAccessToken(boxToken), box.WithBaseURL(srv.URL),
		box.WithRetryPolicy(box.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// boxAnswer is one response: a status, a retry-after header (none when
// ""), a body.
type boxAnswer struct {
	status     int
	retryAfter string
	body       string
}

// boxAnswers answers with each response in turn, the last one again after
// them.
func boxAnswers(t *testing.T, answers ...boxAnswer) *recorder {
	calls := 0
	return newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		a := answers[min(calls, len(answers)-1)]
		calls++
		if a.retryAfter != "" {
			w.Header().Set("retry-after", a.retryAfter)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(a.status)
		_, _ = w.Write([]byte(a.body))
	})
}

const boxFolder = `{"type": "folder", "id": "12345", "etag": "1", "sequence_id": "3", "name": "Contracts", "parent": {"type": "folder", "id": "0", "name": "All Files"}}`

// TestBoxBearerToken: "curl https://api.box.com/2.0/folders/0/items ...
// -H "authorization: Bearer ACCESS_TOKEN"", fields comma-separated.
func TestBoxBearerToken(t *testing.T) {
	srv := boxAnswers(t, boxAnswer{200, "", `{"type": "user", "id": "11446498", "name": "Aaron Levie", "login": "ceo@example.com"}`})
	me, err := newBox(t, srv).GetUsersMe(context.Background(), &box.GetUsersMeParams{Fields: []string{"name", "login"}})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := srv.last(t)
	if req.Header.Get("Authorization") != "Bearer ACCESS_TOKEN" || req.URL.Path != "/users/me" || req.URL.Query().Get("fields") != "name,login" {
		t.Errorf("request %s %v", req.URL, req.Header)
	}
	if me.ID != "11446498" || me.Login == nil || *me.Login != "ceo@example.com" {
		t.Errorf("user %+v", me)
	}
}

// TestBoxClientErrors: the standard client error object; its code is the
// sentinel, its request_id the RequestID, help_url a field.
func TestBoxClientErrors(t *testing.T) {
	// The common-errors page's example, byte for byte.
	srv := boxAnswers(t, boxAnswer{400, "", `{
  "type": "error",
  "status": 400,
  "code": "bad_digest",
  "help_url": "https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/",
  "message": "The specified content-md5 did not match what we received",
  "request_id": "abcdef123456"
}`})
	_, err := newBox(t, srv).GetFoldersID(context.Background(), "0", nil)
	var apiErr *box.APIError
	if !errors.Is(err, box.ErrBadRequest) || !errors.As(err, &apiErr) || apiErr.Code != "bad_digest" || apiErr.Message != "The specified content-md5 did not match what we received" ||
		apiErr.RequestID != "abcdef123456" || apiErr.HelpURL != "https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/" {
		t.Errorf("400: %v (%+v)", err, apiErr)
	}
	for _, tc := range []struct {
		status   int
		code     string
		message  string
		sentinel error
	}{
		{409, "item_name_in_use", "Item with the same name already exists", box.ErrItemNameInUse},
		{400, "item_name_invalid", "Item name invalid", box.ErrItemNameInvalid},
		{401, "invalid_token", "The access token provided is invalid.", box.ErrInvalidToken},
		{404, "not_found", "Not Found", box.ErrNotFound},
	} {
		srv := boxAnswers(t, boxAnswer{tc.status, "", fmt.Sprintf(`{"type": "error", "status": %d, "code": %q, "context_info": {"message": "Something went wrong"}, "help_url": "https://developer.box.com/guides/api-calls/permissions-and-errors/common-errors/", "message": %q, "request_id": "abcdef123456"}`, tc.status, tc.code, tc.message)})
		_, err := newBox(t, srv).PostFolders(context.Background(), &box.PostFoldersParams{Body: box.PostFoldersRequest{Name: "Contracts", Parent: box.PostFoldersRequestParent{ID: "0"}}})
		var apiErr *box.APIError
		if !errors.Is(err, tc.sentinel) || !errors.As(err, &apiErr) || apiErr.Code != tc.code || apiErr.Message != tc.message || apiErr.RequestID != "abcdef123456" ||
			string(apiErr.Details) != `{"message": "Something went wrong"}` || srv.count() != 1 {
			t.Errorf("%s: %v (%+v), %d requests", tc.code, err, apiErr, srv.count())
		}
	}
}

// TestBoxRateLimit: the rate-limits page's 429, byte for byte: "The
// retry-after header provides guidance on the number of seconds to wait
// before the next API call can be retried". 100 s is beyond MaxWait, so
// the error comes back at once with the wait; a short one is waited.
func TestBoxRateLimit(t *testing.T) {
	const limited = `{
  "type": "error",
  "status": 429,
  "code": "rate_limit_exceeded",
  "help_url": "http://developers.box.com/docs/#errors",
  "message": "Request rate limit exceeded, please try again later",
  "request_id": "abcdef123456"
}`
	srv := boxAnswers(t, boxAnswer{429, "100", limited})
	_, err := newBox(t, srv).GetUsersMe(context.Background(), nil)
	var apiErr *box.APIError
	if !errors.Is(err, box.ErrRateLimitExceeded) || !errors.Is(err, box.ErrRateLimited) || !errors.As(err, &apiErr) || apiErr.RetryAfter != 100*time.Second || srv.count() != 1 {
		t.Errorf("retry-after 100: %v (%+v), %d requests", err, apiErr, srv.count())
	}
	for _, post := range []bool{false, true} {
		srv := boxAnswers(t, boxAnswer{429, "2", limited})
		wait, source, retried, _ := plannedWait(t, func(ctx context.Context, onRetry func(time.Duration, string)) error {
			c := newBox(t, srv, box.WithOnRetry(func(e box.RetryEvent) { onRetry(e.Wait, e.Source) }))
			var err error
			if post {
				_, err = c.PostFolders(ctx, &box.PostFoldersParams{Body: box.PostFoldersRequest{Name: "Contracts", Parent: box.PostFoldersRequestParent{ID: "0"}}})
			} else {
				_, err = c.GetUsersMe(ctx, nil)
			}
			return err
		})
		if !retried || wait != 2*time.Second || source != "Retry-After" {
			t.Errorf("post=%v: planned %v from %q (retried %v)", post, wait, source, retried)
		}
	}
}

// TestBoxRetryRules: 503 "If a Retry-After header is provided in the
// response, the client should retry the request according to the header
// value" (a POST too); 409 operation_blocked_temporary "Try again at a
// later interval"; other 409s are final.
func TestBoxRetryRules(t *testing.T) {
	create := func(c *box.Client) (*box.Folder, error) {
		return c.PostFolders(context.Background(), &box.PostFoldersParams{Body: box.PostFoldersRequest{Name: "Contracts", Parent: box.PostFoldersRequestParent{ID: "0"}}})
	}
	for _, tc := range []struct {
		name     string
		first    boxAnswer
		requests int
	}{
		{"503 with retry-after", boxAnswer{503, "0", `{"type": "error", "status": 503, "code": "unavailable", "message": "Unavailable", "request_id": "abcdef123456"}`}, 2},
		{"503 without", boxAnswer{503, "", `{"type": "error", "status": 503, "code": "unavailable", "message": "Unavailable", "request_id": "abcdef123456"}`}, 1},
		{"409 operation_blocked_temporary", boxAnswer{409, "", `{"type": "error", "status": 409, "code": "operation_blocked_temporary", "message": "The operation is blocked by another ongoing operation", "request_id": "abcdef123456"}`}, 2},
		{"409 item_name_in_use", boxAnswer{409, "", `{"type": "error", "status": 409, "code": "item_name_in_use", "message": "Item with the same name already exists", "request_id": "abcdef123456"}`}, 1},
	} {
		srv := boxAnswers(t, tc.first, boxAnswer{201, "", boxFolder})
		folder, err := create(newBox(t, srv))
		if srv.count() != tc.requests {
			t.Errorf("%s: %d requests, want %d (%v)", tc.name, srv.count(), tc.requests, err)
		}
		if tc.requests == 2 && (err != nil || folder.ID != "12345") {
			t.Errorf("%s: %+v, %v", tc.name, folder, err)
		}
	}
}

// TestBoxMarkerPages: "the API needs to be called with an marker parameter
// that equals value of the next_marker value that was received ... The
// final page of items has been requested when the next next_marker value
// is null".
func TestBoxMarkerPages(t *testing.T) {
	const marker = "JV9IRGZmieiBasejOG9yDCRNgd2ymoZIbjsxbJMjIs3kioVii" // the page's example
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("marker") == "" {
			_, _ = w.Write([]byte(`{"entries": [{"type": "file", "id": "12345", "name": "Contract.pdf"}], "limit": 1, "next_marker": "` + marker + `"}`))
			return
		}
		_, _ = w.Write([]byte(`{"entries": [{"type": "folder", "id": "12346", "name": "Archive"}], "limit": 1, "next_marker": null}`))
	})
	var names []string
	// The walk asks for marker pages itself (pagination.query), even
	// when the caller's parameters say otherwise.
	for item, err := range newBox(t, srv).GetFoldersIDItemsAll(context.Background(), "0", &box.GetFoldersIDItemsParams{Usemarker: ptr(false), Limit: ptr(int64(1))}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, *item.Name)
	}
	req, _ := srv.last(t)
	q := req.URL.Query()
	if fmt.Sprint(names) != "[Contract.pdf Archive]" || srv.count() != 2 || q.Get("marker") != marker || req.URL.Path != "/folders/0/items" {
		t.Errorf("names %v after %d requests, last %s", names, srv.count(), req.URL)
	}
	for i, r := range srv.all() {
		if got := r.URL.Query()["usemarker"]; fmt.Sprint(got) != "[true]" {
			t.Errorf("page %d: usemarker = %q, want [true]", i+1, got)
		}
	}
	// A single call sends what the caller set.
	if _, err := newBox(t, srv).GetFoldersIDItems(context.Background(), "0", &box.GetFoldersIDItemsParams{Usemarker: ptr(false)}); err != nil {
		t.Fatal(err)
	}
	if req, _ := srv.last(t); req.URL.Query().Get("usemarker") != "false" {
		t.Errorf("single call: usemarker = %q, want the caller's false", req.URL.Query().Get("usemarker"))
	}
}

// TestBoxClientCredentialsGrant: WithClientCredentials runs the grant as
// the Client Credentials Grant guide says: client ID and secret in the
// request body, grant_type client_credentials, and box_subject_type and
// box_subject_id as the caller sets them (the service account: enterprise
// and the enterprise ID); the token then goes out as Bearer. The token
// answer is the shape Box's developer advocates quote ({"access_token",
// "expires_in", "restricted_to", "token_type": "bearer"}).
func TestBoxClientCredentialsGrant(t *testing.T) {
	var tokenForm url.Values
	var tokenHost string
	var basicSent bool
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/oauth2/token" {
			_ = r.ParseForm()
			tokenForm, tokenHost = r.PostForm, r.Header.Get("X-Original-Host")
			_, _, basicSent = r.BasicAuth()
			_, _ = w.Write([]byte(`{"access_token":"oQXf4box","expires_in":3992,"restricted_to":[],"token_type":"bearer"}`))
			return
		}
		_, _ = w.Write([]byte(`{"type":"user","id":"11446498"}`))
	})
	hc := throughRecorder(srv)
	c, err := box.New(box.WithClientCredentials("h5z4c7jqyn95dh3n06tv92x3ceztj0qi", "ccg-secret"),
		box.WithSubjectType("enterprise"), box.WithSubjectID("575619"), box.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetUsersMe(context.Background(), nil); err != nil {
		t.Fatal(err)
	}
	want := url.Values{"client_id": {"h5z4c7jqyn95dh3n06tv92x3ceztj0qi"}, "client_secret": {"ccg-secret"}, "grant_type": {"client_credentials"},
		"box_subject_type": {"enterprise"}, "box_subject_id": {"575619"}}
	if tokenHost != "api.box.com" || basicSent || fmt.Sprint(tokenForm) != fmt.Sprint(want) {
		t.Errorf("token request to %q, basic %v, form %v; want api.box.com, no basic, %v", tokenHost, basicSent, tokenForm, want)
	}
	req, _ := srv.last(t)
	if req.Header.Get("Authorization") != "Bearer oQXf4box" {
		t.Errorf("API call Authorization %q", req.Header.Get("Authorization"))
	}
}
