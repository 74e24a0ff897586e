package transport

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// Issue 11, case 8: only the selected operation's variables are coerced
// and validated.
func TestOnlySelectedOperationVariables(t *testing.T) {
	f := newFixture(t, nil)
	const doc = `query Audit { ...H }
query Review($id: ID!) { fail(kind: $id) }
mutation Approve($id: String!, $rev: Int!) { rename(input: {title: $id, expectedRevision: $rev}) }
fragment H on Query { hello }
fragment V on Query { viewer }
query Other { ...V }`
	res := f.post(t, `{"query":`+jsonString(doc)+`,"operationName":"Audit"}`, "Accept", "application/graphql-response+json")
	if res.status != http.StatusOK || len(res.resp.Errors) != 0 || string(res.resp.Data) != `{"hello":"world"}` {
		t.Fatalf("status %d: %s", res.status, res.body)
	}
	// The selected operation's own variables are still checked.
	res = f.post(t, `{"query":`+jsonString(doc)+`,"operationName":"Approve","variables":{"id":"x"}}`, "Accept", "application/graphql-response+json")
	if res.status != http.StatusBadRequest || len(res.resp.Errors) == 0 || res.resp.codes()[0] != "VALIDATION_FAILED" {
		t.Fatalf("missing $rev: status %d: %s", res.status, res.body)
	}
	// Error locations still point into the client's document.
	res = f.post(t, `{"query":`+jsonString("query A { hello }\nquery B { nope }")+`,"operationName":"B"}`, "Accept", "application/graphql-response+json")
	if res.status != http.StatusBadRequest || !contains(res.body, `"line":2`) {
		t.Fatalf("status %d: %s", res.status, res.body)
	}
}

// Issue 11, case 5: variables of the wrong type are request errors
// (VALIDATION_FAILED, 400), not INTERNAL.
func TestVariableCoercionFailures(t *testing.T) {
	f := newFixture(t, nil)
	tests := []struct {
		name, query, variables string
	}{
		{"float for Int", `query Q($n: Int) { items(first: $n) { totalCount } }`, `{"n": 1.5}`},
		{"string for Int", `query Q($n: Int) { items(first: $n) { totalCount } }`, `{"n": "10"}`},
		{"Int out of range", `query Q($n: Int) { items(first: $n) { totalCount } }`, `{"n": 2147483648}`},
		{"Int in input out of range", `mutation M($in: RenameInput!) { rename(input: $in) }`, `{"in": {"title": "x", "expectedRevision": 2147483648}}`},
		{"string in input for Int", `mutation M($in: RenameInput!) { rename(input: $in) }`, `{"in": {"title": "x", "expectedRevision": "5"}}`},
		{"float in input for Int", `mutation M($in: RenameInput!) { rename(input: $in) }`, `{"in": {"title": "x", "expectedRevision": 1.5}}`},
		{"Int var out of range", `mutation M($r: Int!) { rename(input: {title: "x", expectedRevision: $r}) }`, `{"r": 2147483648}`},
		{"number for String", `query Q($k: String!) { fail(kind: $k) }`, `{"k": 5}`},
		{"object for String", `query Q($k: String!) { fail(kind: $k) }`, `{"k": {}}`},
		{"list for Int", `query Q($n: Int) { items(first: $n) { totalCount } }`, `{"n": [1]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.post(t, `{"query":`+jsonString(tt.query)+`,"variables":`+tt.variables+`}`, "Accept", "application/graphql-response+json")
			if res.status != http.StatusBadRequest || res.resp.Data != nil || len(res.resp.Errors) == 0 {
				t.Fatalf("status %d: %s", res.status, res.body)
			}
			for _, c := range res.resp.codes() {
				if c != "VALIDATION_FAILED" {
					t.Errorf("code %s: %s", c, res.body)
				}
			}
		})
	}
}

func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }
