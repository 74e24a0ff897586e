package domain

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
)

// Digest is what the read side needs to know about one revision of a
// subject: its field-level changes, the leaves it set and removed, the
// head of the document after it, and the subject's own figures. It is
// computed once per revision where the states before and after are at
// hand — by the command path as it decides, or by the projection runner
// when it has to derive a revision from the log — and carried to every
// projection, so that applying a revision costs what the change costs, not
// what the document weighs.
//
// A digest holds values in plain text: subjects with personal data
// (PersonalData) get none on the command path, since a digest outlives an
// erasure wherever it is stored.
type Digest struct {
	// Changes is Diff(before, after).
	Changes []Change `json:"changes"`
	// Set and Removed are the leaf paths (Doc.Leaves) whose value the
	// revision set (new or different) and the ones it removed: blame.
	Set     []string `json:"set,omitempty"`
	Removed []string `json:"removed,omitempty"`
	// Fields are the document's top-level fields after the revision, and
	// Keys the item keys of each of its top-level lists, in order: what
	// lists filter and sort on (see Head).
	Fields map[string]any      `json:"fields"`
	Keys   map[string][]string `json:"keys"`
	// Figures are the subject's figures after the revision (Figured), as
	// JSON; nil for subjects without figures.
	Figures json.RawMessage `json:"figures,omitempty"`
	// StatePatch turns the subject's state before the revision, as JSON,
	// into the state after it: read models that keep the state patch it
	// in place (DiffJSON).
	StatePatch StatePatch `json:"statePatch"`
	// State is the whole state after the revision, as JSON, for the rare
	// revisions that change a list read models keep from the state rather
	// than from the document (StateLists); nil otherwise.
	State json.RawMessage `json:"state,omitempty"`
}

// Figured is implemented by subjects that report figures about themselves
// (a strategy's progress): they travel with each revision's digest, so
// that dashboards need not recount the document.
type Figured interface {
	Figures() any
}

// StateLists are the document lists whose rows read models keep from the
// subject's state, which holds more about each item than the document
// shows (who named a version and when, a review's organisation). A
// revision that changes one of them carries its state in the digest.
var StateLists = []string{"reviews", "versions"}

// NewDigest computes the digest of the revision that turned before into
// after, with state the subject after it and beforeState its JSON before
// (nil for a new subject). It also returns the state's JSON after, which
// the next revision's digest starts from.
func NewDigest(before, after Doc, beforeState []byte, state Aggregate) (Digest, []byte, error) {
	d := Digest{
		Changes: Diff(before, after),
		Fields:  after.Fields,
		Keys:    make(map[string][]string, len(after.Lists)),
	}
	d.Set, d.Removed = leafChanges(before, after, d.Changes)
	for name, items := range after.Lists {
		keys := make([]string, len(items))
		for i, it := range items {
			keys[i] = it.Key
		}
		d.Keys[name] = keys
	}
	figures, err := FiguresOf(state)
	if err != nil {
		return Digest{}, nil, err
	}
	d.Figures = figures
	afterState, err := json.Marshal(state)
	if err != nil {
		return Digest{}, nil, fmt.Errorf("digest: state: %w", err)
	}
	if d.StatePatch, err = DiffJSON(beforeState, afterState); err != nil {
		return Digest{}, nil, err
	}
	if d.Touches(StateLists...) {
		d.State = afterState
	}
	return d, afterState, nil
}

// FiguresOf returns the figures of a subject (Figured) as JSON; nil for a
// subject without figures.
func FiguresOf(state Aggregate) (json.RawMessage, error) {
	f, ok := state.(Figured)
	if !ok {
		return nil, nil
	}
	raw, err := json.Marshal(f.Figures())
	if err != nil {
		return nil, fmt.Errorf("digest: figures: %w", err)
	}
	return raw, nil
}

// Touches reports whether a change lies in one of the named top-level
// fields or lists.
func (d *Digest) Touches(names ...string) bool {
	for _, c := range d.Changes {
		top, _, _ := strings.Cut(strings.TrimPrefix(c.Path, "/"), "/")
		for _, n := range names {
			if top == n {
				return true
			}
		}
	}
	return false
}

// Head returns the document after the revision without the contents of
// its list items: its top-level fields, and each top-level list's items
// by key only.
func (d *Digest) Head() Doc {
	doc := NewDoc()
	for name, v := range d.Fields {
		doc.Fields[name] = v
	}
	for name, keys := range d.Keys {
		items := make([]Item, len(keys))
		for i, k := range keys {
			items[i] = Item{Key: k, Doc: NewDoc()}
		}
		doc.Lists[name] = items
	}
	return doc
}

