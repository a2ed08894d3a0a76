package e2e

import (
	"context"
	"errors"
	"net/http"
	"reflect"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/authgen/authgen/internal/e2e/clients/values"
	"github.com/authgen/authgen/internal/e2e/clients/values/valuesfake"
)

// Values read from wherever the vendor keeps them (issue 24):
// testdata/cases/values.yaml.

const valuesKey = "vk_live_0123456789abcdefghij"

// newValues is a client of the values case whose waits are recorded, not
// slept.
func newValues(t *testing.T, url string) (*values.Client, func() []time.Duration) {
	t.Helper()
	var mu sync.Mutex
	var slept []time.Duration
	sleep := func(ctx context.Context, d time.Duration) error {
		mu.Lock()
		defer mu.Unlock()
		slept = append(slept, d)
		return nil
	}
	c, err := values.New(values.WithBaseURL(url), values.WithKey(valuesKey), values.WithClock(time.Now, sleep))
	if err != nil {
		t.Fatal(err)
	}
	return c, func() []time.Duration {
		mu.Lock()
		defer mu.Unlock()
		return slept
	}
}

// TestListsBooleansAndTheBodysRequestID: a list of messages is joined in
// Message and kept item by item in an array field; a plain list of causes
// reads as []string; a boolean member and a boolean header are typed; the
// body's request_id fills RequestID when no header gives one, redacted.
func TestListsBooleansAndTheBodysRequestID(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Cache-Hit", "true")
		writeJSON(w, 400, map[string]any{
			"request_id": "req-42-" + valuesKey,
			"retryable":  true,
			"causes":     []string{"name missing", "due_on malformed"},
			"errors": []map[string]string{
				{"message": "name: is required", "help": "see /docs/tasks#name"},
				{"message": "due_on: not a date", "help": "use YYYY-MM-DD"},
			},
		})
	})
	c, _ := newValues(t, srv.URL)
	_, err := c.CreateTask(context.Background())
	var apiErr *values.APIError
	if !errors.As(err, &apiErr) {
		t.Fatalf("err = %v, want an *APIError", err)
	}
	if want := "name: is required; due_on: not a date"; apiErr.Message != want {
		t.Errorf("Message = %q, want %q", apiErr.Message, want)
	}
	if want := []string{"see /docs/tasks#name", "use YYYY-MM-DD"}; !slices.Equal(apiErr.Help, want) {
		t.Errorf("Help = %q, want %q", apiErr.Help, want)
	}
	if want := []string{"name missing", "due_on malformed"}; !slices.Equal(apiErr.Causes, want) {
		t.Errorf("Causes = %q, want %q", apiErr.Causes, want)
	}
	if !apiErr.Retryable || !apiErr.CacheHit {
		t.Errorf("Retryable %v, CacheHit %v; want both true", apiErr.Retryable, apiErr.CacheHit)
	}
	if want := "req-42-[REDACTED]"; apiErr.RequestID != want {
		t.Errorf("RequestID = %q, want %q (from the body, redacted)", apiErr.RequestID, want)
	}
}

// TestTheRequestIDHeaderWinsOverTheBody: the header, when sent, is the
// request ID, as it is for a success.
func TestTheRequestIDHeaderWinsOverTheBody(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "from-header")
		writeJSON(w, 404, map[string]any{"request_id": "from-body"})
	})
	c, _ := newValues(t, srv.URL)
	_, err := c.CreateTask(context.Background())
	var apiErr *values.APIError
	if !errors.As(err, &apiErr) || apiErr.RequestID != "from-header" {
		t.Fatalf("err = %v; want RequestID from-header", err)
	}
}

// TestBothCodeMembersHaveSentinels: error_code matches its sentinel as
// before, error_type (codes[].pointer) its own; a second-member code named
// like a status sentinel (rate_limited) matches ErrRateLimited whatever the
// status.
func TestBothCodeMembersHaveSentinels(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, map[string]any{"error_type": "invalid_request", "error_code": "quota_exceeded", "errors": []any{map[string]string{"message": "over"}}})
	})
	c, _ := newValues(t, srv.URL)
	_, err := c.CreateTask(context.Background())
	if !errors.Is(err, values.ErrInvalidRequest) || !errors.Is(err, values.ErrQuotaExceeded) || !errors.Is(err, values.ErrBadRequest) {
		t.Errorf("err = %v; want ErrInvalidRequest, ErrQuotaExceeded and ErrBadRequest", err)
	}
	if errors.Is(err, values.ErrRateLimited) {
		t.Errorf("err = %v matches ErrRateLimited", err)
	}
	srv2 := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 400, map[string]any{"error_type": "rate_limited"})
	})
	c2, _ := newValues(t, srv2.URL)
	if _, err := c2.CreateTask(context.Background()); !errors.Is(err, values.ErrRateLimited) || errors.Is(err, values.ErrInvalidRequest) {
		t.Errorf("err = %v; want ErrRateLimited alone of the code sentinels", err)
	}
}

