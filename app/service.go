package app

import (
	"log/slog"
	"sync/atomic"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/eventstore"
)

// Config tunes the command service.
type Config struct {
	// SnapshotEvery stores the aggregate state after every N-th revision, so
	// loading never replays more than N revisions. Default 20: loading a
	// revision of a 100,000-revision history then costs about what it costs
	// on a short one (docs/benchmarks.md).
	SnapshotEvery int
	// MaxAttempts bounds how often a command is decided again after
	// another process appended to the same stream first (within one
	// process commands on a stream take turns). The first retry holds the
	// stream's lock (eventstore.Store.Lock) and so cannot lose to another
	// planner process; only writers that take no lock could make further
	// retries, which wait a jittered, growing pause. Default 25.
	MaxAttempts int
	// Now and NewID are the clock and id source; defaults are the wall
	// clock (UTC, microseconds, as PostgreSQL stores it) and UUIDv7.
	Now   func() time.Time
	NewID func() uuid.UUID
	// Logger receives what the service handles itself (a snapshot that
	// could not be saved); default slog.Default().
	Logger *slog.Logger
}

func (c *Config) setDefaults() {
	if c.SnapshotEvery <= 0 {
		c.SnapshotEvery = 20
	}
	if c.MaxAttempts <= 0 {
		c.MaxAttempts = 25
	}
	if c.Now == nil {
		c.Now = func() time.Time { return time.Now().UTC().Truncate(time.Microsecond) }
	}
	if c.NewID == nil {
		c.NewID = func() uuid.UUID { return uuid.Must(uuid.NewV7()) }
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Service executes commands against the event store.
type Service struct {
	store *eventstore.Store
	cfg   Config
	queue streamQueue
	// contested are the streams recently contended with other processes.
	contested contested
	// retries counts decisions made again because another process
	// appended to the stream first (benchmarks report it per command).
	retries atomic.Int64
}

// NewService returns a command service over store.
func NewService(store *eventstore.Store, cfg Config) *Service {
	cfg.setDefaults()
	return &Service{store: store, cfg: cfg}
}

// Retries returns how many commands this service decided again, so far,
// because another process appended to their stream first.
func (s *Service) Retries() int64 { return s.retries.Load() }

// Store returns the event store the service writes to.
func (s *Service) Store() *eventstore.Store { return s.store }
