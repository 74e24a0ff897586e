package public

import (
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/graphql/resolver/graph"
)

// What every public document shows: its title, edition and
// publication, and the organisations and locations it names.

// PublicDocumentResolver is the PublicDocument interface.
type PublicDocumentResolver struct {
	strategy *PublicStrategyResolver
	concept  *PublicConceptResolver
}

func (d *PublicDocumentResolver) ID() graphql.ID {
	if d.strategy != nil {
		return d.strategy.ID()
	}
	return d.concept.ID()
}

func (d *PublicDocumentResolver) Title() string {
	if d.strategy != nil {
		return d.strategy.Title()
	}
	return d.concept.Title()
}

func (d *PublicDocumentResolver) Edition() *PublicEditionResolver {
	if d.strategy != nil {
		return d.strategy.Edition()
	}
	return d.concept.Edition()
}

func (d *PublicDocumentResolver) PublishedAt() graph.DateTime {
	if d.strategy != nil {
		return d.strategy.PublishedAt()
	}
	return d.concept.PublishedAt()
}

func (d *PublicDocumentResolver) ToPublicStrategy() (*PublicStrategyResolver, bool) {
	return d.strategy, d.strategy != nil
}

func (d *PublicDocumentResolver) ToPublicConcept() (*PublicConceptResolver, bool) {
	return d.concept, d.concept != nil
}

// PublicEditionResolver is an adopted edition.
type PublicEditionResolver struct {
	name     *string
	revision int
	at       graph.DateTime
}

func (e *PublicEditionResolver) Name() *string             { return e.name }
func (e *PublicEditionResolver) Revision() int32           { return int32(e.revision) }
func (e *PublicEditionResolver) AdoptedAt() graph.DateTime { return e.at }

func edition(v strategy.NamedVersion) *PublicEditionResolver {
	return &PublicEditionResolver{name: new(v.Name), revision: v.Revision, at: graph.NewDateTime(v.CreatedAt)}
}

// PublicOrganisationResolver is a partner without personal data.
type PublicOrganisationResolver struct {
	name, country, website string
}

func (o *PublicOrganisationResolver) Name() string     { return o.name }
func (o *PublicOrganisationResolver) Country() string  { return o.country }
func (o *PublicOrganisationResolver) Website() *string { return graph.Optional(o.website) }

// PublicLocationResolver is a location.
type PublicLocationResolver struct{ l *network.Location }

func (l *PublicLocationResolver) Name() string    { return l.l.Name }
func (l *PublicLocationResolver) Country() string { return l.l.Country }
func (l *PublicLocationResolver) Region() *string { return graph.Optional(l.l.Region) }
