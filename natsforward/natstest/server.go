// Package natstest runs a JetStream-enabled nats-server inside a test
// process (the nats-server/v2 Go package), so that tests need no NATS
// installed; a test may shut it down and start it again on the same port
// and storage directory.
package natstest

import (
	"fmt"
	"net"
	"testing"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Server is an embedded nats-server with JetStream.
type Server struct {
	t    testing.TB
	dir  string
	port int
	srv  *server.Server
}

// Start starts a server, shut down when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	n := &Server{t: t, dir: t.TempDir(), port: -1}
	n.Restart()
	n.port = n.srv.Addr().(*net.TCPAddr).Port
	t.Cleanup(n.Stop)
	return n
}

// Restart starts the server again after Stop, on the same port with the
// same storage.
func (n *Server) Restart() {
	n.t.Helper()
	srv, err := server.NewServer(&server.Options{Host: "127.0.0.1", Port: n.port, JetStream: true, StoreDir: n.dir, NoLog: true, NoSigs: true})
	if err != nil {
		n.t.Fatal(err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(20 * time.Second) {
		n.t.Fatal("nats-server did not start")
	}
	n.srv = srv
}

// Stop shuts the server down (a no-op when it is down).
func (n *Server) Stop() {
	if n.srv != nil {
		n.srv.Shutdown()
		n.srv.WaitForShutdown()
		n.srv = nil
	}
}

// URL is the client URL.
func (n *Server) URL() string { return fmt.Sprintf("nats://127.0.0.1:%d", n.port) }
