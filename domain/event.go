package domain

import (
	"encoding/json"
	"fmt"
	"sort"
)

// Event is a fact recorded by an aggregate. Each event type is a past-tense
// struct with explicit JSON tags next to its aggregate; EventType returns its
// stable stored name (e.g. "strategy.SectionUpdated"), which never comes
// from the Go type name and never changes once events are stored.
type Event interface {
	EventType() string
}

// WorkflowEvent marks events that change a document's workflow state,
// reviews or names but not its content; a revision made only of such
// events leaves contentRevision unchanged.
type WorkflowEvent interface {
	Event
	Workflow()
}

// IsWorkflow reports whether e changes no content.
func IsWorkflow(e Event) bool {
	_, ok := e.(WorkflowEvent)
	return ok
}

// Upcaster turns the stored JSON of an older schema version into the JSON of
// the next version (from -> from+1).
type Upcaster func(from int, data json.RawMessage) (json.RawMessage, error)

type registration struct {
	factory       func() Event
	schemaVersion int
	upcast        Upcaster
}

// Registry maps stored event names to Go types. Aggregates register their
// events explicitly (strategy.RegisterEvents(r)); nothing registers itself.
type Registry struct {
	types map[string]registration
}

// NewRegistry returns an empty registry.
func NewRegistry() *Registry {
	return &Registry{types: map[string]registration{}}
}

// Register adds an event type at schema version 1. The stored name is the
// one the factory's value reports. Registering a name twice panics: it is a
// programming error found at start-up.
func (r *Registry) Register(factory func() Event) {
	r.RegisterVersion(factory, 1, nil)
}

// RegisterVersion adds an event type whose current schema version is
// version; upcast lifts stored data of older versions one step at a time.
func (r *Registry) RegisterVersion(factory func() Event, version int, upcast Upcaster) {
	name := factory().EventType()
	if _, dup := r.types[name]; dup {
		panic(fmt.Sprintf("domain: event type %q registered twice", name))
	}
	if version > 1 && upcast == nil {
		panic(fmt.Sprintf("domain: event type %q at version %d needs an upcaster", name, version))
	}
	r.types[name] = registration{factory: factory, schemaVersion: version, upcast: upcast}
}

// SchemaVersion returns the current schema version of a registered event
// type, and 0 for unknown ones.
func (r *Registry) SchemaVersion(name string) int {
	return r.types[name].schemaVersion
}

// Names lists the registered names, sorted.
func (r *Registry) Names() []string {
	names := make([]string, 0, len(r.types))
	for n := range r.types {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// Decode turns stored data of the given schema version into the registered
// Go type, upcasting old versions first.
func (r *Registry) Decode(name string, version int, data []byte) (Event, error) {
	reg, ok := r.types[name]
	if !ok {
		return nil, fmt.Errorf("decode event: unknown event type %q", name)
	}
	if version < 1 {
		return nil, fmt.Errorf("decode event %q: invalid schema version %d", name, version)
	}
	if version > reg.schemaVersion {
		return nil, fmt.Errorf("decode event %q: stored schema version %d is newer than this build's %d", name, version, reg.schemaVersion)
	}
	raw := json.RawMessage(data)
	for v := version; v < reg.schemaVersion; v++ {
		var err error
		if raw, err = reg.upcast(v, raw); err != nil {
			return nil, fmt.Errorf("upcast event %q from version %d: %w", name, v, err)
		}
	}
	e := reg.factory()
	if err := json.Unmarshal(raw, e); err != nil {
		return nil, fmt.Errorf("decode event %q: %w", name, err)
	}
	return e, nil
}
