package transport

import (
	"context"
	"fmt"
	"log/slog"
	"runtime/debug"

	graphql "github.com/graph-gophers/graphql-go"
	gqlerrors "github.com/graph-gophers/graphql-go/errors"

	"github.com/creativeclusters/planner/domain"
)

// SchemaOptions returns the graphql-go options the transport relies on;
// pass them to graphql.ParseSchema. They set MaxDepth, MaxQueryLength,
// MaxParallelism and SubscribeResolverTimeout from cfg, keep the contract's
// "..." descriptions (UseStringDescriptions), and turn resolver panics into
// an INTERNAL error whose value and stack go to logger only.
// UseFieldResolvers is left to the resolvers' author: add it if they rely on
// struct fields.
func SchemaOptions(cfg Config, logger *slog.Logger) []graphql.SchemaOpt {
	cfg.setDefaults()
	if logger == nil {
		logger = slog.Default()
	}
	return []graphql.SchemaOpt{
		graphql.UseStringDescriptions(),
		graphql.MaxDepth(cfg.MaxDepth),
		graphql.MaxQueryLength(cfg.MaxQueryLength),
		graphql.MaxParallelism(cfg.MaxParallelism),
		graphql.SubscribeResolverTimeout(cfg.SubscribeResolverTimeout),
		graphql.Logger(panicLogger{logger: logger}),
		graphql.PanicHandler(panicHandler{}),
	}
}

// panicLogger replaces graphql-go's default, which prints the request
// context with the standard logger.
type panicLogger struct{ logger *slog.Logger }

func (l panicLogger) LogPanic(ctx context.Context, value any) {
	// Called from the deferred recover, so the stack still shows the panic.
	l.logger.ErrorContext(ctx, "graphql resolver panicked",
		"panic", fmt.Sprint(value), "stack", string(debug.Stack()))
}

// panicHandler replaces graphql-go's default, whose message quotes the panic
// value to the client.
type panicHandler struct{}

func (panicHandler) MakePanicError(context.Context, any) *gqlerrors.QueryError {
	e := newQueryError(domain.CodeInternal, internalMessage)
	e.Err = errPanic
	return e
}
