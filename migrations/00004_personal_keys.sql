-- +goose Up

-- One encryption key per data subject (a contact person). Erasure sets key
-- to NULL: the ciphertext left in events and outbox rows can never be read
-- again, while the event log itself stays append-only and intact.
CREATE TABLE personal_keys (
    key_id       uuid        PRIMARY KEY,
    key          bytea       CHECK (key IS NULL OR length(key) = 32),
    created_at   timestamptz NOT NULL DEFAULT now(),
    destroyed_at timestamptz,
    CHECK ((key IS NULL) = (destroyed_at IS NOT NULL))
);

-- +goose Down
DROP TABLE personal_keys;
