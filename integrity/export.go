package integrity

import (
	"context"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/csv"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/eventstore"
)

// ExportFilter selects the events of an audit export, as the auditLog
// query's filter does; zero values select everything.
type ExportFilter struct {
	ActorID, OrganisationID, SubjectID uuid.UUID
	SubjectType, Action                string
	// From is inclusive, To exclusive.
	From, To time.Time
}

// The lines of a JSON Lines export, in this order: one exportHeader, the
// latest checkpoint with every stream head (exportCheckpoint, absent
// before the first checkpoint), the selected events (exportEvent), the
// links that chain them to the checkpoint's heads (exportLink), and, when
// the exporter holds the signing key, a trailer signing every byte before
// it (exportTrailer). docs/integrity.md describes what an auditor checks.
type exportHeader struct {
	Type      string       `json:"type"` // "export"
	Format    string       `json:"format"`
	CreatedAt time.Time    `json:"createdAt"`
	Filter    exportFilter `json:"filter"`
}

type exportFilter struct {
	ActorID        *uuid.UUID `json:"actorId,omitempty"`
	OrganisationID *uuid.UUID `json:"organisationId,omitempty"`
	SubjectID      *uuid.UUID `json:"subjectId,omitempty"`
	SubjectType    string     `json:"subjectType,omitempty"`
	Action         string     `json:"action,omitempty"`
	From           *time.Time `json:"from,omitempty"`
	To             *time.Time `json:"to,omitempty"`
}

type exportCheckpoint struct {
	Type string `json:"type"` // "checkpoint"
	Seq  int64  `json:"seq"`
	// CreatedAt is microseconds since the Unix epoch, as signed.
	CreatedAt int64        `json:"createdAtMicros"`
	Position  int64        `json:"position"`
	Streams   int64        `json:"streams"`
	Events    int64        `json:"events"`
	Root      string       `json:"root"`
	PrevHash  string       `json:"prevHash"`
	Hash      string       `json:"hash"`
	PublicKey []byte       `json:"publicKey"`
	Signature []byte       `json:"signature"`
	Heads     []exportHead `json:"heads"`
}

type exportHead struct {
	StreamID uuid.UUID `json:"streamId"`
	Version  int64     `json:"version"`
	Hash     string    `json:"hash"`
}

type exportEvent struct {
	Type                string     `json:"type"` // "event"
	Position            int64      `json:"position"`
	StreamType          string     `json:"streamType"`
	StreamID            uuid.UUID  `json:"streamId"`
	Version             int64      `json:"version"`
	Revision            int64      `json:"revision"`
	EventID             uuid.UUID  `json:"eventId"`
	EventType           string     `json:"eventType"`
	SchemaVersion       int64      `json:"schemaVersion"`
	ActorID             uuid.UUID  `json:"actorId"`
	ActorOrganisationID *uuid.UUID `json:"actorOrganisationId,omitempty"`
	CommandID           uuid.UUID  `json:"commandId"`
	CorrelationID       *uuid.UUID `json:"correlationId,omitempty"`
	CausationID         *uuid.UUID `json:"causationId,omitempty"`
	Action              string     `json:"action"`
	Reason              *string    `json:"reason,omitempty"`
	// RecordedAt is microseconds since the Unix epoch, as hashed.
	RecordedAt int64 `json:"recordedAtMicros"`
	// Data is the jsonb exactly as stored and hashed, as a string.
	Data     string `json:"data"`
	PrevHash string `json:"prevHash"`
	Hash     string `json:"hash"`
	// Covered says whether the export's checkpoint covers the row.
	Covered bool `json:"covered"`
}

// exportLink is a row the filter did not select but the chain from a
// selected row to its stream's head passes through: its digests only.
type exportLink struct {
	Type         string    `json:"type"` // "link"
	StreamID     uuid.UUID `json:"streamId"`
	Version      int64     `json:"version"`
	HeaderDigest string    `json:"headerDigest"`
	DataDigest   string    `json:"dataDigest"`
	Hash         string    `json:"hash"`
}

type exportTrailer struct {
	Type      string `json:"type"` // "signature"
	SHA256    string `json:"sha256"`
	PublicKey []byte `json:"publicKey"`
	Signature []byte `json:"signature"`
}

// ExportFormat is the tag of the JSON Lines format.
const ExportFormat = "planner-audit-export/v1"

