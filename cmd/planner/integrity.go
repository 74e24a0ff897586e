package main

import (
	"bufio"
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/creativeclusters/planner/integrity"
)

const keysUsage = `usage: planner keys generate

  generate         print a new Ed25519 checkpoint signing key (set it as
                   PLANNER_CHECKPOINT_KEY) and its public key (give it to
                   partners and auditors: planner verify --public-key)`

// runKeys implements "planner keys generate".
func runKeys(args []string, stdout io.Writer) error {
	if len(args) != 1 || args[0] != "generate" {
		return errors.New(keysUsage)
	}
	private, public, err := integrity.GenerateKey()
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "PLANNER_CHECKPOINT_KEY=%s\npublic key: %s\n", private, public)
	return nil
}

const checkpointUsage = `usage: planner checkpoint take|show

  take             take a signed checkpoint now, if anything was written
                   since the last one (needs PLANNER_CHECKPOINT_KEY)
  show             the latest checkpoint: sequence, time, root, public key`

// runCheckpoint implements "planner checkpoint take|show".
func runCheckpoint(ctx context.Context, cfg Config, args []string, stdout io.Writer) error {
	if len(args) != 1 || (args[0] != "take" && args[0] != "show") {
		return errors.New(checkpointUsage)
	}
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	if args[0] == "take" {
		key, err := checkpointKey(cfg)
		if err != nil {
			return err
		}
		if key == nil {
			return errors.New("PLANNER_CHECKPOINT_KEY is not set (planner keys generate makes one)")
		}
		cp, written, err := (&integrity.Checkpointer{Pool: pool, Key: key}).Take(ctx)
		if err != nil {
			return err
		}
		if !written {
			fmt.Fprintln(stdout, "nothing written since the latest checkpoint")
		}
		printCheckpoint(stdout, cp)
		return nil
	}
	cp, err := integrity.Latest(ctx, pool)
	if err != nil {
		return err
	}
	printCheckpoint(stdout, cp)
	return nil
}

func printCheckpoint(w io.Writer, cp *integrity.Checkpoint) {
	if cp == nil {
		fmt.Fprintln(w, "no checkpoint yet")
		return
	}
	fmt.Fprintf(w, "checkpoint %d at %s: %d streams, %d events, up to position %d\nroot:       %x\nhash:       %x\npublic key: %s\n",
		cp.Seq, cp.CreatedAt.Format(time.RFC3339), cp.Streams, cp.Events, cp.Position, cp.Root, cp.Hash,
		base64.StdEncoding.EncodeToString(cp.PublicKey))
}

const verifyUsage = `usage: planner verify [--public-key KEY] [--from-position P] [--export FILE]

  Recomputes every stream's hash chain and checks every checkpoint; names
  the first bad row and what kind of change it is; exits non-zero then.
  --public-key     the checkpoints' public key (default: derived from
                   PLANNER_CHECKPOINT_KEY); without one, signatures are
                   not checked
  --from-position P  verify a range: the rows from position P on (what
                   was written since an earlier run), each stream anchored
                   on its row before P; a range is not recorded as the
                   last verification, which stays a whole one
  --export FILE    check a JSON Lines file of planner audit export instead,
                   offline: no database needed`

// maxPrinted bounds the problems verify prints.
const maxPrinted = 20

