-- +goose Up

-- The NATS JetStream forwarder's per-stream guard (package natsforward):
-- the last revision of each event stream published and acknowledged by
-- JetStream. A revision at or below it is not published again; one beyond
-- the next makes the forwarder publish the missing ones from the events
-- table first, so each subject receives its stream's revisions in order.
CREATE TABLE nats_forwarded (
    stream_id    uuid        PRIMARY KEY,
    revision     int         NOT NULL,
    position     bigint      NOT NULL,
    forwarded_at timestamptz NOT NULL
);

-- +goose Down
DROP TABLE nats_forwarded;
