package app

import (
	"context"
	"crypto/sha256"
	"encoding/json"
	"errors"
	"fmt"
	"time"

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
	// version is the stream's version after the revision (applied, not
	// replayed, results), for handing the state on.
	version int
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
	// Sizes first: a command naming 10,000 subjects is refused before any
	// of them is looked up.
	checkReferenceCounts(&checks, cmd)
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
	clientKey := req.CommandID != uuid.Nil
	if !clientKey {
		req.CommandID = svc.cfg.NewID()
	}
	// Commands on one stream take turns in this process; twins of a create
	// (same command id, no stream yet) take turns on their command id.
	turn := id
	if desc.Creates {
		turn = req.CommandID
		id = svc.cfg.NewID()
	}
	mine, leave, err := svc.queue.enter(ctx, turn)
	if err != nil {
		return Result[S]{}, err
	}
	defer leave()
	exclusive := !desc.Creates && svc.contested.is(id, time.Now())
	for attempt := 1; ; attempt++ {
		// After a lost race, and for a while on a stream contended with
		// another process, the stream is locked for the attempt, across
		// processes: the decision is made on the latest state and its
		// append cannot lose (eventstore.Store.Lock).
		on, release := svc.store, func() {}
		if exclusive && !desc.Creates {
			if on, release, err = svc.store.Lock(ctx, id); err != nil {
				return Result[S]{}, err
			}
			// Another process may have written since this one handed
			// the state on: under the lock, load the latest.
			mine.hand(nil)
		}
		// Before every attempt: a twin with the same command id may have
		// committed while this one waited its turn or lost a race; then
		// the twin's result is the answer, not a second decision.
		twin, loaded, handed, err := begin(ctx, on, kind, id, desc, req.CommandID, clientKey, mine)
		if err != nil {
			release()
			return Result[S]{}, err
		}
		if twin != nil {
			release()
			return replayRecord(ctx, svc, kind, cmd, req, hash, twin)
		}
		res, err := attemptOnce(ctx, svc, on, kind, id, cmd, desc, req, hash, loaded)
		release()
		var dup *eventstore.DuplicateCommandError
		switch {
		case err == nil:
			handOn(mine, kind, desc, res)
			return res, nil
		case errors.As(err, &dup):
			// A concurrent twin of this command won the race.
			res, _, err := replay(ctx, svc, kind, cmd, req, hash)
			return res, err
		case errors.Is(err, eventstore.ErrStreamChanged):
			// Another process appended first; this one decides again on
			// the new state, holding the stream's lock. Should even that
			// lose (a writer that takes no lock), it waits a jittered
			// pause before the next attempt.
			mine.hand(nil)
			svc.retries.Add(1)
			svc.contested.lost(id, time.Now())
			if attempt >= svc.cfg.MaxAttempts {
				return Result[S]{}, fmt.Errorf("%w: too much contention on %s", domain.ErrUnavailable, id)
			}
			if exclusive {
				if err := backoff(ctx, attempt); err != nil {
					return Result[S]{}, err
				}
			}
			exclusive = true
			continue
		case handed && ctx.Err() == nil:
			// Refused on a handed-on state, which another process may
			// have overtaken ("expectedRevision is ahead", a conflict, a
			// rule): only the latest state may refuse. Decide again on it.
			mine.hand(nil)
			continue
		case clientKey && ctx.Err() == nil:
			// A twin in another process may have committed between the
			// lookup and the load: the refusal ("key already used",
			// "not a draft") is then about the twin's own effect.
			if res, done, rerr := replay(ctx, svc, kind, cmd, req, hash); done {
				return res, rerr
			}
		}
		return res, err
	}
}

