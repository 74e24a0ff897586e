package natsforward

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/ThreeDotsLabs/watermill"
	wmnats "github.com/ThreeDotsLabs/watermill-nats/v2/pkg/nats"
	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/creativeclusters/planner/eventstore"
)

// ConsumerGroup is the forwarder's consumer group on the outbox. Renaming
// it would forward the whole outbox again (deduplicated only within the
// duplicate window).
const ConsumerGroup = "nats_forwarder"

// Config configures the forwarder. Zero values take the documented
// defaults.
type Config struct {
	Pool *pgxpool.Pool
	// URL is the NATS server (or a comma-separated list). Required.
	URL string
	// NatsOptions are extra connection options (credentials, TLS).
	NatsOptions []nats.Option
	// Stream is the JetStream stream's name. Default "PLANNER_REVISIONS".
	Stream string
	// SubjectPrefix precedes "<type>.<id>". Default "planner.revisions".
	SubjectPrefix string
	// DuplicateWindow is the stream's deduplication window. Default 10m.
	DuplicateWindow time.Duration
	// Replicas of the stream in a NATS cluster. Default 1.
	Replicas int
	// PublishTimeout bounds waiting for JetStream's acknowledgement.
	// Default 2s.
	PublishTimeout time.Duration
	// PollInterval is how often the outbox is polled. Default 50ms.
	PollInterval time.Duration
	// RetryPause is the pause before a revision that could not be
	// published is tried again. Default 250ms.
	RetryPause time.Duration
	Logger     *slog.Logger
}

func (c *Config) setDefaults() {
	if c.Stream == "" {
		c.Stream = "PLANNER_REVISIONS"
	}
	if c.SubjectPrefix == "" {
		c.SubjectPrefix = "planner.revisions"
	}
	def := func(d *time.Duration, v time.Duration) {
		if *d <= 0 {
			*d = v
		}
	}
	def(&c.DuplicateWindow, 10*time.Minute)
	def(&c.PublishTimeout, 2*time.Second)
	def(&c.PollInterval, 50*time.Millisecond)
	def(&c.RetryPause, 250*time.Millisecond)
	if c.Replicas <= 0 {
		c.Replicas = 1
	}
	if c.Logger == nil {
		c.Logger = slog.Default()
	}
}

// Validate reports a configuration the forwarder cannot work with.
func (c *Config) Validate() error {
	var errs []error
	if c.Pool == nil {
		errs = append(errs, errors.New("the Pool is required"))
	}
	if c.URL == "" {
		errs = append(errs, errors.New("the NATS URL is required"))
	}
	if strings.ContainsAny(c.SubjectPrefix, " *>\t") || strings.HasPrefix(c.SubjectPrefix, ".") || strings.HasSuffix(c.SubjectPrefix, ".") {
		errs = append(errs, fmt.Errorf("subject prefix %q: want dot-separated tokens without wildcards", c.SubjectPrefix))
	}
	if strings.ContainsAny(c.Stream, " .*>\t/\\") {
		errs = append(errs, fmt.Errorf("stream name %q: no blanks, dots, wildcards or slashes", c.Stream))
	}
	if err := errors.Join(errs...); err != nil {
		return fmt.Errorf("nats forwarder: %w", err)
	}
	return nil
}

// Forwarder forwards the outbox to JetStream. New only wires; Run
// connects and forwards.
type Forwarder struct {
	cfg       Config
	metrics   *metrics
	router    *message.Router
	conn      *nats.Conn
	publisher *wmnats.Publisher
	js        jetstream.JetStream
}

