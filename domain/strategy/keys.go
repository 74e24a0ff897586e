package strategy

import (
	"slices"

	"github.com/google/uuid"
)

// Keys are never reused. A path such as /sections/{key}/body names one
// item for the strategy's whole life: if a new item could take the key of
// a removed one, history, blame and diffs would mix two different things
// under one path. So the state remembers the keys of removed items
// (RetiredKeys) and newItemKey refuses them with VALIDATION_FAILED. A
// restore brings removed items back under their own keys, which then are
// in use again rather than retired.

// retired reports whether key belonged to a removed item.
func (s *Strategy) retired(key uuid.UUID) bool { return slices.Contains(s.RetiredKeys, key) }

// retire records the keys that leave the content, keeping those that stay
// (or come back) out of the list.
func (s *Strategy) retire(leaving, staying []uuid.UUID) {
	for _, k := range leaving {
		if !slices.Contains(staying, k) && !s.retired(k) {
			s.RetiredKeys = append(s.RetiredKeys, k)
		}
	}
	s.RetiredKeys = slices.DeleteFunc(s.RetiredKeys, func(k uuid.UUID) bool { return slices.Contains(staying, k) })
}

// keys lists every item key of the content.
func (c *Content) keys() []uuid.UUID {
	var out []uuid.UUID
	for _, sec := range c.Sections {
		out = append(out, sec.Key)
	}
	for _, p := range c.Priorities {
		out = append(out, p.keys()...)
	}
	return out
}

// keysUnder lists the key of the item keyed key and of everything it
// contains; nothing when there is no such item.
func (c *Content) keysUnder(key uuid.UUID) []uuid.UUID {
	at, found := c.locate(key)
	if !found {
		return nil
	}
	switch at.kind {
	case kindPriority:
		return c.Priorities[at.index].keys()
	case kindObjective:
		return c.Priorities[at.priority].Objectives[at.index].keys()
	case kindMeasure:
		return c.Priorities[at.priority].Objectives[at.objective].Measures[at.index].keys()
	}
	return []uuid.UUID{key}
}

func (p Priority) keys() []uuid.UUID {
	out := []uuid.UUID{p.Key}
	for _, o := range p.Objectives {
		out = append(out, o.keys()...)
	}
	return out
}

func (o Objective) keys() []uuid.UUID {
	out := []uuid.UUID{o.Key}
	for _, m := range o.Measures {
		out = append(out, m.keys()...)
	}
	for _, in := range o.Indicators {
		out = append(out, in.Key)
	}
	return out
}

func (m Measure) keys() []uuid.UUID {
	out := []uuid.UUID{m.Key}
	for _, ms := range m.Milestones {
		out = append(out, ms.Key)
	}
	return out
}
