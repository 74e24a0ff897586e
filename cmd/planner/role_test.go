package main

import (
	"io"
	"net/http"
	"testing"
)

// Issue 17: an API instance and a projections instance on one database
// work as one service. The projections instance serves no GraphQL; the
// API instance runs no projection, yet a write through it is read back
// at once (its reads wait for the notices of the projections instance).
func TestAPIAndProjectionsRoles(t *testing.T) {
	url, _, token := adminDatabase(t)
	quietLogs(t)
	t.Setenv("DATABASE_URL", url)
	cfg, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parseRole("leader"); err == nil {
		t.Error("an unknown role was accepted")
	}

	cfg.Role = "api"
	api := serveInProcess(t, cfg)
	var viewer struct{ Viewer struct{ Name string } }
	if codes, err := graphqlPost(api, token, `{ viewer { name } }`, nil, &viewer); err != nil || codes != nil || viewer.Viewer.Name != "Ada Admin" {
		t.Fatalf("read through the API instance: %v %v", codes, err)
	}
	cfg.Role = "projections"
	projector := serveInProcess(t, cfg)

	res, err := http.Post(projector+"/graphql", "application/json", nil)
	if err != nil {
		t.Fatal(err)
	}
	_, _ = io.Copy(io.Discard, res.Body)
	_ = res.Body.Close()
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("the projections instance answered /graphql with %d, want 404", res.StatusCode)
	}

	var added struct {
		AddLocation struct{ Location struct{ ID string } }
	}
	if codes, err := graphqlPost(api, token, `mutation { addLocation(input: {name: "Karlshamn", country: "SE"}) { location { id } } }`, nil, &added); err != nil || codes != nil {
		t.Fatalf("addLocation: %v %v", codes, err)
	}
	var after struct{ Node *struct{ Name string } }
	if codes, err := graphqlPost(api, token, `query($id: ID!) { node(id: $id) { ... on Location { name } } }`,
		map[string]any{"id": added.AddLocation.Location.ID}, &after); err != nil || codes != nil {
		t.Fatalf("read back: %v %v", codes, err)
	}
	if after.Node == nil || after.Node.Name != "Karlshamn" {
		t.Errorf("read back %+v: the write is not visible through the API instance", after.Node)
	}
}
