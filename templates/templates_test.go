package templates

import "testing"

// TestRuntimeFeatures: the optional files name their feature, the others
// go into every client, and the stand-ins for the generated half are not
// copied.
func TestRuntimeFeatures(t *testing.T) {
	want := map[string]string{"oauth.go": "oauth2", "form.go": "form", "multipart.go": "multipart", "transport.go": "", "client.go": ""}
	got := map[string]string{}
	for _, rf := range Runtime() {
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

// TestRuntimeDecls: the parse sees package-level names of every kind,
// methods by receiver, struct fields, embedded fields by their type, and
// the stub's names (which the generated half declares).
func TestRuntimeDecls(t *testing.T) {
	d := RuntimeDecls()
	for _, name := range []string{"Client", "New", "ErrNotFound", "providerSpec", "formatSeconds", "addDeepObject", "provider", "parseMetering"} {
		if !d.Package[name] {
			t.Errorf("package-level %s missing", name)
		}
	}
	if !d.Methods["Client"]["Do"] || !d.Methods["APIError"]["Error"] {
		t.Errorf("methods: %v", d.Methods["Client"])
	}
	if !d.Fields["Response"]["Metering"] || !d.Fields["Response"]["StatusCode"] || !d.Fields["providerSpec"]["schemes"] {
		t.Errorf("fields: %v", d.Fields["Response"])
	}
}
