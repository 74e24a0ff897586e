package projections

import (
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
	pool     *pgxpool.Pool
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
	var stream uuid.UUID
	var revision int
	var position int64
	if rev, err := eventstore.DecodeRevision(msg.Payload); err == nil {
		stream, revision, position = rev.StreamID, rev.Revision, rev.Position()
	}
	write := func(tx pgx.Tx) error {
		pub, err := wsql.NewPublisher(wsql.TxFromPgx(tx), wsql.PublisherConfig{SchemaAdapter: wsql.DefaultPostgreSQLSchema{}}, nil)
		if err != nil {
			return err
		}
		if err := pub.Publish(topic, msg); err != nil {
			return err
		}
		// The first failing revision of a stream is the one held back;
		// later ones fail because of it.
		_, err = tx.Exec(ctx, `INSERT INTO projection_errors (projection, stream_id, revision, position, message, at)
			VALUES ($1, $2, $3, $4, $5, now()) ON CONFLICT (projection, stream_id) DO NOTHING`,
			projection, stream, revision, position, truncate(reason, 4000))
		return err
	}
	inTransport, err := withTransportTx(ctx, func(tx pgx.Tx) error { return inSavepoint(ctx, tx, write) })
	if !inTransport {
		err = pgx.BeginFunc(ctx, p.pool, write)
	}
	if err != nil {
		return err
	}
	p.logger.Error("projection: revision sent to the poison queue",
		"projection", projection, "stream", stream, "revision", revision, "position", position, "error", reason)
	if p.poisoned != nil {
		p.poisoned(projection)
	}
	return nil
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
