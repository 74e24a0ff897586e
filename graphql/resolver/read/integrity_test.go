package read_test

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"testing"
	"time"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/graphql/resolver/internal/resolvertest"
	"github.com/creativeclusters/planner/integrity"
)

// Revisions and their events expose the chain hash as stored; the
// integrity query serves the latest checkpoint and verification to
// REVIEWERs and ADMINs only.
func TestIntegrityQueryAndRevisionHashes(t *testing.T) {
	t.Parallel()
	f := resolvertest.NewProjected(t)
	ctx := context.Background()
	id, _ := f.QuickStrategy("Hashed", false)
	res := f.MustExec(f.PlannerA, `mutation($s: ID!) { updateStrategy(input: {strategyId: $s, title: "Hashed twice"}) {
		position revision { number hash events { version hash } } } }`, "s", id.String())
	var stored []byte
	if err := f.Pool.QueryRow(ctx, `SELECT hash FROM events WHERE stream_id = $1 ORDER BY version DESC LIMIT 1`, id).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	want := hex.EncodeToString(stored)
	if resolvertest.Get(res.Data, "updateStrategy.revision.hash") != want || resolvertest.Get(res.Data, "updateStrategy.revision.events.0.hash") != want {
		t.Fatalf("payload revision %v, want hash %s", resolvertest.Get(res.Data, "updateStrategy.revision"), want)
	}
	audit := f.MustExec(f.Admin, `query($m: String) { auditLog(first: 1, minPosition: $m) { nodes { number hash events { hash } } } }`,
		"m", f.Str(res, "updateStrategy.position"))
	if resolvertest.Get(audit.Data, "auditLog.nodes.0.hash") != want || resolvertest.Get(audit.Data, "auditLog.nodes.0.events.0.hash") != want {
		t.Fatalf("audit log revision %v, want hash %s", resolvertest.Get(audit.Data, "auditLog.nodes.0"), want)
	}

	const q = `{ integrity { latestCheckpoint { seq root hash previousHash publicKey signature streams events position }
		lastVerification { ok events streams checkpoints problems firstProblem } } }`
	empty := f.MustExec(f.ReviewerA, q)
	if resolvertest.Get(empty.Data, "integrity.latestCheckpoint") != nil || resolvertest.Get(empty.Data, "integrity.lastVerification") != nil {
		t.Fatalf("before any checkpoint: %v", empty.Data)
	}
	priv, _, err := integrity.GenerateKey()
	if err != nil {
		t.Fatal(err)
	}
	key, err := integrity.ParsePrivateKey(priv)
	if err != nil {
		t.Fatal(err)
	}
	cp, _, err := (&integrity.Checkpointer{Pool: f.Pool, Key: key}).Take(ctx)
	if err != nil {
		t.Fatal(err)
	}
	started := time.Now()
	report, err := integrity.Verify(ctx, f.Pool, integrity.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := integrity.Record(ctx, f.Pool, started, time.Now(), report); err != nil {
		t.Fatal(err)
	}
	for _, who := range []struct {
		name  string
		actor domain.Actor
		ok    bool
	}{
		{"viewer", f.Viewer, false},
		{"planner", f.PlannerA, false},
		{"reviewer", f.ReviewerA, true},
		{"admin", f.Admin, true},
	} {
		res := f.Exec(&who.actor, q)
		if !who.ok {
			if f.OnlyCode(res) != "FORBIDDEN" || resolvertest.Get(res.Data, "integrity") != nil {
				t.Errorf("%s: %+v %v", who.name, res.Errors, res.Data)
			}
			continue
		}
		c := "integrity.latestCheckpoint."
		if len(res.Errors) > 0 || resolvertest.Get(res.Data, c+"seq") != float64(1) || resolvertest.Get(res.Data, c+"root") != hex.EncodeToString(cp.Root) ||
			resolvertest.Get(res.Data, c+"hash") != hex.EncodeToString(cp.Hash) || resolvertest.Get(res.Data, c+"previousHash") != hex.EncodeToString(make([]byte, 32)) ||
			resolvertest.Get(res.Data, c+"publicKey") != base64.StdEncoding.EncodeToString(cp.PublicKey) ||
			resolvertest.Get(res.Data, c+"streams") != float64(cp.Streams) || resolvertest.Get(res.Data, c+"events") != strconv.FormatInt(cp.Events, 10) ||
			resolvertest.Get(res.Data, c+"position") != strconv.FormatInt(cp.Position, 10) {
			t.Errorf("%s: checkpoint %+v %v", who.name, res.Errors, resolvertest.Get(res.Data, "integrity.latestCheckpoint"))
		}
		v := "integrity.lastVerification."
		if resolvertest.Get(res.Data, v+"ok") != true || resolvertest.Get(res.Data, v+"problems") != float64(0) || resolvertest.Get(res.Data, v+"firstProblem") != nil ||
			resolvertest.Get(res.Data, v+"checkpoints") != float64(1) || resolvertest.Get(res.Data, v+"events") == "0" {
			t.Errorf("%s: verification %v", who.name, resolvertest.Get(res.Data, "integrity.lastVerification"))
		}
	}
	if anon := f.Exec(nil, q); anon.Code(0) != "UNAUTHENTICATED" {
		t.Errorf("anonymous: %+v", anon.Errors)
	}
}
