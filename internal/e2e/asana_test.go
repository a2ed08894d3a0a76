package e2e

// Asana, as its docs answer (errors, rate-limits and pagination pages
// cited in specs/asana.yaml; bodies and headers as those pages show them).

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/asana"
)

const asanaToken = "0/a7f89e98g007e0s07da763a" // a token of our own; Asana's pages show <personal_access_token>

func newAsana(t *testing.T, srv *recorder, opts ...asana.Option) *asana.Client {
	t.Helper()
	c, err := asana.New(append([]asana.Option{asana.WithPersonalAccessToken(asanaToken), asana.WithBaseURL(srv.URL),
		asana.WithRetryPolicy(asana.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// asanaAnswer answers every request with status, headers and body.
func asanaAnswer(t *testing.T, status int, header map[string]string, body string) *recorder {
	return newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		for k, v := range header {
			w.Header().Set(k, v)
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write([]byte(body))
	})
}

// TestAsanaTokenAndDataEnvelope: "Authorization: Bearer
// <personal_access_token>"; "If data was requested, it will be available
// in the data field at the top level of the response body", and a body
// sent is wrapped in data too.
func TestAsanaTokenAndDataEnvelope(t *testing.T) {
	// asana_oas.yaml's User and WorkspaceCompact examples.
	srv := asanaAnswer(t, 200, nil, `{"data": {"gid": "12345", "resource_type": "user", "name": "Greg Sanchez", "email": "gregsanchez@example.com", "workspaces": [{"gid": "12345", "resource_type": "workspace", "name": "My Company Workspace"}]}}`)
	me, err := newAsana(t, srv).GetUser(context.Background(), "me", nil)
	if err != nil {
		t.Fatal(err)
	}
	req, _ := srv.last(t)
	if req.Header.Get("Authorization") != "Bearer "+asanaToken || req.URL.Path != "/users/me" {
		t.Errorf("request %s %v", req.URL, req.Header)
	}
	if me.Gid != "12345" || me.Name == nil || *me.Name != "Greg Sanchez" || len(me.Workspaces) != 1 {
		t.Errorf("user %+v", me)
	}

	// The task's name is ours; due_on and the workspace are the document's examples.
	srv = asanaAnswer(t, 201, nil, `{"data": {"gid": "67890", "resource_type": "task", "name": "Buy catnip", "completed": false, "due_on": "2019-09-15", "workspace": {"gid": "12345", "resource_type": "workspace", "name": "My Company Workspace"}}}`)
	task, err := newAsana(t, srv).CreateTask(context.Background(), &asana.CreateTaskParams{Body: asana.CreateTaskRequest{Data: asana.CreateTaskRequestData{Name: ptr("Buy catnip"), Workspace: ptr("12345")}}})
	if err != nil {
		t.Fatal(err)
	}
	if _, body := srv.last(t); string(body) != `{"data":{"name":"Buy catnip","workspace":"12345"}}` {
		t.Errorf("body %s", body)
	}
	if task.Gid != "67890" || task.DueOn == nil || *task.DueOn != "2019-09-15" {
		t.Errorf("task %+v", task)
	}
}

// TestAsanaErrors: the errors page's examples (developers.asana.com/docs/errors), byte for byte: every
// message of errors, joined; a 500's phrase for Asana support; no codes,
// the status is the sentinel.
func TestAsanaErrors(t *testing.T) {
	for _, tc := range []struct {
		status   int
		body     string
		message  string
		phrase   string
		sentinel error
		requests int
	}{
		{401, "{\n  \"errors\": [\n    {\n      \"message\": \"Not Authorized\"\n    }\n  ]\n}", "Not Authorized", "", asana.ErrUnauthorized, 1},
		{400, "{\n  \"errors\": [\n    {\n      \"message\": \"workspace: Missing input\"\n    }\n  ]\n}", "workspace: Missing input", "", asana.ErrBadRequest, 1},
		{500, "{\n  \"errors\": [\n    {\n      \"message\": \"Server Error\",\n      \"phrase\": \"6 sad squid snuggle softly\"\n    }\n  ]\n}", "Server Error", "6 sad squid snuggle softly", asana.ErrServer, 1},
	} {
		srv := asanaAnswer(t, tc.status, nil, tc.body)
		_, err := newAsana(t, srv).GetTasks(context.Background(), nil)
		var apiErr *asana.APIError
		if !errors.Is(err, tc.sentinel) || !errors.As(err, &apiErr) || apiErr.Message != tc.message || apiErr.Phrase != tc.phrase || srv.count() != tc.requests {
			t.Errorf("%d: %v (%+v), %d requests", tc.status, err, apiErr, srv.count())
		}
	}
	// Two errors in one body: the schema's array, not an example of Asana's
	// (its pages show one error a body). The first help is asana_oas.yaml's
	// Error.help example, its stray closing quote included; the second
	// error is ours.
	srv := asanaAnswer(t, 400, nil, `{"errors": [{"message": "project: Missing input", "help": "For more information on API status codes and how to handle them, read the docs on errors: https://asana.github.io/developer-docs/#errors'"}, {"message": "name: Not a string", "help": "Give a string."}]}`)
	_, err := newAsana(t, srv).CreateTask(context.Background(), &asana.CreateTaskParams{})
	var apiErr *asana.APIError
	if !errors.As(err, &apiErr) || apiErr.Message != "project: Missing input; name: Not a string" || len(apiErr.Help) != 2 || apiErr.Help[1] != "Give a string." {
		t.Errorf("two errors: %v (%+v)", err, apiErr)
	}
}

// TestAsanaRateLimit: the rate-limits page's 429 (Retry-After: 30 and its
// body), byte for byte: "the
// standard Retry-After header indicating how many seconds the client
// should wait before retrying", for a GET and a POST alike.
func TestAsanaRateLimit(t *testing.T) {
	const body = "{\n  \"errors\": [\n    {\n      \"message\": \"You've made too many requests and hit a rate limit. Please retry after the given amount of time.\"\n    }\n  ]\n}"
	for _, post := range []bool{false, true} {
		srv := asanaAnswer(t, 429, map[string]string{"Retry-After": "30"}, body)
		wait, source, retried, _ := plannedWait(t, func(ctx context.Context, onRetry func(time.Duration, string)) error {
			c := newAsana(t, srv, asana.WithOnRetry(func(e asana.RetryEvent) { onRetry(e.Wait, e.Source) }))
			var err error
			if post {
				_, err = c.CreateTask(ctx, &asana.CreateTaskParams{Body: asana.CreateTaskRequest{Data: asana.CreateTaskRequestData{Name: ptr("Buy catnip")}}})
			} else {
				_, err = c.GetUser(ctx, "me", nil)
			}
			return err
		})
		if !retried || wait != 30*time.Second || source != "Retry-After" {
			t.Errorf("post=%v: planned %v from %q (retried %v)", post, wait, source, retried)
		}
	}
	srv := asanaAnswer(t, 429, map[string]string{"Retry-After": "30"}, body)
	_, err := newAsana(t, srv, asana.WithMaxRetries(0)).GetUser(context.Background(), "me", nil)
	var apiErr *asana.APIError
	if !errors.Is(err, asana.ErrRateLimited) || !errors.As(err, &apiErr) || apiErr.RetryAfter != 30*time.Second ||
		apiErr.Message != "You've made too many requests and hit a rate limit. Please retry after the given amount of time." {
		t.Errorf("429: %v (%+v)", err, apiErr)
	}
}

// TestAsanaOffsetTokenPages: asana_oas.yaml's NextPage (its offset example
// token): "If more results exist, then the response
// will contain a next_page attribute, which will include an offset ... If
// there are no more pages available, next_page will be null".
func TestAsanaOffsetTokenPages(t *testing.T) {
	const offset = "eyJ0eXAiOJiKV1iQLCJhbGciOiJIUzI1NiJ9" // the docs' example token
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("offset") == "" {
			_, _ = w.Write([]byte(`{"data": [{"gid": "1", "resource_type": "task", "name": "Buy catnip"}], "next_page": {"offset": "` + offset + `", "path": "/tasks?project=1337&limit=1&offset=` + offset + `", "uri": "https://app.asana.com/api/1.0/tasks?project=1337&limit=1&offset=` + offset + `"}}`))
			return
		}
		_, _ = w.Write([]byte(`{"data": [{"gid": "2", "resource_type": "task", "name": "Feed the cat"}], "next_page": null}`))
	})
	var names []string
	for task, err := range newAsana(t, srv).GetTasksAll(context.Background(), &asana.GetTasksParams{Project: ptr("1337"), Limit: ptr(int64(1))}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, *task.Name)
	}
	req, _ := srv.last(t)
	q := req.URL.Query()
	if fmt.Sprint(names) != "[Buy catnip Feed the cat]" || srv.count() != 2 || q.Get("offset") != offset || q.Get("project") != "1337" || q.Get("limit") != "1" {
		t.Errorf("names %v after %d requests, last %s", names, srv.count(), req.URL)
	}
}
