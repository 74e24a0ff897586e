package app

import (
	"testing"
	"time"

	"github.com/google/uuid"
)

// A stream lost on is contested for contestedFor, then forgotten; other
// streams are not; expired entries are swept once the set grows.
func TestContestedStreamsAreRememberedForAWhile(t *testing.T) {
	var c contested
	start := time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC)
	hot, calm := uuid.New(), uuid.New()
	c.lost(hot, start)
	if !c.is(hot, start.Add(contestedFor/2)) {
		t.Fatal("a stream lost on half a period ago is not contested")
	}
	if c.is(calm, start) {
		t.Fatal("a stream never lost on is contested")
	}
	if c.is(hot, start.Add(contestedFor+time.Millisecond)) {
		t.Fatal("a stream lost on more than a period ago is still contested")
	}
	for range 1024 {
		c.lost(uuid.New(), start)
	}
	c.lost(hot, start.Add(2*contestedFor))
	if len(c.until) != 1 {
		t.Fatalf("%d streams remembered after the others expired, want 1", len(c.until))
	}
}
