package projections

import (
	"context"
	"errors"
	"sync"

	wmnats "github.com/ThreeDotsLabs/watermill-nats/v2/pkg/nats"
	"github.com/ThreeDotsLabs/watermill/message"
	"github.com/nats-io/nats.go"
)

// drainingSubscriber stops a watermill-nats subscriber without the race
// it has on its own: on Close (or when the router's context ends) it
// closes its output channel right after unsubscribing, while the NATS
// callback of a message may still be sending to that channel (a data
// race, and a "send on closed channel" panic when the send was blocked).
//
// So the subscriber never sees the end first: its connection (one per
// projection) is drained before, which returns once every callback has
// returned; only then is the subscriber's context cancelled and the
// subscriber closed. Meanwhile the message being handled is finished and
// acked, and those NATS had delivered ahead of it are nacked at once
// rather than handed to the router: JetStream delivers them again, to
// another process or after the restart, and stopping takes no longer
// than the one message.
type drainingSubscriber struct {
	inner  *wmnats.Subscriber
	conn   *nats.Conn
	closed <-chan struct{} // the connection's ClosedHandler fired

	mu      sync.Mutex
	cancels []context.CancelFunc
	stop    chan struct{}
	once    sync.Once
}

func newDrainingSubscriber(inner *wmnats.Subscriber, conn *nats.Conn, closed <-chan struct{}) *drainingSubscriber {
	return &drainingSubscriber{inner: inner, conn: conn, closed: closed, stop: make(chan struct{})}
}

func (s *drainingSubscriber) Subscribe(ctx context.Context, topic string) (<-chan *message.Message, error) {
	inner, cancel := context.WithCancel(context.WithoutCancel(ctx))
	in, err := s.inner.Subscribe(inner, topic)
	if err != nil {
		cancel()
		return nil, err
	}
	s.mu.Lock()
	s.cancels = append(s.cancels, cancel)
	s.mu.Unlock()
	go func() {
		select {
		case <-ctx.Done():
		case <-s.stop:
		}
		s.end()
	}()
	out := make(chan *message.Message)
	go func() {
		defer close(out)
		for msg := range in {
			select {
			case <-s.stop:
				msg.Nack()
				continue
			default:
			}
			select {
			case out <- msg:
			case <-s.stop:
				msg.Nack()
			}
		}
	}()
	return out, nil
}

// end drains the connection, then lets the subscriber end its
// subscriptions (once).
func (s *drainingSubscriber) end() {
	s.once.Do(func() {
		close(s.stop)
		if err := s.conn.Drain(); err == nil {
			<-s.closed
		} else {
			// Not connected (NATS is down): nothing is being delivered;
			// a callback still running is the rare case left.
			s.conn.Close()
		}
		s.mu.Lock()
		defer s.mu.Unlock()
		for _, cancel := range s.cancels {
			cancel()
		}
	})
}

// Close ends the subscriptions as above and closes the subscriber.
func (s *drainingSubscriber) Close() error {
	s.end()
	err := s.inner.Close()
	if errors.Is(err, nats.ErrConnectionClosed) {
		return nil // drained and closed above
	}
	return err
}