// TestRetryWhenRules: a 503 whose body's details.error_code is
// ACCOUNT_SUSPENDED is not retried though a GET's 503 is; a POST's 503 with
// Retry-After is retried (the vendor documents it) without an idempotency
// key; a POST's 503 without one is not.
func TestRetryWhenRules(t *testing.T) {
	ctx := context.Background()
	t.Run("a body member stops the retry", func(t *testing.T) {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 503, map[string]any{"details": map[string]string{"error_code": "ACCOUNT_SUSPENDED"}})
		})
		c, _ := newValues(t, srv.URL)
		_, err := c.ListTasks(ctx, nil)
		if srv.count() != 1 || !contains(err.Error(), `not retried: retry.when[0]: /details/error_code is "ACCOUNT_SUSPENDED": never retried`) {
			t.Errorf("%d requests; err %v", srv.count(), err)
		}
	})
	t.Run("another body is retried", func(t *testing.T) {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 503, map[string]any{"details": map[string]string{"error_code": "BUSY"}})
		})
		c, _ := newValues(t, srv.URL)
		if _, err := c.ListTasks(ctx, nil); srv.count() != 3 || err == nil {
			t.Errorf("%d requests; err %v; want 3 (two retries)", srv.count(), err)
		}
	})
	t.Run("a POST after a 503 with Retry-After", func(t *testing.T) {
		n := 0
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			n++
			if n == 1 {
				w.Header().Set("Retry-After", "3")
				writeJSON(w, 503, map[string]any{})
				return
			}
			writeJSON(w, 201, map[string]string{"id": "t1"})
		})
		c, slept := newValues(t, srv.URL)
		task, err := c.CreateTask(ctx)
		if err != nil || task.ID == nil || *task.ID != "t1" || srv.count() != 2 {
			t.Fatalf("task %v, err %v after %d requests; want t1 after a retry", task, err, srv.count())
		}
		if s := slept(); len(s) != 1 || s[0] != 3*time.Second {
			t.Errorf("slept %v; want the 3s asked", s)
		}
		if req, _ := srv.last(t); req.Header.Get("Idempotency-Key") != "" {
			t.Error("the retry carried an Idempotency-Key")
		}
	})
	t.Run("a POST after a 503 without Retry-After", func(t *testing.T) {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 503, map[string]any{}) })
		c, _ := newValues(t, srv.URL)
		if _, err := c.CreateTask(ctx); err == nil || srv.count() != 1 {
			t.Errorf("%d requests; err %v; want one, not retried", srv.count(), err)
		}
	})
}

// TestQueryOnEveryCallAndOptionalLeftOut: x-authgen.query's api-version
// goes with every call and no method takes it; an optional query
// parameter the caller leaves unset is not sent (no "filter=").
func TestQueryOnEveryCallAndOptionalLeftOut(t *testing.T) {
	if _, taken := reflect.TypeFor[values.ListTasksParams]().FieldByName("APIVersion"); taken {
		t.Error("ListTasksParams takes api-version, which x-authgen.query sends")
	}
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]any{"ids": []string{}}) })
	c, _ := newValues(t, srv.URL)
	ctx := context.Background()
	for _, tc := range []struct {
		params *values.ListTasksParams
		want   string
	}{
		{nil, "api-version=2024-01-01"},
		{&values.ListTasksParams{}, "api-version=2024-01-01"},
		{&values.ListTasksParams{Filter: new("open")}, "api-version=2024-01-01&filter=open"},
	} {
		if _, err := c.ListTasks(ctx, tc.params); err != nil {
			t.Fatal(err)
		}
		if req, _ := srv.last(t); req.URL.RawQuery != tc.want {
			t.Errorf("query %q, want %q", req.URL.RawQuery, tc.want)
		}
	}
}

// TestTheFakeSendsAListOfMessages: the generated fake writes an error's
// message as the first item of the list the envelope's * pointer reads,
// in the shape of the error schema, and the client reads it back.
func TestTheFakeSendsAListOfMessages(t *testing.T) {
	fake := valuesfake.NewServer(t)
	fake.OnCreateTask(func(ctx context.Context) (*values.CreateTaskResponse, error) {
		return nil, valuesfake.Error(422, "quota_exceeded", "name: is required")
	})
	_, err := fake.Client(values.WithMaxRetries(0)).CreateTask(context.Background())
	var apiErr *values.APIError
	if !errors.As(err, &apiErr) || apiErr.Message != "name: is required" || !errors.Is(err, values.ErrQuotaExceeded) {
		t.Fatalf("err = %v; want the fake's message and ErrQuotaExceeded", err)
	}
	if !contains(string(apiErr.Body), `"errors":[{`) {
		t.Errorf("body %s: the errors member is not a list", apiErr.Body)
	}
}
