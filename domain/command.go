package domain

import (
	"time"

	"github.com/google/uuid"
)

// Aggregate is the state of one stream, evolved by its events.
type Aggregate interface {
	// Apply evolves the state by one event recorded in the given revision
	// (revisions count accepted commands from 1). It cannot fail: events
	// are facts that were validated when they were decided.
	Apply(e Event, revision int)
	// Document is the tree field-level changes are computed over.
	Document() Doc
}

// Access names the permission a command needs; the application checks it
// for the actor, in one place, before Decide runs.
type Access string

// The permissions commands ask for.
const (
	// AccessAdmin: network reference data (locations, organisations,
	// contact persons).
	AccessAdmin Access = "admin"
	// AccessCreate: creating a document that must include the actor's
	// organisation among its partners (PLANNER or ADMIN).
	AccessCreate Access = "create"
	// AccessEdit: content edits and workflow of a document whose partners
	// include the actor's organisation (PLANNER), or any (ADMIN).
	AccessEdit Access = "edit"
	// AccessReview: a REVIEWER's decision.
	AccessReview Access = "review"
	// AccessDiscuss: writing in a discussion of a document whose partners
	// include the actor's organisation (PLANNER or REVIEWER), or any
	// (ADMIN). The command carries the document's partners
	// (domain.Partnered), since the thread is not the document.
	AccessDiscuss Access = "discuss"
)

// Description tells the application how to run a command.
type Description struct {
	// Action is the mutation's name as the audit log reports it, e.g.
	// "updateSection".
	Action string
	Access Access
	// Workflow commands need the client's expected revision to match the
	// current one exactly; content edits may merge.
	Workflow bool
	// Creates is set on commands that start a new stream.
	Creates bool
}

// Context is what a decision may depend on besides the state and the
// command: who acts, when, and a source of new keys. Passing them in keeps
// Decide pure and testable without a clock.
type Context struct {
	Actor Actor
	Now   time.Time
	// NewID returns a fresh id for an item the client did not name.
	NewID func() uuid.UUID
}

// Command decides, from the current state of its subject, which events
// record it, or why it is refused. S is the aggregate's pointer type.
type Command[S Aggregate] interface {
	Describe() Description
	Decide(state S, c Context) ([]Event, error)
}

// SubjectType names the kinds of documents with a history.
type SubjectType string

// The subject types of the public contract.
const (
	SubjectStrategy           SubjectType = "STRATEGY"
	SubjectCooperationConcept SubjectType = "COOPERATION_CONCEPT"
	SubjectOrganisation       SubjectType = "ORGANISATION"
	SubjectLocation           SubjectType = "LOCATION"
	// SubjectDiscussionThread is a discussion about a document or one of
	// its items: a stream of its own (domain/discussion).
	SubjectDiscussionThread SubjectType = "DISCUSSION_THREAD"
)

// Noun is the word messages use for a subject of type t ("unknown
// organisation", "strategy not found").
func (t SubjectType) Noun() string {
	switch t {
	case SubjectStrategy:
		return "strategy"
	case SubjectCooperationConcept:
		return "cooperation concept"
	case SubjectOrganisation:
		return "organisation"
	case SubjectLocation:
		return "location"
	case SubjectDiscussionThread:
		return "discussion"
	}
	return "subject"
}

// Ref names another subject a command refers to, and the input field that
// named it, so that a missing one is reported on that field.
type Ref struct {
	Type  SubjectType
	ID    uuid.UUID
	Field []string
}

// Referencing is implemented by commands that name other subjects; the
// application checks that they exist before Decide runs.
type Referencing interface {
	References() []Ref
}

// Partnered is implemented by aggregates whose edits are limited to planners
// of their partner organisations.
type Partnered interface {
	HasPartner(organisation uuid.UUID) bool
}

// PersonalData is implemented by aggregates that hold personal data. Erased
// lists the paths (as in Doc) whose values were erased: every revision,
// diff, blame entry and audit entry must show them as redacted, forever.
type PersonalData interface {
	ErasedPaths() []string
}
