package readmodel

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/network"
)

// Erasure is immediate on every read. eraseContactPerson destroys the
// person's key in the very transaction that records the erasure, but the
// projections apply it later (or, stopped, not at all), and until then
// their rows still hold what they copied while the key existed: the
// history's changes and the documents' state. So every read of those rows
// checks the key store (personal_keys) and redacts what belongs to a
// destroyed key, with the same rules the projections apply (the
// organisation's ErasedPaths and domain.Redact for changes, the
// ContactPersonErased event for state): a read after erasure looks the
// same whether the projections have caught up or not.
//
// Contact persons of organisations are the only personal data in the
// read models; their keys are the person ids in the paths
// /contact/{personId}/... (a test fails when another aggregate gains
// personal data). One query on the key store's primary key per read that
// returns organisation data with a live contact, none otherwise.

// destroyedKeys returns which of ids name a destroyed personal data key.
func (r *Reader) destroyedKeys(ctx context.Context, ids []uuid.UUID) ([]uuid.UUID, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	rows, err := r.pool.Query(ctx, `SELECT key_id FROM personal_keys WHERE key_id = ANY($1) AND key IS NULL`, ids)
	if err != nil {
		return nil, fmt.Errorf("erased personal data keys: %w", err)
	}
	defer rows.Close()
	var out []uuid.UUID
	for rows.Next() {
		var id uuid.UUID
		if err := rows.Scan(&id); err != nil {
			return nil, fmt.Errorf("erased personal data keys: %w", err)
		}
		out = append(out, id)
	}
	return out, rows.Err()
}

// contactPrefix is where an organisation's document keeps its contact
// person, keyed by the person's id (network.Organisation.Document).
const contactPrefix = "/contact/"

// personsInChanges lists the person ids a revision's changes name.
func personsInChanges(rv *Revision) []uuid.UUID {
	if rv.SubjectType != domain.SubjectOrganisation {
		return nil
	}
	var out []uuid.UUID
	for _, c := range rv.Changes {
		rest, ok := strings.CutPrefix(c.Path, contactPrefix)
		if !ok {
			continue
		}
		segment, _, _ := strings.Cut(rest, "/")
		if id, err := uuid.Parse(segment); err == nil && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	return out
}

// redactRevisions hides, in place, the personal data of erased persons
// in the revisions' changes.
func (r *Reader) redactRevisions(ctx context.Context, revs []*Revision) error {
	var ids []uuid.UUID
	for _, rv := range revs {
		for _, id := range personsInChanges(rv) {
			if !slices.Contains(ids, id) {
				ids = append(ids, id)
			}
		}
	}
	destroyed, err := r.destroyedKeys(ctx, ids)
	if err != nil || len(destroyed) == 0 {
		return err
	}
	for _, rv := range revs {
		var erased []uuid.UUID
		for _, id := range personsInChanges(rv) {
			if slices.Contains(destroyed, id) {
				erased = append(erased, id)
			}
		}
		if len(erased) > 0 {
			domain.Redact(rv.Changes, (&network.Organisation{ErasedPersons: erased}).ErasedPaths())
		}
	}
	return nil
}

// redactSubjects rewrites, in place, the state of organisations whose
// contact person was erased since the documents projection copied it.
func (r *Reader) redactSubjects(ctx context.Context, subjects []*Subject) error {
	type live struct {
		s     *Subject
		state *network.Organisation
	}
	var found []live
	var ids []uuid.UUID
	for _, s := range subjects {
		if s == nil || s.Type != domain.SubjectOrganisation || len(s.State) == 0 {
			continue
		}
		var o network.Organisation
		if err := json.Unmarshal(s.State, &o); err != nil {
			return fmt.Errorf("state of organisation %s: %w", s.ID, err)
		}
		if o.Contact == nil || o.Contact.Erased {
			continue
		}
		found = append(found, live{s, &o})
		ids = append(ids, o.Contact.PersonID)
	}
	destroyed, err := r.destroyedKeys(ctx, ids)
	if err != nil || len(destroyed) == 0 {
		return err
	}
	for _, l := range found {
		person := l.state.Contact.PersonID
		if !slices.Contains(destroyed, person) {
			continue
		}
		// The domain's own rule for what erasure leaves of the state; the
		// revision stays the one the projection applied.
		l.state.Apply(&network.ContactPersonErased{PersonID: person}, l.state.Revision)
		state, err := json.Marshal(l.state)
		if err != nil {
			return fmt.Errorf("state of organisation %s: %w", l.s.ID, err)
		}
		l.s.State = state
	}
	return nil
}
