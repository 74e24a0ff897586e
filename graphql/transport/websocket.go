package transport

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"sync"
	"sync/atomic"
	"time"

	"github.com/coder/websocket"

	"github.com/creativeclusters/planner/domain"
)

// wsConn is one graphql-transport-ws socket.
//
// Goroutines: the handler's goroutine reads and dispatches messages; one
// writer owns every write and the close handshake; each operation runs in
// its own goroutine; a keep-alive goroutine sends pings. Nothing but the
// writer blocks on the network, so a client that stops reading cannot stall
// the reader or graphql-go (which drops events not taken within
// SubscribeResolverTimeout): operations hand messages to a bounded queue,
// and a full queue closes the socket with 1013 instead of losing an event
// silently.
type wsConn struct {
	h    *handler
	conn *websocket.Conn
	// headerToken is the bearer token of the upgrade request, used when
	// connection_init carries none (non-browser clients can send headers).
	headerToken string

	// ctx is the parent of every operation; closeWith cancels it.
	ctx    context.Context
	cancel context.CancelFunc

	out         chan []byte
	closing     chan struct{}
	closeOnce   sync.Once
	closeCode   websocket.StatusCode
	closeReason string

	// initReceived is set when connection_init arrives, before the token is
	// checked, so that a slow authenticator does not trip the init timeout.
	initReceived atomic.Bool
	// The fields below are written by the reader before connection_ack and
	// read by operations, which the reader starts after it.
	acked bool
	token string
	actor domain.Actor
	opCtx context.Context

	lastRead atomic.Int64 // unix nanoseconds of the last client message

	mu  sync.Mutex
	ops map[string]*wsOperation
	wg  sync.WaitGroup
}

func (h *handler) serveWebSocket(w http.ResponseWriter, r *http.Request) {
	if !h.sockets.enter() {
		w.Header().Set("Retry-After", retryAfterUnavailable)
		http.Error(w, "server shutting down", http.StatusServiceUnavailable)
		return
	}
	defer h.sockets.leave()
	// The server's read and write timeouts bound one HTTP exchange; they
	// would cut a socket that lives for hours. The socket has its own
	// bounds (ping interval, write timeout, init timeout).
	rc := http.NewResponseController(w)
	_ = rc.SetReadDeadline(time.Time{})
	_ = rc.SetWriteDeadline(time.Time{})
	conn, err := websocket.Accept(w, r, &websocket.AcceptOptions{
		Subprotocols:   []string{subprotocol},
		OriginPatterns: append(append([]string(nil), h.cfg.WebSocket.OriginPatterns...), h.cfg.CORSOrigins...),
	})
	if err != nil {
		// Accept has answered the HTTP request (bad handshake, origin).
		h.logger.InfoContext(r.Context(), "websocket upgrade refused", "error", err)
		return
	}
	if conn.Subprotocol() != subprotocol {
		_ = conn.Close(closeSubprotocol, "Subprotocol not acceptable")
		return
	}
	conn.SetReadLimit(h.cfg.MaxBodyBytes)
	h.metrics.connections.Inc()
	defer h.metrics.connections.Dec()

	ctx, cancel := context.WithCancel(r.Context())
	c := &wsConn{
		h:           h,
		conn:        conn,
		headerToken: bearerToken(r.Header.Get("Authorization"), false),
		ctx:         ctx,
		cancel:      cancel,
		out:         make(chan []byte, h.cfg.WebSocket.SubscriberBuffer),
		closing:     make(chan struct{}),
		ops:         map[string]*wsOperation{},
	}
	c.lastRead.Store(time.Now().UnixNano())
	start := time.Now()
	h.sockets.add(c)
	defer h.sockets.remove(c)

	writerDone := make(chan struct{})
	go func() {
		defer close(writerDone)
		c.writeLoop()
	}()
	initTimer := time.AfterFunc(h.cfg.WebSocket.InitTimeout, func() {
		if !c.initReceived.Load() {
			c.closeWith(closeInitTimeout, "Connection initialisation timeout")
		}
	})

	c.readLoop()

	initTimer.Stop()
	c.closeWith(websocket.StatusNormalClosure, "") // no-op when a close is under way
	c.wg.Wait()
	<-writerDone
	_ = conn.CloseNow()
	h.logger.InfoContext(r.Context(), "websocket closed",
		"duration", time.Since(start), "close_code", int(c.closeCode), "close_reason", c.closeReason,
		"actor", c.actorID())
}

