package transport

import (
	"bytes"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
)

const fuzzSchema = `
schema { query: Query mutation: Mutation }
type Query {
  hello: String!
  echo(text: String, n: Int, f: Float, id: ID, on: Boolean, kind: Kind): String
  items(first: Int, last: Int, after: String): ItemConnection!
}
type ItemConnection { totalCount: Int! edges: [ItemEdge!]! }
type ItemEdge { node: Item! }
type Item { id: ID! children(first: Int): ItemConnection! }
enum Kind { A B }
type Mutation { append(input: AppendInput!): Int! }
input AppendInput { text: String! n: Int! tags: [String!] nested: AppendInput }
`

// fuzzResolver records what mutations appended: a refused request must
// append nothing, and nothing appended may break the text policy.
type fuzzResolver struct {
	mu       sync.Mutex
	appended []string
}

func (r *fuzzResolver) Hello() string { return "world" }

func (r *fuzzResolver) Echo(args struct {
	Text *string
	N    *int32
	F    *float64
	ID   *graphql.ID
	On   *bool
	Kind *string
}) *string {
	return args.Text
}

func (r *fuzzResolver) Items(args struct {
	First, Last *int32
	After       *string
}) *fuzzConnection {
	return &fuzzConnection{}
}

type fuzzConnection struct{}

func (*fuzzConnection) TotalCount() int32                         { return 1 }
func (*fuzzConnection) Edges() []*fuzzEdge                        { return []*fuzzEdge{{}} }
func (*fuzzEdge) Node() *fuzzItem                                 { return &fuzzItem{} }
func (*fuzzItem) ID() graphql.ID                                  { return "1" }
func (*fuzzItem) Children(struct{ First *int32 }) *fuzzConnection { return &fuzzConnection{} }

type fuzzEdge struct{}
type fuzzItem struct{}

type appendInput struct {
	Text   string
	N      int32
	Tags   *[]string
	Nested *appendInput
}

func (in *appendInput) texts() []string {
	if in == nil {
		return nil
	}
	out := []string{in.Text}
	if in.Tags != nil {
		out = append(out, *in.Tags...)
	}
	return append(out, in.Nested.texts()...)
}

func (r *fuzzResolver) Append(args struct{ Input appendInput }) int32 {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.appended = append(r.appended, args.Input.texts()...)
	return int32(len(r.appended))
}

func (r *fuzzResolver) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.appended)
}

var knownCodes = map[string]bool{}

func init() {
	for _, c := range []domain.ErrorCode{domain.CodeUnauthenticated, domain.CodeForbidden, domain.CodeNotFound,
		domain.CodeValidationFailed, domain.CodeRevisionConflict, domain.CodeIdempotencyKeyReused,
		domain.CodeInvalidState, domain.CodeQueryTooComplex, domain.CodeRateLimited, domain.CodeUnavailable} {
		knownCodes[string(c)] = true
	}
}

