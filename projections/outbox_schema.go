package projections

import (
	"fmt"

	wsql "github.com/ThreeDotsLabs/watermill-sql/v4/pkg/sql"
)

// outboxSchema is watermill-sql's PostgreSQL schema with a select an index
// can answer. The default one filters "(transaction_id = last AND offset >
// acked) OR transaction_id > last" inside a subquery, which PostgreSQL
// answers with a bitmap scan of the whole remaining backlog and a sort on
// every poll (27.8 ms per batch of 50 on a 22k-message backlog, measured in
// docs/benchmarks.md); the same condition as a row comparison is a range
// scan of the primary key (0.17 ms). Rows, order and locking are unchanged.
type outboxSchema struct {
	wsql.DefaultPostgreSQLSchema
}

// SelectQuery implements wsql.SchemaAdapter.
func (s outboxSchema) SelectQuery(params wsql.SelectQueryParams) (wsql.Query, error) {
	next, err := params.OffsetsAdapter.NextOffsetQuery(wsql.NextOffsetQueryParams{
		Topic: params.Topic, ConsumerGroup: params.ConsumerGroup,
	})
	if err != nil {
		return wsql.Query{}, err
	}
	batch := s.SubscribeBatchSize
	if batch <= 0 {
		batch = 100 // watermill-sql's default
	}
	query := `
		WITH last_processed AS (` + next.Query + `)
		SELECT "offset", transaction_id, uuid, payload, metadata FROM ` + s.MessagesTable(params.Topic) + `
		WHERE (transaction_id, "offset") > (
				(SELECT last_processed_transaction_id FROM last_processed),
				(SELECT COALESCE(offset_acked, 0) FROM last_processed))
			AND transaction_id < pg_snapshot_xmin(pg_current_snapshot())
		ORDER BY transaction_id ASC, "offset" ASC
		LIMIT ` + fmt.Sprint(batch)
	return wsql.Query{Query: query, Args: next.Args}, nil
}
