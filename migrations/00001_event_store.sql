-- +goose Up

-- The event log: the source of truth. Append-only; never pruned.
CREATE TABLE events (
    position              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id              uuid        NOT NULL UNIQUE,
    stream_type           text        NOT NULL,
    stream_id             uuid        NOT NULL,
    version               integer     NOT NULL CHECK (version >= 1),
    revision              integer     NOT NULL CHECK (revision >= 1),
    event_type            text        NOT NULL,
    schema_version        integer     NOT NULL CHECK (schema_version >= 1),
    data                  jsonb       NOT NULL,
    actor_id              uuid        NOT NULL,
    actor_organisation_id uuid,
    command_id            uuid        NOT NULL,
    correlation_id        uuid,
    causation_id          uuid,
    action                text        NOT NULL,
    reason                text,
    recorded_at           timestamptz NOT NULL,
    -- Decides concurrent appends: of two writers at the same version, one wins.
    CONSTRAINT events_stream_version UNIQUE (stream_id, version)
);
-- Loading a stream up to a revision or instant.
CREATE INDEX events_stream_revision ON events (stream_id, revision);

-- Idempotency: one row per accepted command, written after its events in
-- the same transaction. A duplicate commandId fails on the primary key.
CREATE TABLE commands (
    command_id  uuid        PRIMARY KEY,
    actor_id    uuid        NOT NULL,
    input_hash  bytea       NOT NULL,
    stream_type text        NOT NULL,
    stream_id   uuid        NOT NULL,
    revision    integer     NOT NULL,
    position    bigint      NOT NULL,
    recorded_at timestamptz NOT NULL
);

-- Aggregate state every few revisions, so that loading costs the same for a
-- stream with 100,000 revisions as for one with 100. Derived: may be
-- deleted at any time.
CREATE TABLE snapshots (
    stream_id     uuid        NOT NULL,
    revision      integer     NOT NULL,
    version       integer     NOT NULL,
    state_version integer     NOT NULL,
    state         jsonb       NOT NULL,
    recorded_at   timestamptz NOT NULL,
    PRIMARY KEY (stream_id, revision)
);

-- The Watermill outbox topic "events" (watermill-sql v4 DefaultPostgreSQLSchema
-- and DefaultPostgreSQLOffsetsAdapter, created here because AutoInitializeSchema
-- cannot run inside the append transaction).
CREATE TABLE watermill_events (
    "offset"       BIGSERIAL,
    uuid           VARCHAR(36) NOT NULL,
    created_at     TIMESTAMP   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    payload        JSON        DEFAULT NULL,
    metadata       JSON        DEFAULT NULL,
    transaction_id xid8        NOT NULL,
    PRIMARY KEY (transaction_id, "offset")
);

CREATE TABLE watermill_offsets_events (
    consumer_group                VARCHAR(255) NOT NULL,
    offset_acked                  BIGINT,
    last_processed_transaction_id xid8 NOT NULL,
    PRIMARY KEY (consumer_group)
);

-- +goose Down
DROP TABLE watermill_offsets_events;
DROP TABLE watermill_events;
DROP TABLE snapshots;
DROP TABLE commands;
DROP TABLE events;
