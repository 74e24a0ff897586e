package resolver

import (
	"slices"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
)

// Changes computed here (a payload's revision before it is projected, and
// diffs between any two revisions) must read exactly like the history
// projection's rows, erasure included; both use domain.KeepErased and
// domain.Redact.

// storedChanges turns a diff into the history's change rows: values
// normalised through JSON (as stored rows read back), the changes erasure
// would hide kept for the revision's personal data keys, and everything
// under the erased paths redacted.
func storedChanges(diff []domain.Change, keys []string, erased []string) []domain.Change {
	changes := make([]domain.Change, len(diff))
	for i, c := range diff {
		changes[i] = domain.Change{Path: c.Path, Kind: c.Kind, Before: domain.JSONValue(c.Before), After: domain.JSONValue(c.After)}
	}
	if len(erased) == 0 {
		return changes
	}
	changes = domain.KeepErased(changes, keys, erased)
	domain.Redact(changes, erased)
	return changes
}

// personalKeys lists the personal data keys a revision recorded; nil for
// the diff between two arbitrary revisions.
func personalKeys(rev *eventstore.Revision) []string {
	if rev == nil {
		return nil
	}
	return rev.PersonalDataKeys()
}

// erasedPathsOf returns the erased paths of the given states (subjects
// without personal data have none), sorted and without duplicates.
func erasedPathsOf(states ...domain.Aggregate) []string {
	var all []string
	for _, s := range states {
		if pd, ok := s.(domain.PersonalData); ok {
			all = append(all, pd.ErasedPaths()...)
		}
	}
	slices.Sort(all)
	return slices.Compact(all)
}
