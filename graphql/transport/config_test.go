package transport

import (
	"strings"
	"testing"
)

func TestConfigValidate(t *testing.T) {
	if err := (Config{}).Validate(); err != nil {
		t.Errorf("zero config: %v", err)
	}
	err := Config{MaxCost: -1, RateLimit: RateLimitConfig{PerSecond: -2}, WebSocket: WebSocketConfig{SubscriberBuffer: -1}}.Validate()
	for _, want := range []string{"MaxCost", "RateLimit.PerSecond", "WebSocket.SubscriberBuffer"} {
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("error %v does not name %s", err, want)
		}
	}
	if err := (Config{RateLimit: RateLimitConfig{Disabled: true, PerSecond: -1}}).Validate(); err != nil {
		t.Errorf("a disabled limiter is not checked: %v", err)
	}
}

func TestNewHandlerPanicsOnInvalidConfig(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("no panic")
		}
	}()
	NewHandler(Config{MaxBodyBytes: -1}, nil, nil, nil)
}
