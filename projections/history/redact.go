package history

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/projections"
)

// change is a domain.Change as stored: redacted when personal data in it
// was erased.
type change struct {
	Path     string            `json:"path"`
	Kind     domain.ChangeKind `json:"kind"`
	Before   any               `json:"before"`
	After    any               `json:"after"`
	Redacted bool              `json:"redacted,omitempty"`
}

func fromDiff(diff []domain.Change) []change {
	out := make([]change, len(diff))
	for i, c := range diff {
		out[i] = change{Path: c.Path, Kind: c.Kind, Before: c.Before, After: c.After}
	}
	return out
}

// redact hides what lies at or under the erased paths. It is idempotent
// and redacting with A then B equals redacting with A and B at once, so
// revisions redacted as erasures accumulate equal those redacted once
// with the final set. It reports whether anything changed.
func redact(changes []change, erased []string) bool {
	changed := false
	for i := range changes {
		c := &changes[i]
		for _, e := range erased {
			switch {
			case domain.HasPrefix(c.Path, e):
				if !c.Redacted || c.Before != nil || c.After != nil {
					changed = true
				}
				c.Before, c.After, c.Redacted = nil, nil, true
			case domain.HasPrefix(e, c.Path):
				rel := strings.Split(strings.TrimPrefix(e[len(c.Path):], "/"), "/")
				before, hitBefore := redactIn(c.Before, rel)
				after, hitAfter := redactIn(c.After, rel)
				if hitBefore || hitAfter {
					if !c.Redacted || !domain.Equal(before, c.Before) || !domain.Equal(after, c.After) {
						changed = true
					}
					c.Before, c.After = before, after
					c.Redacted = true
				}
			}
		}
	}
	return changed
}

// redactIn nulls the value at rel (a path below v: field names and list
// keys) inside a document value as Doc.Value renders it. It reports whether
// rel names something in v (null or not); v itself is never modified.
func redactIn(v any, rel []string) (any, bool) {
	if v == nil || len(rel) == 0 {
		return v, false
	}
	if _, plain := v.(map[string]any); !plain {
		v = normalize(v)
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
		// Present, even as null: the value shown is the erased one.
		out[rel[0]] = nil
		return out, true
	}
	items, ok := normalize(child).([]any)
	if !ok || len(rel) < 2 {
		return v, false
	}
	items = slices.Clone(items)
	for i, it := range items {
		if item, ok := it.(map[string]any); ok && item["key"] == rel[1] {
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
	}
	return v, false
}

// normalize turns any JSON-compatible value into maps, slices and scalars.
func normalize(v any) any {
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

// erasedPaths returns the erased paths of a subject that holds personal
// data; ok is false for subjects that hold none.
func erasedPaths(state domain.Aggregate) (paths []string, ok bool) {
	pd, ok := state.(domain.PersonalData)
	if !ok {
		return nil, false
	}
	return pd.ErasedPaths(), true
}

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

// blankItem is an erased list item: its key stays, everything else is null.
func blankItem(item map[string]any) map[string]any {
	out := make(map[string]any, len(item))
	for k := range item {
		out[k] = nil
	}
	out["key"] = item["key"]
	return out
}

// revisionChanges is the revision's field-level changes. Once a person's
// data is crypto-shredded, a revision that changed it reads as a revision
// that changed nothing (the values on both sides are gone); the history
// must still show that it happened, so every erased path of a person whose
// sealed data the revision recorded, and that no change covers, is kept as
// a redacted change.
func revisionChanges(u *projections.Update) []change {
	changes := fromDiff(domain.Diff(u.Before, u.After))
	erased, personal := erasedPaths(u.State)
	if !personal || len(erased) == 0 {
		return changes
	}
	for _, rec := range u.Revision.Events {
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
			if strings.Contains(path+"/", segment) && !covered(changes, path) {
				changes = append(changes, change{Path: path, Kind: domain.Changed, Redacted: true})
			}
		}
	}
	return changes
}

func covered(changes []change, path string) bool {
	for _, c := range changes {
		if domain.Overlaps(c.Path, path) {
			return true
		}
	}
	return false
}
