// Package network owns the network's reference data: the Location and
// Organisation aggregates and an organisation's contact person. Only
// administrators change them (domain.AccessAdmin); every change is recorded
// and audited like any other command.
//
// # Personal data
//
// A contact person's name, email and phone are the only personal data of
// the planner. Events keep them in one nested object, "personal", next to
// "personId":
//
//	{"personId": "…", "personal": {"name": "…", "email": "…", "phone": "…"}}
//
// so that the event codec can encrypt exactly that object with a key per
// person and erase the person by deleting the key (crypto-shredding). A
// codec that can no longer decrypt it stores "personal": null and
// "redacted": true; Apply treats such an event as an erased contact, so
// every revision, diff and audit entry loses the data while the history
// stays. A person keeps one PersonID while they are the contact; after an
// erasure the next SetContactPerson starts a new one. Organisation
// implements domain.PersonalData: ErasedPaths names the personal fields of
// every erased person, so that history can mark them redacted.
//
// # Commands
//
// Commands carry their mutation's input fields except the subject's id: the
// application loads the subject by it and hands Decide the state (the zero
// value for a stream without events, which Decide reports as NOT_FOUND). A
// new location's or organisation's id is the first id Context.NewID returns.
//
// # Documents
//
// Location renders /name, /country, /region. Organisation renders /name,
// /role, /locationId, /address, /website and the contact person as a list
// "contact" of at most one item keyed by the PersonID:
//
//	/contact/{personId}/name, /contact/{personId}/email,
//	/contact/{personId}/phone, /contact/{personId}/erased
//
// Keying by person rather than flattening (/contactName) keeps paths
// readable, makes a new person an added item (and the old one a removed
// item) instead of field edits across people, and lets history redaction
// tell from a path whose personal data it shows. Optional values that are
// absent, and an erased person's name, email and phone, are null.
package network