// begin reads what an attempt starts from, in one round trip at most: the
// record of a twin (same client command id) that committed, and the
// subject's latest state. A create's stream id was made just now: nothing
// to load. The state the previous command in line handed on needs no load
// either: should another process have appended since, the append fails on
// the version and the retry loads.
func begin[S domain.Aggregate](ctx context.Context, store *eventstore.Store, kind eventstore.StreamKind[S], id uuid.UUID, desc domain.Description, commandID uuid.UUID, clientKey bool, mine turn) (twin *eventstore.CommandRecord, loaded eventstore.Loaded[S], handed bool, err error) {
	empty := eventstore.Loaded[S]{State: kind.New()}
	if h := mine.handed(); h != nil && !desc.Creates && h.kind == kind.Type && h.stateVersion == kind.StateVersion {
		loaded := eventstore.Loaded[S]{State: kind.New(), Revision: h.revision, Version: h.version}
		if err := json.Unmarshal(h.state, loaded.State); err == nil {
			if clientKey {
				twin, err = store.LookupCommand(ctx, commandID)
			}
			return twin, loaded, true, err
		}
		mine.hand(nil)
	}
	switch {
	case desc.Creates && clientKey:
		twin, err := store.LookupCommand(ctx, commandID)
		return twin, empty, false, err
	case desc.Creates:
		return nil, empty, false, nil
	case clientKey:
		twin, loaded, err := eventstore.LoadForCommand(ctx, store, kind, id, commandID)
		return twin, loaded, false, err
	}
	loaded, err = eventstore.Load(ctx, store, kind, id, 0)
	return nil, loaded, false, err
}

// handOn leaves res's state to the next command waiting for the stream, as
// a JSON copy (res.State goes to the caller). Subjects with personal data
// are never handed on, as they are never snapshotted.
func handOn[S domain.Aggregate](mine turn, kind eventstore.StreamKind[S], desc domain.Description, res Result[S]) {
	if desc.Creates || !mine.waiting() {
		mine.hand(nil)
		return
	}
	if _, personal := any(res.State).(domain.PersonalData); personal {
		mine.hand(nil)
		return
	}
	state, err := json.Marshal(res.State)
	if err != nil {
		mine.hand(nil)
		return
	}
	mine.hand(&handedState{kind: kind.Type, stateVersion: kind.StateVersion, revision: res.Revision, version: res.version, state: state})
}

