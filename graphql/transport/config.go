package transport

import (
	"errors"
	"fmt"
	"net/http"
	"time"
)

// Config tunes the transport. The zero value of every option means its
// default, so Config{} is a working configuration.
type Config struct {
	// MaxBodyBytes caps a POST body and a WebSocket message; a larger body
	// gets 413, a larger message closes the socket with 1009.
	// Default 1 MiB.
	MaxBodyBytes int64

	// MaxQueryLength caps the query document in bytes; longer documents fail
	// with QUERY_TOO_COMPLEX before they are parsed. Default 20_000.
	MaxQueryLength int

	// MaxDepth caps field nesting. graphql-go enforces it, so it only takes
	// effect when the schema is parsed with SchemaOptions. It counts
	// introspection too: the query GraphiQL and most tools send
	// (graphql-js 16) is 15 deep, so a lower limit breaks them; MaxCost does
	// the real bounding of work. Default 15.
	MaxDepth int

	// MaxCost caps the cost of an operation: every field costs 1 and a field
	// with a first or last argument multiplies the cost of its selections by
	// that argument. Costlier operations fail with QUERY_TOO_COMPLEX before
	// any resolver runs. Default 50_000.
	MaxCost int

	// MaxAnalysisNodes caps the selections the cost analysis visits for one
	// request (each field, inline fragment and fragment spread once; a
	// fragment's own selections once however often it is spread). A larger
	// document fails with QUERY_TOO_COMPLEX. It is a hard backstop that
	// keeps the analysis bounded whatever the document. Default 20_000.
	MaxAnalysisNodes int

	// MaxRowsPerRequest caps the rows one request (an HTTP request or one
	// WebSocket query or mutation; subscriptions have no cap, see
	// budget.go) may read from the database, counted by
	// ReadBudgetTracer on the pool; statements after the budget is spent
	// fail and the request answers QUERY_TOO_COMPLEX. Default 20_000.
	MaxRowsPerRequest int

	// DefaultPageSize is the multiplier for a connection field (a field whose
	// type is named ...Connection) queried without first or last; it should
	// match the page size the resolvers use then. Default 20.
	DefaultPageSize int

	// MaxParallelism caps the resolvers one request runs at once (a
	// graphql-go schema option, see SchemaOptions). Default 10.
	MaxParallelism int

	// SubscribeResolverTimeout is how long graphql-go waits for one
	// subscription event to be resolved and taken by the transport before it
	// drops the event (a schema option, see SchemaOptions). The transport
	// takes events at once, so this bounds the field resolvers of an event.
	// Default 5s.
	SubscribeResolverTimeout time.Duration

	// RequestTimeout bounds a query or mutation (over HTTP or WebSocket)
	// from authentication to its answer; its context then ends, and what
	// it waited for (a database connection from an exhausted pool, a slow
	// statement) answers UNAVAILABLE. Keep it below the HTTP server's
	// WriteTimeout. Subscriptions are not bounded. Default 30s.
	RequestTimeout time.Duration

	// RateLimit limits requests per bearer token, and requests without a
	// token per client address.
	RateLimit RateLimitConfig

	// AnonymousQueryFields are root Query fields a request without a token
	// may select (see anonymous.go); a request selecting any other field
	// without a token is UNAUTHENTICATED. Default none: every request needs
	// a token.
	AnonymousQueryFields []string

	// WebSocket tunes subscriptions over graphql-transport-ws.
	WebSocket WebSocketConfig

	// Metrics receives request counts and latencies. Register its
	// Collectors() on the registry /metrics serves. Default: a private set
	// that nobody scrapes.
	Metrics *Metrics

	// Pages serves what a browser asks for: every path but /graphql, and
	// GET /graphql when the browser prefers HTML (the front end shows
	// GraphiQL there). Default: none, those requests get 404 and 406.
	Pages http.Handler

	// CORSOrigins lists the origins (scheme://host[:port], exactly) whose
	// pages may call /graphql from a browser: a dashboard hosted
	// elsewhere. Default: none, so browsers refuse cross-origin calls. An
	// origin listed here may open subscriptions too.
	CORSOrigins []string
}

