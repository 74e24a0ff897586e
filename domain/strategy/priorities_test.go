package strategy

import (
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
)

func TestAddPriority(t *testing.T) {
	s := givenPopulated()
	events, err := when(t, s, AddPriority{Title: "Education", Description: "Skills for creatives."})
	requireEvents(t, events, err, &PriorityAdded{Key: generated(1), Title: "Education", Description: "Skills for creatives."})

	after := then(s, events)
	last := after.Priorities[len(after.Priorities)-1]
	if len(after.Priorities) != 3 || last.Key != generated(1) || last.Title != "Education" || len(last.Objectives) != 0 {
		t.Errorf("priorities %+v", after.Priorities)
	}
}

func TestAddPriorityRejects(t *testing.T) {
	tests := []struct {
		name string
		cmd  AddPriority
		path string
	}{
		{"key in use", AddPriority{PriorityID: new(indicatorJobs), Title: "X"}, "priorityId"},
		{"blank title", AddPriority{Title: ""}, "title"},
		{"long description", AddPriority{Title: "X", Description: strings.Repeat("d", domain.MaxTextLength+1)}, "description"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := when(t, givenPopulated(), tt.cmd)
			requireRefused(t, err, domain.CodeValidationFailed, tt.path)
		})
	}
}

func TestAddPriorityToFullList(t *testing.T) {
	s := givenPopulated()
	for len(s.Priorities) < domain.MaxListItems {
		s.Apply(&PriorityAdded{Key: uuid.New(), Title: "P"}, s.Revision+1)
	}
	_, err := when(t, s, AddPriority{Title: "One too many"})
	requireRule(t, err, ErrListFull)
}

func TestUpdatePriority(t *testing.T) {
	s := givenPopulated()
	events, err := when(t, s, UpdatePriority{PriorityID: priorityCulture, Title: domain.Some("Culture and tourism"), Description: domain.Null[string]()})
	requireEvents(t, events, err, &PriorityUpdated{Key: priorityCulture, Title: new("Culture and tourism"), Description: new("")})

	p := then(s, events).Priorities[1]
	if p.Title != "Culture and tourism" || p.Description != "" || len(p.Objectives) != 1 {
		t.Errorf("priority %+v", p)
	}
}

func TestUpdatePriorityRejects(t *testing.T) {
	tests := []struct {
		name string
		cmd  UpdatePriority
		path []string
	}{
		{"nothing to change", UpdatePriority{PriorityID: priorityCulture}, nil},
		{"null title", UpdatePriority{PriorityID: priorityCulture, Title: domain.Null[string]()}, []string{"title"}},
		{"long description", UpdatePriority{PriorityID: priorityCulture, Description: domain.Some(strings.Repeat("d", domain.MaxTextLength+1))}, []string{"description"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := when(t, givenPopulated(), tt.cmd)
			requireRefused(t, err, domain.CodeValidationFailed, tt.path...)
		})
	}
}

func TestAddObjective(t *testing.T) {
	s := givenPopulated()
	key := uuid.MustParse("0b100000-0000-4000-8000-0000000000aa")
	events, err := when(t, s, AddObjective{PriorityID: priorityCulture, ObjectiveID: &key, Title: "Longer stays"})
	requireEvents(t, events, err, &ObjectiveAdded{PriorityKey: priorityCulture, Key: key, Title: "Longer stays"})

	objectives := then(s, events).Priorities[1].Objectives
	if len(objectives) != 2 || objectives[1].Key != key || objectives[1].Title != "Longer stays" {
		t.Errorf("objectives %+v", objectives)
	}
}

func TestAddObjectiveRejects(t *testing.T) {
	tests := []struct {
		name string
		cmd  AddObjective
		path string
	}{
		{"key in use", AddObjective{PriorityID: priorityCulture, ObjectiveID: new(priorityCulture), Title: "X"}, "objectiveId"},
		{"blank title", AddObjective{PriorityID: priorityCulture}, "title"},
		{"long description", AddObjective{PriorityID: priorityCulture, Title: "X", Description: strings.Repeat("d", domain.MaxTextLength+1)}, "description"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := when(t, givenPopulated(), tt.cmd)
			requireRefused(t, err, domain.CodeValidationFailed, tt.path)
		})
	}
}

func TestAddObjectiveToFullList(t *testing.T) {
	s := givenPopulated()
	for len(s.Priorities[1].Objectives) < domain.MaxListItems {
		s.Apply(&ObjectiveAdded{PriorityKey: priorityCulture, Key: uuid.New(), Title: "O"}, s.Revision+1)
	}
	_, err := when(t, s, AddObjective{PriorityID: priorityCulture, Title: "One too many"})
	requireRule(t, err, ErrListFull)
	if _, err := when(t, s, AddObjective{PriorityID: priorityEconomy, Title: "Other lists are not full"}); err != nil {
		t.Fatal(err)
	}
}

func TestUpdateObjective(t *testing.T) {
	s := givenPopulated()
	events, err := when(t, s, UpdateObjective{ObjectiveID: objectiveVisitors, Description: domain.Some("Twice as many by 2035.")})
	requireEvents(t, events, err, &ObjectiveUpdated{Key: objectiveVisitors, Description: new("Twice as many by 2035.")})

	o := then(s, events).Priorities[1].Objectives[0]
	if o.Title != "More visitors" || o.Description != "Twice as many by 2035." || len(o.Measures) != 1 {
		t.Errorf("objective %+v", o)
	}
}

func TestUpdateObjectiveRejects(t *testing.T) {
	tests := []struct {
		name string
		cmd  UpdateObjective
		path []string
	}{
		{"nothing to change", UpdateObjective{ObjectiveID: objectiveJobs}, nil},
		{"null title", UpdateObjective{ObjectiveID: objectiveJobs, Title: domain.Null[string]()}, []string{"title"}},
		{"blank title", UpdateObjective{ObjectiveID: objectiveJobs, Title: domain.Some("\t")}, []string{"title"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := when(t, givenPopulated(), tt.cmd)
			requireRefused(t, err, domain.CodeValidationFailed, tt.path...)
		})
	}
}
