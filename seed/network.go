package seed

import (
	"errors"
	"sort"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/network"
)

// seededNetwork names the seeded subjects by their natural names.
type seededNetwork struct {
	locations     map[string]uuid.UUID // by city
	organisations map[string]uuid.UUID // by name
	lead          uuid.UUID
}

func (s *seeder) network() (seededNetwork, error) {
	net := seededNetwork{locations: map[string]uuid.UUID{}, organisations: map[string]uuid.UUID{}}
	cities := make([]string, 0, len(Locations))
	for city := range Locations {
		cities = append(cities, city)
	}
	sort.Strings(cities)
	for _, city := range cities {
		info := Locations[city]
		id, err := do(s, "location/"+city, app.Locations, uuid.Nil, domain.Command[*network.Location](
			network.AddLocation{Name: city, Country: info.Country, Region: info.Region}))
		if err != nil {
			return net, err
		}
		net.locations[city] = id
	}
	partners, err := Partners()
	if err != nil {
		return net, err
	}
	for _, p := range partners {
		role := network.Partner
		if p.Lead {
			role = network.LeadPartner
		}
		id, err := do(s, "organisation/"+p.Name, app.Organisations, uuid.Nil, domain.Command[*network.Organisation](
			network.RegisterOrganisation{Name: p.Name, Role: role, LocationID: net.locations[p.City], Address: p.Address, Website: p.Website}))
		if err != nil {
			return net, err
		}
		if p.Contact != "" {
			_, err := do(s, "contact/"+p.Name, app.Organisations, id, domain.Command[*network.Organisation](
				network.SetContactPerson{Name: p.Contact, Email: p.Email, Phone: p.Phone}))
			// Erasing a contact person forgets the fingerprint of the command
			// that recorded them: it was seeded, and stays erased.
			if err != nil && !errors.Is(err, domain.ErrIdempotencyKeyReused) {
				return net, err
			}
		}
		net.organisations[p.Name] = id
		if p.Lead {
			net.lead = id
		}
	}
	return net, nil
}
