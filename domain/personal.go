package domain

import "github.com/google/uuid"

// PersonalEvent is an event that carries personal data in the object under
// its JSON key "personal". The event store encrypts that object with a key
// of the data subject's own, so that destroying the key erases the data in
// every stored copy (crypto-shredding) while the event, and the history it
// belongs to, stays intact. Once the key is gone the store decodes the
// event with "personal" absent and "redacted": true.
type PersonalEvent interface {
	Event
	PersonalDataKey() uuid.UUID
}

// ErasingEvent destroys the key of a data subject when it is stored.
type ErasingEvent interface {
	Event
	ErasedDataKey() uuid.UUID
}
