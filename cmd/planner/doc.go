// Command planner is the strategy planning service and its operator tools.
//
//	planner migrate                  apply database migrations
//	planner seed                     load the partner network and demo documents (idempotent)
//	planner serve [--addr A]         serve the GraphQL API, projections included
//	planner projections status       position, lag and state of every projection
//	planner projections rebuild [N]  rebuild one projection (or all) from the event log
//	planner user add|revoke|list|erase   manage users and their bearer tokens
//	planner orgs list                organisations: id, name, country
//	planner demo-tokens              print a ready-to-use token per role (demo users)
//
// Configuration comes from the environment only here (config.go), filled
// in from the .env file the make targets write (dotenv.go). Logs are text
// on a terminal and JSON elsewhere unless PLANNER_LOG_FORMAT says (log.go).
package main
