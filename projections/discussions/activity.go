package discussions

import (
	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/projections/internal/subject"
)

// The kinds of activity the feed reports.
const (
	KindRevision    = "REVISION"
	KindAdoption    = "ADOPTION"
	KindPilotResult = "PILOT_RESULT"
	KindDiscussion  = "DISCUSSION"
)

// kindOf tells what a document revision means to someone following the
// network; "" for subjects the feed leaves out (reference data).
func kindOf(rev eventstore.Revision) string {
	switch rev.StreamType {
	case domain.SubjectStrategy, domain.SubjectCooperationConcept:
	case domain.SubjectDiscussionThread:
		return KindDiscussion
	default:
		return ""
	}
	switch rev.Action {
	case "adoptStrategy", "adoptCooperationConcept":
		return KindAdoption
	case "completePilot", "evaluateCooperationConcept":
		return KindPilotResult
	}
	return KindRevision
}

var activityColumns = []string{"position", "stream_id", "stream_type", "revision", "kind", "action", "document_id",
	"document_type", "thread_id", "actor_id", "actor_organisation_id", "at"}

// activityRow is the feed's row for a revision of a document (thread nil)
// or of a thread about document.
func activityRow(rev eventstore.Revision, kind string, docType domain.SubjectType, document uuid.UUID, thread *uuid.UUID) []any {
	var org *uuid.UUID
	if rev.ActorOrganisationID != uuid.Nil {
		org = new(rev.ActorOrganisationID)
	}
	return []any{rev.Position(), rev.StreamID, string(rev.StreamType), rev.Revision, kind, rev.Action, document,
		string(docType), thread, rev.ActorID, org, rev.RecordedAt}
}

var documentColumns = []string{"document_id", "document_type", "title", "partner_ids", "location_ids", "revision"}

// documentRow keeps what the feed filters and shows about a document.
func documentRow(rev eventstore.Revision, doc domain.Doc) []any {
	cols := subject.Of(doc)
	return []any{rev.StreamID, string(rev.StreamType), cols.Title, cols.PartnerIDs, cols.LocationIDs, rev.Revision}
}