// New validates cfg and builds the router; it touches neither the
// database nor NATS.
func New(cfg Config) (*Forwarder, error) {
	cfg.setDefaults()
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	logger := watermill.NewSlogLogger(cfg.Logger)
	router, err := message.NewRouter(message.RouterConfig{CloseTimeout: 10 * time.Second}, logger)
	if err != nil {
		return nil, err
	}
	// Acked within PublishTimeout per revision (a gap may add a few).
	ackDeadline := 4*cfg.PublishTimeout + 5*time.Second
	sub, err := wsql.NewSubscriber(wsql.BeginnerFromPgx(cfg.Pool), wsql.SubscriberConfig{
		ConsumerGroup:  ConsumerGroup,
		PollInterval:   cfg.PollInterval,
		ResendInterval: cfg.RetryPause,
		RetryInterval:  cfg.RetryPause,
		AckDeadline:    &ackDeadline,
		SchemaAdapter:  wsql.DefaultPostgreSQLSchema{SubscribeBatchSize: 20},
		OffsetsAdapter: wsql.DefaultPostgreSQLOffsetsAdapter{},
		// The topic tables come from migrations; the group's offsets row
		// is inserted by the adapter's BeforeSubscribingQueries.
		InitializeSchema: false,
	}, logger)
	if err != nil {
		return nil, fmt.Errorf("nats forwarder: %w", err)
	}
	f := &Forwarder{cfg: cfg, router: router, metrics: newMetrics()}
	router.AddMiddleware(middleware.Recoverer)
	router.AddConsumerHandler(ConsumerGroup, eventstore.Topic, sub, f.handle)
	return f, nil
}

// Run connects to NATS (waiting for it when it is down), makes sure the
// stream exists and forwards until ctx ends or Close is called.
func (f *Forwarder) Run(ctx context.Context) error {
	opts := append([]nats.Option{
		nats.Name("planner forwarder"),
		nats.RetryOnFailedConnect(true),
		nats.MaxReconnects(-1),
		nats.ReconnectWait(250 * time.Millisecond),
		// No reconnect buffer: a publish while disconnected fails at once
		// (and is retried), instead of waiting out its timeout.
		nats.ReconnectBufSize(-1),
	}, f.cfg.NatsOptions...)
	conn, err := nats.Connect(f.cfg.URL, opts...)
	if err != nil {
		return fmt.Errorf("nats forwarder: connect: %w", err)
	}
	defer conn.Close()
	js, err := jetstream.New(conn)
	if err != nil {
		return fmt.Errorf("nats forwarder: %w", err)
	}
	publisher, err := wmnats.NewPublisherWithNatsConn(conn, wmnats.PublisherPublishConfig{
		Marshaler:         &wmnats.NATSMarshaler{},
		SubjectCalculator: wmnats.DefaultSubjectCalculator,
		JetStream: wmnats.JetStreamConfig{
			// The message's UUID (subject id/revision) becomes Nats-Msg-Id.
			TrackMsgId:     true,
			ConnectOptions: []nats.JSOpt{nats.MaxWait(f.cfg.PublishTimeout)},
			PublishOptions: []nats.PubOpt{nats.AckWait(f.cfg.PublishTimeout), nats.ExpectStream(f.cfg.Stream)},
		},
	}, watermill.NewSlogLogger(f.cfg.Logger))
	if err != nil {
		return fmt.Errorf("nats forwarder: %w", err)
	}
	f.conn, f.js, f.publisher = conn, js, publisher
	for {
		err := f.ensureStream(ctx)
		if err == nil {
			break
		}
		f.cfg.Logger.Warn("nats forwarder: stream not ready, retrying", "stream", f.cfg.Stream, "error", err)
		select {
		case <-ctx.Done():
			return nil
		case <-time.After(time.Second):
		}
	}
	if ctx.Err() != nil {
		return nil
	}
	return f.router.Run(ctx)
}

// Running is closed once the forwarder consumes the outbox.
func (f *Forwarder) Running() <-chan struct{} { return f.router.Running() }

// Close stops forwarding.
func (f *Forwarder) Close() error { return f.router.Close() }

// Subject returns the subject a revision of the given subject type and id
// is published on.
func (f *Forwarder) Subject(rev eventstore.Revision) string {
	return f.cfg.SubjectPrefix + "." + strings.ToLower(string(rev.StreamType)) + "." + rev.StreamID.String()
}

func (f *Forwarder) ensureStream(ctx context.Context) error {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	_, err := f.js.CreateOrUpdateStream(ctx, jetstream.StreamConfig{
		Name:        f.cfg.Stream,
		Description: "Revisions of the planner's documents, one message each (package natsforward)",
		Subjects:    []string{f.cfg.SubjectPrefix + ".>"},
		Storage:     jetstream.FileStorage,
		Retention:   jetstream.LimitsPolicy,
		Duplicates:  f.cfg.DuplicateWindow,
		Replicas:    f.cfg.Replicas,
	})
	return err
}