// runVerify implements "planner verify".
func runVerify(ctx context.Context, cfg Config, args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("verify", flag.ContinueOnError)
	publicKey := flags.String("public-key", "", "base64 Ed25519 public key the checkpoints must be signed with")
	exportFile := flags.String("export", "", "verify this audit export offline")
	fromPosition := flags.Int64("from-position", 0, "verify the rows from this position on")
	flags.Usage = func() { fmt.Fprintln(flags.Output(), verifyUsage) }
	if err := flags.Parse(args); err != nil {
		return err
	}
	if flags.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q\n%s", flags.Args(), verifyUsage)
	}
	key, err := verifyKey(cfg, *publicKey)
	if err != nil {
		return err
	}
	if *exportFile != "" {
		return verifyExportFile(*exportFile, key, stdout)
	}
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	started := time.Now()
	report, err := integrity.Verify(ctx, pool, integrity.Options{PublicKey: key, FromPosition: *fromPosition})
	if err != nil {
		return err
	}
	finished := time.Now()
	printReport(stdout, report, finished.Sub(started))
	latest, err := integrity.Latest(ctx, pool)
	if err != nil {
		return err
	}
	fmt.Fprintln(stdout)
	printCheckpoint(stdout, latest)
	if *fromPosition > 1 {
		fmt.Fprintf(stdout, "\nrange from position %d: not recorded as the last verification\n", *fromPosition)
	} else if err := integrity.Record(ctx, pool, started, finished, report); err != nil {
		return err
	}
	if !report.OK() {
		return fmt.Errorf("verification failed: %d problem(s), the first: %s", len(report.Problems), report.Problems[0])
	}
	return nil
}

func printReport(w io.Writer, r *integrity.Report, took time.Duration) {
	signatures := "signatures checked"
	if !r.SignaturesChecked {
		signatures = "signatures NOT checked (no public key)"
	}
	fmt.Fprintf(w, "checked %d events in %d streams and %d checkpoints (%s) in %s (%.0f events/s)\n",
		r.Events, r.Streams, r.Checkpoints, signatures, took.Round(time.Millisecond), float64(r.Events)/max(took.Seconds(), 1e-9))
	if r.OK() {
		fmt.Fprintln(w, "OK: every chain and checkpoint holds")
		return
	}
	fmt.Fprintf(w, "FAILED: %d problem(s)\n", len(r.Problems))
	for i, p := range r.Problems {
		if i == maxPrinted {
			fmt.Fprintf(w, "  ... and %d more\n", len(r.Problems)-maxPrinted)
			break
		}
		fmt.Fprintf(w, "  %s\n", p)
	}
}

// checkpointKey is the configured signing key, nil when none is set.
func checkpointKey(cfg Config) (ed25519.PrivateKey, error) {
	if cfg.CheckpointKey == "" {
		return nil, nil
	}
	key, err := integrity.ParsePrivateKey(cfg.CheckpointKey)
	if err != nil {
		return nil, fmt.Errorf("PLANNER_CHECKPOINT_KEY: %w", err)
	}
	return key, nil
}

// verifyKey is the public key given, else the configured key's.
func verifyKey(cfg Config, given string) (ed25519.PublicKey, error) {
	if given != "" {
		return integrity.ParsePublicKey(given)
	}
	key, err := checkpointKey(cfg)
	if key == nil || err != nil {
		return nil, err
	}
	return key.Public().(ed25519.PublicKey), nil
}

// runCheckpoints takes a checkpoint every interval while anything was
// written, until ctx ends. A failed attempt is logged and retried at the
// next tick: checkpoints are evidence, not part of serving requests.
func runCheckpoints(ctx context.Context, pool *pgxpool.Pool, key ed25519.PrivateKey, interval time.Duration, logger *slog.Logger) {
	c := &integrity.Checkpointer{Pool: pool, Key: key}
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		cp, written, err := c.Take(ctx)
		switch {
		case err != nil && ctx.Err() == nil:
			logger.Warn("checkpoint failed", "err", err)
		case written:
			logger.Info("checkpoint", "seq", cp.Seq, "streams", cp.Streams, "events", cp.Events, "root", fmt.Sprintf("%x", cp.Root))
		}
	}
}

