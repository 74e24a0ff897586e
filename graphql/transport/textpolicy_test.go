package transport

import (
	"net/http"
	"strings"
	"testing"
)

// Issue 11, case 3: every string input follows one text policy at the edge
// (domain.TextProblem): control characters other than tab, LF and CR, and
// invalid UTF-8, are VALIDATION_FAILED naming the field, before any
// resolver runs; nothing reaches a resolver (rename would answer).
func TestTextPolicyAtTheEdge(t *testing.T) {
	f := newFixture(t, nil)
	tests := []struct {
		name string
		body string
		// field is the path the error must name; "" for none.
		field string
	}{
		{"NUL in a variable", `{"query":"mutation M($t: String!) { rename(input: {title: $t, expectedRevision: 3}) }","variables":{"t":"a\u0000b"}}`, "t"},
		{"NUL in an input variable", `{"query":"mutation M($in: RenameInput!) { rename(input: $in) }","variables":{"in":{"title":"a\u0000b","expectedRevision":3}}}`, "in.title"},
		{"escape in a literal", `{"query":"mutation { rename(input: {title: \"a\\u0000b\", expectedRevision: 3}) }"}`, "input"},
		{"Go escape in a literal", `{"query":"mutation { rename(input: {title: \"a\\x00b\", expectedRevision: 3}) }"}`, "input"},
		{"octal escape in a literal", `{"query":"mutation { rename(input: {title: \"0\\000\", expectedRevision: 3}) }"}`, "input"},
		{"braced escape in a literal", `{"query":"mutation { rename(input: {title: \"a\\u{0}b\", expectedRevision: 3}) }"}`, "input"},
		{"raw control in a literal", `{"query":"mutation { rename(input: {title: \"a\u0001b\", expectedRevision: 3}) }"}`, "input"},
		{"bell in a filter", `{"query":"query Q($k: String!) { fail(kind: $k) }","variables":{"k":"\u0007"}}`, "k"},
		{"C1 control", `{"query":"query Q($k: String!) { fail(kind: $k) }","variables":{"k":"x\u0085"}}`, "k"},
		{"lone surrogate", `{"query":"query Q($k: String!) { fail(kind: $k) }","variables":{"k":"x\udc00"}}`, ""},
		{"lone surrogate in the query", `{"query":"mutation { rename(input: {title: \"\\ud800\", expectedRevision: 3}) }"}`, "input"},
		{"invalid UTF-8", "{\"query\":\"query Q($k: String!) { fail(kind: $k) }\",\"variables\":{\"k\":\"x\xff\"}}", ""},
		{"NUL in an ID", `{"query":"query Q($k: ID!) { fail(kind: \"notfound\") ids: items(first: 1) { totalCount } }","variables":{"k":"\u0000"}}`, "k"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.post(t, tt.body, "Accept", "application/graphql-response+json")
			if res.status != http.StatusBadRequest || res.resp.Data != nil || len(res.resp.Errors) == 0 {
				t.Fatalf("status %d: %s", res.status, res.body)
			}
			e := res.resp.Errors[0]
			if e.Extensions["code"] != "VALIDATION_FAILED" {
				t.Fatalf("code: %s", res.body)
			}
			if tt.field == "" {
				return
			}
			fields, _ := e.Extensions["fields"].([]any)
			if len(fields) == 0 {
				t.Fatalf("no fields: %s", res.body)
			}
			path, _ := fields[0].(map[string]any)["path"].([]any)
			var parts []string
			for _, p := range path {
				parts = append(parts, p.(string))
			}
			if got := strings.Join(parts, "."); got != tt.field {
				t.Errorf("path %q, want %q: %s", got, tt.field, res.body)
			}
		})
	}
	// Tabs, line ends, surrogate pairs and U+FFFD are text.
	res := f.post(t, `{"query":"mutation M($t: String!) { rename(input: {title: $t, expectedRevision: 3}) }","variables":{"t":"a\tb\nc\r\n\ud83d\ude00\ufffd"}}`)
	if res.status != http.StatusOK || len(res.resp.Errors) != 0 {
		t.Fatalf("status %d: %s", res.status, res.body)
	}
	res = f.post(t, `{"query":"mutation { rename(input: {title: \"tab\\there \\ud83d\\ude00\", expectedRevision: 3}) }"}`)
	if res.status != http.StatusOK || len(res.resp.Errors) != 0 {
		t.Fatalf("status %d: %s", res.status, res.body)
	}
}
