package transport

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
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
		{"fragment spread twice", `{ a: items(first: 2) { ...E } b: items(first: 3) { ...E } } fragment E on ItemConnection { edges { node { id } } }`, nil, 1 + 2*3 + 1 + 3*3},
		{"totalCount is not multiplied", `{ items(first: 100) { totalCount } }`, nil, 2},
		{"totalCount beside items", `{ items(first: 5) { totalCount edges { node { id } } } }`, nil, 2 + 5*3},
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
			got, err := operationCost(context.Background(), schema.AST(), doc, op, tt.variables, 20, 1000, 1000)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("cost %d, want %d", got, tt.want)
			}
		})
	}
}

// fragmentBomb is the document of issue 11: F_k spreads F_(k-1) twice, so
// expanding F_levels naively visits 2^levels fragments. With cyclic, F0
// spreads itself.
func fragmentBomb(levels int, cyclic bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "query{...F%d}", levels)
	if cyclic {
		b.WriteString(" fragment F0 on Query{...F0}")
	} else {
		b.WriteString(" fragment F0 on Query{hello}")
	}
	for k := 1; k <= levels; k++ {
		fmt.Fprintf(&b, " fragment F%d on Query{...F%d ...F%d}", k, k-1, k-1)
	}
	return b.String()
}

// countSelections counts the selection nodes written in a document: an
// analysis that visits each at most once is linear in the document.
func countSelections(doc *document) int {
	var count func([]selection) int
	count = func(sels []selection) int {
		n := len(sels)
		for _, s := range sels {
			n += count(s.selections)
		}
		return n
	}
	n := 0
	for _, op := range doc.operations {
		n += count(op.selections)
	}
	for _, f := range doc.fragments {
		n += count(f.selections)
	}
	return n
}

// The analysis visits every selection of the document at most once,
// however often a fragment is spread: the fragment bomb of issue 11 is
// costed in as many steps as it has selections, and refused.
func TestFragmentBombIsLinear(t *testing.T) {
	schema := graphql.MustParseSchema(testSchema, newResolver())
	for _, levels := range []int{1, 2, 10, 24, 30} {
		doc, err := parseDocument(fragmentBomb(levels, false))
		if err != nil {
			t.Fatal(err)
		}
		c, err := newCostCounter(context.Background(), schema.AST(), doc, nil, 20, 50_000, 1_000_000)
		if err != nil {
			t.Fatal(err)
		}
		cost, err := c.operation(doc.operations[0])
		if err != nil {
			t.Fatal(err)
		}
		if want := int64(1) << levels; levels <= 15 && cost != want {
			t.Errorf("%d levels: cost %d, want %d", levels, cost, want)
		}
		if levels >= 16 && cost <= 50_000 {
			t.Errorf("%d levels: cost %d is within the limit", levels, cost)
		}
		if n := countSelections(doc); c.visited > n {
			t.Errorf("%d levels: visited %d nodes, the document has %d", levels, c.visited, n)
		}
	}
}

func TestFragmentCycleIsRefusedBeforeCosting(t *testing.T) {
	schema := graphql.MustParseSchema(testSchema, newResolver())
	for _, q := range []string{
		fragmentBomb(24, true),
		`{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }`,
		`{ deep { ...A } } fragment A on Deep { deep { ...A } }`,
	} {
		doc, err := parseDocument(q)
		if err != nil {
			t.Fatal(err)
		}
		_, err = operationCost(context.Background(), schema.AST(), doc, doc.operations[0], nil, 20, 50_000, 1_000_000)
		var refused *analysisError
		if !errors.As(err, &refused) || refused.code != "VALIDATION_FAILED" {
			t.Errorf("%.60s: error %v", q, err)
		}
	}
}

