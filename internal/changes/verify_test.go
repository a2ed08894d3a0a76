package changes

// Twilio Verify v2 at two real commits, through a user's overlay: authgen's
// report held to the independent list of truth_test.go.

import (
	"strings"
	"testing"

	"github.com/authgen/authgen/internal/gen"
	"github.com/authgen/authgen/internal/spec"
)

// verifyGoNames is how each true change shows in authgen's report: the Go
// names authgen gives the JSON ones (a model several operations share, like
// VerifyV2Service, carries their changes once). Written by reading
// truth.txt and the report side by side; a true change missing here fails
// the test until someone has looked at it.
var verifyGoNames = map[string]string{
	"CreateChallenge response member factor_type: enum value \"passkeys\" added":      "ChallengeEnumFactorTypesPasskeys: added",
	"CreateChallengePasskeys: operation added":                                        "(*Client).CreateChallengePasskeys: added",
	"CreateNewFactor request member FactorType: enum value \"passkeys\" added":        "NewFactorEnumFactorTypesPasskeys: added",
	"CreateNewFactor response member factor_type: enum value \"passkeys\" added":      "NewFactorEnumFactorTypesPasskeys: added",
	"CreateNewFactor response member options: added (optional)":                       "VerifyV2ServiceEntityNewFactor.Options: added",
	"CreateNewFactorPasskey: operation added":                                         "(*Client).CreateNewFactorPasskey: added",
	"CreateService request member Passkeys.AuthenticatorAttachment: added (optional)": "CreateServiceRequest.PasskeysAuthenticatorAttachment: added",
	"CreateService request member Passkeys.DiscoverableCredentials: added (optional)": "CreateServiceRequest.PasskeysDiscoverableCredentials: added",
	"CreateService request member Passkeys.RelyingParty.Id: added (optional)":         "CreateServiceRequest.PasskeysRelyingPartyID: added",
	"CreateService request member Passkeys.RelyingParty.Name: added (optional)":       "CreateServiceRequest.PasskeysRelyingPartyName: added",
	"CreateService request member Passkeys.RelyingParty.Origins: added (optional)":    "CreateServiceRequest.PasskeysRelyingPartyOrigins: added",
	"CreateService request member Passkeys.UserVerification: added (optional)":        "CreateServiceRequest.PasskeysUserVerification: added",
	"CreateService response member code_length: nullable true, now false":             "member VerifyV2Service.CodeLength (code_length): was optional and nullable, now optional",
	"CreateService response member passkeys: added (optional)":                        "VerifyV2Service.Passkeys: added",
	"CreateVerification request member EnableSnaClientToken: added (optional)":        "CreateVerificationRequest.EnableSnaClientToken: added",
	"CreateVerificationCheck request member SnaClientToken: added (optional)":         "CreateVerificationCheckRequest.SnaClientToken: added",
	"FetchFactor response member factor_type: enum value \"passkeys\" added":          "FactorEnumFactorTypesPasskeys: added",
	"FetchService response member code_length: nullable true, now false":              "member VerifyV2Service.CodeLength (code_length): was optional and nullable, now optional",
	"FetchService response member passkeys: added (optional)":                         "VerifyV2Service.Passkeys: added",
	"UpdateChallengePasskeys: operation added":                                        "(*Client).UpdateChallengePasskeys: added",
	"UpdatePasskeysFactor: operation added":                                           "(*Client).UpdatePasskeysFactor: added",
	"UpdateService request member Passkeys.AuthenticatorAttachment: added (optional)": "UpdateServiceRequest.PasskeysAuthenticatorAttachment: added",
	"UpdateService request member Passkeys.DiscoverableCredentials: added (optional)": "UpdateServiceRequest.PasskeysDiscoverableCredentials: added",
	"UpdateService request member Passkeys.RelyingParty.Id: added (optional)":         "UpdateServiceRequest.PasskeysRelyingPartyID: added",
	"UpdateService request member Passkeys.RelyingParty.Name: added (optional)":       "UpdateServiceRequest.PasskeysRelyingPartyName: added",
	"UpdateService request member Passkeys.RelyingParty.Origins: added (optional)":    "UpdateServiceRequest.PasskeysRelyingPartyOrigins: added",
	"UpdateService request member Passkeys.UserVerification: added (optional)":        "UpdateServiceRequest.PasskeysUserVerification: added",
	"UpdateService response member code_length: nullable true, now false":             "member VerifyV2Service.CodeLength (code_length): was optional and nullable, now optional",
	"UpdateService response member passkeys: added (optional)":                        "VerifyV2Service.Passkeys: added",
}

// TestVerifyDiffMatchesTruth holds authgen's report on the two real
// versions, through the user's overlay, to the independent list: every
// true change reported with its label (nothing missed), and every change
// reported is a true one or belongs to an operation added (a type of its
// own, like CreateChallengePasskeysParams): nothing false.
func TestVerifyDiffMatchesTruth(t *testing.T) {
	dir := "../../testdata/diff/twilio-verify-v2/"
	keep := map[string]bool{}
	for _, id := range verifyKept {
		keep[id] = true
	}
	truth := trueChanges(readDoc(t, dir+"old.json"), readDoc(t, dir+"new.json"), keep)
	load := func(name string) Version {
		p, _, err := spec.Load(dir+name, spec.Options{Overlays: []string{dir + "overlay.yaml"}, SkipOpenAPIValidation: true})
		if err != nil {
			t.Fatal(err)
		}
		files, err := gen.Generate(p)
		if err != nil {
			t.Fatal(err)
		}
		m := map[string][]byte{}
		for _, f := range files {
			m[f.Name] = f.Content
		}
		return Version{Provider: p, Files: m}
	}
	report, err := Compare(load("old.json"), load("new.json"))
	if err != nil {
		t.Fatal(err)
	}
	reported := map[string]Change{}
	for _, c := range report.Changes {
		reported[c.Message] = c
	}
	explained := map[string]bool{}
	var addedOps []string
	for _, tc := range truth {
		if id, ok := strings.CutSuffix(tc.what, ": operation added"); ok {
			addedOps = append(addedOps, id)
		}
		message, ok := verifyGoNames[tc.what]
		if !ok {
			t.Errorf("true change %q: no Go name in verifyGoNames (is it in the report?)", tc)
			continue
		}
		explained[message] = true
		c, ok := reported[message]
		switch {
		case !ok:
			t.Errorf("missed: %s (as %q)", tc, message)
		case c.Breaking != tc.breaking:
			t.Errorf("wrong label: %s, reported breaking=%v", tc, c.Breaking)
		}
	}
	for _, c := range report.Changes {
		if explained[c.Message] || ofAddedOperation(c.Message, addedOps) {
			continue
		}
		t.Errorf("reported, not a true change: %s: %s (breaking=%v)", c.Area, c.Message, c.Breaking)
	}
}

// ofAddedOperation: the change is a type authgen made for an operation
// that is new (its name starts with the operation's), added.
func ofAddedOperation(message string, addedOps []string) bool {
	name, ok := strings.CutSuffix(message, ": added")
	if !ok {
		return false
	}
	for _, id := range addedOps {
		if strings.HasPrefix(name, id) || name == "(*Client)."+id {
			return true
		}
	}
	return false
}
