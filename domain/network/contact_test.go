package network_test

import (
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/network"
)

func zarekSet() *network.ContactPersonSet {
	return &network.ContactPersonSet{PersonID: person1, Personal: network.PersonalData{
		Name: "Katarzyna Zarek", Email: "kmasztaler@mediadizajn.pl", Phone: "0048 91 444 24 04 64",
	}}
}

func TestSetContactPerson(t *testing.T) {
	state := given(&network.Organisation{}, mediaDizajnRegistered())
	cmd := network.SetContactPerson{Name: "Katarzyna Zarek", Email: "kmasztaler@mediadizajn.pl", Phone: "0048 91 444 24 04 64"}
	events, err := cmd.Decide(state, ctx(t, person1))
	wantEvents(t, events, err, zarekSet())

	next := apply(given(&network.Organisation{}, mediaDizajnRegistered()), 2, events)
	want := &network.ContactPerson{PersonID: person1, Name: "Katarzyna Zarek", Email: "kmasztaler@mediadizajn.pl", Phone: "0048 91 444 24 04 64"}
	if !reflect.DeepEqual(next.Contact, want) {
		t.Fatalf("contact = %+v", next.Contact)
	}
	changes := domain.Diff(state.Document(), next.Document())
	wantChanges := []domain.Change{{Path: "/contact/" + person1.String(), Kind: domain.Added, After: map[string]any{
		"name": "Katarzyna Zarek", "email": "kmasztaler@mediadizajn.pl",
		"phone": "0048 91 444 24 04 64", "erased": false,
	}}}
	if !reflect.DeepEqual(changes, wantChanges) {
		t.Fatalf("changes = %#v", changes)
	}
}

func TestSetContactPersonWithoutEmailOrPhone(t *testing.T) {
	state := given(&network.Organisation{}, mediaDizajnRegistered())
	events, err := network.SetContactPerson{Name: "Birute Gedminaite"}.Decide(state, ctx(t, person1))
	wantEvents(t, events, err, &network.ContactPersonSet{PersonID: person1, Personal: network.PersonalData{Name: "Birute Gedminaite"}})
	leaves := apply(state, 2, events).Document().Leaves()
	p := "/contact/" + person1.String()
	if leaves[p+"/name"] != "Birute Gedminaite" || leaves[p+"/email"] != nil || leaves[p+"/phone"] != nil || leaves[p+"/erased"] != false {
		t.Fatalf("leaves = %v", leaves)
	}
}

func TestSetContactPersonKeepsTheLivePerson(t *testing.T) {
	state := given(&network.Organisation{}, mediaDizajnRegistered(), zarekSet())
	events, err := network.SetContactPerson{Name: "Katarzyna Zarek", Email: "k.zarek@mediadizajn.pl"}.Decide(state, ctx(t))
	wantEvents(t, events, err, &network.ContactPersonSet{PersonID: person1, Personal: network.PersonalData{Name: "Katarzyna Zarek", Email: "k.zarek@mediadizajn.pl"}})

	next := apply(given(&network.Organisation{}, mediaDizajnRegistered(), zarekSet()), 3, events)
	changes := domain.Diff(state.Document(), next.Document())
	p := "/contact/" + person1.String()
	want := []domain.Change{
		{Path: p + "/email", Kind: domain.Changed, Before: "kmasztaler@mediadizajn.pl", After: "k.zarek@mediadizajn.pl"},
		{Path: p + "/phone", Kind: domain.Changed, Before: "0048 91 444 24 04 64", After: nil},
	}
	if !reflect.DeepEqual(changes, want) {
		t.Fatalf("changes = %#v", changes)
	}
}

