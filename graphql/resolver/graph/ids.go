package graph

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
)

// IDs are opaque to clients but simple on purpose, so that logs and the
// event store read alike:
//
//	subject (strategy, concept, organisation, location)   <uuid>
//	actor                                                 <uuid>
//	Revision                                              <subjectUUID>:rev:<n>
//	StrategySnapshot, CooperationConceptSnapshot          <subjectUUID>:snap:<n>
//	Review                                                <strategyUUID>:review:<reviewUUID>
//
// Subjects and actors share the bare UUID form: stream ids and user ids
// are random UUIDs that never collide, and node(id) tells them apart by
// looking the id up (a stream first, else a user).
const (
	revisionSeparator = ":rev:"
	snapshotSeparator = ":snap:"
	reviewSeparator   = ":review:"
)

func SubjectID(id uuid.UUID) graphql.ID { return graphql.ID(id.String()) }

func actorID(id uuid.UUID) graphql.ID { return graphql.ID(id.String()) }

func revisionID(subject uuid.UUID, number int) graphql.ID {
	return graphql.ID(subject.String() + revisionSeparator + strconv.Itoa(number))
}

func snapshotID(subject uuid.UUID, number int) graphql.ID {
	return graphql.ID(subject.String() + snapshotSeparator + strconv.Itoa(number))
}

func reviewID(strategyID, review uuid.UUID) graphql.ID {
	return graphql.ID(strategyID.String() + reviewSeparator + review.String())
}

func ItemKey(key uuid.UUID) graphql.ID { return graphql.ID(key.String()) }

// nodeKind tells what an id names.
type nodeKind int

const (
	// nodeBare is a bare UUID: a subject of any type, or an actor.
	nodeBare nodeKind = iota + 1
	nodeRevision
	// nodeSnapshot is a StrategySnapshot or a CooperationConceptSnapshot,
	// depending on the subject's type.
	nodeSnapshot
	nodeReview
)

// nodeID is a parsed id of a Node.
type nodeID struct {
	Kind nodeKind
	// Subject is the subject (or actor, for nodeBare; the strategy, for
	// nodeReview).
	Subject uuid.UUID
	// Number is the revision of nodeRevision and nodeSnapshot.
	Number int
	// Review is the review's own id, for nodeReview.
	Review uuid.UUID
}

// parseNodeID parses any id this package makes; ok is false for anything
// else, which node(id) answers with null.
func parseNodeID(id graphql.ID) (n nodeID, ok bool) {
	s := string(id)
	for _, form := range []struct {
		sep  string
		kind nodeKind
	}{{revisionSeparator, nodeRevision}, {snapshotSeparator, nodeSnapshot}, {reviewSeparator, nodeReview}} {
		head, tail, found := strings.Cut(s, form.sep)
		if !found {
			continue
		}
		subject, err := ParseUUID(head)
		if err != nil {
			return nodeID{}, false
		}
		n = nodeID{Kind: form.kind, Subject: subject}
		if form.kind == nodeReview {
			n.Review, err = ParseUUID(tail)
			return n, err == nil
		}
		n.Number, ok = parseRevisionNumber(tail)
		return n, ok
	}
	subject, err := ParseUUID(s)
	if err != nil {
		return nodeID{}, false
	}
	return nodeID{Kind: nodeBare, Subject: subject}, true
}

// ParseUUID accepts only the canonical form this package writes, so that
// one subject has one id (uuid.Parse would also take braces and URNs).
func ParseUUID(s string) (uuid.UUID, error) {
	if len(s) != 36 {
		return uuid.Nil, fmt.Errorf("not a canonical UUID")
	}
	id, err := uuid.Parse(s)
	if err != nil || id.String() != strings.ToLower(s) {
		return uuid.Nil, fmt.Errorf("not a canonical UUID")
	}
	return id, nil
}

// parseRevisionNumber accepts a decimal revision number from 1, without
// sign or leading zeros.
func parseRevisionNumber(s string) (int, bool) {
	n, err := strconv.Atoi(s)
	if err != nil || n < 1 || strconv.Itoa(n) != s {
		return 0, false
	}
	return n, true
}

// InputIDs parses the ids of one mutation input, collecting every malformed
// one, so that a client learns about all of them at once.
type InputIDs struct {
	checks domain.Checks
}

// ID parses a required id; path names the input field without "input".
func (p *InputIDs) ID(raw graphql.ID, path ...string) uuid.UUID {
	id, err := ParseUUID(string(raw))
	if err != nil || id == uuid.Nil {
		p.checks.Fail("must be an id", path...)
		return uuid.Nil
	}
	return id
}

// Optional parses an id that may be omitted (nil).
func (p *InputIDs) Optional(raw *graphql.ID, path ...string) *uuid.UUID {
	if raw == nil {
		return nil
	}
	id := p.ID(*raw, path...)
	return &id
}

// List parses a list of ids; each bad entry is named by its index.
func (p *InputIDs) List(raw []graphql.ID, field string) []uuid.UUID {
	out := make([]uuid.UUID, len(raw))
	for i, r := range raw {
		out[i] = p.ID(r, field, domain.Index(i))
	}
	return out
}

// Nullable parses an update field that tells omitted from null.
func (p *InputIDs) Nullable(raw graphql.NullID, path ...string) domain.Optional[uuid.UUID] {
	switch {
	case !raw.Set:
		return domain.Optional[uuid.UUID]{}
	case raw.Value == nil:
		return domain.Null[uuid.UUID]()
	}
	return domain.Some(p.ID(*raw.Value, path...))
}

// NullableList parses an update list that tells omitted from null.
func (p *InputIDs) NullableList(raw NullIDList, field string) domain.Optional[[]uuid.UUID] {
	switch {
	case !raw.Set:
		return domain.Optional[[]uuid.UUID]{}
	case raw.Null:
		return domain.Null[[]uuid.UUID]()
	}
	return domain.Some(p.List(raw.Value, field))
}

// commandID parses the idempotency key; omitted lets the service make one.
func (p *InputIDs) commandID(raw *graphql.ID) uuid.UUID {
	if raw == nil {
		return uuid.Nil
	}
	return p.ID(*raw, "commandId")
}

func (p *InputIDs) Err() error { return p.checks.Err() }

// Position parses an optional log position input.
func (p *InputIDs) Position(raw *string, path ...string) int64 {
	return ParsePosition(raw, &p.checks, path...)
}
