package graph

import "context"

// LoaderBatches reports how many batches each loader of the request in ctx
// ran, for tests that prove N references cost one batch.
func LoaderBatches(ctx context.Context) map[string]int64 {
	l, ok := ctx.Value(loadersKey{}).(*Loaders)
	if !ok {
		return nil
	}
	return map[string]int64{
		"organisations":     l.batches.organisations.Load(),
		"locations":         l.batches.locations.Load(),
		"strategies":        l.batches.strategies.Load(),
		"concepts":          l.batches.concepts.Load(),
		"meta":              l.batches.meta.Load(),
		"actors":            l.batches.actors.Load(),
		"conceptCandidates": l.batches.conceptCandidates.Load(),
	}
}
