// Package sqlstore is the store code that data/sqlite and data/postgres
// share: every query both dialects can run is written here once, in
// PostgreSQL's form with $1, $2 … placeholders, and run through a Dialect
// that each adapter provides.
//
// What really differs stays in the adapters: the drivers (database/sql
// with mattn/go-sqlite3, pgx natively so that COPY stays available),
// placeholders (SQLite's adapter rewrites $n to ?n, which keeps the
// numbering), timestamps (fixed-width UTC text in SQLite, timestamptz in
// PostgreSQL), transactions (SQLite serialises writers in the process;
// PostgreSQL retries serialization failures), and how a driver error
// becomes a geo.Error.
//
// Shared code reads "no rows" as database/sql's sql.ErrNoRows on both
// dialects: the PostgreSQL adapter maps pgx.ErrNoRows to it.
//
// Here so far: the users, sessions, login failures and audit log
// (campaigns.UserStore) in users.go, API tokens (campaigns.TokenStore) in
// tokens.go, campaigns with their sign-up log, outreach and facility
// contracts (campaigns.Store) in campaigns.go, the area reads of geo.Store
// in areas.go, address lookups and search in addresses.go, the bulk path
// of an address import (rows built in a goroutine, multi-row INSERTs) in
// batch.go, the market surveys with each operator's supply answer in
// supply.go, the funding projects (campaigns.FundingStore) in funding.go,
// and the one list of schema
// steps in migrate.go.
package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"
)

// Row is one row of QueryRow; Scan returns sql.ErrNoRows when there is none.
type Row interface {
	Scan(dest ...any) error
}

// Rows is the result of Query.
type Rows interface {
	Next() bool
	Scan(dest ...any) error
	Err() error
	Close()
}

// Querier runs statements written with $n placeholders, on the pool or in
// a transaction.
type Querier interface {
	// Exec runs a statement and returns the number of rows it affected.
	Exec(ctx context.Context, query string, args ...any) (int64, error)
	Query(ctx context.Context, query string, args ...any) (Rows, error)
	QueryRow(ctx context.Context, query string, args ...any) Row
}

// Dialect is what a store adapter gives the shared code.
type Dialect interface {
	// Pool runs statements outside a transaction (reads, mostly).
	Pool() Querier
	// WriteTx runs fn in a write transaction; fn's error is returned
	// unchanged after the rollback. fn may run more than once (the
	// PostgreSQL store retries serialization failures), so it must not
	// have effects outside the transaction.
	WriteTx(ctx context.Context, fn func(q Querier) error) error
	// CallbackTx is WriteTx for a transaction that runs a caller's
	// callback, which may read through the store on another connection
	// (PostgreSQL keeps half its pool free for such reads).
	CallbackTx(ctx context.Context, fn func(q Querier) error) error
	// BulkTx runs fn in a write transaction that is not run again (it
	// consumes an iterator); Insert needs the Querier it gives fn.
	BulkTx(ctx context.Context, fn func(q Querier) error) error
	// LockTable locks table against other writers (readers go on) until
	// the transaction q ends; a no-op where writers are serialised.
	LockTable(ctx context.Context, q Querier, table string) error
	// Insert appends the rows next returns (nil at the end) to table's
	// columns cols in BulkTx's transaction q, and returns their number:
	// batched prepared inserts in SQLite, COPY in PostgreSQL. An error
	// from next, and the context's, come back unchanged; a row the table
	// refuses is EINVALID.
	Insert(ctx context.Context, q Querier, table string, cols []string, next func() ([]any, error)) (int64, error)
	// StreamCtx is the context a long streamed read runs its query with;
	// the shared code checks ctx itself every CheckEvery rows. SQLite's is
	// uncancellable (mattn/go-sqlite3 runs every row of a cancellable
	// query in a goroutine of its own, 5× slower on large sets),
	// PostgreSQL's is ctx.
	StreamCtx(ctx context.Context) context.Context
	// Lock is the clause after a SELECT of one row that locks the row
	// against other writers until the transaction ends ("" where writers
	// are serialised anyway).
	Lock() string
	// Time is t as the argument for a timestamp column.
	Time(t time.Time) any
	// Date is t's calendar day as the argument for a date column.
	Date(t time.Time) any
	// TempTable returns the statements that give the transaction an
	// empty temporary table name with the columns cols (a column list as
	// in CREATE TABLE), dropped or emptied before the next one uses it.
	TempTable(name, cols string) []string
	// GeomWKB is the SELECT expression that reads geometry column col as
	// WKB (SRID 4326 implied).
	GeomWKB(col string) string
	// PrefixOps are the operators that compare text bytewise for a
	// prefix range scan of an index: ≥ and <.
	PrefixOps() (ge, lt string)
	// IsUnique reports whether err violates the unique constraint on
	// column ("table.column"), or on any column when column is "".
	IsUnique(err error, column string) bool
	// Err says what failed (format, args) around a driver error: the
	// context's error when it is done, a geo.Error for constraint
	// violations (EINVALID) and busy or conflicting writers (ECONFLICT),
	// else an internal error naming the store.
	Err(ctx context.Context, err error, format string, args ...any) error
}

