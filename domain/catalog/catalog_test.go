package catalog

import "testing"

func TestEveryTypeHasAnEmptyStateAndTheRegistryHasEveryEvent(t *testing.T) {
	for _, typ := range Types() {
		s, err := New(typ)
		if err != nil || s == nil {
			t.Fatalf("%s: %v", typ, err)
		}
	}
	if _, err := New("NOPE"); err == nil {
		t.Fatal("unknown type accepted")
	}
	if n := len(Registry().Names()); n < 40 {
		t.Fatalf("only %d event types registered", n)
	}
}
