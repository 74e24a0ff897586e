package projections

import (
	"bytes"
	"encoding/json"
	"sync"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// maxCachedStates bounds the states a stateCache holds (a large strategy's
// state is some 100 KB).
const maxCachedStates = 256

// stateCache keeps, per projection and stream, the state a derivation
// from the log ended at, as JSON. Revisions from JetStream carry no
// digest, so each is derived from the log, one transaction each; without
// the cache every one of them would read and decode its stream from the
// start. With it the next revision starts from the state kept.
//
// A stream's state at a revision is a fact of the log, whether or not the
// transaction that computed it committed: an entry is used only for the
// revision the guard row (read under lock) says is applied. Subjects with
// personal data are never kept, since the log reads differently once
// their data is erased. The JSON round trip is the one the event store's
// snapshots rely on.
type stateCache struct {
	mu      sync.Mutex
	entries map[stateKey]cachedState
}

type stateKey struct {
	projection string
	stream     uuid.UUID
}

type cachedState struct {
	typ      domain.SubjectType
	revision int
	json     []byte
}

func newStateCache() *stateCache { return &stateCache{entries: map[stateKey]cachedState{}} }

// get returns the stream's state at revision as the log reads, if kept.
func (c *stateCache) get(projection string, g *guard, typ domain.SubjectType, newAggregate func(domain.SubjectType) (domain.Aggregate, error)) (*derivedState, bool) {
	if c == nil || g.applied == 0 {
		return nil, false
	}
	c.mu.Lock()
	e, ok := c.entries[stateKey{projection, g.id}]
	c.mu.Unlock()
	if !ok || e.revision != g.applied || e.typ != typ {
		return nil, false
	}
	state, err := newAggregate(typ)
	if err != nil || json.Unmarshal(e.json, state) != nil {
		return nil, false
	}
	if _, personal := personalData(state); personal {
		return nil, false
	}
	return &derivedState{state: state, doc: state.Document(), json: e.json, revision: e.revision}, true
}

// put keeps d, the stream's state after a derivation.
func (c *stateCache) put(projection string, id uuid.UUID, typ domain.SubjectType, d *derivedState) {
	if c == nil || d.json == nil {
		return
	}
	if _, personal := personalData(d.state); personal {
		return
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	key := stateKey{projection, id}
	if _, ok := c.entries[key]; !ok && len(c.entries) >= maxCachedStates {
		for k := range c.entries { // any one
			delete(c.entries, k)
			break
		}
	}
	c.entries[key] = cachedState{typ: typ, revision: d.revision, json: bytes.Clone(d.json)}
}
