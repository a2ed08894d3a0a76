package spec

import (
	"path/filepath"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// TestEditedDocumentIsWhatTheGeneratorReads: for an overlay (Stripe's,
// which keeps a few operations of Stripe's document), EditedDocument is
// the vendor's document as the overlay and the operation filter edit it:
// relative references resolve from the vendor's file, and it holds
// exactly the operations the generator builds, which a fake's answers
// are validated against.
func TestEditedDocumentIsWhatTheGeneratorReads(t *testing.T) {
	const path = "../../specs/stripe.yaml"
	base, data, err := EditedDocument(path)
	if err != nil {
		t.Fatal(err)
	}
	if filepath.Base(base) != "stripe.yaml" || filepath.Base(filepath.Dir(base)) != "upstream" {
		t.Errorf("base %s, want the vendor's document upstream/stripe.yaml", base)
	}
	doc, err := openapi3.NewLoader().LoadFromData(data)
	if err != nil {
		t.Fatal(err)
	}
	ops := 0
	for _, item := range doc.Paths.Map() {
		ops += len(item.Operations())
	}
	p, _, err := Load(path, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if ops != len(p.Operations) || ops == 0 {
		t.Errorf("the edited document has %d operations, the generator builds %d", ops, len(p.Operations))
	}
}
