package transport

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"
	"github.com/prometheus/client_golang/prometheus"

	"github.com/creativeclusters/planner/domain"
)

// A small schema with what the transport has to handle: queries, a
// connection for cost analysis, recursion for depth, a mutation failing
// with domain errors, and subscriptions that end in every way.
const testSchema = `
schema { query: Query mutation: Mutation subscription: Subscription }

type Query {
  hello: String!
  "The authenticated actor's id."
  viewer: String!
  "Fails with the domain error named by kind."
  fail(kind: String!): String
  boom: String
  items(first: Int, last: Int): ItemConnection!
  deep: Deep
  "Charges rows to the request's read budget, as a statement would."
  read(rows: Int!): Int!
}
type Deep { deep: Deep value: Int! }
type ItemConnection { edges: [ItemEdge!]! totalCount: Int! }
type ItemEdge { node: Item! }
type Item { id: ID! children(first: Int): ItemConnection! }

type Mutation { rename(input: RenameInput!): String! }
input RenameInput { title: String! expectedRevision: Int! }

type Subscription {
  "count events, then the end of the stream."
  events(count: Int!): Event!
  "Events of size bytes as fast as they are taken, until cancelled."
  flood(size: Int!): Event!
  "No event until cancelled."
  idle: Event!
  "One event, then the caller loses access."
  revoked: Event!
  "Refused at once."
  denied: Event!
}
type Event { seq: Int! payload: String! }
`

var (
	goodActor  = domain.Actor{ID: uuid.MustParse("0196a000-0000-7000-8000-000000000001"), Kind: domain.ActorPerson, Role: domain.RolePlanner}
	otherActor = domain.Actor{ID: uuid.MustParse("0196a000-0000-7000-8000-000000000002"), Kind: domain.ActorPerson, Role: domain.RoleViewer}
)

// testAuth knows the tokens "good" and "other"; "broken" and "flaky" make
// the authenticator itself fail.
var testAuth = AuthenticatorFunc(func(_ context.Context, token string) (domain.Actor, error) {
	switch token {
	case "good":
		return goodActor, nil
	case "other":
		return otherActor, nil
	case "broken":
		return domain.Actor{}, errors.New(`pq: relation "tokens" does not exist`)
	case "flaky":
		return domain.Actor{}, fmt.Errorf("%w: pool exhausted", domain.ErrUnavailable)
	}
	return domain.Actor{}, fmt.Errorf("token lookup: %w", domain.ErrUnauthenticated)
})

type resolver struct {
	// floodStopped is closed when the flood subscription sees its context
	// end: the server gave up on the client.
	floodStopped chan struct{}
	// idleStopped receives once per idle subscription that ends.
	idleStopped chan struct{}
}

func newResolver() *resolver {
	return &resolver{floodStopped: make(chan struct{}), idleStopped: make(chan struct{}, 10)}
}

func (r *resolver) Hello() string { return "world" }

func (r *resolver) Viewer(ctx context.Context) (string, error) {
	actor, ok := ActorFrom(ctx)
	if !ok {
		return "", errors.New("no actor in context")
	}
	return actor.ID.String(), nil
}

func (r *resolver) Fail(args struct{ Kind string }) (*string, error) {
	switch args.Kind {
	case "notfound":
		return nil, fmt.Errorf("load strategy 42: %w", domain.NotFound("strategy"))
	case "forbidden":
		return nil, domain.ErrForbidden
	case "state":
		return nil, domain.InvalidState("the strategy is adopted")
	case "unavailable":
		return nil, fmt.Errorf("%w: dial tcp 10.0.0.7:5432: connection refused", domain.ErrUnavailable)
	case "internal":
		return nil, errors.New(`ERROR: syntax error at or near "SELEC" (SQLSTATE 42601)`)
	case "wrapped":
		return nil, ResolverError(domain.ErrForbidden)
	}
	return nil, nil
}

func (r *resolver) Boom() *string { panic("secret panic detail") }

func (r *resolver) Items(args struct{ First, Last *int32 }) *itemConnection {
	return &itemConnection{n: 2}
}

func (r *resolver) Deep() *deep { return &deep{} }

func (r *resolver) Read(ctx context.Context, args struct{ Rows int32 }) (int32, error) {
	if err := ChargeRows(ctx, int64(args.Rows)); err != nil {
		return 0, err
	}
	return args.Rows, nil
}

func (r *resolver) Rename(args struct {
	Input struct {
		Title            string
		ExpectedRevision int32
	}
}) (string, error) {
	if args.Input.Title == "" {
		return "", &domain.ValidationError{Fields: []domain.FieldError{{Path: []string{"title"}, Message: "must not be empty"}}}
	}
	if args.Input.ExpectedRevision != 3 {
		return "", &domain.ConflictError{Subject: "strategy 42", Expected: int(args.Input.ExpectedRevision), CurrentRevision: 3,
			Conflicts: []domain.Conflict{{Path: "/title", Revision: 3, ActorID: otherActor.ID.String(), Current: "Other title"}}}
	}
	return args.Input.Title, nil
}

