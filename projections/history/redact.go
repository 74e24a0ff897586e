package history

import (
	"slices"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/projections"
)

// union returns the sorted union of a and b and what b adds to a.
func union(a, b []string) (all, added []string) {
	seen := make(map[string]bool, len(a)+len(b))
	for _, p := range a {
		seen[p] = true
	}
	all = slices.Clone(a)
	for _, p := range b {
		if !seen[p] {
			seen[p] = true
			all = append(all, p)
			added = append(added, p)
		}
	}
	slices.Sort(all)
	return all, added
}

// revisionChanges is the revision's changes as the history keeps them
// (domain.RevisionChanges), redacted with the erasures its own state knows.
func revisionChanges(u *projections.Update) []domain.Change {
	if !u.Personal {
		return domain.Diff(u.Before, u.After)
	}
	return domain.RevisionChanges(u.Before, u.After, u.Revision.PersonalDataKeys(), u.Erased)
}