// errNotConnected: NATS is down; the revision is redelivered.
var errNotConnected = errors.New("nats forwarder: not connected to NATS")

// handle forwards one outbox message: the revisions of its stream that
// JetStream has not acknowledged yet, up to this one, in order.
func (f *Forwarder) handle(msg *message.Message) error {
	ctx := msg.Context()
	rev, err := eventstore.DecodeRevision(msg.Payload)
	if err != nil {
		// Not a revision: nothing an outside consumer could use. The
		// projections poison it; the forwarder passes it by.
		f.cfg.Logger.Error("nats forwarder: skipping an outbox message that is not a revision", "uuid", msg.UUID, "error", err)
		return nil
	}
	// The guard, the gap and the guard's update are read and written on
	// the pool, not in the subscriber's transaction: that transaction
	// holds the group's offset row locked (and with it a transaction id
	// that stalls outbox delivery for everyone), so it must not wait on
	// NATS longer than one publish.
	var forwarded int
	err = f.cfg.Pool.QueryRow(ctx, `SELECT revision FROM nats_forwarded WHERE stream_id = $1`, rev.StreamID).Scan(&forwarded)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("nats forwarder: guard: %w", err)
	}
	if rev.Revision <= forwarded {
		return nil
	}
	revs := []eventstore.Revision{rev}
	if rev.Revision > forwarded+1 {
		missing, err := eventstore.ReadStreamFrom(ctx, f.cfg.Pool, rev.StreamID, forwarded, rev.Revision-1)
		if err != nil {
			return fmt.Errorf("nats forwarder: %w", err)
		}
		// A later revision commits after its predecessors, so they are
		// all in the log by now.
		for i, m := range missing {
			if m.Revision != forwarded+1+i {
				return fmt.Errorf("nats forwarder: stream %s: revision %d found where %d was expected", rev.StreamID, m.Revision, forwarded+1+i)
			}
		}
		revs = append(missing, rev)
	}
	for _, r := range revs {
		if err := f.publish(ctx, r); err != nil {
			return err
		}
	}
	if _, err := f.cfg.Pool.Exec(ctx, `INSERT INTO nats_forwarded AS f (stream_id, revision, position, forwarded_at)
		VALUES ($1, $2, $3, now())
		ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, position = excluded.position,
			forwarded_at = excluded.forwarded_at
		WHERE f.revision < excluded.revision`, rev.StreamID, rev.Revision, rev.Position()); err != nil {
		return fmt.Errorf("nats forwarder: guard: %w", err)
	}
	return nil
}

// publish sends one revision and waits for JetStream's acknowledgement.
func (f *Forwarder) publish(ctx context.Context, rev eventstore.Revision) error {
	if !f.conn.IsConnected() {
		f.metrics.failures.Inc()
		return errNotConnected
	}
	rev.Digest = nil
	payload, err := json.Marshal(rev)
	if err != nil {
		return fmt.Errorf("nats forwarder: encode revision: %w", err)
	}
	m := message.NewMessage(MessageID(rev), payload)
	m.Metadata.Set("Planner-Subject-Type", string(rev.StreamType))
	m.Metadata.Set("Planner-Subject-Id", rev.StreamID.String())
	m.Metadata.Set("Planner-Revision", strconv.Itoa(rev.Revision))
	m.Metadata.Set("Planner-Position", strconv.FormatInt(rev.Position(), 10))
	if err := f.publisher.Publish(f.Subject(rev), m); err != nil {
		f.metrics.failures.Inc()
		// The stream may be gone (a NATS that lost its storage): make
		// sure of it before the revision comes round again.
		if sErr := f.ensureStream(ctx); sErr != nil {
			err = errors.Join(err, sErr)
		}
		return fmt.Errorf("nats forwarder: publish %s: %w", m.UUID, err)
	}
	f.metrics.forwarded.Inc()
	return nil
}

// MessageID is the Nats-Msg-Id of a revision: "<subject id>/<revision>".
func MessageID(rev eventstore.Revision) string {
	return rev.StreamID.String() + "/" + strconv.Itoa(rev.Revision)
}
