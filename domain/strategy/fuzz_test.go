package strategy

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

// FuzzDecide feeds arbitrary JSON to commands, as a client could through
// the GraphQL layer: Decide must never panic, never change its state, and
// refuse only with classified errors; what it accepts must leave a valid
// state. Run with: go test -fuzz FuzzDecide ./domain/strategy/
func FuzzDecide(f *testing.F) {
	seeds := []struct {
		kind  uint8
		input string
	}{
		{0, `{"title":"Coast","startYear":2026,"locationIds":["` + locRostock.String() + `"],"partnerIds":["` + orgDE.String() + `"]}`},
		{0, `{"title":"","startYear":1999,"locationIds":[],"partnerIds":["` + orgDE.String() + `","` + orgDE.String() + `"]}`},
		{1, `{"heading":"Annex","body":"text","beforeSectionId":"` + sectionMonitoring.String() + `"}`},
		{1, `{"sectionId":"` + measureHub.String() + `","heading":"x"}`},
		{2, `{"measureId":"` + measureHub.String() + `","title":{"set":true,"value":"Hub"},"endYear":{"set":true,"value":2030}}`},
		{2, `{"measureId":"` + measureHub.String() + `","leadPartnerId":{"set":true,"null":true},"locationIds":{"set":true,"value":["` + locGdansk.String() + `"]}}`},
		{2, `{"measureId":"` + measureFestival.String() + `","startYear":{"set":true,"value":2036},"title":{"set":true,"null":true}}`},
		{3, `{"indicatorId":"` + indicatorJobs.String() + `","targets":[{"year":2030,"value":1.5},{"year":2031,"value":-2}]}`},
		{3, `{"indicatorId":"` + indicatorJobs.String() + `","targets":[{"year":2030,"value":1e308},{"year":2030,"value":0}]}`},
	}
	for _, seed := range seeds {
		f.Add(seed.kind, []byte(seed.input))
	}

	f.Fuzz(func(t *testing.T, kind uint8, input []byte) {
		state := givenPopulated()
		var cmd domain.Command[*Strategy]
		var err error
		switch kind % 4 {
		case 0:
			cmd, err = decode[CreateStrategy](input)
			state = &Strategy{}
		case 1:
			cmd, err = decode[AddSection](input)
		case 2:
			cmd, err = decode[UpdateMeasure](input)
		case 3:
			cmd, err = decode[SetIndicatorTargets](input)
		}
		if err != nil {
			t.Skip("not a command")
		}

		before := state.Clone()
		events, err := cmd.Decide(state, contextOf(planner))
		if !reflect.DeepEqual(before, state) {
			t.Fatal("Decide changed the state")
		}
		if err != nil {
			requireClassified(t, err)
			return
		}
		after := then(state, events)
		checkInvariants(t, after)
	})
}

func decode[C domain.Command[*Strategy]](input []byte) (domain.Command[*Strategy], error) {
	var cmd C
	err := json.Unmarshal(input, &cmd)
	return cmd, err
}

// requireClassified fails on errors the client would see as INTERNAL.
func requireClassified(t *testing.T, err error) {
	t.Helper()
	var (
		invalid *domain.ValidationError
		rule    *domain.Error
	)
	switch {
	case errors.As(err, &invalid):
		if len(invalid.Fields) == 0 {
			t.Fatal("validation error without fields")
		}
	case errors.Is(err, domain.ErrNotFound):
	case errors.As(err, &rule):
	default:
		t.Fatalf("unclassified error %T: %v", err, err)
	}
	if domain.CodeOf(err) == domain.CodeInternal {
		t.Fatalf("internal error: %v", err)
	}
}

// checkInvariants fails unless s keeps every rule the commands enforce.
func checkInvariants(t *testing.T, s *Strategy) {
	t.Helper()
	if s.StartYear < domain.MinYear || s.EndYear() > domain.MaxYear {
		t.Errorf("period %d..%d", s.StartYear, s.EndYear())
	}
	if len(s.Locations) == 0 || len(s.Partnerships) == 0 {
		t.Error("a strategy needs a location and a partner")
	}
	keys := map[uuid.UUID]bool{}
	useKey := func(key uuid.UUID) {
		if key == uuid.Nil || keys[key] {
			t.Errorf("key %s is nil or used twice", key)
		}
		keys[key] = true
	}
	for _, sec := range s.Sections {
		useKey(sec.Key)
	}
	for _, p := range s.Priorities {
		useKey(p.Key)
		for _, o := range p.Objectives {
			useKey(o.Key)
			for _, m := range o.Measures {
				useKey(m.Key)
				if !s.inPeriod(m.StartYear) || !s.inPeriod(m.EndYear) || m.StartYear > m.EndYear {
					t.Errorf("measure %q runs %d..%d", m.Title, m.StartYear, m.EndYear)
				}
				if m.LeadPartnerID != nil && !s.HasPartner(*m.LeadPartnerID) {
					t.Errorf("measure %q is led by a non-partner", m.Title)
				}
				for _, id := range m.LocationIDs {
					if !slices.Contains(s.Locations, id) {
						t.Errorf("measure %q is at a location outside the strategy", m.Title)
					}
				}
				for _, ms := range m.Milestones {
					useKey(ms.Key)
					if _, err := time.Parse(dateLayout, ms.Due); err != nil {
						t.Errorf("milestone due %q", ms.Due)
					}
				}
			}
			for _, in := range o.Indicators {
				useKey(in.Key)
				checkYearValues(t, s, in.Targets)
				checkYearValues(t, s, in.Actuals)
				if in.BaselineYear > s.EndYear() || !finite(in.Baseline) {
					t.Errorf("indicator %q baseline %v in %d", in.Name, in.Baseline, in.BaselineYear)
				}
			}
		}
	}
	if _, err := json.Marshal(s.Document().Value()); err != nil {
		t.Errorf("document is not JSON: %v", err)
	}
}

func checkYearValues(t *testing.T, s *Strategy, values []YearValue) {
	t.Helper()
	for i, v := range values {
		if !s.inPeriod(v.Year) || !finite(v.Value) || (i > 0 && values[i-1].Year >= v.Year) {
			t.Errorf("year values %v", values)
		}
	}
}

func finite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
