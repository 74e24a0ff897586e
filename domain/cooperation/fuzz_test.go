package cooperation_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
)

// fuzzCommands decodes the JSON of each command type, as the transport
// would.
var fuzzCommands = []func([]byte) (domain.Command[*cooperation.Concept], bool){
	decodeAs[cooperation.CreateCooperationConcept],
	decodeAs[cooperation.UpdateCooperationConcept],
	decodeAs[cooperation.AddConceptPartner],
	decodeAs[cooperation.RemoveConceptPartner],
	decodeAs[cooperation.SpecifyCooperationConcept],
	decodeAs[cooperation.PlanPilot],
	decodeAs[cooperation.UpdatePilot],
	decodeAs[cooperation.StartPilot],
	decodeAs[cooperation.CompletePilot],
	decodeAs[cooperation.CancelPilot],
	decodeAs[cooperation.EvaluateCooperationConcept],
	decodeAs[cooperation.AdoptCooperationConcept],
	decodeAs[cooperation.DiscontinueCooperationConcept],
	decodeAs[cooperation.RestoreCooperationConceptRevision],
	decodeAs[cooperation.NameCooperationConceptVersion],
}

func decodeAs[C domain.Command[*cooperation.Concept]](data []byte) (domain.Command[*cooperation.Concept], bool) {
	var cmd C
	if json.Unmarshal(data, &cmd) != nil {
		return nil, false
	}
	return cmd, true
}

// FuzzDecide decides JSON-decoded commands against a concept in every
// status: no panic, refusals are domain errors only, Decide does not
// mutate the state, and accepted events encode, decode and apply.
func FuzzDecide(f *testing.F) {
	c, p1, p2, o3, l1 := conceptID.String(), pilot1.String(), pilot2.String(), org3.String(), loc1.String()
	for kind, data := range map[uint8]string{
		0:  `{"kind":"CONSULTANCY_STRUCTURE","title":"T","targetGroups":["a","a"],"partnerIds":["` + o3 + `"]}`,
		1:  `{"conceptId":"` + c + `","title":{"set":true,"null":true},"targetGroups":{"set":true,"value":["x"]}}`,
		2:  `{"conceptId":"` + c + `","organisationId":"` + o3 + `"}`,
		3:  `{"conceptId":"` + c + `","organisationId":"` + org1.String() + `"}`,
		4:  `{"conceptId":"` + c + `"}`,
		5:  `{"conceptId":"` + c + `","pilotId":"` + p2 + `","locationId":"` + l1 + `","startDate":"2026-02-29","endDate":"2026-01-01","participants":-1}`,
		6:  `{"conceptId":"` + c + `","pilotId":"` + p1 + `","startDate":{"set":true,"value":"2026-12-31"},"endDate":{"set":true,"null":true}}`,
		7:  `{"conceptId":"` + c + `","pilotId":"` + p1 + `"}`,
		8:  `{"conceptId":"` + c + `","pilotId":"` + p1 + `","outcome":"done","participants":5}`,
		9:  `{"conceptId":"` + c + `","pilotId":"` + p1 + `"}`,
		10: `{"conceptId":"` + c + `","recommendation":"REVISE","findings":"f"}`,
		11: `{"conceptId":"` + c + `"}`,
		12: `{"conceptId":"` + c + `"}`,
		13: `{"subjectId":"` + c + `","revision":1,"content":{"title":"T","partners":["` + o3 + `"],"pilots":[{"key":"` + p1 + `"}]}}`,
		14: `{"subjectId":"` + c + `","revision":1,"name":"v/1","note":""}`,
	} {
		f.Add(kind, []byte(data))
	}
	states := []func() *cooperation.Concept{
		func() *cooperation.Concept { return &cooperation.Concept{} },
		byStatus[cooperation.StatusDraft],
		byStatus[cooperation.StatusSpecified],
		byStatus[cooperation.StatusPiloting],
		func() *cooperation.Concept { return given(completedHistory()...) },
		byStatus[cooperation.StatusEvaluated],
		byStatus[cooperation.StatusAdopted],
		byStatus[cooperation.StatusDiscontinued],
	}
	registry := domain.NewRegistry()
	cooperation.RegisterEvents(registry)

	f.Fuzz(func(t *testing.T, kind uint8, data []byte) {
		cmd, ok := fuzzCommands[int(kind)%len(fuzzCommands)](data)
		if !ok {
			return
		}
		if r, ok := cmd.(domain.Referencing); ok {
			_ = r.References()
		}
		for _, state := range states {
			s := state()
			events, err := cmd.Decide(s, domain.Context{Actor: planner, Now: now, NewID: func() uuid.UUID { return pilot2 }})
			if !reflect.DeepEqual(s, state()) {
				t.Fatalf("Decide mutated the state: %+v", s)
			}
			if err != nil {
				checkDomainError(t, err)
				continue
			}
			if len(events) == 0 {
				t.Fatal("accepted without events")
			}
			for _, e := range events {
				raw, err := json.Marshal(e)
				if err != nil {
					t.Fatal(err)
				}
				back, err := registry.Decode(e.EventType(), 1, raw)
				if err != nil {
					t.Fatal(err)
				}
				s.Apply(back, s.Revision+1)
			}
			_ = s.Document().Leaves()
		}
	})
}

func checkDomainError(t *testing.T, err error) {
	t.Helper()
	var (
		validation *domain.ValidationError
		rule       *domain.Error
	)
	switch {
	case errors.As(err, &validation):
		if len(validation.Fields) == 0 {
			t.Fatal("validation error without fields")
		}
	case errors.As(err, &rule), errors.Is(err, domain.ErrNotFound):
	default:
		t.Fatalf("not a domain error: %T %v", err, err)
	}
}
