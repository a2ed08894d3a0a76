package gen

import (
	"strings"
	"testing"

	"github.com/authgen/authgen/internal/gocheck"
	"github.com/authgen/authgen/internal/spec"
)

// checkFake generates the fake of p, a client whose files are client, and
// type-checks it against them; it wants it gofmt-clean too.
func checkFake(p *spec.Provider, client map[string][]byte) error {
	clientImport := "example.com/clients/" + p.Package
	files, err := GenerateFake(p, clientImport)
	if err != nil {
		return err
	}
	fake := map[string][]byte{}
	for _, f := range files {
		fake[strings.TrimPrefix(f.Name, FakePackage(p)+"/")] = f.Content
	}
	if err := gocheck.CheckFake(client, clientImport, fake); err != nil {
		return err
	}
	return gocheck.Formatted(fake)
}

// TestFakeTypeChecksWhateverThePackageName generates the fakenames case
// (path parameters named like the fake's handler, receiver, call, test,
// spec variable and runtime import, and like the client's package) under
// package names that meet the fake's imports and locals: each fake
// type-checks. Before the fake had its own name registry, a package called
// like an import (http) or a local (h) hid it.
func TestFakeTypeChecksWhateverThePackageName(t *testing.T) {
	for _, pkg := range []string{"shop", "http", "context", "testing", "io", "json", "time", "authgenfake", "authgenrt", "s", "h", "c", "ctx", "err", "tb", "client", "all", "opts", "params", "status"} {
		t.Run(pkg, func(t *testing.T) {
			p, files := generateAs(t, "../../testdata/cases/fakenames.yaml", pkg)
			if err := checkFake(p, fileMap(files)); err != nil {
				t.Errorf("the fake of package %s does not type-check:\n%v", pkg, err)
			}
		})
	}
}
