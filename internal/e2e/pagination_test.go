package e2e

// Pagination as each vendor's docs describe it, through the generated
// <Method>All and <Method>Pages.

import (
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/authgen/authgen/generated/github"
	"github.com/authgen/authgen/generated/notion"
	"github.com/authgen/authgen/generated/slack"
)

// TestGitHubFollowsTheLinkHeader: "link: <https://api.github.com/repositories/1300192/issues?page=2>;
// rel=\"next\", <...?page=515>; rel=\"last\"" (using-pagination-in-the-rest-api).
func TestGitHubFollowsTheLinkHeader(t *testing.T) {
	var srv *recorder
	srv = newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		page = max(page, 1)
		if page < 3 {
			w.Header().Set("Link", fmt.Sprintf(`<%s/user/repos?per_page=2&page=%d>; rel="next", <%s/user/repos?per_page=2&page=3>; rel="last"`, srv.URL, page+1, srv.URL))
		} else {
			w.Header().Set("Link", fmt.Sprintf(`<%s/user/repos?per_page=2&page=1>; rel="first", <%s/user/repos?per_page=2&page=2>; rel="prev"`, srv.URL, srv.URL))
		}
		writeJSON(w, 200, []any{map[string]any{"id": page*10 + 1, "name": fmt.Sprintf("r%d-1", page)}, map[string]any{"id": page*10 + 2, "name": fmt.Sprintf("r%d-2", page)}})
	})
	perPage := int64(2)
	var names []string
	for repo, err := range newGitHub(t, srv).ReposListForAuthenticatedUserAll(context.Background(), &github.ReposListForAuthenticatedUserParams{PerPage: &perPage}) {
		if err != nil {
			t.Fatal(err)
		}
		names = append(names, repo.Name)
	}
	if strings.Join(names, " ") != "r1-1 r1-2 r2-1 r2-2 r3-1 r3-2" || srv.count() != 3 {
		t.Errorf("repos %v over %d requests", names, srv.count())
	}
	for i := 0; i < srv.count(); i++ {
		srv.mu.Lock()
		r := srv.requests[i]
		srv.mu.Unlock()
		if r.Header.Get("Authorization") != "Bearer "+githubToken || r.Header.Get("X-GitHub-Api-Version") != "2022-11-28" {
			t.Errorf("page %d lost the token or the version", i+1)
		}
	}
}

// TestStripeListsWithStartingAfter: "has_more ... starting_after: A cursor
// ... the ID of the last object" (docs.stripe.com/api/pagination).
func TestStripeListsWithStartingAfter(t *testing.T) {
	ids := []string{"cus_1", "cus_2", "cus_3", "cus_4", "cus_5"}
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		from := 0
		for i, id := range ids {
			if id == r.URL.Query().Get("starting_after") {
				from = i + 1
			}
		}
		to := min(from+2, len(ids))
		var data []any
		for _, id := range ids[from:to] {
			data = append(data, map[string]any{"id": id, "object": "customer", "created": 1, "livemode": false})
		}
		writeJSON(w, 200, map[string]any{"object": "list", "url": "/v1/customers", "has_more": to < len(ids), "data": data})
	})
	var got []string
	for cus, err := range newStripe(t, srv).GetCustomersAll(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, cus.ID)
	}
	if strings.Join(got, ",") != strings.Join(ids, ",") || srv.count() != 3 {
		t.Errorf("customers %v over %d requests", got, srv.count())
	}
	// Breaking out after the first customer requests no second page.
	srv2 := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"object": "list", "has_more": true, "data": []any{map[string]any{"id": "cus_1"}, map[string]any{"id": "cus_2"}}})
	})
	for range newStripe(t, srv2).GetCustomersAll(context.Background(), nil) {
		break
	}
	if srv2.count() != 1 {
		t.Errorf("a break requested %d pages", srv2.count())
	}
}

