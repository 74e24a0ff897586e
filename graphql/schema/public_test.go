package schema_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/graph-gophers/graphql-go/ast"

	"github.com/creativeclusters/planner/graphql/schema"
)

// TestThePublicViewReachesOnlyItsOwnTypes walks every type reachable from
// the root fields readers without a token may select (Query.public*):
// their own Public* types, values and enums, and nothing that leads to a
// draft, a person, a review or the audit log (Strategy, CooperationConcept,
// Organisation with its contact person, Actor, Revision, Review, Node).
// A field added later to a Public* type that reaches one of those fails
// here.
func TestThePublicViewReachesOnlyItsOwnTypes(t *testing.T) {
	s := parse(t, schema.SDL)
	query := s.Types["Query"].(*ast.ObjectTypeDefinition)
	var queue []string
	var roots []string
	for _, f := range query.Fields {
		if strings.HasPrefix(f.Name, "public") {
			roots = append(roots, f.Name)
			queue = append(queue, namedType(f.Type))
		}
	}
	if !slices.Equal(roots, []string{"publicDocuments", "publicStrategy", "publicConcept"}) {
		t.Fatalf("public root fields %v", roots)
	}
	reached := map[string]bool{}
	for len(queue) > 0 {
		name := queue[0]
		queue = queue[1:]
		if reached[name] {
			continue
		}
		reached[name] = true
		switch typ := s.Types[name].(type) {
		case *ast.ObjectTypeDefinition:
			for _, f := range typ.Fields {
				queue = append(queue, namedType(f.Type))
			}
			queue = append(queue, typ.InterfaceNames...)
		case *ast.InterfaceTypeDefinition:
			for _, f := range typ.Fields {
				queue = append(queue, namedType(f.Type))
			}
			for _, o := range s.Objects {
				if slices.Contains(o.InterfaceNames, name) {
					queue = append(queue, o.Name)
				}
			}
		case *ast.Union:
			queue = append(queue, typ.TypeNames...)
		}
	}
	allowed := map[string]bool{
		"ID": true, "String": true, "Int": true, "Float": true, "Boolean": true, "DateTime": true, "Date": true, "JSON": true,
		"PageInfo": true, "YearValue": true,
		"PartnerRole": true, "MeasureStatus": true, "ChangeKind": true, "ConceptKind": true, "PilotStatus": true, "Recommendation": true,
	}
	var names []string
	for name := range reached {
		names = append(names, name)
		if !allowed[name] && !strings.HasPrefix(name, "Public") {
			t.Errorf("the public view reaches %s", name)
		}
	}
	for _, forbidden := range []string{"Strategy", "CooperationConcept", "Organisation", "ContactPerson", "Actor", "Revision", "Review", "Node", "Change"} {
		if reached[forbidden] {
			t.Errorf("the public view reaches %s", forbidden)
		}
	}
	slices.Sort(names)
	t.Logf("reachable without a token: %v", names)
}

// namedType strips list and non-null wrappers: [PublicSection!]! -> PublicSection.
func namedType(t ast.Type) string {
	return strings.Trim(t.String(), "[]!")
}
