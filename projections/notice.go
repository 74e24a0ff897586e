package projections

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
)

// NotifyChannel is the PostgreSQL channel projections notify on. A
// notification is sent in the transaction that applies a revision, so it
// is delivered exactly when the read model holds it (at commit).
const NotifyChannel = "planner_projections"

// NoticeKind tells what a Notice reports.
type NoticeKind string

const (
	// Applied: Projection applied Revision of StreamID (at Position).
	Applied NoticeKind = "applied"
	// Rebuilt: Projection's tables were swapped for a rebuild; any
	// revision may now be in them without an Applied notice.
	Rebuilt NoticeKind = "rebuilt"
	// Resync: the Feed reconnected and may have missed notices; re-read
	// what you are waiting for.
	Resync NoticeKind = "resync"
)

// Notice is one event of the Feed.
type Notice struct {
	Kind       NoticeKind
	Projection string
	StreamID   uuid.UUID
	Revision   int
	Position   int64
}

func (n Notice) encode() string {
	return fmt.Sprintf("%s %s %s %d %d", n.Kind, n.Projection, n.StreamID, n.Revision, n.Position)
}

func decodeNotice(payload string) (Notice, error) {
	f := strings.Fields(payload)
	if len(f) != 5 {
		return Notice{}, fmt.Errorf("notice %q: want 5 fields", payload)
	}
	n := Notice{Kind: NoticeKind(f[0]), Projection: f[1]}
	var err error
	if n.StreamID, err = uuid.Parse(f[2]); err != nil {
		return Notice{}, fmt.Errorf("notice %q: %w", payload, err)
	}
	if n.Revision, err = strconv.Atoi(f[3]); err != nil {
		return Notice{}, fmt.Errorf("notice %q: %w", payload, err)
	}
	if n.Position, err = strconv.ParseInt(f[4], 10, 64); err != nil {
		return Notice{}, fmt.Errorf("notice %q: %w", payload, err)
	}
	return n, nil
}
