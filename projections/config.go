package projections

import (
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/domain"
)

// Config configures the runner and rebuilds. Zero durations and sizes take
// the documented defaults.
type Config struct {
	Pool     *pgxpool.Pool
	Registry *domain.Registry
	// NewAggregate returns the empty state of a subject type (the
	// catalog's factory); the runner knows no aggregate itself.
	NewAggregate func(domain.SubjectType) (domain.Aggregate, error)
	// Projections to run; names and schemas must be unique.
	Projections []Projection
	// Logger defaults to slog.Default().
	Logger *slog.Logger
	// JetStream, when set, makes Run consume the JetStream stream the
	// NATS forwarder writes instead of the outbox; the outbox settings
	// below (polling, batches, ack deadline) then do not apply.
	JetStream *JetStreamSource

	// PollInterval is how long a consumer group waits before polling the
	// outbox again after finding nothing, while it is busy (it found work
	// within BusyFor). Default 10ms.
	PollInterval time.Duration
	// BusyFor is how long a group keeps polling at PollInterval after it
	// last found work or was woken: a message can be committed but not yet
	// visible while an older transaction is open. Default 500ms.
	BusyFor time.Duration
	// IdlePoll is how long an idle group waits for the outbox's
	// notification (OutboxChannel) before it polls anyway: the safety net
	// for a lost notification. Default 1s.
	IdlePoll time.Duration
	// BatchSize is how many messages one poll reads at most and applies
	// in one transaction. Default 500: a batch costs two round trips and
	// one commit whatever its size, and its transaction takes a
	// transaction id (which holds back the outbox's visibility horizon for
	// every other group) only for its final writes, so large batches drain
	// a backlog fast without stalling the others; a live poll takes what
	// is there, usually a few.
	BatchSize int
	// AckDeadline bounds the handling of one message, retries included;
	// past it the batch ends and the message is redelivered. Default 5s.
	AckDeadline time.Duration
	// ResendInterval is the pause before a nacked (transiently failing)
	// message is handled again. Default 20ms.
	ResendInterval time.Duration
	// RetryInterval is the pause after a failed poll (database
	// unavailable). Default 200ms.
	RetryInterval time.Duration

	// MaxRetries is how often a failing message is retried before it goes
	// to the poison queue, with exponential backoff from RetryInitial up to
	// RetryMax. Defaults 3, 10ms, 100ms: a poisoned message holds its batch
	// (and, through the visibility horizon, the other groups) for well
	// under a second.
	MaxRetries   int
	RetryInitial time.Duration
	RetryMax     time.Duration
	// PoisonTopic is where unprocessable messages go. Default "poison"
	// (table watermill_poison).
	PoisonTopic string
	// GapWait is how long a missing earlier revision of a stream is
	// assumed to be still committing before the gap counts as an error.
	// Default 10s.
	GapWait time.Duration
	// CloseTimeout bounds waiting for running handlers on Close.
	// Default 10s.
	CloseTimeout time.Duration

	// RebuildPage is how many events a rebuild reads per query. Default
	// 5000. RebuildFlush is how many events it applies in memory before
	// writing their rows in one transaction. Default 10000: every write
	// transaction in the cluster holds back outbox delivery while it runs,
	// so a rebuild writes in short ones.
	RebuildPage  int
	RebuildFlush int
}

func (c *Config) setDefaults() {
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.PollInterval, 10*time.Millisecond)
	def(&c.BusyFor, 500*time.Millisecond)
	def(&c.IdlePoll, time.Second)
	def(&c.AckDeadline, 5*time.Second)
	def(&c.ResendInterval, 20*time.Millisecond)
	def(&c.RetryInterval, 200*time.Millisecond)
	def(&c.RetryInitial, 10*time.Millisecond)
	def(&c.RetryMax, 100*time.Millisecond)
	def(&c.GapWait, 10*time.Second)
	def(&c.CloseTimeout, 10*time.Second)
	if c.BatchSize <= 0 {
		c.BatchSize = 500
	}
	if c.MaxRetries <= 0 {
		c.MaxRetries = 3
	}
	if c.PoisonTopic == "" {
		c.PoisonTopic = "poison"
	}
	if c.RebuildPage <= 0 {
		c.RebuildPage = 5000
	}
	if c.RebuildFlush <= 0 {
		c.RebuildFlush = 10000
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
	if c.JetStream != nil {
		src := *c.JetStream
		src.setDefaults()
		c.JetStream = &src
	}
}

// backoff is the pause before a failed message's try-th retry.
func (c *Config) backoff(try int) time.Duration {
	d := c.RetryInitial << (try - 1)
	if d > c.RetryMax || d <= 0 {
		return c.RetryMax
	}
	return d
}

// Validate reports a configuration the runner cannot work with.
func (c *Config) Validate() error {
	var errs []error
	if c.Pool == nil {
		errs = append(errs, errors.New("the Pool is required"))
	}
	if c.Registry == nil {
		errs = append(errs, errors.New("the Registry is required"))
	}
	if c.NewAggregate == nil {
		errs = append(errs, errors.New("NewAggregate is required"))
	}
	if len(c.Projections) == 0 {
		errs = append(errs, errors.New("at least one projection is required"))
	}
	if err := checkProjections(c.Projections); err != nil {
		errs = append(errs, err)
	}
	if c.JetStream != nil {
		if err := c.JetStream.validate(c.Projections); err != nil {
			errs = append(errs, err)
		}
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("projections config: %w", err)
	}
	return nil
}

func checkProjections(ps []Projection) error {
	names, schemas := map[string]bool{}, map[string]bool{}
	for _, p := range ps {
		switch {
		case p.Name() == "" || names[p.Name()]:
			return fmt.Errorf("projection name %q is empty or not unique", p.Name())
		case !schemaName.MatchString(p.Schema()) || schemas[p.Schema()]:
			return fmt.Errorf("projection %s: schema %q is not a plain lower-case name or not unique", p.Name(), p.Schema())
		}
		names[p.Name()], schemas[p.Schema()] = true, true
	}
	return nil
}
