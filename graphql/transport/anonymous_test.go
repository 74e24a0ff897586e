package transport

import (
	"net/http"
	"strings"
	"testing"
)

func anonymousFixture(t *testing.T, configure func(*Config)) *fixture {
	return newFixture(t, func(c *Config) {
		c.AnonymousQueryFields = []string{"hello", "items"}
		if configure != nil {
			configure(c)
		}
	})
}

// anonymous sends a GraphQL POST without a token.
func (f *fixture) anonymous(t *testing.T, body string) httpResult {
	t.Helper()
	return f.do(t, http.MethodPost, "/graphql", body, "Content-Type", "application/json", "Accept", mediaGraphQLResponse)
}

func TestAnonymousRequestsReadOnlyThePublicFields(t *testing.T) {
	f := anonymousFixture(t, nil)
	for _, q := range []string{
		`{ hello }`,
		`{ greeting: hello __typename items(first: 1) { totalCount } }`,
		`query Q { ...F } fragment F on Query { hello ... on Query { hello } }`,
	} {
		res := f.anonymous(t, query(q, nil))
		if res.status != http.StatusOK || len(res.resp.Errors) > 0 || !strings.Contains(string(res.resp.Data), `"world"`) {
			t.Errorf("%s: HTTP %d %s", q, res.status, res.body)
		}
	}
	// GET serves them too (queries are safe).
	res := f.do(t, http.MethodGet, "/graphql?query="+strings.ReplaceAll("{ hello }", " ", "%20"), "", "Accept", mediaGraphQLResponse)
	if res.status != http.StatusOK || len(res.resp.Errors) > 0 {
		t.Errorf("GET: HTTP %d %s", res.status, res.body)
	}
}

func TestAnonymousRequestsForAnythingElseAreUnauthenticated(t *testing.T) {
	f := anonymousFixture(t, nil)
	for _, body := range []string{
		query(`{ viewer }`, nil),
		query(`{ hello viewer }`, nil),
		query(`{ hello: viewer }`, nil),
		query(`{ ...F } fragment F on Query { hello viewer }`, nil),
		query(`{ ... on Query { deep { value } } }`, nil),
		query(`{ ...Missing }`, nil),
		query(`query A { hello } query B { viewer }`, nil),
		`{"query": "query A { hello } query B { viewer }", "operationName": "B"}`,
		query(`mutation { rename(input: {title: "x", expectedRevision: 1}) }`, nil),
		query(`subscription { idle { seq } }`, nil),
		query(`{ __schema { types { name } } }`, nil),
		query(`{ hello `, nil),
		`{"query": 1}`,
		`not json`,
	} {
		res := f.anonymous(t, body)
		codes := res.resp.codes()
		if res.status != http.StatusUnauthorized || len(codes) != 1 || codes[0] != "UNAUTHENTICATED" || res.resp.Data != nil {
			t.Errorf("%s: HTTP %d %s, want 401 UNAUTHENTICATED without data", body, res.status, res.body)
		}
		if challenge := res.header.Get("WWW-Authenticate"); challenge != `Bearer realm="planner"` {
			t.Errorf("%s: WWW-Authenticate %q", body, challenge)
		}
	}
}

func TestATokenThatWasSentIsAlwaysChecked(t *testing.T) {
	f := anonymousFixture(t, nil)
	res := f.do(t, http.MethodPost, "/graphql", query(`{ hello }`, nil),
		"Content-Type", "application/json", "Accept", mediaGraphQLResponse, "Authorization", "Bearer unknown")
	if codes := res.resp.codes(); res.status != http.StatusUnauthorized || len(codes) != 1 || codes[0] != "UNAUTHENTICATED" {
		t.Errorf("HTTP %d %s, want 401 UNAUTHENTICATED", res.status, res.body)
	}
}

func TestWithoutAnonymousFieldsEveryRequestNeedsAToken(t *testing.T) {
	f := newFixture(t, nil)
	res := f.anonymous(t, query(`{ hello }`, nil))
	if codes := res.resp.codes(); res.status != http.StatusUnauthorized || len(codes) != 1 || codes[0] != "UNAUTHENTICATED" {
		t.Errorf("HTTP %d %s, want 401 UNAUTHENTICATED", res.status, res.body)
	}
}

// Anonymous clients share a bucket per address (all of this test's
// requests come from 127.0.0.1); a token's bucket is its own.
func TestAnonymousRequestsAreRateLimitedPerAddress(t *testing.T) {
	f := anonymousFixture(t, func(c *Config) {
		c.RateLimit = RateLimitConfig{PerSecond: 0.001, Burst: 2}
	})
	for i := range 2 {
		if res := f.anonymous(t, query(`{ hello }`, nil)); res.status != http.StatusOK {
			t.Fatalf("request %d: HTTP %d %s", i+1, res.status, res.body)
		}
	}
	res := f.anonymous(t, query(`{ hello }`, nil))
	if codes := res.resp.codes(); res.status != http.StatusTooManyRequests || len(codes) != 1 || codes[0] != "RATE_LIMITED" || res.header.Get("Retry-After") == "" {
		t.Errorf("third request: HTTP %d %s, want 429 RATE_LIMITED with Retry-After", res.status, res.body)
	}
	// Requests for other fields are refused as unauthenticated, not
	// counted: the limit does not change what a missing token means.
	if res := f.anonymous(t, query(`{ viewer }`, nil)); res.status != http.StatusUnauthorized {
		t.Errorf("non-public request: HTTP %d %s, want 401", res.status, res.body)
	}
	if res := f.post(t, query(`{ viewer }`, nil)); res.status != http.StatusOK || len(res.resp.Errors) > 0 {
		t.Errorf("with a token: HTTP %d %s", res.status, res.body)
	}
}
