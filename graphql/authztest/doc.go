// Package authztest is the acceptance test of who may run which mutation
// (issue #5): every mutation of the public contract against every kind of
// caller (no token, a revoked token, VIEWER, REVIEWER, a PLANNER of a
// non-partner organisation, a PLANNER of a partner organisation, ADMIN),
// through the real HTTP handler, with real users and tokens, on a seeded
// database. A rejected mutation must leave the events table unchanged.
//
// The package holds tests only.
package authztest
