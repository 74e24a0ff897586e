package network

import "github.com/creativeclusters/planner/domain"

// AddLocation is the addLocation mutation. The new location's id is the
// first id Context.NewID returns.
type AddLocation struct {
	Name    string `json:"name"`
	Country string `json:"country"`
	Region  string `json:"region,omitempty"`
}

// Describe implements domain.Command.
func (AddLocation) Describe() domain.Description {
	return domain.Description{Action: "addLocation", Access: domain.AccessAdmin, Creates: true}
}

// Decide implements domain.Command.
func (cmd AddLocation) Decide(state *Location, c domain.Context) ([]domain.Event, error) {
	if state.exists() {
		return nil, ErrLocationExists
	}
	var checks domain.Checks
	checks.Name(cmd.Name, "name")
	checkCountry(&checks, cmd.Country, "country")
	checkOptionalName(&checks, cmd.Region, "region")
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&LocationAdded{LocationID: newID(c), Name: cmd.Name, Country: cmd.Country, Region: cmd.Region}}, nil
}

// UpdateLocation is the updateLocation mutation. Name and country are
// required (null is refused); a null region clears it.
type UpdateLocation struct {
	Name    domain.Optional[string] `json:"name,omitzero"`
	Country domain.Optional[string] `json:"country,omitzero"`
	Region  domain.Optional[string] `json:"region,omitzero"`
}

// Describe implements domain.Command.
func (UpdateLocation) Describe() domain.Description {
	return domain.Description{Action: "updateLocation", Access: domain.AccessAdmin}
}

// Decide implements domain.Command. An update that changes nothing still
// records the event: every accepted command is a revision.
func (cmd UpdateLocation) Decide(state *Location, _ domain.Context) ([]domain.Event, error) {
	if !state.exists() {
		return nil, domain.NotFound(locationSubject)
	}
	var checks domain.Checks
	cmd.Name.RequireNotNull(&checks, "name")
	cmd.Country.RequireNotNull(&checks, "country")
	next := LocationUpdated{Name: state.Name, Country: state.Country, Region: state.Region}
	if cmd.Name.HasValue() {
		checks.Name(cmd.Name.Value, "name")
		next.Name = cmd.Name.Value
	}
	if cmd.Country.HasValue() {
		checkCountry(&checks, cmd.Country.Value, "country")
		next.Country = cmd.Country.Value
	}
	if cmd.Region.Set {
		next.Region = valueOrNone(cmd.Region)
		checkOptionalName(&checks, next.Region, "region")
	}
	if err := checks.Err(); err != nil {
		return nil, err
	}
	return []domain.Event{&next}, nil
}
