package transport

import (
	"testing"

	graphql "github.com/graph-gophers/graphql-go"
)

func TestOperationCost(t *testing.T) {
	schema := graphql.MustParseSchema(testSchema, newResolver())
	tests := []struct {
		name      string
		query     string
		variables map[string]any
		want      int64
	}{
		{"one field", `{ hello }`, nil, 1},
		{"fields add up", `{ hello viewer a: hello }`, nil, 3},
		{"first multiplies", `{ items(first: 5) { edges { node { id } } } }`, nil, 1 + 5*3},
		{"last multiplies", `{ items(last: 5) { edges { node { id } } } }`, nil, 1 + 5*3},
		{"the larger of first and last", `{ items(first: 2, last: 7) { edges { node { id } } } }`, nil, 1 + 7*3},
		{"variable", `query Q($n: Int) { items(first: $n) { edges { node { id } } } }`, map[string]any{"n": float64(4)}, 1 + 4*3},
		{"null variable takes the default page", `query Q($n: Int) { items(first: $n) { edges { node { id } } } }`, map[string]any{"n": nil}, 1 + 20*3},
		{"default page on connections", `{ items { edges { node { id } } } }`, nil, 1 + 20*3},
		{"negative counts nothing", `{ items(first: -5) { edges { node { id } } } }`, nil, 1},
		{"nested", `{ items(first: 10) { edges { node { children(first: 10) { edges { node { id } } } } } } }`, nil, 1 + 10*(1+1+(1+10*3))},
		{"fragment spread", `{ items(first: 2) { ...E } } fragment E on ItemConnection { edges { node { id } } }`, nil, 1 + 2*3},
		{"inline fragment", `{ ... on Query { items(first: 2) { edges { node { id } } } } }`, nil, 1 + 2*3},
		{"fragment cycle ends", `{ deep { ...A } } fragment A on Deep { deep { ...A } }`, nil, 2},
		{"introspection", `{ __schema { types { name } } }`, nil, 3},
		{"capped", `{ items(first: 1000000000) { edges { node { children(first: 1000000000) { edges { node { id } } } } } } }`, nil, 1001},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc, err := parseDocument(tt.query)
			if err != nil {
				t.Fatal(err)
			}
			op := doc.operation("")
			if op == nil {
				op = doc.operations[0]
			}
			if got := operationCost(schema.AST(), doc, op, tt.variables, 20, 1000); got != tt.want {
				t.Errorf("cost %d, want %d", got, tt.want)
			}
		})
	}
}
