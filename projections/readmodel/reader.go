package readmodel

import (
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// Reader runs the read API's queries on a pool.
type Reader struct {
	pool  *pgxpool.Pool
	today func() time.Time
}

// New returns a Reader. today is the clock dashboards count overdue
// milestones and recent weeks with (nil: the wall clock, UTC).
func New(pool *pgxpool.Pool, today func() time.Time) *Reader {
	if today == nil {
		today = func() time.Time { return time.Now().UTC() }
	}
	return &Reader{pool: pool, today: today}
}
