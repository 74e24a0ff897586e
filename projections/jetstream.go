package projections

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	wmnats "github.com/ThreeDotsLabs/watermill-nats/v2/pkg/nats"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"
)

// JetStreamSource makes the runner consume the revisions natsforward
// publishes to a NATS JetStream stream instead of the outbox (see the
// package documentation, "Running from JetStream"). Zero values take the
// documented defaults; Stream and SubjectPrefix must be the forwarder's.
type JetStreamSource struct {
	// URL is the NATS server (or a comma-separated list). Required.
	URL string
	// NatsOptions are extra connection options (credentials, TLS).
	NatsOptions []nats.Option
	// Stream is the stream the forwarder writes. Default
	// "PLANNER_REVISIONS" (natsforward's default).
	Stream string
	// SubjectPrefix is the forwarder's subject prefix. Default
	// "planner.revisions".
	SubjectPrefix string
	// ConsumerPrefix precedes each projection's name in the name of its
	// durable consumer. Default "planner_projection_". Renaming it
	// replays the whole stream (harmless, the guard drops what is in).
	ConsumerPrefix string
	// AckWait is how long JetStream waits for a message's ack before it
	// delivers the message again; it bounds how long a revision that was
	// in flight when a runner died waits for another one. Default 10s.
	AckWait time.Duration
	// MaxAckPending is how many messages JetStream hands a projection
	// before the first of them is acked. Their AckWait runs from delivery,
	// while they wait in turn: MaxAckPending times the time a revision
	// takes must stay well below AckWait, or JetStream delivers them again
	// meanwhile (harmless, the guard drops the copies, but each costs a
	// transaction). Default 16: enough to hide the round trip to NATS, and
	// a revision may take over half a second before that happens.
	MaxAckPending int
	// NakDelay is the pause before a message whose handling failed
	// transiently (the database unreachable) is delivered again. Default
	// 500ms.
	NakDelay time.Duration
	// CheckInterval is how often the runner makes sure its consumers
	// still exist (a NATS that lost its storage), recreating them.
	// Default 10s.
	CheckInterval time.Duration
}

func (s *JetStreamSource) setDefaults() {
	if s.Stream == "" {
		s.Stream = "PLANNER_REVISIONS"
	}
	if s.SubjectPrefix == "" {
		s.SubjectPrefix = "planner.revisions"
	}
	if s.ConsumerPrefix == "" {
		s.ConsumerPrefix = "planner_projection_"
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&s.AckWait, 10*time.Second)
	def(&s.NakDelay, 500*time.Millisecond)
	def(&s.CheckInterval, 10*time.Second)
	if s.MaxAckPending <= 0 {
		s.MaxAckPending = 16
	}
}

func (s *JetStreamSource) validate(ps []Projection) error {
	var errs []error
	if s.URL == "" {
		errs = append(errs, errors.New("JetStream: the NATS URL is required"))
	}
	if strings.ContainsAny(s.Stream, " .*>\t/\\") {
		errs = append(errs, fmt.Errorf("JetStream: stream name %q: no blanks, dots, wildcards or slashes", s.Stream))
	}
	if strings.ContainsAny(s.SubjectPrefix, " *>\t") || strings.HasPrefix(s.SubjectPrefix, ".") || strings.HasSuffix(s.SubjectPrefix, ".") {
		errs = append(errs, fmt.Errorf("JetStream: subject prefix %q: want dot-separated tokens without wildcards", s.SubjectPrefix))
	}
	for _, p := range ps {
		if name := s.durable(p); strings.ContainsAny(name, " .*>\t/\\") {
			errs = append(errs, fmt.Errorf("JetStream: consumer name %q: no blanks, dots, wildcards or slashes", name))
		}
	}
	return errors.Join(errs...)
}

// durable is the name of p's durable consumer, also its deliver group.
func (s *JetStreamSource) durable(p Projection) string { return s.ConsumerPrefix + p.Name() }

// filter is the subject every consumer takes: all of the forwarder's.
func (s *JetStreamSource) filter() string { return s.SubjectPrefix + ".>" }

// consumerConfig is p's durable push consumer. It is created or updated
// by the runner (not by the subscription, which only binds), so that a
// changed AckWait or MaxAckPending applies at the next start.
//
// The deliver group lets several processes bind the same consumer (each
// message goes to one of them; a process that dies leaves its messages
// to the others after AckWait). The deliver subject is fixed, so that a
// consumer recreated after NATS lost it feeds the subscriptions that
// still listen.
func (s *JetStreamSource) consumerConfig(p Projection) jetstream.ConsumerConfig {
	name := s.durable(p)
	return jetstream.ConsumerConfig{
		Durable:        name,
		Description:    "planner projection " + p.Name() + " (package projections)",
		DeliverSubject: "_PLANNER_DELIVER." + s.Stream + "." + name,
		DeliverGroup:   name,
		// Everything the stream holds: a consumer created for an
		// installation whose projections are up to date replays only
		// duplicates, which the guard drops.
		DeliverPolicy: jetstream.DeliverAllPolicy,
		AckPolicy:     jetstream.AckExplicitPolicy,
		AckWait:       s.AckWait,
		MaxDeliver:    -1,
		MaxAckPending: s.MaxAckPending,
		FilterSubject: s.filter(),
	}
}

