package auth

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/eventstore"
)

// NetworkResolverConfig tunes a NetworkResolver. The zero value is ready
// to use.
type NetworkResolverConfig struct {
	// CountryTTL is how long an organisation's country is remembered, so
	// that authenticating a request does not load two streams. An
	// organisation moved to another country counts there after at most
	// this long. Default 1 minute; negative disables the cache.
	CountryTTL time.Duration
	// Organisations and Locations describe the streams to the store.
	// Pass the kinds the application writes snapshots with, so that both
	// share them; by default (StateVersion 1) a kind whose StateVersion
	// matches no snapshot still loads correctly, by replaying events.
	Organisations eventstore.StreamKind[*network.Organisation]
	Locations     eventstore.StreamKind[*network.Location]
	// Now is the clock of the cache. Default time.Now.
	Now func() time.Time
}

func (c *NetworkResolverConfig) setDefaults() {
	if c.CountryTTL == 0 {
		c.CountryTTL = time.Minute
	}
	if c.Organisations.New == nil {
		c.Organisations = eventstore.StreamKind[*network.Organisation]{
			Type: domain.SubjectOrganisation, New: func() *network.Organisation { return new(network.Organisation) }, StateVersion: 1,
		}
	}
	if c.Locations.New == nil {
		c.Locations = eventstore.StreamKind[*network.Location]{
			Type: domain.SubjectLocation, New: func() *network.Location { return new(network.Location) }, StateVersion: 1,
		}
	}
	if c.Now == nil {
		c.Now = time.Now
	}
}

// NetworkResolver is the OrganisationResolver over the event store: it
// loads organisation and location streams. The store's registry must know
// the network's events (network.RegisterEvents).
type NetworkResolver struct {
	store *eventstore.Store
	cfg   NetworkResolverConfig

	mu sync.Mutex
	// countries holds one entry per organisation asked about; the network
	// has a few dozen, so the map needs no bound.
	countries map[uuid.UUID]cachedCountry
}

type cachedCountry struct {
	country string
	until   time.Time
}

// NewNetworkResolver returns a resolver over store.
func NewNetworkResolver(store *eventstore.Store, cfg NetworkResolverConfig) *NetworkResolver {
	cfg.setDefaults()
	return &NetworkResolver{store: store, cfg: cfg, countries: map[uuid.UUID]cachedCountry{}}
}

// Resolve implements OrganisationResolver. A name matches an organisation's
// current name exactly (surrounding spaces of idOrName aside), else as
// organisation_match.go describes: ignoring case, with or without the
// country the CLI prints after it; a failure lists the closest names.
func (r *NetworkResolver) Resolve(ctx context.Context, idOrName string) (uuid.UUID, string, error) {
	ref := strings.TrimSpace(idOrName)
	if ref == "" {
		return uuid.Nil, "", ErrOrganisationNotFound
	}
	if id, err := uuid.Parse(ref); err == nil {
		country, err := r.Country(ctx, id)
		return id, country, err
	}
	id, err := r.byName(ctx, ref)
	if errors.Is(err, ErrOrganisationNotFound) {
		id, err = r.byLooseName(ctx, ref)
	}
	if err != nil {
		return uuid.Nil, "", err
	}
	country, err := r.Country(ctx, id)
	return id, country, err
}

// Country implements OrganisationResolver.
func (r *NetworkResolver) Country(ctx context.Context, id uuid.UUID) (string, error) {
	now := r.cfg.Now()
	r.mu.Lock()
	cached, ok := r.countries[id]
	r.mu.Unlock()
	if ok && now.Before(cached.until) {
		return cached.country, nil
	}
	org, err := r.organisation(ctx, id)
	if err != nil {
		return "", err
	}
	country, err := r.locationCountry(ctx, org.LocationID)
	if err != nil {
		return "", err
	}
	if r.cfg.CountryTTL > 0 {
		r.mu.Lock()
		r.countries[id] = cachedCountry{country: country, until: now.Add(r.cfg.CountryTTL)}
		r.mu.Unlock()
	}
	return country, nil
}

func (r *NetworkResolver) organisation(ctx context.Context, id uuid.UUID) (*network.Organisation, error) {
	loaded, err := eventstore.Load(ctx, r.store, r.cfg.Organisations, id, 0)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		// The id names a stream of another type.
		return nil, fmt.Errorf("%w: %s", ErrOrganisationNotFound, id)
	case err != nil:
		return nil, fmt.Errorf("load organisation %s: %w", id, err)
	case loaded.State.ID == uuid.Nil:
		return nil, fmt.Errorf("%w: %s", ErrOrganisationNotFound, id)
	}
	return loaded.State, nil
}

// locationCountry returns "" for an unknown location rather than failing:
// the organisation exists, only its country is not known.
func (r *NetworkResolver) locationCountry(ctx context.Context, id uuid.UUID) (string, error) {
	if id == uuid.Nil {
		return "", nil
	}
	loaded, err := eventstore.Load(ctx, r.store, r.cfg.Locations, id, 0)
	switch {
	case errors.Is(err, domain.ErrNotFound):
		return "", nil
	case err != nil:
		return "", fmt.Errorf("load location %s: %w", id, err)
	}
	return loaded.State.Country, nil
}

// byName finds the organisation whose current name is name. The events
// table narrows the search to streams that ever carried the name in an
// event's top-level "name" (OrganisationRegistered, OrganisationUpdated),
// without loading every organisation; loading the candidates then decides,
// so a renamed organisation matches its current name only.
func (r *NetworkResolver) byName(ctx context.Context, name string) (uuid.UUID, error) {
	rows, err := r.store.Pool().Query(ctx, `
		SELECT DISTINCT stream_id FROM events WHERE stream_type = $1 AND data->>'name' = $2`,
		string(r.cfg.Organisations.Type), name)
	if err != nil {
		return uuid.Nil, fmt.Errorf("find organisation by name: %w", err)
	}
	candidates, err := pgx.CollectRows(rows, pgx.RowTo[uuid.UUID])
	if err != nil {
		return uuid.Nil, fmt.Errorf("find organisation by name: %w", err)
	}
	var matches []uuid.UUID
	for _, id := range candidates {
		org, err := r.organisation(ctx, id)
		if err != nil {
			return uuid.Nil, err
		}
		if org.Name == name {
			matches = append(matches, id)
		}
	}
	switch len(matches) {
	case 0:
		return uuid.Nil, fmt.Errorf("%w: %q", ErrOrganisationNotFound, name)
	case 1:
		return matches[0], nil
	}
	ids := make([]string, len(matches))
	for i, id := range matches {
		ids[i] = id.String()
	}
	return uuid.Nil, fmt.Errorf("%w: %q names %s", ErrOrganisationAmbiguous, name, strings.Join(ids, ", "))
}
