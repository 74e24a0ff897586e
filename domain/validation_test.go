package domain_test

import (
	"testing"

	"github.com/creativeclusters/planner/domain"
)

func TestTextPolicy(t *testing.T) {
	for _, ok := range []string{"", "plain", "tab\there", "lines\nand\r\nends", "Zürich – ąčę 🙂", "\uFFFD"} {
		if p := domain.TextProblem(ok); p != "" {
			t.Errorf("%q refused: %s", ok, p)
		}
	}
	for _, bad := range []string{"a\x00b", "\x01", "bell\a", "esc\x1b[0m", "del\x7f", "c1\u0085", "\xff", "a\xc3"} {
		if domain.TextProblem(bad) == "" {
			t.Errorf("%q accepted", bad)
		}
	}
	var c domain.Checks
	c.Name("a\x00b", "name")
	c.Text("x\x00", 10, "description")
	c.Text("fine\ttext\n", 20, "summary")
	err := c.Err()
	v, ok := err.(*domain.ValidationError)
	if !ok || len(v.Fields) != 2 || v.Fields[0].Path[0] != "name" || v.Fields[1].Path[0] != "description" {
		t.Fatalf("checks: %v", err)
	}
}
