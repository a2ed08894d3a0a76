package e2e

// Twilio, as its docs answer (https://www.twilio.com/docs/usage/requests-to-twilio,
// /docs/usage/twilios-response; bodies as Twilio sends them).

import (
	"context"
	"encoding/base64"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/twilio"
)

const (
	twilioSID   = "ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX"
	twilioToken = "your_auth_token"
)

func newTwilio(t *testing.T, srv *recorder, opts ...twilio.Option) *twilio.Client {
	t.Helper()
	c, err := twilio.New(append([]twilio.Option{twilio.WithAccountSidAuthToken(twilioSID, twilioToken), twilio.WithBaseURL(srv.URL),
		twilio.WithRetryPolicy(twilio.RetryPolicy{MaxRetries: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestTwilioAccountSidComesFromTheCredential(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Twilio-Request-Id", "RQ1234567890abcdef")
		writeJSON(w, 201, map[string]any{"sid": "SMXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX", "status": "queued", "body": "Hi there", "to": "+15558675310"})
	})
	c := newTwilio(t, srv)
	msg, err := c.CreateMessage(context.Background(), "", &twilio.CreateMessageParams{Body: &twilio.CreateMessageRequest{To: "+15558675310", From: ptr("+15017122661"), Body: ptr("Hi there")}})
	if err != nil {
		t.Fatal(err)
	}
	req, body := srv.last(t)
	if req.URL.Path != "/2010-04-01/Accounts/"+twilioSID+"/Messages.json" {
		t.Errorf("path = %s, want the credential's Account SID in it", req.URL.Path)
	}
	if got, want := req.Header.Get("Authorization"), "Basic "+base64.StdEncoding.EncodeToString([]byte(twilioSID+":"+twilioToken)); got != want {
		t.Errorf("Authorization = %q", got)
	}
	if string(body) != "Body=Hi+there&From=%2B15017122661&To=%2B15558675310" {
		t.Errorf("form body = %s", body)
	}
	if msg.Sid == nil || *msg.Sid != "SMXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX" {
		t.Errorf("message = %+v", msg)
	}
	// A subaccount's resources, with the main account's credential.
	if _, err := c.FetchMessage(context.Background(), "ACsubaccount", "SM1"); err == nil {
		if req, _ := srv.last(t); req.URL.Path != "/2010-04-01/Accounts/ACsubaccount/Messages/SM1.json" {
			t.Errorf("path = %s", req.URL.Path)
		}
	}
}

func TestTwilioNewFromEnv(t *testing.T) {
	t.Setenv("TWILIO_ACCOUNT_SID", twilioSID)
	t.Setenv("TWILIO_AUTH_TOKEN", twilioToken)
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) { writeJSON(w, 200, map[string]any{"sid": twilioSID}) })
	c, err := twilio.NewFromEnv(twilio.WithBaseURL(srv.URL))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.ListMessage(context.Background(), "", nil); err != nil {
		t.Fatal(err)
	}
	if req, _ := srv.last(t); req.URL.Path != "/2010-04-01/Accounts/"+twilioSID+"/Messages.json" {
		t.Errorf("path = %s", req.URL.Path)
	}
}

func TestTwilioErrors(t *testing.T) {
	for _, tc := range []struct {
		status   int
		code     int
		message  string
		sentinel error
		requests int
	}{
		{401, 20003, "Authenticate", twilio.ErrAuthenticationFailed, 1},
		{404, 20404, "The requested resource /2010-04-01/Accounts/ACXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX/Messages/SM1.json was not found", twilio.ErrResourceNotFound, 1},
		{400, 21211, "The 'To' number +1555 is not a valid phone number.", twilio.ErrInvalidToNumber, 1},
		{429, 20429, "Too Many Requests", twilio.ErrTooManyRequests, 4},
	} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, tc.status, map[string]any{"code": tc.code, "message": tc.message, "more_info": "https://www.twilio.com/docs/errors/" + itoa(tc.code), "status": tc.status})
		})
		_, err := newTwilio(t, srv).FetchMessage(context.Background(), "", "SM1")
		var apiErr *twilio.APIError
		if !errors.Is(err, tc.sentinel) || !errors.As(err, &apiErr) || apiErr.Message != tc.message || apiErr.MoreInfo != "https://www.twilio.com/docs/errors/"+itoa(tc.code) {
			t.Errorf("%d: %v", tc.code, err)
		}
		if srv.count() != tc.requests {
			t.Errorf("%d: %d requests, want %d", tc.code, srv.count(), tc.requests)
		}
	}
}

// TestTwilioRetryDecision: a 429 (code 20429) is retried for a GET and a
// POST alike (Twilio refused it before doing anything); a 500 on a POST
// is not, since the message may have been sent.
func TestTwilioRetryDecision(t *testing.T) {
	for _, tc := range []struct {
		status   int
		post     bool
		requests int
	}{{429, false, 4}, {429, true, 4}, {503, false, 4}, {500, true, 1}} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			writeJSON(w, tc.status, map[string]any{"code": 20429, "message": "Too Many Requests", "more_info": "https://www.twilio.com/docs/errors/20429", "status": tc.status})
		})
		c := newTwilio(t, srv)
		if tc.post {
			_, _ = c.CreateMessage(context.Background(), "", &twilio.CreateMessageParams{Body: &twilio.CreateMessageRequest{To: "+15558675310", Body: ptr("Hi")}})
		} else {
			_, _ = c.FetchMessage(context.Background(), "", "SM1")
		}
		if srv.count() != tc.requests {
			t.Errorf("%d post=%v: %d requests, want %d", tc.status, tc.post, srv.count(), tc.requests)
		}
	}
}
