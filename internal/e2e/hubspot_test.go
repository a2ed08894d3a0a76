package e2e

// HubSpot, as its docs answer (authentication with a private app's access
// token, usage details and limits, error handling, CRM paging, cited in
// specs/hubspot.yaml; bodies as HubSpot shows them).

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/authgen/authgen/generated/hubspot"
)

const hubspotToken = "pat-na1-bfa3f7a1-3b3c-4b51-9b0a-54b1e8f8a1f2" // a private app token's shape

func newHubSpot(t *testing.T, srv *recorder, opts ...hubspot.Option) *hubspot.Client {
	t.Helper()
	c, err := hubspot.New(append([]hubspot.Option{hubspot.WithPrivateAppToken(hubspotToken), hubspot.WithBaseURL(srv.URL),
		hubspot.WithRetryPolicy(hubspot.RetryPolicy{MaxRetries: 2, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond})}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestHubSpotTokenAndUsage: "Authorization: Bearer <token>"; the usage
// headers are read as the rate limit and as metering.
func TestHubSpotTokenAndUsage(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-HubSpot-RateLimit-Max", "190")
		w.Header().Set("X-HubSpot-RateLimit-Remaining", "189")
		w.Header().Set("X-HubSpot-RateLimit-Interval-Milliseconds", "10000")
		w.Header().Set("X-HubSpot-RateLimit-Daily", "650000")
		w.Header().Set("X-HubSpot-RateLimit-Daily-Remaining", "649999")
		// accountInfo.json's example for GET /account-info/v3/details.
		writeJSON(w, 200, map[string]any{"portalId": 12345678, "timeZone": "US/Eastern", "companyCurrency": "USD", "additionalCurrencies": []any{"NZD", "AUD", "EUR"}, "utcOffset": "-04:00", "utcOffsetMilliseconds": -14400000, "uiDomain": "app-eu1.hubspot.com", "dataHostingLocation": "eu1"})
	})
	var meta hubspot.Response
	details, err := newHubSpot(t, srv).GetAccountDetails(context.Background(), hubspot.WithResponseInto(&meta))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := srv.last(t)
	if req.Header.Get("Authorization") != "Bearer "+hubspotToken || req.URL.Path != "/account-info/v3/details" {
		t.Errorf("request %s %v", req.URL, req.Header)
	}
	if details.PortalID != 12345678 || meta.RateLimit.Limit != 190 || meta.RateLimit.Remaining != 189 || meta.DailyRemaining != 649999 || meta.RateLimitIntervalMilliseconds != 10000 {
		t.Errorf("details %+v, meta %+v", details, meta)
	}
}

// TestHubSpotErrors: {"status": "error", "message", "correlationId",
// "category"}: the category is the sentinel, correlationId the request id;
// a 429's other shape names its policy. The bodies are HubSpot's: the
// error-responses page's example, the authentication changelog's 401 (with
// the comma after "message" its example lacks), the usage-details 429 and
// the SECONDLY one on HubSpot's developer forum.
func TestHubSpotErrors(t *testing.T) {
	for _, tc := range []struct {
		status        int
		body          string
		sentinel      error
		message       string
		correlationID string
	}{
		{400, `{ "status": "error", "message": "This will be a human readable message with details about the error.", "errors": [ { "message": "This will be a message with additional details about the error", "in": "name" } ], "category": "VALIDATION_ERROR", "correlationId": "a43683b0-5717-4ceb-80b4-104d02915d8c" }`,
			hubspot.ErrValidationError, "This will be a human readable message with details about the error.", "a43683b0-5717-4ceb-80b4-104d02915d8c"},
		{401, "{\n\n    \"message\": \"Authentication credentials not found. This endpoint supports both API Key and OAuth 2.0 authentication. You can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview and https://knowledge.hubspot.com/integrations/how-do-i-get-my-hubspot-api-key.\",\n\n    \"correlationId\": \"5b5f2f38-fb61-4be7-b228-3bd61b06f7f5\",\n\n    \"category\": \"INVALID_AUTHENTICATION\",\n\n    \"links\": { \n\n        \"api key\": \"https://knowledge.hubspot.com/integrations/how-do-i-get-my-hubspot-api-key\",\n\n        \"oauth\": \"https://developers.hubspot.com/docs/methods/auth/oauth-overview\"\n\n     }\n\n}",
			hubspot.ErrInvalidAuthentication, "Authentication credentials not found. This endpoint supports both API Key and OAuth 2.0 authentication. You can find more details at https://developers.hubspot.com/docs/methods/auth/oauth-overview and https://knowledge.hubspot.com/integrations/how-do-i-get-my-hubspot-api-key.", "5b5f2f38-fb61-4be7-b228-3bd61b06f7f5"},
	} {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(tc.status)
			_, _ = w.Write([]byte(tc.body))
		})
		_, err := newHubSpot(t, srv).GetContact(context.Background(), "51")
		var apiErr *hubspot.APIError
		if !errors.Is(err, tc.sentinel) || !errors.As(err, &apiErr) || apiErr.RequestID != tc.correlationID || apiErr.Message != tc.message {
			t.Errorf("%d: %v (%+v)", tc.status, err, apiErr)
		}
	}

	// A SECONDLY limit is retried ("you may try the request again after
	// waiting 1 second"); a DAILY one is not ("The daily limit resets at
	// midnight").
	for _, tc := range []struct {
		body   string
		policy string
		calls  int
	}{
		{`{"status":"error","message":"You have reached your secondly limit.","errorType":"RATE_LIMIT","correlationId":"6828d000-3d2f-4701-8d90-b21e53b0d005","policyName":"SECONDLY","requestId":"ce6a6a91-ac17-492f-bbdb-7d72477c319c"}`, "SECONDLY", 3},
		{"{\n  \"status\": \"error\",\n  \"message\": \"You have reached your daily limit.\",\n  \"errorType\": \"RATE_LIMIT\",\n  \"correlationId\": \"c033cdaa-2c40-4a64-ae48-b4cec88dad24\",\n  \"policyName\": \"DAILY\",\n  \"requestId\": \"3d3e35b7-0dae-4b9f-a6e3-9c230cbcf8dd\"\n}", "DAILY", 1},
	} {
		calls := 0
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			calls++
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(429)
			_, _ = w.Write([]byte(tc.body))
		})
		_, err := newHubSpot(t, srv).GetContact(context.Background(), "51")
		var apiErr *hubspot.APIError
		if !errors.Is(err, hubspot.ErrRateLimit) || !errors.As(err, &apiErr) || apiErr.PolicyName != tc.policy || calls != tc.calls {
			t.Errorf("%s: after %d calls (want %d): %v (%+v)", tc.policy, calls, tc.calls, err, apiErr)
		}
	}
}

// TestHubSpotPaging: paging.next.after is sent back as after until a page
// has no paging; the cursor is contacts.json's NextPage example.
func TestHubSpotPaging(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("after") == "" {
			writeJSON(w, 200, map[string]any{"results": []any{map[string]any{"id": "1", "properties": map[string]any{}}},
				"paging": map[string]any{"next": map[string]any{"after": "NTI1Cg%3D%3D", "link": "?after=NTI1Cg%3D%3D"}}})
			return
		}
		writeJSON(w, 200, map[string]any{"results": []any{map[string]any{"id": "2", "properties": map[string]any{}}}})
	})
	var ids []string
	for contact, err := range newHubSpot(t, srv).ListContactsAll(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, contact.ID)
	}
	req, _ := srv.last(t)
	if fmt.Sprint(ids) != "[1 2]" || req.URL.Query().Get("after") != "NTI1Cg%3D%3D" {
		t.Errorf("ids %v, last request %s", ids, req.URL)
	}
}