func (c *wsConn) actorID() string {
	if !c.acked {
		return ""
	}
	return c.actor.ID.String()
}

// readLoop reads and dispatches messages until the socket closes or a
// message makes the server close it.
func (c *wsConn) readLoop() {
	for {
		// Not c.ctx: cancelling a Read's context tears the socket down
		// without the close frame that tells the client why.
		_, data, err := c.conn.Read(context.Background())
		if err != nil {
			return
		}
		c.lastRead.Store(time.Now().UnixNano())
		if !c.dispatch(data) {
			return
		}
	}
}

// dispatch handles one message; false means the socket is being closed.
func (c *wsConn) dispatch(data []byte) bool {
	msg, err := parseIncoming(data)
	if err != nil {
		c.closeWith(closeBadRequest, closeReason(err.Error()))
		return false
	}
	switch msg.typ {
	case msgConnectionInit:
		return c.connectionInit(msg)
	case msgPing:
		c.enqueue(outgoing{Type: msgPong})
	case msgPong:
		// Any message proves the client alive; see keepAlive.
	case msgSubscribe:
		return c.subscribe(msg)
	case msgComplete:
		c.mu.Lock()
		op := c.ops[msg.id]
		delete(c.ops, msg.id) // the client may reuse the id at once
		c.mu.Unlock()
		if op != nil {
			op.cancel()
		}
	}
	return true
}

func (c *wsConn) connectionInit(msg incoming) bool {
	if !c.initReceived.CompareAndSwap(false, true) {
		c.closeWith(closeTooManyInitRequests, "Too many initialisation requests")
		return false
	}
	token := initToken(msg.payload)
	if token == "" {
		token = c.headerToken
	}
	actor, err := authenticate(c.ctx, c.h.auth, token)
	if err != nil {
		switch code := domain.CodeOf(classify(err)); {
		case code == domain.CodeUnauthenticated && token == "":
			c.closeWith(closeUnauthorized, "Unauthorized")
		case code == domain.CodeUnauthenticated, code == domain.CodeForbidden:
			c.closeWith(closeForbidden, "Forbidden")
		case code == domain.CodeUnavailable:
			c.h.logger.WarnContext(c.ctx, "authenticator unavailable", "error", err)
			c.closeWith(closeTryAgainLater, "authentication unavailable, try again later")
		default:
			c.h.logger.ErrorContext(c.ctx, "authenticator failed", "error", err)
			c.closeWith(closeInternalServerError, "Internal server error")
		}
		return false
	}
	c.token, c.actor, c.acked = token, actor, true
	c.opCtx = withCredentials(c.ctx, actor, c.h.auth, token)
	c.enqueue(outgoing{Type: msgConnectionAck})
	if c.h.cfg.WebSocket.PingInterval > 0 {
		c.wg.Add(1)
		go c.keepAlive(c.h.cfg.WebSocket.PingInterval)
	}
	return true
}

func (c *wsConn) subscribe(msg incoming) bool {
	if !c.acked {
		c.closeWith(closeUnauthorized, "Unauthorized")
		return false
	}
	req, bad := decodeBody(msg.payload)
	if bad != nil {
		c.closeWith(closeBadRequest, closeReason(`invalid "subscribe" payload: `+bad.message))
		return false
	}
	c.mu.Lock()
	if _, exists := c.ops[msg.id]; exists {
		c.mu.Unlock()
		c.closeWith(closeSubscriberExists, closeReason("Subscriber for "+msg.id+" already exists"))
		return false
	}
	if len(c.ops) >= c.h.cfg.WebSocket.MaxOperations {
		c.mu.Unlock()
		c.enqueue(outgoing{ID: msg.id, Type: msgError, Payload: []any{
			newQueryError(domain.CodeRateLimited, "too many operations on this socket"),
		}})
		return true
	}
	ctx, cancel := context.WithCancel(c.opCtx)
	op := &wsOperation{id: msg.id, cancel: cancel}
	c.ops[msg.id] = op
	c.wg.Add(1)
	c.mu.Unlock()
	go c.run(ctx, op, req)
	return true
}

