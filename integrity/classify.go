package integrity

import (
	"fmt"

	"github.com/creativeclusters/planner/eventstore"
)

// classify finds the first row of one stream (its rows in version order)
// that breaks the chain and says what kind of change explains it best.
// Each row is checked against the stored hash of the row before it, so a
// changed row is named itself, not every row after it.
func classify(rows []storedRow) (Problem, bool) {
	prev := eventstore.ZeroHash
	for i := range rows {
		r := &rows[i]
		want := int64(i + 1)
		if r.row.Version != want {
			if r.row.Version > want {
				gone := fmt.Sprintf("versions %d to %d are gone", want, r.row.Version-1)
				if r.row.Version == want+1 {
					gone = fmt.Sprintf("version %d is gone", want)
				}
				return Problem{Kind: Missing, Position: r.position, StreamID: r.row.StreamID, Version: want,
					Detail: gone + fmt.Sprintf("; the next row present is version %d", r.row.Version)}, true
			}
			return Problem{Kind: Inserted, Position: r.position, StreamID: r.row.StreamID, Version: r.row.Version,
				Detail: "a second row with this version"}, true
		}
		if r.linksAfter(prev, want) {
			prev = r.storedHash()
			continue
		}
		return explain(rows, i, prev), true
	}
	return Problem{}, false
}

// explain says why row i, at the right version, does not follow prev.
func explain(rows []storedRow, i int, prev hash) Problem {
	r := &rows[i]
	v := r.row.Version
	named := func(k Kind, at *storedRow, detail string) Problem {
		return Problem{Kind: k, Position: at.position, StreamID: at.row.StreamID, Version: at.row.Version, Detail: detail}
	}
	// Another row of the stream belongs here, and this row where that one is.
	for j := range rows {
		o := &rows[j]
		if j == i || !o.linksAfter(prev, v) {
			continue
		}
		back := prev
		if j > 0 && j-1 != i {
			back = rows[j-1].storedHash()
		} else if j-1 == i {
			back = o.storedHash()
		}
		if r.linksAfter(back, o.row.Version) {
			return named(Reordered, r, fmt.Sprintf("versions %d and %d were exchanged: this row was recorded as version %d", v, o.row.Version, o.row.Version))
		}
		if j == i+1 {
			return named(Inserted, r, "the chain continues with the next row as if this one were not there")
		}
	}
	// The row before this one was not part of the chain: this one follows
	// the row before it.
	if i >= 1 {
		before := eventstore.ZeroHash
		if i >= 2 {
			before = rows[i-2].storedHash()
		}
		if r.linksAfter(before, v-1) {
			return named(Inserted, &rows[i-1], "the chain continues with the next row as if this one were not there")
		}
	}
	// A copied row carries another row's hash.
	for j := range rows {
		if j != i && string(rows[j].stored) == string(r.stored) {
			return named(Inserted, r, fmt.Sprintf("carries the hash of version %d", rows[j].row.Version))
		}
	}
	return named(Altered, r, "the row's content, metadata or hash differs from what the chain recorded")
}
