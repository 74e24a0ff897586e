package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/coder/websocket"
	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// subject is a document the writers edit and the subscriptions follow.
type subject struct {
	id       string
	strategy bool
}

func (s subject) mutation() string {
	if s.strategy {
		return `mutation($id: ID!, $c: ID!, $t: String!) { updateStrategy(input: {strategyId: $id, commandId: $c, vision: $t}) { revision { number } } }`
	}
	return `mutation($id: ID!, $c: ID!, $t: String!) { updateCooperationConcept(input: {conceptId: $id, commandId: $c, summary: $t}) { revision { number } } }`
}

func (s subject) subscription() string {
	if s.strategy {
		return `subscription($id: ID!, $after: Int) { revised: strategyRevised(id: $id, afterRevision: $after) { number } }`
	}
	return `subscription($id: ID!, $after: Int) { revised: cooperationConceptRevised(id: $id, afterRevision: $after) { number } }`
}

func (s subject) read() string {
	if s.strategy {
		return `query($id: ID!) { doc: strategy(id: $id) { revision } }`
	}
	return `query($id: ID!) { doc: cooperationConcept(id: $id) { revision } }`
}

// follower is one subscription to one subject, started on one instance;
// when that instance dies it resumes on another with afterRevision, as a
// client is told to.
type follower struct {
	subj subject
	on   *instance
	mu   sync.Mutex
	seen []int
}

func (f *follower) numbers() []int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]int{}, f.seen...)
}

// follow subscribes on in after revision after and records what arrives
// until ctx ends or the connection breaks; it returns the last number.
func (f *follower) follow(ctx context.Context, in *instance, token string, after int) (int, error) {
	dialCtx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	conn, _, err := websocket.Dial(dialCtx, "ws"+strings.TrimPrefix(in.base, "http")+"/graphql",
		&websocket.DialOptions{Subprotocols: []string{"graphql-transport-ws"}})
	if err != nil {
		return after, err
	}
	defer func() { _ = conn.CloseNow() }()
	send := func(v any) error {
		b, _ := json.Marshal(v)
		return conn.Write(ctx, websocket.MessageText, b)
	}
	if err := send(map[string]any{"type": "connection_init", "payload": map[string]any{"Authorization": "Bearer " + token}}); err != nil {
		return after, err
	}
	if err := send(map[string]any{"id": "1", "type": "subscribe", "payload": map[string]any{
		"query": f.subj.subscription(), "variables": map[string]any{"id": f.subj.id, "after": after}}}); err != nil {
		return after, err
	}
	for {
		_, raw, err := conn.Read(ctx)
		if err != nil {
			return after, err
		}
		var m struct {
			Type    string
			Payload struct {
				Data struct {
					Revised struct{ Number int }
				}
				Errors []any
			}
		}
		if err := json.Unmarshal(raw, &m); err != nil {
			return after, err
		}
		switch m.Type {
		case "connection_ack", "ping", "pong":
		case "next":
			if len(m.Payload.Errors) > 0 {
				return after, fmt.Errorf("subscription error: %s", raw)
			}
			n := m.Payload.Data.Revised.Number
			f.mu.Lock()
			f.seen = append(f.seen, n)
			f.mu.Unlock()
			after = n
		default:
			return after, fmt.Errorf("subscription ended: %s", raw)
		}
	}
}

