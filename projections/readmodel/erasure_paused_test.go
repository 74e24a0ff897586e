package readmodel_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/projections/internal/testkit"
	"github.com/creativeclusters/planner/projections/readmodel"
)

// Erasure is immediate on every read, even while the projections are
// stopped: the history and the documents still hold the person's data as
// they copied it, and the reads redact it by the key store.
func TestErasureIsImmediateWithTheProjectionsStopped(t *testing.T) {
	t.Parallel()
	env := testkit.New(t)
	ctx := context.Background()
	admin := testkit.Actor(uuid.Nil)
	loc, _ := testkit.Exec(t, env, testkit.Locations, uuid.Nil, admin, network.AddLocation{Name: "Klaipėda", Country: "LT"})
	org, _ := testkit.Exec(t, env, testkit.Organisations, uuid.Nil, admin, network.RegisterOrganisation{
		Name: "Klaipėda Lab", Role: network.Partner, LocationID: loc})
	running := env.Start(t, env.Config(t))
	r := readmodel.New(env.Pool, nil)
	testkit.Exec(t, env, testkit.Organisations, org, admin, network.SetContactPerson{Name: "Ona Petraitė", Email: "ona@example.lt", Phone: "+370 555"})
	testkit.Exec(t, env, testkit.Organisations, org, admin, network.SetContactPerson{Name: "Ona Petraitė", Email: "o.petraite@example.lt", Phone: "+370 555"})
	env.WaitCaughtUp(t, 10*time.Second)
	// Projected, before the erasure: the data is there to be hidden.
	if s, err := r.Subject(ctx, org); err != nil || !strings.Contains(string(s.State), "Ona") {
		t.Fatalf("contact before the erasure: %v %v", s, err)
	}
	running.Stop(t)

	testkit.Exec(t, env, testkit.Organisations, org, admin, network.EraseContactPerson{})

	// The projections have not seen the erasure.
	if s, _ := r.Subject(ctx, org); s.Revision != 3 {
		t.Fatalf("the documents projection moved on while stopped: revision %d", s.Revision)
	}
	for _, marker := range []string{"ona", "petrait", "+370"} {
		checkRedacted(t, r, org, marker)
	}
	revs, err := r.RevisionsByKeys(ctx, []readmodel.RevisionKey{{SubjectID: org, Number: 3}, {SubjectID: org, Number: 4}})
	if err != nil {
		t.Fatal(err)
	}
	after, err := r.RevisionsAfter(ctx, org, 0, 10)
	if err != nil {
		t.Fatal(err)
	}
	audit, err := r.AuditLog(ctx, readmodel.Page{First: ptr(100)}, readmodel.AuditFilter{SubjectID: &org})
	if err != nil {
		t.Fatal(err)
	}
	auditAfter, err := r.AuditAfter(ctx, readmodel.AuditFilter{}, 0, 100)
	if err != nil {
		t.Fatal(err)
	}
	for name, list := range map[string][]*readmodel.Revision{
		"by key": revs, "after": after, "audit": audit.Nodes(), "audit after": auditAfter,
	} {
		for _, rv := range list {
			if rv == nil {
				continue // revision 4, the erasure, is not projected
			}
			for _, c := range rv.Changes {
				shown := strings.ToLower(fmtAny(c.Before) + fmtAny(c.After))
				if strings.Contains(shown, "ona") || strings.Contains(shown, "+370") {
					t.Errorf("%s: revision %d shows %s: %v -> %v", name, rv.Number, c.Path, c.Before, c.After)
				}
			}
		}
	}
	for name, get := range map[string]func() (*readmodel.Subject, error){
		"subject": func() (*readmodel.Subject, error) { return r.Subject(ctx, org) },
		"list": func() (*readmodel.Subject, error) {
			conn, err := r.Organisations(ctx, readmodel.Page{First: ptr(100)})
			if err != nil {
				return nil, err
			}
			for _, s := range conn.Nodes() {
				if s.ID == org {
					return s, nil
				}
			}
			return nil, nil
		},
	} {
		s, err := get()
		if err != nil || s == nil {
			t.Fatalf("%s: %v %v", name, s, err)
		}
		state := strings.ToLower(string(s.State))
		if strings.Contains(state, "ona") || strings.Contains(state, "+370") || !strings.Contains(state, `"erased":true`) {
			t.Errorf("%s: state after the erasure %s", name, s.State)
		}
	}
}

// The read-time redaction knows organisations' contact persons as the
// only personal data; a new aggregate with personal data must be taught
// to it (erasure.go).
func TestOnlyOrganisationsHoldPersonalData(t *testing.T) {
	for _, typ := range catalog.Types() {
		state, err := catalog.New(typ)
		if err != nil {
			t.Fatal(err)
		}
		if _, personal := state.(domain.PersonalData); personal != (typ == domain.SubjectOrganisation) {
			t.Errorf("%s: personal data %v; teach readmodel/erasure.go", typ, personal)
		}
	}
}
