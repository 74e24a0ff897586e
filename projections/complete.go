package projections

import (
	"context"
	"fmt"
	"strings"

	"github.com/google/uuid"
)

// maxTrackedStreams bounds the memory of a complete-subscription; settled
// streams beyond it are forgotten and re-read from the database when they
// change again.
const maxTrackedStreams = 10_000

// SubscribeComplete returns a subscription that delivers one Applied notice
// (Projection empty) per revision once every named projection (all of the
// Feed's when none are named) has applied it, in stream order: GraphQL
// subscriptions push a revision only when a client re-reading the read
// models sees it. Rebuilt and Resync notices are passed on. The
// subscription ends with ErrLagged if its reader falls behind, and when ctx
// ends.
func (f *Feed) SubscribeComplete(ctx context.Context, buffer int, names ...string) (*Subscription, error) {
	var need []Projection
	if len(names) == 0 {
		need = f.projections
	}
	for _, name := range names {
		p, ok := findProjection(f.projections, name)
		if !ok {
			return nil, fmt.Errorf("projections: unknown projection %q", name)
		}
		need = append(need, p)
	}
	raw := f.Subscribe(4096)
	out := f.Subscribe(buffer)
	// out receives only what the tracker forwards: take it off the fan-out.
	f.mu.Lock()
	delete(f.subs, out)
	f.mu.Unlock()
	ctx, out.stop = context.WithCancel(ctx)
	t := &completionTracker{feed: f, need: need, streams: map[uuid.UUID]*trackedStream{}}
	go t.run(ctx, raw, out)
	return out, nil
}

func findProjection(ps []Projection, name string) (Projection, bool) {
	for _, p := range ps {
		if p.Name() == name {
			return p, true
		}
	}
	return nil, false
}

type completionTracker struct {
	feed    *Feed
	need    []Projection
	streams map[uuid.UUID]*trackedStream
}

type trackedStream struct {
	applied   map[string]int // per projection
	positions map[int]int64  // revisions noticed, not yet emitted
	emitted   int            // highest revision delivered
}

func (t *completionTracker) run(ctx context.Context, raw, out *Subscription) {
	defer raw.Close()
	emit := func(n Notice) bool {
		t.feed.mu.Lock()
		defer t.feed.mu.Unlock()
		if out.done {
			return false
		}
		select {
		case out.c <- n:
			return true
		default:
			out.end(ErrLagged)
			return false
		}
	}
	defer func() {
		t.feed.mu.Lock()
		out.end(raw.err)
		t.feed.mu.Unlock()
	}()
	for {
		var n Notice
		var ok bool
		select {
		case <-ctx.Done():
			return
		case n, ok = <-raw.C:
			if !ok {
				return
			}
		}
		switch n.Kind {
		case Rebuilt, Resync:
			clear(t.streams)
			if !emit(n) {
				return
			}
			continue
		}
		if !t.needs(n.Projection) {
			continue
		}
		ready, err := t.observe(ctx, n)
		if err != nil {
			t.feed.logger.Warn("projections feed: completion tracking failed", "error", err)
			if !emit(Notice{Kind: Resync}) {
				return
			}
			continue
		}
		for _, r := range ready {
			if !emit(r) {
				return
			}
		}
	}
}

func (t *completionTracker) needs(name string) bool {
	_, ok := findProjection(t.need, name)
	return ok
}

// observe records n and returns the revisions of n's stream that every
// projection has now applied and that were not delivered yet.
func (t *completionTracker) observe(ctx context.Context, n Notice) ([]Notice, error) {
	s, ok := t.streams[n.StreamID]
	if !ok {
		applied, err := t.load(ctx, n.StreamID)
		if err != nil {
			return nil, err
		}
		t.evictSettled()
		// Earlier revisions were settled before this tracker knew the
		// stream; start from the one at hand.
		s = &trackedStream{applied: applied, positions: map[int]int64{}, emitted: n.Revision - 1}
		t.streams[n.StreamID] = s
	}
	s.applied[n.Projection] = max(s.applied[n.Projection], n.Revision)
	if n.Revision > s.emitted {
		s.positions[n.Revision] = n.Position
	}
	least := n.Revision
	for _, p := range t.need {
		least = min(least, s.applied[p.Name()])
	}
	var ready []Notice
	for r := s.emitted + 1; r <= least; r++ {
		pos, known := s.positions[r]
		if !known {
			break // its notices are still on their way
		}
		ready = append(ready, Notice{Kind: Applied, StreamID: n.StreamID, Revision: r, Position: pos})
		delete(s.positions, r)
		s.emitted = r
	}
	return ready, nil
}

func (t *completionTracker) load(ctx context.Context, stream uuid.UUID) (map[string]int, error) {
	parts := make([]string, len(t.need))
	for i, p := range t.need {
		parts[i] = `COALESCE((SELECT revision FROM ` + p.Schema() + `.streams WHERE stream_id = $1), 0)`
	}
	revs := make([]int, len(t.need))
	dest := make([]any, len(t.need))
	for i := range revs {
		dest[i] = &revs[i]
	}
	if err := t.feed.pool.QueryRow(ctx, `SELECT `+strings.Join(parts, ", "), stream).Scan(dest...); err != nil {
		return nil, err
	}
	applied := map[string]int{}
	for i, p := range t.need {
		applied[p.Name()] = revs[i]
	}
	return applied, nil
}

func (t *completionTracker) evictSettled() {
	if len(t.streams) < maxTrackedStreams {
		return
	}
	for id, s := range t.streams {
		if len(s.positions) == 0 {
			delete(t.streams, id)
		}
	}
}
