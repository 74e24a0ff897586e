-- +goose Up

-- People who may call the API (package auth). Organisations are event
-- streams, not rows, so organisation_id has no foreign key; auth checks it
-- when a user is added.
--
-- Erasure keeps the row and its id (revisions stay attributed) but deletes
-- the personal data: name and email become NULL and the pseudonym is shown
-- instead, forever.
CREATE TABLE users (
    id              uuid        PRIMARY KEY,
    name            text,
    email           text,
    organisation_id uuid,
    role            text        NOT NULL CHECK (role IN ('ADMIN', 'PLANNER', 'REVIEWER', 'VIEWER')),
    created_at      timestamptz NOT NULL,
    erased_at       timestamptz,
    pseudonym       text,
    CONSTRAINT users_personal_data CHECK (
        (erased_at IS NULL AND name IS NOT NULL AND email IS NOT NULL AND pseudonym IS NULL)
        OR (erased_at IS NOT NULL AND name IS NULL AND email IS NULL AND pseudonym IS NOT NULL))
);
-- One user per address; erased users have none, so an address can return.
CREATE UNIQUE INDEX users_email ON users (lower(email));
-- Two erased users must not look like one in the history.
CREATE UNIQUE INDEX users_pseudonym ON users (pseudonym);

-- Bearer tokens. Only the SHA-256 of a token is stored: the token itself is
-- shown once when issued and cannot be recovered from the database.
CREATE TABLE tokens (
    id         uuid        PRIMARY KEY,
    user_id    uuid        NOT NULL REFERENCES users (id),
    hash       bytea       NOT NULL CHECK (octet_length(hash) = 32),
    created_at timestamptz NOT NULL,
    revoked_at timestamptz
);
-- Authentication is one lookup on this index per request.
CREATE UNIQUE INDEX tokens_hash ON tokens (hash);
-- Revoking or erasing a user revokes its live tokens.
CREATE INDEX tokens_live_by_user ON tokens (user_id) WHERE revoked_at IS NULL;

-- +goose Down
DROP TABLE tokens;
DROP TABLE users;
