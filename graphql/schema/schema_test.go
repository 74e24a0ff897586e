package schema_test

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	graphql "github.com/graph-gophers/graphql-go"
	"github.com/graph-gophers/graphql-go/ast"

	"github.com/creativeclusters/planner/graphql/schema"
)

// The contract is pinned in testdata; the workspace copy, when present, must
// be the same file, so that a contract change is noticed here first.
const pinnedContract = "testdata/contract.graphql"

func parse(t *testing.T, sdl string) *ast.Schema {
	t.Helper()
	s, err := graphql.ParseSchema(sdl, nil, graphql.UseStringDescriptions())
	if err != nil {
		t.Fatalf("parse schema: %v", err)
	}
	return s.AST()
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestServedSchemaIsACompatibleSupersetOfTheContract(t *testing.T) {
	contract := parse(t, readFile(t, pinnedContract))
	served := parse(t, schema.SDL)
	for _, problem := range breakingChanges(contract, served) {
		t.Error(problem)
	}
}

func TestPinnedContractMatchesTheWorkspaceContract(t *testing.T) {
	path := os.Getenv("PLANNER_CONTRACT")
	if path == "" {
		// In the development workspace the contract's source of truth sits
		// beside the repository; a clone on its own has only the pinned copy,
		// which the superset test above already checks against.
		path = filepath.Join("..", "..", "..", "shared", "contract", "api.graphql")
		if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
			t.Logf("no workspace contract at %s: checking against the pinned %s only (set PLANNER_CONTRACT to compare)", path, pinnedContract)
			return
		}
	}
	workspace, err := os.ReadFile(path)
	if err != nil {
		// An explicit PLANNER_CONTRACT that cannot be read is a mistake, not an absence.
		t.Fatalf("workspace contract: %v", err)
	}
	if string(workspace) != readFile(t, pinnedContract) {
		t.Fatalf("%s differs from %s: copy the new contract into testdata and reconcile schema.graphql", path, pinnedContract)
	}
}

// TestBreakingChangesAreFound keeps the checker honest: every kind of
// breaking change made to a copy of the contract must be reported.
func TestBreakingChangesAreFound(t *testing.T) {
	contractSDL := readFile(t, pinnedContract)
	contract := parse(t, contractSDL)
	cases := []struct {
		name, old, new, want string
	}{
		{"removed field", "  vision: String!\n  startYear: Int!\n  endYear: Int!\n  status: StrategyStatus!\n  \"Number of the latest",
			"  startYear: Int!\n  endYear: Int!\n  status: StrategyStatus!\n  \"Number of the latest", "Strategy.vision: missing"},
		{"changed field type", "  contentRevision: Int!\n  locations", "  contentRevision: Int\n  locations", "Strategy.contentRevision: type Int, contract Int!"},
		{"removed argument", "strategy(id: ID!, minPosition: String): Strategy", "strategy(id: ID!): Strategy", "Query.strategy(minPosition): missing"},
		{"changed argument type", "revisionByNumber(number: Int!): Revision\n  \"The document", "revisionByNumber(number: Int): Revision\n  \"The document", "Strategy.revisionByNumber(number): type Int, contract Int!"},
		{"new required argument", "  systemStatus: SystemStatus!", "  systemStatus(verbose: Boolean!): SystemStatus!", "Query.systemStatus(verbose): new required argument"},
		{"removed enum value", "  ARCHIVED\n}", "}", "StrategyStatus.ARCHIVED: missing"},
		{"removed input field", "  \"Case-insensitive substring of the title.\"\n  search: String\n", "", "StrategyFilter.search: missing"},
		{"new required input field", "input ConceptFilter {\n", "input ConceptFilter {\n  tenant: ID!\n", "ConceptFilter.tenant: new required input field"},
		{"removed union member", "union HistorySubject = Strategy | CooperationConcept | Organisation | Location", "union HistorySubject = Strategy | CooperationConcept | Organisation", "HistorySubject: member Location missing"},
		{"removed interface", "type Location implements Node {", "type Location {", "Location: does not implement Node"},
		{"removed type", "type YearValue {\n  year: Int!\n  value: Float!\n}\n", "", "YearValue: missing"},
		{"removed oneOf", "input RevisionSelector @oneOf {", "input RevisionSelector {", "RevisionSelector: not @oneOf"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if !strings.Contains(contractSDL, c.old) {
				t.Fatalf("test case does not match the contract: %q", c.old)
			}
			changed := strings.Replace(contractSDL, c.old, c.new, 1)
			if c.name == "removed type" {
				changed = strings.ReplaceAll(changed, "[YearValue!]!", "[Float!]!")
			}
			got := breakingChanges(contract, parse(t, changed))
			if !slices.Contains(got, c.want) {
				t.Fatalf("want %q among %q", c.want, got)
			}
		})
	}
	if got := breakingChanges(contract, contract); len(got) != 0 {
		t.Fatalf("the contract breaks itself: %q", got)
	}
}

