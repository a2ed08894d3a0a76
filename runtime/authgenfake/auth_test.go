package authgenfake

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/authgen/authgen/runtime/authgenrt"
)

// TestEveryKindOfCredential: each scheme kind accepts its credential,
// where its kind puts it, and refuses a wrong one with the vendor's 401
// code; a public operation needs none.
func TestEveryKindOfCredential(t *testing.T) {
	schemes := []Scheme{
		{Name: "bearer", Kind: authgenrt.SchemeBearer, Secret: "tok"},
		{Name: "header", Kind: authgenrt.SchemeHeaderKey, Param: "X-Key", Secret: "hk"},
		{Name: "query", Kind: authgenrt.SchemeQueryKey, Param: "key", Secret: "qk"},
		{Name: "cookie", Kind: authgenrt.SchemeCookieKey, Param: "sid", Secret: "ck"},
		{Name: "basic", Kind: authgenrt.SchemeBasic, User: "fake-user/token", Secret: "pw"},
	}
	set := map[string]func(r *http.Request, secret string){
		"bearer": func(r *http.Request, v string) { r.Header.Set("Authorization", "Bearer "+v) },
		"header": func(r *http.Request, v string) { r.Header.Set("X-Key", v) },
		"query":  func(r *http.Request, v string) { r.URL.RawQuery = "key=" + v },
		"cookie": func(r *http.Request, v string) { r.AddCookie(&http.Cookie{Name: "sid", Value: v}) },
		"basic":  func(r *http.Request, v string) { r.SetBasicAuth("fake-user/token", v) },
	}
	for _, sc := range schemes {
		t.Run(sc.Name, func(t *testing.T) {
			spec := testSpec()
			spec.Schemes = schemes
			spec.Routes[0].Security = []authgenrt.SecurityRequirement{{sc.Name}}
			s := NewServer(t, spec)
			Handle(s, "getThing", echo)
			for secret, want := range map[string]int{sc.Secret: 200, "wrong": 401} {
				req, _ := http.NewRequest("GET", s.URL()+"/things/x", nil)
				set[sc.Name](req, secret)
				resp, err := http.DefaultClient.Do(req)
				if err != nil {
					t.Fatal(err)
				}
				body, _ := readAll(resp)
				if resp.StatusCode != want {
					t.Errorf("%s: %d %s, want %d", secret, resp.StatusCode, body, want)
				}
				if want == 401 && errorCode(t, string(body)) != "invalid_api_key" {
					t.Errorf("401 body %s lacks the vendor's code", body)
				}
			}
		})
	}
}

// TestSecurityAlternatives: a requirement needs all its schemes (AND);
// any one requirement of the list will do (OR).
func TestSecurityAlternatives(t *testing.T) {
	spec := testSpec()
	spec.Schemes = append(spec.Schemes, Scheme{Name: "org", Kind: authgenrt.SchemeHeaderKey, Param: "X-Org", Secret: "o1"},
		Scheme{Name: "bearer", Kind: authgenrt.SchemeBearer, Secret: "tok"})
	spec.Routes[0].Security = []authgenrt.SecurityRequirement{{"key", "org"}, {"bearer"}}
	s := NewServer(t, spec)
	Handle(s, "getThing", echo)
	for _, tc := range []struct {
		header http.Header
		want   int
	}{
		{http.Header{"X-Api-Key": {"fake-key"}}, 401},
		{http.Header{"X-Api-Key": {"fake-key"}, "X-Org": {"o1"}}, 200},
		{http.Header{"Authorization": {"Bearer tok"}}, 200},
	} {
		if got := do(t, s, call{path: "/things/x", header: tc.header}); got.status != tc.want {
			t.Errorf("%v: %d, want %d", tc.header, got.status, tc.want)
		}
	}
}

// TestTokenEndpoint: the fake issues its access token to the client the
// flow names, by basic auth or form, at its own token path and at a token
// URL relative to the API; Transport brings an absolute token URL to it.
func TestTokenEndpoint(t *testing.T) {
	spec := testSpec()
	spec.Schemes = []Scheme{
		{Name: "cc", Kind: authgenrt.SchemeOAuth2, Secret: "fake-access-token", TokenURL: "https://auth.vendor.example/oauth/token", ClientID: "id", ClientSecret: "sec"},
		{Name: "rel", Kind: authgenrt.SchemeOAuth2, Secret: "fake-access-token", TokenURL: "/oauth/token", ClientID: "id2", ClientSecret: "sec2"},
	}
	s := NewServer(t, spec)
	token := func(t *testing.T, client *http.Client, tokenURL, id, secret string) (int, string) {
		t.Helper()
		resp, err := client.PostForm(tokenURL, url.Values{"grant_type": {"client_credentials"}, "client_id": {id}, "client_secret": {secret}})
		if err != nil {
			t.Fatal(err)
		}
		body, _ := readAll(resp)
		var tok struct {
			AccessToken string `json:"access_token"`
		}
		_ = json.Unmarshal(body, &tok)
		return resp.StatusCode, tok.AccessToken
	}
	through := &http.Client{Transport: Transport(s)}
	if status, tok := token(t, through, "https://auth.vendor.example/oauth/token", "id", "sec"); status != 200 || tok != "fake-access-token" {
		t.Errorf("absolute token URL: %d %q", status, tok)
	}
	if status, tok := token(t, http.DefaultClient, s.URL()+"/oauth/token", "id2", "sec2"); status != 200 || tok != "fake-access-token" {
		t.Errorf("relative token URL: %d %q", status, tok)
	}
	if status, _ := token(t, through, "https://auth.vendor.example/oauth/token", "id", "wrong"); status != 401 {
		t.Errorf("wrong client secret: %d", status)
	}
	req, _ := http.NewRequest("POST", strings.TrimSuffix(s.URL(), "/v1")+tokenPath, strings.NewReader("grant_type=client_credentials"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.SetBasicAuth("id", "sec")
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Errorf("basic auth at the fake's token path: %v %v", resp, err)
	}
	_, _ = readAll(resp)
}

// TestBasicWantsTheShapedUser: basic auth needs the user name as the
// scheme shapes it (Zendesk's "{email}/token"), not the password alone.
func TestBasicWantsTheShapedUser(t *testing.T) {
	schemes := []Scheme{{Name: "basic", Kind: authgenrt.SchemeBasic, User: "fake-user/token", Secret: "pw"}}
	for user, want := range map[string]bool{"fake-user/token": true, "fake-user": false} {
		req, _ := http.NewRequest("GET", "/", nil)
		req.SetBasicAuth(user, "pw")
		if got := schemeSatisfied(schemes, req, nil, "basic"); got != want {
			t.Errorf("user %q: %v, want %v", user, got, want)
		}
	}
}