// attemptOnce decides cmd on loaded (the subject's latest state) and
// appends the result on on (the store, or the view of it that holds the
// stream's lock); the unique (stream, version) refuses it when another
// process appended first.
func attemptOnce[S domain.Aggregate](ctx context.Context, svc *Service, on *eventstore.Store, kind eventstore.StreamKind[S], id uuid.UUID, cmd domain.Command[S], desc domain.Description, req Request, hash []byte, loaded eventstore.Loaded[S]) (Result[S], error) {
	if !desc.Creates && loaded.Revision == 0 {
		return Result[S]{}, domain.NotFound(kind.Type.Noun())
	}
	if err := Authorize(req.Actor, desc, loaded.State, cmd); err != nil {
		return Result[S]{}, err
	}
	if err := checkExpectedRevision(desc, loaded.Revision, req.ExpectedRevision); err != nil {
		return Result[S]{}, err
	}
	// One clock reading per attempt: the events' time and the revision's
	// recorded_at are the same instant.
	now := svc.cfg.Now()
	events, err := cmd.Decide(loaded.State, domain.Context{Actor: req.Actor, Now: now, NewID: svc.idSource(id, desc.Creates)})
	if err != nil {
		return Result[S]{}, err
	}
	if len(events) == 0 {
		return Result[S]{}, fmt.Errorf("app: %s decided no events", desc.Action)
	}
	// References are looked up once the command's own shape passed Decide,
	// all in one query.
	if err := checkReferences(ctx, svc.store, cmd); err != nil {
		return Result[S]{}, err
	}
	// What the projections need about the revision is computed once, here,
	// where the states before and after are at hand (domain.Digest).
	start, err := domain.StartDigest(loaded.State, loaded.Revision)
	if err != nil {
		return Result[S]{}, err
	}
	before := start.Before()
	revision := loaded.Revision + 1
	for _, e := range events {
		loaded.State.Apply(e, revision)
	}
	after := loaded.State.Document()
	digest, err := start.Finish(after, loaded.State)
	if err != nil {
		return Result[S]{}, err
	}
	merged := false
	if req.ExpectedRevision != nil && *req.ExpectedRevision < loaded.Revision {
		touched := domain.Diff(before, after)
		if digest != nil {
			touched = digest.Changes
		}
		if err := checkConcurrentChanges(ctx, svc, kind, id, *req.ExpectedRevision, loaded.Revision, touched, before); err != nil {
			return Result[S]{}, err
		}
		merged = true
	}
	rev, err := on.Append(ctx, eventstore.AppendRequest{
		StreamType:      kind.Type,
		StreamID:        id,
		ExpectedVersion: loaded.Version,
		Revision:        revision,
		Events:          events,
		InputHash:       hash,
		Digest:          digest,
		Metadata: eventstore.Metadata{
			ActorID:             req.Actor.ID,
			ActorOrganisationID: req.Actor.OrganisationID,
			CommandID:           req.CommandID,
			CorrelationID:       req.CorrelationID,
			Action:              desc.Action,
			Reason:              req.Reason,
			RecordedAt:          now,
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
		// Best effort: a missing snapshot only makes later loads longer,
		// but it is logged, since every later load pays for it.
		if err := eventstore.SaveSnapshot(ctx, svc.store, kind, id, loaded); err != nil {
			svc.cfg.Logger.WarnContext(ctx, "snapshot not saved", "stream", id, "revision", revision, "error", err)
		}
	}
	return Result[S]{
		SubjectID: id, State: loaded.State, Revision: revision, Position: rev.Position(),
		CommandID: req.CommandID, Merged: merged, version: loaded.Version,
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
	res, err := replayRecord(ctx, svc, kind, cmd, req, hash, rec)
	return res, true, err
}

// replayRecord answers with the recorded result of rec, the record of
// req.CommandID.
func replayRecord[S domain.Aggregate](ctx context.Context, svc *Service, kind eventstore.StreamKind[S], cmd domain.Command[S], req Request, hash []byte, rec *eventstore.CommandRecord) (Result[S], error) {
	if rec.ActorID != req.Actor.ID || string(rec.InputHash) != string(hash) || rec.StreamType != kind.Type {
		return Result[S]{}, domain.ErrIdempotencyKeyReused
	}
	latest, err := eventstore.Load(ctx, svc.store, kind, rec.StreamID, 0)
	if err != nil {
		return Result[S]{}, err
	}
	if err := Authorize(req.Actor, cmd.Describe(), latest.State, cmd); err != nil {
		return Result[S]{}, err
	}
	loaded, err := eventstore.Load(ctx, svc.store, kind, rec.StreamID, rec.Revision)
	if err != nil {
		return Result[S]{}, err
	}
	return Result[S]{
		SubjectID: rec.StreamID, State: loaded.State, Revision: rec.Revision, Position: rec.Position,
		CommandID: rec.CommandID, Replayed: true,
	}, nil
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
		if err := svc.store.Decoder().Apply(ctx, past.State, rev); err != nil {
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

// checkReferences refuses a command that names a subject which does not
// exist or is of another type; every reference is looked up in one query.
func checkReferences(ctx context.Context, store *eventstore.Store, cmd any) error {
	r, ok := cmd.(domain.Referencing)
	if !ok {
		return nil
	}
	refs := r.References()
	if len(refs) == 0 {
		return nil
	}
	ids := make([]uuid.UUID, len(refs))
	for i, ref := range refs {
		ids[i] = ref.ID
	}
	types, err := store.StreamTypes(ctx, ids)
	if err != nil {
		return err
	}
	var checks domain.Checks
	for _, ref := range refs {
		if t, found := types[ref.ID]; !found || t != ref.Type {
			checks.Fail("unknown "+ref.Type.Noun(), ref.Field...)
		}
	}
	return checks.Err()
}

// checkReferenceCounts refuses, before anything is looked up, an input list
// naming more subjects than any command accepts (the same limit and message
// as the commands' own checks, which run later).
func checkReferenceCounts(checks *domain.Checks, cmd any) {
	r, ok := cmd.(domain.Referencing)
	if !ok {
		return
	}
	refs := r.References()
	if len(refs) <= domain.MaxReferenceList {
		return
	}
	var fields []string
	perField := map[string]int{}
	for _, ref := range refs {
		if len(ref.Field) == 0 {
			continue
		}
		if perField[ref.Field[0]]++; perField[ref.Field[0]] == 1 {
			fields = append(fields, ref.Field[0])
		}
	}
	for _, field := range fields {
		checks.Count(perField[field], domain.MaxReferenceList, field)
	}
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
