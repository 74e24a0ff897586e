package transport

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"unicode/utf8"

	"github.com/coder/websocket"
)

// The graphql-transport-ws protocol:
// https://github.com/enisdenjo/graphql-ws/blob/master/PROTOCOL.md
const subprotocol = "graphql-transport-ws"

// Message types of graphql-transport-ws.
const (
	msgConnectionInit = "connection_init"
	msgConnectionAck  = "connection_ack"
	msgPing           = "ping"
	msgPong           = "pong"
	msgSubscribe      = "subscribe"
	msgNext           = "next"
	msgError          = "error"
	msgComplete       = "complete"
)

// Close codes of graphql-transport-ws, and the standard ones the transport
// uses: 1013 asks a slow client to come back later (graphql-ws clients
// retry it), 1001 drops a client that stopped answering.
const (
	closeBadRequest          websocket.StatusCode = 4400
	closeUnauthorized        websocket.StatusCode = 4401
	closeForbidden           websocket.StatusCode = 4403
	closeSubprotocol         websocket.StatusCode = 4406
	closeInitTimeout         websocket.StatusCode = 4408
	closeSubscriberExists    websocket.StatusCode = 4409
	closeTooManyInitRequests websocket.StatusCode = 4429
	closeInternalServerError websocket.StatusCode = 4500
	closeTryAgainLater                            = websocket.StatusTryAgainLater
	closeGoingAway                                = websocket.StatusGoingAway
	maxCloseReason                                = 123 // a close frame's payload is 125 bytes, 2 of them the code
)

// incoming is a message from the client, checked as graphql-ws checks it.
type incoming struct {
	typ     string
	id      string
	payload json.RawMessage // nil when absent or null
}

func parseIncoming(data []byte) (incoming, error) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(data, &fields); err != nil || fields == nil {
		return incoming{}, errors.New("message is not a JSON object")
	}
	var m incoming
	if err := decodeString(fields["type"], &m.typ); err != nil || m.typ == "" {
		return incoming{}, errors.New("message is missing its string 'type'")
	}
	if p, ok := fields["payload"]; ok && !isNull(p) {
		m.payload = p
	}
	switch m.typ {
	case msgConnectionInit, msgPing, msgPong:
		if m.payload != nil && !isObject(m.payload) {
			return incoming{}, fmt.Errorf("%q message expects an object or null payload", m.typ)
		}
	case msgSubscribe, msgComplete:
		if err := decodeString(fields["id"], &m.id); err != nil || m.id == "" {
			return incoming{}, fmt.Errorf("%q message requires a non-empty string 'id'", m.typ)
		}
		if m.typ == msgSubscribe && !isObject(m.payload) {
			return incoming{}, errors.New(`"subscribe" message expects an object payload`)
		}
	default:
		return incoming{}, fmt.Errorf("unexpected message of type %q", truncate(m.typ, 40))
	}
	return m, nil
}

func isObject(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && raw[0] == '{'
}

// initToken reads the bearer token of a connection_init payload:
// {"Authorization": "Bearer ..."}, {"authorization": "..."} or
// {"token": "..."}.
func initToken(payload json.RawMessage) string {
	if payload == nil {
		return ""
	}
	var p map[string]any
	if json.Unmarshal(payload, &p) != nil {
		return ""
	}
	for _, key := range [...]string{"Authorization", "authorization", "token"} {
		if s, ok := p[key].(string); ok {
			if t := bearerToken(s, true); t != "" {
				return t
			}
		}
	}
	return ""
}

// outgoing is a message to the client.
type outgoing struct {
	ID      string `json:"id,omitempty"`
	Type    string `json:"type"`
	Payload any    `json:"payload,omitempty"`
}

// closeReason cuts a reason to what a close frame holds.
func closeReason(s string) string {
	if len(s) <= maxCloseReason {
		return s
	}
	n := maxCloseReason
	for n > 0 && !utf8.RuneStart(s[n]) {
		n-- // a reason must stay valid UTF-8
	}
	return s[:n]
}
