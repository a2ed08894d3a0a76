package templates

import (
	"strings"
	"testing"
)

// TestShellFeatures: the optional files name their feature, the others go
// into every client, and the stand-ins for the generated half are not
// copied.
func TestShellFeatures(t *testing.T) {
	want := map[string]string{"oauth.go": "oauth2", "pages.go": "pagination", "webhooks.go": "webhooks", "client.go": "", "errors.go": ""}
	got := map[string]string{}
	for _, rf := range Shell() {
		got[rf.Name] = rf.Feature
		if len(rf.Body) == 0 || rf.Body[0] != '\n' {
			t.Errorf("%s: body does not start right after the package clause", rf.Name)
		}
	}
	for name, feature := range want {
		if f, ok := got[name]; !ok || f != feature {
			t.Errorf("%s: feature %q (present %v), want %q", name, f, ok, feature)
		}
	}
	if _, ok := got["stub_provider.go"]; ok {
		t.Error("the stub provider is copied into clients")
	}
}

// TestShellDecls: the parse sees package-level names of every kind,
// methods by receiver, struct fields, embedded fields by their type, and
// the stub's names (which the generated half declares).
func TestShellDecls(t *testing.T) {
	d := ShellDecls()
	for _, name := range []string{"Client", "New", "ErrNotFound", "withStaticSecret", "paginate", "provider", "parseMetering"} {
		if !d.Package[name] {
			t.Errorf("package-level %s missing", name)
		}
	}
	if !d.Methods["Client"]["Do"] || !d.Methods["APIError"]["Error"] || !d.Methods["Client"]["send"] {
		t.Errorf("methods: %v", d.Methods["Client"])
	}
	if !d.Fields["Response"]["Metering"] || !d.Fields["Response"]["StatusCode"] || !d.Fields["APIError"]["ErrorFields"] {
		t.Errorf("fields: %v", d.Fields["Response"])
	}
}

// TestRuntimeSourceIsThePackage: copy mode writes authgenrt's own files,
// no test among them, each still in package authgenrt.
func TestRuntimeSourceIsThePackage(t *testing.T) {
	files := RuntimeSource()
	names := map[string]bool{}
	for _, f := range files {
		names[f.Name] = true
		if strings.HasSuffix(f.Name, "_test.go") {
			t.Errorf("%s is a test", f.Name)
		}
	}
	for _, want := range []string{"client.go", "transport.go", "version.go"} {
		if !names[want] {
			t.Errorf("%s missing from %v", want, names)
		}
	}
}
