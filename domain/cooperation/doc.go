// Package cooperation owns the CooperationConcept aggregate (Concept): a
// cross-border cooperation concept that partners specify, test in pilots,
// evaluate and then adopt or discontinue.
//
//	DRAFT -> SPECIFIED -> PILOTING -> EVALUATED -> ADOPTED
//	  ^                        |
//	  +-- evaluated: REVISE ---+
//
// Evaluation (ADOPT or DISCONTINUE) moves PILOTING to EVALUATED, REVISE
// back to DRAFT; only ADOPT allows adoption. Any status but ADOPTED and
// DISCONTINUED may be discontinued; both are final.
//
// A concept's content (title, summary, target groups, partners, strategy,
// pilots) lives in one Content value, so that restoring an earlier revision
// replaces it whole; status, evaluations and named versions are not
// content, and their events are domain.WorkflowEvents. Content is editable
// in DRAFT, SPECIFIED and PILOTING. Starting the first pilot moves a
// SPECIFIED concept to PILOTING.
//
// Commands carry their mutation's input fields except the concept's id
// (conceptId, subjectId): the application loads the concept by it and hands
// Decide the state, the zero value for a stream without events, which Decide
// reports as NOT_FOUND. A new concept's id is the first id Context.NewID
// returns. RestoreCooperationConceptRevision also carries the content at the
// revision to restore, which the application loads from the history.
//
// Document paths: /kind, /title, /summary, /targetGroups (one array field),
// /status, /strategyId; /partners/{organisationId} (items without fields);
// /pilots/{key}/locationId|startDate|endDate|participants|status|outcome|lessons;
// /evaluations/{n}/recommendation|findings with n = 1, 2, ... oldest first;
// /versions/{name}/revision|note.
//
// A pilot's key names one pilot for the concept's whole life: a pilot a
// restore removed keeps its key (Concept.RetiredKeys), which PlanPilot
// refuses for a new pilot; restoring a revision with it brings it back.
package cooperation
