package transport

import (
	"encoding/json"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"testing"
)

func TestPostQuery(t *testing.T) {
	f := newFixture(t, nil)
	res := f.post(t, `{"query":"{ hello }"}`)
	if res.status != http.StatusOK {
		t.Fatalf("status %d: %s", res.status, res.body)
	}
	if ct := res.header.Get("Content-Type"); ct != "application/graphql-response+json; charset=utf-8" {
		t.Errorf("Content-Type %q", ct)
	}
	if string(res.resp.Data) != `{"hello":"world"}` || res.resp.Errors != nil {
		t.Errorf("body %s", res.body)
	}
}

func TestGetQueryWithVariables(t *testing.T) {
	f := newFixture(t, nil)
	params := url.Values{
		"query":         {`query Q($n: Int) { items(first: $n) { edges { node { id } } } }`},
		"variables":     {`{"n": 2}`},
		"operationName": {"Q"},
		"extensions":    {`{"persistedQuery": null}`},
	}
	res := f.do(t, http.MethodGet, "/graphql?"+params.Encode(), "", "Authorization", "Bearer good")
	if res.status != http.StatusOK || res.resp.Errors != nil {
		t.Fatalf("status %d: %s", res.status, res.body)
	}
	if want := `{"items":{"edges":[{"node":{"id":"1"}},{"node":{"id":"2"}}]}}`; string(res.resp.Data) != want {
		t.Errorf("data %s, want %s", res.resp.Data, want)
	}
}

func TestContentNegotiation(t *testing.T) {
	f := newFixture(t, nil)
	tests := []struct {
		accept string
		status int
		media  string
	}{
		{"", 200, "application/graphql-response+json"},
		{"*/*", 200, "application/graphql-response+json"},
		{"application/*", 200, "application/graphql-response+json"},
		{"application/json", 200, "application/json"},
		{"application/graphql-response+json", 200, "application/graphql-response+json"},
		{"application/graphql-response+json, application/json;q=0.9", 200, "application/graphql-response+json"},
		{"application/graphql-response+json;q=0.5, application/json", 200, "application/json"},
		{"application/json; charset=utf-8", 200, "application/json"},
		{"application/json; charset=iso-8859-1", 406, "application/json"},
		{"text/plain", 406, "application/json"},
		{"application/graphql-response+json;q=0", 406, "application/json"},
	}
	for _, tt := range tests {
		t.Run(tt.accept, func(t *testing.T) {
			var res httpResult
			if tt.accept == "" {
				res = f.post(t, `{"query":"{ hello }"}`)
			} else {
				res = f.post(t, `{"query":"{ hello }"}`, "Accept", tt.accept)
			}
			if res.status != tt.status {
				t.Errorf("status %d, want %d: %s", res.status, tt.status, res.body)
			}
			if ct := res.header.Get("Content-Type"); !strings.HasPrefix(ct, tt.media+";") {
				t.Errorf("Content-Type %q, want %s", ct, tt.media)
			}
			if tt.status == http.StatusNotAcceptable && !reflect.DeepEqual(res.resp.codes(), []string{"VALIDATION_FAILED"}) {
				t.Errorf("codes %v", res.resp.codes())
			}
		})
	}
}

// TestPages: a browser's GET of /graphql and every other path go to
// Config.Pages (the front end, which shows GraphiQL at /graphql); API
// requests on /graphql do not.
func TestPages(t *testing.T) {
	pages := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		_, _ = w.Write([]byte("pages:" + r.URL.Path))
	})
	f := newFixture(t, func(c *Config) { c.Pages = pages })
	browser := "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
	for _, path := range []string{"/graphql", "/", "/assets/x.js"} {
		res := f.do(t, http.MethodGet, path, "", "Accept", browser)
		if res.status != http.StatusOK || res.body != "pages:"+path {
			t.Errorf("%s: status %d, body %q", path, res.status, res.body)
		}
	}
	if res := f.post(t, `{"query":"{ hello }"}`); res.status != http.StatusOK || strings.HasPrefix(res.body, "pages:") {
		t.Errorf("POST /graphql: %d %q", res.status, res.body)
	}
	if res := f.do(t, http.MethodGet, "/graphql?query=%7Bhello%7D", "", "Accept", "application/json"); strings.HasPrefix(res.body, "pages:") {
		t.Errorf("GET /graphql with JSON went to the pages: %q", res.body)
	}

	bare := newFixture(t, nil)
	if res := bare.do(t, http.MethodGet, "/", "", "Accept", browser); res.status != http.StatusNotFound {
		t.Errorf("no pages: / answered %d", res.status)
	}
	if res := bare.do(t, http.MethodGet, "/graphql", "", "Accept", "text/html"); res.status != http.StatusNotAcceptable {
		t.Errorf("no pages: HTML on /graphql answered %d", res.status)
	}
}

