package main

import (
	"context"
	"crypto/ed25519"
	"encoding/base64"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"time"

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

const verifyUsage = `usage: planner verify [--public-key KEY]

  Recomputes every stream's hash chain and checks every checkpoint; names
  the first bad row and what kind of change it is; exits non-zero then.
  --public-key     the checkpoints' public key (default: derived from
                   PLANNER_CHECKPOINT_KEY); without one, signatures are
                   not checked`

// maxPrinted bounds the problems verify prints.
const maxPrinted = 20

// runVerify implements "planner verify".
func runVerify(ctx context.Context, cfg Config, args []string, stdout io.Writer) error {
	flags := flag.NewFlagSet("verify", flag.ContinueOnError)
	publicKey := flags.String("public-key", "", "base64 Ed25519 public key the checkpoints must be signed with")
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
	pool, err := openPool(ctx, cfg)
	if err != nil {
		return err
	}
	defer pool.Close()
	started := time.Now()
	report, err := integrity.Verify(ctx, pool, integrity.Options{PublicKey: key})
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
	if err := integrity.Record(ctx, pool, started, finished, report); err != nil {
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