// Export writes the events the filter selects with their hashes, in JSON
// Lines (csv false) with what VerifyExport needs to check them offline,
// or as CSV for spreadsheets (hashes and the covering checkpoint per row;
// not verifiable offline). key, when set, signs the JSON Lines file.
func Export(ctx context.Context, pool *pgxpool.Pool, f ExportFilter, asCSV bool, key ed25519.PrivateKey, w io.Writer) (events int, err error) {
	err = pgx.BeginTxFunc(ctx, pool, pgx.TxOptions{IsoLevel: pgx.RepeatableRead, AccessMode: pgx.ReadOnly}, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SET LOCAL statement_timeout = 0`); err != nil {
			return err
		}
		cp, heads, err := latestWithHeads(ctx, tx)
		if err != nil {
			return err
		}
		selected, err := selectEvents(ctx, tx, f, cp, heads)
		if err != nil {
			return err
		}
		events = len(selected)
		if asCSV {
			return writeCSV(w, selected, cp)
		}
		links, err := exportLinks(ctx, tx, selected, heads)
		if err != nil {
			return err
		}
		return writeJSONL(w, f, cp, heads, selected, links, key)
	})
	if err != nil {
		return 0, fmt.Errorf("audit export: %w", err)
	}
	return events, nil
}

// latestWithHeads is the latest checkpoint and every head it covers.
func latestWithHeads(ctx context.Context, tx pgx.Tx) (*Checkpoint, Heads, error) {
	cp, err := Latest(ctx, tx)
	if err != nil || cp == nil {
		return nil, Heads{}, err
	}
	c := &Checkpointer{}
	if err := c.loadHeads(ctx, tx, cp); err != nil {
		return nil, nil, err
	}
	return cp, c.heads, nil
}

func selectEvents(ctx context.Context, tx pgx.Tx, f ExportFilter, cp *Checkpoint, heads Heads) ([]exportEvent, error) {
	var where []string
	var args []any
	add := func(cond string, v any) {
		args = append(args, v)
		where = append(where, strings.ReplaceAll(cond, "?", "$"+strconv.Itoa(len(args))))
	}
	if f.ActorID != uuid.Nil {
		add("e.actor_id = ?", f.ActorID)
	}
	if f.OrganisationID != uuid.Nil {
		add("e.actor_organisation_id = ?", f.OrganisationID)
	}
	if f.SubjectID != uuid.Nil {
		add("e.stream_id = ?", f.SubjectID)
	}
	if f.SubjectType != "" {
		add("e.stream_type = ?", f.SubjectType)
	}
	if f.Action != "" {
		add("e.action = ?", f.Action)
	}
	if !f.From.IsZero() {
		add("e.recorded_at >= ?", f.From)
	}
	if !f.To.IsZero() {
		add("e.recorded_at < ?", f.To)
	}
	query := `SELECT ` + prefixed("e.", rowColumns) + `, p.hash FROM events e
		LEFT JOIN events p ON p.stream_id = e.stream_id AND p.version = e.version - 1`
	if len(where) > 0 {
		query += " WHERE " + strings.Join(where, " AND ")
	}
	rows, err := tx.Query(ctx, query+" ORDER BY e.position", args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	s := newRowScanner()
	var prev []byte
	dest := append(s.dest[:len(s.dest):len(s.dest)], &prev)
	var out []exportEvent
	for rows.Next() {
		s.org, s.corr, s.caus, prev = nil, nil, nil, nil
		if err := rows.Scan(dest...); err != nil {
			return nil, err
		}
		r := s.finish()
		if prev == nil {
			prev = eventstore.ZeroHash[:]
		}
		row := r.row
		e := exportEvent{Type: "event", Position: r.position, StreamType: row.StreamType, StreamID: row.StreamID,
			Version: row.Version, Revision: row.Revision, EventID: row.EventID, EventType: row.EventType,
			SchemaVersion: row.SchemaVersion, ActorID: row.ActorID, ActorOrganisationID: nonNil(row.ActorOrganisationID),
			CommandID: row.CommandID, CorrelationID: nonNil(row.CorrelationID), CausationID: nonNil(row.CausationID),
			Action: row.Action, Reason: row.Reason, RecordedAt: row.RecordedAt.UnixMicro(), Data: string(row.Data),
			PrevHash: hex.EncodeToString(prev), Hash: hex.EncodeToString(r.stored)}
		if h, ok := heads[row.StreamID]; ok && cp != nil && row.Version <= h.Version {
			e.Covered = true
		}
		if row.Reason != nil {
			reason := *row.Reason
			e.Reason = &reason
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func prefixed(prefix, columns string) string {
	parts := strings.Split(columns, ",")
	for i, p := range parts {
		parts[i] = prefix + strings.TrimSpace(p)
	}
	return strings.Join(parts, ", ")
}

func nonNil(id uuid.UUID) *uuid.UUID {
	if id == uuid.Nil {
		return nil
	}
	return &id
}

// exportLinks returns, for every stream with covered selected rows, the
// rows between its first selected version and its checkpointed head that
// were not selected.
func exportLinks(ctx context.Context, tx pgx.Tx, selected []exportEvent, heads Heads) ([]exportLink, error) {
	first := map[uuid.UUID]int64{}
	have := map[streamVersion]bool{}
	for _, e := range selected {
		if !e.Covered {
			continue
		}
		have[streamVersion{e.StreamID, e.Version}] = true
		if v, ok := first[e.StreamID]; !ok || e.Version < v {
			first[e.StreamID] = e.Version
		}
	}
	var links []exportLink
	for id, from := range first {
		rows, err := tx.Query(ctx, `SELECT `+rowColumns+` FROM events WHERE stream_id = $1 AND version > $2 AND version <= $3 ORDER BY version`,
			id, from, heads[id].Version)
		if err != nil {
			return nil, err
		}
		s := newRowScanner()
		for rows.Next() {
			r, err := s.scan(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			if have[streamVersion{id, r.row.Version}] {
				continue
			}
			links = append(links, exportLink{Type: "link", StreamID: id, Version: r.row.Version,
				HeaderDigest: hex.EncodeToString(r.header[:]), DataDigest: hex.EncodeToString(r.data[:]), Hash: hex.EncodeToString(r.stored)})
		}
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	return links, nil
}

func writeJSONL(w io.Writer, f ExportFilter, cp *Checkpoint, heads Heads, events []exportEvent, links []exportLink, key ed25519.PrivateKey) error {
	digest := sha256.New()
	out := io.MultiWriter(w, digest)
	enc := json.NewEncoder(out)
	enc.SetEscapeHTML(false)
	header := exportHeader{Type: "export", Format: ExportFormat, CreatedAt: time.Now().UTC(), Filter: exportFilter{
		ActorID: nonNil(f.ActorID), OrganisationID: nonNil(f.OrganisationID), SubjectID: nonNil(f.SubjectID),
		SubjectType: f.SubjectType, Action: f.Action}}
	if !f.From.IsZero() {
		header.Filter.From = &f.From
	}
	if !f.To.IsZero() {
		header.Filter.To = &f.To
	}
	if err := enc.Encode(header); err != nil {
		return err
	}
	if cp != nil {
		line := exportCheckpoint{Type: "checkpoint", Seq: cp.Seq, CreatedAt: cp.CreatedAt.UnixMicro(), Position: cp.Position,
			Streams: cp.Streams, Events: cp.Events, Root: hex.EncodeToString(cp.Root), PrevHash: hex.EncodeToString(cp.PrevHash),
			Hash: hex.EncodeToString(cp.Hash), PublicKey: cp.PublicKey, Signature: cp.Signature}
		for _, h := range heads {
			line.Heads = append(line.Heads, exportHead{StreamID: h.StreamID, Version: h.Version, Hash: hex.EncodeToString(h.Hash)})
		}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	for _, e := range events {
		if err := enc.Encode(e); err != nil {
			return err
		}
	}
	for _, l := range links {
		if err := enc.Encode(l); err != nil {
			return err
		}
	}
	if key == nil {
		return nil
	}
	sum := digest.Sum(nil)
	return enc.Encode(exportTrailer{Type: "signature", SHA256: hex.EncodeToString(sum), PublicKey: key.Public().(ed25519.PublicKey),
		Signature: ed25519.Sign(key, sum)})
}

var csvColumns = []string{"position", "stream_type", "stream_id", "version", "revision", "event_id", "event_type", "schema_version",
	"actor_id", "actor_organisation_id", "command_id", "correlation_id", "causation_id", "action", "reason", "recorded_at", "data",
	"prev_hash", "hash", "checkpoint", "checkpoint_root"}

func writeCSV(w io.Writer, events []exportEvent, cp *Checkpoint) error {
	out := csv.NewWriter(w)
	if err := out.Write(csvColumns); err != nil {
		return err
	}
	id := func(u *uuid.UUID) string {
		if u == nil {
			return ""
		}
		return u.String()
	}
	for _, e := range events {
		reason, seq, root := "", "", ""
		if e.Reason != nil {
			reason = *e.Reason
		}
		if e.Covered {
			seq, root = strconv.FormatInt(cp.Seq, 10), hex.EncodeToString(cp.Root)
		}
		at := time.UnixMicro(e.RecordedAt).UTC().Format(time.RFC3339Nano)
		if err := out.Write([]string{strconv.FormatInt(e.Position, 10), e.StreamType, e.StreamID.String(),
			strconv.FormatInt(e.Version, 10), strconv.FormatInt(e.Revision, 10), e.EventID.String(), e.EventType,
			strconv.FormatInt(e.SchemaVersion, 10), e.ActorID.String(), id(e.ActorOrganisationID), e.CommandID.String(),
			id(e.CorrelationID), id(e.CausationID), e.Action, reason, at, e.Data, e.PrevHash, e.Hash, seq, root}); err != nil {
			return err
		}
	}
	out.Flush()
	return out.Error()
}
