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

// revisionChanges is the revision's field-level changes as the history
// keeps them: erased personal data redacted, and the changes erasure would
// otherwise hide kept (domain.KeepErased).
func revisionChanges(u *projections.Update) []domain.Change {
	changes := domain.Diff(u.Before, u.After)
	if !u.Personal || len(u.Erased) == 0 {
		return changes
	}
	return domain.KeepErased(changes, u.Revision.PersonalDataKeys(), u.Erased)
}
