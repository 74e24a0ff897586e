package resolver_test

import (
	"context"
	"encoding/base64"
	"encoding/hex"
	"strconv"
	"testing"
	"time"

	"github.com/creativeclusters/planner/domain"
	"github.com/creativeclusters/planner/integrity"
)

// Revisions and their events expose the chain hash as stored; the
// integrity query serves the latest checkpoint and verification to
// REVIEWERs and ADMINs only.
func TestIntegrityQueryAndRevisionHashes(t *testing.T) {
	t.Parallel()
	f := newProjectedFixture(t)
	ctx := context.Background()
	id, _ := f.quickStrategy("Hashed", false)
	res := f.mustExec(f.plannerA, `mutation($s: ID!) { updateStrategy(input: {strategyId: $s, title: "Hashed twice"}) {
		position revision { number hash events { version hash } } } }`, "s", id.String())
	var stored []byte
	if err := f.pool.QueryRow(ctx, `SELECT hash FROM events WHERE stream_id = $1 ORDER BY version DESC LIMIT 1`, id).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	want := hex.EncodeToString(stored)
	if get(res.Data, "updateStrategy.revision.hash") != want || get(res.Data, "updateStrategy.revision.events.0.hash") != want {
		t.Fatalf("payload revision %v, want hash %s", get(res.Data, "updateStrategy.revision"), want)
	}
	audit := f.mustExec(f.admin, `query($m: String) { auditLog(first: 1, minPosition: $m) { nodes { number hash events { hash } } } }`,
		"m", f.str(res, "updateStrategy.position"))
	if get(audit.Data, "auditLog.nodes.0.hash") != want || get(audit.Data, "auditLog.nodes.0.events.0.hash") != want {
		t.Fatalf("audit log revision %v, want hash %s", get(audit.Data, "auditLog.nodes.0"), want)
	}

	const q = `{ integrity { latestCheckpoint { seq root hash previousHash publicKey signature streams events position }
		lastVerification { ok events streams checkpoints problems firstProblem } } }`
	empty := f.mustExec(f.reviewerA, q)
	if get(empty.Data, "integrity.latestCheckpoint") != nil || get(empty.Data, "integrity.lastVerification") != nil {
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
	cp, _, err := (&integrity.Checkpointer{Pool: f.pool, Key: key}).Take(ctx)
	if err != nil {
		t.Fatal(err)
	}
	started := time.Now()
	report, err := integrity.Verify(ctx, f.pool, integrity.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := integrity.Record(ctx, f.pool, started, time.Now(), report); err != nil {
		t.Fatal(err)
	}
	for _, who := range []struct {
		name  string
		actor domain.Actor
		ok    bool
	}{
		{"viewer", f.viewer, false},
		{"planner", f.plannerA, false},
		{"reviewer", f.reviewerA, true},
		{"admin", f.admin, true},
	} {
		res := f.exec(&who.actor, q)
		if !who.ok {
			if f.onlyCode(res) != "FORBIDDEN" || get(res.Data, "integrity") != nil {
				t.Errorf("%s: %+v %v", who.name, res.Errors, res.Data)
			}
			continue
		}
		c := "integrity.latestCheckpoint."
		if len(res.Errors) > 0 || get(res.Data, c+"seq") != float64(1) || get(res.Data, c+"root") != hex.EncodeToString(cp.Root) ||
			get(res.Data, c+"hash") != hex.EncodeToString(cp.Hash) || get(res.Data, c+"previousHash") != hex.EncodeToString(make([]byte, 32)) ||
			get(res.Data, c+"publicKey") != base64.StdEncoding.EncodeToString(cp.PublicKey) ||
			get(res.Data, c+"streams") != float64(cp.Streams) || get(res.Data, c+"events") != strconv.FormatInt(cp.Events, 10) ||
			get(res.Data, c+"position") != strconv.FormatInt(cp.Position, 10) {
			t.Errorf("%s: checkpoint %+v %v", who.name, res.Errors, get(res.Data, "integrity.latestCheckpoint"))
		}
		v := "integrity.lastVerification."
		if get(res.Data, v+"ok") != true || get(res.Data, v+"problems") != float64(0) || get(res.Data, v+"firstProblem") != nil ||
			get(res.Data, v+"checkpoints") != float64(1) || get(res.Data, v+"events") == "0" {
			t.Errorf("%s: verification %v", who.name, get(res.Data, "integrity.lastVerification"))
		}
	}
	if anon := f.exec(nil, q); anon.code(0) != "UNAUTHENTICATED" {
		t.Errorf("anonymous: %+v", anon.Errors)
	}
}