// TestCORS: off by default (no header, a preflight without permission);
// an allowed origin gets its own origin back, never credentials.
func TestCORS(t *testing.T) {
	const allowed, other = "https://dash.example.org", "https://evil.example.net"
	f := newFixture(t, func(c *Config) { c.CORSOrigins = []string{allowed} })
	bare := newFixture(t, nil)
	preflight := func(f *fixture, origin string) httpResult {
		return f.do(t, http.MethodOptions, "/graphql", "", "Origin", origin,
			"Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,content-type")
	}
	for _, tt := range []struct {
		name   string
		f      *fixture
		origin string
		allow  bool
	}{{"default", bare, allowed, false}, {"listed", f, allowed, true}, {"unlisted", f, other, false}} {
		t.Run(tt.name, func(t *testing.T) {
			res := preflight(tt.f, tt.origin)
			if res.status != http.StatusNoContent {
				t.Errorf("preflight: %d", res.status)
			}
			got := res.header.Get("Access-Control-Allow-Origin")
			if (got == tt.origin) != tt.allow || (!tt.allow && got != "") {
				t.Errorf("preflight Allow-Origin %q", got)
			}
			if tt.allow && !strings.Contains(res.header.Get("Access-Control-Allow-Headers"), "Authorization") {
				t.Errorf("preflight Allow-Headers %q", res.header.Get("Access-Control-Allow-Headers"))
			}
			if res.header.Get("Access-Control-Allow-Credentials") != "" {
				t.Error("credentials allowed")
			}
			post := tt.f.post(t, `{"query":"{ hello }"}`, "Origin", tt.origin)
			if got := post.header.Get("Access-Control-Allow-Origin"); (got == tt.origin) != tt.allow || (!tt.allow && got != "") {
				t.Errorf("POST Allow-Origin %q", got)
			}
			if !strings.Contains(post.header.Get("Vary"), "Origin") {
				t.Errorf("POST Vary %q", post.header.Get("Vary"))
			}
		})
	}
	if err := (Config{CORSOrigins: []string{"https://x.example/path"}}).Validate(); err == nil {
		t.Error("an origin with a path was accepted")
	}
}

func TestMalformedRequests(t *testing.T) {
	f := newFixture(t, nil)
	tests := []struct {
		name, body string
	}{
		{"bad JSON", `{ "not a JSON`},
		{"empty body", ``},
		{"array body", `[{"query":"{ hello }"}]`},
		{"null body", `null`},
		{"missing query", `{"notquery":"{ hello }"}`},
		{"null query", `{"query":null}`},
		{"object query", `{"query":{"obj":"ect"}}`},
		{"number query", `{"query":0}`},
		{"boolean query", `{"query":false}`},
		{"array query", `{"query":["array"]}`},
		{"number operationName", `{"query":"{ hello }","operationName":0}`},
		{"object operationName", `{"query":"{ hello }","operationName":{}}`},
		{"string variables", `{"query":"{ hello }","variables":"string"}`},
		{"array variables", `{"query":"{ hello }","variables":["array"]}`},
		{"number variables", `{"query":"{ hello }","variables":0}`},
		{"string extensions", `{"query":"{ hello }","extensions":"string"}`},
		{"boolean extensions", `{"query":"{ hello }","extensions":false}`},
		{"trailing garbage", `{"query":"{ hello }"} x`},
	}
	for _, tt := range tests {
		for _, accept := range []string{"application/graphql-response+json", "application/json"} {
			t.Run(tt.name+"/"+accept, func(t *testing.T) {
				res := f.post(t, tt.body, "Accept", accept)
				if res.status != http.StatusBadRequest {
					t.Errorf("status %d, want 400: %s", res.status, res.body)
				}
				if !reflect.DeepEqual(res.resp.codes(), []string{"VALIDATION_FAILED"}) || res.resp.Data != nil {
					t.Errorf("body %s", res.body)
				}
			})
		}
	}
}

