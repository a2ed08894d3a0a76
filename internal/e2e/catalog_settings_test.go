package e2e

// The client contract's provider settings, for every client of the vendor
// catalog: WithDefaultHeader sets or replaces a client-wide header (the
// vendor's fixed ones too), a per-call WithHeader replaces it again with
// one value, and Accept and User-Agent can be overridden.

import (
	"context"
	"net/http"
	"testing"

	"github.com/authgen/authgen/generated/asana"
	"github.com/authgen/authgen/generated/box"
	"github.com/authgen/authgen/generated/datadog"
	"github.com/authgen/authgen/generated/github"
	"github.com/authgen/authgen/generated/hubspot"
	"github.com/authgen/authgen/generated/intercom"
	"github.com/authgen/authgen/generated/notion"
	"github.com/authgen/authgen/generated/openai"
	"github.com/authgen/authgen/generated/pagerduty"
	"github.com/authgen/authgen/generated/sentry"
	"github.com/authgen/authgen/generated/shopify"
	"github.com/authgen/authgen/generated/slack"
	"github.com/authgen/authgen/generated/stripe"
	"github.com/authgen/authgen/generated/twilio"
	"github.com/authgen/authgen/generated/twitch"
	"github.com/authgen/authgen/generated/zendesk"
)

// settingsCall makes one call with the settings under test: client-wide
// X-Team: client, Accept: application/x-test, User-Agent: acme-app/1.0, and
// per call X-Team: call.
type settingsCall func(ctx context.Context, base string) error

