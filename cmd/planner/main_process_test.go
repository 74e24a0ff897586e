package main

import (
	"os"
	"testing"
)

// TestMain lets tests start `planner` as a separate process without
// building it: the test binary, run with PLANNER_TEST_RUN_MAIN=1, is the
// planner binary (os.Args[1:] are its arguments).
func TestMain(m *testing.M) {
	if os.Getenv("PLANNER_TEST_RUN_MAIN") == "1" {
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}
