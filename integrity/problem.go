package integrity

import (
	"fmt"

	"github.com/google/uuid"
)

// Kind says what a mismatch looks like.
type Kind string

// The kinds of tampering verify tells apart.
const (
	// Altered: a row's content, metadata or hash is not what its chain
	// (or a checkpoint) recorded.
	Altered Kind = "altered"
	// Missing: a version of a stream, or a whole stream, is gone.
	Missing Kind = "missing"
	// Inserted: a row that is not part of its stream's chain.
	Inserted Kind = "inserted"
	// Reordered: rows of a stream whose versions were exchanged.
	Reordered Kind = "reordered"
	// Truncated: a stream ends before the head a checkpoint recorded.
	Truncated Kind = "truncated"
	// ForgedCheckpoint: a checkpoint whose signature, chain or root does
	// not hold.
	ForgedCheckpoint Kind = "forged checkpoint"
)

// Problem is one mismatch. Position is 0 when the row does not exist
// (missing, truncated); Checkpoint is the checkpoint that revealed it, 0
// when the chain alone did.
type Problem struct {
	Kind       Kind      `json:"kind"`
	Position   int64     `json:"position,omitempty"`
	StreamID   uuid.UUID `json:"streamId,omitzero"`
	Version    int64     `json:"version,omitempty"`
	Checkpoint int64     `json:"checkpoint,omitempty"`
	Detail     string    `json:"detail"`
}

func (p Problem) String() string {
	s := string(p.Kind)
	if p.Position != 0 {
		s += fmt.Sprintf(" at position %d", p.Position)
	}
	if p.StreamID != uuid.Nil {
		s += fmt.Sprintf(", stream %s", p.StreamID)
	}
	if p.Version != 0 {
		s += fmt.Sprintf(" version %d", p.Version)
	}
	if p.Checkpoint != 0 {
		s += fmt.Sprintf(" (checkpoint %d)", p.Checkpoint)
	}
	return s + ": " + p.Detail
}

// Report is what a verification checked and found.
type Report struct {
	Events, Streams, Checkpoints int64
	// Uncovered counts the rows of an export no checkpoint covers yet
	// (VerifyExport): their hashes hold, but nothing signed vouches for them.
	Uncovered int64
	// SignaturesChecked is false when no public key was given: the
	// checkpoints' chain and roots were checked, not who signed them.
	SignaturesChecked bool
	// Problems in the order found: chain problems by position, then
	// checkpoint problems by checkpoint.
	Problems []Problem
}

// OK reports whether nothing was found.
func (r *Report) OK() bool { return len(r.Problems) == 0 }
