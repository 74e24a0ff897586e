package app

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
)

// Request carries what a command needs besides its own fields.
type Request struct {
	Actor domain.Actor
	// CommandID is the idempotency key; uuid.Nil makes the service
	// generate one (and the command cannot be replayed).
	CommandID uuid.UUID
	// ExpectedRevision is the revision the client edited from; nil applies
	// to the latest.
	ExpectedRevision *int
	Reason           string
	CorrelationID    uuid.UUID
}

// Result is what an accepted (or replayed) command produced.
type Result[S domain.Aggregate] struct {
	SubjectID uuid.UUID
	// State is the subject's state right after the command's revision.
	State    S
	Revision int
	// Position is the global position of the revision's last event.
	Position  int64
	CommandID uuid.UUID
	Merged    bool
	Replayed  bool
}

// Execute runs cmd against the subject with the given id (ignored, and a new
// id made, for commands that create their subject).
func Execute[S domain.Aggregate](ctx context.Context, svc *Service, kind eventstore.StreamKind[S], id uuid.UUID, cmd domain.Command[S], req Request) (Result[S], error) {
	desc := cmd.Describe()
	var checks domain.Checks
	checks.Text(req.Reason, domain.MaxTextLength, "reason")
	if req.ExpectedRevision != nil && *req.ExpectedRevision < 1 {
		checks.Fail("must be at least 1", "expectedRevision")
	}
	if err := checks.Err(); err != nil {
		return Result[S]{}, err
	}
	if desc.Creates {
		id = uuid.Nil
	}
	hash, err := inputHash(desc, id, cmd, req)
	if err != nil {
		return Result[S]{}, err
	}
	if req.CommandID == uuid.Nil {
		req.CommandID = svc.cfg.NewID()
	} else if res, done, err := replay(ctx, svc, kind, cmd, req, hash); done {
		return res, err
	}
	if desc.Creates {
		id = svc.cfg.NewID()
	}
	for attempt := 1; ; attempt++ {
		res, err := attemptOnce(ctx, svc, kind, id, cmd, desc, req, hash)
		var dup *eventstore.DuplicateCommandError
		switch {
		case errors.As(err, &dup):
			// A concurrent twin of this command won the race.
			res, _, err := replay(ctx, svc, kind, cmd, req, hash)
			return res, err
		case errors.Is(err, eventstore.ErrStreamChanged) && attempt < svc.cfg.MaxAttempts:
			continue
		case errors.Is(err, eventstore.ErrStreamChanged):
			return Result[S]{}, fmt.Errorf("%w: too much contention on %s", domain.ErrUnavailable, id)
		}
		return res, err
	}
}

func attemptOnce[S domain.Aggregate](ctx context.Context, svc *Service, kind eventstore.StreamKind[S], id uuid.UUID, cmd domain.Command[S], desc domain.Description, req Request, hash []byte) (Result[S], error) {
	loaded, err := eventstore.Load(ctx, svc.store, kind, id, 0)
	if err != nil {
		return Result[S]{}, err
	}
	if !desc.Creates && loaded.Revision == 0 {
		return Result[S]{}, domain.NotFound(subjectName(kind.Type))
	}
	if err := Authorize(req.Actor, desc, loaded.State, cmd); err != nil {
		return Result[S]{}, err
	}
	if err := checkReferences(ctx, svc.store, cmd); err != nil {
		return Result[S]{}, err
	}
	if err := checkExpectedRevision(desc, loaded.Revision, req.ExpectedRevision); err != nil {
		return Result[S]{}, err
	}
	events, err := cmd.Decide(loaded.State, domain.Context{Actor: req.Actor, Now: svc.cfg.Now(), NewID: svc.idSource(id, desc.Creates)})
	if err != nil {
		return Result[S]{}, err
	}
	if len(events) == 0 {
		return Result[S]{}, fmt.Errorf("app: %s decided no events", desc.Action)
	}
	before := loaded.State.Document()
	revision := loaded.Revision + 1
	for _, e := range events {
		loaded.State.Apply(e, revision)
	}
	merged := false
	if req.ExpectedRevision != nil && *req.ExpectedRevision < loaded.Revision {
		touched := domain.Diff(before, loaded.State.Document())
		if err := checkConcurrentChanges(ctx, svc, kind, id, *req.ExpectedRevision, loaded.Revision, touched, before); err != nil {
			return Result[S]{}, err
		}
		merged = true
	}
	rev, err := svc.store.Append(ctx, eventstore.AppendRequest{
		StreamType:      kind.Type,
		StreamID:        id,
		ExpectedVersion: loaded.Version,
		Revision:        revision,
		Events:          events,
		InputHash:       hash,
		Metadata: eventstore.Metadata{
			ActorID:             req.Actor.ID,
			ActorOrganisationID: req.Actor.OrganisationID,
			CommandID:           req.CommandID,
			CorrelationID:       req.CorrelationID,
			Action:              desc.Action,
			Reason:              req.Reason,
			RecordedAt:          svc.cfg.Now(),
		},
	})
	if err != nil {
		return Result[S]{}, err
	}
	loaded.Revision = revision
	loaded.Version += len(events)
	if _, personal := any(loaded.State).(domain.PersonalData); !personal && revision%svc.cfg.SnapshotEvery == 0 {
		// Aggregates with personal data are never snapshotted: a snapshot
		// would keep in plain text what erasure must destroy.
		// Best effort: a missing snapshot only makes later loads longer.
		_ = eventstore.SaveSnapshot(ctx, svc.store, kind, id, loaded)
	}
	return Result[S]{
		SubjectID: id, State: loaded.State, Revision: revision, Position: rev.Position(),
		CommandID: req.CommandID, Merged: merged,
	}, nil
}

