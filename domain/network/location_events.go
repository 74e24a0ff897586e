package network

import "github.com/google/uuid"

// LocationAdded records a new location.
type LocationAdded struct {
	LocationID uuid.UUID `json:"locationId"`
	Name       string    `json:"name"`
	Country    string    `json:"country"`
	Region     string    `json:"region,omitempty"`
}

// EventType implements domain.Event.
func (*LocationAdded) EventType() string { return "network.LocationAdded" }

func (e *LocationAdded) applyTo(l *Location) {
	if e == nil {
		return
	}
	l.ID, l.Name, l.Country, l.Region = e.LocationID, e.Name, e.Country, e.Region
}

// LocationUpdated records a location's editable fields after an update,
// all of them, so that the event reads on its own.
type LocationUpdated struct {
	Name    string `json:"name"`
	Country string `json:"country"`
	Region  string `json:"region,omitempty"`
}

// EventType implements domain.Event.
func (*LocationUpdated) EventType() string { return "network.LocationUpdated" }

func (e *LocationUpdated) applyTo(l *Location) {
	if e == nil {
		return
	}
	l.Name, l.Country, l.Region = e.Name, e.Country, e.Region
}