// Issue 17: three `planner serve` processes on one database, eight
// writers spread over them, subscriptions on each; one process is killed
// (SIGKILL) in the middle. No acknowledged command is lost; every
// subscription sees every revision of its subject exactly once (those on
// the killed process resume on another with afterRevision); a write
// acknowledged by one instance is read back through another at once
// (read-your-writes); and the read models equal a rebuild from the log.
func TestThreeInstancesOneKilled(t *testing.T) {
	url, pool, token := adminDatabase(t)
	t.Setenv("DATABASE_URL", url)
	t.Setenv("PLANNER_ENV_FILE", "none")
	ctx := context.Background()
	if err := run(ctx, []string{"seed"}, io.Discard); err != nil {
		t.Fatalf("seed: %v", err)
	}

	env := []string{"DATABASE_URL=" + url, "PLANNER_RATE_PER_SECOND=100000", "PLANNER_RATE_BURST=100000"}
	instances := []*instance{
		startInstance(t, "a", env), startInstance(t, "b", env), startInstance(t, "c", env),
	}
	alive := func(after int) *instance {
		for i := range instances {
			if in := instances[(after+i)%len(instances)]; in.alive.Load() {
				return in
			}
		}
		t.Fatal("no instance alive")
		return nil
	}

	var subjects []subject
	var listed struct {
		Strategies struct{ Nodes []struct{ ID string } }
		Concepts   struct{ Nodes []struct{ ID string } }
	}
	// The seed was written before any instance ran its projections, by no
	// actor this token stands for: wait for the whole log so far.
	var head int64
	if err := pool.QueryRow(ctx, `SELECT COALESCE(max(position), 0) FROM events`).Scan(&head); err != nil {
		t.Fatal(err)
	}
	if codes, err := graphqlPost(instances[0].base, token,
		`query($head: String) { strategies(first: 10, minPosition: $head) { nodes { id } } concepts: cooperationConcepts(first: 10, minPosition: $head) { nodes { id } } }`,
		map[string]any{"head": strconv.FormatInt(head, 10)}, &listed); err != nil || codes != nil {
		t.Fatalf("list: %v %v", codes, err)
	}
	for _, n := range listed.Strategies.Nodes {
		subjects = append(subjects, subject{id: n.ID, strategy: true})
	}
	for _, n := range listed.Concepts.Nodes {
		subjects = append(subjects, subject{id: n.ID})
	}
	if len(subjects) < 2 {
		t.Fatalf("the seed gave %d documents", len(subjects))
	}
	startRevision := map[string]int{}
	for _, s := range subjects {
		var doc struct{ Doc struct{ Revision int } }
		if codes, err := graphqlPost(instances[0].base, token, s.read(), map[string]any{"id": s.id}, &doc); err != nil || codes != nil {
			t.Fatalf("read %s: %v %v", s.id, codes, err)
		}
		startRevision[s.id] = doc.Doc.Revision
	}

	// Subscriptions: every subject on every instance.
	followCtx, stopFollowing := context.WithCancel(ctx)
	defer stopFollowing()
	var (
		followers []*follower
		following sync.WaitGroup
	)
	for i, in := range instances {
		for _, s := range subjects {
			f := &follower{subj: s, on: in}
			followers = append(followers, f)
			following.Add(1)
			go func() {
				defer following.Done()
				on, after := f.on, startRevision[s.id]
				for followCtx.Err() == nil {
					after, _ = f.follow(followCtx, on, token, after)
					on = alive(i + 1)
				}
			}()
		}
	}

	// Writers: eight, spread over the instances; a request that got no
	// answer (its instance died) is sent again, same commandId, to
	// another instance.
	var (
		mu       sync.Mutex
		acked    []string
		answered atomic.Int64
		failures []string
	)
	writeCtx, stopWriting := context.WithCancel(ctx)
	var writing sync.WaitGroup
	for w := range 8 {
		writing.Add(1)
		go func() {
			defer writing.Done()
			for n := 0; writeCtx.Err() == nil; n++ {
				s := subjects[(w+n)%len(subjects)]
				commandID := uuid.NewString()
				vars := map[string]any{"id": s.id, "c": commandID, "t": fmt.Sprintf("writer %d, write %d", w, n)}
				var out map[string]struct{ Revision struct{ Number int } }
				var codes []string
				for try := 0; ; try++ {
					var err error
					codes, err = graphqlPost(alive(w+try).base, token, s.mutation(), vars, &out)
					if err == nil {
						break
					}
				}
				if len(codes) > 0 {
					mu.Lock()
					failures = append(failures, strings.Join(codes, "; "))
					mu.Unlock()
					continue
				}
				mu.Lock()
				acked = append(acked, commandID)
				mu.Unlock()
				answered.Add(1)
				var number int
				for _, p := range out {
					number = p.Revision.Number
				}
				// Read your write through another instance: no
				// minPosition, the service waits for the reader's own
				// latest command.
				if n%4 == 0 {
					var doc struct{ Doc struct{ Revision int } }
					codes, err := graphqlPost(alive(w+1).base, token, s.read(), map[string]any{"id": s.id}, &doc)
					if err == nil && len(codes) == 0 && doc.Doc.Revision < number {
						mu.Lock()
						failures = append(failures, fmt.Sprintf("read-your-writes: revision %d read after %d was acknowledged", doc.Doc.Revision, number))
						mu.Unlock()
					}
				}
			}
		}()
	}
	eventually(t, "commands acknowledged before the kill", func() bool { return answered.Load() >= 80 })
	instances[1].kill(t)
	before := answered.Load()
	eventually(t, "commands acknowledged after the kill", func() bool { return answered.Load() >= before+80 })
	stopWriting()
	writing.Wait()
	if len(failures) > 0 {
		t.Errorf("%d failures, first: %s", len(failures), failures[0])
	}

	// Every acknowledged command is stored.
	var stored int
	if err := pool.QueryRow(ctx, `SELECT count(*) FROM commands WHERE command_id = ANY($1::uuid[])`, acked).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != len(acked) {
		t.Fatalf("%d of %d acknowledged commands are stored", stored, len(acked))
	}

	// Every subscription: each revision of its subject, once, in order.
	final := map[string]int{}
	for _, s := range subjects {
		var doc struct{ Doc struct{ Revision int } }
		if codes, err := graphqlPost(instances[0].base, token, s.read(), map[string]any{"id": s.id}, &doc); err != nil || codes != nil {
			t.Fatalf("read %s: %v %v", s.id, codes, err)
		}
		final[s.id] = doc.Doc.Revision
	}
	for _, f := range followers {
		want := final[f.subj.id]
		eventually(t, fmt.Sprintf("subscription to %s on %s reaching revision %d", f.subj.id, f.on.name, want), func() bool {
			seen := f.numbers()
			return len(seen) > 0 && seen[len(seen)-1] >= want
		})
	}
	stopFollowing()
	following.Wait()
	for _, f := range followers {
		seen := f.numbers()
		from := startRevision[f.subj.id]
		for i, n := range seen {
			if n != from+1+i {
				t.Errorf("subscription to %s started on %s: revision %d at place %d, want %d (seen %v)", f.subj.id, f.on.name, n, i, from+1+i, seen)
				break
			}
		}
		if len(seen) != final[f.subj.id]-from {
			t.Errorf("subscription to %s started on %s: %d revisions, want %d", f.subj.id, f.on.name, len(seen), final[f.subj.id]-from)
		}
	}

	// Read models equal a rebuild, once every projection caught up.
	eventually(t, "projections caught up", func() bool {
		for _, p := range allProjections() {
			var lagging int
			err := pool.QueryRow(ctx, `SELECT count(*) FROM (SELECT stream_id, max(revision) AS revision FROM events GROUP BY stream_id) e
				LEFT JOIN `+p.Schema()+`.streams s USING (stream_id) WHERE COALESCE(s.revision, 0) < e.revision`).Scan(&lagging)
			if err != nil || lagging > 0 {
				return false
			}
		}
		return true
	})
	instances[0].stop(t)
	instances[2].stop(t)
	live := dumpProjections(t, pool)
	if err := run(ctx, []string{"projections", "rebuild"}, io.Discard); err != nil {
		t.Fatalf("rebuild: %v", err)
	}
	rebuilt := dumpProjections(t, pool)
	for table, rows := range rebuilt {
		if live[table] != rows {
			t.Errorf("%s differs from a rebuild", table)
		}
	}
	if len(live) != len(rebuilt) {
		t.Errorf("%d tables live, %d rebuilt", len(live), len(rebuilt))
	}
	t.Logf("%d commands acknowledged (%d before the kill), %d subscriptions, final revisions %v", len(acked), before, len(followers), final)
}

