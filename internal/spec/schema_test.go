package spec

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"go.yaml.in/yaml/v4"

	"github.com/authgen/authgen/internal/overlay"
)

// The JSON Schema that editors use to check and complete x-authgen blocks
// must agree with the loader: everything the loader accepts in the real
// specs and the docs validates, and the typos the loader refuses do not.

func compileSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join("..", "..", "schema", "authgen-spec.schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	if err := c.AddResource("authgen-spec.schema.json", doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile("authgen-spec.schema.json")
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// yamlInstance turns a YAML document into what the validator reads.
func yamlInstance(t *testing.T, data []byte) any {
	t.Helper()
	var v any
	if err := yaml.Unmarshal(data, &v); err != nil {
		t.Fatal(err)
	}
	j, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(j))
	if err != nil {
		t.Fatal(err)
	}
	return inst
}

// docsExample is the complete example of docs/spec-format.md.
func docsExample(t *testing.T) []byte {
	t.Helper()
	md, err := os.ReadFile(filepath.Join("..", "..", "docs", "spec-format.md"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindSubmatch(md)
	if m == nil {
		t.Fatal("docs/spec-format.md has no yaml example")
	}
	return m[1]
}

func TestSchemaAcceptsEverySpec(t *testing.T) {
	schema := compileSchema(t)
	var files []string
	for _, pattern := range []string{"../../specs/*.yaml", "../../testdata/cases/*.yaml"} {
		m, _ := filepath.Glob(pattern)
		files = append(files, m...)
	}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if overlay.IsOverlay(data) {
			data = overlayExtension(t, data)
		}
		if err := schema.Validate(yamlInstance(t, data)); err != nil {
			t.Errorf("%s: %v", f, err)
		}
	}
	example := docsExample(t)
	if err := schema.Validate(yamlInstance(t, example)); err != nil {
		t.Errorf("docs example: %v", err)
	}
	if _, _, err := LoadData("spec-format.md", example, Options{}); err != nil {
		t.Errorf("the docs example does not load:\n%v", err)
	}
}

func TestSchemaRefusesWhatTheLoaderRefuses(t *testing.T) {
	schema := compileSchema(t)
	for _, name := range []string{
		"04-unknown-key", "05-unknown-nested-key", "09-bad-package", "10-bad-env-var", "11-key-format-empty",
		"14-bad-duration", "15-max-retries-out-of-range", "16-unknown-time-format", "17-delay-header-without-format",
		"18-bad-header-name", "19-envelope-not-a-pointer", "23-metering-bad-type", "29-success-not-a-pointer",
		"30-extension-not-an-object", "31-environment-without-name", "35-wrong-value-type",
	} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "specs", "bad", name+".yaml"))
		if err != nil {
			t.Fatal(err)
		}
		if err := schema.Validate(yamlInstance(t, data)); err == nil {
			t.Errorf("%s: the schema accepts what the loader refuses", name)
		}
	}
}

// overlayExtension is the x-authgen block an overlay writes (its updates
// of the root, "$"), as a minimal document the schema can check.
func overlayExtension(t *testing.T, data []byte) []byte {
	t.Helper()
	var o struct {
		Actions []struct {
			Target string         `yaml:"target"`
			Update map[string]any `yaml:"update"`
		} `yaml:"actions"`
	}
	if err := yaml.Unmarshal(data, &o); err != nil {
		t.Fatal(err)
	}
	doc := map[string]any{"openapi": "3.0.3", "info": map[string]any{"title": "t", "version": "1"}, "paths": map[string]any{}}
	for _, a := range o.Actions {
		if a.Target == "$" && a.Update[ExtensionKey] != nil {
			doc[ExtensionKey] = a.Update[ExtensionKey]
		}
	}
	if doc[ExtensionKey] == nil {
		t.Fatal("the overlay writes no x-authgen block at $")
	}
	out, err := yaml.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
