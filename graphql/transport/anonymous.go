package transport

import (
	"net"
	"net/http"
)

// Requests without a token. By default every one is UNAUTHENTICATED
// (HTTP 401 with a Bearer challenge), as before any field was public.
// Config.AnonymousQueryFields names root Query fields that readers without
// a token may select (the public view): a request that selects nothing
// else (through fragments too, __typename allowed) runs without an actor,
// rate-limited per client address; any other request without a token is
// refused exactly as before, without being executed. A request that sends
// a token, valid or not, never takes this path.
//
// The decision is made on the transport's own parse of the document,
// before graphql-go sees it. The resolvers are the second line: every
// field but the public ones asks for an actor and answers
// UNAUTHENTICATED without one.

// anonymousAllowed reports whether req may run without a token: a query
// (not a mutation or subscription) whose root selections are all in
// fields.
func anonymousAllowed(req request, maxQueryLength int, fields map[string]bool) bool {
	if len(fields) == 0 || len(req.Query) > maxQueryLength {
		return false
	}
	doc, err := parseDocument(req.Query)
	if err != nil {
		return false
	}
	op := doc.operation(req.OperationName)
	if op == nil || op.typ != opQuery {
		return false
	}
	return rootFieldsWithin(doc, op.selections, fields, map[string]bool{})
}

// rootFieldsWithin reports whether every field of sels, and of the
// fragments they spread (each once), is in fields or __typename. An
// unknown fragment is refused: graphql-go would refuse the request anyway.
func rootFieldsWithin(doc *document, sels []selection, fields, seen map[string]bool) bool {
	for _, s := range sels {
		switch s.kind {
		case selectField:
			if s.name != "__typename" && !fields[s.name] {
				return false
			}
		case selectInline:
			if !rootFieldsWithin(doc, s.selections, fields, seen) {
				return false
			}
		case selectSpread:
			if seen[s.name] {
				continue
			}
			seen[s.name] = true
			f := doc.fragments[s.name]
			if f == nil || !rootFieldsWithin(doc, f.selections, fields, seen) {
				return false
			}
		}
	}
	return true
}

// anonymousRateKey is the rate-limit bucket of a request without a token:
// its client address (without the port, so a client's connections share
// it). Behind a reverse proxy every anonymous client shares the proxy's
// bucket: forwarded headers are not trusted, a client could set them.
func anonymousRateKey(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		host = r.RemoteAddr
	}
	return "anonymous " + host
}
