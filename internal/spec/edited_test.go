package spec

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// vendorWithoutSecurity is a vendor's document as published: no security
// scheme, no x-authgen. The tests edit it only through overlays.
const vendorWithoutSecurity = `openapi: 3.0.3
info: {title: Widgets, version: "1"}
servers:
  - url: https://api.widgets.example
paths:
  /widgets:
    get:
      operationId: listWidgets
      tags: [widgets]
      responses:
        "200":
          description: Widgets.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/WidgetList"}
  /gadgets:
    get:
      operationId: listGadgets
      tags: [gadgets]
      responses:
        "200":
          description: Gadgets.
          content:
            application/json:
              schema: {$ref: "#/components/schemas/Gadget"}
components:
  schemas:
    WidgetList:
      type: array
      items: {$ref: "#/components/schemas/Widget"}
    Widget:
      type: object
      properties:
        id: {type: string}
    Gadget:
      type: object
      properties:
        id: {type: string}
`

const widgetsOverlay = `overlay: 1.0.0
info: {title: Widgets for authgen, version: 1.0.0}
extends: upstream/widgets.yaml
actions:
  - target: $
    update:
      security:
        - token: []
      x-authgen:
        package: widgets
        operations:
          tags: [widgets]
  - target: $.components
    update:
      securitySchemes:
        token: {type: http, scheme: bearer}
`

func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		path := filepath.Join(dir, filepath.FromSlash(name))
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

func TestOverlayOnAnUntouchedVendorDocument(t *testing.T) {
	dir := writeFiles(t, map[string]string{"widgets.yaml": widgetsOverlay, "upstream/widgets.yaml": vendorWithoutSecurity})
	p, warnings, err := Load(filepath.Join(dir, "widgets.yaml"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings: %v", warnings)
	}
	if p.Package != "widgets" || p.SourceFile != filepath.Join(dir, "widgets.yaml") {
		t.Errorf("package %q from %q", p.Package, p.SourceFile)
	}
	if len(p.Schemes) != 1 || p.Schemes[0].Common().Name != "token" {
		t.Errorf("schemes %+v: want the overlay's bearer scheme", p.Schemes)
	}
	var ops, models []string
	for _, o := range p.Operations {
		ops = append(ops, o.ID)
	}
	for _, m := range p.Models {
		models = append(models, m.Common().GoName)
	}
	if strings.Join(ops, ",") != "listWidgets" {
		t.Errorf("operations %v, want only the widgets tag's", ops)
	}
	if strings.Contains(strings.Join(models, ","), "Gadget") {
		t.Errorf("models %v: Gadget is reached only by a filtered-out operation", models)
	}
	got, err := os.ReadFile(filepath.Join(dir, "upstream/widgets.yaml"))
	if err != nil || !bytes.Equal(got, []byte(vendorWithoutSecurity)) {
		t.Error("the vendor's document changed on disk")
	}
}

func TestOverlayMessagesPointAtTheFileThatWroteTheNode(t *testing.T) {
	// The overlay writes a bad x-authgen key (line 11) and a bad pattern
	// (line 13, column 19).
	overlay := strings.Replace(widgetsOverlay, "        package: widgets\n", "        package: widgets\n        retrys: {}\n", 1)
	overlay = strings.Replace(overlay, "tags: [widgets]", "paths: [widgets, /**]", 1)
	// The vendor's document has a path without a leading slash (line 6).
	vendor := strings.Replace(vendorWithoutSecurity, "  /widgets:", "  widgets:", 1)
	for _, tc := range []struct {
		overlay, vendor string
		want            []string
	}{
		{overlay, vendorWithoutSecurity, []string{
			`widgets.yaml:11:9: x-authgen: unknown key "retrys" (did you mean "retry"?)`,
			`widgets.yaml:13:19: x-authgen.operations.paths[0]: "widgets": want a path pattern starting with "/"`,
		}},
		{widgetsOverlay, vendor, []string{
			filepath.Join("upstream", "widgets.yaml") + `:6:3: path "widgets" does not start with "/"`,
		}},
	} {
		dir := writeFiles(t, map[string]string{"widgets.yaml": tc.overlay, "upstream/widgets.yaml": tc.vendor})
		_, _, err := Load(filepath.Join(dir, "widgets.yaml"), Options{})
		if err == nil {
			t.Fatal("no error")
		}
		text := strings.ReplaceAll(err.Error(), dir+string(filepath.Separator), "")
		for _, want := range tc.want {
			if !strings.Contains(text, want) {
				t.Errorf("messages lack %q:\n%s", want, text)
			}
		}
	}
}

func TestOverlayFlagAppliesToADocument(t *testing.T) {
	// --overlay: the overlay names no document; Options.Overlays applies it
	// to the spec given.
	overlay := strings.Replace(widgetsOverlay, "extends: upstream/widgets.yaml\n", "", 1)
	dir := writeFiles(t, map[string]string{"fix.yaml": overlay, "widgets.yaml": vendorWithoutSecurity})
	p, _, err := Load(filepath.Join(dir, "widgets.yaml"), Options{Overlays: []string{filepath.Join(dir, "fix.yaml")}})
	if err != nil {
		t.Fatal(err)
	}
	if p.Package != "widgets" || len(p.Operations) != 1 {
		t.Errorf("package %q, %d operations", p.Package, len(p.Operations))
	}
	// Without an extends the overlay cannot be the spec itself.
	_, _, err = Load(filepath.Join(dir, "fix.yaml"), Options{})
	if err == nil || !strings.Contains(err.Error(), "the overlay has no extends") {
		t.Errorf("error %v", err)
	}
}

func TestOverlayExtendsOnlyFilesBesideIt(t *testing.T) {
	overlay := strings.Replace(widgetsOverlay, "upstream/widgets.yaml", "../widgets.yaml", 1)
	dir := writeFiles(t, map[string]string{"specs/widgets.yaml": overlay, "widgets.yaml": vendorWithoutSecurity})
	_, _, err := Load(filepath.Join(dir, "specs/widgets.yaml"), Options{})
	if err == nil || !strings.Contains(err.Error(), "widgets.yaml:3:10: extends: $ref ../widgets.yaml: outside the spec's folder") {
		t.Errorf("error %v", err)
	}
}

func TestOperationFilterInAPlainSpec(t *testing.T) {
	doc := strings.Replace(vendorWithoutSecurity, "paths:\n", "x-authgen:\n  package: widgets\n  operations:\n    operationIds: [listGadgets, listDoodads]\npaths:\n", 1)
	dir := writeFiles(t, map[string]string{"widgets.yaml": doc})
	p, warnings, err := Load(filepath.Join(dir, "widgets.yaml"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Operations) != 1 || p.Operations[0].ID != "listGadgets" {
		t.Errorf("operations %+v", p.Operations)
	}
	if len(warnings) != 1 || !strings.HasSuffix(warnings[0].String(), `widgets.yaml:8:33: warning: x-authgen.operations: "listDoodads" matches nothing`) {
		t.Errorf("warnings %v", warnings)
	}
}
