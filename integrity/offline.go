package integrity

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/eventstore"
)

// VerifyExport checks a JSON Lines audit export without the database, as
// an outside auditor does: the checkpoint's signature (with key, when
// given) and its root over the heads it lists; every event's hash from its
// own fields and its previous hash; that the events and links chain from
// each exported row to its stream's checkpointed head; and, when the
// export is signed, every byte of it. Report.Events counts the exported
// events, Report.Uncovered those no checkpoint covers yet.
func VerifyExport(r io.Reader, key ed25519.PublicKey) (*Report, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("read export: %w", err)
	}
	report := &Report{SignaturesChecked: key != nil}
	problem := func(p Problem) { report.Problems = append(report.Problems, p) }
	var (
		cp      *Checkpoint
		heads   = Heads{}
		events  []exportEvent
		entries = map[streamVersion]chainEntry{}
		offset  int
	)
	for n := 1; offset < len(data); n++ {
		end := bytes.IndexByte(data[offset:], '\n')
		if end < 0 {
			end = len(data) - offset
		}
		line := data[offset : offset+end]
		start := offset
		offset += end + 1
		var kind struct {
			Type string `json:"type"`
		}
		if err := json.Unmarshal(line, &kind); err != nil {
			problem(Problem{Kind: Altered, Detail: fmt.Sprintf("line %d is not JSON: %v", n, err)})
			continue
		}
		switch kind.Type {
		case "export":
			var h exportHeader
			if err := json.Unmarshal(line, &h); err != nil || h.Format != ExportFormat || n != 1 {
				problem(Problem{Kind: Altered, Detail: fmt.Sprintf("line %d: not a %s header", n, ExportFormat)})
			}
		case "checkpoint":
			var c exportCheckpoint
			if err := json.Unmarshal(line, &c); err != nil {
				problem(Problem{Kind: ForgedCheckpoint, Detail: fmt.Sprintf("line %d: %v", n, err)})
				continue
			}
			cp = &Checkpoint{Seq: c.Seq, CreatedAt: time.UnixMicro(c.CreatedAt), Position: c.Position, Streams: c.Streams,
				Events: c.Events, Root: unhex(c.Root), PrevHash: unhex(c.PrevHash), Hash: unhex(c.Hash), PublicKey: c.PublicKey,
				Signature: c.Signature}
			for _, h := range c.Heads {
				heads[h.StreamID] = Head{StreamID: h.StreamID, Version: h.Version, Hash: unhex(h.Hash)}
			}
			report.Checkpoints++
		case "event":
			var e exportEvent
			if err := json.Unmarshal(line, &e); err != nil {
				problem(Problem{Kind: Altered, Detail: fmt.Sprintf("line %d: %v", n, err)})
				continue
			}
			events = append(events, e)
			entries[streamVersion{e.StreamID, e.Version}] = chainEntry{hash: unhex(e.Hash), prev: unhex(e.PrevHash), event: true}
		case "link":
			var l exportLink
			if err := json.Unmarshal(line, &l); err != nil {
				problem(Problem{Kind: Altered, Detail: fmt.Sprintf("line %d: %v", n, err)})
				continue
			}
			entries[streamVersion{l.StreamID, l.Version}] = chainEntry{hash: unhex(l.Hash), header: unhex(l.HeaderDigest), data: unhex(l.DataDigest)}
		case "signature":
			var t exportTrailer
			sum := sha256.Sum256(data[:start])
			switch {
			case json.Unmarshal(line, &t) != nil || offset < len(data):
				problem(Problem{Kind: Altered, Detail: fmt.Sprintf("line %d: a signature that is not the last line", n)})
			case hex.EncodeToString(sum[:]) != t.SHA256:
				problem(Problem{Kind: Altered, Detail: "the file's bytes are not the ones signed"})
			case key != nil && !bytes.Equal(key, t.PublicKey):
				problem(Problem{Kind: Altered, Detail: "the file is signed with another key than the one given"})
			case !ed25519.Verify(t.PublicKey, sum[:], t.Signature):
				problem(Problem{Kind: Altered, Detail: "the file's signature does not verify"})
			}
		default:
			problem(Problem{Kind: Altered, Detail: fmt.Sprintf("line %d: unknown line type %q", n, kind.Type)})
		}
	}
	if cp != nil {
		if ok, why := cp.checkSignature(key); !ok {
			problem(Problem{Kind: ForgedCheckpoint, Checkpoint: cp.Seq, Detail: why})
		}
		root, streams, sum := heads.Root()
		if !bytes.Equal(root, cp.Root) || streams != cp.Streams || sum != cp.Events {
			problem(Problem{Kind: ForgedCheckpoint, Checkpoint: cp.Seq, Detail: "its root does not match the stream heads it lists"})
		}
	}
	streams := map[uuid.UUID]int64{} // the lowest covered version exported, by stream
	for _, e := range events {
		report.Events++
		if !exportedRowHolds(e) {
			problem(Problem{Kind: Altered, Position: e.Position, StreamID: e.StreamID, Version: e.Version,
				Detail: "the row's content, metadata or hash differs from what the chain recorded"})
			continue
		}
		if !e.Covered {
			report.Uncovered++
			continue
		}
		h, ok := heads[e.StreamID]
		if cp == nil || !ok || e.Version > h.Version {
			problem(Problem{Kind: Altered, Position: e.Position, StreamID: e.StreamID, Version: e.Version,
				Detail: "the row claims a checkpoint covers it, and none does"})
			continue
		}
		if v, ok := streams[e.StreamID]; !ok || e.Version < v {
			streams[e.StreamID] = e.Version
		}
	}
	report.Streams = int64(len(streams))
	for id, from := range streams {
		if p, bad := chainToHead(entries, id, from, heads[id]); bad {
			p.Checkpoint = cp.Seq
			problem(p)
		}
	}
	return report, nil
}

