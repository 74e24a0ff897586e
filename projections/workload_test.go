package projections_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sync"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/projections/internal/testkit"
)

// workload appends random revisions to random Note streams from several
// writers at once. Erasures and re-set contacts exercise redaction.
type workload struct {
	env     *testkit.Env
	streams []uuid.UUID
	orgs    []uuid.UUID
}

func newWorkload(env *testkit.Env, streams int) *workload {
	w := &workload{env: env, orgs: []uuid.UUID{uuid.New(), uuid.New(), uuid.Nil}}
	for range streams {
		w.streams = append(w.streams, uuid.New())
	}
	return w
}

// run appends revisions per writer and waits for them.
func (w *workload) run(t *testing.T, writers, revisions int, seed uint64) {
	t.Helper()
	if err := w.tryRun(writers, revisions, seed); err != nil {
		t.Fatal(err)
	}
}

// tryRun is run for goroutines other than the test's: it reports the
// first failure.
func (w *workload) tryRun(writers, revisions int, seed uint64) error {
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for i := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(seed, uint64(i)))
			for j := range revisions {
				stream := w.streams[rng.IntN(len(w.streams))]
				actor := testkit.Actor(w.orgs[rng.IntN(len(w.orgs))])
				if _, err := w.env.TryAppend(context.Background(), testkit.NoteType, stream, actor, "write",
					w.events(rng, i, j)...); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	return <-errs
}

func (w *workload) events(rng *rand.Rand, writer, n int) []domain.Event {
	var out []domain.Event
	for range 1 + rng.IntN(3) {
		key := fmt.Sprintf("k%d", rng.IntN(6))
		switch rng.IntN(9) {
		case 0, 1:
			out = append(out, &testkit.Written{Text: fmt.Sprintf("w%d-%d", writer, n), Title: fmt.Sprintf("title %d", rng.IntN(5))})
		case 2, 3:
			out = append(out, &testkit.ItemPut{Key: key, Text: fmt.Sprintf("text %d", rng.IntN(100))})
		case 4:
			out = append(out, &testkit.ItemDropped{Key: key})
		case 5:
			out = append(out, &testkit.StatusSet{Status: []string{"DRAFT", "IN_REVIEW", "ADOPTED"}[rng.IntN(3)]})
		case 6:
			out = append(out, &testkit.PartnerAdded{ID: w.orgs[rng.IntN(2)]})
		case 7:
			out = append(out, &testkit.ContactSet{PersonID: personOf(rng), Name: "Erika Muster", Email: "erika@example.org"})
		case 8:
			out = append(out, &testkit.ContactErased{PersonID: personOf(rng)})
		}
	}
	return out
}

// personOf picks among few people, so that erasures hit set contacts.
func personOf(rng *rand.Rand) uuid.UUID {
	return uuid.UUID{15: byte(1 + rng.IntN(3))}
}
