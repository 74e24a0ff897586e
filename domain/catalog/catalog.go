// Package catalog lists the aggregates of the planner: the one place that
// knows every subject type, its state and its events.
package catalog

import (
	"fmt"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/domain/discussion"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/domain/strategy"
)

// Registry returns a registry with every event type of every aggregate.
func Registry() *domain.Registry {
	r := domain.NewRegistry()
	strategy.RegisterEvents(r)
	cooperation.RegisterEvents(r)
	network.RegisterEvents(r)
	discussion.RegisterEvents(r)
	return r
}

// New returns the empty state of a subject type.
func New(t domain.SubjectType) (domain.Aggregate, error) {
	switch t {
	case domain.SubjectStrategy:
		return &strategy.Strategy{}, nil
	case domain.SubjectCooperationConcept:
		return &cooperation.Concept{}, nil
	case domain.SubjectOrganisation:
		return &network.Organisation{}, nil
	case domain.SubjectLocation:
		return &network.Location{}, nil
	case domain.SubjectDiscussionThread:
		return &discussion.Thread{}, nil
	}
	return nil, fmt.Errorf("catalog: unknown subject type %q", t)
}

// Types lists every subject type.
func Types() []domain.SubjectType {
	return []domain.SubjectType{
		domain.SubjectStrategy, domain.SubjectCooperationConcept, domain.SubjectOrganisation, domain.SubjectLocation,
		domain.SubjectDiscussionThread,
	}
}
