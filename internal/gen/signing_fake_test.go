package gen

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestSigningFakeCarriesItsKeys: the fake of a signing spec declares the
// signing and the keys it checks, and its Client signs with them; for
// algorithm ed25519 the secret is a PEM private key (the form the runtime
// reads), not the HMAC's word. Both fakes type-check.
func TestSigningFakeCarriesItsKeys(t *testing.T) {
	src, err := os.ReadFile("../../specs/binance.yaml")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name, algorithm string
		want            []string
	}{
		{"hmac", "algorithm: hmac-sha256", []string{`SigningSecret:    "fake-signing-secret"`, `SignatureCode:   "-1022"`, `WithSigning("fake-signing-key-id", "fake-signing-secret")`}},
		{"jwt", "", []string{"&authgenrt.JWTSpec{", `Issuer: "cdp"`, `WithSigning("fake-signing-key-id", "`, `"BINANCE_KEY_ID"`}},
		{"ed25519", "algorithm: ed25519\n    encoding: base64", []string{"Ed25519: true", `SigningSecret:    "-----BEGIN PRIVATE KEY-----\n`, `WithSigning("fake-signing-key-id", "-----BEGIN PRIVATE KEY-----\n`}},
	} {
		t.Run(c.name, func(t *testing.T) {
			text := strings.Replace(strings.Replace(string(src), "algorithm: hmac-sha256", c.algorithm, 1), "    encoding: hex\n", "", 1)
			if c.name == "jwt" {
				start, end := strings.Index(text, "  signing:\n"), strings.Index(text, "  errors:\n")
				text = text[:start] + "  signing:\n    preset: jwt\n    issuer: cdp\n" + text[end:]
			}
			path := filepath.Join(t.TempDir(), "binance.yaml")
			if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
				t.Fatal(err)
			}
			p, files := generateAs(t, path, "binance")
			if err := checkFake(p, fileMap(files)); err != nil {
				t.Fatalf("the fake does not type-check:\n%v", err)
			}
			fakeFiles, err := GenerateFake(p, "example.com/clients/binance")
			if err != nil {
				t.Fatal(err)
			}
			var all strings.Builder
			for _, f := range fakeFiles {
				all.Write(f.Content)
			}
			for _, w := range c.want {
				if !strings.Contains(all.String(), w) {
					t.Errorf("the fake lacks %q", w)
				}
			}
		})
	}
}
