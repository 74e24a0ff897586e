-- +goose Up

-- Read models (package projections). Each projection owns one schema, so
-- that a rebuild can fill <schema>_rebuild and swap it in by renaming.
-- A rebuild copies the tables, constraints and indexes of the live schema
-- from the catalog: change a projection's tables here (in a new migration),
-- never in Go.
--
-- Every schema has a streams table: the per-stream order guard (revision),
-- the subject state the projection computes before/after documents from,
-- and (position, applied_at) for status.

-- ---------------------------------------------------------------- documents

CREATE SCHEMA proj_documents;

CREATE TABLE proj_documents.streams (
    stream_id   uuid        PRIMARY KEY,
    stream_type text        NOT NULL,
    revision    integer     NOT NULL,
    -- Position of the applied revision's last event.
    position    bigint      NOT NULL,
    state       jsonb       NOT NULL,
    applied_at  timestamptz NOT NULL
);
CREATE INDEX streams_position ON proj_documents.streams (position);

-- One row per subject: the columns lists filter and sort on. The state is
-- the streams row of the same id.
CREATE TABLE proj_documents.subjects (
    id           uuid        PRIMARY KEY,
    type         text        NOT NULL,
    -- A strategy's or concept's title, an organisation's or location's name.
    title        text        NOT NULL,
    status       text,
    kind         text,
    country      text,
    partner_ids  uuid[]      NOT NULL,
    location_ids uuid[]      NOT NULL,
    strategy_id  uuid,
    revision     integer     NOT NULL,
    position     bigint      NOT NULL,
    created_at   timestamptz NOT NULL,
    created_by   uuid        NOT NULL,
    updated_at   timestamptz NOT NULL,
    updated_by   uuid        NOT NULL
);
-- Strategies and concepts, most recently updated first (keyset cursors).
CREATE INDEX subjects_recent ON proj_documents.subjects (type, updated_at DESC, id DESC);
-- Organisations by name.
CREATE INDEX subjects_by_title ON proj_documents.subjects (type, title, id);
-- Locations by country, then name.
CREATE INDEX subjects_by_country ON proj_documents.subjects (type, country, title, id);
CREATE INDEX subjects_partners ON proj_documents.subjects USING gin (partner_ids);
CREATE INDEX subjects_locations ON proj_documents.subjects USING gin (location_ids);
CREATE INDEX subjects_strategy ON proj_documents.subjects (strategy_id) WHERE strategy_id IS NOT NULL;

CREATE TABLE proj_documents.versions (
    subject_id uuid        NOT NULL,
    name       text        NOT NULL,
    revision   integer     NOT NULL,
    note       text,
    created_at timestamptz,
    created_by uuid,
    PRIMARY KEY (subject_id, name)
);

-- Reviews are nodes of their own (node(id)).
CREATE TABLE proj_documents.reviews (
    id               uuid        PRIMARY KEY,
    subject_id       uuid        NOT NULL,
    content_revision integer     NOT NULL,
    reviewer_id      uuid        NOT NULL,
    organisation_id  uuid,
    country          text,
    decision         text        NOT NULL,
    comment          text,
    at               timestamptz
);
CREATE INDEX reviews_subject ON proj_documents.reviews (subject_id, at, id);

-- ---------------------------------------------------------------- history

CREATE SCHEMA proj_history;

CREATE TABLE proj_history.streams (
    stream_id   uuid        PRIMARY KEY,
    stream_type text        NOT NULL,
    revision    integer     NOT NULL,
    position    bigint      NOT NULL,
    state       jsonb       NOT NULL,
    applied_at  timestamptz NOT NULL
);
CREATE INDEX streams_position ON proj_history.streams (position);

-- One row per accepted revision. changes is domain.Diff of the documents
-- before and after, with personal data redacted.
CREATE TABLE proj_history.revisions (
    subject_id            uuid        NOT NULL,
    number                integer     NOT NULL,
    subject_type          text        NOT NULL,
    action                text        NOT NULL,
    actor_id              uuid        NOT NULL,
    actor_organisation_id uuid,
    at                    timestamptz NOT NULL,
    reason                text,
    command_id            uuid        NOT NULL,
    correlation_id        uuid,
    position              bigint      NOT NULL,
    changes               jsonb       NOT NULL,
    -- Per-subject pages, newest first: an index range whatever the length
    -- of the history.
    PRIMARY KEY (subject_id, number)
);
-- The audit log, newest first, and its filters (each with the sort key, so
-- that a filtered page is an index range too).
CREATE UNIQUE INDEX revisions_position ON proj_history.revisions (position);
CREATE INDEX revisions_subject_position ON proj_history.revisions (subject_id, position);
CREATE INDEX revisions_actor ON proj_history.revisions (actor_id, position);
CREATE INDEX revisions_actor_organisation ON proj_history.revisions (actor_organisation_id, position);
CREATE INDEX revisions_type ON proj_history.revisions (subject_type, position);
CREATE INDEX revisions_action ON proj_history.revisions (action, position);
CREATE INDEX revisions_at ON proj_history.revisions (at);

