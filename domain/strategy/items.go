package strategy

import (
	"iter"
	"slices"

	"github.com/google/uuid"
)

// itemKind names the kinds of keyed items in a strategy's content; the
// names are the ones error messages use ("section not found").
type itemKind string

const (
	kindSection   itemKind = "section"
	kindPriority  itemKind = "priority"
	kindObjective itemKind = "objective"
	kindMeasure   itemKind = "measure"
	kindMilestone itemKind = "milestone"
	kindIndicator itemKind = "indicator"
)

// place is where an item sits in the content tree: its kind, its index in
// its own list and the indexes of the items containing it (-1 where the
// kind has no such container).
type place struct {
	kind      itemKind
	priority  int
	objective int
	measure   int
	index     int
}

// locate finds the item with the given key anywhere in the content. Keys
// are unique within a document, so there is at most one.
func (c *Content) locate(key uuid.UUID) (place, bool) {
	if i := indexOfKey(c.Sections, key); i >= 0 {
		return place{kind: kindSection, priority: -1, objective: -1, measure: -1, index: i}, true
	}
	for pi, p := range c.Priorities {
		if p.Key == key {
			return place{kind: kindPriority, priority: -1, objective: -1, measure: -1, index: pi}, true
		}
		for oi, o := range p.Objectives {
			if o.Key == key {
				return place{kind: kindObjective, priority: pi, objective: -1, measure: -1, index: oi}, true
			}
			for mi, m := range o.Measures {
				if m.Key == key {
					return place{kind: kindMeasure, priority: pi, objective: oi, measure: -1, index: mi}, true
				}
				if i := indexOfKey(m.Milestones, key); i >= 0 {
					return place{kind: kindMilestone, priority: pi, objective: oi, measure: mi, index: i}, true
				}
			}
			if i := indexOfKey(o.Indicators, key); i >= 0 {
				return place{kind: kindIndicator, priority: pi, objective: oi, measure: -1, index: i}, true
			}
		}
	}
	return place{}, false
}

// hasKey reports whether any item of the content uses key.
func (c *Content) hasKey(key uuid.UUID) bool {
	_, found := c.locate(key)
	return found
}

// The typed lookups return a pointer into the content, or nil when no item
// of that kind has the key. Decide only reads through them; Apply writes.

func (c *Content) section(key uuid.UUID) *Section {
	if i := indexOfKey(c.Sections, key); i >= 0 {
		return &c.Sections[i]
	}
	return nil
}

func (c *Content) priority(key uuid.UUID) *Priority {
	if i := indexOfKey(c.Priorities, key); i >= 0 {
		return &c.Priorities[i]
	}
	return nil
}

func (c *Content) objective(key uuid.UUID) *Objective {
	if p, ok := c.locate(key); ok && p.kind == kindObjective {
		return &c.Priorities[p.priority].Objectives[p.index]
	}
	return nil
}

func (c *Content) measure(key uuid.UUID) *Measure {
	if p, ok := c.locate(key); ok && p.kind == kindMeasure {
		return &c.Priorities[p.priority].Objectives[p.objective].Measures[p.index]
	}
	return nil
}

func (c *Content) milestone(key uuid.UUID) *Milestone {
	if p, ok := c.locate(key); ok && p.kind == kindMilestone {
		return &c.Priorities[p.priority].Objectives[p.objective].Measures[p.measure].Milestones[p.index]
	}
	return nil
}

func (c *Content) indicator(key uuid.UUID) *Indicator {
	if p, ok := c.locate(key); ok && p.kind == kindIndicator {
		return &c.Priorities[p.priority].Objectives[p.objective].Indicators[p.index]
	}
	return nil
}

// objectives, measures and indicators walk the content tree in document
// order.

func (c *Content) objectives() iter.Seq[*Objective] {
	return func(yield func(*Objective) bool) {
		for pi := range c.Priorities {
			for oi := range c.Priorities[pi].Objectives {
				if !yield(&c.Priorities[pi].Objectives[oi]) {
					return
				}
			}
		}
	}
}

func (c *Content) measures() iter.Seq[*Measure] {
	return func(yield func(*Measure) bool) {
		for o := range c.objectives() {
			for mi := range o.Measures {
				if !yield(&o.Measures[mi]) {
					return
				}
			}
		}
	}
}

func (c *Content) indicators() iter.Seq[*Indicator] {
	return func(yield func(*Indicator) bool) {
		for o := range c.objectives() {
			for ii := range o.Indicators {
				if !yield(&o.Indicators[ii]) {
					return
				}
			}
		}
	}
}

// keyed is implemented by every item type so that list operations can be
// written once.
type keyed interface{ itemKey() uuid.UUID }

func (s Section) itemKey() uuid.UUID   { return s.Key }
func (p Priority) itemKey() uuid.UUID  { return p.Key }
func (o Objective) itemKey() uuid.UUID { return o.Key }
func (m Measure) itemKey() uuid.UUID   { return m.Key }
func (m Milestone) itemKey() uuid.UUID { return m.Key }
func (i Indicator) itemKey() uuid.UUID { return i.Key }

func indexOfKey[T keyed](items []T, key uuid.UUID) int {
	return slices.IndexFunc(items, func(it T) bool { return it.itemKey() == key })
}

// insertBefore inserts item before the item keyed before; it appends when
// before is nil or not in the list.
func insertBefore[T keyed](items []T, item T, before *uuid.UUID) []T {
	at := len(items)
	if before != nil {
		if i := indexOfKey(items, *before); i >= 0 {
			at = i
		}
	}
	return slices.Insert(items, at, item)
}

// moveBefore moves the item at index from before the item keyed before (to
// the end when before is nil or not a sibling).
func moveBefore[T keyed](items []T, from int, before *uuid.UUID) []T {
	item := items[from]
	items = slices.Delete(items, from, from+1)
	return insertBefore(items, item, before)
}
