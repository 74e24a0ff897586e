package history_test

import (
	"testing"

	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
)

// fixture adds this package's test helpers to the shared fixture.
type fixture struct{ *resolvertest.Fixture }

func newProjectedFixture(t *testing.T) *fixture { return &fixture{resolvertest.NewProjected(t)} }