// TestSlackCursor: "response_metadata": {"next_cursor": "dGVhbTpDMDYxRkE1UEI="};
// an empty next_cursor is the last page.
func TestSlackCursor(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		next, channel := "", "C3"
		switch r.URL.Query().Get("cursor") {
		case "":
			next, channel = "dGVhbTpDMDYxRkE1UEI=", "C1"
		case "dGVhbTpDMDYxRkE1UEI=":
			next, channel = "dGVhbTpDMDYxRkE1UEC=", "C2"
		}
		writeJSON(w, 200, map[string]any{"ok": true, "channels": []any{map[string]any{"id": channel}}, "response_metadata": map[string]any{"next_cursor": next}})
	})
	var got []string
	for ch, err := range newSlack(t, srv).ConversationsListAll(context.Background(), &slack.ConversationsListParams{Limit: ptr(int32(1))}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, *ch.ID)
	}
	if strings.Join(got, ",") != "C1,C2,C3" {
		t.Errorf("channels %v", got)
	}
	// ok:false on a later page is that page's error, yielded once.
	srv = newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("cursor") != "" {
			writeJSON(w, 200, map[string]any{"ok": false, "error": "invalid_cursor"})
			return
		}
		writeJSON(w, 200, map[string]any{"ok": true, "channels": []any{map[string]any{"id": "C1"}}, "response_metadata": map[string]any{"next_cursor": "x"}})
	})
	var errs []error
	for _, err := range newSlack(t, srv).ConversationsListAll(context.Background(), nil) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	if len(errs) != 1 || !strings.Contains(errs[0].Error(), "invalid_cursor") {
		t.Errorf("errors %v", errs)
	}
}

// TestNotionCursorInTheBody: search is a POST; start_cursor goes in its
// JSON body, with the caller's query kept.
func TestNotionCursorInTheBody(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		_, body := readBody(r)
		if strings.Contains(string(body), `"start_cursor":"p2"`) {
			writeJSON(w, 200, map[string]any{"object": "list", "results": []any{map[string]any{"id": "page-2"}}, "has_more": false, "next_cursor": nil})
			return
		}
		writeJSON(w, 200, map[string]any{"object": "list", "results": []any{map[string]any{"id": "page-1"}}, "has_more": true, "next_cursor": "p2"})
	})
	var got []string
	for res, err := range newNotion(t, srv).SearchAll(context.Background(), &notion.SearchParams{Body: &notion.SearchRequest{Query: ptr("roadmap")}}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, fmt.Sprint(res["id"]))
	}
	_, last := srv.last(t)
	if strings.Join(got, ",") != "page-1,page-2" || !strings.Contains(string(last), `"query":"roadmap"`) {
		t.Errorf("results %v, last body %s", got, last)
	}
}

// readBody reads a request's body in a handler (the recorder keeps a copy).
func readBody(r *http.Request) (*http.Request, []byte) {
	b := make([]byte, 0, 512)
	buf := make([]byte, 512)
	for {
		n, err := r.Body.Read(buf)
		b = append(b, buf[:n]...)
		if err != nil {
			break
		}
	}
	return r, b
}

// TestTwilioNextPageURI: "next_page_uri":
// "/2010-04-01/Accounts/AC.../Messages.json?PageSize=1&Page=1&PageToken=PA...",
// a path on the API's own host.
func TestTwilioNextPageURI(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Query().Get("PageToken") == "" {
			writeJSON(w, 200, map[string]any{"messages": []any{map[string]any{"sid": "SM1"}}, "next_page_uri": "/2010-04-01/Accounts/" + twilioSID + "/Messages.json?PageSize=1&Page=1&PageToken=PASM1"})
			return
		}
		writeJSON(w, 200, map[string]any{"messages": []any{map[string]any{"sid": "SM2"}}, "next_page_uri": nil})
	})
	var got []string
	for msg, err := range newTwilio(t, srv).ListMessageAll(context.Background(), "", nil) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, *msg.Sid)
	}
	if strings.Join(got, ",") != "SM1,SM2" {
		t.Errorf("messages %v", got)
	}
	req, _ := srv.last(t)
	if req.Header.Get("Authorization") == "" || req.URL.Query().Get("PageToken") != "PASM1" {
		t.Errorf("second page %s without the credential or the token", req.URL)
	}
}
