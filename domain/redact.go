package domain

import (
	"slices"
	"strings"
)

// Erasure of personal data (see PersonalData) must show in every revision,
// diff and audit entry: the values at or under an erased path are null and
// the change is marked redacted, while the change itself, the history,
// stays. The history projection and the API compute changes with these
// functions, so they read the same.

// Redact hides what lies at or under the erased paths. It is idempotent
// and redacting with A then B equals redacting with A and B at once, so
// revisions redacted as erasures accumulate equal those redacted once
// with the final set. It reports whether anything changed.
func Redact(changes []Change, erased []string) bool {
	changed := false
	for i := range changes {
		c := &changes[i]
		for _, e := range erased {
			switch {
			case HasPrefix(c.Path, e):
				if !c.Redacted || c.Before != nil || c.After != nil {
					changed = true
				}
				c.Before, c.After, c.Redacted = nil, nil, true
			case HasPrefix(e, c.Path):
				rel := strings.Split(strings.TrimPrefix(e[len(c.Path):], "/"), "/")
				before, hitBefore := redactIn(c.Before, rel)
				after, hitAfter := redactIn(c.After, rel)
				if hitBefore || hitAfter {
					if !c.Redacted || !Equal(before, c.Before) || !Equal(after, c.After) {
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
		v = JSONValue(v)
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
	items, ok := JSONValue(child).([]any)
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

// blankItem is an erased list item: its key stays, everything else is null.
func blankItem(item map[string]any) map[string]any {
	out := make(map[string]any, len(item))
	for k := range item {
		out[k] = nil
	}
	out["key"] = item["key"]
	return out
}

// KeepErased adds the changes that erasure would otherwise hide. Once a
// person's data is crypto-shredded, a revision that changed it diffs as a
// revision that changed nothing (both sides are gone), yet the history must
// show that it happened: every erased path naming one of the revision's
// personal data keys, that no change covers, is kept as a redacted change.
// They come in path order, whatever the order of erased.
func KeepErased(changes []Change, keys, erased []string) []Change {
	erased = slices.Sorted(slices.Values(erased))
	for _, key := range keys {
		segment := "/" + key + "/"
		for _, path := range erased {
			if strings.Contains(path+"/", segment) && !covered(changes, path) {
				changes = append(changes, Change{Path: path, Kind: Changed, Redacted: true})
			}
		}
	}
	return changes
}

func covered(changes []Change, path string) bool {
	for _, c := range changes {
		if Overlaps(c.Path, path) {
			return true
		}
	}
	return false
}

// RevisionChanges is the one definition of what a revision changed, as
// every history surface shows it (the history projection, a mutation
// payload's revision, diffs between any two revisions): the diff of the
// documents before and after, the changes erasure would otherwise hide
// kept for the revision's personal data keys (KeepErased), and everything
// at or under an erased path redacted (Redact). keys is nil for a diff
// between two arbitrary revisions; erased is nil for subjects without
// personal data.
func RevisionChanges(before, after Doc, keys, erased []string) []Change {
	changes := Diff(before, after)
	if len(erased) == 0 {
		return changes
	}
	changes = KeepErased(changes, keys, erased)
	Redact(changes, erased)
	return changes
}
