// Package postgres is Gigaplan's server store: geo.Store, geo.SupplyStore,
// campaigns.Store and campaigns.UserStore on PostgreSQL (15 or later) with PostGIS, through
// github.com/jackc/pgx/v5 (pgxpool).
//
// It follows the semantics of data/sqlite, the reference implementation
// (the shared suite in data/storetest checks both), but is meant for
// several app instances on one database: the writes that data/sqlite
// serialises inside its process take row or table locks here.
//
//   - AddEntry, AddEntries and UpdateCampaign lock the campaign row (SELECT
//     … FOR NO KEY UPDATE) before they check the latest entry or the
//     version, so two instances cannot both pass the check.
//   - ReplaceAssignments and ReplaceOperatorSupply lock their table against
//     other writers (SHARE ROW EXCLUSIVE: readers go on) before they
//     replace it (the supply: one operator's answer to one survey).
//   - Address imports are upserts that count their inserts themselves, so
//     that concurrent imports do not disturb each other's counts.
//   - Those three run a caller's callback inside the transaction, which may
//     read through the store; at most half the pool runs them at once, so
//     that such a read always finds a connection (see callbackTx).
//
// Transactions run at READ COMMITTED. Those that only read and write rows
// of the database are retried on a serialization failure or deadlock; those
// that consume an iterator cannot be and report ECONFLICT.
//
// The schema is the one list of steps in data/internal/sqlstore/migrations,
// embedded in the binary. Open applies the ones not yet recorded in the
// migrations table, each in its own transaction that first takes a
// database-wide advisory lock, so that instances starting together apply
// each step once. Tables are created in the first schema of the connection's
// search_path (a URL parameter: ?search_path=gigaplan,public).
//
// Geometry crosses the boundary as WKB with SRID 4326 explicit: areas are
// written with ST_GeomFromWKB(wkb, 4326) into geometry(MultiPolygon, 4326)
// and read with ST_AsBinary.
package postgres

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"gigaplan/campaigns"
	"gigaplan/data/internal/sqlstore"
	"gigaplan/geo"
)

// Store is a geo.Store, geo.SupplyStore, campaigns.Store and
// campaigns.UserStore on PostgreSQL.
type Store struct {
	pool *pgxpool.Pool
	// callbacks limits the transactions that run a caller's callback
	// (see callbackTx) to half the pool.
	callbacks chan struct{}
	// The shared code: users, sessions, audit log, API tokens, campaigns,
	// area reads, address lookups, the supply import.
	sqlstore.Shared
}

var (
	_ geo.Store                    = (*Store)(nil)
	_ geo.ImportStore              = (*Store)(nil)
	_ campaigns.CitizenReportStore = (*Store)(nil)
	_ geo.SupplyStore              = (*Store)(nil)
	_ campaigns.Store              = (*Store)(nil)
	_ campaigns.UserStore          = (*Store)(nil)
	_ campaigns.UserAdmin          = (*Store)(nil)
	_ campaigns.TokenStore         = (*Store)(nil)
	_ interface{ Close() error }   = (*Store)(nil)
)

// DefaultMaxConns is the pool size when the URL gives no pool_max_conns.
const DefaultMaxConns = 10

// migrateLockKey is the advisory lock taken by every migration
// transaction: "gigaplan" in ASCII.
const migrateLockKey int64 = 0x67696761706c616e

// IsURL reports whether s is a PostgreSQL connection URL
// (postgres://… or postgresql://…).
func IsURL(s string) bool {
	return strings.HasPrefix(s, "postgres://") || strings.HasPrefix(s, "postgresql://")
}

// Open connects to the database at url (postgres://user:pass@host:port/db?…,
// any parameter pgx understands; search_path=… selects the schema) and
// brings its schema up to date. Running Open again on an up-to-date
// database changes nothing.
func Open(ctx context.Context, url string) (*Store, error) {
	if strings.TrimSpace(url) == "" {
		return nil, geo.Errorf(geo.EINVALID, "PostgreSQL: keine Datenbank-URL angegeben")
	}
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		// The parse error may quote the URL, password included.
		return nil, geo.Errorf(geo.EINVALID, "PostgreSQL: ungültige Datenbank-URL %s", Redact(url))
	}
	if !strings.Contains(url, "pool_max_conns") {
		cfg.MaxConns = DefaultMaxConns
	}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open %s: %w", Redact(url), err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("postgres: connect to %s: %w", Redact(url), err)
	}
	s := &Store{pool: pool, callbacks: make(chan struct{}, max(1, cfg.MaxConns/2))}
	s.Shared = sqlstore.NewShared(dialect{s})
	if err := s.migrate(ctx); err != nil {
		pool.Close()
		return nil, err
	}
	return s, nil
}

// Redact returns url with its password replaced by "xxxxx", for messages
// and logs.
func Redact(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return u.Redacted()
}