// RateLimitConfig is a token bucket per bearer token: PerSecond requests per
// second on average, bursts of up to Burst requests. An HTTP request and a
// WebSocket "subscribe" each take one token. A refused HTTP request gets
// status 429 and RATE_LIMITED; a refused subscribe gets an "error" message
// with RATE_LIMITED.
type RateLimitConfig struct {
	// Disabled turns rate limiting off. Default false.
	Disabled bool

	// PerSecond is the sustained rate per token. Default 20.
	PerSecond float64

	// Burst is how many requests a token may make at once after being idle.
	// Default 40.
	Burst int

	// IdleAfter is how long a bucket must be unused before it is forgotten,
	// so that memory does not grow with every token ever seen. It is raised
	// to the time a bucket takes to refill (Burst/PerSecond) when it is
	// shorter, because forgetting a partly drained bucket would hand out a
	// fresh burst. Default 10 minutes.
	IdleAfter time.Duration
}

// WebSocketConfig tunes the graphql-transport-ws endpoint.
type WebSocketConfig struct {
	// InitTimeout is how long a client has to send connection_init after the
	// socket opens; then the socket closes with 4408. Default 10s.
	InitTimeout time.Duration

	// PingInterval is how often the server sends a "ping" message to keep
	// proxies from closing an idle socket; a client that sent nothing at all
	// for two intervals is taken for gone and the socket closes with 1001.
	// Negative disables pings. Default 30s.
	PingInterval time.Duration

	// WriteTimeout bounds writing one message to the socket; a client that
	// does not read for that long loses its socket. Default 10s.
	WriteTimeout time.Duration

	// SubscriberBuffer is how many outgoing messages may wait for a slow
	// client. When it is full the socket closes with 1013 (try again later)
	// instead of silently dropping an event; the client reconnects and
	// resumes with afterRevision/afterPosition. Default 64.
	SubscriberBuffer int

	// MaxOperations caps the operations running at once on one socket; more
	// get an "error" message with RATE_LIMITED. Default 100.
	MaxOperations int

	// OriginPatterns lists the origins (path.Match patterns on the host, or
	// on scheme://host when the pattern has "://") allowed to open a socket
	// from a browser besides the server's own host. Default: none.
	OriginPatterns []string
}

// Defaults of Config.
const (
	DefaultMaxBodyBytes             = 1 << 20
	DefaultMaxQueryLength           = 20_000
	DefaultMaxDepth                 = 15
	DefaultMaxCost                  = 50_000
	DefaultPageSize                 = 20
	DefaultMaxAnalysisNodes         = 20_000
	DefaultMaxRowsPerRequest        = 20_000
	DefaultMaxParallelism           = 10
	DefaultSubscribeResolverTimeout = 5 * time.Second
	DefaultRequestTimeout           = 30 * time.Second
	DefaultRatePerSecond            = 20
	DefaultRateBurst                = 40
	DefaultRateIdleAfter            = 10 * time.Minute
	DefaultInitTimeout              = 10 * time.Second
	DefaultPingInterval             = 30 * time.Second
	DefaultWriteTimeout             = 10 * time.Second
	DefaultSubscriberBuffer         = 64
	DefaultMaxOperations            = 100
)

