package graph

import (
	"errors"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/discussions"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// Deps is what the resolvers need. App, Users, Pool, Read and Feed are
// required.
type Deps struct {
	// App runs every mutation and loads documents (app.Execute, app.Load).
	App *app.Service
	// Users names the actors of revisions (auth.Users.Actors).
	Users *auth.Users
	// Pool reads the events table for what app does not offer: when a
	// document was created and last updated, and by whom.
	Pool *pgxpool.Pool
	// Logger reports what resolvers tolerate but should not happen (an
	// actor's organisation that does not exist). Default slog.Default().
	Logger *slog.Logger

	// ---- read side ----
	// The read side adds its dependencies below this line, e.g. the
	// projections read API that Query roots, history, dashboards and
	// subscriptions are served from.

	// Read is the projections' read API that Query roots, history lists,
	// blame, the audit log and dashboards are served from. Required.
	Read *readmodel.Reader
	// Feed tells when the read models include a position (minPosition)
	// and which revisions they took in (subscriptions). Required; it must
	// cover the documents and history projections (subscriptions wait for
	// both), and the binary runs it (Feed.Run) beside the runner.
	Feed *projections.Feed
	// Projections are the read models systemStatus reports, normally the
	// runner's (Runner.Projections()).
	Projections []projections.Projection
	// MinPositionWait bounds how long a root field waits for the read
	// models to reach its minPosition before failing with UNAVAILABLE.
	// Default 2s.
	MinPositionWait time.Duration
	// Discussions serves discussions, unread counts, read marks and the
	// activity feed; default: a discussions.Reader on Pool.
	Discussions *discussions.Reader
	// AccessRecheck is how often a subscription with nothing to push
	// checks that its caller still may read (token revoked, user erased,
	// role changed); it also checks before every push. Default 10s.
	AccessRecheck time.Duration
}

func (d *Deps) setDefaults() {
	if d.Discussions == nil {
		d.Discussions = discussions.NewReader(d.Pool)
	}
	if d.Logger == nil {
		d.Logger = slog.Default()
	}
	if d.MinPositionWait <= 0 {
		d.MinPositionWait = 2 * time.Second
	}
	if d.AccessRecheck <= 0 {
		d.AccessRecheck = 10 * time.Second
	}
}

// Validate reports missing required dependencies.
func (d Deps) Validate() error {
	var errs []error
	if d.App == nil {
		errs = append(errs, errors.New("resolver: Deps.App is required"))
	}
	if d.Users == nil {
		errs = append(errs, errors.New("resolver: Deps.Users is required"))
	}
	if d.Pool == nil {
		errs = append(errs, errors.New("resolver: Deps.Pool is required"))
	}
	if d.Read == nil {
		errs = append(errs, errors.New("resolver: Deps.Read is required"))
	}
	if d.Feed == nil {
		errs = append(errs, errors.New("resolver: Deps.Feed is required"))
	}
	return errors.Join(errs...)
}

// Resolver is what every area's root embeds: the dependencies, and the
// constructors and loaders of the object graph that all areas render.
type Resolver struct {
	Deps Deps
}

// New validates deps, fills in their defaults and returns the shared
// resolver.
func New(deps Deps) (*Resolver, error) {
	if err := deps.Validate(); err != nil {
		return nil, err
	}
	deps.setDefaults()
	return &Resolver{Deps: deps}, nil
}
