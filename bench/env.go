package bench

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/dashboard"
	"github.com/creativeclusters/planner/projections/discussions"
	"github.com/creativeclusters/planner/projections/documents"
	"github.com/creativeclusters/planner/projections/history"
	"github.com/creativeclusters/planner/seed"
)

// partnerName is the seeded organisation every benchmark strategy is a
// partner of, and the benchmark planner belongs to.
const partnerName = "Media Dizajn"

// Env is the benchmark database with the planner's services over it, the
// seeded network and a planner user to act as.
type Env struct {
	Pool *pgxpool.Pool
	// Database is the database's name.
	Database string
	Store    *eventstore.Store
	Service  *app.Service
	Users    *auth.Users
	Network  *auth.NetworkResolver
	Logger   *slog.Logger
	Partner  uuid.UUID
	Location uuid.UUID
	// DemoStrategy is the seeded strategy: a document of realistic size.
	DemoStrategy uuid.UUID
	// Planner is a PLANNER of Partner, as authentication resolves it.
	Planner domain.Actor
}

// Open connects to the database at url. The pool is large enough for the
// most concurrent scenario and the projections at once.
func Open(ctx context.Context, url string, logger *slog.Logger) (*Env, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	if !loopback(cfg.ConnConfig.Host) {
		return nil, fmt.Errorf("database host %s is not this machine: the benchmark loads loopback servers only", cfg.ConnConfig.Host)
	}
	cfg.MaxConns = 48
	cfg.ConnConfig.RuntimeParams["application_name"] = "plannerbench"
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, err
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	store := eventstore.New(pool, catalog.Registry())
	network := auth.NewNetworkResolver(store, auth.NetworkResolverConfig{})
	return &Env{
		Pool: pool, Database: cfg.ConnConfig.Database, Store: store, Service: app.NewService(store, app.Config{}), Logger: logger,
		Users: auth.NewUsers(pool, network), Network: network,
	}, nil
}

// loopback reports whether host is this machine: a loopback address, a
// name resolving to one only, or a Unix socket directory.
func loopback(host string) bool {
	if strings.HasPrefix(host, "/") {
		return true
	}
	addrs, err := net.LookupIP(host)
	if err != nil || len(addrs) == 0 {
		return false
	}
	for _, a := range addrs {
		if !a.IsLoopback() {
			return false
		}
	}
	return true
}

// Close releases the pool.
func (e *Env) Close() { e.Pool.Close() }

// Prepare seeds the partner network and the demo documents and adds the
// benchmark planner.
func (e *Env) Prepare(ctx context.Context) error {
	if _, err := seed.Run(ctx, e.Service); err != nil {
		return err
	}
	partner, _, err := e.Network.Resolve(ctx, partnerName)
	if err != nil {
		return fmt.Errorf("seeded partner %q: %w", partnerName, err)
	}
	org, err := app.Load(ctx, e.Service, app.Organisations, partner, 0)
	if err != nil {
		return err
	}
	e.Partner, e.Location = partner, org.State.LocationID
	if err := e.Pool.QueryRow(ctx, `SELECT stream_id FROM events WHERE stream_type = $1 AND version = 1
		ORDER BY position LIMIT 1`, string(domain.SubjectStrategy)).Scan(&e.DemoStrategy); err != nil {
		return fmt.Errorf("seeded strategy: %w", err)
	}
	u, token, err := e.Users.AddUser(ctx, auth.NewUser{
		Name: "Bench Planner", Email: "bench-planner-" + uuid.NewString()[:8] + "@example.org",
		Org: partner.String(), Role: domain.RolePlanner,
	})
	if err != nil {
		return err
	}
	e.Planner, err = e.Users.Authenticate(ctx, token)
	if err != nil {
		return fmt.Errorf("authenticate the benchmark planner (user %s): %w", u.ID, err)
	}
	return nil
}

// Tokens issues n more bearer tokens of the benchmark planner. Requests
// rotate through them because the service limits requests per token.
func (e *Env) Tokens(ctx context.Context, n int) ([]string, error) {
	tokens := make([]string, n)
	for i := range tokens {
		var err error
		if tokens[i], err = e.Users.IssueToken(ctx, e.Planner.ID); err != nil {
			return nil, err
		}
	}
	return tokens, nil
}

// NewStrategy creates a strategy with one section through the command
// service, as the benchmark planner, and returns both ids.
func (e *Env) NewStrategy(ctx context.Context, title string) (id, section uuid.UUID, err error) {
	res, err := app.Execute(ctx, e.Service, app.Strategies, uuid.Nil, domain.Command[*strategy.Strategy](strategy.CreateStrategy{
		Title: title, StartYear: 2027, LocationIDs: []uuid.UUID{e.Location}, PartnerIDs: []uuid.UUID{e.Partner},
	}), app.Request{Actor: e.Planner})
	if err != nil {
		return uuid.Nil, uuid.Nil, err
	}
	section = uuid.Must(uuid.NewV7())
	_, err = app.Execute(ctx, e.Service, app.Strategies, res.SubjectID, domain.Command[*strategy.Strategy](strategy.AddSection{
		SectionID: &section, Heading: "Diagnosis", Body: body(0),
	}), app.Request{Actor: e.Planner})
	return res.SubjectID, section, err
}

// NewStrategies creates n strategies (see NewStrategy).
func (e *Env) NewStrategies(ctx context.Context, n int, title string) (ids, sections []uuid.UUID, err error) {
	for i := range n {
		id, section, err := e.NewStrategy(ctx, fmt.Sprintf("%s %d", title, i+1))
		if err != nil {
			return nil, nil, err
		}
		ids, sections = append(ids, id), append(sections, section)
	}
	return ids, sections, nil
}

// Generator returns a generator of strategies by the benchmark planner.
func (e *Env) Generator(outbox bool) *Generator {
	return &Generator{
		Pool: e.Pool, Registry: e.Store.Registry(), Actor: e.Planner,
		Partner: e.Partner, Location: e.Location, Outbox: outbox,
	}
}

// Projections returns the planner's projections, as the service runs them.
func Projections() []projections.Projection {
	return []projections.Projection{documents.New(), history.New(), dashboard.New(), discussions.New(catalog.Registry())}
}

// NewRunner returns a projection runner over the environment's database
// with the runner's default settings, the ones the service uses.
func (e *Env) NewRunner() (*projections.Runner, error) {
	return projections.NewRunner(projections.Config{
		Pool: e.Pool, Registry: e.Store.Registry(), NewAggregate: catalog.New,
		Projections: Projections(), Logger: e.Logger,
	})
}
