package graph

import (
	"encoding/json"
	"slices"
	"testing"
	"time"

	graphql "github.com/graph-gophers/graphql-go"
)

func TestDateTimeIsServedInUTC(t *testing.T) {
	at := time.Date(2026, 11, 26, 11, 0, 0, 123000, time.FixedZone("CET", 3600))
	b, err := json.Marshal(NewDateTime(at))
	if err != nil || string(b) != `"2026-11-26T10:00:00.000123Z"` {
		t.Fatalf("%s %v", b, err)
	}
	var in DateTime
	if err := in.UnmarshalGraphQL("2026-11-26T10:00:00+01:00"); err != nil {
		t.Fatal(err)
	}
	if got, err := in.parse(); err != nil || !got.Equal(at.Add(-time.Hour).Truncate(time.Second)) {
		t.Fatalf("parse = %v %v", got, err)
	}
	for _, bad := range []string{"2026-11-26T10:00:00", "2026-11-26", "tomorrow"} {
		if err := in.UnmarshalGraphQL(bad); err != nil {
			t.Fatal(err)
		}
		if _, err := in.parse(); err == nil {
			t.Errorf("%q parsed", bad)
		}
	}
	if err := in.UnmarshalGraphQL(42); err == nil {
		t.Error("a number was taken for a DateTime")
	}
}

func TestNullableListsTellNullFromOmitted(t *testing.T) {
	var ids NullIDList
	if err := ids.UnmarshalGraphQL(nil); err != nil || !ids.Set || !ids.Null {
		t.Fatalf("null: %+v %v", ids, err)
	}
	ids = NullIDList{}
	if err := ids.UnmarshalGraphQL([]any{"a", "b"}); err != nil || !ids.Set || ids.Null || !slices.Equal(ids.Value, []graphql.ID{"a", "b"}) {
		t.Fatalf("list: %+v %v", ids, err)
	}
	ids = NullIDList{}
	if err := ids.UnmarshalGraphQL("a"); err != nil || !slices.Equal(ids.Value, []graphql.ID{"a"}) {
		t.Fatalf("single value: %+v %v", ids, err)
	}
	var strs NullStringList
	if err := strs.UnmarshalGraphQL([]any{}); err != nil || !strs.Set || strs.Null || len(strs.Value) != 0 {
		t.Fatalf("empty list: %+v %v", strs, err)
	}
	if err := strs.UnmarshalGraphQL([]any{1}); err == nil {
		t.Fatal("a number was taken for a String")
	}
	var d NullDate
	if err := d.UnmarshalGraphQL(nil); err != nil || !d.Set || d.Value != nil {
		t.Fatalf("null date: %+v %v", d, err)
	}
}