// FuzzHandler sends arbitrary bodies to the HTTP handler. Whatever the
// body: no panic, a JSON answer whose every error has a contract code (and
// never INTERNAL: the schema's resolvers have no bugs to report), nothing
// appended by a refused request, and nothing appended that breaks the
// text policy. The seeds run with every go test.
func FuzzHandler(f *testing.F) {
	for _, seed := range []string{
		`{"query":"{ hello }"}`,
		`{"query":"mutation M($in: AppendInput!) { append(input: $in) }","variables":{"in":{"text":"ok","n":1}}}`,
		`{"query":"mutation M($in: AppendInput!) { append(input: $in) }","variables":{"in":{"text":"a\u0000b","n":1}}}`,
		`{"query":"mutation M($in: AppendInput!) { append(input: $in) }","variables":{"in":{"text":"x","n":1.5}}}`,
		`{"query":"mutation M($in: AppendInput!) { append(input: $in) }","variables":{"in":{"text":"x","n":"5"}}}`,
		`{"query":"mutation M($in: AppendInput!) { append(input: $in) }","variables":{"in":{"text":"x","n":2147483648}}}`,
		`{"query":"mutation M($in: AppendInput!) { append(input: $in) }","variables":{"in":{"text":"x","n":1,"tags":["\u0007"]}}}`,
		`{"query":"mutation M($in: AppendInput!) { append(input: $in) }","variables":{"in":{"text":"x","n":1,"nested":{"text":"\ud800","n":2}}}}`,
		`{"query":"mutation { append(input: {text: \"a\\u0000b\", n: 1}) }"}`,
		`{"query":"mutation { append(input: {text: \"a\\u{0}b\", n: 1}) }"}`,
		`{"query":"mutation { append(input: {text: \"a\\x00b\", n: 1}) }"}`,
		`{"query":"mutation { append(input: {text: \"a\\a\", n: 1}) }"}`,
		`{"query":"mutation { append(input: {text: \"\"\"block\u0001\"\"\", n: 1}) }"}`,
		`{"query":"query Q($n: Int) { items(first: $n) { totalCount } }","variables":{"n":"10"}}`,
		`{"query":"query A { hello } query B($t: String!) { echo(text: $t) }","operationName":"A"}`,
		`{"query":"query{...F3} fragment F0 on Query{...F0} fragment F1 on Query{...F0 ...F0} fragment F2 on Query{...F1 ...F1} fragment F3 on Query{...F2 ...F2}"}`,
		`{"query":"query{...F2} fragment F0 on Query{hello} fragment F1 on Query{...F0 ...F0} fragment F2 on Query{...F1 ...F1}"}`,
		`{"query":"{ items(first: 1000000) { edges { node { children(first: 1000000) { totalCount } } } } }"}`,
		`{"query":"{ echo(kind: C) }"}`,
		`{"query":"{ echo(id: $x) }"}`,
		`{"query":"{","variables":[]}`,
		"{\"query\":\"{ echo(text: \\\"\xff\\\") }\"}",
		`{"query":null}`,
		`[]`,
		``,
	} {
		f.Add([]byte(seed))
	}
	cfg := Config{RateLimit: RateLimitConfig{Disabled: true}, MaxCost: 5000}
	res := &fuzzResolver{}
	schema := graphql.MustParseSchema(fuzzSchema, res, SchemaOptions(cfg, slog.New(slog.DiscardHandler))...)
	h := NewHandler(cfg, schema, testAuth, slog.New(slog.DiscardHandler))

	f.Fuzz(func(t *testing.T, body []byte) {
		before := res.count()
		r := httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(body))
		r.Header.Set("Content-Type", "application/json")
		r.Header.Set("Accept", "application/graphql-response+json")
		r.Header.Set("Authorization", "Bearer good")
		w := httptest.NewRecorder()
		h.ServeHTTP(w, r)

		var resp struct {
			Data   json.RawMessage `json:"data"`
			Errors []struct {
				Extensions map[string]any `json:"extensions"`
			} `json:"errors"`
		}
		if err := json.Unmarshal(w.Body.Bytes(), &resp); err != nil {
			t.Fatalf("status %d, not JSON: %v: %s", w.Code, err, w.Body)
		}
		for _, e := range resp.Errors {
			code, _ := e.Extensions["code"].(string)
			if !knownCodes[code] {
				t.Fatalf("error code %q for %q: %s", code, body, w.Body)
			}
		}
		appended := res.count() - before
		if w.Code != http.StatusOK && appended != 0 {
			t.Fatalf("status %d but %d texts appended for %q", w.Code, appended, body)
		}
		if w.Code != http.StatusOK && resp.Data != nil {
			t.Fatalf("status %d with data for %q: %s", w.Code, body, w.Body)
		}
		res.mu.Lock()
		defer res.mu.Unlock()
		for _, text := range res.appended[before : before+appended] {
			if problem := domain.TextProblem(text); problem != "" || strings.ContainsRune(text, 0) {
				t.Fatalf("appended %q (%s) for %q", text, problem, body)
			}
		}
	})
}
