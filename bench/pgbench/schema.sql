-- The baseline table: an event-like row with JSON data, an identity
-- position and the unique (stream, version) index that decides concurrent
-- appends, as in the events table (migrations/00001_event_store.sql),
-- without the metadata columns, the idempotency record and the outbox.
DROP TABLE IF EXISTS bench_baseline;
CREATE TABLE bench_baseline (
    position    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    stream_id   uuid        NOT NULL,
    version     integer     NOT NULL,
    event_type  text        NOT NULL,
    data        jsonb       NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    CONSTRAINT bench_baseline_stream_version UNIQUE (stream_id, version)
);
