package read

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"strconv"

	"github.com/creativeclusters/planner/graphql/resolver/graph"
	"github.com/creativeclusters/planner/integrity"
)

// Integrity serves the latest signed checkpoint and the last verification
// (docs/integrity.md) to those who may read the audit log.
func (r *Queries) Integrity(ctx context.Context) (*IntegrityStatusResolver, error) {
	actor, err := graph.Viewer(ctx)
	if err != nil {
		return nil, err
	}
	if err := graph.RequireAuditReader(actor); err != nil {
		return nil, err
	}
	cp, err := integrity.Latest(ctx, r.Deps.Pool)
	if err != nil {
		return nil, graph.Fail(err)
	}
	v, err := integrity.LastVerification(ctx, r.Deps.Pool)
	if err != nil {
		return nil, graph.Fail(err)
	}
	return &IntegrityStatusResolver{cp: cp, v: v}, nil
}

// IntegrityStatusResolver renders the integrity query's answer.
type IntegrityStatusResolver struct {
	cp *integrity.Checkpoint
	v  *integrity.Verification
}

func (s *IntegrityStatusResolver) LatestCheckpoint() *IntegrityCheckpointResolver {
	if s.cp == nil {
		return nil
	}
	return &IntegrityCheckpointResolver{s.cp}
}

func (s *IntegrityStatusResolver) LastVerification() *IntegrityVerificationResolver {
	if s.v == nil {
		return nil
	}
	return &IntegrityVerificationResolver{s.v}
}

// IntegrityCheckpointResolver renders a checkpoint: hashes in hex, key
// and signature in base64, as the CLI prints them.
type IntegrityCheckpointResolver struct{ c *integrity.Checkpoint }

func (c *IntegrityCheckpointResolver) Seq() int32         { return int32(c.c.Seq) }
func (c *IntegrityCheckpointResolver) At() graph.DateTime { return graph.NewDateTime(c.c.CreatedAt) }
func (c *IntegrityCheckpointResolver) Position() string   { return strconv.FormatInt(c.c.Position, 10) }
func (c *IntegrityCheckpointResolver) Streams() int32     { return int32(c.c.Streams) }
func (c *IntegrityCheckpointResolver) Events() string     { return strconv.FormatInt(c.c.Events, 10) }
func (c *IntegrityCheckpointResolver) Root() string       { return hex.EncodeToString(c.c.Root) }
func (c *IntegrityCheckpointResolver) Hash() string       { return hex.EncodeToString(c.c.Hash) }
func (c *IntegrityCheckpointResolver) PreviousHash() string {
	return hex.EncodeToString(c.c.PrevHash)
}
func (c *IntegrityCheckpointResolver) PublicKey() string {
	return base64.StdEncoding.EncodeToString(c.c.PublicKey)
}
func (c *IntegrityCheckpointResolver) Signature() string {
	return base64.StdEncoding.EncodeToString(c.c.Signature)
}

// IntegrityVerificationResolver renders a recorded verification.
type IntegrityVerificationResolver struct{ v *integrity.Verification }

func (v *IntegrityVerificationResolver) StartedAt() graph.DateTime {
	return graph.NewDateTime(v.v.StartedAt)
}
func (v *IntegrityVerificationResolver) FinishedAt() graph.DateTime {
	return graph.NewDateTime(v.v.FinishedAt)
}
func (v *IntegrityVerificationResolver) Ok() bool           { return v.v.OK }
func (v *IntegrityVerificationResolver) Events() string     { return strconv.FormatInt(v.v.Events, 10) }
func (v *IntegrityVerificationResolver) Streams() int32     { return int32(v.v.Streams) }
func (v *IntegrityVerificationResolver) Checkpoints() int32 { return int32(v.v.Checkpoints) }
func (v *IntegrityVerificationResolver) Problems() int32    { return int32(v.v.Problems) }
func (v *IntegrityVerificationResolver) FirstProblem() *string {
	return graph.Optional(v.v.FirstProblem)
}
