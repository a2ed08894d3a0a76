package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"

	"github.com/authgen/authgen/internal/e2e/clients/errorlist"
	"github.com/authgen/authgen/internal/e2e/clients/models"
)

func TestParametersAreEncodedAsDeclared(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "image/png")
		_, _ = w.Write([]byte("\x89PNG..."))
	})
	c, err := models.New(models.WithBaseURL(srv.URL + "/v2"))
	if err != nil {
		t.Fatal(err)
	}
	size, trace, session, gte := models.GetPhotoSizeLarge, "trace-1", "sess 1", int64(1700000000)
	since := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	png, err := c.GetPhoto(context.Background(), 7, "a/b c", &models.GetPhotoParams{
		Since: since, Size: &size, Tags: []string{"x", "y"}, IDs: []int64{1, 2}, XTraceID: &trace, Session: &session,
		Created: &models.GetPhotoCreated{Gte: &gte},
	})
	if err != nil {
		t.Fatal(err)
	}
	data, err := io.ReadAll(png)
	png.Close()
	if err != nil || string(data) != "\x89PNG..." {
		t.Errorf("streamed response = %q, %v", data, err)
	}
	req, _ := srv.last(t)
	if req.URL.EscapedPath() != "/v2/pets/7/photos/a%2Fb%20c" {
		t.Errorf("path = %s", req.URL.EscapedPath())
	}
	q := req.URL.Query()
	if q.Get("since") != "2026-01-02T03:04:05Z" || q.Get("size") != "large" || !cmp.Equal(q["tags"], []string{"x", "y"}) || !cmp.Equal(q["ids"], []string{"1,2"}) || q.Get("created[gte]") != "1700000000" || q.Has("created[lt]") {
		t.Errorf("query = %s", req.URL.RawQuery)
	}
	if req.Header.Get("X-Trace-Id") != "trace-1" || req.Header.Get("Accept") != "*/*" {
		t.Errorf("header = %v", req.Header)
	}
	if ck, err := req.Cookie("session"); err != nil || ck.Value != "sess 1" {
		t.Errorf("cookie = %v, %v", ck, err)
	}
}

func TestBodiesOfEveryKind(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/v2/pets/search":
			writeJSON(w, 200, map[string]any{"total": 2, "items": []any{
				map[string]any{"kind": "cat", "indoor": true},
				map[string]any{"kind": "dog", "good_boy": true},
			}})
		case "/v2/pets":
			writeJSON(w, 201, map[string]any{"id": "p1", "name": "Rex", "kind": "dog", "created_at": "2026-01-02T03:04:05Z", "parent": map[string]any{"id": "p0", "name": "Old", "kind": "dog"}})
		default:
			w.WriteHeader(204)
		}
	})
	c, _ := models.New(models.WithBaseURL(srv.URL + "/v2"))
	ctx := context.Background()

	pet, err := c.CreatePet(ctx, &models.CreatePetParams{Body: models.Pet{ID: "new", Name: "Rex", Kind: models.PetKindDog}})
	if err != nil {
		t.Fatal(err)
	}
	_, body := srv.last(t)
	if string(body) != `{"id":"new","kind":"dog","name":"Rex"}` {
		t.Errorf("JSON body = %s", body)
	}
	if pet.Parent == nil || pet.Parent.Name != "Old" || pet.CreatedAt == nil || !pet.CreatedAt.Equal(time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("pet = %+v", pet)
	}

	query := "big dogs"
	res, err := c.SearchPets(ctx, &models.SearchPetsParams{Body: &models.SearchPetsRequest{Query: &query, Filters: map[string]string{"age": "3"}}})
	if err != nil {
		t.Fatal(err)
	}
	req, body := srv.last(t)
	if req.Header.Get("Content-Type") != "application/x-www-form-urlencoded" || string(body) != "filters%5Bage%5D=3&query=big+dogs" {
		t.Errorf("form body = %s (%s)", body, req.Header.Get("Content-Type"))
	}
	items := res.Items
	if len(items) != 2 || items[0].Discriminator() != "cat" || items[1].Discriminator() != "dog" {
		t.Fatalf("union items = %v", items)
	}
	dog, err := items[1].AsDog()
	if err != nil || dog.GoodBoy == nil || !*dog.GoodBoy {
		t.Errorf("AsDog = %+v, %v", dog, err)
	}

	if err := c.Upload(ctx, &models.UploadParams{Body: bytes.NewReader([]byte{0, 1, 2, 255})}); err != nil {
		t.Fatal(err)
	}
	req, body = srv.last(t)
	if req.Header.Get("Content-Type") != "application/octet-stream" || string(body) != "\x00\x01\x02\xff" {
		t.Errorf("raw body = %q (%s)", body, req.Header.Get("Content-Type"))
	}
}