func (c *Config) setDefaults() {
	if c.MaxBodyBytes == 0 {
		c.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if c.MaxQueryLength == 0 {
		c.MaxQueryLength = DefaultMaxQueryLength
	}
	if c.MaxDepth == 0 {
		c.MaxDepth = DefaultMaxDepth
	}
	if c.MaxCost == 0 {
		c.MaxCost = DefaultMaxCost
	}
	if c.MaxAnalysisNodes == 0 {
		c.MaxAnalysisNodes = DefaultMaxAnalysisNodes
	}
	if c.MaxRowsPerRequest == 0 {
		c.MaxRowsPerRequest = DefaultMaxRowsPerRequest
	}
	if c.DefaultPageSize == 0 {
		c.DefaultPageSize = DefaultPageSize
	}
	if c.MaxParallelism == 0 {
		c.MaxParallelism = DefaultMaxParallelism
	}
	if c.SubscribeResolverTimeout == 0 {
		c.SubscribeResolverTimeout = DefaultSubscribeResolverTimeout
	}
	if c.RequestTimeout == 0 {
		c.RequestTimeout = DefaultRequestTimeout
	}
	c.RateLimit.setDefaults()
	c.WebSocket.setDefaults()
	if c.Metrics == nil {
		c.Metrics = NewMetrics()
	}
}

func (c *RateLimitConfig) setDefaults() {
	if c.PerSecond == 0 {
		c.PerSecond = DefaultRatePerSecond
	}
	if c.Burst == 0 {
		c.Burst = DefaultRateBurst
	}
	if c.IdleAfter == 0 {
		c.IdleAfter = DefaultRateIdleAfter
	}
	if c.PerSecond > 0 {
		if refill := time.Duration(float64(c.Burst) / c.PerSecond * float64(time.Second)); c.IdleAfter < refill {
			c.IdleAfter = refill
		}
	}
}

func (c *WebSocketConfig) setDefaults() {
	if c.InitTimeout == 0 {
		c.InitTimeout = DefaultInitTimeout
	}
	if c.PingInterval == 0 {
		c.PingInterval = DefaultPingInterval
	}
	if c.WriteTimeout == 0 {
		c.WriteTimeout = DefaultWriteTimeout
	}
	if c.SubscriberBuffer == 0 {
		c.SubscriberBuffer = DefaultSubscriberBuffer
	}
	if c.MaxOperations == 0 {
		c.MaxOperations = DefaultMaxOperations
	}
}

// Validate reports options that are invalid even after defaults are applied
// (zero values are fine: they mean the default).
func (c Config) Validate() error {
	c.setDefaults()
	var errs []error
	positive := func(name string, v int64) {
		if v <= 0 {
			errs = append(errs, fmt.Errorf("%s must be positive, got %d", name, v))
		}
	}
	positive("MaxBodyBytes", c.MaxBodyBytes)
	positive("MaxQueryLength", int64(c.MaxQueryLength))
	positive("MaxDepth", int64(c.MaxDepth))
	positive("MaxCost", int64(c.MaxCost))
	positive("MaxAnalysisNodes", int64(c.MaxAnalysisNodes))
	positive("MaxRowsPerRequest", int64(c.MaxRowsPerRequest))
	positive("DefaultPageSize", int64(c.DefaultPageSize))
	positive("MaxParallelism", int64(c.MaxParallelism))
	positive("SubscribeResolverTimeout", int64(c.SubscribeResolverTimeout))
	positive("RequestTimeout", int64(c.RequestTimeout))
	if !c.RateLimit.Disabled {
		if c.RateLimit.PerSecond <= 0 {
			errs = append(errs, fmt.Errorf("RateLimit.PerSecond must be positive, got %v", c.RateLimit.PerSecond))
		}
		positive("RateLimit.Burst", int64(c.RateLimit.Burst))
		positive("RateLimit.IdleAfter", int64(c.RateLimit.IdleAfter))
	}
	positive("WebSocket.InitTimeout", int64(c.WebSocket.InitTimeout))
	positive("WebSocket.WriteTimeout", int64(c.WebSocket.WriteTimeout))
	positive("WebSocket.SubscriberBuffer", int64(c.WebSocket.SubscriberBuffer))
	positive("WebSocket.MaxOperations", int64(c.WebSocket.MaxOperations))
	for _, o := range c.CORSOrigins {
		if !validOrigin(o) {
			errs = append(errs, fmt.Errorf("CORSOrigins: %q is not an origin (scheme://host[:port], no path)", o))
		}
	}
	return errors.Join(errs...)
}
