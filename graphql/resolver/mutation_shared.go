package resolver

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
)

// What every mutation shares, the document mutations' and the discussions': the input
// fields, the request made from them and the payload fields besides the subject.

// MutationInput holds the input fields every mutation shares. Mutation
// input structs embed it (graphql-go finds promoted fields by name).
type MutationInput struct {
	ClientMutationID *string
	CommandID        *graphql.ID
	Reason           *string
}

// EditInput adds expectedRevision, which inputs acting on an existing
// subject have.
type EditInput struct {
	MutationInput
	ExpectedRevision *int32
}

// request turns the shared input fields into an app.Request. The actor
// always comes from authentication, never from the input. ids collects the
// mutation's malformed ids; they are reported together, after
// authentication (an anonymous caller learns nothing about its input).
func (r *Root) request(ctx context.Context, ids *inputIDs, in EditInput) (app.Request, error) {
	actor, err := viewer(ctx)
	if err != nil {
		return app.Request{}, err
	}
	commandID := ids.commandID(in.CommandID)
	if err := ids.err(); err != nil {
		return app.Request{}, fail(err)
	}
	req := app.Request{
		Actor:         actor,
		CommandID:     commandID,
		Reason:        deref(in.Reason),
		CorrelationID: correlationID(ctx),
	}
	if in.ExpectedRevision != nil {
		req.ExpectedRevision = new(int(*in.ExpectedRevision))
	}
	return req, nil
}

// payload holds what every mutation payload serves besides its subject.
type payload struct {
	root             *Root
	clientMutationID *string
	subjectType      domain.SubjectType
	subjectID        uuid.UUID
	revision         int
	position         int64
	merged           bool
	replayed         bool
}

func newPayload[S domain.Aggregate](r *Root, in MutationInput, t domain.SubjectType, res app.Result[S]) payload {
	return payload{
		root: r, clientMutationID: in.ClientMutationID, subjectType: t, subjectID: res.SubjectID,
		revision: res.Revision, position: res.Position, merged: res.Merged, replayed: res.Replayed,
	}
}

func (p payload) ClientMutationID() *string { return p.clientMutationID }

// Position is the global log position of the revision's last event, as a
// decimal string (JSON numbers lose precision beyond 2^53).
func (p payload) Position() string { return fmt.Sprint(p.position) }
func (p payload) Merged() bool     { return p.merged }
func (p payload) Replayed() bool   { return p.replayed }

// Revision is the revision this mutation made (or, replayed, made before),
// read from the event store so that it is there at once.
//
// The command is committed when this runs: an error here must not read
// like a refusal, or the client would give up on a change that was made.
func (p payload) Revision(ctx context.Context) (*RevisionResolver, error) {
	rev, err := p.root.revisionNode(ctx, p.subjectType, p.subjectID, p.revision)
	if err != nil {
		return nil, fail(answerLost(p.revision, err))
	}
	return rev, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
