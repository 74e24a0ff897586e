package cooperation

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// Bounds of a concept's own inputs; the rest come from domain/validation.go.
const (
	MaxTargetGroups = 50
	MaxParticipants = 1_000_000
)

const dateLayout = "2006-01-02"

// checkTargetGroups: at most MaxTargetGroups names, each a single line,
// no duplicates.
func checkTargetGroups(c *domain.Checks, groups []string, path string) {
	c.Count(len(groups), MaxTargetGroups, path)
	for i, g := range groups {
		c.Name(g, path, domain.Index(i))
		if slices.Index(groups, g) < i {
			c.Fail("is listed twice", path, domain.Index(i))
		}
	}
}

// checkDate checks a calendar date YYYY-MM-DD within the years the planner
// accepts.
func checkDate(c *domain.Checks, date string, path ...string) bool {
	t, err := time.Parse(dateLayout, date)
	if err != nil || len(date) != len(dateLayout) {
		c.Fail("must be a date YYYY-MM-DD", path...)
		return false
	}
	if y := t.Year(); y < domain.MinYear || y > domain.MaxYear {
		c.Year(y, path...)
		return false
	}
	return true
}

// checkPeriod checks the start and optional end date (fields startDate
// and endDate) and that the end does not precede the start, reported on
// reversedPath: the field the client changed.
func checkPeriod(c *domain.Checks, start string, end *string, reversedPath string) {
	startOK := checkDate(c, start, "startDate")
	if end == nil {
		return
	}
	// YYYY-MM-DD compares as text in calendar order.
	if checkDate(c, *end, "endDate") && startOK && *end < start {
		c.Fail("endDate must not be before startDate", reversedPath)
	}
}

func checkParticipants(c *domain.Checks, n int, path string) {
	if n < 0 || n > MaxParticipants {
		c.Fail(fmt.Sprintf("must be between 0 and %d", MaxParticipants), path)
	}
}

// checkRequiredText checks required free text such as findings or an
// outcome.
func checkRequiredText(c *domain.Checks, value string, path string) {
	if strings.TrimSpace(value) == "" {
		c.Fail("must not be blank", path)
		return
	}
	c.Text(value, domain.MaxTextLength, path)
}

func checkID(c *domain.Checks, id uuid.UUID, path ...string) {
	c.Require(id != uuid.Nil, "must be an id", path...)
}

// newID takes a fresh id from the context; a context without a source is a
// wiring mistake that should not crash a decision, so it falls back to a
// random one.
func newID(c domain.Context) uuid.UUID {
	if c.NewID != nil {
		return c.NewID()
	}
	return uuid.New()
}

// ref names another subject an input field refers to; nil ids are left to
// validation, so that they are reported as invalid rather than missing.
func ref(refs []domain.Ref, t domain.SubjectType, id uuid.UUID, path ...string) []domain.Ref {
	if id == uuid.Nil {
		return refs
	}
	return append(refs, domain.Ref{Type: t, ID: id, Field: path})
}
