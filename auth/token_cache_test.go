package auth

import (
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

func TestTokenCacheTrustsALookupForOneSecondAndNotAcrossARevocation(t *testing.T) {
	t.Parallel()
	var c tokenCache
	hash := hashToken("some token")
	actor := domain.Actor{ID: uuid.New(), Kind: domain.ActorPerson, Role: domain.RolePlanner}
	at := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	c.put(hash, actor, c.begin(), at)
	if got, ok := c.get(hash, at.Add(tokenTTL-time.Millisecond)); !ok || got != actor {
		t.Fatalf("within the TTL: %+v %v, want the cached actor", got, ok)
	}
	if _, ok := c.get(hash, at.Add(tokenTTL)); ok {
		t.Fatal("an entry outlived the TTL: another instance's revocation would go unseen")
	}
	c.put(hash, actor, c.begin(), at)
	c.invalidate()
	if _, ok := c.get(hash, at); ok {
		t.Fatal("an entry survived a revocation in this process")
	}
	// A lookup that began before a revocation must not be trusted even
	// when it is stored after it.
	generation := c.begin()
	c.invalidate()
	c.put(hash, actor, generation, at)
	if _, ok := c.get(hash, at); ok {
		t.Fatal("a lookup from before a revocation was trusted")
	}
}

func TestTokenCacheStaysBounded(t *testing.T) {
	t.Parallel()
	var c tokenCache
	at := time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC)
	for i := range tokenCacheLimit + 10 {
		c.put(hashToken(uuid.NewString()), domain.Actor{}, c.begin(), at.Add(time.Duration(i)*time.Microsecond))
	}
	if n := len(c.entries); n > tokenCacheLimit {
		t.Fatalf("%d entries, want at most %d", n, tokenCacheLimit)
	}
}