func TestAnalysisNodeBudget(t *testing.T) {
	schema := graphql.MustParseSchema(testSchema, newResolver())
	doc, err := parseDocument(`{ hello ` + strings.Repeat("h: hello ", 100) + `}`)
	if err != nil {
		t.Fatal(err)
	}
	_, err = operationCost(context.Background(), schema.AST(), doc, doc.operations[0], nil, 20, 50_000, 50)
	var refused *analysisError
	if !errors.As(err, &refused) || refused.code != "QUERY_TOO_COMPLEX" {
		t.Errorf("error %v", err)
	}
}

func TestAnalysisHonoursContext(t *testing.T) {
	schema := graphql.MustParseSchema(testSchema, newResolver())
	doc, err := parseDocument(`{ hello ` + strings.Repeat("h: hello ", 1000) + `}`)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	c, err := newCostCounter(ctx, schema.AST(), doc, nil, 20, 50_000, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.operation(doc.operations[0]); err == nil {
		t.Fatal("analysis ran to its end with a cancelled context")
	}
	if c.visited > contextCheckEvery {
		t.Errorf("visited %d nodes after the context ended", c.visited)
	}
}

// Through the handler: the cyclic bomb is VALIDATION_FAILED, the acyclic
// one QUERY_TOO_COMPLEX, for every size the issue tried.
func TestFragmentBombOverHTTP(t *testing.T) {
	f := newFixture(t, nil)
	for _, levels := range []int{1, 2, 3, 8, 16, 24, 30} {
		for _, cyclic := range []bool{true, false} {
			res := f.post(t, query(fragmentBomb(levels, cyclic), nil), "Accept", "application/graphql-response+json")
			want := "QUERY_TOO_COMPLEX"
			switch {
			case cyclic:
				want = "VALIDATION_FAILED"
			case levels < 16:
				want = "" // 2^levels fields are within the default limit
			}
			if want == "" {
				if res.status != http.StatusOK || len(res.resp.Errors) != 0 {
					t.Errorf("%d levels: status %d: %.300s", levels, res.status, res.body)
				}
				continue
			}
			if res.status != http.StatusBadRequest || len(res.resp.Errors) != 1 || res.resp.codes()[0] != want {
				t.Errorf("%d levels, cyclic %v: status %d: %.300s", levels, cyclic, res.status, res.body)
			}
		}
	}
}

// 400 aliases of a connection asked only for its totalCount cost 2 each:
// no page of items is resolved for them.
func TestTotalCountAliasesAreCheap(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxCost = 1000 })
	var b strings.Builder
	b.WriteString("{")
	for i := range 400 {
		fmt.Fprintf(&b, " a%d: items(first: 100) { totalCount }", i)
	}
	b.WriteString(" }")
	res := f.post(t, query(b.String(), nil))
	if res.status != http.StatusOK || len(res.resp.Errors) != 0 {
		t.Fatalf("status %d: %.300s", res.status, res.body)
	}
}

func TestReadBudget(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxRowsPerRequest = 100 })
	res := f.post(t, query(`{ a: read(rows: 60) b: read(rows: 30) }`, nil))
	if res.status != http.StatusOK || len(res.resp.Errors) != 0 {
		t.Fatalf("within the budget: status %d: %s", res.status, res.body)
	}
	// Each request has a budget of its own: this one is refused though the
	// last one read 90 rows of its own.
	res = f.post(t, query(`{ a: read(rows: 60) b: read(rows: 60) }`, nil))
	if codes := res.resp.codes(); len(codes) != 1 || codes[0] != "QUERY_TOO_COMPLEX" {
		t.Fatalf("over the budget: status %d: %s", res.status, res.body)
	}
	// A query over WebSocket has a budget of its own too.
	c := f.connect(t, goodInit)
	c.subscribe("1", `{ a: read(rows: 60) b: read(rows: 60) }`, nil)
	if m := c.read(); m.Type != "next" || len(m.result(t).codes()) != 1 || m.result(t).codes()[0] != "QUERY_TOO_COMPLEX" {
		t.Fatalf("over WebSocket: %s %s", m.Type, m.Payload)
	}
}
