package resolver

import (
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/graphql/schema"
)

// NewSchema parses schema.SDL with the planner's resolvers. It always keeps
// the SDL's "..." descriptions (clients rely on them); pass the transport's
// options too: transport.SchemaOptions(cfg, logger)...
func NewSchema(deps Deps, opts ...graphql.SchemaOpt) (*graphql.Schema, error) {
	if err := deps.Validate(); err != nil {
		return nil, err
	}
	deps.setDefaults()
	opts = append([]graphql.SchemaOpt{graphql.UseStringDescriptions()}, opts...)
	return graphql.ParseSchema(schema.SDL, &Root{deps: deps}, opts...)
}
