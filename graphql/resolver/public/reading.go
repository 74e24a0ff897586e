package public

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// The public view: published documents as readers without a token see
// them. Its types are its own (Public*), so that nothing reachable from the
// public root fields leads to a draft, an actor, a contact person, a
// review or the audit log; the object resolvers of the rest of the schema
// are never returned from here. What a public strategy shows is the
// adopted edition (its state at the adoption's revision), never the live
// state.

// reading is one root field's reading of the public view. It memoises
// documents, so that nested selections (a strategy's concepts, a concept's
// strategy, ...) load each one once; graphql-go resolves fields in
// parallel, hence the lock.
type reading struct {
	root *View

	mu         sync.Mutex
	strategies map[uuid.UUID]*PublicStrategyResolver
	concepts   map[uuid.UUID]*PublicConceptResolver
}

func (r *View) newReading() *reading {
	return &reading{root: r, strategies: map[uuid.UUID]*PublicStrategyResolver{}, concepts: map[uuid.UUID]*PublicConceptResolver{}}
}

// publicStrategy returns the public edition of the strategy id, nil when
// there is none (no such strategy, never adopted, not published). It
// loads the latest state from the event store, so a withdrawal counts at
// once.
func (v *reading) publicStrategy(ctx context.Context, id uuid.UUID) (*PublicStrategyResolver, error) {
	v.mu.Lock()
	s, seen := v.strategies[id]
	v.mu.Unlock()
	if seen {
		return s, nil
	}
	latest, err := app.Load(ctx, v.root.Deps.App, app.Strategies, id, 0)
	if err != nil {
		if domain.CodeOf(err) == domain.CodeNotFound {
			return v.rememberStrategy(id, nil), nil
		}
		return nil, err
	}
	return v.strategyFrom(ctx, latest.State)
}

// strategyFrom renders the public edition of a strategy whose current
// state is current (from the event store or the documents read model).
func (v *reading) strategyFrom(ctx context.Context, current *strategy.Strategy) (*PublicStrategyResolver, error) {
	edition, adopted := current.AdoptedVersion()
	if current.PublishedAt == nil || !adopted {
		return v.rememberStrategy(current.ID, nil), nil
	}
	state, err := app.Load(ctx, v.root.Deps.App, app.Strategies, current.ID, edition.Revision)
	if err != nil {
		return nil, err
	}
	return v.rememberStrategy(current.ID, &PublicStrategyResolver{
		view: v, id: current.ID, s: state.State, current: current, edition: edition, publishedAt: *current.PublishedAt,
	}), nil
}

func (v *reading) rememberStrategy(id uuid.UUID, s *PublicStrategyResolver) *PublicStrategyResolver {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.strategies[id] = s
	return s
}

// publicConcept returns the published concept id, nil when there is none.
func (v *reading) publicConcept(ctx context.Context, id uuid.UUID) (*PublicConceptResolver, error) {
	v.mu.Lock()
	c, seen := v.concepts[id]
	v.mu.Unlock()
	if seen {
		return c, nil
	}
	latest, err := app.Load(ctx, v.root.Deps.App, app.Concepts, id, 0)
	if err != nil {
		if domain.CodeOf(err) == domain.CodeNotFound {
			return v.rememberConcept(id, nil), nil
		}
		return nil, err
	}
	return v.conceptFrom(ctx, latest.State)
}

// conceptFrom renders a published concept. ADOPTED is final and freezes
// the content, so the current content is the adopted one; the adoption's
// revision and time come from its event.
func (v *reading) conceptFrom(ctx context.Context, c *cooperation.Concept) (*PublicConceptResolver, error) {
	if c.PublishedAt == nil || c.Status != cooperation.StatusAdopted {
		return v.rememberConcept(c.ID, nil), nil
	}
	var e PublicEditionResolver
	var at time.Time
	err := v.root.Deps.Pool.QueryRow(ctx, `SELECT revision, recorded_at FROM events
		WHERE stream_id = $1 AND event_type = $2 ORDER BY version DESC LIMIT 1`,
		c.ID, (&cooperation.Adopted{}).EventType()).Scan(&e.revision, &at)
	e.at = graph.NewDateTime(at)
	if errors.Is(err, pgx.ErrNoRows) {
		return v.rememberConcept(c.ID, nil), nil
	}
	if err != nil {
		return nil, fmt.Errorf("adoption of concept %s: %w", c.ID, err)
	}
	return v.rememberConcept(c.ID, &PublicConceptResolver{view: v, c: c, edition: &e, publishedAt: *c.PublishedAt}), nil
}

func (v *reading) rememberConcept(id uuid.UUID, c *PublicConceptResolver) *PublicConceptResolver {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.concepts[id] = c
	return c
}

// publicRefs are the organisations and locations one document names,
// read through the request's loaders (the event store, batched) when first
// needed.
type publicRefs struct {
	once sync.Once
	err  error
	orgs map[uuid.UUID]*network.Organisation
	locs map[uuid.UUID]*network.Location
}

func (p *publicRefs) load(ctx context.Context, v *reading, orgIDs, locIDs []uuid.UUID) error {
	p.once.Do(func() {
		p.orgs, p.locs = map[uuid.UUID]*network.Organisation{}, map[uuid.UUID]*network.Location{}
		orgs, err := v.root.OrganisationStates(ctx, orgIDs)
		if err != nil {
			p.err = err
			return
		}
		for _, o := range orgs {
			p.orgs[o.ID] = o
			locIDs = append(locIDs, o.LocationID)
		}
		locs, err := v.root.LocationStates(ctx, locIDs)
		if err != nil {
			p.err = err
			return
		}
		for _, l := range locs {
			p.locs[l.ID] = l
		}
	})
	return p.err
}

// organisation renders an organisation without its contact person and
// address; nil when it is unknown.
func (p *publicRefs) organisation(id uuid.UUID) *PublicOrganisationResolver {
	o := p.orgs[id]
	if o == nil {
		return nil
	}
	out := &PublicOrganisationResolver{name: o.Name, website: o.Website}
	if l := p.locs[o.LocationID]; l != nil {
		out.country = l.Country
	}
	return out
}

func (p *publicRefs) locations(ids []uuid.UUID) []*PublicLocationResolver {
	out := make([]*PublicLocationResolver, 0, len(ids))
	for _, id := range ids {
		if l := p.locs[id]; l != nil {
			out = append(out, &PublicLocationResolver{l: l})
		}
	}
	return out
}
