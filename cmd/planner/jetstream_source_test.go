package main

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/creativeclusters/planner/auth"
	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/domain/catalog"
	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/internal/pgtest"
	"github.com/creativeclusters/planner/natsforward/natstest"
)

// Issue 17: with PLANNER_PROJECTIONS_SOURCE=jetstream `planner serve`
// projects what the forwarder writes to JetStream: it is ready once its
// consumers are subscribed, a write is read back at once (the read waits
// for the projections as with the outbox), and the projections took it
// from their JetStream consumers, not from the outbox.
func TestServeProjectsFromJetStream(t *testing.T) {
	url := pgtest.NewDatabase(t)
	ctx := context.Background()
	pool, err := pgxpool.New(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pool.Close()
	users := auth.NewUsers(pool, auth.NewNetworkResolver(eventstore.New(pool, catalog.Registry()), auth.NetworkResolverConfig{}))
	_, token, err := users.AddUser(ctx, auth.NewUser{Name: "Ada Admin", Email: "ada@example.org", Role: domain.RoleAdmin})
	if err != nil {
		t.Fatal(err)
	}
	nt := natstest.Start(t)
	previous := slog.Default()
	slog.SetDefault(slog.New(slog.DiscardHandler))
	t.Cleanup(func() { slog.SetDefault(previous) })
	t.Setenv("DATABASE_URL", url)
	t.Setenv("PLANNER_PROJECTIONS_SOURCE", "jetstream")
	if _, err := loadConfig(); err == nil {
		t.Error("the JetStream source was accepted without PLANNER_NATS_URL")
	}
	t.Setenv("PLANNER_NATS_URL", nt.URL())
	cfg, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	base := serveInProcess(t, cfg)

	var added struct {
		AddLocation struct{ Location struct{ ID string } }
	}
	if codes, err := graphqlPost(base, token, `mutation { addLocation(input: {name: "Szczecin", country: "PL"}) { location { id } } }`, nil, &added); err != nil || codes != nil {
		t.Fatalf("addLocation: %v %v", codes, err)
	}
	var after struct{ Node *struct{ Name string } }
	if codes, err := graphqlPost(base, token, `query($id: ID!) { node(id: $id) { ... on Location { name } } }`,
		map[string]any{"id": added.AddLocation.Location.ID}, &after); err != nil || codes != nil {
		t.Fatalf("read back: %v %v", codes, err)
	}
	if after.Node == nil || after.Node.Name != "Szczecin" {
		t.Errorf("read back %+v: the write is not visible", after.Node)
	}

	var outboxGroups int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM watermill_offsets_events WHERE consumer_group <> 'nats_forwarder'`).Scan(&outboxGroups); err != nil {
		t.Fatal(err)
	}
	if outboxGroups != 0 {
		t.Errorf("%d projections consumed the outbox", outboxGroups)
	}
	conn, err := nats.Connect(nt.URL())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	js, err := jetstream.New(conn)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range allProjections() {
		// Acked right after the projection committed, maybe just after
		// the read above.
		eventually(t, p.Name()+" acks the revision in JetStream", func() bool {
			c, err := js.PushConsumer(ctx, cfg.NATSStream, "planner_projection_"+p.Name())
			if err != nil {
				return false
			}
			info, err := c.Info(ctx)
			return err == nil && info.AckFloor.Stream > 0
		})
	}
	// The forwarder's progress on /metrics (loopback: no token needed).
	eventually(t, "/metrics shows the forwarder caught up", func() bool {
		res, err := http.Get(base + "/metrics")
		if err != nil {
			return false
		}
		defer func() { _ = res.Body.Close() }()
		body, err := io.ReadAll(res.Body)
		return err == nil && strings.Contains(string(body), "\nplanner_nats_forward_lag_events 0\n") &&
			strings.Contains(string(body), "\nplanner_nats_forwarded_revisions_total ")
	})
	if _, err := loadConfigWith(t, "PLANNER_PROJECTIONS_SOURCE", "kafka"); err == nil {
		t.Error("an unknown projections source was accepted")
	}
}

func loadConfigWith(t *testing.T, name, value string) (Config, error) {
	t.Setenv(name, value)
	return loadConfig()
}
