package main

import (
	"bufio"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// `make run`, `make db` and `make test` find or start a PostgreSQL server
// (scripts/ensure-postgres.sh) and write the database they chose to .env at
// the top of the repository, so that every later `bin/planner` command uses
// the same database without hand-set variables. The environment wins over
// the file: DATABASE_URL=... bin/planner ... still goes elsewhere.

// envFileName is the file the scripts write.
const envFileName = ".env"

// findEnvFile returns the file to read: PLANNER_ENV_FILE when set ("" or
// "none" disables the file), else .env in the working directory, else the
// one in the parent of the binary's directory (the repository, for
// bin/planner). "" when there is none.
func findEnvFile() string {
	if path, set := os.LookupEnv("PLANNER_ENV_FILE"); set {
		if path == "none" {
			return ""
		}
		return path
	}
	if _, err := os.Stat(envFileName); err == nil {
		return envFileName
	}
	if exe, err := os.Executable(); err == nil {
		path := filepath.Join(filepath.Dir(filepath.Dir(exe)), envFileName)
		if _, err := os.Stat(path); err == nil {
			return path
		}
	}
	return ""
}

// loadEnvFile sets the variables of path that the environment does not set
// yet. Lines are NAME=VALUE; blank lines and lines starting with # are
// skipped; a value may be in single or double quotes.
func loadEnvFile(path string) error {
	if path == "" {
		return nil
	}
	f, err := os.Open(path)
	if errors.Is(err, fs.ErrNotExist) && os.Getenv("PLANNER_ENV_FILE") == "" {
		return nil
	}
	if err != nil {
		return err
	}
	defer func() { _ = f.Close() }() // read only
	scanner := bufio.NewScanner(f)
	for n := 1; scanner.Scan(); n++ {
		line := strings.TrimSpace(scanner.Text())
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		name, value, ok := strings.Cut(strings.TrimPrefix(line, "export "), "=")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return fmt.Errorf("%s:%d: want NAME=VALUE, got %q", path, n, line)
		}
		value = strings.TrimSpace(value)
		if len(value) >= 2 && (value[0] == '"' || value[0] == '\'') && value[len(value)-1] == value[0] {
			value = value[1 : len(value)-1]
		}
		if _, set := os.LookupEnv(name); !set {
			if err := os.Setenv(name, value); err != nil {
				return err
			}
		}
	}
	return scanner.Err()
}
