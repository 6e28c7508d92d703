package sqlite

import (
	"context"
	"database/sql"
	"errors"

	"github.com/mattn/go-sqlite3"

	"gigaplan/data/internal/sqlstore"
)

// maxParams is the most values one statement may bind
// (SQLITE_MAX_VARIABLE_NUMBER of the SQLite that mattn/go-sqlite3 bundles).
const maxParams = 32766

// stmtRows caps the rows of one multi-row statement: more saves no
// measurable time (the cgo call per statement is then already small
// beside the binds and the B-tree work) and costs memory per prepared
// statement.
const stmtRows = 1000

// batchWriter runs a multi-row statement (an sqlstore.Insert, or any
// statement whose SQL for n rows stmt gives) over the rows of
// sqlstore.Values in a transaction: statements of rows rows, prepared
// once, and one for the rest. Each statement runs uncancelled (see
// ctxCheckEvery); the caller checks its context between batches.
type batchWriter struct {
	tx   *sql.Tx
	sql  func(n int) string
	rows int
	full *sql.Stmt
}

// newBatchWriter writes with the statements sql returns for n rows of
// width values each.
func newBatchWriter(tx *sql.Tx, width int, sql func(n int) string) *batchWriter {
	return &batchWriter{tx: tx, sql: sql, rows: min(stmtRows, max(1, maxParams/width))}
}

// newInserter is a batchWriter of an sqlstore.Insert.
func newInserter(tx *sql.Tx, in sqlstore.Insert) *batchWriter {
	return newBatchWriter(tx, len(in.Cols), in.SQL)
}

func (w *batchWriter) close() {
	if w.full != nil {
		w.full.Close()
	}
}

// write runs the statements for every row of v. A constraint violation
// (an invalid row: SQLite rolls back only the failed statement) is found
// again row by row, and its error is wrapped with what(i), i the row's
// index in v; any other error with what of the statement's first row.
func (w *batchWriter) write(ctx context.Context, v *sqlstore.Values, what func(i int) (string, []any)) error {
	rowCtx := context.WithoutCancel(ctx)
	n := v.Len()
	for i := 0; i < n; i += w.rows {
		k := min(w.rows, n-i)
		vals := v.Vals[i*v.Width : (i+k)*v.Width]
		var err error
		if k == w.rows {
			if w.full == nil {
				if w.full, err = w.tx.PrepareContext(ctx, rebind(w.sql(w.rows))); err != nil {
					return stmtErr(ctx, err, "prepare bulk statement")
				}
			}
			_, err = w.full.ExecContext(rowCtx, vals...)
		} else {
			_, err = w.tx.ExecContext(rowCtx, rebind(w.sql(k)), vals...)
		}
		if err != nil {
			return w.failed(ctx, v, i, k, err, what)
		}
	}
	return nil
}

// failed names the row of the failed statement over rows [from,
// from+k) of v: for a constraint violation it runs them one by one up
// to the one that fails.
func (w *batchWriter) failed(ctx context.Context, v *sqlstore.Values, from, k int, err error, what func(i int) (string, []any)) error {
	var se sqlite3.Error
	if ctx.Err() == nil && errors.As(err, &se) && se.Code == sqlite3.ErrConstraint {
		one, perr := w.tx.PrepareContext(ctx, rebind(w.sql(1)))
		if perr == nil {
			defer one.Close()
			for i := from; i < from+k; i++ {
				if _, rerr := one.ExecContext(context.WithoutCancel(ctx), v.Row(i)...); rerr != nil {
					f, args := what(i)
					return stmtErr(ctx, rerr, f, args...)
				}
			}
		}
	}
	f, args := what(from)
	return stmtErr(ctx, err, f, args...)
}
