package transport

import (
	"context"
	"encoding/json"
	"log/slog"
	"math"
	"net/http"
	"strconv"
	"strings"
	"time"

	graphql "github.com/graph-gophers/graphql-go"
	gqlerrors "github.com/graph-gophers/graphql-go/errors"

	"github.com/creativeclusters/planner/domain"
)

// handler serves /graphql (GraphQL over HTTP and graphql-transport-ws) and
// hands every other path, and browsers asking /graphql for HTML, to
// Config.Pages.
type handler struct {
	cfg     Config
	schema  *graphql.Schema
	auth    Authenticator
	logger  *slog.Logger
	limiter *rateLimiter // nil when rate limiting is disabled
	// anonymous holds Config.AnonymousQueryFields.
	anonymous map[string]bool
	metrics   *Metrics
	mux       *http.ServeMux
	sockets   sockets
}

// NewHandler returns the handler of /graphql and /. It panics when cfg is
// invalid (check it with Config.Validate first) or schema or auth is nil:
// those are wiring mistakes, not conditions to handle at run time. Parse
// the schema with SchemaOptions(cfg, logger).
func NewHandler(cfg Config, schema *graphql.Schema, auth Authenticator, logger *slog.Logger) *Handler {
	if err := cfg.Validate(); err != nil {
		panic("transport: invalid config: " + err.Error())
	}
	if schema == nil || auth == nil {
		panic("transport: NewHandler needs a schema and an authenticator")
	}
	cfg.setDefaults()
	if logger == nil {
		logger = slog.Default()
	}
	h := &handler{cfg: cfg, schema: schema, auth: auth, logger: logger, metrics: cfg.Metrics, mux: http.NewServeMux()}
	if !cfg.RateLimit.Disabled {
		h.limiter = newRateLimiter(cfg.RateLimit, time.Now)
	}
	h.anonymous = map[string]bool{}
	for _, f := range cfg.AnonymousQueryFields {
		h.anonymous[f] = true
	}
	h.mux.HandleFunc("/graphql", h.serveGraphQL)
	h.mux.HandleFunc("/", h.servePages)
	h.sockets.conns = map[*wsConn]struct{}{}
	return &Handler{h}
}

// Handler serves /graphql and the pages; see NewHandler. Shutdown closes its
// WebSockets, which http.Server.Shutdown does not know about.
type Handler struct{ *handler }

func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h.mux.ServeHTTP(w, r)
}

// servePages hands a browser's request to Config.Pages.
func (h *handler) servePages(w http.ResponseWriter, r *http.Request) {
	if h.cfg.Pages == nil {
		http.NotFound(w, r)
		return
	}
	h.cfg.Pages.ServeHTTP(w, r)
}

// exchange is what one HTTP request did, for its log line and metrics.
type exchange struct {
	status  int
	opType  string
	opName  string
	codes   []string
	actorID string
}

func (h *handler) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	if isWebSocketUpgrade(r) {
		h.serveWebSocket(w, r)
		return
	}
	if h.cors(w, r) {
		return // a preflight
	}
	start := time.Now()
	var ex exchange
	h.serveHTTP(w, r, &ex)
	if ex.status == 0 {
		return // a page: not a GraphQL request
	}
	d := time.Since(start)
	h.metrics.observe("http", ex.opType, ex.codes, d)
	level := slog.LevelInfo
	if ex.status >= 500 || containsCode(ex.codes, domain.CodeInternal) {
		level = slog.LevelError
	}
	h.logger.Log(r.Context(), level, "graphql request",
		"transport", "http", "method", r.Method, "operation", ex.opName, "type", ex.opType,
		"status", ex.status, "duration", d, "codes", ex.codes, "actor", ex.actorID)
}