func TestNullParametersAreAllowed(t *testing.T) {
	f := newFixture(t, nil)
	res := f.post(t, `{"query":"{ hello }","operationName":null,"variables":null,"extensions":null}`)
	if res.status != http.StatusOK || res.resp.Errors != nil {
		t.Errorf("status %d: %s", res.status, res.body)
	}
	res = f.post(t, `{"query":"query Q { hello }","operationName":"Q","variables":{},"extensions":{"some":"value"}}`)
	if res.status != http.StatusOK || res.resp.Errors != nil {
		t.Errorf("status %d: %s", res.status, res.body)
	}
}

// Parse, validation and variable errors: 400 and no data entry with
// application/graphql-response+json, 200 with application/json; always
// VALIDATION_FAILED.
func TestRequestErrors(t *testing.T) {
	f := newFixture(t, nil)
	tests := []struct {
		name string
		body string
	}{
		{"parse", `{"query":"{"}`},
		{"unknown field", `{"query":"{ nope }"}`},
		{"variable coercion", `{"query":"query Q($id: ID!) { __typename }","variables":{"id":null}}`},
		{"unknown operation", `{"query":"query A { hello }","operationName":"B"}`},
		{"ambiguous operation", `{"query":"query A { hello } query B { hello }"}`},
		{"empty query", `{"query":""}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.post(t, tt.body, "Accept", "application/graphql-response+json")
			if res.status != http.StatusBadRequest || res.resp.Data != nil {
				t.Errorf("status %d: %s", res.status, res.body)
			}
			if len(res.resp.Errors) == 0 {
				t.Fatalf("no errors: %s", res.body)
			}
			for _, c := range res.resp.codes() {
				if c != "VALIDATION_FAILED" {
					t.Errorf("code %q: %s", c, res.body)
				}
			}
			res = f.post(t, tt.body, "Accept", "application/json")
			if res.status != http.StatusOK || res.resp.codes()[0] != "VALIDATION_FAILED" {
				t.Errorf("application/json: status %d: %s", res.status, res.body)
			}
		})
	}
}

func TestMethodsAndContentTypes(t *testing.T) {
	f := newFixture(t, nil)
	auth := []string{"Authorization", "Bearer good"}

	res := f.do(t, http.MethodPut, "/graphql", `{"query":"{ hello }"}`, append(auth, "Content-Type", "application/json")...)
	if res.status != http.StatusMethodNotAllowed || res.header.Get("Allow") != "GET, POST" {
		t.Errorf("PUT: status %d, Allow %q", res.status, res.header.Get("Allow"))
	}

	get := "/graphql?" + url.Values{"query": {"mutation { rename(input: {title: \"x\", expectedRevision: 3}) }"}}.Encode()
	for _, accept := range []string{"application/graphql-response+json", "application/json"} {
		res = f.do(t, http.MethodGet, get, "", append(auth, "Accept", accept)...)
		if res.status != http.StatusMethodNotAllowed || res.header.Get("Allow") != "POST" {
			t.Errorf("mutation over GET (%s): status %d, Allow %q", accept, res.status, res.header.Get("Allow"))
		}
	}

	res = f.do(t, http.MethodGet, "/graphql?"+url.Values{"query": {"subscription { idle { seq } }"}}.Encode(), "", auth...)
	if res.status != http.StatusBadRequest {
		t.Errorf("subscription over GET: status %d", res.status)
	}

	for _, ct := range []string{"", "text/plain", "application/json; charset=iso-8859-1", "application/x-www-form-urlencoded"} {
		h := auth
		if ct != "" {
			h = append(h, "Content-Type", ct)
		}
		res = f.do(t, http.MethodPost, "/graphql", `{"query":"{ hello }"}`, h...)
		if res.status != http.StatusUnsupportedMediaType {
			t.Errorf("Content-Type %q: status %d", ct, res.status)
		}
	}
	res = f.do(t, http.MethodPost, "/graphql", `{"query":"{ hello }"}`, append(auth, "Content-Type", "application/json; charset=UTF-8")...)
	if res.status != http.StatusOK {
		t.Errorf("charset=UTF-8: status %d", res.status)
	}

	res = f.do(t, http.MethodGet, "/graphql", "", auth...)
	if res.status != http.StatusBadRequest {
		t.Errorf("GET without query: status %d", res.status)
	}
	res = f.do(t, http.MethodGet, "/graphql?query=%7B+hello+%7D&variables=%5B%5D", "", auth...)
	if res.status != http.StatusBadRequest {
		t.Errorf("GET with array variables: status %d", res.status)
	}
}

func TestBodyLimit(t *testing.T) {
	f := newFixture(t, func(c *Config) { c.MaxBodyBytes = 64 })
	body := query("{ hello }", map[string]any{"pad": strings.Repeat("x", 100)})
	for _, accept := range []string{"application/graphql-response+json", "application/json"} {
		res := f.post(t, body, "Accept", accept)
		if res.status != http.StatusRequestEntityTooLarge || res.resp.codes()[0] != "VALIDATION_FAILED" {
			t.Errorf("%s: status %d: %s", accept, res.status, res.body)
		}
	}
	if res := f.post(t, `{"query":"{ hello }"}`); res.status != http.StatusOK {
		t.Errorf("small body: status %d", res.status)
	}
}

func TestAuthentication(t *testing.T) {
	f := newFixture(t, nil)
	q := `{"query":"{ viewer }"}`
	tests := []struct {
		name, authorization, accept string
		status                      int
		code, challenge             string
	}{
		{"no token", "", "", 401, "UNAUTHENTICATED", `Bearer realm="planner"`},
		{"not bearer", "Basic Zm9vOmJhcg==", "", 401, "UNAUTHENTICATED", `Bearer realm="planner"`},
		{"unknown token", "Bearer nope", "", 401, "UNAUTHENTICATED", `Bearer realm="planner", error="invalid_token"`},
		{"legacy client", "", "application/json", 200, "UNAUTHENTICATED", ""},
		{"authenticator down", "Bearer flaky", "", 503, "UNAVAILABLE", ""},
		{"authenticator broken", "Bearer broken", "", 500, "INTERNAL", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			h := []string{"Content-Type", "application/json"}
			if tt.authorization != "" {
				h = append(h, "Authorization", tt.authorization)
			}
			if tt.accept != "" {
				h = append(h, "Accept", tt.accept)
			}
			res := f.do(t, http.MethodPost, "/graphql", q, h...)
			if res.status != tt.status || !reflect.DeepEqual(res.resp.codes(), []string{tt.code}) || res.resp.Data != nil {
				t.Errorf("status %d: %s", res.status, res.body)
			}
			if got := res.header.Get("WWW-Authenticate"); got != tt.challenge {
				t.Errorf("WWW-Authenticate %q, want %q", got, tt.challenge)
			}
			if strings.Contains(res.body, "relation") {
				t.Errorf("leaks the authenticator's error: %s", res.body)
			}
		})
	}

	res := f.do(t, http.MethodPost, "/graphql", q, "Content-Type", "application/json", "Authorization", "bearer good")
	if res.status != http.StatusOK || string(res.resp.Data) != `{"viewer":"`+goodActor.ID.String()+`"}` {
		t.Errorf("good token: status %d: %s", res.status, res.body)
	}
	if !strings.Contains(f.logs.String(), `relation \"tokens\" does not exist`) {
		t.Error("the authenticator's failure is not logged")
	}
}

func TestDomainErrors(t *testing.T) {
	f := newFixture(t, nil)
	tests := []struct {
		kind, code, message string
	}{
		{"notfound", "NOT_FOUND", "strategy not found"},
		{"forbidden", "FORBIDDEN", "not allowed for this actor"},
		{"state", "INVALID_STATE", "the strategy is adopted"},
		{"unavailable", "UNAVAILABLE", "service temporarily unavailable"},
		{"internal", "INTERNAL", "internal error"},
		{"wrapped", "FORBIDDEN", "not allowed for this actor"},
	}
	for _, tt := range tests {
		t.Run(tt.kind, func(t *testing.T) {
			res := f.post(t, query(`query F($k: String!) { fail(kind: $k) }`, map[string]any{"k": tt.kind}))
			status := http.StatusOK
			if tt.code == "UNAVAILABLE" {
				status = http.StatusServiceUnavailable // nothing answered: retry later
			}
			if res.status != status || string(res.resp.Data) != `{"fail":null}` || len(res.resp.Errors) != 1 {
				t.Fatalf("status %d: %s", res.status, res.body)
			}
			e := res.resp.Errors[0]
			if e.Extensions["code"] != tt.code || e.Message != tt.message || !reflect.DeepEqual(e.Path, []any{"fail"}) {
				t.Errorf("error %+v", e)
			}
		})
	}
	logs := f.logs.String()
	if !strings.Contains(logs, "SQLSTATE 42601") || !strings.Contains(logs, "10.0.0.7") {
		t.Errorf("internal and unavailable causes are not logged: %s", logs)
	}
}

func TestValidationAndConflictExtensions(t *testing.T) {
	f := newFixture(t, nil)
	mutation := `mutation R($in: RenameInput!) { rename(input: $in) }`

	res := f.post(t, query(mutation, map[string]any{"in": map[string]any{"title": "", "expectedRevision": 3}}))
	if res.status != http.StatusOK || len(res.resp.Errors) != 1 {
		t.Fatalf("status %d: %s", res.status, res.body)
	}
	var ext struct {
		Code   string `json:"code"`
		Fields []struct {
			Path    []string `json:"path"`
			Message string   `json:"message"`
		} `json:"fields"`
	}
	remarshal(t, res.resp.Errors[0].Extensions, &ext)
	if ext.Code != "VALIDATION_FAILED" || len(ext.Fields) != 1 ||
		!reflect.DeepEqual(ext.Fields[0].Path, []string{"input", "title"}) || ext.Fields[0].Message != "must not be empty" {
		t.Errorf("extensions %+v", ext)
	}

	res = f.post(t, query(mutation, map[string]any{"in": map[string]any{"title": "New", "expectedRevision": 1}}))
	var conflict struct {
		Code            string `json:"code"`
		CurrentRevision int    `json:"currentRevision"`
		Conflicts       []struct {
			Path     string `json:"path"`
			Revision int    `json:"revision"`
			ActorID  string `json:"actorId"`
			Current  any    `json:"current"`
		} `json:"conflicts"`
	}
	remarshal(t, res.resp.Errors[0].Extensions, &conflict)
	if conflict.Code != "REVISION_CONFLICT" || conflict.CurrentRevision != 3 || len(conflict.Conflicts) != 1 {
		t.Fatalf("extensions %+v", conflict)
	}
	if c := conflict.Conflicts[0]; c.Path != "/title" || c.Revision != 3 || c.ActorID != otherActor.ID.String() || c.Current != "Other title" {
		t.Errorf("conflict %+v", c)
	}

	res = f.post(t, query(mutation, map[string]any{"in": map[string]any{"title": "New", "expectedRevision": 3}}))
	if string(res.resp.Data) != `{"rename":"New"}` {
		t.Errorf("success: %s", res.body)
	}
}

func TestPanicBecomesInternal(t *testing.T) {
	f := newFixture(t, nil)
	res := f.post(t, `{"query":"{ hello boom }"}`)
	if res.status != http.StatusOK || len(res.resp.Errors) != 1 {
		t.Fatalf("status %d: %s", res.status, res.body)
	}
	if e := res.resp.Errors[0]; e.Extensions["code"] != "INTERNAL" || e.Message != "internal error" {
		t.Errorf("error %+v", e)
	}
	if strings.Contains(res.body, "secret") || strings.Contains(res.body, "goroutine") {
		t.Errorf("leaks the panic: %s", res.body)
	}
	if !strings.Contains(f.logs.String(), "secret panic detail") {
		t.Error("the panic is not logged")
	}
}

func TestRateLimit(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.RateLimit = RateLimitConfig{PerSecond: 0.001, Burst: 2}
	})
	for i := range 2 {
		if res := f.post(t, `{"query":"{ hello }"}`); res.status != http.StatusOK {
			t.Fatalf("request %d: status %d", i, res.status)
		}
	}
	for _, accept := range []string{"application/graphql-response+json", "application/json"} {
		res := f.post(t, `{"query":"{ hello }"}`, "Accept", accept)
		if res.status != http.StatusTooManyRequests || !reflect.DeepEqual(res.resp.codes(), []string{"RATE_LIMITED"}) {
			t.Errorf("%s: status %d: %s", accept, res.status, res.body)
		}
		if res.header.Get("Retry-After") == "" {
			t.Error("no Retry-After")
		}
	}
	res := f.do(t, http.MethodPost, "/graphql", `{"query":"{ hello }"}`, "Content-Type", "application/json", "Authorization", "Bearer other")
	if res.status != http.StatusOK {
		t.Errorf("another token is limited too: status %d", res.status)
	}
	if got := f.counter(t, "planner_graphql_requests_total", map[string]string{"transport": "http", "code": "RATE_LIMITED"}); got != 2 {
		t.Errorf("RATE_LIMITED requests counted %v, want 2", got)
	}
}

