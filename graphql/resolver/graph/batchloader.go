package graph

import (
	"context"
	"fmt"
	"runtime"
	"sync"

	"github.com/graph-gophers/dataloader/v7"
)

// batchLoader batches and caches the loads of one request without timers.
// Load only registers a key; the first thunk that needs a value not
// fetched yet sends every key registered so far as one batch. The keys of
// a list's items are registered before any item resolves (prefetch.go), so
// they share that batch; nobody waits for keys that may never come.
//
// Before sending, the dispatching goroutine yields a few times: resolvers
// of sibling fields that are runnable right now then register their keys
// too. That is "dispatch when nothing else is runnable", as far as the Go
// scheduler can tell, instead of a fixed wait that every nesting level of
// every request would pay.
type batchLoader[K comparable, V any] struct {
	fetch dataloader.BatchFunc[K, V]
	// capacity bounds the keys of one batch query; more are sent as
	// several batches.
	capacity int

	mu      sync.Mutex
	cache   map[K]*loadEntry[V]
	pending []pendingLoad[K, V]
}

type loadEntry[V any] struct {
	done chan struct{}
	val  V
	err  error
}

type pendingLoad[K comparable, V any] struct {
	key   K
	entry *loadEntry[V]
}

// dispatchYields is how often a dispatching goroutine lets the others run
// before it sends the batch.
const dispatchYields = 3

func newBatchLoader[K comparable, V any](fetch dataloader.BatchFunc[K, V], capacity int) *batchLoader[K, V] {
	return &batchLoader[K, V]{fetch: fetch, capacity: capacity, cache: map[K]*loadEntry[V]{}}
}

// Load registers key and returns a thunk that waits for its value.
func (b *batchLoader[K, V]) Load(ctx context.Context, key K) dataloader.Thunk[V] {
	b.mu.Lock()
	e, ok := b.cache[key]
	if !ok {
		e = &loadEntry[V]{done: make(chan struct{})}
		b.cache[key] = e
		b.pending = append(b.pending, pendingLoad[K, V]{key: key, entry: e})
	}
	b.mu.Unlock()
	return func() (V, error) {
		select {
		case <-e.done:
			return e.val, e.err
		default:
		}
		b.dispatch(ctx)
		select {
		case <-e.done:
			return e.val, e.err
		case <-ctx.Done():
			var zero V
			return zero, ctx.Err()
		}
	}
}

// Prime stores a value for key unless one is cached (as dataloader does);
// Clear first to replace it.
func (b *batchLoader[K, V]) Prime(_ context.Context, key K, value V) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if _, ok := b.cache[key]; ok {
		return
	}
	e := &loadEntry[V]{done: make(chan struct{}), val: value}
	close(e.done)
	b.cache[key] = e
}

// Clear forgets key; a batch already under way still fills the entries it
// took, which nobody looks up any more.
func (b *batchLoader[K, V]) Clear(_ context.Context, key K) {
	b.mu.Lock()
	defer b.mu.Unlock()
	delete(b.cache, key)
}

// dispatch sends what is pending, if anything: the caller's key is either
// among it or already taken by another goroutine's batch.
func (b *batchLoader[K, V]) dispatch(ctx context.Context) {
	for range dispatchYields {
		runtime.Gosched()
	}
	b.mu.Lock()
	batch := b.pending
	b.pending = nil
	b.mu.Unlock()
	for len(batch) > 0 {
		n := min(len(batch), b.capacity)
		b.run(ctx, batch[:n])
		batch = batch[n:]
	}
}

func (b *batchLoader[K, V]) run(ctx context.Context, batch []pendingLoad[K, V]) {
	keys := make([]K, len(batch))
	for i, p := range batch {
		keys[i] = p.key
	}
	// Every entry is settled, whatever the batch function does: a waiter
	// must never hang on an entry nobody will fill.
	defer func() {
		r := recover()
		for _, p := range batch {
			select {
			case <-p.entry.done:
			default:
				p.entry.err = fmt.Errorf("resolver: batch load of %T gave no result", p.key)
				if r != nil {
					p.entry.err = fmt.Errorf("resolver: batch load of %T panicked: %v", p.key, r)
				}
				close(p.entry.done)
			}
		}
	}()
	results := b.fetch(ctx, keys)
	for i, p := range batch {
		if i >= len(results) || results[i] == nil {
			continue
		}
		p.entry.val, p.entry.err = results[i].Data, results[i].Error
		close(p.entry.done)
	}
}
