package gocheck

import (
	"strings"
	"testing"
)

// TestCheckFindsWhatParsingMisses: each package parses; only a type check
// sees what is wrong with it.
func TestCheckFindsWhatParsingMisses(t *testing.T) {
	for name, tc := range map[string]struct {
		files map[string][]byte
		want  string
	}{
		"a name declared twice": {map[string][]byte{
			"a.go": []byte("package p\n\nvar ErrNotFound = 1\n"),
			"b.go": []byte("package p\n\ntype ErrNotFound struct{}\n"),
		}, "ErrNotFound redeclared"},
		"a field that meets a method": {map[string][]byte{
			"a.go": []byte("package p\n\ntype T struct{ MarshalJSON string }\n\nfunc (T) MarshalJSON() ([]byte, error) { return nil, nil }\n"),
		}, "field and method with the same name MarshalJSON"},
		"an argument that hides a helper": {map[string][]byte{
			"a.go": []byte("package p\n\nfunc addQuery(s string) string { return s }\n\nfunc Get(addQuery string) string { return addQuery(addQuery) }\n"),
		}, "cannot call addQuery"},
	} {
		t.Run(name, func(t *testing.T) {
			err := Check(tc.files)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Errorf("Check = %v, want an error containing %q", err, tc.want)
			}
		})
	}
	ok := map[string][]byte{"a.go": []byte("package p\n\nimport \"net/http\"\n\nvar C = http.DefaultClient\n")}
	if err := Check(ok); err != nil {
		t.Errorf("a good package: %v", err)
	}
}

func TestFormatted(t *testing.T) {
	if err := Formatted(map[string][]byte{"a.go": []byte("package p\nvar  x = 1\n")}); err == nil {
		t.Error("unformatted source passed")
	}
	if err := Formatted(map[string][]byte{"a.go": []byte("package p\n\nvar x = 1\n")}); err != nil {
		t.Errorf("gofmt-clean source: %v", err)
	}
}