func TestQueryLimits(t *testing.T) {
	f := newFixture(t, func(c *Config) {
		c.MaxCost = 500
		c.MaxDepth = 8
		c.MaxQueryLength = 300
	})
	deep := strings.Repeat("deep { ", 9) + "value" + strings.Repeat(" }", 9)
	tests := []struct {
		name      string
		body      string
		variables map[string]any
		// message is a part of the error message; "" for no error.
		message string
	}{
		// cost 1 + 10×(edges 1 + node 1 + id 1) = 31
		{"cheap", `{ items(first: 10) { edges { node { id } } } }`, nil, ""},
		// 1 + 10×(1 + 1 + (1 + 100×3)) = 3031
		{"nested pages", `{ items(first: 10) { edges { node { children(first: 100) { edges { node { id } } } } } } }`, nil, "cost"},
		{"pages from variables", `query Q($n: Int) { items(first: $n) { edges { node { id } } } }`, map[string]any{"n": 1000}, "cost"},
		{"first and last take the larger", `{ items(first: 1, last: 200) { edges { node { id } } } }`, nil, "cost"},
		// connections without first/last count 20 items: 1 + 20×(1 + 1 + (1 + 20×3)) = 1261
		{"default page size", `{ items { edges { node { children { edges { node { id } } } } } } }`, nil, "cost"},
		{"fragments count", `{ items(last: 200) { ...E } } fragment E on ItemConnection { edges { node { id } } }`, nil, "cost"},
		{"within depth", `{ ` + strings.Repeat("deep { ", 7) + "value" + strings.Repeat(" }", 7) + ` }`, nil, ""},
		{"depth", `{ ` + deep + ` }`, nil, "depth"},
		{"length", `{ hello ` + strings.Repeat("h: hello ", 40) + `}`, nil, "long"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res := f.post(t, query(tt.body, tt.variables))
			if tt.message == "" {
				if res.status != http.StatusOK || res.resp.Errors != nil {
					t.Errorf("status %d: %s", res.status, res.body)
				}
				return
			}
			if res.status != http.StatusBadRequest || res.resp.Data != nil || len(res.resp.Errors) == 0 {
				t.Fatalf("status %d: %s", res.status, res.body)
			}
			if e := res.resp.Errors[0]; e.Extensions["code"] != "QUERY_TOO_COMPLEX" || !strings.Contains(e.Message, tt.message) {
				t.Errorf("error %+v", e)
			}
		})
	}
}