func (h *handler) serveHTTP(w http.ResponseWriter, r *http.Request, ex *exchange) {
	if r.Method != http.MethodGet && r.Method != http.MethodPost {
		w.Header().Set("Allow", "GET, POST")
		h.writeError(w, ex, mediaJSON, http.StatusMethodNotAllowed, domain.CodeValidationFailed,
			"GraphQL is served with GET (queries) and POST")
		return
	}
	offers := []string{mediaGraphQLResponse, mediaJSON}
	if r.Method == http.MethodGet && h.cfg.Pages != nil {
		offers = append(offers, mediaHTML)
	}
	media := negotiate(r.Header.Values("Accept"), offers...)
	switch media {
	case mediaHTML:
		// A browser opening /graphql: the front end shows GraphiQL there.
		h.cfg.Pages.ServeHTTP(w, r)
		return
	case "":
		h.writeError(w, ex, mediaJSON, http.StatusNotAcceptable, domain.CodeValidationFailed,
			"acceptable media types are application/graphql-response+json and application/json")
		return
	}
	if r.Method == http.MethodPost && !jsonContentType(r.Header.Get("Content-Type")) {
		h.writeError(w, ex, media, http.StatusUnsupportedMediaType, domain.CodeValidationFailed,
			"the request body must be application/json")
		return
	}

	// Subscriptions are refused over HTTP, so every request here is bounded.
	reqCtx, cancel := context.WithTimeout(r.Context(), h.cfg.RequestTimeout)
	defer cancel()
	token := bearerToken(r.Header.Get("Authorization"), false)
	var req request
	var bad *badRequest
	decode := func() {
		if r.Method == http.MethodGet {
			req, bad = decodeGET(r.URL.RawQuery)
		} else {
			req, bad = decodePOST(w, r, h.cfg.MaxBodyBytes)
		}
	}
	var ctx context.Context
	if token == "" && len(h.anonymous) > 0 {
		// Without a token only the public fields (anonymous.go); anything
		// else, a malformed request included, is refused as before.
		decode()
		if bad != nil || !anonymousAllowed(req, h.cfg.MaxQueryLength, h.anonymous) {
			h.refuseUnauthenticated(w, r, ex, media, token, domain.ErrUnauthenticated)
			return
		}
		if !h.allow(w, ex, media, anonymousRateKey(r), "from this address") {
			return
		}
		ctx = WithReadBudget(reqCtx, h.cfg.MaxRowsPerRequest)
	} else {
		actor, err := authenticate(reqCtx, h.auth, token)
		if err != nil {
			h.refuseUnauthenticated(w, r, ex, media, token, err)
			return
		}
		ex.actorID = actor.ID.String()
		if !h.allow(w, ex, media, token, "for this token") {
			return
		}
		decode()
		if bad != nil {
			h.writeError(w, ex, media, bad.status, domain.CodeValidationFailed, bad.message)
			return
		}
		ctx = WithReadBudget(withCredentials(reqCtx, actor, h.auth, token), h.cfg.MaxRowsPerRequest)
	}
	ex.opName = req.OperationName

	p, errs := h.prepare(ctx, req)
	if errs != nil {
		ex.codes = translateErrors(ctx, h.logger, errs, false)
		status := requestErrorStatus(media)
		if containsCode(ex.codes, domain.CodeUnavailable) {
			status = http.StatusServiceUnavailable
			w.Header().Set("Retry-After", retryAfterUnavailable)
		}
		h.write(w, ex, media, status, &graphql.Response{Errors: errs})
		return
	}
	ex.opType, ex.opName = p.opType(), p.opName()
	switch {
	case r.Method == http.MethodGet && p.opType() == opMutation:
		// GET must be safe: the spec wants 405 for mutations.
		w.Header().Set("Allow", "POST")
		h.writeError(w, ex, media, http.StatusMethodNotAllowed, domain.CodeValidationFailed,
			"mutations must be sent with POST")
		return
	case p.opType() == opSubscription:
		h.writeError(w, ex, media, requestErrorStatus(media), domain.CodeValidationFailed,
			"subscriptions are served over WebSocket (graphql-transport-ws) on this path")
		return
	}

	resp, executed, codes := h.execute(ctx, p)
	ex.codes = codes
	if r.Context().Err() != nil {
		// The client went away; nobody reads the response. The codes graphql-go's
		// context error got mean nothing then.
		ex.status, ex.codes = 499, []string{codeCancelled}
		return
	}
	status := http.StatusOK
	switch {
	case containsCode(codes, domain.CodeUnavailable) && noData(resp):
		// Nothing was answered because a dependency is down: say so with
		// the status too, so that clients and proxies retry later.
		status = http.StatusServiceUnavailable
		w.Header().Set("Retry-After", retryAfterUnavailable)
	case !executed:
		status = requestErrorStatus(media)
	}
	h.write(w, ex, media, status, resp)
}