func TestEraseContactPerson(t *testing.T) {
	state := given(&network.Organisation{}, mediaDizajnRegistered(), zarekSet())
	events, err := network.EraseContactPerson{}.Decide(state, ctx(t))
	wantEvents(t, events, err, &network.ContactPersonErased{PersonID: person1})

	next := apply(given(&network.Organisation{}, mediaDizajnRegistered(), zarekSet()), 3, events)
	if want := (&network.ContactPerson{PersonID: person1, Erased: true}); !reflect.DeepEqual(next.Contact, want) {
		t.Fatalf("contact = %+v", next.Contact)
	}
	if next.Revision != 3 {
		t.Fatalf("revision = %d", next.Revision)
	}
	wantDoc(t, next.Document(), map[string]any{
		"name": "Media Dizajn", "role": "LEAD_PARTNER", "locationId": locID.String(),
		"address": "Bandurskiego 96/23 71-685 Szczecin", "website": "www.mediadizajn.pl",
		"contact": []any{map[string]any{"key": person1.String(), "name": nil, "email": nil, "phone": nil, "erased": true}},
	})
	raw, _ := json.Marshal(next)
	for _, personal := range []string{"Zarek", "kmasztaler", "0048"} {
		if strings.Contains(string(raw), personal) {
			t.Fatalf("erased state still holds %q: %s", personal, raw)
		}
	}
}

func TestSetContactPersonAfterErasureStartsANewPerson(t *testing.T) {
	state := given(&network.Organisation{}, mediaDizajnRegistered(), zarekSet(), &network.ContactPersonErased{PersonID: person1})
	events, err := network.SetContactPerson{Name: "Jan Nowak"}.Decide(state, ctx(t, person2))
	wantEvents(t, events, err, &network.ContactPersonSet{PersonID: person2, Personal: network.PersonalData{Name: "Jan Nowak"}})

	next := apply(given(&network.Organisation{}, mediaDizajnRegistered(), zarekSet(), &network.ContactPersonErased{PersonID: person1}), 4, events)
	changes := domain.Diff(state.Document(), next.Document())
	if len(changes) != 2 || changes[0].Kind != domain.Removed || changes[0].Path != "/contact/"+person1.String() ||
		changes[1].Kind != domain.Added || changes[1].Path != "/contact/"+person2.String() {
		t.Fatalf("changes = %#v", changes)
	}
}

func TestEraseContactPersonWithoutOne(t *testing.T) {
	for name, state := range map[string]*network.Organisation{
		"never set":      given(&network.Organisation{}, mediaDizajnRegistered()),
		"already erased": given(&network.Organisation{}, mediaDizajnRegistered(), zarekSet(), &network.ContactPersonErased{PersonID: person1}),
	} {
		t.Run(name, func(t *testing.T) {
			_, err := network.EraseContactPerson{}.Decide(state, ctx(t))
			wantCode(t, err, domain.CodeInvalidState, network.ErrNoContactPerson)
		})
	}
}

func TestSetContactPersonValidation(t *testing.T) {
	state := given(&network.Organisation{}, mediaDizajnRegistered())
	for name, tc := range map[string]struct {
		cmd    network.SetContactPerson
		fields []string
	}{
		"blank name":         {network.SetContactPerson{Name: " "}, []string{"name"}},
		"no @":               {network.SetContactPerson{Name: "A", Email: "a.example.org"}, []string{"email"}},
		"two @":              {network.SetContactPerson{Name: "A", Email: "a@b@example.org"}, []string{"email"}},
		"nothing before @":   {network.SetContactPerson{Name: "A", Email: "@example.org"}, []string{"email"}},
		"nothing after @":    {network.SetContactPerson{Name: "A", Email: "a@"}, []string{"email"}},
		"space in email":     {network.SetContactPerson{Name: "A", Email: "a b@example.org"}, []string{"email"}},
		"tab in email":       {network.SetContactPerson{Name: "A", Email: "ab@example.org\t"}, []string{"email"}},
		"long email":         {network.SetContactPerson{Name: "A", Email: strings.Repeat("a", 243) + "@example.org"}, []string{"email"}},
		"letters in phone":   {network.SetContactPerson{Name: "A", Phone: "call me"}, []string{"phone"}},
		"dots in phone":      {network.SetContactPerson{Name: "A", Phone: "0381.338220"}, []string{"phone"}},
		"no digit in phone":  {network.SetContactPerson{Name: "A", Phone: "+()"}, []string{"phone"}},
		"long phone":         {network.SetContactPerson{Name: "A", Phone: strings.Repeat("1", 51)}, []string{"phone"}},
		"everything invalid": {network.SetContactPerson{Email: "x", Phone: "y"}, []string{"name", "email", "phone"}},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := tc.cmd.Decide(state, ctx(t, person1))
			wantCode(t, err, domain.CodeValidationFailed)
			wantFields(t, err, tc.fields...)
		})
	}
}