func (r *resolver) Events(ctx context.Context, args struct{ Count int32 }) <-chan *event {
	ch := make(chan *event)
	go func() {
		defer close(ch)
		for i := int32(1); i <= args.Count; i++ {
			select {
			case ch <- &event{seq: i}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

func (r *resolver) Flood(ctx context.Context, args struct{ Size int32 }) <-chan *event {
	ch := make(chan *event)
	payload := strings.Repeat("x", int(args.Size))
	go func() {
		defer close(ch)
		defer close(r.floodStopped)
		for i := int32(1); ; i++ {
			select {
			case ch <- &event{seq: i, payload: payload}:
			case <-ctx.Done():
				return
			}
		}
	}()
	return ch
}

func (r *resolver) Idle(ctx context.Context) <-chan *event {
	ch := make(chan *event)
	go func() {
		<-ctx.Done()
		close(ch)
		r.idleStopped <- struct{}{}
	}()
	return ch
}

func (r *resolver) Revoked(ctx context.Context) <-chan *event {
	ch := make(chan *event, 1)
	ch <- &event{seq: 1}
	EndSubscription(ctx, fmt.Errorf("strategy 42: %w", domain.ErrForbidden))
	close(ch)
	return ch
}

func (r *resolver) Denied(ctx context.Context) (<-chan *event, error) {
	return nil, domain.ErrForbidden
}

type itemConnection struct{ n int }

func (c *itemConnection) Edges() []*itemEdge {
	edges := make([]*itemEdge, c.n)
	for i := range edges {
		edges[i] = &itemEdge{id: fmt.Sprint(i + 1)}
	}
	return edges
}

func (c *itemConnection) TotalCount() int32 { return int32(c.n) }

type itemEdge struct{ id string }

func (e *itemEdge) Node() *item { return &item{id: e.id} }

type item struct{ id string }

func (i *item) ID() graphql.ID { return graphql.ID(i.id) }
func (i *item) Children(args struct{ First *int32 }) *itemConnection {
	return &itemConnection{n: 1}
}

type deep struct{}

func (d *deep) Deep() *deep  { return &deep{} }
func (d *deep) Value() int32 { return 1 }

type event struct {
	seq     int32
	payload string
}

func (e *event) Seq() int32      { return e.seq }
func (e *event) Payload() string { return e.payload }

// syncBuffer collects log output written from many goroutines.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

type fixture struct {
	srv      *httptest.Server
	resolver *resolver
	logs     *syncBuffer
	registry *prometheus.Registry
}

// newFixture serves the test schema. Rate limiting is off unless configure
// turns it on, so that tests do not depend on each other's pace.
func newFixture(t *testing.T, configure func(*Config)) *fixture {
	t.Helper()
	cfg := Config{Metrics: NewMetrics(), RateLimit: RateLimitConfig{Disabled: true}}
	if configure != nil {
		configure(&cfg)
	}
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
	f := &fixture{resolver: newResolver(), logs: &syncBuffer{}, registry: prometheus.NewRegistry()}
	f.registry.MustRegister(cfg.Metrics.Collectors()...)
	logger := slog.New(slog.NewJSONHandler(f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	schema := graphql.MustParseSchema(testSchema, f.resolver, SchemaOptions(cfg, logger)...)
	f.srv = httptest.NewServer(NewHandler(cfg, schema, testAuth, logger))
	t.Cleanup(f.srv.Close)
	return f
}

type gqlError struct {
	Message    string         `json:"message"`
	Path       []any          `json:"path"`
	Extensions map[string]any `json:"extensions"`
}

type gqlResponse struct {
	// Data is nil when the response has no data entry, "null" when it is
	// null.
	Data   json.RawMessage `json:"data"`
	Errors []gqlError      `json:"errors"`
}

func (r gqlResponse) codes() []string {
	var codes []string
	for _, e := range r.Errors {
		c, _ := e.Extensions["code"].(string)
		codes = append(codes, c)
	}
	return codes
}

type httpResult struct {
	status int
	header http.Header
	body   string
	resp   gqlResponse
}

// do sends a request; headers alternate names and values.
func (f *fixture) do(t *testing.T, method, target, body string, headers ...string) httpResult {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, f.srv.URL+target, r)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := f.srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = res.Body.Close() }()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	out := httpResult{status: res.StatusCode, header: res.Header, body: string(b)}
	if strings.Contains(res.Header.Get("Content-Type"), "json") {
		if err := json.Unmarshal(b, &out.resp); err != nil {
			t.Fatalf("response is not JSON: %v: %s", err, b)
		}
	}
	return out
}

// post sends a GraphQL POST with the token "good".
func (f *fixture) post(t *testing.T, body string, headers ...string) httpResult {
	t.Helper()
	h := append([]string{"Content-Type", "application/json", "Authorization", "Bearer good"}, headers...)
	return f.do(t, http.MethodPost, "/graphql", body, h...)
}

func query(q string, variables map[string]any) string {
	b, _ := json.Marshal(map[string]any{"query": q, "variables": variables})
	return string(b)
}

// counter reads a counter of the fixture's registry by its labels.
func (f *fixture) counter(t *testing.T, name string, labels map[string]string) float64 {
	t.Helper()
	families, err := f.registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	for _, mf := range families {
		if mf.GetName() != name {
			continue
		}
	metrics:
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				if want, ok := labels[l.GetName()]; ok && want != l.GetValue() {
					continue metrics
				}
			}
			return m.GetCounter().GetValue()
		}
	}
	return 0
}
