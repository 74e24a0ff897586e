package projections

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"

	"github.com/creativeclusters/planner/eventstore"
)

// Runner consumes the outbox with one consumer group per projection on a
// Watermill router, or, with Config.JetStream, the JetStream stream with
// one durable consumer per projection. NewRunner only wires; Run starts
// consuming.
type Runner struct {
	cfg     Config
	waker   *waker
	pacers  []*pacer
	router  *message.Router
	applier *streamApplier
	metrics *runnerMetrics
	// handlers wait for Run to subscribe them (JetStream: once NATS
	// answers).
	handlers  []*handler
	closing   chan struct{}
	closeOnce sync.Once
}

// NewRunner validates cfg and builds the router: middleware (outermost
// first) CorrelationID, PoisonQueue, Retry, Recoverer, then each handler's
// savepoint. It touches neither the database nor any goroutine.
func NewRunner(cfg Config) (*Runner, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	logger := watermill.NewSlogLogger(cfg.Logger)
	router, err := message.NewRouter(message.RouterConfig{CloseTimeout: cfg.CloseTimeout}, logger)
	if err != nil {
		return nil, err
	}
	var states *stateCache
	if cfg.JetStream != nil {
		states = newStateCache()
	}
	r := &Runner{
		cfg:    cfg,
		router: router,
		applier: &streamApplier{registry: cfg.Registry, newAggregate: cfg.NewAggregate,
			gapWait: cfg.GapWait, now: time.Now, states: states},
		metrics: newRunnerMetrics(),
		waker:   newWaker(),
		closing: make(chan struct{}),
	}
	poisoner := &poisonPublisher{pool: cfg.Pool, topic: cfg.PoisonTopic, logger: cfg.Logger, poisoned: r.metrics.poisoned}
	poison, err := middleware.PoisonQueueWithFilter(poisoner,
		cfg.PoisonTopic,
		// Delivery failures are redelivered, never poisoned.
		func(err error) bool { return !isTransient(err) })
	if err != nil {
		return nil, err
	}
	retry := middleware.Retry{
		MaxRetries:          cfg.MaxRetries,
		InitialInterval:     cfg.RetryInitial,
		MaxInterval:         cfg.RetryMax,
		Multiplier:          2,
		ResetContextOnRetry: true,
		ShouldRetry: func(p middleware.RetryParams) bool {
			// A permanent failure goes to the poison queue at once; a
			// transaction the subscriber ended cannot be retried in.
			return !isPermanent(p.Err) && !errors.Is(p.Err, errTxDone)
		},
		Logger: logger,
	}
	// A Timeout middleware is deliberately absent: the subscriber's
	// AckDeadline already bounds each message's context, and a Timeout
	// inside Retry/PoisonQueue would cancel their context and loop.
	router.AddMiddleware(middleware.CorrelationID, poison, retry.Middleware, middleware.Recoverer)

	for _, p := range cfg.Projections {
		h := &handler{
			pool:    cfg.Pool,
			applier: r.applier,
			target:  target{projection: p, schema: p.Schema(), live: true},
			poison:  poisoner,
			applied: r.metrics.appliedFunc(p.Name()),
			retries: cfg.MaxRetries,
			backoff: cfg.backoff,
		}
		if cfg.JetStream != nil {
			r.handlers = append(r.handlers, h)
			continue
		}
		ackDeadline := cfg.AckDeadline
		pace := &pacer{waker: r.waker, busyFor: cfg.BusyFor, idlePoll: cfg.IdlePoll}
		r.pacers = append(r.pacers, pace)
		sub, err := wsql.NewSubscriber(batchBeginner{pool: cfg.Pool, handler: h, pacer: pace}, wsql.SubscriberConfig{
			ConsumerGroup:  p.Name(),
			PollInterval:   cfg.PollInterval,
			ResendInterval: cfg.ResendInterval,
			RetryInterval:  cfg.RetryInterval,
			AckDeadline:    &ackDeadline,
			SchemaAdapter:  outboxSchema{wsql.DefaultPostgreSQLSchema{SubscribeBatchSize: cfg.BatchSize}},
			OffsetsAdapter: wsql.DefaultPostgreSQLOffsetsAdapter{},
			// The topic tables come from migrations; the group's offsets
			// row is inserted by the adapter's BeforeSubscribingQueries.
			InitializeSchema: false,
		}, logger)
		if err != nil {
			return nil, fmt.Errorf("projection %s: %w", p.Name(), err)
		}
		router.AddConsumerHandler(p.Name(), eventstore.Topic, sub, h.handle)
	}
	return r, nil
}

// Run consumes until ctx is cancelled or Close is called.
func (r *Runner) Run(ctx context.Context) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	if r.cfg.JetStream != nil {
		return r.runJetStream(ctx)
	}
	go r.waker.run(ctx, r.cfg.Pool, r.cfg.Logger)
	return r.router.Run(ctx)
}

// Running is closed once every consumer group (every JetStream consumer)
// has subscribed.
func (r *Runner) Running() <-chan struct{} { return r.router.Running() }

// Close stops consuming; a batch in progress commits what was acked.
func (r *Runner) Close() error {
	r.closeOnce.Do(func() { close(r.closing) })
	return r.router.Close()
}

// Projections returns the configured projections.
func (r *Runner) Projections() []Projection { return r.cfg.Projections }

func (r *Runner) projection(name string) (Projection, bool) {
	for _, p := range r.cfg.Projections {
		if p.Name() == name {
			return p, true
		}
	}
	return nil, false
}
