package graph

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

// Request turns the shared input fields into an app.Request. The actor
// always comes from authentication, never from the input. ids collects the
// mutation's malformed ids; they are reported together, after
// authentication (an anonymous caller learns nothing about its input).
func (r *Resolver) Request(ctx context.Context, ids *InputIDs, in EditInput) (app.Request, error) {
	actor, err := Viewer(ctx)
	if err != nil {
		return app.Request{}, err
	}
	commandID := ids.commandID(in.CommandID)
	if err := ids.Err(); err != nil {
		return app.Request{}, Fail(err)
	}
	req := app.Request{
		Actor:         actor,
		CommandID:     commandID,
		Reason:        Deref(in.Reason),
		CorrelationID: correlationID(ctx),
	}
	if in.ExpectedRevision != nil {
		req.ExpectedRevision = new(int(*in.ExpectedRevision))
	}
	return req, nil
}

// Payload holds what every mutation payload serves besides its subject.
type Payload struct {
	root             *Resolver
	clientMutationID *string
	subjectType      domain.SubjectType
	subjectID        uuid.UUID
	revision         int
	position         int64
	merged           bool
	replayed         bool
}

func NewPayload[S domain.Aggregate](r *Resolver, in MutationInput, t domain.SubjectType, res app.Result[S]) Payload {
	return Payload{
		root: r, clientMutationID: in.ClientMutationID, subjectType: t, subjectID: res.SubjectID,
		revision: res.Revision, position: res.Position, merged: res.Merged, replayed: res.Replayed,
	}
}

func (p Payload) ClientMutationID() *string { return p.clientMutationID }

// Position is the global log position of the revision's last event, as a
// decimal string (JSON numbers lose precision beyond 2^53).
func (p Payload) Position() string { return fmt.Sprint(p.position) }
func (p Payload) Merged() bool     { return p.merged }
func (p Payload) Replayed() bool   { return p.replayed }

// Revision is the revision this mutation made (or, replayed, made before),
// read from the event store so that it is there at once.
//
// The command is committed when this runs: an error here must not read
// like a refusal, or the client would give up on a change that was made.
func (p Payload) Revision(ctx context.Context) (*RevisionResolver, error) {
	rev, err := p.root.revisionNode(ctx, p.subjectType, p.subjectID, p.revision)
	if err != nil {
		return nil, Fail(answerLost(p.revision, err))
	}
	return rev, nil
}

func Deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
