package domain_test

import (
	"encoding/json"
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/creativeclusters/planner/domain"
)

// noteAdded is a test event; version 2 renamed "text" to "body".
type noteAdded struct {
	Body string `json:"body"`
}

func (*noteAdded) EventType() string { return "test.NoteAdded" }

type noteArchived struct{}

func (*noteArchived) EventType() string { return "test.NoteArchived" }
func (*noteArchived) Workflow()         {}

func renameText(from int, data json.RawMessage) (json.RawMessage, error) {
	if from != 1 {
		return nil, errors.New("unexpected version")
	}
	var v1 struct {
		Text string `json:"text"`
	}
	if err := json.Unmarshal(data, &v1); err != nil {
		return nil, err
	}
	return json.Marshal(map[string]string{"body": v1.Text})
}

func TestRegisterAndDecode(t *testing.T) {
	r := domain.NewRegistry()
	r.Register(func() domain.Event { return new(noteAdded) })
	r.Register(func() domain.Event { return new(noteArchived) })

	e, err := r.Decode("test.NoteAdded", 1, []byte(`{"body":"hello"}`))
	if err != nil {
		t.Fatal(err)
	}
	if got, ok := e.(*noteAdded); !ok || got.Body != "hello" {
		t.Fatalf("decoded %#v", e)
	}
	if !slices.Equal(r.Names(), []string{"test.NoteAdded", "test.NoteArchived"}) {
		t.Fatalf("names = %v", r.Names())
	}
	if r.SchemaVersion("test.NoteAdded") != 1 || r.SchemaVersion("test.Unknown") != 0 {
		t.Fatal("schema versions")
	}
	// Each Decode returns a fresh value.
	again, _ := r.Decode("test.NoteAdded", 1, []byte(`{"body":"other"}`))
	if e.(*noteAdded).Body != "hello" || again.(*noteAdded).Body != "other" {
		t.Fatal("decoded values share memory")
	}
	archived, err := r.Decode("test.NoteArchived", 1, []byte(`{}`))
	if err != nil || !domain.IsWorkflow(archived) || domain.IsWorkflow(e) {
		t.Fatalf("workflow marker: %v %v", archived, err)
	}
}

func TestRegisterTwicePanics(t *testing.T) {
	r := domain.NewRegistry()
	r.Register(func() domain.Event { return new(noteAdded) })
	defer func() {
		msg, _ := recover().(string)
		if !strings.Contains(msg, `"test.NoteAdded" registered twice`) {
			t.Fatalf("panic = %q", msg)
		}
	}()
	r.Register(func() domain.Event { return new(noteAdded) })
}

func TestRegisterNewerVersionNeedsAnUpcaster(t *testing.T) {
	defer func() {
		msg, _ := recover().(string)
		if !strings.Contains(msg, "needs an upcaster") {
			t.Fatalf("panic = %q", msg)
		}
	}()
	domain.NewRegistry().RegisterVersion(func() domain.Event { return new(noteAdded) }, 2, nil)
}

func TestDecodeUnknownType(t *testing.T) {
	_, err := domain.NewRegistry().Decode("test.Nope", 1, []byte(`{}`))
	if err == nil || !strings.Contains(err.Error(), `unknown event type "test.Nope"`) {
		t.Fatalf("err = %v", err)
	}
	if domain.CodeOf(err) != domain.CodeInternal {
		t.Fatalf("an undecodable event is an internal error, got %s", domain.CodeOf(err))
	}
}

func TestDecodeBadData(t *testing.T) {
	r := domain.NewRegistry()
	r.Register(func() domain.Event { return new(noteAdded) })
	if _, err := r.Decode("test.NoteAdded", 1, []byte(`{"body":`)); err == nil {
		t.Fatal("broken JSON decoded")
	}
	if _, err := r.Decode("test.NoteAdded", 1, []byte(`{"body":42}`)); err == nil {
		t.Fatal("wrong type decoded")
	}
}

func TestUpcastFromVersionOneToTwo(t *testing.T) {
	r := domain.NewRegistry()
	r.RegisterVersion(func() domain.Event { return new(noteAdded) }, 2, renameText)
	if r.SchemaVersion("test.NoteAdded") != 2 {
		t.Fatalf("schema version = %d", r.SchemaVersion("test.NoteAdded"))
	}

	old, err := r.Decode("test.NoteAdded", 1, []byte(`{"text":"stored long ago"}`))
	if err != nil {
		t.Fatal(err)
	}
	if got := old.(*noteAdded).Body; got != "stored long ago" {
		t.Fatalf("upcast body = %q", got)
	}

	current, err := r.Decode("test.NoteAdded", 2, []byte(`{"body":"new"}`))
	if err != nil || current.(*noteAdded).Body != "new" {
		t.Fatalf("current version: %v %v", current, err)
	}

	if _, err := r.Decode("test.NoteAdded", 3, []byte(`{}`)); err == nil || !strings.Contains(err.Error(), "newer than this build") {
		t.Fatalf("future version: %v", err)
	}
}

func TestUpcastStepsOneVersionAtATime(t *testing.T) {
	var steps []int
	r := domain.NewRegistry()
	r.RegisterVersion(func() domain.Event { return new(noteAdded) }, 3, func(from int, data json.RawMessage) (json.RawMessage, error) {
		steps = append(steps, from)
		var m map[string]string
		if err := json.Unmarshal(data, &m); err != nil {
			return nil, err
		}
		m["body"] += "+"
		return json.Marshal(m)
	})
	e, err := r.Decode("test.NoteAdded", 1, []byte(`{"body":"v1"}`))
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(steps, []int{1, 2}) || e.(*noteAdded).Body != "v1++" {
		t.Fatalf("steps = %v, body = %q", steps, e.(*noteAdded).Body)
	}
}

func TestUpcastErrorsAreReported(t *testing.T) {
	r := domain.NewRegistry()
	r.RegisterVersion(func() domain.Event { return new(noteAdded) }, 2, renameText)
	_, err := r.Decode("test.NoteAdded", 1, []byte(`not json`))
	if err == nil || !strings.Contains(err.Error(), `upcast event "test.NoteAdded" from version 1`) {
		t.Fatalf("err = %v", err)
	}
}
