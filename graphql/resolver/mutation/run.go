package mutation

import (
	"context"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// create runs a command that starts a new subject.
func create[S domain.Aggregate](ctx context.Context, r *Mutations, kind eventstore.StreamKind[S], ids *graph.InputIDs, in graph.MutationInput, cmd domain.Command[S]) (app.Result[S], error) {
	req, err := r.Request(ctx, ids, graph.EditInput{MutationInput: in})
	if err != nil {
		return app.Result[S]{}, err
	}
	res, err := app.Execute(ctx, r.Deps.App, kind, uuid.Nil, cmd, req)
	return res, graph.Fail(err)
}

// edit runs a command on the existing subject id.
func edit[S domain.Aggregate](ctx context.Context, r *Mutations, kind eventstore.StreamKind[S], ids *graph.InputIDs, in graph.EditInput, id uuid.UUID, cmd domain.Command[S]) (app.Result[S], error) {
	return run(ctx, r, ids, in, func(req app.Request) (app.Result[S], error) {
		return app.Execute(ctx, r.Deps.App, kind, id, cmd, req)
	})
}

// run checks the request, then executes. A subject of another type is
// NOT_FOUND: loading it as kind refuses it (eventstore.Load).
func run[S domain.Aggregate](ctx context.Context, r *Mutations, ids *graph.InputIDs, in graph.EditInput, execute func(app.Request) (app.Result[S], error)) (app.Result[S], error) {
	req, err := r.Request(ctx, ids, in)
	if err != nil {
		return app.Result[S]{}, err
	}
	res, err := execute(req)
	return res, graph.Fail(err)
}
