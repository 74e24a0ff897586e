package bench

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http/httptest"
	"os"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/graphql/resolver"
	"github.com/creativeclusters/planner/graphql/transport"
	"github.com/creativeclusters/planner/internal/pgtest"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// The read path in one process, for profiling what make bench's scenario
// 6 measures across processes: the service's real handler (transport,
// resolvers, read models) over HTTP on loopback, next to the SQL row's
// query, on a database prepared as the suite prepares it (the seeded
// network, a strategy of ShortHistory generated revisions, projections
// rebuilt). Run it with a private server:
//
//	PLANNER_TEST_DATABASE_URL=... go test ./bench -run '^$' -bench ReadPath -benchtime 2000x [-cpuprofile cpu.out]
//
// Each iteration runs the SQL page and the GraphQL page one after the
// other, so that both see the same machine; the benchmark reports both
// p50s, their ratio (the target: GraphQL <= 5 x SQL) and the
// statements the service ran per GraphQL request.
func BenchmarkReadPath(b *testing.B) {
	rp := newReadPath(b)
	ctx := context.Background()
	cases := []struct {
		name  string
		query string
		vars  map[string]any
	}{
		{"revisions", revisionsQuery, map[string]any{"id": rp.short.String(), "first": HistoryPageSize}},
		{"document", documentQuery, map[string]any{"id": rp.demo.String()}},
	}
	for _, c := range cases {
		b.Run(c.name, func(b *testing.B) {
			var sqlTimes, gqlTimes []time.Duration
			rp.statements.reset()
			requests := 0
			for b.Loop() {
				started := time.Now()
				if err := rp.sqlPage(ctx); err != nil {
					b.Fatal(err)
				}
				sqlTimes = append(sqlTimes, time.Since(started))
				started = time.Now()
				if err := rp.client.Do(ctx, c.query, c.vars, nil); err != nil {
					b.Fatal(err)
				}
				gqlTimes = append(gqlTimes, time.Since(started))
				requests++
			}
			sqlP50, gqlP50 := median(sqlTimes), median(gqlTimes)
			b.ReportMetric(float64(sqlP50.Microseconds()), "sql-p50-µs")
			b.ReportMetric(float64(gqlP50.Microseconds()), "graphql-p50-µs")
			b.ReportMetric(float64(gqlP50)/float64(sqlP50), "ratio")
			b.ReportMetric(float64(rp.statements.n.Load())/float64(requests), "stmts/req")
			if os.Getenv("READPATH_SQL") != "" {
				b.Logf("statements of the last request:\n%s", strings.Join(rp.statements.last(), "\n---\n"))
			}
		})
	}
}

func median(ds []time.Duration) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := slices.Clone(ds)
	slices.Sort(s)
	return Percentile(s, 50)
}

// readPath is the prepared database and the service's handler over it.
type readPath struct {
	env         *Env
	client      *Client
	short, demo uuid.UUID
	statements  *statementCounter
}

