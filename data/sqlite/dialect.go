package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/mattn/go-sqlite3"

	"gigaplan/data/internal/sqlstore"
)

// dialect gives the shared store code (data/internal/sqlstore) this
// store's connections, transactions and types.
type dialect struct{ s *Store }

var _ sqlstore.Adapter = dialect{}

// Name implements sqlstore.Migrator.
func (dialect) Name() string { return sqlstore.SQLite }

// MigrateTx implements sqlstore.Migrator: a write transaction holds the
// database's write lock; Open creates the migrations table first. It runs
// on a connection of its own with foreign keys off, SQLite's way to
// rebuild a table that others reference (dropping it with them on would
// delete its rows first and cascade), and PRAGMA foreign_key_check must
// find nothing before the commit of a transaction that changed anything.
func (d dialect) MigrateTx(ctx context.Context, fn func(q sqlstore.Querier) error) error {
	s := d.s
	select {
	case s.wlock <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.wlock }()
	c, err := s.db.Conn(ctx)
	if err != nil {
		return wrapErr(err, "migration: connect")
	}
	defer c.Close()
	if _, err := c.ExecContext(ctx, `PRAGMA foreign_keys = OFF`); err != nil {
		return wrapErr(err, "migration: foreign keys off")
	}
	defer c.ExecContext(context.WithoutCancel(ctx), `PRAGMA foreign_keys = ON`)
	var tx *sql.Tx
	return sqlstore.RunTx(ctx, func() (func() error, func(), error) {
		var err error
		if tx, err = c.BeginTx(ctx, nil); err != nil {
			return nil, nil, err
		}
		return tx.Commit, func() { tx.Rollback() }, nil
	}, func() error {
		var before, after int64
		if err := tx.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&before); err != nil {
			return err
		}
		if err := fn(sharedQ{tx}); err != nil {
			return err
		}
		// A step that applied nothing (every step records itself in
		// migrations) needs no check of every foreign key in the file.
		if err := tx.QueryRowContext(ctx, `SELECT total_changes()`).Scan(&after); err != nil {
			return err
		}
		if after == before {
			return nil
		}
		var table, parent string
		var rowid sql.NullInt64
		var fkid int
		switch err := tx.QueryRowContext(ctx, `PRAGMA foreign_key_check`).Scan(&table, &rowid, &parent, &fkid); {
		case errors.Is(err, sql.ErrNoRows):
			return nil
		case err != nil:
			return err
		}
		return fmt.Errorf("foreign key of %s row %d to %s broken", table, rowid.Int64, parent)
	}, wrapErr)
}

func (d dialect) Pool() sqlstore.Querier { return sharedQ{d.s.db} }

func (d dialect) WriteTx(ctx context.Context, fn func(q sqlstore.Querier) error) error {
	return d.s.writeTx(ctx, func(tx *sql.Tx) error { return fn(sharedQ{tx}) })
}

// CallbackTx is WriteTx: writers are serialised in the process, and reads
// never wait for them.
func (d dialect) CallbackTx(ctx context.Context, fn func(q sqlstore.Querier) error) error {
	return d.WriteTx(ctx, fn)
}

// BulkTx is WriteTx.
func (d dialect) BulkTx(ctx context.Context, fn func(q sqlstore.Querier) error) error {
	return d.WriteTx(ctx, fn)
}

// LockTable does nothing: a write transaction holds the database's write
// lock.
func (dialect) LockTable(context.Context, sqlstore.Querier, string) error { return nil }

// Insert runs one prepared INSERT per row. The rows run uncancelled (a
// cancellable statement costs a goroutine each, see Addresses); ctx is
// checked every ctxCheckEvery rows.
func (dialect) Insert(ctx context.Context, q sqlstore.Querier, table string, cols []string, next func() ([]any, error)) (int64, error) {
	sq, ok := q.(sharedQ)
	tx, isTx := sq.c.(*sql.Tx)
	if !ok || !isTx {
		return 0, fmt.Errorf("sqlite: insert into %s outside a transaction", table)
	}
	marks := strings.TrimSuffix(strings.Repeat("?, ", len(cols)), ", ")
	stmt, err := tx.PrepareContext(ctx, "INSERT INTO "+table+" ("+strings.Join(cols, ", ")+") VALUES ("+marks+")")
	if err != nil {
		return 0, stmtErr(ctx, err, "prepare insert into %s", table)
	}
	defer stmt.Close()
	rowCtx := context.WithoutCancel(ctx)
	var n int64
	for ; ; n++ {
		if n%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return n, err
			}
		}
		row, err := next()
		if err != nil || row == nil {
			return n, err
		}
		if _, err := stmt.ExecContext(rowCtx, row...); err != nil {
			return n, stmtErr(ctx, err, "insert row %d into %s", n+1, table)
		}
	}
}

