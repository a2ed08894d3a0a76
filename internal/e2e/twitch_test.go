package e2e

// Twitch, as its docs answer (get-started, the API guide's rate limits and
// pagination, the Get Users reference; the 401 bodies as Twitch's
// developer forum quotes them), pages cited in specs/twitch.yaml.

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/twitch"
)

// The Get Users reference's example request: "curl -X GET
// 'https://api.twitch.tv/helix/users?id=141981764' -H'Authorization:
// Bearer cfabdegwdoklmawdzdo98xt2fo512y' -H'Client-Id:
// uo6dggojyb8d6soh92zknwmi5ej1q2'".
const (
	twitchToken    = "cfabdegwdoklmawdzdo98xt2fo512y"
	twitchClientID = "uo6dggojyb8d6soh92zknwmi5ej1q2"
)

func newTwitch(t *testing.T, srv *recorder, opts ...twitch.Option) *twitch.Client {
	t.Helper()
	c, err := twitch.New(append([]twitch.Option{twitch.WithAccessToken(twitchToken), twitch.WithClientID(twitchClientID), twitch.WithBaseURL(srv.URL),
		twitch.WithRetryPolicy(twitch.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestTwitchTokenAndClientIDOnEveryCall: the bearer token and Client-Id
// on a GET and on a POST; without the client ID, no request is sent.
func TestTwitchTokenAndClientIDOnEveryCall(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.Method == "POST" {
			w.WriteHeader(202)
			_, _ = w.Write([]byte(`{"data":[{"id":"26b1c993-bfcf-44d9-b876-379dacafe75a","status":"webhook_callback_verification_pending","type":"stream.online","version":"1","condition":{"broadcaster_user_id":"1234"},"created_at":"2020-11-10T14:32:18.730260295Z","transport":{"method":"webhook","callback":"https://this-is-a-callback.com"},"cost":1}],"total":1,"total_cost":1,"max_total_cost":10000}`))
			return
		}
		_, _ = w.Write([]byte(`{"data":[{"id":"141981764","login":"twitchdev","display_name":"TwitchDev","type":"","broadcaster_type":"partner","description":"Supporting third-party developers building Twitch integrations from chatbots to game integrations.","profile_image_url":"https://static-cdn.jtvnw.net/jtv_user_pictures/8a6381c7-d0c0-4576-b179-38bd5ce1d6af-profile_image-300x300.png","offline_image_url":"https://static-cdn.jtvnw.net/jtv_user_pictures/3f13ab61-ec78-4fe6-8481-8682cb3b0ac2-channel_offline_image-1920x1080.png","view_count":5980557,"email":"not-real@email.com","created_at":"2016-12-14T20:32:28Z"}]}`))
	})
	c := newTwitch(t, srv)
	users, err := c.GetUsers(context.Background(), &twitch.GetUsersParams{ID: []string{"141981764"}})
	if err != nil {
		t.Fatal(err)
	}
	req, _ := srv.last(t)
	if req.Header.Get("Authorization") != "Bearer "+twitchToken || req.Header.Get("Client-Id") != twitchClientID || req.URL.RequestURI() != "/users?id=141981764" {
		t.Errorf("GET %s %v", req.URL, req.Header)
	}
	if len(users.Data) != 1 || users.Data[0].Login != "twitchdev" || users.Data[0].ViewCount == nil || *users.Data[0].ViewCount != 5980557 {
		t.Errorf("users %+v", users)
	}
	sub, err := c.CreateEventSubSubscription(context.Background(), &twitch.CreateEventSubSubscriptionParams{Body: twitch.CreateEventSubSubscriptionRequest{
		Type: "stream.online", Version: "1", Condition: map[string]string{"broadcaster_user_id": "1234"},
		Transport: twitch.Transport{Method: "webhook", Callback: ptr("https://this-is-a-callback.com"), Secret: ptr("s3cre7s3cre7")},
	}})
	if err != nil {
		t.Fatal(err)
	}
	req, _ = srv.last(t)
	if req.Method != "POST" || req.Header.Get("Authorization") != "Bearer "+twitchToken || req.Header.Get("Client-Id") != twitchClientID {
		t.Errorf("POST %v", req.Header)
	}
	if len(sub.Data) != 1 || sub.Data[0].Status != "webhook_callback_verification_pending" {
		t.Errorf("subscription %+v", sub)
	}

	n := srv.count()
	noID, err := twitch.New(twitch.WithAccessToken(twitchToken), twitch.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := noID.GetUsers(context.Background(), nil); !errors.Is(err, twitch.ErrMissingCredential) || srv.count() != n {
		t.Errorf("without Client-Id: %v, %d requests", err, srv.count()-n)
	}
}

// TestTwitchErrors: {"error", "status", "message"}; the message says what
// is wrong, the status is the sentinel (Twitch has no codes of its own).
// Twitch's reference shows no error body: the messages are the forum
// wiki's ("Token invalid or missing required scope") and third-party
// reports' ("OAuth token is missing"), the bodies as those reports show
// them.
func TestTwitchErrors(t *testing.T) {
	for _, body := range []string{
		`{"error":"Unauthorized","status":401,"message":"OAuth token is missing"}`,
		`{"error":"Unauthorized","status":401,"message":"Token invalid or missing required scope"}`,
	} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(401)
			_, _ = w.Write([]byte(body))
		})
		_, err := newTwitch(t, srv).GetUsers(context.Background(), nil)
		var apiErr *twitch.APIError
		if !errors.Is(err, twitch.ErrUnauthorized) || !errors.As(err, &apiErr) || "{\"error\":\"Unauthorized\",\"status\":401,\"message\":\""+apiErr.Message+"\"}" != body || srv.count() != 1 {
			t.Errorf("%s: %v (%+v)", body, err, apiErr)
		}
	}
}

// TestTwitchRateLimit: Ratelimit-Limit, -Remaining and -Reset on every
// response; a 429 with none remaining waits until Ratelimit-Reset (a Unix
// epoch timestamp). 800 (points a minute) is the figure users report
// (github.com/twurple/twurple/issues/281), not read on Twitch's guide; the
// 429's body is ours, in the shape of the others (Twitch shows none).
func TestTwitchRateLimit(t *testing.T) {
	reset := strconv.FormatInt(time.Now().Add(5*time.Second).Unix(), 10)
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Ratelimit-Limit", "800")
		w.Header().Set("Ratelimit-Remaining", "0")
		w.Header().Set("Ratelimit-Reset", reset)
		writeJSON(w, 429, map[string]any{"error": "Too Many Requests", "status": 429, "message": "Too Many Requests"})
	})
	wait, source, retried, _ := plannedWait(t, func(ctx context.Context, onRetry func(time.Duration, string)) error {
		_, err := newTwitch(t, srv, twitch.WithOnRetry(func(e twitch.RetryEvent) { onRetry(e.Wait, e.Source) })).GetStreams(ctx, nil)
		return err
	})
	if !retried || !near(wait, 5*time.Second) || source != "Ratelimit-Reset" {
		t.Errorf("planned %v from %q (retried %v)", wait, source, retried)
	}

	ok := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Ratelimit-Limit", "800")
		w.Header().Set("Ratelimit-Remaining", "799")
		w.Header().Set("Ratelimit-Reset", reset)
		writeJSON(w, 200, map[string]any{"data": []any{}})
	})
	var meta twitch.Response
	if _, err := newTwitch(t, ok).GetStreams(context.Background(), nil, twitch.WithResponseInto(&meta)); err != nil {
		t.Fatal(err)
	}
	if meta.RateLimit.Limit != 800 || meta.RateLimit.Remaining != 799 || strconv.FormatInt(meta.RateLimit.Reset.Unix(), 10) != reset {
		t.Errorf("rate limit %+v", meta.RateLimit)
	}
}

