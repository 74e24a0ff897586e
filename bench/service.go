package bench

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"
)

// Service is a running `planner serve` on a free loopback port.
type Service struct {
	Addr string
	cmd  *exec.Cmd
	done chan error
	log  string
}

// StartService starts binary serve (with args, e.g. --role api) against
// databaseURL, logging to logPath, and waits until it answers HTTP. The process dies with the
// benchmark (SIGTERM on parent death) should the benchmark crash.
func StartService(ctx context.Context, binary, databaseURL, logPath string, args ...string) (*Service, error) {
	addr, err := freeLoopbackAddr()
	if err != nil {
		return nil, err
	}
	logFile, err := os.Create(logPath)
	if err != nil {
		return nil, err
	}
	defer func() { _ = logFile.Close() }() // the child holds its own descriptor
	cmd := exec.Command(binary, append([]string{"serve", "--addr", addr}, args...)...)
	cmd.Env = append(os.Environ(), "DATABASE_URL="+databaseURL, "PLANNER_ADDR="+addr)
	cmd.Stdout, cmd.Stderr = logFile, logFile
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGTERM}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	s := &Service{Addr: addr, cmd: cmd, done: make(chan error, 1), log: logPath}
	go func() { s.done <- cmd.Wait() }()

	deadline := time.Now().Add(30 * time.Second)
	for {
		// Any HTTP answer means it serves; readiness is the probe query's
		// business.
		resp, err := http.Get("http://" + addr + "/healthz")
		if err == nil {
			_ = resp.Body.Close()
			return s, nil
		}
		select {
		case err := <-s.done:
			return nil, fmt.Errorf("planner serve exited (%v): %s", err, s.logTail())
		case <-ctx.Done():
			_ = s.Stop() // the error returned is why it was stopped
			return nil, ctx.Err()
		case <-time.After(100 * time.Millisecond):
		}
		if time.Now().After(deadline) {
			_ = s.Stop() // the error returned is why it was stopped
			return nil, fmt.Errorf("planner serve did not answer on %s within 30 s: %s", addr, s.logTail())
		}
	}
}

// PID is the service's process id.
func (s *Service) PID() int { return s.cmd.Process.Pid }

// Stop asks the service to shut down and kills it after 10 s.
func (s *Service) Stop() error {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		var exit *exec.ExitError
		if errors.As(err, &exit) {
			return nil // ended by our signal
		}
		return err
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		return errors.New("planner serve did not stop within 10 s; killed")
	}
}

func (s *Service) logTail() string {
	b, _ := os.ReadFile(s.log)
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	return trim(strings.Join(lines[max(0, len(lines)-3):], " / "), 400)
}

// freeLoopbackAddr returns a loopback address with a port that was free a
// moment ago.
func freeLoopbackAddr() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer func() { _ = l.Close() }()
	return l.Addr().String(), nil
}
