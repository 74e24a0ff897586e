package dashboard

import (
	"testing"
	"time"
)

func TestWeekStartIsTheISOWeeksMonday(t *testing.T) {
	for in, want := range map[string]string{
		"2026-03-02T00:00:00Z":      "2026-03-02", // Monday
		"2026-03-08T23:59:59Z":      "2026-03-02", // Sunday
		"2026-03-09T00:00:00Z":      "2026-03-09",
		"2027-01-01T12:00:00Z":      "2026-12-28", // a Friday in ISO week 53 of 2026
		"2026-03-09T00:30:00+02:00": "2026-03-02", // Sunday evening in UTC
	} {
		at, err := time.Parse(time.RFC3339, in)
		if err != nil {
			t.Fatal(err)
		}
		if got := WeekStart(at).Format(time.DateOnly); got != want {
			t.Errorf("WeekStart(%s) = %s, want %s", in, got, want)
		}
	}
}
