package eventstore

import (
	"bytes"
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"encoding/json"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
)

// Personal data (domain.PersonalEvent) is stored encrypted with AES-256-GCM
// under a key per data subject; the "personal" object of the event's JSON
// becomes {"keyId": ..., "ciphertext": ...}. Erasure destroys the key. The
// event rows, the outbox payloads and any hash over them stay unchanged, so
// the log remains append-only and verifiable after erasure.

type sealed struct {
	KeyID      uuid.UUID `json:"keyId"`
	Ciphertext []byte    `json:"ciphertext"`
}

// keyFor returns the data subject's key, creating it on first use. It runs
// outside the append transaction, whose first write must be the events.
func (s *Store) keyFor(ctx context.Context, id uuid.UUID) ([]byte, error) {
	fresh := make([]byte, 32)
	if _, err := rand.Read(fresh); err != nil {
		return nil, err
	}
	var key []byte
	err := s.db.QueryRow(ctx, `
		WITH ins AS (
			INSERT INTO personal_keys (key_id, key) VALUES ($1, $2) ON CONFLICT (key_id) DO NOTHING RETURNING key
		)
		SELECT key FROM ins UNION ALL SELECT key FROM personal_keys WHERE key_id = $1 LIMIT 1`, id, fresh).Scan(&key)
	if err != nil {
		return nil, fmt.Errorf("personal data key: %w", err)
	}
	if key == nil {
		return nil, domain.InvalidState("the personal data of this person was erased")
	}
	return key, nil
}

// sealPersonal encrypts the "personal" object of an encoded event.
func (s *Store) sealPersonal(ctx context.Context, e domain.PersonalEvent, data []byte) ([]byte, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return nil, err
	}
	plain, ok := fields["personal"]
	if !ok {
		return data, nil
	}
	id := e.PersonalDataKey()
	key, err := s.keyFor(ctx, id)
	if err != nil {
		return nil, err
	}
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	nonce := make([]byte, aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return nil, err
	}
	box := sealed{KeyID: id, Ciphertext: aead.Seal(nonce, nonce, plain, id[:])}
	if fields["personal"], err = json.Marshal(box); err != nil {
		return nil, err
	}
	return json.Marshal(fields)
}

// queueKeyDestruction erases the data subjects an append's events erase,
// in the append's transaction: the key goes, and so do the idempotency
// fingerprints of the commands that recorded the data, which hashed it.
func queueKeyDestruction(batch *pgx.Batch, streamID uuid.UUID, events []domain.Event) {
	for _, e := range events {
		erasing, ok := e.(domain.ErasingEvent)
		if !ok {
			continue
		}
		batch.Queue(`
			INSERT INTO personal_keys (key_id, key, destroyed_at) VALUES ($1, NULL, now())
			ON CONFLICT (key_id) DO UPDATE SET key = NULL, destroyed_at = COALESCE(personal_keys.destroyed_at, now())`,
			erasing.ErasedDataKey())
		batch.Queue(`
			UPDATE commands c SET input_hash = '\x00'
			WHERE c.stream_id = $1 AND EXISTS (
				SELECT 1 FROM events e WHERE e.stream_id = c.stream_id AND e.revision = c.revision
				AND e.data->'personal'->>'keyId' = $2::text)`, streamID, erasing.ErasedDataKey())
	}
}

func newAEAD(key []byte) (cipher.AEAD, error) {
	block, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(block)
}

// PersonalDataKeys lists the keys of the data subjects whose sealed
// personal data the revision's events record.
func (r Revision) PersonalDataKeys() []string {
	var keys []string
	for _, rec := range r.Events {
		if !bytes.Contains(rec.Data, []byte(`"ciphertext"`)) {
			continue
		}
		var event struct {
			Personal sealed `json:"personal"`
		}
		if json.Unmarshal(rec.Data, &event) == nil && event.Personal.KeyID != uuid.Nil {
			keys = append(keys, event.Personal.KeyID.String())
		}
	}
	return keys
}