func newReadPath(b *testing.B) *readPath {
	b.Helper()
	ctx := context.Background()
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	url := pgtest.NewDatabase(b)
	env, err := Open(ctx, url, logger)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(env.Close)
	if err := env.Prepare(ctx); err != nil {
		b.Fatal(err)
	}
	gen := env.Generator(false)
	gen.Clock, gen.Step = time.Now().Add(-time.Hour), time.Second
	short, err := gen.Strategy(ctx, "bench-history-10", 10)
	if err != nil {
		b.Fatal(err)
	}
	if err := gen.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	runner, err := env.NewRunner()
	if err != nil {
		b.Fatal(err)
	}
	for _, p := range runner.Projections() {
		if err := runner.Rebuild(ctx, p.Name()); err != nil {
			b.Fatal(err)
		}
	}
	if err := SkipBacklog(ctx, env); err != nil {
		b.Fatal(err)
	}

	// The service's pool, as openPool makes it, with a statement counter
	// behind the read budget; the Feed has a pool of its own, so that the
	// counter sees the requests' statements only.
	counter := &statementCounter{}
	pc, err := pgxpool.ParseConfig(url)
	if err != nil {
		b.Fatal(err)
	}
	pc.MaxConns = 16
	pc.ConnConfig.Tracer = transport.ReadBudgetTracer{Next: counter}
	pool, err := pgxpool.NewWithConfig(ctx, pc)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(pool.Close)
	feedPool, err := pgxpool.New(ctx, url)
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(feedPool.Close)

	store := eventstore.New(pool, catalog.Registry())
	all := Projections()
	feed := projections.NewFeed(feedPool, all, logger)
	feedCtx, stopFeed := context.WithCancel(ctx)
	feedDone := make(chan struct{})
	go func() { defer close(feedDone); _ = feed.Run(feedCtx) }()
	b.Cleanup(func() { stopFeed(); <-feedDone })
	users := auth.NewUsers(pool, auth.NewNetworkResolver(store, auth.NetworkResolverConfig{}))
	tcfg := transport.Config{
		Metrics:              transport.NewMetrics(),
		RateLimit:            transport.RateLimitConfig{Disabled: true},
		AnonymousQueryFields: resolver.PublicQueryFields,
		MaxRowsPerRequest:    20000,
	}
	if err := tcfg.Validate(); err != nil {
		b.Fatal(err)
	}
	deps := resolver.Deps{
		App: app.NewService(store, app.Config{}), Users: users, Pool: pool, Logger: logger,
		Read:        readmodel.New(pool, func() time.Time { return time.Now().UTC() }),
		Feed:        feed,
		Projections: all,
	}
	schema, err := resolver.NewSchema(deps, transport.SchemaOptions(tcfg, logger)...)
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(resolver.Middleware(deps, transport.NewHandler(tcfg, schema, transport.AuthenticatorFunc(users.Authenticate), logger)))
	b.Cleanup(srv.Close)
	tokens, err := env.Tokens(ctx, 4)
	if err != nil {
		b.Fatal(err)
	}
	rp := &readPath{env: env, client: NewClient(strings.TrimPrefix(srv.URL, "http://"), tokens),
		short: short, demo: env.DemoStrategy, statements: counter}
	// Warm up: caches, prepared statements, the token cache's listener.
	for range 50 {
		if err := rp.client.Do(ctx, revisionsQuery, map[string]any{"id": short.String(), "first": HistoryPageSize}, nil); err != nil {
			b.Fatal(err)
		}
		if err := rp.sqlPage(ctx); err != nil {
			b.Fatal(err)
		}
	}
	return rp
}

// sqlPage is HistoryDirect's SQL row on the short strategy.
func (rp *readPath) sqlPage(ctx context.Context) error {
	rows, err := rp.env.Pool.Query(ctx, `SELECT number, action, actor_id, at, reason, command_id, position, changes
		FROM proj_history.revisions WHERE subject_id = $1 ORDER BY number DESC LIMIT $2`, rp.short, HistoryPageSize+1)
	if err != nil {
		return err
	}
	n := 0
	_, err = pgx.ForEachRow(rows, []any{new(int), new(string), new(uuid.UUID), new(time.Time), new(*string),
		new(uuid.UUID), new(int64), new([]byte)}, func() error { n++; return nil })
	if err == nil && n == 0 {
		err = fmt.Errorf("no revisions of %s in proj_history", rp.short)
	}
	return err
}

// statementCounter counts the statements (and batches) a pool runs and
// keeps the last request's.
type statementCounter struct {
	n    atomic.Int64
	mu   sync.Mutex
	sqls []string
}

func (c *statementCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	c.mu.Lock()
	c.sqls = append(c.sqls, data.SQL)
	if len(c.sqls) > 20 {
		c.sqls = c.sqls[len(c.sqls)-20:]
	}
	c.mu.Unlock()
	return ctx
}

func (c *statementCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

func (c *statementCounter) reset() {
	c.n.Store(0)
	c.mu.Lock()
	c.sqls = nil
	c.mu.Unlock()
}

func (c *statementCounter) last() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return slices.Clone(c.sqls)
}
