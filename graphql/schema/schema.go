package schema

import _ "embed"

// The served SDL is the contract's superset in schema.graphql plus the
// discussions and activity of discussions.graphql, which extends its
// types (extend type / enum / union) from a file of its own.
var (
	//go:embed schema.graphql
	base string
	//go:embed discussions.graphql
	discussions string
)

// SDL is the schema the planner serves, parsed by resolver.NewSchema.
var SDL = base + "\n" + discussions
