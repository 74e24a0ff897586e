package authztest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/graphql/resolver"
	"github.com/creativeclusters/planner/graphql/transport"
	"github.com/creativeclusters/planner/internal/pgtest"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/dashboard"
	"github.com/creativeclusters/planner/projections/documents"
	"github.com/creativeclusters/planner/projections/history"
	"github.com/creativeclusters/planner/projections/readmodel"
	"github.com/creativeclusters/planner/seed"
)

// actorKind is one column of the matrix: a kind of caller.
type actorKind int

const (
	noToken actorKind = iota
	revokedToken
	viewer
	reviewer
	plannerNonPartner
	plannerPartner
	admin
)

// allActors is the matrix's columns, in the order a row runs them (denied
// ones first, then the allowed ones).
var allActors = []actorKind{noToken, revokedToken, viewer, reviewer, plannerNonPartner, plannerPartner, admin}

func (k actorKind) String() string {
	switch k {
	case noToken:
		return "no token"
	case revokedToken:
		return "revoked token"
	case viewer:
		return "VIEWER"
	case reviewer:
		return "REVIEWER"
	case plannerNonPartner:
		return "PLANNER non-partner"
	case plannerPartner:
		return "PLANNER partner"
	case admin:
		return "ADMIN"
	}
	return fmt.Sprintf("actor(%d)", int(k))
}

// Seeded organisations the actors belong to (exact names, auth resolves
// them). The strategies and concepts the test makes have partnerOrg and
// partnerOrg2 as partners, never nonPartnerOrg; extraOrg is the one
// partner mutations add and remove.
const (
	partnerOrg    = "Chamber of Industry and Commerce Rostock (IHK)"                                        // DE
	partnerOrg2   = "Kreativum Science Center"                                                              // SE
	nonPartnerOrg = "Ministry of Economy, Labour and Health Mecklenburg-Vorpommern, Department 2, Ref. 200" // DE
	extraOrg      = "Rietavas Tourism and Business Information Centre"                                      // LT
)

// world is a planner served over HTTP on a seeded database of its own,
// with a user (and bearer token) per actor kind.
type world struct {
	srv  *httptest.Server
	pool *pgxpool.Pool

	// tokens holds the bearer token of each actor kind ("" for noToken).
	tokens map[actorKind]string
	// reviewer2 reviews for partnerOrg2 (SE), so that a strategy can get
	// the approvals of two partners in two countries that adoption needs.
	reviewer2 string

	partnerOrg, partnerOrg2, nonPartnerOrg, extraOrg string
	rostock, karlshamn                               string

	// writes orders the subtests' requests: requests that may append
	// (setup, allowed actors) share it, a denied attempt holds it alone, so
	// that "the events table is unchanged" is checked while nobody else
	// writes.
	writes sync.RWMutex
}