// dumpProjections returns every projection table as sorted JSON rows,
// without apply times and the history's seq (the order revisions were
// applied in, which a rebuild renumbers in log order).
func dumpProjections(t *testing.T, pool *pgxpool.Pool) map[string]string {
	t.Helper()
	ctx := context.Background()
	out := map[string]string{}
	for _, p := range allProjections() {
		rows, err := pool.Query(ctx, `SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
			WHERE n.nspname = $1 AND c.relkind = 'r'`, p.Schema())
		if err != nil {
			t.Fatal(err)
		}
		tables, err := pgx.CollectRows(rows, pgx.RowTo[string])
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(tables)
		for _, table := range tables {
			var dump *string
			if err := pool.QueryRow(ctx, `SELECT string_agg(r, E'\n' ORDER BY r) FROM
				(SELECT (to_jsonb(t) - 'applied_at' - 'seq')::text AS r FROM `+p.Schema()+`.`+table+` t) rows`).Scan(&dump); err != nil {
				t.Fatal(err)
			}
			key := p.Schema() + "." + table
			if dump != nil {
				out[key] = *dump
			}
			if dump == nil {
				out[key] = ""
			}
		}
	}
	if len(out) == 0 {
		t.Fatal(errors.New("no projection tables"))
	}
	return out
}
