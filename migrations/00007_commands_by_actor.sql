-- +goose Up

-- Read-your-own-writes: every read by a person looks up that person's
-- latest accepted command (graphql/resolver/read_position.go), so it must
-- be one index probe, not a scan of the idempotency records.
CREATE INDEX commands_actor_position ON commands (actor_id, position DESC);

-- +goose Down
DROP INDEX commands_actor_position;