-- Who last set each current leaf of a document. "C" collation: path prefix
-- filters are byte ranges.
CREATE TABLE proj_history.blame (
    subject_id uuid        NOT NULL,
    path       text        COLLATE "C" NOT NULL,
    revision   integer     NOT NULL,
    actor_id   uuid        NOT NULL,
    at         timestamptz NOT NULL,
    PRIMARY KEY (subject_id, path)
);

-- Every path whose personal data was erased, ever: revisions recorded
-- before and after the erasure are shown redacted under them.
CREATE TABLE proj_history.erased_paths (
    subject_id uuid    NOT NULL,
    path       text    COLLATE "C" NOT NULL,
    revision   integer NOT NULL,
    PRIMARY KEY (subject_id, path)
);

-- ---------------------------------------------------------------- dashboard

CREATE SCHEMA proj_dashboard;

CREATE TABLE proj_dashboard.streams (
    stream_id   uuid        PRIMARY KEY,
    stream_type text        NOT NULL,
    revision    integer     NOT NULL,
    position    bigint      NOT NULL,
    state       jsonb       NOT NULL,
    applied_at  timestamptz NOT NULL
);
CREATE INDEX streams_position ON proj_dashboard.streams (position);

CREATE TABLE proj_dashboard.strategy_progress (
    strategy_id         uuid             PRIMARY KEY,
    title               text             NOT NULL,
    status              text,
    partner_ids         uuid[]           NOT NULL,
    location_ids        uuid[]           NOT NULL,
    updated_at          timestamptz      NOT NULL,
    revision            integer          NOT NULL,
    objectives          integer          NOT NULL,
    measures            integer          NOT NULL,
    -- [{status, count}] in the contract's MeasureStatus order.
    measures_by_status  jsonb            NOT NULL,
    indicators          integer          NOT NULL,
    indicators_on_track integer          NOT NULL,
    -- Due dates of milestones not done: "overdue" depends on the day a
    -- dashboard is read, so it is counted then.
    open_milestones     date[]           NOT NULL,
    completion          double precision NOT NULL
);
CREATE INDEX strategy_progress_recent ON proj_dashboard.strategy_progress (updated_at DESC, strategy_id DESC);
CREATE INDEX strategy_progress_partners ON proj_dashboard.strategy_progress USING gin (partner_ids);
CREATE INDEX strategy_progress_locations ON proj_dashboard.strategy_progress USING gin (location_ids);

CREATE TABLE proj_dashboard.concepts (
    concept_id uuid PRIMARY KEY,
    status     text NOT NULL
);
CREATE INDEX concepts_status ON proj_dashboard.concepts (status);

-- Revisions per ISO week (its Monday) and actor organisation (the nil
-- UUID for actors without one).
CREATE TABLE proj_dashboard.activity (
    week_start      date    NOT NULL,
    organisation_id uuid    NOT NULL,
    revisions       integer NOT NULL,
    PRIMARY KEY (week_start, organisation_id)
);

-- ---------------------------------------------------------------- runner state

-- Operator-visible state of each projection besides its position (which is
-- its streams table's): a running rebuild, and the transaction horizon the
-- rebuild catches up from (retention keeps outbox rows from there on).
CREATE TABLE projection_status (
    name               text        PRIMARY KEY,
    rebuilding         boolean     NOT NULL DEFAULT false,
    rebuild_started_at timestamptz,
    rebuild_xmin       xid8,
    rebuilt_at         timestamptz,
    rebuild_error      text
);

-- Revisions a projection could not apply (they went to the poison queue),
-- the first per stream. A row goes when the stream's applied revision
-- passes it.
CREATE TABLE projection_errors (
    projection text        NOT NULL,
    stream_id  uuid        NOT NULL,
    revision   integer     NOT NULL,
    position   bigint      NOT NULL,
    message    text        NOT NULL,
    at         timestamptz NOT NULL,
    PRIMARY KEY (projection, stream_id)
);

-- The Watermill poison queue (topic "poison"), the DDL of watermill_events.
CREATE TABLE watermill_poison (
    "offset"       BIGSERIAL,
    uuid           VARCHAR(36) NOT NULL,
    created_at     TIMESTAMP   NOT NULL DEFAULT CURRENT_TIMESTAMP,
    payload        JSON        DEFAULT NULL,
    metadata       JSON        DEFAULT NULL,
    transaction_id xid8        NOT NULL,
    PRIMARY KEY (transaction_id, "offset")
);

-- +goose Down
DROP TABLE watermill_poison;
DROP TABLE projection_errors;
DROP TABLE projection_status;
DROP SCHEMA proj_dashboard CASCADE;
DROP SCHEMA proj_history CASCADE;
DROP SCHEMA proj_documents CASCADE;
