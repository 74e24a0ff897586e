// Package testkit is shared by the projections' tests: a small test
// aggregate (Note) covering lists, workflow-like status and erasable
// personal data, an executor for the real aggregates, a runner started
// for a test, and helpers that wait on conditions and dump read models.
package testkit
