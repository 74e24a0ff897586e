package auth_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
)

func TestResolveFindsOrganisationsByIDOrName(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	rostock := f.addLocation(t, "Rostock", "DE")
	ihk := f.addOrganisation(t, "Chamber of Industry and Commerce Rostock (IHK)", rostock)
	renamed := f.addOrganisation(t, "Old Name", rostock)
	f.updateOrganisation(t, renamed, "New Name", f.addLocation(t, "Rietavas", "LT"))
	f.addOrganisation(t, "Twin", rostock)
	f.addOrganisation(t, "Twin", rostock)

	found := []struct {
		ref     string
		id      uuid.UUID
		country string
	}{
		{"Chamber of Industry and Commerce Rostock (IHK)", ihk, "DE"},
		{"  Chamber of Industry and Commerce Rostock (IHK) ", ihk, "DE"},
		{ihk.String(), ihk, "DE"},
		{"New Name", renamed, "LT"},
		// As printed anywhere: another case, more blanks, the country after it.
		{"chamber of industry and commerce rostock (ihk)", ihk, "DE"},
		{"Chamber of Industry and Commerce Rostock (IHK) (DE)", ihk, "DE"},
		{"CHAMBER OF INDUSTRY  and commerce Rostock (IHK) (de)", ihk, "DE"},
		{"new name (LT)", renamed, "LT"},
	}
	for _, tt := range found {
		id, country, err := f.orgs.Resolve(ctx, tt.ref)
		if err != nil || id != tt.id || country != tt.country {
			t.Errorf("Resolve(%q) = %s, %q, %v; want %s, %q", tt.ref, id, country, err, tt.id, tt.country)
		}
	}

	notFound := []string{
		"",
		"Chamber of Industry and Commerce Rostock",            // not exact
		"Chamber of Industry and Commerce Rostock (IHK) (PL)", // another country
		"Old Name", // a former name
		uuid.NewString(),
		rostock.String(), // a location, not an organisation
	}
	for _, ref := range notFound {
		if _, _, err := f.orgs.Resolve(ctx, ref); !errors.Is(err, auth.ErrOrganisationNotFound) {
			t.Errorf("Resolve(%q): %v, want ErrOrganisationNotFound", ref, err)
		}
	}

	// A failure names the closest organisations, with their countries.
	_, _, err := f.orgs.Resolve(ctx, "Chamber Rostock")
	if !errors.Is(err, auth.ErrOrganisationNotFound) ||
		!strings.Contains(err.Error(), `did you mean "Chamber of Industry and Commerce Rostock (IHK) (DE)"`) {
		t.Errorf("Resolve(Chamber Rostock): %v, want the closest names", err)
	}

	_, _, err = f.orgs.Resolve(ctx, "Twin")
	if !errors.Is(err, auth.ErrOrganisationAmbiguous) || domain.CodeOf(err) != domain.CodeValidationFailed {
		t.Fatalf("Resolve(Twin): %v, want ErrOrganisationAmbiguous", err)
	}
}

func TestCountryOfAnUnknownOrganisationIsNotFound(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if _, err := f.orgs.Country(context.Background(), uuid.New()); !errors.Is(err, auth.ErrOrganisationNotFound) ||
		domain.CodeOf(err) != domain.CodeNotFound {
		t.Fatalf("got %v, want ErrOrganisationNotFound", err)
	}
}