// connect opens a connection that waits for NATS when it is down and
// reconnects for ever.
func (s *JetStreamSource) connect(name string, extra ...nats.Option) (*nats.Conn, error) {
	opts := append([]nats.Option{
		nats.Name(name),
		nats.RetryOnFailedConnect(true),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250 * time.Millisecond),
	}, s.NatsOptions...)
	return nats.Connect(s.URL, append(opts, extra...)...)
}

// ensureConsumers creates or updates every projection's consumer. It
// fails while NATS is unreachable or the stream does not exist yet (the
// forwarder creates it).
func (r *Runner) ensureConsumers(ctx context.Context, js jetstream.JetStream) error {
	src := r.cfg.JetStream
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	stream, err := js.Stream(ctx, src.Stream)
	if err != nil {
		return fmt.Errorf("stream %s: %w", src.Stream, err)
	}
	for _, p := range r.cfg.Projections {
		if _, err := stream.CreateOrUpdatePushConsumer(ctx, src.consumerConfig(p)); err != nil {
			return fmt.Errorf("consumer %s: %w", src.durable(p), err)
		}
	}
	return nil
}

// runJetStream waits for NATS and the stream, makes sure of the
// consumers, subscribes every projection through watermill-nats and runs
// the router until ctx ends or Close is called.
func (r *Runner) runJetStream(ctx context.Context) error {
	src := r.cfg.JetStream
	admin, err := src.connect("planner projections")
	if err != nil {
		return fmt.Errorf("projections: connect to NATS: %w", err)
	}
	defer admin.Close()
	js, err := jetstream.New(admin)
	if err != nil {
		return fmt.Errorf("projections: %w", err)
	}
	for {
		err := r.ensureConsumers(ctx, js)
		if err == nil {
			break
		}
		r.cfg.Logger.Warn("projections: JetStream consumers not ready, retrying (the NATS forwarder creates the stream)",
			"stream", src.Stream, "error", err)
		select {
		case <-ctx.Done():
			return nil
		case <-r.closing:
			return nil
		case <-time.After(time.Second):
		}
	}
	r.warnAboutOutboxGroups(ctx)
	logger := watermill.NewSlogLogger(r.cfg.Logger)
	var conns []*nats.Conn
	defer func() {
		for _, c := range conns {
			c.Close()
		}
	}()
	for _, h := range r.handlers {
		p := h.target.projection
		// A connection each: it is drained when the subscriber stops.
		closed := make(chan struct{})
		conn, err := src.connect("planner projection "+p.Name(), nats.ClosedHandler(func(*nats.Conn) { close(closed) }))
		if err != nil {
			return fmt.Errorf("projections: connect to NATS: %w", err)
		}
		conns = append(conns, conn)
		durable := src.durable(p)
		sub, err := wmnats.NewSubscriberWithNatsConn(conn, wmnats.SubscriberSubscriptionConfig{
			Unmarshaler:       &wmnats.NATSMarshaler{},
			SubjectCalculator: wmnats.DefaultSubjectCalculator,
			QueueGroupPrefix:  durable,
			// One message at a time per projection: the subscription's
			// callback waits for the router's ack or nack (or this long).
			AckWaitTimeout: src.AckWait,
			CloseTimeout:   r.cfg.CloseTimeout,
			NakDelay:       wmnats.NewStaticDelay(src.NakDelay),
			JetStream: wmnats.JetStreamConfig{
				DurablePrefix: durable,
				SubscribeOptions: []nats.SubOpt{
					nats.Bind(src.Stream, durable),
					// Without it nats.go acks when the callback returns,
					// also when the subscriber gave up waiting for the
					// handler: a revision would be lost.
					nats.ManualAck(),
				},
			},
		}, logger)
		if err != nil {
			return fmt.Errorf("projection %s: %w", p.Name(), err)
		}
		r.router.AddConsumerHandler(p.Name(), src.filter(), newDrainingSubscriber(sub, conn, closed), h.handle)
	}
	go r.watchConsumers(ctx, js)
	return r.router.Run(ctx)
}

// watchConsumers recreates consumers that disappeared (a NATS that lost
// its storage, an operator's mistake): the subscriptions keep listening
// on the deliver subjects and receive again.
func (r *Runner) watchConsumers(ctx context.Context, js jetstream.JetStream) {
	ticker := time.NewTicker(r.cfg.JetStream.CheckInterval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-r.closing:
			return
		case <-ticker.C:
		}
		if err := r.ensureConsumers(ctx, js); err != nil && ctx.Err() == nil {
			r.cfg.Logger.Warn("projections: checking the JetStream consumers failed", "error", err)
		}
	}
}

// warnAboutOutboxGroups: consumer groups of the outbox that this
// process's projections left behind (they ran from the outbox before)
// hold back outbox retention for good.
func (r *Runner) warnAboutOutboxGroups(ctx context.Context) {
	rows, err := r.cfg.Pool.Query(ctx, `SELECT consumer_group FROM watermill_offsets_events WHERE consumer_group = ANY($1)`,
		Groups(r.cfg.Projections))
	if err != nil {
		return
	}
	defer rows.Close()
	var groups []string
	for rows.Next() {
		var g string
		if rows.Scan(&g) == nil {
			groups = append(groups, g)
		}
	}
	if len(groups) > 0 {
		r.cfg.Logger.Warn("projections run from JetStream, but their outbox consumer groups still hold back outbox retention;"+
			" delete them once you stay on JetStream (see README, Deployment)", "groups", strings.Join(groups, ","))
	}
}
