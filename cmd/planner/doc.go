// Command planner is the strategy planning service and its operator tools.
//
//	planner migrate                  apply database migrations
//	planner seed                     load the partner network and demo documents (idempotent)
//	planner serve [--addr A]         serve the GraphQL API, projections included
//	planner projections status       position, lag and state of every projection
//	planner projections rebuild [N]  rebuild one projection (or all) from the event log
//	planner user add|revoke|list|erase   manage users and their bearer tokens
//	planner demo-tokens              print a ready-to-use token per role (demo users)
//
// Configuration comes from the environment only here; see config.go.
package main