func TestSetContactPersonAcceptsTheSeedData(t *testing.T) {
	state := given(&network.Organisation{}, mediaDizajnRegistered())
	for _, c := range []network.SetContactPerson{
		{Name: "Fred Schneider", Email: "fschneider@rostock.ihk.de", Phone: "0049 0381 338220"},
		{Name: "Doreen Krätschmann", Email: "d.kraetschmann@wm.mv-regierung.de", Phone: "0049385-588 5202"},
		{Name: "Birute Gedminaite", Phone: "00 370 67382349"},
		{Name: "Mathias Roos", Email: "mathias.roos@kreativum.se", Phone: "00 46 454 56 39 50"},
		{Name: "A", Email: strings.Repeat("a", 242) + "@example.org", Phone: "+49 (381) 338-220/1" + strings.Repeat("0", 31)},
	} {
		if _, err := c.Decide(state, ctx(t, person1)); err != nil {
			t.Errorf("%+v: %v", c, err)
		}
	}
}

// The event keeps personal data in exactly one object, "personal", next to
// "personId", so that a codec can encrypt that object alone.
func TestContactPersonSetIsolatesPersonalData(t *testing.T) {
	raw, err := json.Marshal(zarekSet())
	if err != nil {
		t.Fatal(err)
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(raw, &top); err != nil {
		t.Fatal(err)
	}
	var keys []string
	for k := range top {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if !slices.Equal(keys, []string{"personId", "personal"}) {
		t.Fatalf("top-level keys = %v", keys)
	}
	var personal map[string]string
	if err := json.Unmarshal(top["personal"], &personal); err != nil {
		t.Fatal(err)
	}
	want := map[string]string{"name": "Katarzyna Zarek", "email": "kmasztaler@mediadizajn.pl", "phone": "0048 91 444 24 04 64"}
	if !reflect.DeepEqual(personal, want) {
		t.Fatalf("personal = %v", personal)
	}
	for _, e := range []domain.Event{&network.ContactPersonErased{PersonID: person1}, mediaDizajnRegistered()} {
		raw, _ := json.Marshal(e)
		if strings.Contains(string(raw), "Zarek") {
			t.Fatalf("%s carries personal data: %s", e.EventType(), raw)
		}
	}
}

// A codec that can no longer decrypt a contact event (the person was
// erased) hands Apply a redacted event; the history must still replay.
func TestApplyRedactedContactEvents(t *testing.T) {
	r := domain.NewRegistry()
	network.RegisterEvents(r)
	for name, data := range map[string]string{
		"personal null, redacted": `{"personId":"` + person1.String() + `","personal":null,"redacted":true}`,
		"personal missing":        `{"personId":"` + person1.String() + `"}`,
		"personal empty":          `{"personId":"` + person1.String() + `","personal":{}}`,
	} {
		t.Run(name, func(t *testing.T) {
			e, err := r.Decode("network.ContactPersonSet", 1, []byte(data))
			if err != nil {
				t.Fatal(err)
			}
			state := given(&network.Organisation{}, mediaDizajnRegistered(), e)
			if want := (&network.ContactPerson{PersonID: person1, Erased: true}); !reflect.DeepEqual(state.Contact, want) {
				t.Fatalf("contact = %+v", state.Contact)
			}
			state.Apply(&network.ContactPersonErased{PersonID: person1}, 3)
			if !state.Contact.Erased || state.Revision != 3 {
				t.Fatalf("state = %+v", state)
			}
		})
	}
	redacted := zarekSet()
	redacted.Redacted = true
	state := given(&network.Organisation{}, mediaDizajnRegistered(), redacted)
	if state.Contact.Name != "" || !state.Contact.Erased {
		t.Fatalf("a redacted event must not show data: %+v", state.Contact)
	}
}

// Replaying history after an erasure shows no personal data at any
// revision, and no diff shows any.
func TestHistoryAfterErasureShowsNoPersonalData(t *testing.T) {
	redacted := &network.ContactPersonSet{PersonID: person1, Redacted: true}
	update := &network.ContactPersonSet{PersonID: person1, Redacted: true}
	history := []domain.Event{mediaDizajnRegistered(), redacted, update, &network.ContactPersonErased{PersonID: person1}}
	var docs []domain.Doc
	state := &network.Organisation{}
	for i, e := range history {
		state.Apply(e, i+1)
		docs = append(docs, state.Document())
	}
	for i := 1; i < len(docs); i++ {
		for _, c := range domain.Diff(docs[i-1], docs[i]) {
			raw, _ := json.Marshal(c)
			if strings.Contains(string(raw), "Zarek") {
				t.Fatalf("revision %d: %s", i+1, raw)
			}
		}
	}
}

func TestContactPersonErasedForAnotherPersonKeepsTheContact(t *testing.T) {
	state := given(&network.Organisation{}, mediaDizajnRegistered(), zarekSet(), &network.ContactPersonErased{PersonID: person2})
	if state.Contact.Erased || state.Contact.Name != "Katarzyna Zarek" || state.Revision != 3 {
		t.Fatalf("state = %+v", state)
	}
	// The other person's data is gone from the history all the same.
	if got := state.ErasedPaths(); len(got) != 3 || !strings.HasPrefix(got[0], "/contact/"+person2.String()+"/") {
		t.Fatalf("erased paths = %v", got)
	}
	none := given(&network.Organisation{}, mediaDizajnRegistered(), &network.ContactPersonErased{PersonID: person1})
	if none.Contact != nil {
		t.Fatalf("contact = %+v", none.Contact)
	}
}

var _ domain.PersonalData = (*network.Organisation)(nil)

func TestErasedPaths(t *testing.T) {
	p1 := "/contact/" + person1.String()
	p2 := "/contact/" + person2.String()
	erased1 := []string{p1 + "/name", p1 + "/email", p1 + "/phone"}
	erased2 := []string{p2 + "/name", p2 + "/email", p2 + "/phone"}
	for name, tc := range map[string]struct {
		history []domain.Event
		want    []string
	}{
		"never erased": {[]domain.Event{mediaDizajnRegistered(), zarekSet()}, nil},
		"erased":       {[]domain.Event{mediaDizajnRegistered(), zarekSet(), &network.ContactPersonErased{PersonID: person1}}, erased1},
		"a new contact after an erasure": {[]domain.Event{
			mediaDizajnRegistered(), zarekSet(), &network.ContactPersonErased{PersonID: person1},
			&network.ContactPersonSet{PersonID: person2, Personal: network.PersonalData{Name: "Jan Nowak"}},
		}, erased1},
		"two erasures": {[]domain.Event{
			mediaDizajnRegistered(), zarekSet(), &network.ContactPersonErased{PersonID: person1},
			&network.ContactPersonSet{PersonID: person2, Personal: network.PersonalData{Name: "Jan Nowak"}},
			&network.ContactPersonErased{PersonID: person2},
		}, append(erased1, erased2...)},
		// Replayed after the key was deleted, the set event arrives redacted.
		"a redacted event": {[]domain.Event{mediaDizajnRegistered(), &network.ContactPersonSet{PersonID: person1, Redacted: true}}, erased1},
		"replay after erasure": {[]domain.Event{
			mediaDizajnRegistered(), &network.ContactPersonSet{PersonID: person1, Redacted: true},
			&network.ContactPersonErased{PersonID: person1},
		}, erased1},
	} {
		t.Run(name, func(t *testing.T) {
			state := given(&network.Organisation{}, tc.history...)
			if got := state.ErasedPaths(); !reflect.DeepEqual(got, tc.want) {
				t.Fatalf("erased paths = %v, want %v", got, tc.want)
			}
			// Every erased path overlaps the changes that showed the data.
			for _, path := range state.ErasedPaths() {
				if !domain.Overlaps("/contact/"+strings.Split(path, "/")[2], path) {
					t.Fatalf("%s is not under its contact item", path)
				}
			}
		})
	}
	var none *network.Organisation
	if none.ErasedPaths() != nil {
		t.Fatal("nil organisation")
	}
}
