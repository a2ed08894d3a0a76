package e2e

import (
	"context"
	"testing"

	"github.com/authgen/authgen/internal/e2e/clients/routes"
	"github.com/authgen/authgen/internal/e2e/clients/routes/routesfake"
)

// TestFakeRoutesEveryPathShape: the fake provider routes the paths of
// testdata/cases/routes.yaml as the client builds them and hands each
// path argument to its own parameter: several in one segment (declared in
// another order than the path's; the arguments follow the path); one
// spanning segments; and the literal
// /users/me before the parameter route /users/{id}, whichever the spec
// lists first.
func TestFakeRoutesEveryPathShape(t *testing.T) {
	fake := routesfake.NewServer(t)
	fake.OnGetReport(func(ctx context.Context, year, month int64, format string) (*routes.Report, error) {
		title := format
		if year != 2026 || month != 11 {
			title = "wrong"
		}
		return &routes.Report{Title: &title}, nil
	})
	fake.OnGetContent(func(ctx context.Context, owner, repo, path string) (*routes.GetContentResponse, error) {
		full := owner + "|" + repo + "|" + path
		return &routes.GetContentResponse{Path: &full}, nil
	})
	fake.OnGetUser(func(ctx context.Context, id string) (*routes.User, error) { return &routes.User{ID: &id}, nil })
	me := "me, by the literal route"
	fake.OnGetMe(func(ctx context.Context) (*routes.User, error) { return &routes.User{ID: &me}, nil })
	c := fake.Client()
	ctx := context.Background()

	report, err := c.GetReport(ctx, 2026, 11, "tar.gz")
	if err != nil || report.Title == nil || *report.Title != "tar.gz" {
		t.Errorf("GetReport = %+v, %v; want the format tar.gz for 2026-11", report, err)
	}
	content, err := c.GetContent(ctx, "octo", "hello", "docs/guide/intro.md")
	if err != nil || content.Path == nil || *content.Path != "octo|hello|docs/guide/intro.md" {
		t.Errorf("GetContent = %+v, %v", content, err)
	}
	user, err := c.GetUser(ctx, "u 1/2")
	if err != nil || user.ID == nil || *user.ID != "u 1/2" {
		t.Errorf("GetUser = %+v, %v", user, err)
	}
	if got, err := c.GetMe(ctx); err != nil || got.ID == nil || *got.ID != me {
		t.Errorf("GetMe = %+v, %v; want the literal route's answer", got, err)
	}
}
