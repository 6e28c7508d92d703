package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"gigaplan/data/internal/sqlstore"
)

// dialect gives the shared store code (data/internal/sqlstore) this
// store's pool, transactions and types.
type dialect struct{ s *Store }

var _ sqlstore.Adapter = dialect{}

// Name implements sqlstore.Migrator.
func (dialect) Name() string { return sqlstore.Postgres }

// MigrateTx implements sqlstore.Migrator: the transaction first takes the
// migration advisory lock, so that of two instances starting together the
// second waits and then finds the step recorded.
func (d dialect) MigrateTx(ctx context.Context, fn func(q sqlstore.Querier) error) error {
	return d.s.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock($1)`, migrateLockKey); err != nil {
			return fmt.Errorf("lock: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS migrations (
			name       text PRIMARY KEY,
			applied_at timestamptz NOT NULL DEFAULT now()
		)`); err != nil {
			return fmt.Errorf("create migrations table: %w", err)
		}
		return fn(sharedQ{tx})
	})
}

func (d dialect) Pool() sqlstore.Querier { return sharedQ{d.s.pool} }

// WriteTx runs fn in a transaction that is retried on a serialization
// failure or deadlock (retryTx).
func (d dialect) WriteTx(ctx context.Context, fn func(q sqlstore.Querier) error) error {
	return d.s.retryTx(ctx, func(tx pgx.Tx) error { return fn(sharedQ{tx}) })
}

// CallbackTx is callbackTx: retried, with half the pool kept for the
// callback's reads.
func (d dialect) CallbackTx(ctx context.Context, fn func(q sqlstore.Querier) error) error {
	return d.s.callbackTx(ctx, func(tx pgx.Tx) error { return fn(sharedQ{tx}) })
}

// BulkTx is tx: a transaction that consumes an iterator cannot be retried.
func (d dialect) BulkTx(ctx context.Context, fn func(q sqlstore.Querier) error) error {
	return d.s.tx(ctx, func(tx pgx.Tx) error { return fn(sharedQ{tx}) })
}

// LockTable takes SHARE ROW EXCLUSIVE: other writers wait, readers go on.
func (dialect) LockTable(ctx context.Context, q sqlstore.Querier, table string) error {
	if _, err := q.Exec(ctx, `LOCK TABLE `+pgx.Identifier{table}.Sanitize()+` IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return stmtErr(ctx, err, "lock %s", table)
	}
	return nil
}

// Insert COPYs the rows (copyRows).
func (dialect) Insert(ctx context.Context, q sqlstore.Querier, table string, cols []string, next func() ([]any, error)) (int64, error) {
	sq, ok := q.(sharedQ)
	tx, isTx := sq.q.(pgx.Tx)
	if !ok || !isTx {
		return 0, fmt.Errorf("postgres: insert into %s outside a transaction", table)
	}
	return copyRows(ctx, tx, table, cols, next)
}

// StreamCtx is ctx: pgx cancels a query without a goroutine per row.
func (dialect) StreamCtx(ctx context.Context) context.Context { return ctx }

// Lock takes the row lock that writers that check before they write
// queue on, across app instances; it does not block foreign keys.
func (dialect) Lock() string { return " FOR NO KEY UPDATE" }

// GeomWKB reads a PostGIS geometry as WKB.
func (dialect) GeomWKB(col string) string { return "ST_AsBinary(" + col + ")" }

// PrefixOps are the plain comparisons: the search key's column and index
// are in the collation "C", which compares bytewise (migration 0014; the
// text_pattern_ops index before it needed ~>=~ and ~<~).
func (dialect) PrefixOps() (ge, lt string) { return ">=", "<" }

func (dialect) Time(t time.Time) any { return ts(t) }

func (dialect) Date(t time.Time) any { return utcDate(t) }

// IsUnique knows the column by PostgreSQL's default constraint name
// "table_column_key".
func (dialect) IsUnique(err error, column string) bool {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "23505" {
		return false
	}
	return column == "" || pe.ConstraintName == strings.ReplaceAll(column, ".", "_")+"_key"
}

func (dialect) Err(ctx context.Context, err error, format string, args ...any) error {
	return stmtErr(ctx, err, format, args...)
}

// sharedQ runs the shared code's statements on the pool or a transaction.
type sharedQ struct{ q querier }

func (q sharedQ) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	tag, err := q.q.Exec(ctx, query, args...)
	if err != nil {
		return 0, err
	}
	return tag.RowsAffected(), nil
}

func (q sharedQ) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	return q.q.Query(ctx, query, args...)
}

func (q sharedQ) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return sharedRow{q.q.QueryRow(ctx, query, args...)}
}

// sharedRow reports pgx.ErrNoRows as sql.ErrNoRows, as the shared code
// expects.
type sharedRow struct{ r pgx.Row }

func (r sharedRow) Scan(dest ...any) error {
	err := r.r.Scan(dest...)
	if errors.Is(err, pgx.ErrNoRows) {
		return sqlstore.ErrNoRows
	}
	return err
}

// ts is t in UTC to PostgreSQL's precision (microseconds), as stored.
func ts(t time.Time) time.Time { return t.UTC().Truncate(time.Microsecond) }