// StreamCtx is uncancellable: mattn/go-sqlite3 runs every row of a
// cancellable query in a goroutine of its own.
func (dialect) StreamCtx(ctx context.Context) context.Context { return context.WithoutCancel(ctx) }

// Lock is empty: a write transaction holds the database's write lock.
func (dialect) Lock() string { return "" }

// GeomWKB is the column itself: SQLite stores WKB.
func (dialect) GeomWKB(col string) string { return col }

// PrefixOps are SQLite's comparisons: TEXT compares bytewise (BINARY).
func (dialect) PrefixOps() (ge, lt string) { return ">=", "<" }

func (dialect) Time(t time.Time) any { return fmtTS(t) }

func (dialect) Date(t time.Time) any { return fmtDate(t) }

// IsUnique reads the column from SQLite's message "UNIQUE constraint
// failed: table.column".
func (dialect) IsUnique(err error, column string) bool {
	var se sqlite3.Error
	if !errors.As(err, &se) || (se.ExtendedCode != sqlite3.ErrConstraintUnique && se.ExtendedCode != sqlite3.ErrConstraintPrimaryKey) {
		return false
	}
	_, cols, _ := strings.Cut(se.Error(), "constraint failed: ")
	return column == "" || cols == column
}

func (dialect) Err(ctx context.Context, err error, format string, args ...any) error {
	return stmtErr(ctx, err, format, args...)
}

// conn is a *sql.DB or *sql.Tx.
type conn interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// sharedQ runs the shared code's statements, with $n rewritten to ?n.
type sharedQ struct{ c conn }

func (q sharedQ) Exec(ctx context.Context, query string, args ...any) (int64, error) {
	res, err := q.c.ExecContext(ctx, rebind(query), args...)
	if err != nil {
		return 0, err
	}
	return res.RowsAffected()
}

func (q sharedQ) Query(ctx context.Context, query string, args ...any) (sqlstore.Rows, error) {
	rows, err := q.c.QueryContext(ctx, rebind(query), args...)
	if err != nil {
		return nil, err
	}
	return sqlRows{rows}, nil
}

func (q sharedQ) QueryRow(ctx context.Context, query string, args ...any) sqlstore.Row {
	return q.c.QueryRowContext(ctx, rebind(query), args...)
}

type sqlRows struct{ *sql.Rows }

func (r sqlRows) Close() { r.Rows.Close() }

var rebound sync.Map // query → rewritten query

// rebind rewrites PostgreSQL's $n placeholders to SQLite's ?n, which keep
// the numbering (a $1 used twice is one argument), outside string
// literals and quoted names.
func rebind(query string) string {
	if q, ok := rebound.Load(query); ok {
		return q.(string)
	}
	var b strings.Builder
	var quote byte
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case quote != 0:
			if c == quote {
				quote = 0
			}
		case c == '\'' || c == '"':
			quote = c
		case c == '$' && i+1 < len(query) && query[i+1] >= '0' && query[i+1] <= '9':
			c = '?'
		}
		b.WriteByte(c)
	}
	q := b.String()
	rebound.Store(query, q)
	return q
}

// fmtTS is t in the fixed-width UTC text the tables store, so that
// timestamps compare correctly as text.
func fmtTS(t time.Time) string { return t.UTC().Format(sqlstore.TimeLayout) }

// parseTS reads a timestamp written by fmtTS (or any RFC 3339 text); the
// zero time if it is neither.
func parseTS(s string) time.Time {
	var t time.Time
	_ = sqlstore.Time{T: &t}.Scan(s)
	return t
}

// fmtDate is a calendar day as the date columns store it.
func fmtDate(t time.Time) string { return t.Format(sqlstore.DateLayout) }
