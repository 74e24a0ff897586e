package projections

import (
	"context"
	"log/slog"
	"unicode/utf8"

	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/ThreeDotsLabs/watermill/message/router/middleware"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/eventstore"
)

// poisonPublisher is the PoisonQueue middleware's publisher. It writes the
// message to the poison topic and records the error for projection status
// in the batch transaction when there is one: both then commit with the
// offset that moves past the message, or not at all.
type poisonPublisher struct {
	pool *pgxpool.Pool
	// topic is the poison topic, for messages a batch poisons itself.
	topic    string
	logger   *slog.Logger
	poisoned func(projection string)
}

func (p *poisonPublisher) Publish(topic string, msgs ...*message.Message) error {
	for _, msg := range msgs {
		if err := p.publish(topic, msg); err != nil {
			return err
		}
	}
	return nil
}

func (p *poisonPublisher) publish(topic string, msg *message.Message) error {
	ctx := msg.Context()
	projection := message.HandlerNameFromCtx(ctx)
	reason := msg.Metadata.Get(middleware.ReasonForPoisonedKey)
	write := func(tx pgx.Tx) error { return p.write(ctx, tx, topic, projection, msg, reason) }
	inTransport, err := withTransportTx(ctx, func(tx pgx.Tx) error { return inSavepoint(ctx, tx, write) })
	if !inTransport {
		err = pgx.BeginFunc(ctx, p.pool, write)
	}
	if err != nil {
		return err
	}
	p.report(projection, msg, reason)
	return nil
}

// record poisons a message a batch could not apply, in the batch's
// transaction tx.
func (p *poisonPublisher) record(ctx context.Context, tx pgx.Tx, projection string, msg *message.Message, reason string) error {
	msg = msg.Copy()
	msg.Metadata.Set(middleware.ReasonForPoisonedKey, reason)
	msg.Metadata.Set(middleware.PoisonedHandlerKey, projection)
	if err := inSavepoint(ctx, tx, func(tx pgx.Tx) error { return p.write(ctx, tx, p.topic, projection, msg, reason) }); err != nil {
		return err
	}
	p.report(projection, msg, reason)
	return nil
}

// write stores the message on the poison topic and records the error for
// projection status.
func (p *poisonPublisher) write(ctx context.Context, tx pgx.Tx, topic, projection string, msg *message.Message, reason string) error {
	var stream uuid.UUID
	var revision int
	var position int64
	if rev, err := eventstore.DecodeRevision(msg.Payload); err == nil {
		stream, revision, position = rev.StreamID, rev.Revision, rev.Position()
	}
	pub, err := wsql.NewPublisher(wsql.TxFromPgx(tx), wsql.PublisherConfig{SchemaAdapter: wsql.DefaultPostgreSQLSchema{}}, nil)
	if err != nil {
		return err
	}
	if err := pub.Publish(topic, msg); err != nil {
		return err
	}
	// The first failing revision of a stream is the one held back; later
	// ones fail because of it.
	_, err = tx.Exec(ctx, `INSERT INTO projection_errors (projection, stream_id, revision, position, message, at)
		VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT (projection, stream_id) DO NOTHING`,
		projection, stream, revision, position, truncate(reason, 4000))
	return err
}

func (p *poisonPublisher) report(projection string, msg *message.Message, reason string) {
	var stream uuid.UUID
	var revision int
	if rev, err := eventstore.DecodeRevision(msg.Payload); err == nil {
		stream, revision = rev.StreamID, rev.Revision
	}
	p.logger.Error("projection: revision sent to the poison queue",
		"projection", projection, "stream", stream, "revision", revision, "error", reason)
	if p.poisoned != nil {
		p.poisoned(projection)
	}
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	s = s[:n]
	for !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s + "…"
}

// Close implements message.Publisher; there is nothing to release.
func (p *poisonPublisher) Close() error { return nil }