// LeafChanges returns the leaves (Doc.Leaves) of after that are new or
// hold another value than in before, and the leaves of before that after
// no longer has: what a revision does to blame.
func LeafChanges(before, after map[string]any) (set, removed []string) {
	for path, v := range after {
		if old, ok := before[path]; !ok || !Equal(old, v) {
			set = append(set, path)
		}
	}
	for path := range before {
		if _, ok := after[path]; !ok {
			removed = append(removed, path)
		}
	}
	slices.Sort(set)
	slices.Sort(removed)
	return set, removed
}

// DigestStart is a subject as it was before a command's events (which
// change the state in place): what the revision's digest is computed
// against.
type DigestStart struct {
	before      Doc
	beforeState []byte
	personal    bool
}

// StartDigest captures the subject before a command's events apply, at
// its current revision (0 for a subject the command creates).
func StartDigest(state Aggregate, revision int) (DigestStart, error) {
	if revision == 0 {
		// Creation shows every field as added.
		_, personal := state.(PersonalData)
		return DigestStart{before: NewDoc(), personal: personal}, nil
	}
	d := DigestStart{before: state.Document()}
	if _, d.personal = state.(PersonalData); d.personal {
		return d, nil
	}
	raw, err := json.Marshal(state)
	if err != nil {
		return d, fmt.Errorf("digest: encode state: %w", err)
	}
	d.beforeState = raw
	return d, nil
}

// Before is the subject's document before the command.
func (d DigestStart) Before() Doc { return d.before }

// Finish computes the revision's digest, with after and state the
// subject after the command's events. Subjects with personal data get
// none: the digest would carry in plain text, into the outbox, what
// erasure must be able to destroy; the projections derive their revisions
// from the log instead.
func (d DigestStart) Finish(after Doc, state Aggregate) (*Digest, error) {
	if d.personal {
		return nil, nil
	}
	digest, _, err := NewDigest(d.before, after, d.beforeState, state)
	if err != nil {
		return nil, err
	}
	return &digest, nil
}

// leafChanges is LeafChanges(before.Leaves(), after.Leaves()) derived from
// the changes between them, at the cost of the change rather than of the
// documents: a changed, added or removed field is one leaf; an added or
// removed item is the leaves within it; an item that gains or loses its
// last field or list entry becomes or stops being a leaf of its own.
func leafChanges(before, after Doc, changes []Change) (set, removed []string) {
	setM, removedM := map[string]bool{}, map[string]bool{}
	ancestors := map[string]bool{}
	for _, c := range changes {
		switch c.Kind {
		case Moved:
			continue
		case Changed:
			setM[c.Path] = true
		case Added:
			if it, ok := itemAt(after, c.Path); ok {
				itemLeaves(c.Path, it, setM)
			} else {
				setM[c.Path] = true
			}
		case Removed:
			if it, ok := itemAt(before, c.Path); ok {
				itemLeaves(c.Path, it, removedM)
			} else {
				removedM[c.Path] = true
			}
		}
		segs := strings.Split(strings.TrimPrefix(c.Path, "/"), "/")
		for n := 2; n < len(segs); n += 2 {
			ancestors["/"+strings.Join(segs[:n], "/")] = true
		}
	}
	for a := range ancestors {
		b, inBefore := itemAt(before, a)
		f, inAfter := itemAt(after, a)
		if !inBefore || !inAfter {
			continue
		}
		switch wasLeaf, isLeaf := leafItem(b), leafItem(f); {
		case wasLeaf && !isLeaf:
			removedM[a] = true
		case isLeaf && !wasLeaf:
			setM[a] = true
		}
	}
	for p := range setM {
		set = append(set, p)
	}
	for p := range removedM {
		removed = append(removed, p)
	}
	slices.Sort(set)
	slices.Sort(removed)
	return set, removed
}

// itemAt returns the item a path names (/list/key/list/key...); ok is
// false for a field's path or a missing item.
func itemAt(d Doc, path string) (Doc, bool) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if len(segs)%2 != 0 {
		return Doc{}, false
	}
	cur := d
	for i := 0; i < len(segs); i += 2 {
		found := false
		for _, it := range cur.Lists[segs[i]] {
			if it.Key == segs[i+1] {
				cur, found = it.Doc, true
				break
			}
		}
		if !found {
			return Doc{}, false
		}
	}
	return cur, true
}

func leafItem(d Doc) bool { return len(d.Fields) == 0 && allEmpty(d.Lists) }

// itemLeaves adds the leaves of the item at path (Leaves' rules).
func itemLeaves(path string, d Doc, out map[string]bool) {
	if leafItem(d) {
		out[path] = true
		return
	}
	leaves := map[string]any{}
	collectLeaves(path, d, leaves)
	for p := range leaves {
		out[p] = true
	}
}
