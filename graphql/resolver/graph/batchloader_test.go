package graph

import (
	"context"
	"strings"
	"sync"
	"testing"

	"github.com/graph-gophers/dataloader/v7"
)

// recordingBatch answers every key with its double and records the
// batches it was asked for.
type recordingBatch struct {
	mu      sync.Mutex
	batches [][]int
}

func (r *recordingBatch) fetch(_ context.Context, keys []int) []*dataloader.Result[int] {
	r.mu.Lock()
	r.batches = append(r.batches, append([]int(nil), keys...))
	r.mu.Unlock()
	out := make([]*dataloader.Result[int], len(keys))
	for i, k := range keys {
		out[i] = &dataloader.Result[int]{Data: 2 * k}
	}
	return out
}

func TestKeysRegisteredBeforeTheFirstWaitShareOneBatch(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec := &recordingBatch{}
	l := newBatchLoader(rec.fetch, 500)
	thunks := make([]dataloader.Thunk[int], 100)
	for i := range thunks {
		thunks[i] = l.Load(ctx, i)
	}
	if len(rec.batches) != 0 {
		t.Fatal("a batch ran before anyone needed a value")
	}
	for i, thunk := range thunks {
		if v, err := thunk(); err != nil || v != 2*i {
			t.Fatalf("key %d: %d %v", i, v, err)
		}
	}
	// Cached now: loading again sends nothing.
	if v, err := l.Load(ctx, 7)(); err != nil || v != 14 {
		t.Fatalf("cached key: %d %v", v, err)
	}
	if len(rec.batches) != 1 || len(rec.batches[0]) != 100 {
		t.Fatalf("batches %v, want one of 100 keys", len(rec.batches))
	}
}

func TestBatchesRespectTheCapacity(t *testing.T) {
	t.Parallel()
	rec := &recordingBatch{}
	l := newBatchLoader(rec.fetch, 40)
	if _, err := loadAll(context.Background(), l, make100()); err != nil {
		t.Fatal(err)
	}
	if len(rec.batches) != 3 || len(rec.batches[0]) != 40 || len(rec.batches[2]) != 20 {
		t.Fatalf("batch sizes %v, want 40, 40, 20", rec.batches)
	}
}

func make100() []int {
	keys := make([]int, 100)
	for i := range keys {
		keys[i] = i
	}
	return keys
}

func TestPrimeAndClearReplaceACachedValue(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	rec := &recordingBatch{}
	l := newBatchLoader(rec.fetch, 500)
	pending := l.Load(ctx, 1)
	l.Clear(ctx, 1)
	l.Prime(ctx, 1, 99)
	if v, err := l.Load(ctx, 1)(); err != nil || v != 99 {
		t.Fatalf("primed value: %d %v", v, err)
	}
	// The load registered before the prime still gets its batch's value.
	if v, err := pending(); err != nil || v != 2 {
		t.Fatalf("earlier load: %d %v", v, err)
	}
}

func TestAFailingBatchFailsItsKeysInsteadOfHangingThem(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	short := newBatchLoader(func(context.Context, []int) []*dataloader.Result[int] { return nil }, 500)
	if _, err := short.Load(ctx, 1)(); err == nil || !strings.Contains(err.Error(), "no result") {
		t.Fatalf("got %v, want an error for a missing result", err)
	}
	panicking := newBatchLoader(func(context.Context, []int) []*dataloader.Result[int] { panic("boom") }, 500)
	if _, err := panicking.Load(ctx, 1)(); err == nil || !strings.Contains(err.Error(), "boom") {
		t.Fatalf("got %v, want the panic as an error", err)
	}
}
