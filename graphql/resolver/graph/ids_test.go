package graph

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/creativeclusters/planner/domain"
)

func TestNodeIDsRoundTrip(t *testing.T) {
	subject, review := uuid.New(), uuid.New()
	for _, c := range []struct {
		id   graphql.ID
		want nodeID
	}{
		{SubjectID(subject), nodeID{Kind: nodeBare, Subject: subject}},
		{actorID(subject), nodeID{Kind: nodeBare, Subject: subject}},
		{revisionID(subject, 12), nodeID{Kind: nodeRevision, Subject: subject, Number: 12}},
		{snapshotID(subject, 1), nodeID{Kind: nodeSnapshot, Subject: subject, Number: 1}},
		{reviewID(subject, review), nodeID{Kind: nodeReview, Subject: subject, Review: review}},
	} {
		got, ok := parseNodeID(c.id)
		if !ok || got != c.want {
			t.Errorf("parseNodeID(%q) = %+v, %v; want %+v", c.id, got, ok, c.want)
		}
	}
	if got := string(revisionID(subject, 3)); got != subject.String()+":rev:3" {
		t.Errorf("revision id %q", got)
	}
}

func TestMalformedNodeIDs(t *testing.T) {
	s := uuid.NewString()
	for _, id := range []string{
		"", "x", s + "x", "{" + s + "}", "urn:uuid:" + s, s[:35],
		s + ":rev:", s + ":rev:0", s + ":rev:-1", s + ":rev:01", s + ":rev:1x", s + ":snap:abc",
		s + ":review:" + s + "x", "x:rev:1", s + ":other:1",
	} {
		if got, ok := parseNodeID(graphql.ID(id)); ok {
			t.Errorf("parseNodeID(%q) = %+v, want not ok", id, got)
		}
	}
}

func TestInputIDsNameEveryMalformedField(t *testing.T) {
	var ids InputIDs
	good := uuid.New()
	if got := ids.ID(graphql.ID(good.String()), "strategyId"); got != good {
		t.Fatalf("id = %v", got)
	}
	ids.ID("nope", "strategyId")
	ids.ID(graphql.ID(uuid.Nil.String()), "sectionId")
	ids.List([]graphql.ID{graphql.ID(good.String()), "bad"}, "locationIds")
	bad := graphql.ID("bad")
	ids.Optional(&bad, "beforeSectionId")
	if ids.Optional(nil, "x") != nil {
		t.Fatal("omitted optional id")
	}
	ids.commandID(&bad)
	if got := ids.Nullable(graphql.NullID{Set: true}, "leadPartnerId"); !got.Set || !got.Null {
		t.Fatalf("null id = %+v", got)
	}
	if got := ids.NullableList(NullIDList{}, "locationIds"); got.Set {
		t.Fatalf("omitted list = %+v", got)
	}
	err := ids.Err()
	var v *domain.ValidationError
	if !errors.As(err, &v) {
		t.Fatalf("err = %v", err)
	}
	var paths []string
	for _, f := range v.Fields {
		paths = append(paths, joinPath(f.Path))
	}
	want := []string{"strategyId", "sectionId", "locationIds.1", "beforeSectionId", "commandId"}
	if !slices.Equal(paths, want) {
		t.Fatalf("paths %v, want %v", paths, want)
	}
}

func joinPath(path []string) string { return strings.Join(path, ".") }