func TestCatalogProviderSettings(t *testing.T) {
	const accept, ua = "application/x-test", "acme-app/1.0"
	calls := map[string]settingsCall{
		"github": func(ctx context.Context, base string) error {
			c, err := github.New(github.WithToken(githubToken), github.WithBaseURL(base), github.WithDefaultHeader("X-Team", "client"), github.WithDefaultHeader("Accept", accept), github.WithUserAgent(ua))
			if err == nil {
				_, err = c.UsersGetAuthenticated(ctx, github.WithHeader("X-Team", "call"))
			}
			return err
		},
		"stripe": func(ctx context.Context, base string) error {
			c, err := stripe.New(stripe.WithBearerAuth(stripeKey), stripe.WithBaseURL(base), stripe.WithDefaultHeader("X-Team", "client"), stripe.WithDefaultHeader("Accept", accept), stripe.WithUserAgent(ua))
			if err == nil {
				_, err = c.GetBalance(ctx, nil, stripe.WithHeader("X-Team", "call"))
			}
			return err
		},
		"twilio": func(ctx context.Context, base string) error {
			c, err := twilio.New(twilio.WithAccountSidAuthToken(twilioSID, twilioToken), twilio.WithBaseURL(base), twilio.WithDefaultHeader("X-Team", "client"), twilio.WithDefaultHeader("Accept", accept), twilio.WithUserAgent(ua))
			if err == nil {
				_, err = c.FetchAccount(ctx, twilioSID, twilio.WithHeader("X-Team", "call"))
			}
			return err
		},
		"openai": func(ctx context.Context, base string) error {
			c, err := openai.New(openai.WithAPIKeyAuth(openaiKey), openai.WithBaseURL(base), openai.WithDefaultHeader("X-Team", "client"), openai.WithDefaultHeader("Accept", accept), openai.WithUserAgent(ua))
			if err == nil {
				_, err = c.ListModels(ctx, openai.WithHeader("X-Team", "call"))
			}
			return err
		},
		"notion": func(ctx context.Context, base string) error {
			c, err := notion.New(notion.WithIntegrationToken(notionToken), notion.WithBaseURL(base), notion.WithDefaultHeader("X-Team", "client"), notion.WithDefaultHeader("Accept", accept), notion.WithUserAgent(ua))
			if err == nil {
				_, err = c.GetSelf(ctx, notion.WithHeader("X-Team", "call"))
			}
			return err
		},
		"shopify": func(ctx context.Context, base string) error {
			c, err := shopify.New(shopify.WithAccessToken(shopifyToken), shopify.WithBaseURL(base), shopify.WithDefaultHeader("X-Team", "client"), shopify.WithDefaultHeader("Accept", accept), shopify.WithUserAgent(ua))
			if err == nil {
				_, err = c.GetShop(ctx, shopify.WithHeader("X-Team", "call"))
			}
			return err
		},
		"zendesk": func(ctx context.Context, base string) error {
			c, err := zendesk.New(zendesk.WithAPIToken("jdoe@example.com", "tok"), zendesk.WithBaseURL(base), zendesk.WithDefaultHeader("X-Team", "client"), zendesk.WithDefaultHeader("Accept", accept), zendesk.WithUserAgent(ua))
			if err == nil {
				_, err = c.ShowSelf(ctx, zendesk.WithHeader("X-Team", "call"))
			}
			return err
		},
		"slack": func(ctx context.Context, base string) error {
			c, err := slack.New(slack.WithToken(slackToken), slack.WithBaseURL(base), slack.WithDefaultHeader("X-Team", "client"), slack.WithDefaultHeader("Accept", accept), slack.WithUserAgent(ua))
			if err == nil {
				_, err = c.AuthTest(ctx, slack.WithHeader("X-Team", "call"))
			}
			return err
		},
		"sentry": func(ctx context.Context, base string) error {
			c, err := sentry.New(sentry.WithAuthToken(sentryToken), sentry.WithBaseURL(base), sentry.WithDefaultHeader("X-Team", "client"), sentry.WithDefaultHeader("Accept", accept), sentry.WithUserAgent(ua))
			if err == nil {
				_, err = c.RetrieveAnOrganization(ctx, "acme", sentry.WithHeader("X-Team", "call"))
			}
			return err
		},
		"twitch": func(ctx context.Context, base string) error {
			c, err := twitch.New(twitch.WithAccessToken(twitchToken), twitch.WithClientID(twitchClientID), twitch.WithBaseURL(base), twitch.WithDefaultHeader("X-Team", "client"), twitch.WithDefaultHeader("Accept", accept), twitch.WithUserAgent(ua))
			if err == nil {
				_, err = c.GetUsers(ctx, nil, twitch.WithHeader("X-Team", "call"))
			}
			return err
		},
		"box": func(ctx context.Context, base string) error {
			c, err := box.New(box.WithAccessToken(boxToken), box.WithBaseURL(base), box.WithDefaultHeader("X-Team", "client"), box.WithDefaultHeader("Accept", accept), box.WithUserAgent(ua))
			if err == nil {
				_, err = c.GetUsersMe(ctx, nil, box.WithHeader("X-Team", "call"))
			}
			return err
		},
		"asana": func(ctx context.Context, base string) error {
			c, err := asana.New(asana.WithPersonalAccessToken(asanaToken), asana.WithBaseURL(base), asana.WithDefaultHeader("X-Team", "client"), asana.WithDefaultHeader("Accept", accept), asana.WithUserAgent(ua))
			if err == nil {
				_, err = c.GetUser(ctx, "me", nil, asana.WithHeader("X-Team", "call"))
			}
			return err
		},
		"pagerduty": func(ctx context.Context, base string) error {
			c, err := pagerduty.New(pagerduty.WithAPIKey(pagerdutyKey), pagerduty.WithBaseURL(base), pagerduty.WithDefaultHeader("X-Team", "client"), pagerduty.WithDefaultHeader("Accept", accept), pagerduty.WithUserAgent(ua))
			if err == nil {
				_, err = c.ListIncidents(ctx, nil, pagerduty.WithHeader("X-Team", "call"))
			}
			return err
		},
		"datadog": func(ctx context.Context, base string) error {
			c, err := datadog.New(datadog.WithAPIKeyAuth(datadogAPIKey), datadog.WithAppKeyAuth(datadogAppKey), datadog.WithBaseURL(base), datadog.WithDefaultHeader("X-Team", "client"), datadog.WithDefaultHeader("Accept", accept), datadog.WithUserAgent(ua))
			if err == nil {
				_, err = c.ListMonitors(ctx, nil, datadog.WithHeader("X-Team", "call"))
			}
			return err
		},
		"intercom": func(ctx context.Context, base string) error {
			c, err := intercom.New(intercom.WithBearerAuth(intercomToken), intercom.WithBaseURL(base), intercom.WithDefaultHeader("X-Team", "client"), intercom.WithDefaultHeader("Accept", accept), intercom.WithUserAgent(ua))
			if err == nil {
				_, err = c.ListContacts(ctx, nil, intercom.WithHeader("X-Team", "call"))
			}
			return err
		},
		"hubspot": func(ctx context.Context, base string) error {
			c, err := hubspot.New(hubspot.WithPrivateAppToken(hubspotToken), hubspot.WithBaseURL(base), hubspot.WithDefaultHeader("X-Team", "client"), hubspot.WithDefaultHeader("Accept", accept), hubspot.WithUserAgent(ua))
			if err == nil {
				_, err = c.GetAccountDetails(ctx, hubspot.WithHeader("X-Team", "call"))
			}
			return err
		},
	}
	if len(calls) != 16 {
		t.Fatalf("%d catalog clients", len(calls))
	}
	for name, call := range calls {
		srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
			if name == "asana" { // its success envelope
				writeJSON(w, 200, map[string]any{"data": map[string]any{}})
				return
			}
			if name == "datadog" { // its monitors come as a bare array
				writeJSON(w, 200, []any{})
				return
			}
			writeJSON(w, 200, map[string]any{"ok": true})
		})
		if err := call(context.Background(), srv.URL); err != nil {
			t.Errorf("%s: %v", name, err)
			continue
		}
		req, _ := srv.last(t)
		if got := req.Header.Values("X-Team"); len(got) != 1 || got[0] != "call" {
			t.Errorf("%s: X-Team = %q, want the per-call value alone", name, got)
		}
		if got := req.Header.Values("Accept"); len(got) != 1 || got[0] != accept {
			t.Errorf("%s: Accept = %q", name, got)
		}
		if got := req.Header.Get("User-Agent"); got != ua {
			t.Errorf("%s: User-Agent = %q", name, got)
		}
	}
}
