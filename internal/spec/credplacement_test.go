package spec

import (
	"path/filepath"
	"testing"
)

// TestBodyCredentialMembersLeaveTheRequestStruct: the members a credential
// goes in (client_id, secret) are not fields of the body's model, so a
// caller never sees a field the client fills from the credential; the
// body's other members stay, and a model no such operation sends keeps
// its fields.
func TestBodyCredentialMembersLeaveTheRequestStruct(t *testing.T) {
	p, _, err := Load(filepath.Join("..", "..", "testdata", "cases", "placement.yaml"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	fields := map[string][]string{}
	for _, m := range p.Models {
		if s, ok := m.(*StructModel); ok {
			for _, f := range s.Fields {
				fields[s.GoName] = append(fields[s.GoName], f.Name)
			}
		}
	}
	if got := fields["CreateLinkTokenRequest"]; len(got) != 2 || got[0] != "client_name" || got[1] != "count" {
		t.Errorf("CreateLinkTokenRequest has the fields %v, want [client_name count]", got)
	}
	for _, op := range p.Operations {
		if op.ID == "createLinkToken" && len(bodyPlacementsOf(op.Security)) != 2 {
			t.Errorf("createLinkToken sends the body members %v", bodyPlacementsOf(op.Security))
		}
	}
}
