package seed

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
)

// namespace makes the seed's command ids and item keys: stable names, so
// that a second run sends exactly the same commands.
var namespace = uuid.MustParse("5f1a4c55-0b1e-4c1b-9d55-c0ffee5eed00")

// key returns the stable id for a seed step or item name.
func key(name string) uuid.UUID { return uuid.NewSHA1(namespace, []byte(name)) }

// Summary counts what a seeding run did.
type Summary struct {
	Applied  int // commands appended now
	Replayed int // commands already seeded before
}

type seeder struct {
	ctx     context.Context
	svc     *app.Service
	summary Summary
}

// Run seeds the network, the demo strategy and the two concepts.
func Run(ctx context.Context, svc *app.Service) (Summary, error) {
	s := &seeder{ctx: ctx, svc: svc}
	net, err := s.network()
	if err != nil {
		return s.summary, fmt.Errorf("seed network: %w", err)
	}
	strategyID, err := s.strategy(net)
	if err != nil {
		return s.summary, fmt.Errorf("seed strategy: %w", err)
	}
	if err := s.concepts(net, strategyID); err != nil {
		return s.summary, fmt.Errorf("seed concepts: %w", err)
	}
	return s.summary, nil
}

// do runs one named step as the system actor.
func do[S domain.Aggregate](s *seeder, step string, kind eventstore.StreamKind[S], id uuid.UUID, cmd domain.Command[S]) (uuid.UUID, error) {
	res, err := app.Execute(s.ctx, s.svc, kind, id, cmd, app.Request{
		Actor:     domain.System,
		CommandID: key("command/" + step),
		Reason:    "demo data",
	})
	if err != nil {
		return uuid.Nil, fmt.Errorf("%s: %w", step, err)
	}
	if res.Replayed {
		s.summary.Replayed++
	} else {
		s.summary.Applied++
	}
	return res.SubjectID, nil
}
