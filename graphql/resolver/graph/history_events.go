package graph

import (
	"bytes"
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strconv"
	"sync"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/eventstore"
)

// EventRecordResolver renders one stored event. Its data is what the event
// decodes to now, not the stored bytes: the store's decoder decrypts
// personal data while its key exists and drops it (marking the event
// redacted) once the person was erased, and upcasts old schema versions.
// The stored bytes would show ciphertext, and after erasure nothing tells
// a client it is gone.
type EventRecordResolver struct {
	root *Resolver
	e    storedEvent

	once     sync.Once
	data     any
	redacted bool
	err      error
}

func (e *EventRecordResolver) ID() graphql.ID   { return graphql.ID(e.e.EventID.String()) }
func (e *EventRecordResolver) Type() string     { return e.e.Type }
func (e *EventRecordResolver) Version() int32   { return int32(e.e.Version) }
func (e *EventRecordResolver) Position() string { return strconv.FormatInt(e.e.Position, 10) }
func (e *EventRecordResolver) At() DateTime     { return NewDateTime(e.e.At) }

func (e *EventRecordResolver) Data(ctx context.Context) (JSON, error) {
	e.once.Do(func() { e.decode(ctx) })
	if e.err != nil {
		return JSON{}, Fail(e.err)
	}
	return JSON{Value: e.data}, nil
}

func (e *EventRecordResolver) Redacted(ctx context.Context) (bool, error) {
	e.once.Do(func() { e.decode(ctx) })
	if e.err != nil {
		return false, Fail(e.err)
	}
	return e.redacted, nil
}

func (e *EventRecordResolver) decode(ctx context.Context) {
	e.data, e.redacted, e.err = decodeEventData(ctx, e.root.Deps.App, e.e.Record)
}

// decodeEventData decodes a stored event with the service's decoder and
// renders it as JSON values. A personal event whose data is gone comes
// back with "redacted": true (domain.PersonalEvent); its emptied
// "personal" object is left out rather than shown as blank values.
func decodeEventData(ctx context.Context, svc *app.Service, rec eventstore.Record) (any, bool, error) {
	ev, err := svc.DecodeEvent(ctx, rec)
	if err != nil {
		return nil, false, err
	}
	eventType := rec.Type
	raw, err := json.Marshal(ev)
	if err != nil {
		return nil, false, fmt.Errorf("encode event %s: %w", eventType, err)
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber() // integers stay exact
	var data any
	if err := dec.Decode(&data); err != nil {
		return nil, false, fmt.Errorf("encode event %s: %w", eventType, err)
	}
	obj, _ := data.(map[string]any)
	redacted := obj != nil && obj["redacted"] == true
	if _, personal := ev.(domain.PersonalEvent); personal && redacted {
		delete(obj, "personal")
	}
	return data, redacted, nil
}

// Hash is the stream's chain hash up to this event.
func (e *EventRecordResolver) Hash() string { return hex.EncodeToString(e.e.Hash) }
