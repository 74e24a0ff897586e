-- +goose Up

-- Tamper evidence (docs/integrity.md). Every event row carries the hash of
-- its stream's chain up to and including it:
--
--   hash(v) = sha256(hash(v-1) || sha256(header(v)) || sha256(data(v) as jsonb text))
--
-- with 32 zero bytes before version 1. The append computes sha256(header)
-- in Go (eventstore/chain.go) and lets the server finish the hash in the
-- same INSERT; these functions are the same encoding in SQL. They chain the
-- rows that exist now, below, and stay installed so that tests (and an
-- operator with psql) can check the Go encoding against them.

CREATE FUNCTION planner_chain_text(t text) RETURNS bytea
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
RETURN int4send(octet_length(convert_to(t, 'UTF8'))) || convert_to(t, 'UTF8');

CREATE FUNCTION planner_chain_opt_text(t text) RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN t IS NULL THEN '\x00'::bytea ELSE '\x01'::bytea || planner_chain_text(t) END;

CREATE FUNCTION planner_chain_opt_uuid(u uuid) RETURNS bytea
LANGUAGE sql IMMUTABLE PARALLEL SAFE
RETURN CASE WHEN u IS NULL THEN '\x00'::bytea ELSE '\x01'::bytea || uuid_send(u) END;

-- The canonical header: every column of the row but position, hash and
-- data, in a fixed order, fixed-width or length-prefixed.
CREATE FUNCTION planner_chain_header(e events) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE
RETURN convert_to('planner/event/v1', 'UTF8')
    || planner_chain_text(e.stream_type) || uuid_send(e.stream_id)
    || int8send(e.version::bigint) || int8send(e.revision::bigint)
    || uuid_send(e.event_id) || planner_chain_text(e.event_type) || int8send(e.schema_version::bigint)
    || uuid_send(e.actor_id) || planner_chain_opt_uuid(e.actor_organisation_id)
    || uuid_send(e.command_id) || planner_chain_opt_uuid(e.correlation_id) || planner_chain_opt_uuid(e.causation_id)
    || planner_chain_text(e.action) || planner_chain_opt_text(e.reason)
    || int8send((extract(epoch FROM e.recorded_at) * 1000000)::bigint);

-- The link of row e after the previous row's hash prev.
CREATE FUNCTION planner_chain_hash(prev bytea, e events) RETURNS bytea
LANGUAGE sql STABLE PARALLEL SAFE
RETURN sha256(prev || sha256(planner_chain_header(e)) || sha256(convert_to(e.data::text, 'UTF8')));

ALTER TABLE events ADD COLUMN hash bytea;

-- Chain the existing rows, stream by stream in version order, then write
-- every hash in one UPDATE.
-- +goose StatementBegin
DO $$
DECLARE
    r         record;
    cur       uuid;
    prev      bytea;
    positions bigint[] := '{}';
    hashes    bytea[] := '{}';
BEGIN
    FOR r IN SELECT e.position, e.stream_id, e FROM events e ORDER BY e.stream_id, e.version LOOP
        IF cur IS DISTINCT FROM r.stream_id THEN
            cur := r.stream_id;
            prev := decode(repeat('00', 32), 'hex');
        END IF;
        prev := planner_chain_hash(prev, r.e);
        positions := positions || r.position;
        hashes := hashes || prev;
    END LOOP;
    UPDATE events SET hash = u.h FROM unnest(positions, hashes) AS u(p, h) WHERE events.position = u.p;
END
$$;
-- +goose StatementEnd

ALTER TABLE events ALTER COLUMN hash SET NOT NULL;
ALTER TABLE events ADD CONSTRAINT events_hash_length CHECK (octet_length(hash) = 32);

-- Signed checkpoints (integrity.Checkpointer): every stream's head folded
-- into one root, chained to the previous checkpoint and signed with
-- Ed25519. Only the heads that changed since the previous checkpoint are
-- stored (checkpoint_heads); the full set at checkpoint n is the fold of
-- checkpoints 1..n, which the signed root covers.
CREATE TABLE checkpoints (
    seq         bigint      PRIMARY KEY CHECK (seq >= 1),
    created_at  timestamptz NOT NULL,
    position    bigint      NOT NULL, -- the highest position the heads include
    streams     bigint      NOT NULL, -- heads folded into root
    events      bigint      NOT NULL, -- sum of the heads' versions
    root        bytea       NOT NULL,
    prev_hash   bytea       NOT NULL, -- the previous checkpoint's hash; zeros for the first
    hash        bytea       NOT NULL, -- sha256 of the signed body
    public_key  bytea       NOT NULL,
    signature   bytea       NOT NULL
);

CREATE TABLE checkpoint_heads (
    seq       bigint  NOT NULL,
    stream_id uuid    NOT NULL,
    version   integer NOT NULL,
    hash      bytea   NOT NULL,
    PRIMARY KEY (seq, stream_id)
);

-- What `planner verify` found, newest last; the API shows the latest.
CREATE TABLE verifications (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz NOT NULL,
    ok            boolean     NOT NULL,
    events        bigint      NOT NULL,
    streams       bigint      NOT NULL,
    checkpoints   bigint      NOT NULL,
    problems      integer     NOT NULL,
    first_problem text
);

-- +goose Down
DROP TABLE verifications;
DROP TABLE checkpoint_heads;
DROP TABLE checkpoints;
ALTER TABLE events DROP COLUMN hash;
DROP FUNCTION planner_chain_hash(bytea, events);
DROP FUNCTION planner_chain_header(events);
DROP FUNCTION planner_chain_opt_uuid(uuid);
DROP FUNCTION planner_chain_opt_text(text);
DROP FUNCTION planner_chain_text(text);
