package seed

import "testing"

func TestPartnersParsesTheSeedDocument(t *testing.T) {
	partners, err := Partners()
	if err != nil {
		t.Fatal(err)
	}
	if len(partners) != 9 {
		t.Fatalf("%d partners, want the 9 of the document", len(partners))
	}
	byName := map[string]Partner{}
	leads := 0
	for _, p := range partners {
		byName[p.Name] = p
		if p.Lead {
			leads++
		}
	}
	if leads != 1 || !byName["Media Dizajn"].Lead {
		t.Fatalf("lead partner not recognised: %+v", byName["Media Dizajn"])
	}
	want := Partner{
		Name: "Kreativum Science Center", Address: "Strömmavägen 28 37432 Karlshamn", City: "Karlshamn",
		Phone: "00 46 454 56 39 50", Website: "www.kreativum.se", Contact: "Mathias Roos", Email: "mathias.roos@kreativum.se",
	}
	if got := byName[want.Name]; got != want {
		t.Fatalf("got %+v\nwant %+v", got, want)
	}
	if got := byName["Rietavas Municipality Cultural Centre"]; got.Email != "" || got.Contact != "Birute Gedminaite" || got.City != "Rietavas" {
		t.Fatalf("partner without e-mail parsed wrongly: %+v", got)
	}
	if got := byName["Association Rietavas Women Employment Centre / RMUC"].Website; got != "www.facebook.com/groups/rietavomuc/" {
		t.Fatalf("website %q", got)
	}
	cities := map[string]bool{}
	for _, p := range partners {
		cities[p.City] = true
	}
	if len(cities) != 6 {
		t.Fatalf("partners in %d cities, want the 6 locations", len(cities))
	}
}

func TestPartnersRejectsAFieldBeforeAnyOrganisation(t *testing.T) {
	if _, err := parsePartners("phone: 123\n"); err == nil {
		t.Fatal("accepted a document without an organisation")
	}
}