// newWorld wires the service as cmd/planner's serve does (event store,
// app service, users with the network resolver, resolver deps, schema
// with the transport's options, transport handler behind
// resolver.Middleware) and seeds the demo data.
//
// Differences from serve, all irrelevant to authorization: the rate limit
// is raised (the test sends hundreds of requests per token), and the
// projections runner and Feed are built but not run, because mutations
// read and write the event store only.
func newWorld(t *testing.T) *world {
	t.Helper()
	ctx := context.Background()
	cfg, err := pgxpool.ParseConfig(pgtest.NewDatabase(t))
	if err != nil {
		t.Fatal(err)
	}
	cfg.MaxConns = 8
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(pool.Close)

	logger := slog.New(slog.NewTextHandler(&testWriter{t: t}, &slog.HandlerOptions{Level: slog.LevelWarn}))
	store := eventstore.New(pool, catalog.Registry())
	svc := app.NewService(store, app.Config{})
	if _, err := seed.Run(ctx, svc); err != nil {
		t.Fatalf("seed: %v", err)
	}
	orgs := auth.NewNetworkResolver(store, auth.NetworkResolverConfig{})
	users := auth.NewUsers(pool, orgs)

	tcfg := transport.Config{
		Metrics:   transport.NewMetrics(),
		RateLimit: transport.RateLimitConfig{PerSecond: 100_000, Burst: 100_000},
		// As serve: the public view answers without a token.
		AnonymousQueryFields: resolver.PublicQueryFields,
	}
	if err := tcfg.Validate(); err != nil {
		t.Fatal(err)
	}
	all := []projections.Projection{documents.New(), history.New(), dashboard.New()}
	deps := resolver.Deps{
		App:         svc,
		Users:       users,
		Pool:        pool,
		Logger:      logger,
		Read:        readmodel.New(pool, func() time.Time { return time.Now().UTC() }),
		Feed:        projections.NewFeed(pool, all, logger),
		Projections: all,
	}
	schema, err := resolver.NewSchema(deps, transport.SchemaOptions(tcfg, logger)...)
	if err != nil {
		t.Fatalf("schema: %v", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/", resolver.Middleware(deps, transport.NewHandler(tcfg, schema, transport.AuthenticatorFunc(users.Authenticate), logger)))
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	w := &world{srv: srv, pool: pool, tokens: map[actorKind]string{}}
	addUser := func(name, org string, role domain.Role) (auth.User, string) {
		t.Helper()
		email := strings.ToLower(strings.ReplaceAll(name, " ", ".")) + "@example.org"
		u, token, err := users.AddUser(ctx, auth.NewUser{Name: name, Email: email, Org: org, Role: role})
		if err != nil {
			t.Fatalf("add user %s: %v", name, err)
		}
		return u, token
	}
	var u auth.User
	_, w.tokens[viewer] = addUser("Vera Viewer", partnerOrg, domain.RoleViewer)
	u, w.tokens[reviewer] = addUser("Rita Reviewer", partnerOrg, domain.RoleReviewer)
	w.partnerOrg = u.OrganisationID.String()
	u, w.tokens[plannerNonPartner] = addUser("Nils Outsider", nonPartnerOrg, domain.RolePlanner)
	w.nonPartnerOrg = u.OrganisationID.String()
	_, w.tokens[plannerPartner] = addUser("Paula Planner", partnerOrg, domain.RolePlanner)
	_, w.tokens[admin] = addUser("Ada Admin", "", domain.RoleAdmin)
	u, w.reviewer2 = addUser("Sven Reviewer", partnerOrg2, domain.RoleReviewer)
	w.partnerOrg2 = u.OrganisationID.String()
	extra, _, err := orgs.Resolve(ctx, extraOrg)
	if err != nil {
		t.Fatalf("resolve %s: %v", extraOrg, err)
	}
	w.extraOrg = extra.String()

	// The revoked token is an ADMIN's, who could otherwise do anything; it
	// works until it is revoked.
	revoked, token := addUser("Rex Revoked", "", domain.RoleAdmin)
	w.tokens[revokedToken] = token
	w.checkViewer(t, token, domain.RoleAdmin)
	if r, err := users.Revoke(ctx, revoked.ID); err != nil || r.Tokens != 1 {
		t.Fatalf("revoke: %+v, %v", r, err)
	}
	for _, k := range []actorKind{viewer, reviewer, plannerNonPartner, plannerPartner, admin} {
		w.checkViewer(t, w.tokens[k], map[actorKind]domain.Role{
			viewer: domain.RoleViewer, reviewer: domain.RoleReviewer, plannerNonPartner: domain.RolePlanner,
			plannerPartner: domain.RolePlanner, admin: domain.RoleAdmin,
		}[k])
	}

	w.rostock = w.seededLocation(t, "Rostock")
	w.karlshamn = w.seededLocation(t, "Karlshamn")
	return w
}

// checkViewer makes sure that a token authenticates as a user with role.
func (w *world) checkViewer(t *testing.T, token string, role domain.Role) {
	t.Helper()
	resp := w.post(t, token, `{ viewer { id role } }`, nil)
	var data struct {
		Viewer struct{ Role string }
	}
	resp.decodeData(t, &data)
	if len(resp.Errors) > 0 || data.Viewer.Role != string(role) {
		t.Fatalf("token of a %s: viewer %+v, errors %+v", role, data.Viewer, resp.Errors)
	}
}

// seededLocation returns the id of a location the seed added.
func (w *world) seededLocation(t *testing.T, name string) string {
	t.Helper()
	var id uuid.UUID
	if err := w.pool.QueryRow(context.Background(),
		`SELECT stream_id FROM events WHERE event_type = 'network.LocationAdded' AND data->>'name' = $1`, name).Scan(&id); err != nil {
		t.Fatalf("seeded location %s: %v", name, err)
	}
	return id.String()
}

// response is a GraphQL response with its HTTP status.
type response struct {
	Status int
	Header http.Header
	Raw    []byte

	Data   map[string]json.RawMessage `json:"data"`
	Errors []gqlError                 `json:"errors"`
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

func (e gqlError) code() string {
	code, _ := e.Extensions["code"].(string)
	return code
}

func (r response) codes() []string {
	out := make([]string, len(r.Errors))
	for i, e := range r.Errors {
		out[i] = e.code()
	}
	return out
}

// decodeData decodes the whole data object into v.
func (r response) decodeData(t *testing.T, v any) {
	t.Helper()
	raw, err := json.Marshal(r.Data)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("decode data %s: %v", raw, err)
	}
}

// post sends a GraphQL request over HTTP, as a client would; token ""
// sends none.
func (w *world) post(t *testing.T, token, query string, variables map[string]any) response {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": variables})
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, w.srv.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Accept", "application/graphql-response+json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	res, err := w.srv.Client().Do(req)
	if err != nil {
		t.Fatalf("POST /graphql: %v", err)
	}
	defer func() { _ = res.Body.Close() }()
	var buf bytes.Buffer
	if _, err := buf.ReadFrom(res.Body); err != nil {
		t.Fatalf("read response: %v", err)
	}
	out := response{Status: res.StatusCode, Header: res.Header, Raw: buf.Bytes()}
	if err := json.Unmarshal(out.Raw, &out); err != nil {
		t.Fatalf("decode response (status %d) %s: %v", res.StatusCode, out.Raw, err)
	}
	return out
}

// write sends a request that may append events: setup steps and allowed
// actors. Writes run concurrently with each other, never with a denied
// attempt.
func (w *world) write(t *testing.T, token, query string, variables map[string]any) response {
	t.Helper()
	w.writes.RLock()
	defer w.writes.RUnlock()
	return w.post(t, token, query, variables)
}

// logState is what a rejected mutation must not change.
type logState struct {
	Events      int64
	MaxPosition int64
	Commands    int64
}

func (w *world) logState(t *testing.T) logState {
	t.Helper()
	var s logState
	if err := w.pool.QueryRow(context.Background(), `SELECT
		(SELECT count(*) FROM events), (SELECT COALESCE(max(position), 0) FROM events), (SELECT count(*) FROM commands)`).
		Scan(&s.Events, &s.MaxPosition, &s.Commands); err != nil {
		t.Fatalf("read event log state: %v", err)
	}
	return s
}

// attempt sends a mutation that must be rejected, alone, and reports the
// event log before and after it.
func (w *world) attempt(t *testing.T, token, query string, variables map[string]any) (resp response, before, after logState) {
	t.Helper()
	w.writes.Lock()
	defer w.writes.Unlock()
	before = w.logState(t)
	resp = w.post(t, token, query, variables)
	after = w.logState(t)
	return resp, before, after
}

// input is a mutation's input object, sent as the variable $input.
type input = map[string]any

// mustRun runs a mutation as the given token, that must succeed, and
// decodes its payload into v (may be nil).
func (w *world) mustRun(t *testing.T, token, query string, in input, field string, v any) {
	t.Helper()
	resp := w.write(t, token, query, map[string]any{"input": in})
	payload := resp.Data[field]
	if resp.Status != http.StatusOK || len(resp.Errors) > 0 || isNull(payload) {
		t.Fatalf("setup %s failed: status %d, body %s", field, resp.Status, resp.Raw)
	}
	if v != nil {
		if err := json.Unmarshal(payload, v); err != nil {
			t.Fatalf("setup %s: decode %s: %v", field, payload, err)
		}
	}
}

func isNull(raw json.RawMessage) bool {
	return len(raw) == 0 || string(raw) == "null"
}

// testWriter sends log lines to the test's log.
type testWriter struct {
	mu sync.Mutex
	t  *testing.T
}

func (w *testWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.t.Log(strings.TrimRight(string(p), "\n"))
	return len(p), nil
}
