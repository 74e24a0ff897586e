package integrity_test

import (
	"bytes"
	"context"
	"crypto/ed25519"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/creativeclusters/planner/integrity"
)

// An export verifies offline, with the checkpoint's key and without the
// database; the same file with one byte changed does not.
func TestExportVerifiesOfflineAndOneChangedByteFails(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.append(t, f.streams[1], 4) // newer than the checkpoint
	public := f.key.Public().(ed25519.PublicKey)

	export := func(filter integrity.ExportFilter, key ed25519.PrivateKey) []byte {
		t.Helper()
		var buf bytes.Buffer
		if _, err := integrity.Export(ctx, f.pool, filter, false, key, &buf); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	verify := func(file []byte) *integrity.Report {
		t.Helper()
		r, err := integrity.VerifyExport(bytes.NewReader(file), public)
		if err != nil {
			t.Fatal(err)
		}
		return r
	}

	all := export(integrity.ExportFilter{}, f.key)
	if r := verify(all); !r.OK() || r.Events != 20 || r.Uncovered != 2 || r.Checkpoints != 1 || !r.SignaturesChecked {
		t.Fatalf("whole export: %+v", r)
	}
	// Revision 2 of one stream only (versions 3 and 4): links carry the
	// chain on to the checkpointed head, version 6.
	day2 := time.Date(2026, 1, 2, 0, 0, 0, 0, time.UTC)
	one := export(integrity.ExportFilter{SubjectID: f.streams[0], Action: "note", From: day2, To: day2.Add(24 * time.Hour)}, nil)
	if n := strings.Count(string(one), `"type":"event"`); n != 2 {
		t.Fatalf("%d events selected, want 2:\n%s", n, one)
	}
	if n := strings.Count(string(one), `"type":"link"`); n != 2 {
		t.Fatalf("%d links, want 2 (versions 5 and 6):\n%s", n, one)
	}
	if r := verify(one); !r.OK() || r.Events != 2 || r.Uncovered != 0 {
		t.Fatalf("filtered export: %+v", r)
	}

	// One byte of an event's data: that row is named.
	changed := bytes.Replace(one, []byte(`\"text\": \"first\"`), []byte(`\"text\": \"firsT\"`), 1)
	if bytes.Equal(changed, one) {
		t.Fatal("no event data to change")
	}
	position := f.position(t, f.streams[0], 3)
	r := verify(changed)
	if r.OK() || r.Problems[0].Kind != integrity.Altered || r.Problems[0].Position != position || r.Problems[0].Version != 3 {
		t.Fatalf("changed data byte: %+v", r.Problems)
	}
	// One byte anywhere in a signed file, here in its header's time.
	at := bytes.Index(all, []byte(`"createdAt":"`)) + len(`"createdAt":"`) + 3
	tampered := bytes.Clone(all)
	tampered[at] = '0' + (tampered[at]-'0'+1)%10
	if r := verify(tampered); r.OK() || !strings.Contains(r.Problems[0].Detail, "not the ones signed") {
		t.Fatalf("changed header byte: %+v", r.Problems)
	}
	// A link's digest, and a checkpoint head.
	if r := verify(bytes.Replace(one, []byte(`"headerDigest":"`), []byte(`"headerDigest":"0`), 1)); r.OK() {
		t.Fatal("changed link digest verified")
	}
	if r := verify(bytes.Replace(one, []byte(`"version":6,"hash":"`), []byte(`"version":5,"hash":"`), 1)); r.OK() ||
		r.Problems[0].Kind != integrity.ForgedCheckpoint {
		t.Fatalf("changed checkpoint head: %+v", r.Problems)
	}
}

func TestExportCSV(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var buf bytes.Buffer
	n, err := integrity.Export(context.Background(), f.pool, integrity.ExportFilter{SubjectID: f.streams[2]}, true, nil, &buf)
	if err != nil || n != 6 {
		t.Fatalf("%d events, %v", n, err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 7 || rows[0][18] != "hash" || rows[0][19] != "checkpoint" || len(rows[6][18]) != 64 || rows[6][19] != "1" ||
		rows[6][3] != "6" || !strings.Contains(rows[6][16], `"second"`) {
		t.Fatalf("csv %q", rows)
	}
}
