package schema

import _ "embed"

// SDL is the schema the planner serves, parsed by resolver.NewSchema.
//
//go:embed schema.graphql
var SDL string
