package resolver

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// Changes computed here (a payload's revision before it is projected, and
// diffs between any two revisions) must read exactly like the history
// projection's rows, erasure included: personal data at or under an erased
// path is null, with redacted set. These functions follow
// projections/history/redact.go rule for rule (redact, revisionChanges);
// that package keeps them unexported, so keep both in step (or export
// them there and use them here).

// changesOf turns a diff into the history's change rows: values
// normalised through JSON (as stored rows read back) and redacted with
// the erased paths.
func changesOf(diff []domain.Change, erased []string) []readmodel.Change {
	out := fromDiff(diff)
	redactChanges(out, erased)
	return out
}

func fromDiff(diff []domain.Change) []readmodel.Change {
	out := make([]readmodel.Change, len(diff))
	for i, c := range diff {
		out[i] = readmodel.Change{Path: c.Path, Kind: c.Kind, Before: normalizeJSON(c.Before), After: normalizeJSON(c.After)}
	}
	return out
}

// keepErasedChanges is projections/history's revisionChanges: once a
// person's data is crypto-shredded, a revision that changed it diffs as a
// revision that changed nothing (both sides are gone), yet the history
// must show that it happened. Every erased path (of the state after the
// revision) of a person whose sealed data one of the revision's events
// recorded, and that no change covers, is kept as a redacted change.
func keepErasedChanges(rev eventstore.Revision, after domain.Aggregate, changes []readmodel.Change) []readmodel.Change {
	pd, personal := after.(domain.PersonalData)
	if !personal {
		return changes
	}
	erased := pd.ErasedPaths()
	if len(erased) == 0 {
		return changes
	}
	for _, rec := range rev.Events {
		var sealed struct {
			Personal struct {
				KeyID string `json:"keyId"`
			} `json:"personal"`
		}
		if json.Unmarshal(rec.Data, &sealed) != nil || sealed.Personal.KeyID == "" {
			continue
		}
		segment := "/" + sealed.Personal.KeyID + "/"
		for _, path := range erased {
			if strings.Contains(path+"/", segment) && !coveredBy(changes, path) {
				changes = append(changes, readmodel.Change{Path: path, Kind: domain.Changed, Redacted: true})
			}
		}
	}
	return changes
}

func coveredBy(changes []readmodel.Change, path string) bool {
	for _, c := range changes {
		if domain.Overlaps(c.Path, path) {
			return true
		}
	}
	return false
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

// redactChanges hides what lies at or under the erased paths.
func redactChanges(changes []readmodel.Change, erased []string) {
	for i := range changes {
		c := &changes[i]
		for _, e := range erased {
			switch {
			case domain.HasPrefix(c.Path, e):
				c.Before, c.After, c.Redacted = nil, nil, true
			case domain.HasPrefix(e, c.Path):
				rel := strings.Split(strings.TrimPrefix(e[len(c.Path):], "/"), "/")
				before, hitBefore := redactIn(c.Before, rel)
				after, hitAfter := redactIn(c.After, rel)
				if hitBefore || hitAfter {
					c.Before, c.After, c.Redacted = before, after, true
				}
			}
		}
	}
}

// redactIn nulls the value at rel (field names and list keys below v)
// inside a document value as Doc.Value renders it, and reports whether rel
// names something in v. v itself is never modified.
func redactIn(v any, rel []string) (any, bool) {
	if v == nil || len(rel) == 0 {
		return v, false
	}
	if _, plain := v.(map[string]any); !plain {
		v = normalizeJSON(v)
	}
	m, ok := v.(map[string]any)
	if !ok {
		return v, false
	}
	child, exists := m[rel[0]]
	if !exists {
		return v, false
	}
	out := make(map[string]any, len(m))
	for k, x := range m {
		out[k] = x
	}
	if len(rel) == 1 {
		out[rel[0]] = nil
		return out, true
	}
	items, ok := normalizeJSON(child).([]any)
	if !ok {
		return v, false
	}
	items = slices.Clone(items)
	for i, it := range items {
		item, ok := it.(map[string]any)
		if !ok || item["key"] != rel[1] {
			continue
		}
		var redacted any = blankItem(item)
		hit := true
		if len(rel) > 2 {
			redacted, hit = redactIn(item, rel[2:])
		}
		if !hit {
			return v, false
		}
		items[i] = redacted
		out[rel[0]] = items
		return out, true
	}
	return v, false
}

// blankItem is an erased list item: its key stays, everything else is null.
func blankItem(item map[string]any) map[string]any {
	out := make(map[string]any, len(item))
	for k := range item {
		out[k] = nil
	}
	out["key"] = item["key"]
	return out
}

// normalizeJSON turns any JSON-compatible value into what decoding its
// JSON gives (maps, []any, float64, ...), the form stored rows read back in.
func normalizeJSON(v any) any {
	if v == nil {
		return nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if err := json.Unmarshal(raw, &out); err != nil {
		return v
	}
	return out
}