// TimeLayout is the fixed-width UTC text form of timestamps in SQLite, so
// that they compare correctly as text.
const TimeLayout = "2006-01-02T15:04:05.000000000Z"

// Time is a scan destination for a timestamp column of either dialect:
// SQLite's text (TimeLayout, or any RFC 3339) or PostgreSQL's timestamptz.
// The time is in UTC; NULL is the zero time.
type Time struct{ T *time.Time }

// Scan implements sql.Scanner.
func (d Time) Scan(src any) error {
	if src == nil {
		*d.T = time.Time{}
		return nil
	}
	return scanTemporal(src, "time", func(t time.Time) { *d.T = t.UTC() }, func(s string) error {
		t, err := time.Parse(TimeLayout, s)
		if err != nil {
			if t, err = time.Parse(time.RFC3339Nano, s); err != nil {
				return fmt.Errorf("sqlstore: %q is not a time", s)
			}
		}
		*d.T = t.UTC()
		return nil
	})
}

// scanTemporal hands a time.Time source to value and a text one (string
// or bytes) to text; what names the kind in the error for anything else.
func scanTemporal(src any, what string, value func(time.Time), text func(string) error) error {
	switch v := src.(type) {
	case time.Time:
		value(v)
		return nil
	case string:
		return text(v)
	case []byte:
		return text(string(v))
	}
	return fmt.Errorf("sqlstore: cannot read %T as a %s", src, what)
}

// DateLayout is the text form of dates in SQLite.
const DateLayout = time.DateOnly

// Date is a scan destination for a date column of either dialect: SQLite's
// text (DateLayout) or PostgreSQL's date. The day is at UTC midnight;
// NULL is the zero time.
type Date struct{ T *time.Time }

// Scan implements sql.Scanner.
func (d Date) Scan(src any) error {
	if src == nil {
		*d.T = time.Time{}
		return nil
	}
	return scanTemporal(src, "date", func(t time.Time) {
		*d.T = time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
	}, func(s string) error {
		t, err := time.Parse(DateLayout, s)
		if err != nil {
			return fmt.Errorf("sqlstore: bad date %q in database", s)
		}
		*d.T = t
		return nil
	})
}

// ErrNoRows is database/sql's, for the adapters' Row wrappers.
var ErrNoRows = sql.ErrNoRows

// queryAll runs query on q and scans every row with scan; what names the
// read in errors. The result is never nil.
func queryAll[T any](ctx context.Context, d Dialect, q Querier, what string, scan func(Rows) (T, error), query string, args ...any) ([]T, error) {
	rows, err := q.Query(ctx, query, args...)
	if err != nil {
		return nil, d.Err(ctx, err, "%s", what)
	}
	defer rows.Close()
	out := []T{}
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, d.Err(ctx, err, "%s", what)
		}
		out = append(out, v)
	}
	if err := rows.Err(); err != nil {
		return nil, d.Err(ctx, err, "%s", what)
	}
	return out, nil
}

// Shared is all of this package's store code over one Dialect; a store
// embeds it and so implements what it holds.
type Shared struct {
	UserStore
	TokenStore
	CampaignStore
	AreaStore
	AddressStore
	SupplyStore
	ImportStore
	ReportStore
	FundingStore
}

// NewShared returns the shared store code over d.
func NewShared(d Dialect) Shared {
	return Shared{UserStore{d}, TokenStore{d}, CampaignStore{d}, AreaStore{d}, AddressStore{d}, SupplyStore{d}, ImportStore{d}, ReportStore{d}, FundingStore{d}}
}

// Adapter is what a store adapter implements: the shared code's Dialect
// and the migration runner's Migrator.
type Adapter interface {
	Dialect
	Migrator
}
