package gocheck

import (
	"fmt"
	"go/types"
)

// CheckFake type-checks a generated fake provider package (fake: base
// name to content) against its client (client, the package at import path
// clientImport) and the fake runtime, as Check does a client: a name that
// hides an import or a local, a handler of the wrong type, fail here. The
// client's function bodies are not checked (Check does that).
func CheckFake(client map[string][]byte, clientImport string, fake map[string][]byte) error {
	clientPkg, err := check(clientImport, client, false, lockedImporter{})
	if err != nil {
		return fmt.Errorf("the client %s: %w", clientImport, err)
	}
	_, err = check("", fake, true, withPackage{clientPkg})
	return err
}

// withPackage imports one package it holds, and the rest as Check does.
type withPackage struct{ pkg *types.Package }

func (w withPackage) Import(path string) (*types.Package, error) {
	if path == w.pkg.Path() {
		return w.pkg, nil
	}
	return lockedImporter{}.Import(path)
}

// held reports a package imp has already, which needs no export data.
func held(imp types.Importer, path string) bool {
	w, ok := imp.(withPackage)
	return ok && w.pkg.Path() == path
}
