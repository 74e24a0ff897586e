-- +goose Up

-- Discussions (issue 18): the "discussions" projection and the
-- per-person read marks. See projections/discussions.

CREATE SCHEMA proj_discussions;

CREATE TABLE proj_discussions.streams (
    stream_id   uuid        PRIMARY KEY,
    stream_type text        NOT NULL,
    revision    integer     NOT NULL,
    position    bigint      NOT NULL,
    applied_at  timestamptz NOT NULL
);
CREATE INDEX streams_position ON proj_discussions.streams (position);

-- One row per thread; state is the projection's model of it (the
-- thread's state and the position each message was posted at).
CREATE TABLE proj_discussions.threads (
    thread_id          uuid        PRIMARY KEY,
    document_type      text        NOT NULL,
    document_id        uuid        NOT NULL,
    -- NULL: the document as a whole.
    item_key           uuid,
    item_kind          text        NOT NULL,
    item_path          text        NOT NULL,
    quote              text        NOT NULL,
    opened_on_revision integer     NOT NULL,
    status             text        NOT NULL,
    started_by         uuid        NOT NULL,
    started_at         timestamptz NOT NULL,
    updated_at         timestamptz NOT NULL,
    revision           integer     NOT NULL,
    position           bigint      NOT NULL,
    -- Messages neither deleted nor hidden.
    messages           integer     NOT NULL,
    state              jsonb       NOT NULL
);
CREATE INDEX threads_document ON proj_discussions.threads (document_id, started_at, thread_id);
CREATE INDEX threads_item ON proj_discussions.threads (item_key);

-- Messages in thread order. body and edits are NULL/empty once a
-- message is deleted or hidden; the row stays, since replies name it.
CREATE TABLE proj_discussions.messages (
    thread_id              uuid        NOT NULL,
    message_id             uuid        NOT NULL,
    ordinal                integer     NOT NULL,
    document_id            uuid        NOT NULL,
    author_id              uuid        NOT NULL,
    author_organisation_id uuid,
    reply_to               uuid,
    body                   text,
    mentions               uuid[]      NOT NULL,
    posted_at              timestamptz NOT NULL,
    edited_at              timestamptz,
    edits                  jsonb       NOT NULL,
    deleted                boolean     NOT NULL,
    hidden                 boolean     NOT NULL,
    hidden_reason          text,
    -- Log position of the revision that posted it: unread counts compare
    -- it with a person's read mark.
    position               bigint      NOT NULL,
    PRIMARY KEY (thread_id, message_id)
);
CREATE INDEX messages_document_position ON proj_discussions.messages (document_id, position);
CREATE INDEX messages_mentions ON proj_discussions.messages USING gin (mentions);

-- What the feed filters and shows about each strategy and concept, as of
-- its last revision.
CREATE TABLE proj_discussions.documents (
    document_id   uuid    PRIMARY KEY,
    document_type text    NOT NULL,
    title         text    NOT NULL,
    partner_ids   uuid[]  NOT NULL,
    location_ids  uuid[]  NOT NULL,
    revision      integer NOT NULL
);

-- The activity feed: one row per revision of a strategy, a concept or a
-- thread. seq numbers rows in the order the projection applied them,
-- which is commit order: the feed's cursor and subscription read by it
-- and never skip a revision that committed late.
CREATE TABLE proj_discussions.activity (
    seq                   bigint      GENERATED ALWAYS AS IDENTITY,
    position              bigint      PRIMARY KEY,
    stream_id             uuid        NOT NULL,
    stream_type           text        NOT NULL,
    revision              integer     NOT NULL,
    kind                  text        NOT NULL,
    action                text        NOT NULL,
    document_id           uuid        NOT NULL,
    document_type         text        NOT NULL,
    thread_id             uuid,
    actor_id              uuid        NOT NULL,
    actor_organisation_id uuid,
    at                    timestamptz NOT NULL
);
CREATE UNIQUE INDEX activity_seq ON proj_discussions.activity (seq);
CREATE INDEX activity_document_seq ON proj_discussions.activity (document_id, seq);

-- Read marks: how far each person has read the discussions of each
-- document (a log position). They are a person's own view state, not a
-- change to anything the network shares, so they are plain rows written
-- by markDiscussionsRead, not events (they would fill the audit log and
-- the feed with reading). Outside the projection: a rebuild keeps them.
CREATE TABLE discussion_reads (
    person_id     uuid        NOT NULL,
    document_id   uuid        NOT NULL,
    read_position bigint      NOT NULL,
    read_at       timestamptz NOT NULL,
    PRIMARY KEY (person_id, document_id)
);

-- +goose Down
DROP TABLE discussion_reads;
DROP SCHEMA proj_discussions CASCADE;
