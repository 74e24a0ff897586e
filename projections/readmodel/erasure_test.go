package readmodel_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/projections"
	"github.com/creativeclusters/planner/projections/internal/testkit"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// checkRedacted fails when personal data (the marker) is visible anywhere
// in the subject's history, and when no change says it was redacted.
func checkRedacted(t *testing.T, r *readmodel.Reader, subject uuid.UUID, marker string) []*readmodel.Revision {
	t.Helper()
	conn, err := r.Revisions(context.Background(), subject, readmodel.Page{First: ptr(100)})
	if err != nil {
		t.Fatal(err)
	}
	redacted := 0
	for _, rv := range conn.Nodes() {
		for _, c := range rv.Changes {
			if strings.Contains(stringOf(c.Before)+stringOf(c.After), marker) {
				t.Errorf("revision %d (%s) still shows %q at %s: %v -> %v", rv.Number, rv.Action, marker, c.Path, c.Before, c.After)
			}
			if c.Redacted {
				redacted++
			}
		}
	}
	if redacted == 0 {
		t.Error("no change is marked redacted")
	}
	return conn.Nodes()
}

func stringOf(v any) string {
	if v == nil {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(fmtAny(v)))
}

func fmtAny(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case map[string]any:
		var b strings.Builder
		for k, x := range v {
			b.WriteString(k + "=" + fmtAny(x) + ";")
		}
		return b.String()
	case []any:
		var b strings.Builder
		for _, x := range v {
			b.WriteString(fmtAny(x) + ",")
		}
		return b.String()
	}
	return ""
}

func TestErasureRedactsEarlierAndLaterRevisionsAndRebuilds(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	r := readmodel.New(env.Pool, nil)
	env.Start(t, env.Config(t))
	actor := testkit.Actor(uuid.New())
	note, person := uuid.New(), uuid.New()
	env.Append(t, note, actor, &testkit.Written{Text: "a", Title: "Contacts"})
	env.Append(t, note, actor, &testkit.ContactSet{PersonID: person, Name: "Erika Muster", Email: "erika@example.org"})
	env.Append(t, note, actor, &testkit.ContactSet{PersonID: person, Name: "Erika Muster-Lang", Email: "erika@example.org"})
	env.Append(t, note, actor, &testkit.Written{Text: "b"})
	env.Append(t, note, actor, &testkit.ContactErased{PersonID: person})
	env.Append(t, note, actor, &testkit.Written{Text: "c"})
	env.WaitCaughtUp(t, 10*time.Second)

	revs := checkRedacted(t, r, note, "erika")
	// The revision that set the contact shows the added item without the
	// data.
	added := revs[len(revs)-2]
	if len(added.Changes) != 1 || added.Changes[0].Kind != domain.Added || !added.Changes[0].Redacted ||
		added.Changes[0].Path != "/contact/"+person.String() {
		t.Fatalf("contact revision %+v", added.Changes)
	}
	if item := added.Changes[0].After.(map[string]any); item["name"] != nil || item["email"] != nil || len(item) != 2 {
		t.Errorf("added contact item %v", item)
	}
	before := env.DumpAll(t)
	rb, err := projections.NewRunner(env.Config(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := rb.Rebuild(ctx, ""); err != nil {
		t.Fatal(err)
	}
	testkit.SameDumps(t, before, env.DumpAll(t))
	checkRedacted(t, r, note, "erika")
}

func TestErasedContactPersonOfAnOrganisation(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	admin := testkit.Actor(uuid.Nil)
	loc, _ := testkit.Exec(t, env, testkit.Locations, uuid.Nil, admin, network.AddLocation{Name: "Riga", Country: "LV"})
	org, _ := testkit.Exec(t, env, testkit.Organisations, uuid.Nil, admin, network.RegisterOrganisation{
		Name: "Riga Lab", Role: network.Partner, LocationID: loc})
	env.Start(t, env.Config(t))
	r := readmodel.New(env.Pool, nil)
	testkit.Exec(t, env, testkit.Organisations, org, admin, network.SetContactPerson{Name: "Janis Berzins", Email: "janis@example.lv", Phone: "+371 555"})
	testkit.Exec(t, env, testkit.Organisations, org, admin, network.UpdateOrganisation{Website: domain.Some("https://riga.example")})
	// Revision 4 changes the same person's e-mail.
	testkit.Exec(t, env, testkit.Organisations, org, admin, network.SetContactPerson{Name: "Janis Berzins", Email: "j.berzins@example.lv", Phone: "+371 555"})
	env.WaitCaughtUp(t, 10*time.Second)
	// Projected before the erasure: the history shows the person.
	if rv, err := r.RevisionByNumber(ctx, org, 2); err != nil || !strings.Contains(fmtAny(rv.Changes[0].After), "Janis") {
		t.Fatalf("contact before the erasure: %+v %v", rv, err)
	}
	testkit.Exec(t, env, testkit.Organisations, org, admin, network.EraseContactPerson{})
	testkit.Exec(t, env, testkit.Organisations, org, admin, network.SetContactPerson{Name: "Anna Ozola"})
	env.WaitCaughtUp(t, 10*time.Second)
	for _, marker := range []string{"janis", "+371"} {
		checkRedacted(t, r, org, marker)
	}
	// The history stays: the e-mail change is still there, redacted.
	if rv, err := r.RevisionByNumber(ctx, org, 4); err != nil || len(rv.Changes) == 0 || !rv.Changes[0].Redacted {
		t.Fatalf("revision 4 after the erasure: %+v %v", rv, err)
	}
	s, err := r.Subject(ctx, org)
	if err != nil || strings.Contains(strings.ToLower(string(s.State)), "janis") {
		t.Errorf("stored state shows erased data: %s %v", s.State, err)
	}
	before := env.DumpAll(t)
	rb, err := projections.NewRunner(env.Config(t))
	if err != nil {
		t.Fatal(err)
	}
	if err := rb.Rebuild(ctx, ""); err != nil {
		t.Fatal(err)
	}
	testkit.SameDumps(t, before, env.DumpAll(t))
}
