package cooperation_test

import (
	"reflect"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/cooperation"
)

func TestAddConceptPartner(t *testing.T) {
	state := given(draftHistory()...)
	events, err := cooperation.AddConceptPartner{OrganisationID: org3}.Decide(state, ctx(t))
	wantEvents(t, events, err, &cooperation.PartnerAdded{OrganisationID: org3})
	next := then(given(draftHistory()...), events)
	if !reflect.DeepEqual(next.Content.Partners, []uuid.UUID{org1, org2, org3}) || !next.HasPartner(org3) {
		t.Fatalf("partners = %v", next.Content.Partners)
	}
	wantChanges(t, state, next, domain.Change{Path: "/partners/" + org3.String(), Kind: domain.Added, After: map[string]any{}})
	if state.HasPartner(org3) {
		t.Fatal("the earlier state changed")
	}
}

func TestAddConceptPartnerRules(t *testing.T) {
	_, err := cooperation.AddConceptPartner{OrganisationID: org2}.Decide(given(draftHistory()...), ctx(t))
	wantCode(t, err, domain.CodeInvalidState, cooperation.ErrAlreadyPartner)

	_, err = cooperation.AddConceptPartner{}.Decide(given(draftHistory()...), ctx(t))
	wantFields(t, err, "organisationId")

	full := created()
	full.PartnerIDs = make([]uuid.UUID, domain.MaxReferenceList)
	for i := range full.PartnerIDs {
		full.PartnerIDs[i] = uuid.New()
	}
	_, err = cooperation.AddConceptPartner{OrganisationID: org3}.Decide(given(full), ctx(t))
	wantCode(t, err, domain.CodeInvalidState, cooperation.ErrTooManyPartners)
}

func TestAddConceptPartnerReferencesTheOrganisation(t *testing.T) {
	want := []domain.Ref{{Type: domain.SubjectOrganisation, ID: org3, Field: []string{"organisationId"}}}
	if got := (cooperation.AddConceptPartner{OrganisationID: org3}).References(); !reflect.DeepEqual(got, want) {
		t.Fatalf("refs = %+v", got)
	}
}

func TestRemoveConceptPartner(t *testing.T) {
	state := given(draftHistory()...)
	events, err := cooperation.RemoveConceptPartner{OrganisationID: org1}.Decide(state, ctx(t))
	wantEvents(t, events, err, &cooperation.PartnerRemoved{OrganisationID: org1})
	next := then(given(draftHistory()...), events)
	if !reflect.DeepEqual(next.Content.Partners, []uuid.UUID{org2}) || next.HasPartner(org1) {
		t.Fatalf("partners = %v", next.Content.Partners)
	}
	wantChanges(t, state, next, domain.Change{Path: "/partners/" + org1.String(), Kind: domain.Removed, Before: map[string]any{}})
}

func TestRemoveConceptPartnerRules(t *testing.T) {
	_, err := cooperation.RemoveConceptPartner{OrganisationID: org3}.Decide(given(draftHistory()...), ctx(t))
	wantCode(t, err, domain.CodeInvalidState, cooperation.ErrNotPartner)

	one := given(append(draftHistory(), &cooperation.PartnerRemoved{OrganisationID: org1})...)
	_, err = cooperation.RemoveConceptPartner{OrganisationID: org2}.Decide(one, ctx(t))
	wantCode(t, err, domain.CodeInvalidState, cooperation.ErrLastPartner)

	_, err = cooperation.RemoveConceptPartner{}.Decide(given(draftHistory()...), ctx(t))
	wantFields(t, err, "organisationId")
}

func TestHasPartner(t *testing.T) {
	var none *cooperation.Concept
	if none.HasPartner(org1) {
		t.Fatal("nil concept has no partners")
	}
	s := given(draftHistory()...)
	if !s.HasPartner(org1) || !s.HasPartner(org2) || s.HasPartner(org3) {
		t.Fatal("HasPartner")
	}
}