func TestErrorListEnvelope(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Request-Id", "rq-9")
		writeJSON(w, 409, map[string]any{"errors": []any{
			map[string]any{"code": "widget_in_use", "detail": "Widget 5 is used by order 7"},
			map[string]any{"code": "locked", "detail": "Widget 5 is locked"},
		}})
	})
	c, _ := errorlist.New(errorlist.WithBaseURL(srv.URL))
	err := c.DeleteWidget(context.Background(), 5)
	var apiErr *errorlist.APIError
	if !errors.As(err, &apiErr) {
		t.Fatal(err)
	}
	if apiErr.Code != "widget_in_use" || apiErr.Message != "Widget 5 is used by order 7" || apiErr.RequestID != "rq-9" {
		t.Errorf("APIError = %q %q %q", apiErr.Code, apiErr.Message, apiErr.RequestID)
	}
	if want := `[{"code":"widget_in_use","detail":"Widget 5 is used by order 7"},{"code":"locked","detail":"Widget 5 is locked"}]`; string(apiErr.Details) != want {
		t.Errorf("Details = %s", apiErr.Details)
	}
	if !errors.Is(err, errorlist.ErrWidgetInUse) || !errors.Is(err, errorlist.ErrConflict) || errors.Is(err, errorlist.ErrNotFound) {
		t.Error("sentinels do not match the code and status")
	}
	if err.Error() != "errorlist: deleteWidget: 409 Conflict: widget_in_use: Widget 5 is used by order 7" {
		t.Errorf("Error() = %q", err.Error())
	}
}

