package projections_test

import (
	"context"

	"github.com/creativeclusters/planner/projections"
)

// hooked wraps a projection to observe or break its live Apply; the name,
// schema (and so consumer group) and rebuild stay the wrapped ones.
type hooked struct {
	projections.Projection
	hook func(ctx context.Context, u *projections.Update) error
}

// Apply calls the hook for each revision of the batch, in order.
func (h hooked) Apply(ctx context.Context, w *projections.Writer, batch []*projections.Update) error {
	for _, u := range batch {
		if err := h.hook(ctx, u); err != nil {
			return err
		}
	}
	return h.Projection.Apply(ctx, w, batch)
}
