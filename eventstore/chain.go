package eventstore

import (
	"crypto/sha256"
	"encoding/binary"
	"time"

	"github.com/google/uuid"
)

// Every event row carries the hash of its stream's chain up to and
// including it (docs/integrity.md):
//
//	hash(v) = sha256(hash(v-1) || sha256(header(v)) || sha256(data(v)))
//
// with ZeroHash before version 1, header the canonical encoding below and
// data the row's jsonb as PostgreSQL prints it. The append computes the
// header digest here, from values it already holds, and the server finishes
// the hash in the same INSERT: only the server knows the data's stored form
// (jsonb reorders keys and respaces) and the previous row's hash, and
// fetching either first would cost a round trip. The same encoding exists
// in SQL (migration 00011, planner_chain_hash); tests check both agree.

// HashSize is the length of a chain hash.
const HashSize = sha256.Size

// ZeroHash is the "previous hash" of a stream's first event.
var ZeroHash [HashSize]byte

// zeroHashHex is ZeroHash as a bytea literal's hex digits.
const zeroHashHex = "0000000000000000000000000000000000000000000000000000000000000000"

// ChainRow is what the chain covers of one event row: every column but
// position and hash. Data is the jsonb text exactly as PostgreSQL prints it.
type ChainRow struct {
	StreamType          string
	StreamID            uuid.UUID
	Version             int64
	Revision            int64
	EventID             uuid.UUID
	EventType           string
	SchemaVersion       int64
	ActorID             uuid.UUID
	ActorOrganisationID uuid.UUID // uuid.Nil: NULL
	CommandID           uuid.UUID
	CorrelationID       uuid.UUID // uuid.Nil: NULL
	CausationID         uuid.UUID // uuid.Nil: NULL
	Action              string
	Reason              *string
	RecordedAt          time.Time
	Data                []byte
}

// chainHeaderTag versions the encoding; a new encoding gets a new tag.
const chainHeaderTag = "planner/event/v1"

// AppendHeader appends the canonical header of r to buf: the tag, then
// each column in a fixed order. Text is a 4-byte big-endian length and the
// UTF-8 bytes, integers 8 bytes big-endian, uuids their 16 bytes, a
// nullable column one byte 0 (NULL) or 1 followed by the value, the time
// microseconds since the Unix epoch (what timestamptz stores).
func (r *ChainRow) AppendHeader(buf []byte) []byte {
	buf = append(buf, chainHeaderTag...)
	buf = appendText(buf, r.StreamType)
	buf = append(buf, r.StreamID[:]...)
	buf = binary.BigEndian.AppendUint64(buf, uint64(r.Version))
	buf = binary.BigEndian.AppendUint64(buf, uint64(r.Revision))
	buf = append(buf, r.EventID[:]...)
	buf = appendText(buf, r.EventType)
	buf = binary.BigEndian.AppendUint64(buf, uint64(r.SchemaVersion))
	buf = append(buf, r.ActorID[:]...)
	buf = appendOptUUID(buf, r.ActorOrganisationID)
	buf = append(buf, r.CommandID[:]...)
	buf = appendOptUUID(buf, r.CorrelationID)
	buf = appendOptUUID(buf, r.CausationID)
	buf = appendText(buf, r.Action)
	if r.Reason == nil {
		buf = append(buf, 0)
	} else {
		buf = appendText(append(buf, 1), *r.Reason)
	}
	return binary.BigEndian.AppendUint64(buf, uint64(r.RecordedAt.UnixMicro()))
}

// HeaderDigest is sha256 of the canonical header.
func (r *ChainRow) HeaderDigest() [HashSize]byte {
	var scratch [256]byte
	return sha256.Sum256(r.AppendHeader(scratch[:0]))
}

// ChainHash is the row's hash after prev.
func (r *ChainRow) ChainHash(prev [HashSize]byte) [HashSize]byte {
	return Link(prev, r.HeaderDigest(), sha256.Sum256(r.Data))
}

// Link is the last step of the chain: sha256(prev || header digest || data digest).
func Link(prev, header, data [HashSize]byte) [HashSize]byte {
	var buf [3 * HashSize]byte
	copy(buf[:], prev[:])
	copy(buf[HashSize:], header[:])
	copy(buf[2*HashSize:], data[:])
	return sha256.Sum256(buf[:])
}

func appendText(buf []byte, s string) []byte {
	buf = binary.BigEndian.AppendUint32(buf, uint32(len(s)))
	return append(buf, s...)
}

func appendOptUUID(buf []byte, id uuid.UUID) []byte {
	if id == uuid.Nil {
		return append(buf, 0)
	}
	return append(append(buf, 1), id[:]...)
}

// chainRow is the part of an appended row the chain covers, data aside.
func chainRow(streamType string, streamID uuid.UUID, revision int, rec Record, m Metadata) ChainRow {
	row := ChainRow{
		StreamType: streamType, StreamID: streamID, Version: int64(rec.Version), Revision: int64(revision),
		EventID: rec.EventID, EventType: rec.Type, SchemaVersion: int64(rec.SchemaVersion),
		ActorID: m.ActorID, ActorOrganisationID: m.ActorOrganisationID, CommandID: m.CommandID,
		CorrelationID: m.CorrelationID, CausationID: m.CausationID, Action: m.Action,
		Reason: nullString(m.Reason), RecordedAt: m.RecordedAt,
	}
	return row
}