func TestAdditionalPropertiesSurviveARoundTrip(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"theme":"dark","AdditionalProperties":"named like the field","volume":7,"brightness":3}`))
	})
	c, _ := models.New(models.WithBaseURL(srv.URL + "/v2"))
	got, err := c.PutSettings(context.Background(), &models.PutSettingsParams{Body: models.Settings{
		Theme: "light", AdditionalProperties: map[string]int64{"volume": 11, "theme": 99},
	}})
	if err != nil {
		t.Fatal(err)
	}
	_, body := srv.last(t)
	if string(body) != `{"theme":"light","volume":11}` {
		t.Errorf("sent %s; want the declared theme to win and volume kept", body)
	}
	want := &models.Settings{Theme: "dark", AdditionalProperties: map[string]int64{"volume": 7, "brightness": 3}}
	named := "named like the field"
	want.AdditionalPropertiesField = &named
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("decoded (-want +got):\n%s", diff)
	}
}

func TestMultipartUpload(t *testing.T) {
	type part struct{ name, file, value string }
	var parts []part
	var contentType string
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		contentType = r.Header.Get("Content-Type")
		mr, err := r.MultipartReader()
		if err != nil {
			t.Errorf("not multipart: %v", err)
			return
		}
		for {
			p, err := mr.NextPart()
			if err != nil {
				break
			}
			b, _ := io.ReadAll(p)
			parts = append(parts, part{p.FormName(), p.FileName(), string(b)})
		}
		w.WriteHeader(201)
	})
	c, _ := models.New(models.WithBaseURL(srv.URL + "/v2"))
	caption, camera := "Rex at the beach", "X100"
	err := c.UploadPhoto(context.Background(), 7, &models.UploadPhotoParams{Body: models.UploadPhotoRequest{
		File: []byte("\x89PNG\x00data"), Caption: &caption, Tags: []string{"dog", "beach"},
		Meta: &models.UploadPhotoRequestMeta{Camera: &camera},
	}})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(contentType, "multipart/form-data; boundary=") {
		t.Errorf("Content-Type = %q", contentType)
	}
	want := []part{
		{"caption", "", "Rex at the beach"},
		{"file", "file", "\x89PNG\x00data"},
		{"meta", "", `{"camera":"X100"}`},
		{"tags", "", "dog"},
		{"tags", "", "beach"},
	}
	if diff := cmp.Diff(want, parts, cmp.AllowUnexported(part{})); diff != "" {
		t.Errorf("parts (-want +got):\n%s", diff)
	}
}

// TestUnionsChooseTheirVariant is issue 17's union defects: a value is
// decoded as the variant its discriminator, fixed properties and required
// properties say (Stripe's customer vs deleted customer), and a required
// union left unset is an error, not {"animal":null}.
func TestUnionsChooseTheirVariant(t *testing.T) {
	for raw, wantDeleted := range map[string]bool{
		`{"id":"cus_1","object":"customer","email":"a@b.example"}`: false,
		`{"id":"cus_1","object":"customer","deleted":true}`:        true,
	} {
		var u models.CustomerOrDeleted
		if err := json.Unmarshal([]byte(raw), &u); err != nil {
			t.Fatal(err)
		}
		v, err := u.Value()
		if err != nil {
			t.Fatalf("%s: %v", raw, err)
		}
		switch x := v.(type) {
		case models.DeletedCustomer:
			if !wantDeleted || x.ID != "cus_1" {
				t.Errorf("%s decoded as a deleted customer", raw)
			}
		case models.Customer:
			if wantDeleted || x.Email == nil {
				t.Errorf("%s decoded as a customer: %+v", raw, x)
			}
		default:
			t.Errorf("%s: Value() = %T", raw, v)
		}
	}
	var animal models.Animal
	if err := json.Unmarshal([]byte(`{"kind":"dog","good_boy":true}`), &animal); err != nil {
		t.Fatal(err)
	}
	if v, err := animal.Value(); err != nil || v.(models.Dog).GoodBoy == nil {
		t.Errorf("Animal.Value() = %#v, %v", v, err)
	}
	if _, err := json.Marshal(models.Adoption{}); err == nil || !strings.Contains(err.Error(), "Animal: the union holds no value") {
		t.Errorf("an unset required union: %v", err)
	}
	dog, _ := models.AnimalFromDog(models.Dog{Kind: "dog"})
	if b, err := json.Marshal(models.Adoption{Animal: dog}); err != nil || string(b) != `{"animal":{"kind":"dog"}}` {
		t.Errorf("a set union: %s, %v", b, err)
	}
}

// TestAUnionIsDecodedOnce is issue 30's "a union whose variants differ by
// a discriminator or a required member is decoded once": the variant is
// decoded when the value is received, and its As... method returns it
// without decoding again (no allocation); a value that does not decode as
// the variant its members name is still received, and the As... method
// says why; a value that is not JSON is refused on receipt.
func TestAUnionIsDecodedOnce(t *testing.T) {
	var u models.CustomerOrDeleted
	if err := json.Unmarshal([]byte(`{"id":"cus_1","object":"customer","email":"a@b.example"}`), &u); err != nil {
		t.Fatal(err)
	}
	var cust models.Customer
	if allocs := testing.AllocsPerRun(100, func() { cust, _ = u.AsCustomer() }); allocs != 0 {
		t.Errorf("AsCustomer of a received customer: %v allocations; want 0 (decoded on receipt, not again)", allocs)
	}
	if cust.ID != "cus_1" || cust.Email == nil || *cust.Email != "a@b.example" {
		t.Errorf("AsCustomer() = %+v", cust)
	}
	if _, err := u.AsDeletedCustomer(); err != nil {
		t.Errorf("the variant it does not hold is still decoded from its JSON: %v", err)
	}

	var wrong models.CustomerOrDeleted
	if err := json.Unmarshal([]byte(`{"id":"cus_1","object":"customer","email":5}`), &wrong); err != nil {
		t.Fatalf("a JSON value that does not decode as its variant is refused on receipt: %v", err)
	}
	if _, err := wrong.AsCustomer(); err == nil || !strings.Contains(err.Error(), "email") {
		t.Errorf("AsCustomer of a customer whose email is a number: %v; want the decode error", err)
	}

	var syntax *json.SyntaxError
	if err := new(models.CustomerOrDeleted).UnmarshalJSON([]byte(`{"id":"cus_1","object":`)); !errors.As(err, &syntax) {
		t.Errorf("UnmarshalJSON of a value that is not JSON: %v; want json's syntax error", err)
	}
	if err := new(models.CustomerOrDeleted).UnmarshalJSON([]byte(`{"nothing":"fits"`)); !errors.As(err, &syntax) {
		t.Errorf("UnmarshalJSON of a value no variant fits, not JSON either: %v; want json's syntax error", err)
	}
	built, _ := models.CustomerOrDeletedFromCustomer(models.Customer{ID: "cus_2", Object: "customer"})
	if c, err := built.AsCustomer(); err != nil || c.ID != "cus_2" {
		t.Errorf("a built union: %+v, %v", c, err)
	}
}

// TestAllOfOfScalars is issue 17's "allOf with two or more parts that are
// not objects becomes struct{}": coda's pages could not decode a next link.
func TestAllOfOfScalars(t *testing.T) {
	var page models.Page
	if err := json.Unmarshal([]byte(`{"nextPageLink":"https://coda.example/docs?pageToken=2","token":"t-1"}`), &page); err != nil {
		t.Fatal(err)
	}
	if page.NextPageLink == nil || *page.NextPageLink != "https://coda.example/docs?pageToken=2" || page.Token == nil || *page.Token != "t-1" {
		t.Errorf("page = %+v", page)
	}
	if b, _ := json.Marshal(page); string(b) != `{"nextPageLink":"https://coda.example/docs?pageToken=2","token":"t-1"}` {
		t.Errorf("sent back as %s", b)
	}
}

// TestOperationServers is issue 17's "Per-operation and per-path servers
// are ignored with no warning" (Stripe's files.stripe.com, GitHub's
// uploads.github.com): such an operation goes to its own server, unless
// WithBaseURL pins every request to one place (a test, a proxy).
func TestOperationServers(t *testing.T) {
	rt := &fixedTransport{body: ""}
	c, err := models.New(models.WithHTTPClient(&http.Client{Transport: rt}))
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	_ = c.GetFile(ctx, "docs/READ ME.md")
	_, _ = c.ListPets(ctx, nil)
	want := []string{"https://files.models.example/v1/files/docs/READ%20ME.md", "https://api.models.example/v2/pets"}
	if len(rt.urls) != 2 || rt.urls[0] != want[0] || !strings.HasPrefix(rt.urls[1], want[1]) {
		t.Errorf("requested %v, want %v", rt.urls, want)
	}
	pinned := &fixedTransport{body: ""}
	c, _ = models.New(models.WithBaseURL("https://proxy.example/x"), models.WithHTTPClient(&http.Client{Transport: pinned}))
	_ = c.GetFile(ctx, "a.txt")
	if len(pinned.urls) != 1 || pinned.urls[0] != "https://proxy.example/x/files/a.txt" {
		t.Errorf("with WithBaseURL: %v", pinned.urls)
	}
}

// TestQueryArrayStyles is issue 17's "pipeDelimited (and spaceDelimited)
// arrays are sent comma-separated; explode defaults to true for every
// style, but OpenAPI makes it true only for form".
func TestQueryArrayStyles(t *testing.T) {
	rt := &fixedTransport{body: "[]"}
	c, _ := models.New(models.WithBaseURL("https://api.example"), models.WithHTTPClient(&http.Client{Transport: rt}))
	if _, err := c.ListPets(context.Background(), &models.ListPetsParams{
		Tags: []string{"a", "b"}, IDs: []int64{1, 2}, Colors: []string{"red", "blue"}, Names: []string{"x", "y"},
	}); err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(rt.urls[0])
	q := u.Query()
	for name, want := range map[string][]string{"tags": {"a", "b"}, "ids": {"1,2"}, "colors": {"red|blue"}, "names": {"x y"}} {
		if got := q[name]; strings.Join(got, "&") != strings.Join(want, "&") {
			t.Errorf("%s = %q, want %q (query %s)", name, got, want, u.RawQuery)
		}
	}
}

// TestNamedDateTimeDecodes: a component that is a date-time is an alias of
// time.Time; a defined type over it lost UnmarshalJSON, and GitHub's alerts
// did not decode (found by the conformance oracle).
func TestNamedDateTimeDecodes(t *testing.T) {
	var a models.Alert
	if err := json.Unmarshal([]byte(`{"created_at":"2024-01-02T03:04:05Z"}`), &a); err != nil {
		t.Fatal(err)
	}
	if !a.CreatedAt.Equal(time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)) {
		t.Errorf("created_at = %v", a.CreatedAt)
	}
}

// TestSecondErrorShape: errors.shapes, for a vendor whose errors come in
// more than one envelope (Zendesk): the second shape's code still matches
// its sentinel.
func TestSecondErrorShape(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 404, map[string]any{"error": map[string]any{"title": "not_found", "message": "Widget 5 is gone"}})
	})
	c, _ := errorlist.New(errorlist.WithBaseURL(srv.URL))
	err := c.DeleteWidget(context.Background(), 5)
	var apiErr *errorlist.APIError
	if !errors.As(err, &apiErr) || apiErr.Code != "not_found" || apiErr.Message != "Widget 5 is gone" || string(apiErr.Details) != `{"message":"Widget 5 is gone","title":"not_found"}` {
		t.Fatalf("err = %v (%+v)", err, apiErr)
	}
	if !errors.Is(err, errorlist.ErrNotFound) {
		t.Error("the second shape's code does not match its sentinel")
	}
}

// TestErrorInsideA200: errors.failureWhen, for a vendor that reports
// failures with 200 (Slack's {"ok":false,"error":...}).
func TestErrorInsideA200(t *testing.T) {
	srv := newRecorder(t, func(w http.ResponseWriter, r *http.Request) {
		writeJSON(w, 200, map[string]any{"ok": false, "errors": []any{map[string]any{"code": "widget_in_use", "detail": "in use"}}})
	})
	c, _ := errorlist.New(errorlist.WithBaseURL(srv.URL))
	var out map[string]any
	err := c.Do(context.Background(), "GET", "/widgets/5", nil, &out)
	if !errors.Is(err, errorlist.ErrWidgetInUse) {
		t.Errorf("err = %v; want the code's sentinel from a 200 with ok: false", err)
	}
}
