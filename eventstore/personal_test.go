package eventstore_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/google/uuid"

	"github.com/creativeclusters/planner/app"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/domain/network"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/internal/pgtest"
)

func TestPersonalDataIsEncryptedAtRestAndShreddedOnErasure(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewPool(t)
	ctx := context.Background()
	svc := app.NewService(eventstore.New(pool, catalog.Registry()), app.Config{})
	run := func(id uuid.UUID, cmd domain.Command[*network.Organisation]) app.Result[*network.Organisation] {
		t.Helper()
		res, err := app.Execute(ctx, svc, app.Organisations, id, cmd, app.Request{Actor: domain.System})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	loc, err := app.Execute(ctx, svc, app.Locations, uuid.Nil, domain.Command[*network.Location](network.AddLocation{Name: "Rostock", Country: "DE"}), app.Request{Actor: domain.System})
	if err != nil {
		t.Fatal(err)
	}
	org := run(uuid.Nil, network.RegisterOrganisation{Name: "IHK", Role: network.Partner, LocationID: loc.SubjectID}).SubjectID
	run(org, network.SetContactPerson{Name: "Fred Schneider", Email: "fschneider@rostock.ihk.de", Phone: "0381 338220"})

	raw := func() []byte {
		var all []byte
		rows, err := pool.Query(ctx, `SELECT data::text FROM events WHERE stream_type = 'ORGANISATION' ORDER BY position`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var s []byte
			if err := rows.Scan(&s); err != nil {
				t.Fatal(err)
			}
			all = append(all, s...)
		}
		return all
	}
	var outbox []byte
	if err := pool.QueryRow(ctx, `SELECT string_agg(payload::text, '') FROM watermill_events`).Scan(&outbox); err != nil {
		t.Fatal(err)
	}
	for _, secret := range []string{"Fred", "fschneider", "338220"} {
		if bytes.Contains(raw(), []byte(secret)) || bytes.Contains(outbox, []byte(secret)) {
			t.Fatalf("%q stored in plain text", secret)
		}
	}
	loaded, err := app.Load(ctx, svc, app.Organisations, org, 0)
	if err != nil {
		t.Fatal(err)
	}
	if c := loaded.State.Contact; c == nil || c.Name != "Fred Schneider" || c.Email != "fschneider@rostock.ihk.de" {
		t.Fatalf("contact not decrypted: %+v", c)
	}
	person := loaded.State.Contact.PersonID
	before := raw()

	run(org, network.EraseContactPerson{})

	if !bytes.Equal(raw()[:len(before)], before) {
		t.Fatal("erasure rewrote stored events: the log must stay append-only")
	}
	var key []byte
	if err := pool.QueryRow(ctx, `SELECT key FROM personal_keys WHERE key_id = $1`, person).Scan(&key); err != nil || key != nil {
		t.Fatalf("key not destroyed: %x %v", key, err)
	}
	// Every revision, loaded from the log, shows the person as erased.
	for rev := 1; rev <= 3; rev++ {
		at, err := app.Load(ctx, svc, app.Organisations, org, rev)
		if err != nil {
			t.Fatal(err)
		}
		if c := at.State.Contact; c != nil && (c.Name != "" || c.Email != "" || c.Phone != "" || !c.Erased) {
			t.Fatalf("revision %d still shows %+v", rev, c)
		}
	}
	// A new contact person gets a new key and can be read.
	after := run(org, network.SetContactPerson{Name: "Anna Meier"})
	if after.State.Contact.Name != "Anna Meier" || after.State.Contact.PersonID == person {
		t.Fatalf("new contact after erasure: %+v", after.State.Contact)
	}
}

// The decoder reads keys through the querier it is given, so a decoder in
// a transaction decodes as that transaction sees erasures, and one over
// the pool as committed state does.
func TestDecoderReadsKeysThroughItsQuerier(t *testing.T) {
	t.Parallel()
	pool := pgtest.NewPool(t)
	ctx := context.Background()
	store := eventstore.New(pool, catalog.Registry())
	svc := app.NewService(store, app.Config{})
	loc, err := app.Execute(ctx, svc, app.Locations, uuid.Nil, domain.Command[*network.Location](network.AddLocation{Name: "Szczecin", Country: "PL"}), app.Request{Actor: domain.System})
	if err != nil {
		t.Fatal(err)
	}
	org, err := app.Execute(ctx, svc, app.Organisations, uuid.Nil, domain.Command[*network.Organisation](network.RegisterOrganisation{Name: "Zachodniopomorska", Role: network.Partner, LocationID: loc.SubjectID}), app.Request{Actor: domain.System})
	if err != nil {
		t.Fatal(err)
	}
	set, err := app.Execute(ctx, svc, app.Organisations, org.SubjectID, domain.Command[*network.Organisation](network.SetContactPerson{Name: "Ewa Nowak", Email: "ewa@example.pl"}), app.Request{Actor: domain.System})
	if err != nil {
		t.Fatal(err)
	}
	revs, err := store.ReadRevisions(ctx, org.SubjectID, set.Revision, set.Revision)
	if err != nil || len(revs) != 1 {
		t.Fatalf("read revision: %v %v", revs, err)
	}
	contact := func(d eventstore.Decoder) string {
		t.Helper()
		events, err := d.Events(ctx, revs[0])
		if err != nil {
			t.Fatal(err)
		}
		state := &network.Organisation{}
		for _, e := range events {
			state.Apply(e, revs[0].Revision)
		}
		if state.Contact == nil {
			t.Fatal("no contact person decoded")
		}
		return state.Contact.Name
	}

	tx, err := pool.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { _ = tx.Rollback(ctx) }()
	if _, err := tx.Exec(ctx, `UPDATE personal_keys SET key = NULL, destroyed_at = now() WHERE key IS NOT NULL`); err != nil {
		t.Fatal(err)
	}
	if got := contact(eventstore.NewDecoder(catalog.Registry(), tx)); got != "" {
		t.Fatalf("decoded in the erasing transaction: %q, want the name gone", got)
	}
	if got := contact(store.Decoder()); got != "Ewa Nowak" {
		t.Fatalf("decoded over the pool while the erasure is uncommitted: %q, want the name", got)
	}
}
