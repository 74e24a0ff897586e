package graph

import (
	"context"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain/network"
)

// LocationResolver renders a Location from its state.
type LocationResolver struct {
	root *Resolver
	l    *network.Location
}

func (r *Resolver) NewLocation(l *network.Location) *LocationResolver {
	return &LocationResolver{root: r, l: l}
}

func (l *LocationResolver) ID() graphql.ID  { return SubjectID(l.l.ID) }
func (l *LocationResolver) Name() string    { return l.l.Name }
func (l *LocationResolver) Country() string { return l.l.Country }
func (l *LocationResolver) Region() *string { return Optional(l.l.Region) }

// location loads one location through the request's loader.
func (r *Resolver) location(ctx context.Context, id uuid.UUID) (*LocationResolver, error) {
	state, err := r.loaders(ctx).locations.Load(ctx, id)()
	if err != nil {
		return nil, Fail(err)
	}
	return r.NewLocation(state), nil
}

// locationList loads locations in one batch, in the given order.
func (r *Resolver) locationList(ctx context.Context, ids []uuid.UUID) ([]*LocationResolver, error) {
	states, err := loadAll(ctx, r.loaders(ctx).locations, ids)
	if err != nil {
		return nil, Fail(err)
	}
	out := make([]*LocationResolver, len(states))
	for i, s := range states {
		out[i] = r.NewLocation(s)
	}
	return out, nil
}

// OrganisationResolver renders an Organisation from its state. History
// fields (revisions, revisionByNumber, diff, blame) belong to the read side.
type OrganisationResolver struct {
	root *Resolver
	o    *network.Organisation
}

func (r *Resolver) NewOrganisation(o *network.Organisation) *OrganisationResolver {
	return &OrganisationResolver{root: r, o: o}
}

func (o *OrganisationResolver) ID() graphql.ID   { return SubjectID(o.o.ID) }
func (o *OrganisationResolver) Name() string     { return o.o.Name }
func (o *OrganisationResolver) Role() string     { return string(o.o.Role) }
func (o *OrganisationResolver) Address() *string { return Optional(o.o.Address) }
func (o *OrganisationResolver) Website() *string { return Optional(o.o.Website) }
func (o *OrganisationResolver) Revision() int32  { return int32(o.o.Revision) }

func (o *OrganisationResolver) Location(ctx context.Context) (*LocationResolver, error) {
	return o.root.location(ctx, o.o.LocationID)
}

// Contact is null until a contact person is set; an erased one stays, with
// erased true and no personal data.
func (o *OrganisationResolver) Contact() *ContactPersonResolver {
	if o.o.Contact == nil {
		return nil
	}
	return &ContactPersonResolver{c: o.o.Contact}
}

func (o *OrganisationResolver) CreatedAt(ctx context.Context) (DateTime, error) {
	return o.root.createdAt(ctx, o.o.ID, o.o.Revision)
}

func (o *OrganisationResolver) UpdatedAt(ctx context.Context) (DateTime, error) {
	return o.root.updatedAt(ctx, o.o.ID, o.o.Revision)
}

// organisation loads one organisation through the request's loader.
func (r *Resolver) OrganisationByID(ctx context.Context, id uuid.UUID) (*OrganisationResolver, error) {
	state, err := r.loaders(ctx).organisations.Load(ctx, id)()
	if err != nil {
		return nil, Fail(err)
	}
	return r.NewOrganisation(state), nil
}

// organisationList loads organisations in one batch, in the given order.
func (r *Resolver) organisationList(ctx context.Context, ids []uuid.UUID) ([]*OrganisationResolver, error) {
	states, err := loadAll(ctx, r.loaders(ctx).organisations, ids)
	if err != nil {
		return nil, Fail(err)
	}
	r.PrefetchOrganisations(ctx, SelectionOf(ctx), states)
	out := make([]*OrganisationResolver, len(states))
	for i, s := range states {
		out[i] = r.NewOrganisation(s)
	}
	return out, nil
}

// ContactPersonResolver renders an organisation's contact person. Its name,
// email and phone are null once erased, and null when never given.
type ContactPersonResolver struct {
	c *network.ContactPerson
}

func (c *ContactPersonResolver) Name() *string  { return c.personal(c.c.Name) }
func (c *ContactPersonResolver) Email() *string { return c.personal(c.c.Email) }
func (c *ContactPersonResolver) Phone() *string { return c.personal(c.c.Phone) }
func (c *ContactPersonResolver) Erased() bool   { return c.c.Erased }

// personal hides a value of an erased person even if the state still held
// one (it does not: erasure clears them; this is a second lock).
func (c *ContactPersonResolver) personal(v string) *string {
	if c.c.Erased {
		return nil
	}
	return Optional(v)
}

// Optional serves "" (the domain's "none") as null.
func Optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}
