// Package schema owns the GraphQL schema the planner serves: SDL, the SDL
// text in schema.graphql followed by discussions.graphql (discussions and
// the activity feed, which extend schema.graphql's types with extend
// type / enum / union from a file of their own), embedded so that the
// binary and the tests parse the very same text.
//
// The served schema must stay a compatible superset of the public contract
// (../shared/contract/api.graphql in the workspace, pinned here as
// testdata/contract.graphql): every type, field, argument, input field and
// enum value of the contract exists with the same type. schema_test.go
// checks that on every test run against the pinned copy, so a clone needs
// nothing outside the repository; where the workspace contract is present
// (or PLANNER_CONTRACT names one) it also checks the pinned copy is current.
// Additions are fine, changes and removals are not. Descriptions are behaviour clients rely on, so the schema must be
// parsed with graphql.UseStringDescriptions (resolver.NewSchema does).
package schema
