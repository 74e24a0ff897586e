package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/creativeclusters/planner/eventstore"
	"github.com/creativeclusters/planner/natsforward/natstest"
)

// Issue 17: with PLANNER_NATS_URL set, `planner serve` forwards what a
// mutation records to JetStream, on the documented subject.
func TestServeForwardsRevisionsToNATS(t *testing.T) {
	url, pool, token := adminDatabase(t)
	ctx := context.Background()
	nt := natstest.Start(t)

	quietLogs(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("PLANNER_NATS_URL", nt.URL())
	cfg, err := loadConfig()
	if err != nil {
		t.Fatal(err)
	}
	base := serveInProcess(t, cfg)

	req, _ := http.NewRequest(http.MethodPost, base+"/graphql", strings.NewReader(
		`{"query":"mutation { addLocation(input: {name: \"Karlshamn\", country: \"SE\"}) { location { id } } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	raw, _ := io.ReadAll(res.Body)
	_ = res.Body.Close()
	var out struct {
		Data struct {
			AddLocation struct{ Location struct{ ID string } }
		}
	}
	if err := json.Unmarshal(raw, &out); err != nil || out.Data.AddLocation.Location.ID == "" {
		t.Fatalf("addLocation: %s", raw)
	}
	var streamID string
	if err := pool.QueryRow(ctx, `SELECT stream_id::text FROM events WHERE stream_type = 'LOCATION'`).Scan(&streamID); err != nil {
		t.Fatal(err)
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
	subject := "planner.revisions.location." + streamID
	var msg *jetstream.RawStreamMsg
	eventually(t, "the revision in JetStream on "+subject, func() bool {
		stream, err := js.Stream(ctx, "PLANNER_REVISIONS")
		if err != nil {
			return false
		}
		msg, err = stream.GetLastMsgForSubject(ctx, subject)
		return err == nil
	})
	var rev eventstore.Revision
	if err := json.Unmarshal(msg.Data, &rev); err != nil || rev.Revision != 1 || rev.Action != "addLocation" || len(rev.Events) != 1 {
		t.Fatalf("message: %s (%v)", msg.Data, err)
	}
	if got := msg.Header.Get(nats.MsgIdHdr); got != streamID+"/1" {
		t.Errorf("Nats-Msg-Id %q", got)
	}
}