func TestRequestLogAndMetrics(t *testing.T) {
	f := newFixture(t, nil)
	f.post(t, `{"query":"query Hello { hello }"}`)
	f.post(t, `{"query":"{ fail(kind: \"forbidden\") }"}`)
	if got := f.counter(t, "planner_graphql_requests_total", map[string]string{"transport": "http", "operation": "query", "code": "OK"}); got != 1 {
		t.Errorf("OK queries counted %v", got)
	}
	if got := f.counter(t, "planner_graphql_requests_total", map[string]string{"operation": "query", "code": "FORBIDDEN"}); got != 1 {
		t.Errorf("FORBIDDEN queries counted %v", got)
	}
	var line struct {
		Msg       string   `json:"msg"`
		Method    string   `json:"method"`
		Operation string   `json:"operation"`
		Type      string   `json:"type"`
		Status    int      `json:"status"`
		Duration  int64    `json:"duration"`
		Codes     []string `json:"codes"`
	}
	for l := range strings.SplitSeq(f.logs.String(), "\n") {
		if strings.Contains(l, `"operation":"Hello"`) {
			if err := json.Unmarshal([]byte(l), &line); err != nil {
				t.Fatal(err)
			}
		}
	}
	if line.Msg != "graphql request" || line.Method != "POST" || line.Type != "query" || line.Status != 200 || line.Duration <= 0 {
		t.Errorf("log line %+v in %s", line, f.logs.String())
	}
}

func remarshal(t *testing.T, from, to any) {
	t.Helper()
	b, err := json.Marshal(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, to); err != nil {
		t.Fatal(err)
	}
}

// GraphiQL needs its introspection query to pass the default limits.
func TestIntrospectionWithDefaults(t *testing.T) {
	f := newFixture(t, nil)
	res := f.post(t, query(introspectionQuery, nil))
	if res.status != http.StatusOK || res.resp.Errors != nil {
		t.Fatalf("status %d: %.500s", res.status, res.body)
	}
}
