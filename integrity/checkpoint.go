package integrity

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/binary"
	"slices"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/eventstore"
)

// Head is a stream's last version and chain hash at a checkpoint.
type Head struct {
	StreamID uuid.UUID `json:"streamId"`
	Version  int64     `json:"version"`
	Hash     []byte    `json:"hash"`
}

// Checkpoint is a signed record of every stream's head. Changed holds
// the heads that changed since the previous checkpoint; Root covers them
// all (the fold of every checkpoint's Changed up to this one).
type Checkpoint struct {
	Seq       int64     `json:"seq"`
	CreatedAt time.Time `json:"createdAt"`
	Position  int64     `json:"position"`
	Streams   int64     `json:"streams"`
	Events    int64     `json:"events"`
	Root      []byte    `json:"root"`
	PrevHash  []byte    `json:"prevHash"`
	Hash      []byte    `json:"hash"`
	PublicKey []byte    `json:"publicKey"`
	Signature []byte    `json:"signature"`
	Changed   []Head    `json:"-"`
}

const (
	checkpointTag = "planner/checkpoint/v1"
	rootTag       = "planner/checkpoint-root/v1"
)

// Body is what the signature covers: the tag, then seq, the creation time
// in microseconds since the Unix epoch, position, streams and events as 8
// bytes big-endian, then root and the previous checkpoint's hash.
func (c *Checkpoint) Body() []byte {
	b := make([]byte, 0, len(checkpointTag)+5*8+2*eventstore.HashSize)
	b = append(b, checkpointTag...)
	for _, v := range []int64{c.Seq, c.CreatedAt.UnixMicro(), c.Position, c.Streams, c.Events} {
		b = binary.BigEndian.AppendUint64(b, uint64(v))
	}
	b = append(b, c.Root...)
	return append(b, c.PrevHash...)
}

// seal sets Hash and Signature from the body.
func (c *Checkpoint) seal(key ed25519.PrivateKey) {
	body := c.Body()
	h := sha256.Sum256(body)
	c.Hash = h[:]
	c.PublicKey = key.Public().(ed25519.PublicKey)
	c.Signature = ed25519.Sign(key, body)
}

// Heads is every stream's head, by stream.
type Heads map[uuid.UUID]Head

// fold applies a checkpoint's changed heads.
func (h Heads) fold(changed []Head) {
	for _, c := range changed {
		h[c.StreamID] = c
	}
}

// Root folds the heads into one hash: sha256 of the tag and, for each
// head in the order of the stream ids' bytes, the stream id, the version
// as 8 bytes big-endian and the chain hash. It also returns the number of
// streams and the sum of their versions.
func (h Heads) Root() (root []byte, streams, events int64) {
	ids := make([]uuid.UUID, 0, len(h))
	for id := range h {
		ids = append(ids, id)
	}
	slices.SortFunc(ids, func(a, b uuid.UUID) int { return bytes.Compare(a[:], b[:]) })
	d := sha256.New()
	d.Write([]byte(rootTag))
	var buf [16 + 8]byte
	for _, id := range ids {
		head := h[id]
		copy(buf[:], id[:])
		binary.BigEndian.PutUint64(buf[16:], uint64(head.Version))
		d.Write(buf[:])
		d.Write(head.Hash)
		events += head.Version
	}
	return d.Sum(nil), int64(len(ids)), events
}

// checkSignature reports whether the checkpoint's body, hash and
// signature hold, signed by key (nil: by the key it names).
func (c *Checkpoint) checkSignature(key ed25519.PublicKey) (ok bool, why string) {
	body := c.Body()
	if h := sha256.Sum256(body); !bytes.Equal(h[:], c.Hash) {
		return false, "its hash is not the hash of its contents"
	}
	if key != nil && !bytes.Equal(key, c.PublicKey) {
		return false, "signed with another key than the one given"
	}
	if len(c.PublicKey) != ed25519.PublicKeySize || !ed25519.Verify(c.PublicKey, body, c.Signature) {
		return false, "its signature does not verify"
	}
	return true, ""
}
