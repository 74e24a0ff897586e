// Package domain is the shared kernel of the planner: the vocabulary every
// aggregate speaks and nothing else.
//
// It owns actors and roles, error codes and validation errors, the event
// and command contracts, the registry that maps stored event names to Go
// types, and Doc, the keyed tree over which field-level changes (diffs,
// blame, conflict detection) are computed.
//
// It imports the standard library and uuid only: no storage, transport or
// logging. A test in this package enforces that.
package domain
