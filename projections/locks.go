package projections

import "hash/fnv"

// projectionLockKey is the advisory lock a projection's live handlers take
// shared (per transaction) and a rebuild's swap takes exclusively: the swap
// then never interleaves with a handler writing the old tables.
func projectionLockKey(name string) int64 { return lockKey("planner.projection:" + name) }

// applyLockKey is taken exclusively (per transaction) by a live handler
// without a batch transaction (JetStream): processes bound to the same
// consumer then apply one after the other, as one consumer group does.
func applyLockKey(name string) int64 { return lockKey("planner.apply:" + name) }

// rebuildLockKey is held (per session) by the one rebuild of a projection.
func rebuildLockKey(name string) int64 { return lockKey("planner.rebuild:" + name) }

// retentionLockKey serialises pruning the delivery table with a rebuild
// recording the transaction horizon it will catch up from.
var retentionLockKey = lockKey("planner.retention")

func lockKey(s string) int64 {
	h := fnv.New64a()
	h.Write([]byte(s))
	return int64(h.Sum64())
}