// TestTwitchCursorPages: the pagination object's cursor goes back as
// after; a page whose pagination is empty is the last.
func TestTwitchCursorPages(t *testing.T) {
	const cursor = "eyJiIjpudWxsLCJhIjp7Ik9mZnNldCI6MjB9fQ"
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Query().Get("after") == "" {
			_, _ = w.Write([]byte(`{"data":[{"id":"40952121085","user_id":"101051819","user_login":"afro","user_name":"Afro","game_id":"32982","type":"live","viewer_count":1490}],"pagination":{"cursor":"` + cursor + `"}}`))
			return
		}
		_, _ = w.Write([]byte(`{"data":[{"id":"40952121086","user_id":"101051820","user_login":"twitchdev","type":"live","viewer_count":9}],"pagination":{}}`))
	})
	var logins []string
	for s, err := range newTwitch(t, srv).GetStreamsAll(context.Background(), &twitch.GetStreamsParams{First: ptr(int64(1))}) {
		if err != nil {
			t.Fatal(err)
		}
		logins = append(logins, s.UserLogin)
	}
	req, _ := srv.last(t)
	if fmt.Sprint(logins) != "[afro twitchdev]" || srv.count() != 2 || req.URL.Query().Get("after") != cursor || req.URL.Query().Get("first") != "1" {
		t.Errorf("logins %v after %d requests, last %s", logins, srv.count(), req.URL)
	}
}

// TestTwitchAppTokenFromClientCredentials: WithAppToken runs the client
// credentials grant as "Getting OAuth Access Tokens" shows it: a POST to
// https://id.twitch.tv/oauth2/token with client_id, client_secret and
// grant_type=client_credentials in the form body (not HTTP basic), and
// the page's example answer, whose access token then goes out as Bearer
// beside the Client-Id.
func TestTwitchAppTokenFromClientCredentials(t *testing.T) {
	const secret = "41vpdji4e9gif29md0ouet6fktd2" // the secret's shape on the page
	var tokenForm url.Values
	var tokenHost string
	var basicSent bool
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if r.URL.Path == "/oauth2/token" {
			_ = r.ParseForm()
			tokenForm, tokenHost = r.PostForm, r.Header.Get("X-Original-Host")
			_, _, basicSent = r.BasicAuth()
			_, _ = w.Write([]byte(`{
  "access_token": "jostpf5q0uzmxmkba9iyug38kjtgh",
  "expires_in": 5011271,
  "token_type": "bearer"
}`))
			return
		}
		_, _ = w.Write([]byte(`{"data":[]}`))
	})
	// id.twitch.tv is reached through the recorder, which notes the host
	// the client asked for.
	hc := throughRecorder(srv)
	c, err := twitch.New(twitch.WithAppToken(twitchClientID, secret), twitch.WithClientID(twitchClientID), twitch.WithHTTPClient(hc))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.GetUsers(context.Background(), &twitch.GetUsersParams{Login: []string{"twitchdev"}}); err != nil {
		t.Fatal(err)
	}
	want := url.Values{"client_id": {twitchClientID}, "client_secret": {secret}, "grant_type": {"client_credentials"}}
	if tokenHost != "id.twitch.tv" || basicSent || fmt.Sprint(tokenForm) != fmt.Sprint(want) {
		t.Errorf("token request to %q, basic %v, form %v; want id.twitch.tv, no basic, %v", tokenHost, basicSent, tokenForm, want)
	}
	req, _ := srv.last(t)
	if req.Header.Get("Authorization") != "Bearer jostpf5q0uzmxmkba9iyug38kjtgh" || req.Header.Get("Client-Id") != twitchClientID {
		t.Errorf("API call headers %v", req.Header)
	}
}
