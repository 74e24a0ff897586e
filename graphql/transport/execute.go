package transport

import (
	"context"
	"errors"
	"fmt"

	graphql "github.com/graph-gophers/graphql-go"
	gqlerrors "github.com/graph-gophers/graphql-go/errors"

	"github.com/creativeclusters/planner/domain"
)

// prepared is a request that passed the transport's own checks.
type prepared struct {
	request
	// op is the operation graphql-go will run; nil when graphql-go will
	// refuse the request itself (unknown or ambiguous operation name).
	op *operation
}

// opType is the operation's type, "" when unknown.
func (p *prepared) opType() string {
	if p.op == nil {
		return ""
	}
	return p.op.typ
}

// opName is the name to log: the requested one, else the operation's own.
func (p *prepared) opName() string {
	if p.OperationName != "" || p.op == nil {
		return p.OperationName
	}
	return p.op.name
}

// prepare runs the checks that must pass before graphql-go sees a request:
// query length, then cost. The errors it returns are request errors: the
// request is refused without executing anything.
func (h *handler) prepare(ctx context.Context, req request) (*prepared, []*gqlerrors.QueryError) {
	if len(req.Query) > h.cfg.MaxQueryLength {
		return nil, []*gqlerrors.QueryError{newQueryError(domain.CodeQueryTooComplex,
			fmt.Sprintf("query is %d bytes long, the limit is %d", len(req.Query), h.cfg.MaxQueryLength))}
	}
	doc, err := parseDocument(req.Query)
	if err != nil {
		// graphql-go words syntax errors the way its clients know.
		if errs := h.schema.ValidateWithVariables(req.Query, req.Variables); len(errs) > 0 {
			return nil, errs
		}
		// Both parsers must agree, or the cost limit could be dodged.
		h.logger.WarnContext(ctx, "graphql document accepted by graphql-go but not by the transport's parser",
			"error", err, "query", truncate(req.Query, 2000))
		return nil, []*gqlerrors.QueryError{newQueryError(domain.CodeValidationFailed,
			"the query could not be analysed: "+err.Error())}
	}
	p := &prepared{request: req, op: doc.operation(req.OperationName)}
	if errs := doc.textErrors(p.op); errs != nil {
		return nil, errs
	}
	if p.op == nil {
		// graphql-go refuses the request, but validates the whole document
		// first: a fragment cycle is refused here all the same.
		if name, ok := fragmentCycle(doc); ok {
			return nil, []*gqlerrors.QueryError{newQueryError(domain.CodeValidationFailed,
				fmt.Sprintf("Cannot spread fragment %q within itself.", name))}
		}
	} else {
		p.Query = doc.only(req.Query, p.op)
		cost, err := operationCost(ctx, h.schema.AST(), doc, p.op, req.Variables, h.cfg.DefaultPageSize, h.cfg.MaxCost, h.cfg.MaxAnalysisNodes)
		var refused *analysisError
		if errors.As(err, &refused) {
			return nil, []*gqlerrors.QueryError{newQueryError(refused.code, refused.message)}
		}
		if cost > int64(h.cfg.MaxCost) {
			return nil, []*gqlerrors.QueryError{newQueryError(domain.CodeQueryTooComplex,
				fmt.Sprintf("query cost exceeds the limit of %d (each field costs 1, first/last multiply their selections)", h.cfg.MaxCost))}
		}
		if errs := checkVariables(h.schema.AST(), p.op, req.Variables); errs != nil {
			return nil, errs
		}
	}
	return p, nil
}

// execute runs a query or mutation and translates its errors. executed is
// false when graphql-go refused the request before running any resolver.
func (h *handler) execute(ctx context.Context, p *prepared) (resp *graphql.Response, executed bool, codes []string) {
	// Introspection fields graphql-go lacks are answered around it
	// (introspection_compat.go).
	compat := introspectionCompatFor(h.schema)
	query, rewritten := compat.rewrite(p.Query)
	resp = h.schema.Exec(ctx, query, p.OperationName, p.Variables)
	resp.Data = compat.complete(resp.Data, rewritten)
	executed = executionStarted(resp)
	codes = translateErrors(ctx, h.logger, resp.Errors, executed)
	return resp, executed, codes
}

// truncate shortens s for a log line.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
