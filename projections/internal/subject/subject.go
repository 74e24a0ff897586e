// Package subject extracts the columns read models filter and sort on
// from a subject's document. It reads the contract's paths (/title or
// /name, /status, /kind, /country, /strategyId, /locationId and the keyed
// lists /partners and /locations), so it needs no aggregate type.
package subject

import (
	"fmt"
	"strings"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// Columns are a subject's list columns.
type Columns struct {
	// Title is a strategy's or concept's title, an organisation's or
	// location's name.
	Title       string
	Status      *string
	Kind        *string
	Country     *string
	PartnerIDs  []uuid.UUID
	LocationIDs []uuid.UUID
	StrategyID  *uuid.UUID
}

// Of returns the columns of a document.
func Of(doc domain.Doc) Columns {
	c := Columns{
		Status:      text(doc, "status"),
		Kind:        text(doc, "kind"),
		Country:     text(doc, "country"),
		PartnerIDs:  keys(doc, "partners"),
		LocationIDs: keys(doc, "locations"),
		StrategyID:  id(doc, "strategyId"),
	}
	if t := text(doc, "title"); t != nil {
		c.Title = *t
	} else if n := text(doc, "name"); n != nil {
		c.Title = *n
	}
	if loc := id(doc, "locationId"); loc != nil {
		c.LocationIDs = append(c.LocationIDs, *loc)
	}
	return c
}

func text(doc domain.Doc, field string) *string {
	v, ok := doc.Fields[field]
	if !ok || v == nil {
		return nil
	}
	s, ok := v.(string)
	if !ok {
		s = fmt.Sprint(v)
	}
	if s == "" {
		return nil
	}
	return &s
}

func id(doc domain.Doc, field string) *uuid.UUID {
	s := text(doc, field)
	if s == nil {
		return nil
	}
	parsed, err := uuid.Parse(*s)
	if err != nil {
		return nil
	}
	return &parsed
}

// keys returns the item keys of a list that are ids, in list order; never
// nil (the columns are NOT NULL arrays).
func keys(doc domain.Doc, list string) []uuid.UUID {
	out := []uuid.UUID{}
	for _, it := range doc.Lists[list] {
		if parsed, err := uuid.Parse(it.Key); err == nil {
			out = append(out, parsed)
		}
	}
	return out
}

// NullUUID returns nil for uuid.Nil, for nullable uuid columns.
func NullUUID(id uuid.UUID) *uuid.UUID {
	if id == uuid.Nil {
		return nil
	}
	return &id
}

// NullString returns nil for "", for nullable text columns.
func NullString(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// ArrayLiteral renders values as a PostgreSQL array literal of plain
// elements ({a,b}): multi-row statements pass nested arrays as text, since
// arrays of arrays must be rectangular. The elements must need no quoting
// (ids, dates).
func ArrayLiteral[T any](values []T, format func(T) string) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, v := range values {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(format(v))
	}
	b.WriteByte('}')
	return b.String()
}
