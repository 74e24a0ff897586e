package subject

import (
	"slices"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

func TestColumnsFromTheContractsPaths(t *testing.T) {
	p1, p2, loc, strategy := uuid.New(), uuid.New(), uuid.New(), uuid.New()
	doc := domain.NewDoc().Set("title", "T").Set("status", "DRAFT").Set("kind", nil).Set("strategyId", strategy.String()).
		List("partners", []domain.Item{{Key: p1.String()}, {Key: "not-an-id"}, {Key: p2.String()}}).
		List("locations", []domain.Item{{Key: loc.String()}})
	c := Of(doc)
	if c.Title != "T" || *c.Status != "DRAFT" || c.Kind != nil || *c.StrategyID != strategy ||
		!slices.Equal(c.PartnerIDs, []uuid.UUID{p1, p2}) || !slices.Equal(c.LocationIDs, []uuid.UUID{loc}) {
		t.Errorf("columns %+v", c)
	}
	org := Of(domain.NewDoc().Set("name", "Org").Set("locationId", loc.String()).Set("country", ""))
	if org.Title != "Org" || org.Country != nil || !slices.Equal(org.LocationIDs, []uuid.UUID{loc}) || org.PartnerIDs == nil {
		t.Errorf("organisation columns %+v", org)
	}
}