// Pool returns the underlying pool, for tests and tools.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }

// Close closes the pool, waiting for connections in use to be released.
func (s *Store) Close() error {
	s.pool.Close()
	return nil
}

// migrate applies the schema steps not yet recorded (data/internal/sqlstore
// holds the one list of both stores).
//
// The steps recorded are read through the search path, so a table
// migrations of a later schema on it (a store in public, another in
// gigaplan,public) would pass for this store's: the table is then created
// in the current schema first, and the steps apply there.
func (s *Store) migrate(ctx context.Context) error {
	var elsewhere bool
	if err := s.pool.QueryRow(ctx, `SELECT to_regclass('migrations') IS NOT NULL AND NOT EXISTS (
		SELECT 1 FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
		WHERE c.oid = to_regclass('migrations') AND n.nspname = current_schema())`).Scan(&elsewhere); err != nil {
		return fmt.Errorf("postgres: find migrations table: %w", err)
	}
	if elsewhere {
		if err := (dialect{s}).MigrateTx(ctx, func(sqlstore.Querier) error { return nil }); err != nil {
			return fmt.Errorf("postgres: create migrations table: %w", err)
		}
	}
	return sqlstore.Migrate(ctx, dialect{s})
}

// querier is the pool or a transaction.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
	QueryRow(ctx context.Context, sql string, args ...any) pgx.Row
	Exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error)
}

// tx runs fn in a transaction. fn's error is returned unchanged after the
// rollback; a nil error commits, unless ctx was cancelled meanwhile (then
// ctx's error is returned).
func (s *Store) tx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	var tx pgx.Tx
	return sqlstore.RunTx(ctx, func() (func() error, func(), error) {
		var err error
		if tx, err = s.pool.Begin(ctx); err != nil {
			return nil, nil, err
		}
		return func() error { return tx.Commit(ctx) }, func() {
			// Roll back even when ctx is cancelled, so that the
			// connection goes back to the pool clean.
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			defer cancel()
			_ = tx.Rollback(rctx)
		}, nil
	}, func() error { return fn(tx) }, wrapErr)
}

// maxAttempts is how often retryTx runs a transaction that failed with a
// serialization failure or deadlock.
const maxAttempts = 4

// retryTx is tx for a transaction that can be run again: one that fails
// with a serialization failure or a deadlock is retried, up to maxAttempts
// times in all; then the error is ECONFLICT.
func (s *Store) retryTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	var err error
	for attempt := range maxAttempts {
		if err = s.tx(ctx, fn); !retryable(err) {
			return err
		}
		select {
		case <-time.After(time.Duration(attempt+1) * 10 * time.Millisecond):
		case <-ctx.Done():
			return ctx.Err()
		}
	}
	return err
}

// callbackTx is retryTx for a transaction that locks a campaign row and
// runs a caller's callback (AddEntry's check, UpdateCampaign's change),
// which may read through the store on another connection of the pool. At
// most half the pool runs such transactions at once, so that a callback's
// read always finds a free connection: otherwise writers queued on the
// row lock could hold every connection while the lock holder's callback
// waits for one, and none would ever finish. (A pool of one connection
// cannot serve such a callback at all.)
func (s *Store) callbackTx(ctx context.Context, fn func(tx pgx.Tx) error) error {
	select {
	case s.callbacks <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.callbacks }()
	return s.retryTx(ctx, fn)
}

// retryable reports whether err is a serialization failure or a deadlock.
func retryable(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && (pe.Code == "40001" || pe.Code == "40P01")
}

// wrapErr adds what failed to a driver error. A constraint violation or
// invalid data is the caller's fault and becomes geo.EINVALID; a
// serialization failure, deadlock or lock timeout becomes geo.ECONFLICT.
// Anything else stays internal.
func wrapErr(err error, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case pe.Code == "40001" || pe.Code == "40P01" || pe.Code == "55P03":
			return geo.Errorf(geo.ECONFLICT, "%s: the database is busy (a concurrent change), try again: %w", what, err)
		case strings.HasPrefix(pe.Code, "23"), strings.HasPrefix(pe.Code, "22"):
			msg := pe.Message
			if pe.Detail != "" {
				msg += " (" + pe.Detail + ")"
			}
			return &geo.Error{Code: geo.EINVALID, Message: what + ": " + msg, Err: err}
		}
	}
	return fmt.Errorf("postgres: %s: %w", what, err)
}

// stmtErr is wrapErr for a statement that may have failed because ctx was
// cancelled: the caller then gets ctx's error (sqlstore.StmtErr).
func stmtErr(ctx context.Context, err error, format string, args ...any) error {
	return sqlstore.StmtErr(ctx, err, wrapErr, format, args...)
}

// ctxCheckEvery is how many rows a bulk write goes between checks of its
// context.
const ctxCheckEvery = 256
