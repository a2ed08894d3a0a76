package e2e

// Issue 27's acceptance 1 for the catalog: every answer the fake of every
// spec in specs/ writes, for every operation, goes through kin-openapi's
// response validator against the document the client was generated from
// (the vendor's document as the overlay and the operation filter edit it).

import (
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/authgen/authgen/generated/asana/asanafake"
	"github.com/authgen/authgen/generated/binance/binancefake"
	"github.com/authgen/authgen/generated/box/boxfake"
	"github.com/authgen/authgen/generated/datadog/datadogfake"
	"github.com/authgen/authgen/generated/github/githubfake"
	"github.com/authgen/authgen/generated/hubspot/hubspotfake"
	"github.com/authgen/authgen/generated/intercom/intercomfake"
	"github.com/authgen/authgen/generated/jobhive/jobhivefake"
	"github.com/authgen/authgen/generated/jobmojito/jobmojitofake"
	"github.com/authgen/authgen/generated/jobo/jobofake"
	"github.com/authgen/authgen/generated/mojave/mojavefake"
	"github.com/authgen/authgen/generated/notion/notionfake"
	"github.com/authgen/authgen/generated/openai/openaifake"
	"github.com/authgen/authgen/generated/pagerduty/pagerdutyfake"
	"github.com/authgen/authgen/generated/s3objects/s3objectsfake"
	"github.com/authgen/authgen/generated/sentry/sentryfake"
	"github.com/authgen/authgen/generated/shopify/shopifyfake"
	"github.com/authgen/authgen/generated/slack/slackfake"
	"github.com/authgen/authgen/generated/stripe/stripefake"
	"github.com/authgen/authgen/generated/twilio/twiliofake"
	"github.com/authgen/authgen/generated/twitch/twitchfake"
	"github.com/authgen/authgen/generated/zendesk/zendeskfake"
	"github.com/authgen/authgen/internal/fakecheck"
)

// catalogFake is a fake of the catalog and the spec it was generated from.
type catalogFake struct {
	spec string
	fakecheck.Fake
}

var catalogFakes = map[string]catalogFake{
	"twitch":    {"../../specs/twitch.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return twitchfake.NewServer(tb) }, Error: twitchfake.Error}},
	"sentry":    {"../../specs/sentry.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return sentryfake.NewServer(tb) }, Error: sentryfake.Error}},
	"box":       {"../../specs/box.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return boxfake.NewServer(tb) }, Error: boxfake.Error}},
	"asana":     {"../../specs/asana.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return asanafake.NewServer(tb) }, Error: asanafake.Error}},
	"binance":   {"../../specs/binance.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return binancefake.NewServer(tb) }, Error: binancefake.Error}},
	"datadog":   {"../../specs/datadog.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return datadogfake.NewServer(tb) }, Error: datadogfake.Error}},
	"github":    {"../../specs/github.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return githubfake.NewServer(tb) }, Error: githubfake.Error}},
	"hubspot":   {"../../specs/hubspot.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return hubspotfake.NewServer(tb) }, Error: hubspotfake.Error}},
	"intercom":  {"../../specs/intercom.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return intercomfake.NewServer(tb) }, Error: intercomfake.Error}},
	"jobhive":   {"../../specs/jobhive.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return jobhivefake.NewServer(tb) }, Error: jobhivefake.Error}},
	"jobmojito": {"../../specs/jobmojito.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return jobmojitofake.NewServer(tb) }, Error: jobmojitofake.Error}},
	"jobo":      {"../../specs/jobo.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return jobofake.NewServer(tb) }, Error: jobofake.Error}},
	"mojave":    {"../../specs/mojave.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return mojavefake.NewServer(tb) }, Error: mojavefake.Error}},
	"notion":    {"../../specs/notion.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return notionfake.NewServer(tb) }, Error: notionfake.Error}},
	"openai":    {"../../specs/openai.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return openaifake.NewServer(tb) }, Error: openaifake.Error}},
	"pagerduty": {"../../specs/pagerduty.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return pagerdutyfake.NewServer(tb) }, Error: pagerdutyfake.Error}},
	"s3objects": {"../../specs/s3objects.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return s3objectsfake.NewServer(tb) }, Error: s3objectsfake.Error}},
	"shopify":   {"../../specs/shopify.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return shopifyfake.NewServer(tb) }, Error: shopifyfake.Error}},
	"slack":     {"../../specs/slack.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return slackfake.NewServer(tb) }, Error: slackfake.Error}},
	"stripe":    {"../../specs/stripe.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return stripefake.NewServer(tb) }, Error: stripefake.Error}},
	"twilio":    {"../../specs/twilio.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return twiliofake.NewServer(tb) }, Error: twiliofake.Error}},
	"zendesk":   {"../../specs/zendesk.yaml", fakecheck.Fake{New: func(tb testing.TB) any { return zendeskfake.NewServer(tb) }, Error: zendeskfake.Error}},
}

// pendingEnvelopes are the fakes whose error answers are logged, not
// failed, because their envelopes leave out a member the error schema
// requires. None is left since the fake builds its envelopes from the
// error schema; a fake listed here whose error answers all validate fails
// the test, so that the list only shrinks.
var pendingEnvelopes = map[string]bool{}

// TestEveryFakeAnswerValidatesAgainstTheDocument is issue 27's
// acceptance 1 for the catalog: it calls every operation of every fake of
// specs/, for each answer a fake writes (the handler's success, an Error
// the operation documents, the 401 of a missing credential, the 429 of a
// rate limit and the success before it, an injected fault the operation
// documents, the pages of an operation the client walks, the stream of
// one it streams), and validates each answer against the edited document
// (the vendor's, as the overlay and the operation filter edit it: what
// the generator reads) with kin-openapi's response validator.
//
// What it cannot hold a fake to, it counts and logs instead (-v shows
// the counts per fake): a status the operation does not declare (the
// fake's 401 or 429 where the document lists none) is held to the
// envelope of the first error the operation declares, and is not
// validated when it declares none; an XML or binary body, to its status
// and media type; a success whose only fault is a pattern, a format or a
// bound the handler's zero value misses (Stripe's list url), to nothing
// more, since no schema says which value would do and a handler gives it.
func TestEveryFakeAnswerValidatesAgainstTheDocument(t *testing.T) {
	specs, err := filepath.Glob("../../specs/*.yaml")
	if err != nil || len(specs) == 0 {
		t.Fatalf("no specs in ../../specs: %v", err)
	}
	for _, path := range specs {
		if name := strings.TrimSuffix(filepath.Base(path), ".yaml"); catalogFakes[name].spec == "" {
			t.Errorf("specs/%s.yaml has no fake in catalogFakes: add it, so that its answers are validated", name)
		}
	}
	total := 0
	names := make([]string, 0, len(catalogFakes))
	for name := range catalogFakes {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		cf := catalogFakes[name]
		t.Run(name, func(t *testing.T) {
			answers, envelopeFailures := fakecheck.Check(t, fakecheck.LoadEdited(t, cf.spec), cf.Fake, pendingEnvelopes[name])
			n, summary := fakecheck.Summary(answers)
			t.Logf("%d answers: %s", n, summary)
			if pendingEnvelopes[name] && envelopeFailures == 0 {
				t.Errorf("every error answer of the %s fake validates now: take it off pendingEnvelopes", name)
			}
			total += n
		})
	}
	t.Logf("%d answers of %d catalog fakes validated", total, len(catalogFakes))
}