// verifyExportFile implements "planner verify --export FILE".
func verifyExportFile(path string, key ed25519.PublicKey, stdout io.Writer) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close() //nolint:errcheck // read only: nothing to lose on close
	started := time.Now()
	report, err := integrity.VerifyExport(f, key)
	if err != nil {
		return err
	}
	printReport(stdout, report, time.Since(started))
	if report.Uncovered > 0 {
		fmt.Fprintf(stdout, "%d of the rows are newer than the export's checkpoint: their hashes hold, nothing signed covers them yet\n", report.Uncovered)
	}
	if !report.OK() {
		return fmt.Errorf("export verification failed: %d problem(s), the first: %s", len(report.Problems), report.Problems[0])
	}
	return nil
}

const auditUsage = `usage: planner audit export [flags]

  Writes the events the filters select (all by default) with their hashes
  and the latest checkpoint that covers them, to standard output or --out.
  JSON Lines (default) can be checked offline with planner verify --export;
  CSV is for spreadsheets. With PLANNER_CHECKPOINT_KEY set, the JSON Lines
  file is signed as a whole.
  --actor ID --org ID --subject ID --subject-type TYPE --action NAME
  --from RFC3339 (inclusive) --to RFC3339 (exclusive)
  --format jsonl|csv   --out FILE`

// runAudit implements "planner audit export".
func runAudit(ctx context.Context, cfg Config, args []string, stdout io.Writer) error {
	if len(args) == 0 || args[0] != "export" {
		return errors.New(auditUsage)
	}
	flags := flag.NewFlagSet("audit export", flag.ContinueOnError)
	flags.Usage = func() { fmt.Fprintln(flags.Output(), auditUsage) }
	var actor, org, subject, subjectType, action, from, to, format, out string
	flags.StringVar(&actor, "actor", "", "actor id")
	flags.StringVar(&org, "org", "", "the acting user's organisation id")
	flags.StringVar(&subject, "subject", "", "subject (stream) id")
	flags.StringVar(&subjectType, "subject-type", "", "STRATEGY, COOPERATION_CONCEPT, ORGANISATION, LOCATION, ...")
	flags.StringVar(&action, "action", "", "mutation name, e.g. updateSection")
	flags.StringVar(&from, "from", "", "inclusive, RFC 3339")
	flags.StringVar(&to, "to", "", "exclusive, RFC 3339")
	flags.StringVar(&format, "format", "jsonl", "jsonl or csv")
	flags.StringVar(&out, "out", "", "file to write (default standard output)")
	if err := flags.Parse(args[1:]); err != nil {
		return err
	}
	if flags.NArg() > 0 || (format != "jsonl" && format != "csv") {
		return errors.New(auditUsage)
	}
	filter := integrity.ExportFilter{SubjectType: strings.ToUpper(subjectType), Action: action}
	for _, id := range []struct {
		flag, value string
		into        *uuid.UUID
	}{{"actor", actor, &filter.ActorID}, {"org", org, &filter.OrganisationID}, {"subject", subject, &filter.SubjectID}} {
		if id.value == "" {
			continue
		}
		parsed, err := uuid.Parse(id.value)
		if err != nil {
			return fmt.Errorf("--%s: %w", id.flag, err)
		}
		*id.into = parsed
	}
	for _, t := range []struct {
		flag, value string
		into        *time.Time
	}{{"from", from, &filter.From}, {"to", to, &filter.To}} {
		if t.value == "" {
			continue
		}
		parsed, err := time.Parse(time.RFC3339, t.value)
		if err != nil {
			return fmt.Errorf("--%s: %w", t.flag, err)
		}
		*t.into = parsed
	}
	key, err := checkpointKey(cfg)
	if err != nil {
		return err
	}
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	w := stdout
	var file *os.File
	if out != "" {
		if file, err = os.Create(out); err != nil {
			return err
		}
		w = file
	}
	buffered := bufio.NewWriter(w)
	n, err := integrity.Export(ctx, pool, filter, format == "csv", key, buffered)
	if err == nil {
		err = buffered.Flush()
	}
	if file != nil {
		err = errors.Join(err, file.Close())
		if err == nil {
			fmt.Fprintf(stdout, "%d events written to %s\n", n, out)
		}
	}
	return err
}
