package resolver

import (
	"net/http"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/graphql/resolver/discussion"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
	"github.com/creativeclusters/planner/graphql/resolver/history"
	"github.com/creativeclusters/planner/graphql/resolver/mutation"
	"github.com/creativeclusters/planner/graphql/resolver/public"
	"github.com/creativeclusters/planner/graphql/resolver/read"
	"github.com/creativeclusters/planner/graphql/schema"
)

// Deps is what the resolvers need (graph.Deps).
type Deps = graph.Deps

// CorrelationHeader is the request header a client or gateway names a
// correlation id with; every revision of the request records it.
const CorrelationHeader = graph.CorrelationHeader

// PublicQueryFields are the root fields a request without a token may
// select (transport.Config.AnonymousQueryFields).
var PublicQueryFields = public.QueryFields

// Root resolves the Query, Mutation and Subscription root types: graphql-go
// finds each root field among the methods the embedded areas promote. Two
// areas defining the same field would hide it from both, which NewSchema
// reports as a missing method.
type Root struct {
	*read.Queries
	*mutation.Mutations
	*history.Revisions
	*discussion.Threads
	*public.View
}

// New returns the root resolver over deps.
func New(deps Deps) (*Root, error) {
	shared, err := graph.New(deps)
	if err != nil {
		return nil, err
	}
	return &Root{
		Queries:   &read.Queries{Resolver: shared},
		Mutations: &mutation.Mutations{Resolver: shared},
		Revisions: &history.Revisions{Resolver: shared},
		Threads:   &discussion.Threads{Resolver: shared},
		View:      &public.View{Resolver: shared},
	}, nil
}

// NewSchema parses schema.SDL with the planner's resolvers. It always keeps
// the SDL's "..." descriptions (clients rely on them); pass the transport's
// options too: transport.SchemaOptions(cfg, logger)...
func NewSchema(deps Deps, opts ...graphql.SchemaOpt) (*graphql.Schema, error) {
	root, err := New(deps)
	if err != nil {
		return nil, err
	}
	opts = append([]graphql.SchemaOpt{graphql.UseStringDescriptions()}, opts...)
	return graphql.ParseSchema(schema.SDL, root, opts...)
}

// Middleware prepares each HTTP request for the resolvers: per-request
// loaders and a correlation id (graph.Middleware).
func Middleware(deps Deps, next http.Handler) http.Handler {
	return graph.Middleware(deps, next)
}
