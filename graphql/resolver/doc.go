// Package resolver assembles the Go side of the planner's GraphQL schema
// (graphql/schema): Root embeds one resolver per area, whose methods
// graphql-go finds as the Query, Mutation and Subscription fields, and
// New / NewSchema build it from Deps.
//
// The areas, each a package of its own:
//
//	graph       the object graph and what the areas share (Deps, ids,
//	            scalars, loaders, connections, errors)
//	read        Query fields over documents, node, viewer, dashboard,
//	            system status, integrity
//	mutation    Mutation fields over documents, their inputs and payloads
//	history     the audit log and the revision subscriptions
//	discussion  discussions: queries, mutations, live subscriptions
//	public      the public view (the only fields without a token)
//	follow      the one follow loop every subscription runs
//
// Two areas must not define the same root field: Root would promote
// neither, and NewSchema fails with a missing method.
package resolver
