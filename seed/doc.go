// Package seed loads the demo data: the Creative Clusters partner network
// from the document the project started from (organisations, locations,
// contact persons, the lead partner), a demo ten-year strategy and both
// cooperation concepts. Everything is issued as commands, so the demo has a
// real history.
//
// Every command carries a command id derived from its step name, so
// running the seeder again replays each step and appends nothing.
package seed