// breakingChanges lists what served lacks or changed compared with the
// contract: the breaking changes of graphql-js findBreakingChanges that a
// schema-first server can make. Types must match exactly (stricter than
// graphql-js, which accepts e.g. a nullable output field becoming non-null).
func breakingChanges(contract, served *ast.Schema) []string {
	var out []string
	report := func(format string, args ...any) { out = append(out, fmt.Sprintf(format, args...)) }
	names := make([]string, 0, len(contract.Types))
	for name := range contract.Types {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		if strings.HasPrefix(name, "__") {
			continue
		}
		want := contract.Types[name]
		got, ok := served.Types[name]
		if !ok {
			report("%s: missing", name)
			continue
		}
		if got.Kind() != want.Kind() {
			report("%s: kind %s, contract %s", name, got.Kind(), want.Kind())
			continue
		}
		switch want := want.(type) {
		case *ast.ObjectTypeDefinition:
			got := got.(*ast.ObjectTypeDefinition)
			compareFields(report, name, want.Fields, got.Fields)
			for _, iface := range want.InterfaceNames {
				if !slices.Contains(got.InterfaceNames, iface) {
					report("%s: does not implement %s", name, iface)
				}
			}
		case *ast.InterfaceTypeDefinition:
			compareFields(report, name, want.Fields, got.(*ast.InterfaceTypeDefinition).Fields)
		case *ast.InputObject:
			got := got.(*ast.InputObject)
			compareInputValues(report, name+".", want.Values, got.Values, "new required input field")
			if want.Directives.Get("oneOf") != nil && got.Directives.Get("oneOf") == nil {
				report("%s: not @oneOf", name)
			}
		case *ast.EnumTypeDefinition:
			for _, v := range want.EnumValuesDefinition {
				if !slices.ContainsFunc(got.(*ast.EnumTypeDefinition).EnumValuesDefinition, func(g *ast.EnumValueDefinition) bool {
					return g.EnumValue == v.EnumValue
				}) {
					report("%s.%s: missing", name, v.EnumValue)
				}
			}
		case *ast.Union:
			for _, member := range want.TypeNames {
				if !slices.Contains(got.(*ast.Union).TypeNames, member) {
					report("%s: member %s missing", name, member)
				}
			}
		}
	}
	return out
}

func compareFields(report func(string, ...any), typeName string, want, got ast.FieldsDefinition) {
	for _, wf := range want {
		gf := got.Get(wf.Name)
		if gf == nil {
			report("%s.%s: missing", typeName, wf.Name)
			continue
		}
		if gf.Type.String() != wf.Type.String() {
			report("%s.%s: type %s, contract %s", typeName, wf.Name, gf.Type, wf.Type)
		}
		compareInputValues(report, typeName+"."+wf.Name+"(", wf.Arguments, gf.Arguments, "new required argument")
	}
}

// compareInputValues compares arguments (prefix "Type.field(") or input
// fields (prefix "Type."); a value served but not in the contract breaks
// clients when it is required and has no default.
func compareInputValues(report func(string, ...any), prefix string, want, got ast.ArgumentsDefinition, added string) {
	suffix := ""
	if strings.HasSuffix(prefix, "(") {
		suffix = ")"
	}
	for _, wv := range want {
		gv := got.Get(wv.Name.Name)
		if gv == nil {
			report("%s%s%s: missing", prefix, wv.Name.Name, suffix)
			continue
		}
		if gv.Type.String() != wv.Type.String() {
			report("%s%s%s: type %s, contract %s", prefix, wv.Name.Name, suffix, gv.Type, wv.Type)
		}
	}
	for _, gv := range got {
		if want.Get(gv.Name.Name) != nil {
			continue
		}
		if _, required := gv.Type.(*ast.NonNull); required && gv.Default == nil {
			report("%s%s%s: %s", prefix, gv.Name.Name, suffix, added)
		}
	}
}