type chainEntry struct {
	hash, prev   []byte // prev: events only
	header, data []byte // links only
	event        bool
}

func unhex(s string) []byte {
	b, err := hex.DecodeString(s)
	if err != nil {
		return nil
	}
	return b
}

func exportedRowHolds(e exportEvent) bool {
	row := eventstore.ChainRow{StreamType: e.StreamType, StreamID: e.StreamID, Version: e.Version, Revision: e.Revision,
		EventID: e.EventID, EventType: e.EventType, SchemaVersion: e.SchemaVersion, ActorID: e.ActorID,
		ActorOrganisationID: deref(e.ActorOrganisationID), CommandID: e.CommandID, CorrelationID: deref(e.CorrelationID),
		CausationID: deref(e.CausationID), Action: e.Action, Reason: e.Reason, RecordedAt: time.UnixMicro(e.RecordedAt),
		Data: []byte(e.Data)}
	prev := unhex(e.PrevHash)
	if len(prev) != eventstore.HashSize {
		return false
	}
	got := row.ChainHash([eventstore.HashSize]byte(prev))
	return hex.EncodeToString(got[:]) == e.Hash
}

// chainToHead walks one stream from its first exported version to the
// checkpointed head, through exported events and links.
func chainToHead(entries map[streamVersion]chainEntry, id uuid.UUID, from int64, head Head) (Problem, bool) {
	named := func(k Kind, v int64, detail string) (Problem, bool) {
		return Problem{Kind: k, StreamID: id, Version: v, Detail: detail}, true
	}
	var prev []byte
	for v := from; v <= head.Version; v++ {
		e, ok := entries[streamVersion{id, v}]
		if !ok {
			return named(Missing, v, "the export lacks this version, which the chain to the checkpoint passes through")
		}
		if v > from {
			if e.event && !bytes.Equal(e.prev, prev) {
				return named(Reordered, v, "this row does not follow the previous version in the chain")
			}
			if !e.event {
				if len(e.header) != eventstore.HashSize || len(e.data) != eventstore.HashSize || len(prev) != eventstore.HashSize {
					return named(Altered, v, "a link with malformed digests")
				}
				got := eventstore.Link([eventstore.HashSize]byte(prev), [eventstore.HashSize]byte(e.header), [eventstore.HashSize]byte(e.data))
				if !bytes.Equal(got[:], e.hash) {
					return named(Altered, v, "a link whose hash does not follow the previous version")
				}
			}
		}
		prev = e.hash
	}
	if !bytes.Equal(prev, head.Hash) {
		return named(Altered, head.Version, "the chain does not end at the hash the checkpoint recorded")
	}
	return Problem{}, false
}
