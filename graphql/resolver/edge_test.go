package resolver_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/transport"
)

// serveHTTP serves f's schema through the transport, as the service does,
// with every request authenticated as actor.
func (f *fixture) serveHTTP(actor domain.Actor) *httptest.Server {
	f.t.Helper()
	auth := transport.AuthenticatorFunc(func(context.Context, string) (domain.Actor, error) { return actor, nil })
	srv := httptest.NewServer(transport.NewHandler(transport.Config{RateLimit: transport.RateLimitConfig{Disabled: true}}, f.schema, auth, testLogger(f.t)))
	f.t.Cleanup(srv.Close)
	return srv
}

func postGraphQL(t *testing.T, srv *httptest.Server, body string) (int, result) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json")
	req.Header.Set("Authorization", "Bearer any")
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out result
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("decode %s: %v", raw, err)
	}
	return res.StatusCode, out
}

// Issue 11, case 3: a NUL byte in personal data, filters or a pathPrefix is
// VALIDATION_FAILED at the edge (not INTERNAL from SQL), and nothing is
// appended.
func TestControlCharactersAreRefusedAtTheEdge(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	srv := f.serveHTTP(f.admin)
	sid, _ := f.quickStrategy("Edge", false)
	id := sid.String()
	before := f.events()
	for _, body := range []string{
		`{"query":"mutation($o: ID!, $n: String!) { setContactPerson(input: {organisationId: $o, name: $n}) { organisation { id } } }","variables":{"o":"` + f.orgA.String() + `","n":"a\u0000b"}}`,
		`{"query":"mutation($o: ID!) { setContactPerson(input: {organisationId: $o, name: \"a\\u0000b\"}) { organisation { id } } }","variables":{"o":"` + f.orgA.String() + `"}}`,
		`{"query":"query($s: String) { strategies(filter: {search: $s}) { totalCount } }","variables":{"s":"x\u0000"}}`,
		`{"query":"query($id: ID!, $p: String) { strategy(id: $id) { blame(pathPrefix: $p) { path } } }","variables":{"id":"` + id + `","p":"/\u0000"}}`,
		`{"query":"query($c: String) { strategies(after: $c) { totalCount } }","variables":{"c":"\u0000"}}`,
	} {
		status, res := postGraphQL(t, srv, body)
		if status != http.StatusBadRequest || res.code(0) != "VALIDATION_FAILED" {
			t.Errorf("status %d, errors %+v for %s", status, res.Errors, body)
		}
	}
	if after := f.events(); after != before {
		t.Errorf("%d events appended by refused requests", after-before)
	}
	// The domain refuses it too, for commands that do not come through the
	// transport.
	res := f.exec(&f.admin, `mutation($o: ID!) { setContactPerson(input: {organisationId: $o, name: "a\u0000b"}) { organisation { id } } }`,
		"o", f.orgA.String())
	if res.code(0) != "VALIDATION_FAILED" {
		t.Errorf("domain: %+v", res.Errors)
	}
	if after := f.events(); after != before {
		t.Errorf("%d events appended by a refused command", after-before)
	}
}
