package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
)

// Log lines are for two readers: a person at a terminal (make run, the
// operator commands) and a log collector. PLANNER_LOG_FORMAT chooses:
// "text" (slog's key=value lines), "json" (one object per line), or "auto",
// the default: text when standard error is a terminal, JSON otherwise.

// logFormat reads PLANNER_LOG_FORMAT; isTerminal tells whether the log
// goes to a terminal.
func logFormat(isTerminal bool) (string, error) {
	switch f := strings.ToLower(strings.TrimSpace(env("PLANNER_LOG_FORMAT", "auto"))); f {
	case "text", "json":
		return f, nil
	case "auto":
		if isTerminal {
			return "text", nil
		}
		return "json", nil
	default:
		return "", fmt.Errorf("PLANNER_LOG_FORMAT: %q is not text, json or auto", f)
	}
}

// newLogHandler builds the handler of format at level, writing to w.
func newLogHandler(w io.Writer, format string, level slog.Leveler) slog.Handler {
	opts := &slog.HandlerOptions{Level: level}
	if format == "text" {
		return slog.NewTextHandler(w, opts)
	}
	return slog.NewJSONHandler(w, opts)
}

// stderrIsTerminal reports whether standard error is a character device,
// which is how a terminal shows up on every platform the binary runs on.
func stderrIsTerminal() bool {
	fi, err := os.Stderr.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

// newLogger is the process's logger: PLANNER_LOG_LEVEL (default info) in
// PLANNER_LOG_FORMAT on standard error.
func newLogger(cfg Config) (*slog.Logger, error) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(strings.ToUpper(cfg.LogLevel))); err != nil {
		return nil, fmt.Errorf("PLANNER_LOG_LEVEL: %q is not debug, info, warn or error", cfg.LogLevel)
	}
	format, err := logFormat(stderrIsTerminal())
	if err != nil {
		return nil, err
	}
	return slog.New(newLogHandler(os.Stderr, format, level)), nil
}

// quietLogger is the logger of a one-shot command: warnings and errors
// only, so that a library's start-up chatter (the router's "Adding
// handler") does not drown the command's own output.
func quietLogger(logger *slog.Logger) *slog.Logger {
	return slog.New(levelFloor{logger.Handler(), slog.LevelWarn})
}

type levelFloor struct {
	slog.Handler
	min slog.Level
}

func (h levelFloor) Enabled(ctx context.Context, l slog.Level) bool {
	return l >= h.min && h.Handler.Enabled(ctx, l)
}
func (h levelFloor) WithAttrs(a []slog.Attr) slog.Handler {
	return levelFloor{h.Handler.WithAttrs(a), h.min}
}
func (h levelFloor) WithGroup(n string) slog.Handler {
	return levelFloor{h.Handler.WithGroup(n), h.min}
}
