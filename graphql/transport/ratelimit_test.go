package transport

import (
	"testing"
	"time"
)

type fakeClock struct{ now time.Time }

func (c *fakeClock) Now() time.Time          { return c.now }
func (c *fakeClock) Advance(d time.Duration) { c.now = c.now.Add(d) }

func TestRateLimiterBucket(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	l := newRateLimiter(RateLimitConfig{PerSecond: 2, Burst: 3, IdleAfter: time.Minute}, clock.Now)
	for i := range 3 {
		if ok, _ := l.allow("a"); !ok {
			t.Fatalf("request %d of the burst refused", i)
		}
	}
	ok, wait := l.allow("a")
	if ok || wait != 500*time.Millisecond {
		t.Fatalf("after the burst: %v, wait %v", ok, wait)
	}
	if ok, _ := l.allow("b"); !ok {
		t.Fatal("another token shares the bucket")
	}
	clock.Advance(500 * time.Millisecond)
	if ok, _ := l.allow("a"); !ok {
		t.Fatal("no token after refilling")
	}
	if ok, _ := l.allow("a"); ok {
		t.Fatal("refilled more than the rate")
	}
	clock.Advance(time.Hour)
	for i := range 3 {
		if ok, _ := l.allow("a"); !ok {
			t.Fatalf("request %d after a long pause refused: the bucket holds more than its burst?", i)
		}
	}
	if ok, _ := l.allow("a"); ok {
		t.Fatal("the bucket grew past its burst")
	}
}

func TestRateLimiterForgetsIdleBuckets(t *testing.T) {
	clock := &fakeClock{now: time.Unix(1_700_000_000, 0)}
	l := newRateLimiter(RateLimitConfig{PerSecond: 1, Burst: 1, IdleAfter: time.Minute}, clock.Now)
	l.allow("a")
	l.allow("b")
	clock.Advance(30 * time.Second)
	l.allow("b")
	if l.size() != 2 {
		t.Fatalf("%d buckets", l.size())
	}
	clock.Advance(45 * time.Second) // a idle 75s, b 45s
	l.allow("c")
	if l.size() != 2 {
		t.Fatalf("%d buckets after the sweep, want b and c", l.size())
	}
}

func TestRateLimitIdleAfterCoversRefill(t *testing.T) {
	cfg := RateLimitConfig{PerSecond: 0.1, Burst: 100, IdleAfter: time.Second}
	cfg.setDefaults()
	if cfg.IdleAfter != 1000*time.Second {
		t.Errorf("IdleAfter %v: a bucket forgotten before it refills hands out a fresh burst", cfg.IdleAfter)
	}
}
