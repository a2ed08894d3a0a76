package e2e

// Slack, as its docs answer (https://docs.slack.dev/apis/web-api/,
// /apis/web-api/rate-limits; bodies as Slack sends them).

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/slack"
)

const slackToken = "xoxb-17653672481-19874698323-pdFZKVeTuE8sk7oOcBrzbqgy"

func newSlack(t *testing.T, srv *recorder, opts ...slack.Option) *slack.Client {
	t.Helper()
	c, err := slack.New(append([]slack.Option{slack.WithToken(slackToken), slack.WithBaseURL(srv.URL),
		slack.WithRetryPolicy(slack.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSlackOKFalseIsAnError(t *testing.T) {
	for _, tc := range []struct {
		code     string
		sentinel error
	}{
		{"invalid_auth", slack.ErrInvalidAuth},
		{"not_authed", slack.ErrNotAuthed},
		{"channel_not_found", slack.ErrChannelNotFound},
		{"missing_scope", slack.ErrMissingScope},
	} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, 200, map[string]any{"ok": false, "error": tc.code, "response_metadata": map[string]any{"messages": []any{"[ERROR] missing required scope: chat:write"}}})
		})
		_, err := newSlack(t, srv).ChatPostMessage(context.Background(), &slack.ChatPostMessageParams{Body: slack.ChatPostMessageRequest{Channel: "C123ABC456", Text: ptr("Hello world :tada:")}})
		var apiErr *slack.APIError
		if !errors.Is(err, tc.sentinel) || !errors.As(err, &apiErr) || apiErr.StatusCode != 200 || apiErr.Code != tc.code {
			t.Errorf("%s: %v", tc.code, err)
		}
		if srv.count() != 1 {
			t.Errorf("%s: %d requests", tc.code, srv.count())
		}
	}
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"ok": true, "url": "https://subarachnoid.slack.com/", "team": "Subarachnoid Workspace", "user": "grace", "team_id": "T12345678", "user_id": "W12345678"})
	})
	me, err := newSlack(t, srv).AuthTest(context.Background())
	if err != nil || me.UserID == nil || *me.UserID != "W12345678" {
		t.Fatalf("auth.test: %+v, %v", me, err)
	}
	if req, _ := srv.last(t); req.Header.Get("Authorization") != "Bearer "+slackToken || req.Method != "POST" {
		t.Errorf("%s with %v", req.Method, req.Header)
	}
	if _, err := slack.New(slack.WithToken("not-a-slack-token")); !errors.Is(err, slack.ErrInvalidCredential) {
		t.Errorf("a token without xox: %v", err)
	}
}

func TestSlackRateLimit(t *testing.T) {
	for _, post := range []bool{false, true} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Retry-After", "30")
			writeJSON(w, 429, map[string]any{"ok": false, "error": "ratelimited"})
		})
		wait, source, retried, _ := plannedWait(t, func(ctx context.Context, onRetry func(time.Duration, string)) error {
			c := newSlack(t, srv, slack.WithOnRetry(func(e slack.RetryEvent) { onRetry(e.Wait, e.Source) }))
			var err error
			if post {
				_, err = c.ChatPostMessage(ctx, &slack.ChatPostMessageParams{Body: slack.ChatPostMessageRequest{Channel: "C1"}})
			} else {
				_, err = c.ConversationsList(ctx, nil)
			}
			return err
		})
		if !retried || wait != 30*time.Second || source != "Retry-After" {
			t.Errorf("post=%v: planned %v from %q (retried %v)", post, wait, source, retried)
		}
	}
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		writeJSON(w, 429, map[string]any{"ok": false, "error": "ratelimited"})
	})
	_, err := newSlack(t, srv, slack.WithMaxRetries(0)).ConversationsList(context.Background(), nil)
	if !errors.Is(err, slack.ErrRatelimited) || !errors.Is(err, slack.ErrRateLimited) {
		t.Errorf("err = %v", err)
	}
}