// keepAlive pings the client so that proxies keep the socket open, and
// drops a client that sent nothing for two intervals: graphql-ws clients
// answer every ping with a pong.
func (c *wsConn) keepAlive(interval time.Duration) {
	defer c.wg.Done()
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-c.ctx.Done():
			return
		case <-t.C:
			if time.Since(time.Unix(0, c.lastRead.Load())) > 2*interval {
				c.closeWith(closeGoingAway, "no message from the client within two ping intervals")
				return
			}
			c.enqueue(outgoing{Type: msgPing})
		}
	}
}

// enqueue hands a message to the writer without blocking. When the queue
// is full the client is not reading fast enough: the socket closes with
// 1013 so that the client reconnects and resumes, rather than missing an
// event it would never know about.
func (c *wsConn) enqueue(msg outgoing) bool {
	data, err := json.Marshal(msg)
	if err != nil {
		c.h.logger.ErrorContext(c.ctx, "marshal websocket message", "error", err, "type", msg.Type)
		c.closeWith(closeInternalServerError, "Internal server error")
		return false
	}
	select {
	case <-c.closing:
		return false
	default:
	}
	select {
	case c.out <- data:
		return true
	default:
		if c.closeWith(closeTryAgainLater, "client too slow: send buffer full; reconnect and resume") {
			c.h.metrics.slowConsumers.Inc()
			c.h.logger.WarnContext(c.ctx, "websocket client too slow, closing",
				"buffer", cap(c.out), "actor", c.actorID())
		}
		return false
	}
}

// closeWith asks the writer to close the socket with code and reason and
// stops every operation. Only the first call counts; it reports whether
// this one was it.
func (c *wsConn) closeWith(code websocket.StatusCode, reason string) bool {
	first := false
	c.closeOnce.Do(func() {
		first = true
		c.closeCode, c.closeReason = code, reason
		close(c.closing)
		c.cancel()
	})
	return first
}

// writeLoop writes queued messages in order until a close is requested,
// then performs the close handshake. A requested close wins over queued
// messages: the client is being told to go away anyway.
func (c *wsConn) writeLoop() {
	for {
		select {
		case <-c.closing:
			_ = c.conn.Close(c.closeCode, c.closeReason)
			return
		case data := <-c.out:
			select {
			case <-c.closing:
				_ = c.conn.Close(c.closeCode, c.closeReason)
				return
			default:
			}
			ctx, cancel := context.WithTimeout(context.Background(), c.h.cfg.WebSocket.WriteTimeout)
			err := c.conn.Write(ctx, websocket.MessageText, data)
			cancel()
			if err != nil {
				// The library has closed the socket; the reader will stop.
				c.closeWith(closeGoingAway, "write failed")
				c.h.logger.Log(c.ctx, slog.LevelDebug, "websocket write failed", "error", err)
				return
			}
		}
	}
}

// sockets tracks the open WebSockets for a graceful shutdown.
type sockets struct {
	mu      sync.Mutex
	conns   map[*wsConn]struct{}
	closing bool
	active  sync.WaitGroup
}

// enter admits a new socket; false once the server is shutting down.
func (s *sockets) enter() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closing {
		return false
	}
	s.active.Add(1)
	return true
}

func (s *sockets) leave() { s.active.Done() }

func (s *sockets) add(c *wsConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.conns[c] = struct{}{}
	if s.closing {
		c.closeWith(websocket.StatusGoingAway, "server shutting down")
	}
}

func (s *sockets) remove(c *wsConn) {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.conns, c)
}

// Shutdown closes every WebSocket with 1001 (going away), which tells
// graphql-transport-ws clients to reconnect (to another instance) and
// resume, and refuses new ones with 503. It returns when every socket has
// finished its close handshake, or with ctx's error when ctx ends first.
// Call it when the http.Server shuts down (RegisterOnShutdown): the server
// does not track hijacked connections.
func (h *Handler) Shutdown(ctx context.Context) error {
	s := &h.sockets
	s.mu.Lock()
	s.closing = true
	for c := range s.conns {
		c.closeWith(websocket.StatusGoingAway, "server shutting down")
	}
	s.mu.Unlock()
	done := make(chan struct{})
	go func() {
		s.active.Wait()
		close(done)
	}()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
