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
		writeJSON(w, 200, map[string]any{"portalId": 62515, "timeZone": "US/Eastern", "accountType": "STANDARD", "companyCurrency": "USD"})
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
	if details.PortalID != 62515 || meta.RateLimit.Limit != 190 || meta.RateLimit.Remaining != 189 || meta.DailyRemaining != 649999 || meta.RateLimitIntervalMilliseconds != 10000 {
		t.Errorf("details %+v, meta %+v", details, meta)
	}
}

// TestHubSpotErrors: {"status": "error", "message", "correlationId",
// "category"}: the category is the sentinel, correlationId the request id;
// a 429's other shape names its policy.
func TestHubSpotErrors(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 401, map[string]any{"status": "error", "message": "Authentication credentials not found.", "correlationId": "4f4a1d3e-5e38-4d4d-9b8e-b5d3b6b9f1e8", "category": "INVALID_AUTHENTICATION"})
	})
	_, err := newHubSpot(t, srv).GetContact(context.Background(), "51")
	var apiErr *hubspot.APIError
	if !errors.Is(err, hubspot.ErrInvalidAuthentication) || !errors.As(err, &apiErr) || apiErr.RequestID != "4f4a1d3e-5e38-4d4d-9b8e-b5d3b6b9f1e8" || apiErr.Message != "Authentication credentials not found." {
		t.Errorf("%v (%+v)", err, apiErr)
	}

	calls := 0
	srv = newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		calls++
		writeJSON(w, 429, map[string]any{"status": "error", "message": "You have reached your secondly limit.", "errorType": "RATE_LIMIT", "correlationId": "c0ffee", "policyName": "SECONDLY"})
	})
	_, err = newHubSpot(t, srv).GetContact(context.Background(), "51")
	if !errors.Is(err, hubspot.ErrRateLimit) || !errors.As(err, &apiErr) || apiErr.PolicyName != "SECONDLY" || calls != 3 {
		t.Errorf("after %d calls: %v (%+v)", calls, err, apiErr)
	}
}

// TestHubSpotPaging: paging.next.after is sent back as after until a page
// has no paging.
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
