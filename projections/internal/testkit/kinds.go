package testkit

import (
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
	"github.com/creativeclusters/planner/domain/discussion"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/domain/strategy"
	"github.com/creativeclusters/planner/eventstore"
)

// The real aggregates' stream kinds, for Exec.
var (
	Strategies = eventstore.StreamKind[*strategy.Strategy]{Type: domain.SubjectStrategy,
		New: func() *strategy.Strategy { return &strategy.Strategy{} }, StateVersion: 1}
	Concepts = eventstore.StreamKind[*cooperation.Concept]{Type: domain.SubjectCooperationConcept,
		New: func() *cooperation.Concept { return &cooperation.Concept{} }, StateVersion: 1}
	Organisations = eventstore.StreamKind[*network.Organisation]{Type: domain.SubjectOrganisation,
		New: func() *network.Organisation { return &network.Organisation{} }, StateVersion: 1}
	Locations = eventstore.StreamKind[*network.Location]{Type: domain.SubjectLocation,
		New: func() *network.Location { return &network.Location{} }, StateVersion: 1}
	Discussions = eventstore.StreamKind[*discussion.Thread]{Type: domain.SubjectDiscussionThread,
		New: func() *discussion.Thread { return &discussion.Thread{} }, StateVersion: 1}
)
