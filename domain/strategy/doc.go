// Package strategy is the Strategy aggregate: a joint ten-year development
// strategy of several locations, written by partner organisations and
// adopted after review.
//
// It owns the strategy's state (Strategy, with its Content: sections,
// priorities, objectives, measures, milestones and indicators), the events
// that record every change, one command per strategy mutation of the public
// contract, and the figures derived from the state (Readiness, Progress,
// Indicator.OnTrack). Storage, authorization and transport live elsewhere.
//
// Rules the commands enforce:
//
//   - A strategy covers ten years: endYear = startYear + 9. Measure years,
//     indicator target and actual years lie within them; a baseline may lie
//     before them. Moving the start year must keep all of these inside.
//   - A strategy has one or more locations and partners, without duplicates.
//     A measure's locations are strategy locations and its lead partner is a
//     strategy partner, so neither can be removed while a measure uses it.
//   - Content is edited in DRAFT and IN_REVIEW only (ErrNotEditable).
//     Progress (measure status, milestones done, indicator actuals) is
//     monitoring, recorded in every state but ARCHIVED, also ADOPTED; it
//     leaves ContentRevision, the adoption and the approvals as they are
//     (monitoring.go).
//   - DRAFT -> IN_REVIEW -> ADOPTED. A review names the contentRevision it
//     read and must be of the current one (else a revision conflict);
//     CHANGES_REQUESTED returns the strategy to DRAFT. Adoption needs
//     approvals of the current content from reviewers of two partner
//     organisations in two countries, and names the version
//     "adopted-<revision>". Reopen: ADOPTED -> DRAFT; archive from any other
//     state, for good.
//   - Restore brings back the content of an earlier revision whole; named
//     versions are unique per strategy.
//   - Every input is bounded (domain/validation.go) and every refusal names
//     the input field as the GraphQL input does, e.g. ["targets","2","year"].
//
// Items are identified by keys unique in the whole document; clients may
// choose a new item's key, but never one any item ever had (keys.go): a
// restore brings removed items back under their own keys. Document renders the state with the contract's
// paths, e.g. /priorities/{key}/objectives/{key}/measures/{key}/status.
//
// Revisions: Apply takes the revision of the command that recorded an
// event. Workflow, review and version events (domain.WorkflowEvent) and
// monitoring events leave ContentRevision as it is, which is what reviews
// approve.
package strategy