// allow takes a request from the rate-limit bucket key; when it is empty
// it answers RATE_LIMITED (429 with Retry-After) and returns false.
func (h *handler) allow(w http.ResponseWriter, ex *exchange, media, key, whose string) bool {
	if h.limiter == nil {
		return true
	}
	ok, retry := h.limiter.allow(key)
	if !ok {
		w.Header().Set("Retry-After", strconv.Itoa(int(math.Ceil(retry.Seconds()))))
		h.writeError(w, ex, media, http.StatusTooManyRequests, domain.CodeRateLimited,
			"too many requests "+whose+"; retry later")
	}
	return ok
}

// retryAfterUnavailable is the Retry-After of a 503: the database is
// usually back within seconds of a restart or failover.
const retryAfterUnavailable = "2"

// noData reports whether resp answered nothing: no data, or null for every
// root field.
func noData(resp *graphql.Response) bool {
	if len(resp.Data) == 0 || string(resp.Data) == "null" {
		return true
	}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(resp.Data, &fields); err != nil {
		return false
	}
	for _, v := range fields {
		if string(v) != "null" {
			return false
		}
	}
	return true
}

// refuseUnauthenticated answers a request without a valid token. With
// application/graphql-response+json the status says it (401, or 503/500
// when the authenticator itself failed); legacy application/json clients
// get 200 and the code in the body, as they expect of a well-formed
// request.
func (h *handler) refuseUnauthenticated(w http.ResponseWriter, r *http.Request, ex *exchange, media, token string, err error) {
	code := domain.CodeOf(classify(err))
	var status int
	switch code {
	case domain.CodeUnauthenticated:
		status = http.StatusUnauthorized
	case domain.CodeForbidden:
		status = http.StatusForbidden
	case domain.CodeUnavailable:
		status = http.StatusServiceUnavailable
		w.Header().Set("Retry-After", retryAfterUnavailable)
		h.logger.WarnContext(r.Context(), "authenticator unavailable", "error", err)
	default:
		status = http.StatusInternalServerError
		h.logger.ErrorContext(r.Context(), "authenticator failed", "error", err)
	}
	switch {
	case media == mediaJSON && status != http.StatusServiceUnavailable:
		status = http.StatusOK
	case status == http.StatusUnauthorized:
		challenge := `Bearer realm="planner"`
		if token != "" {
			challenge += `, error="invalid_token"`
		}
		w.Header().Set("WWW-Authenticate", challenge)
	}
	e := &gqlerrors.QueryError{Message: PublicMessage(err), Extensions: map[string]any{"code": string(code)}}
	ex.codes = []string{string(code)}
	h.write(w, ex, media, status, &graphql.Response{Errors: []*gqlerrors.QueryError{e}})
}

// requestErrorStatus is the status of a request graphql-go or the
// transport refused (parse, validation, limits): 400 with
// application/graphql-response+json, 200 with legacy application/json.
func requestErrorStatus(media string) int {
	if media == mediaJSON {
		return http.StatusOK
	}
	return http.StatusBadRequest
}

func (h *handler) writeError(w http.ResponseWriter, ex *exchange, media string, status int, code domain.ErrorCode, message string) {
	ex.codes = []string{string(code)}
	h.write(w, ex, media, status, &graphql.Response{Errors: []*gqlerrors.QueryError{newQueryError(code, message)}})
}

func (h *handler) write(w http.ResponseWriter, ex *exchange, media string, status int, resp *graphql.Response) {
	ex.status = status
	body, err := json.Marshal(resp)
	if err != nil {
		// Data is graphql-go's own JSON and errors are plain values; this
		// only fails on a value in extensions that JSON cannot hold.
		h.logger.Error("marshal graphql response", "error", err)
		status = http.StatusInternalServerError
		ex.status = status
		body, _ = json.Marshal(&graphql.Response{Errors: []*gqlerrors.QueryError{newQueryError(domain.CodeInternal, internalMessage)}})
	}
	w.Header().Set("Content-Type", media+"; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	_, _ = w.Write(body)
}

// codeCancelled labels, in logs and metrics only, requests whose client
// left before they finished.
const codeCancelled = "CANCELLED"

func containsCode(codes []string, code domain.ErrorCode) bool {
	for _, c := range codes {
		if c == string(code) {
			return true
		}
	}
	return false
}

// isWebSocketUpgrade reports whether r asks to switch to WebSocket.
func isWebSocketUpgrade(r *http.Request) bool {
	if r.Method != http.MethodGet || !strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
		return false
	}
	for _, v := range r.Header.Values("Connection") {
		for token := range strings.SplitSeq(v, ",") {
			if strings.EqualFold(strings.TrimSpace(token), "upgrade") {
				return true
			}
		}
	}
	return false
}
