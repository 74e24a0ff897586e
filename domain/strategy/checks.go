package strategy

import (
	"fmt"
	"math"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// Input checks shared by the commands. Each records its failures on the
// field path the GraphQL input uses, so that a client sees every invalid
// field of a command at once.

// dateLayout is the contract's Date scalar, YYYY-MM-DD.
const dateLayout = "2006-01-02"

// MaxVersionNameLength bounds a named version's name; names appear in
// selectors and URLs, so they are kept shorter than titles.
const MaxVersionNameLength = 100

// adoptedVersionPrefix starts the names adoption gives; clients cannot
// choose such names, so adoption never finds its name taken.
const adoptedVersionPrefix = "adopted-"

// requireChange refuses an update that sets no field at all: it would
// record a revision that changes nothing.
func requireChange(checks *domain.Checks, set ...bool) {
	checks.Require(slices.Contains(set, true), "must set at least one field")
}

// checkNameUpdate checks a required name of an update command.
func checkNameUpdate(checks *domain.Checks, field domain.Optional[string], path ...string) {
	field.RequireNotNull(checks, path...)
	if field.HasValue() {
		checks.Name(field.Value, path...)
	}
}

// checkTextUpdate checks optional text of an update command; null clears it.
func checkTextUpdate(checks *domain.Checks, field domain.Optional[string], max int, path ...string) {
	if field.HasValue() {
		checks.Text(field.Value, max, path...)
	}
}

// checkStartYear checks that a whole ten-year period fits the supported
// years.
func checkStartYear(checks *domain.Checks, year int, path ...string) {
	last := domain.MaxYear - PeriodYears + 1
	checks.Require(year >= domain.MinYear && year <= last,
		fmt.Sprintf("must be a year between %d and %d", domain.MinYear, last), path...)
}

// checkInPeriod checks that a year lies within the strategy's ten years.
func (c *Content) checkInPeriod(checks *domain.Checks, year int, path ...string) {
	checks.Require(c.inPeriod(year),
		fmt.Sprintf("must be within the strategy's years %d to %d", c.StartYear, c.EndYear()), path...)
}

// checkBaselineYear allows a baseline from before the period (it usually
// is) but not after its end.
func (c *Content) checkBaselineYear(checks *domain.Checks, year int, path ...string) {
	checks.Year(year, path...)
	checks.Require(year <= c.EndYear(), fmt.Sprintf("must not be after the strategy's end year %d", c.EndYear()), path...)
}

// checkMeasureYears checks a measure's years against the period and each
// other, blaming the fields the command set.
func (c *Content) checkMeasureYears(checks *domain.Checks, start, end int, startSet, endSet bool) {
	if startSet {
		c.checkInPeriod(checks, start, "startYear")
	}
	if endSet {
		c.checkInPeriod(checks, end, "endYear")
	}
	switch {
	case start <= end:
	case endSet:
		checks.Fail(fmt.Sprintf("must not be before startYear %d", start), "endYear")
	default:
		checks.Fail(fmt.Sprintf("must not be after endYear %d", end), "startYear")
	}
}

// checkLeadPartner checks that a measure's lead partner is a partner of the
// strategy.
func (c *Content) checkLeadPartner(checks *domain.Checks, id uuid.UUID, path ...string) {
	checks.Require(c.partnership(id) >= 0, "must be a partner of the strategy", path...)
}

// checkMeasureLocations checks a measure's locations: a list of the
// strategy's own locations.
func (c *Content) checkMeasureLocations(checks *domain.Checks, ids []uuid.UUID, field string) {
	checkIDList(checks, ids, field)
	for i, id := range ids {
		checks.Require(id == uuid.Nil || slices.Contains(c.Locations, id),
			"must be a location of the strategy", field, domain.Index(i))
	}
}

// checkIDList checks an input list of ids: bounded, no nil ids, no
// duplicates.
func checkIDList(checks *domain.Checks, ids []uuid.UUID, field string) {
	checks.Count(len(ids), domain.MaxReferenceList, field)
	seen := make(map[uuid.UUID]bool, len(ids))
	for i, id := range ids {
		switch {
		case id == uuid.Nil:
			checks.Fail("must not be the nil UUID", field, domain.Index(i))
		case seen[id]:
			checks.Fail("is listed twice", field, domain.Index(i))
		}
		seen[id] = true
	}
}

// checkYearValues checks indicator targets: years within the period, each
// once, and finite values.
func (c *Content) checkYearValues(checks *domain.Checks, values []YearValue, field string) {
	checks.Count(len(values), domain.MaxListItems, field)
	seen := make(map[int]bool, len(values))
	for i, v := range values {
		c.checkInPeriod(checks, v.Year, field, domain.Index(i), "year")
		checks.Require(!seen[v.Year], "is listed twice", field, domain.Index(i), "year")
		seen[v.Year] = true
		checkFinite(checks, v.Value, field, domain.Index(i), "value")
	}
}

// checkFinite refuses NaN and infinities, which JSON cannot carry.
func checkFinite(checks *domain.Checks, value float64, path ...string) {
	checks.Require(!math.IsNaN(value) && !math.IsInf(value, 0), "must be a finite number", path...)
}

// checkDate checks a calendar date YYYY-MM-DD within the supported years.
func checkDate(checks *domain.Checks, value string, path ...string) {
	date, err := time.Parse(dateLayout, value)
	if err != nil {
		checks.Fail("must be a date YYYY-MM-DD", path...)
		return
	}
	checks.Year(date.Year(), path...)
}

// checkVersionName checks a client-chosen version name.
func (s *Strategy) checkVersionName(checks *domain.Checks, name string, path ...string) {
	_, taken := s.Version(name)
	switch {
	case strings.TrimSpace(name) == "":
		checks.Fail("must not be blank", path...)
	case utf8.RuneCountInString(name) > MaxVersionNameLength:
		checks.Fail(fmt.Sprintf("must be at most %d characters", MaxVersionNameLength), path...)
	case !utf8.ValidString(name) || strings.ContainsAny(name, "\n\r"):
		checks.Fail("must be a single line of text", path...)
	case strings.HasPrefix(name, adoptedVersionPrefix):
		checks.Fail(fmt.Sprintf("names starting with %q are given by adoption", adoptedVersionPrefix), path...)
	case taken:
		checks.Fail("is already the name of a version of this strategy", path...)
	}
}

// periodConflict describes the first item whose years would fall outside
// the period starting at start, or returns "" when all fit.
func (c *Content) periodConflict(start int) string {
	end := start + PeriodYears - 1
	outside := func(year int) bool { return year < start || year > end }
	for m := range c.measures() {
		if outside(m.StartYear) || outside(m.EndYear) {
			return fmt.Sprintf("measure %q runs %d to %d, outside %d to %d", m.Title, m.StartYear, m.EndYear, start, end)
		}
	}
	for in := range c.indicators() {
		if in.BaselineYear > end {
			return fmt.Sprintf("indicator %q has its baseline in %d, after %d", in.Name, in.BaselineYear, end)
		}
		for _, v := range slices.Concat(in.Targets, in.Actuals) {
			if outside(v.Year) {
				return fmt.Sprintf("indicator %q has a value for %d, outside %d to %d", in.Name, v.Year, start, end)
			}
		}
	}
	return ""
}
