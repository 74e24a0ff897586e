package eventstore

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// Decoder turns stored events into domain events. Personal data sealed by
// the store (personal.go) is opened with keys read through the decoder's
// querier, under the caller's context: over the store's pool
// (Store.Decoder), or inside the caller's transaction (NewDecoder), which
// then decodes as that transaction sees erasures. Once a key is gone the
// event decodes without its personal data and marked redacted.
type Decoder struct {
	registry *domain.Registry
	q        Querier
}

// NewDecoder returns a decoder that reads personal data keys through q (a
// pool, a connection or a transaction).
func NewDecoder(registry *domain.Registry, q Querier) Decoder {
	return Decoder{registry: registry, q: q}
}

// Decoder returns a decoder over the store's pool (or its locked stream's transaction).
func (s *Store) Decoder() Decoder { return NewDecoder(s.registry, s.db) }

// Events decodes a revision's events, reading the keys of all its sealed
// personal data in one query.
func (d Decoder) Events(ctx context.Context, rev Revision) ([]domain.Event, error) {
	events, err := d.decode(ctx, rev.Events)
	if err != nil {
		return nil, fmt.Errorf("stream %s revision %d: %w", rev.StreamID, rev.Revision, err)
	}
	return events, nil
}

// Event decodes one stored event.
func (d Decoder) Event(ctx context.Context, rec Record) (domain.Event, error) {
	events, err := d.decode(ctx, []Record{rec})
	if err != nil {
		return nil, err
	}
	return events[0], nil
}

// Apply decodes a revision's events and applies them to state.
func (d Decoder) Apply(ctx context.Context, state domain.Aggregate, rev Revision) error {
	events, err := d.Events(ctx, rev)
	if err != nil {
		return err
	}
	for _, e := range events {
		state.Apply(e, rev.Revision)
	}
	return nil
}

func (d Decoder) decode(ctx context.Context, records []Record) ([]domain.Event, error) {
	boxes := make([]*sealedData, len(records))
	var keyIDs []uuid.UUID
	for i, rec := range records {
		box, err := sealedIn(rec.Data)
		if err != nil {
			return nil, fmt.Errorf("decode event %q: %w", rec.Type, err)
		}
		if box != nil {
			boxes[i] = box
			keyIDs = append(keyIDs, box.box.KeyID)
		}
	}
	keys, err := d.keys(ctx, keyIDs)
	if err != nil {
		return nil, err
	}
	events := make([]domain.Event, len(records))
	for i, rec := range records {
		data := rec.Data
		if box := boxes[i]; box != nil {
			if data, err = box.open(keys[box.box.KeyID]); err != nil {
				return nil, fmt.Errorf("decode event %q: %w", rec.Type, err)
			}
		}
		if events[i], err = d.registry.Decode(rec.Type, rec.SchemaVersion, data); err != nil {
			return nil, err
		}
	}
	return events, nil
}

// keys reads the personal data keys that still exist among ids.
func (d Decoder) keys(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID][]byte, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := d.q.Query(ctx, `SELECT key_id, key FROM personal_keys WHERE key_id = ANY($1::uuid[]) AND key IS NOT NULL`, ids)
	if err != nil {
		return nil, fmt.Errorf("personal data keys: %w", err)
	}
	defer rows.Close()
	keys := make(map[uuid.UUID][]byte, len(ids))
	for rows.Next() {
		var id uuid.UUID
		var key []byte
		if err := rows.Scan(&id, &key); err != nil {
			return nil, fmt.Errorf("personal data keys: %w", err)
		}
		keys[id] = key
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("personal data keys: %w", err)
	}
	return keys, nil
}

// sealedData is a stored event's JSON with its sealed "personal" object.
type sealedData struct {
	fields map[string]json.RawMessage
	box    sealed
}

// sealedIn returns the sealed personal data in an event's stored JSON, nil
// when it has none.
func sealedIn(data []byte) (*sealedData, error) {
	if !bytes.Contains(data, []byte(`"ciphertext"`)) {
		return nil, nil
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil {
		return nil, err
	}
	var box sealed
	if raw, ok := fields["personal"]; !ok || json.Unmarshal(raw, &box) != nil || box.KeyID == uuid.Nil {
		return nil, nil
	}
	return &sealedData{fields: fields, box: box}, nil
}

// open returns the event's JSON with its personal data decrypted, or,
// when key is nil (erased), without it and marked redacted.
func (s *sealedData) open(key []byte) ([]byte, error) {
	if key == nil {
		delete(s.fields, "personal")
		s.fields["redacted"] = json.RawMessage("true")
		return json.Marshal(s.fields)
	}
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	n := aead.NonceSize()
	if len(s.box.Ciphertext) < n {
		return nil, errors.New("personal data: ciphertext too short")
	}
	plain, err := aead.Open(nil, s.box.Ciphertext[:n], s.box.Ciphertext[n:], s.box.KeyID[:])
	if err != nil {
		return nil, fmt.Errorf("personal data: %w", err)
	}
	s.fields["personal"] = plain
	return json.Marshal(s.fields)
}