// replay answers a repeated commandId: the first result again when actor
// and input match, IDEMPOTENCY_KEY_REUSED otherwise. done is false when the
// command id is new. An actor who has lost access since is refused: a
// replay shows the subject, which they may no longer edit.
func replay[S domain.Aggregate](ctx context.Context, svc *Service, kind eventstore.StreamKind[S], cmd domain.Command[S], req Request, hash []byte) (Result[S], bool, error) {
	rec, err := svc.store.LookupCommand(ctx, req.CommandID)
	if err != nil {
		return Result[S]{}, true, err
	}
	if rec == nil {
		return Result[S]{}, false, nil
	}
	if rec.ActorID != req.Actor.ID || string(rec.InputHash) != string(hash) || rec.StreamType != kind.Type {
		return Result[S]{}, true, domain.ErrIdempotencyKeyReused
	}
	latest, err := eventstore.Load(ctx, svc.store, kind, rec.StreamID, 0)
	if err != nil {
		return Result[S]{}, true, err
	}
	if err := Authorize(req.Actor, cmd.Describe(), latest.State, cmd); err != nil {
		return Result[S]{}, true, err
	}
	loaded, err := eventstore.Load(ctx, svc.store, kind, rec.StreamID, rec.Revision)
	if err != nil {
		return Result[S]{}, true, err
	}
	return Result[S]{
		SubjectID: rec.StreamID, State: loaded.State, Revision: rec.Revision, Position: rec.Position,
		CommandID: rec.CommandID, Replayed: true,
	}, true, nil
}

func checkExpectedRevision(desc domain.Description, current int, expected *int) error {
	if expected == nil {
		return nil
	}
	if *expected > current {
		return domain.Invalid("expectedRevision", fmt.Sprintf("is ahead of the current revision %d", current))
	}
	if desc.Workflow && *expected != current {
		return &domain.ConflictError{Subject: desc.Action, Expected: *expected, CurrentRevision: current}
	}
	return nil
}

// checkConcurrentChanges refuses a command whose changes overlap a change
// made after the revision the client edited from; disjoint edits merge.
func checkConcurrentChanges[S domain.Aggregate](ctx context.Context, svc *Service, kind eventstore.StreamKind[S], id uuid.UUID, expected, current int, touched []domain.Change, currentDoc domain.Doc) error {
	past, err := eventstore.Load(ctx, svc.store, kind, id, expected)
	if err != nil {
		return err
	}
	revs, err := svc.store.ReadRevisions(ctx, id, expected+1, current)
	if err != nil {
		return err
	}
	var conflicts []domain.Conflict
	doc := past.State.Document()
	for _, rev := range revs {
		if err := eventstore.ApplyRevision(svc.store.Registry(), past.State, rev); err != nil {
			return err
		}
		next := past.State.Document()
		for _, theirs := range domain.Diff(doc, next) {
			for _, ours := range touched {
				if domain.Overlaps(theirs.Path, ours.Path) {
					value, _ := currentDoc.Lookup(theirs.Path)
					conflicts = append(conflicts, domain.Conflict{
						Path: theirs.Path, Revision: rev.Revision, ActorID: rev.ActorID.String(), Current: value,
					})
					break
				}
			}
		}
		doc = next
	}
	if len(conflicts) > 0 {
		return &domain.ConflictError{Subject: id.String(), Expected: expected, CurrentRevision: current, Conflicts: conflicts}
	}
	return nil
}

func checkReferences(ctx context.Context, store *eventstore.Store, cmd any) error {
	r, ok := cmd.(domain.Referencing)
	if !ok {
		return nil
	}
	var checks domain.Checks
	for _, ref := range r.References() {
		t, found, err := store.StreamType(ctx, ref.ID)
		if err != nil {
			return err
		}
		if !found || t != ref.Type {
			checks.Fail("unknown "+subjectName(ref.Type), ref.Field...)
		}
	}
	return checks.Err()
}

// inputHash fingerprints everything the client sent that shapes the result.
func inputHash(desc domain.Description, id uuid.UUID, cmd any, req Request) ([]byte, error) {
	raw, err := json.Marshal(struct {
		Action   string    `json:"action"`
		Subject  uuid.UUID `json:"subject"`
		Expected *int      `json:"expected"`
		Reason   string    `json:"reason"`
		Command  any       `json:"command"`
	}{desc.Action, id, req.ExpectedRevision, req.Reason, cmd})
	if err != nil {
		return nil, fmt.Errorf("app: fingerprint %s: %w", desc.Action, err)
	}
	sum := sha256.Sum256(raw)
	return sum[:], nil
}

func subjectName(t domain.SubjectType) string {
	switch t {
	case domain.SubjectStrategy:
		return "strategy"
	case domain.SubjectCooperationConcept:
		return "cooperation concept"
	case domain.SubjectOrganisation:
		return "organisation"
	case domain.SubjectLocation:
		return "location"
	}
	return "subject"
}

// idSource gives Decide its new ids. A command that creates its subject
// takes the subject's id from its first NewID, which must be the stream id.
func (s *Service) idSource(stream uuid.UUID, creates bool) func() uuid.UUID {
	first := creates
	return func() uuid.UUID {
		if first {
			first = false
			return stream
		}
		return s.cfg.NewID()
	}
}
