package eventstore

import (
	"encoding/json"
	"fmt"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// Metadata is stored with every event of a revision as real columns, so
// that the audit log can filter and index it.
type Metadata struct {
	ActorID             uuid.UUID `json:"actorId"`
	ActorOrganisationID uuid.UUID `json:"actorOrganisationId,omitzero"`
	CommandID           uuid.UUID `json:"commandId"`
	CorrelationID       uuid.UUID `json:"correlationId,omitzero"`
	CausationID         uuid.UUID `json:"causationId,omitzero"`
	// Action is the mutation's name, e.g. "updateSection".
	Action     string    `json:"action"`
	Reason     string    `json:"reason,omitempty"`
	RecordedAt time.Time `json:"recordedAt"`
}

// Record is one stored event.
type Record struct {
	Position      int64           `json:"position"`
	EventID       uuid.UUID       `json:"eventId"`
	Version       int             `json:"version"`
	Type          string          `json:"type"`
	SchemaVersion int             `json:"schemaVersion"`
	Data          json.RawMessage `json:"data"`
	// Hash is the stream's chain hash up to this event (chain.go). The
	// outbox payload is written before the server computes it and so
	// carries none; Append's result and rows read back have it.
	Hash []byte `json:"-"`
}

// Revision is what one accepted command recorded on one stream: its events
// and their shared metadata. It is also the payload of the outbox message,
// so projections see a command's events together.
type Revision struct {
	StreamType domain.SubjectType `json:"streamType"`
	StreamID   uuid.UUID          `json:"streamId"`
	Revision   int                `json:"revision"`
	Metadata
	Events []Record `json:"events"`
	// Digest is what the read side needs about the revision, computed by
	// the command path (domain.NewDigest). It travels in the outbox
	// message only; revisions read back from the events table have none,
	// and projections derive it themselves then.
	Digest *domain.Digest `json:"digest,omitempty"`
}

// Position is the global position of the revision's last event.
func (r Revision) Position() int64 {
	if len(r.Events) == 0 {
		return 0
	}
	return r.Events[len(r.Events)-1].Position
}

// DecodeRevision parses an outbox message payload.
func DecodeRevision(payload []byte) (Revision, error) {
	var r Revision
	if err := json.Unmarshal(payload, &r); err != nil {
		return Revision{}, fmt.Errorf("decode revision message: %w", err)
	}
	if r.StreamID == uuid.Nil || r.Revision < 1 || len(r.Events) == 0 {
		return Revision{}, fmt.Errorf("decode revision message: incomplete payload")
	}
	return r, nil
}
