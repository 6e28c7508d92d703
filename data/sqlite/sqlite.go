// Package sqlite is Gigaplan's embedded store: geo.Store (and later the
// campaign stores) on a single SQLite file, through the cgo driver
// github.com/mattn/go-sqlite3 (see driverbench/README.md for why this one).
//
// The database runs in WAL mode with synchronous=NORMAL, foreign keys on and
// a 5 s busy timeout. Readers never wait for the writer. Write transactions
// begin with BEGIN IMMEDIATE and are serialised inside the process, so two
// concurrent imports queue instead of failing with "database is locked"; a
// writer in another process waits up to the busy timeout.
//
// The schema is the one list of steps in data/internal/sqlstore/migrations,
// embedded in the binary. Open applies the ones not yet recorded in the
// migrations table, each in its own (immediate) transaction, so that two
// processes opening the same new file apply each once.
//
// Geometry is stored as WKB, always a MultiPolygon in WGS84 (SRID 4326,
// implied rather than stored).
package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/mattn/go-sqlite3"

	"gigaplan/campaigns"
	"gigaplan/data/internal/sqlstore"
	"gigaplan/geo"
)

// Store is a geo.Store on one SQLite file.
type Store struct {
	db   *sql.DB
	path string
	// wlock serialises write transactions within the process. database/sql
	// would otherwise hand two writers two connections, and the second
	// one's BEGIN IMMEDIATE would fail with SQLITE_BUSY once the busy
	// timeout ran out behind a long import.
	wlock chan struct{}
	// OnWait, if set, is called when a write has waited waitNotice for
	// another process's write lock (a long import, the server): the CLI
	// says that it waits, up to the busy timeout.
	OnWait func()
	// The shared code: users, sessions, audit log, API tokens, campaigns,
	// area reads, address lookups, the supply import.
	sqlstore.Shared
}

var (
	_ geo.Store                    = (*Store)(nil)
	_ geo.ImportStore              = (*Store)(nil)
	_ campaigns.CitizenReportStore = (*Store)(nil)
	_ campaigns.UserStore          = (*Store)(nil)
	_ campaigns.UserAdmin          = (*Store)(nil)
	_ campaigns.TokenStore         = (*Store)(nil)
)

// waitNotice is how long a write waits for the lock before OnWait.
const waitNotice = time.Second

// BusyTimeout is how long a connection waits for a lock held by another
// process before failing.
const BusyTimeout = 5000 // milliseconds

// Open opens the database file at path, creating it if needed, and brings
// its schema up to date. Running Open again on an up-to-date file changes
// nothing.
func Open(ctx context.Context, path string) (*Store, error) {
	if path == "" {
		return nil, geo.Errorf(geo.EINVALID, "SQLite: kein Pfad zur Datenbank angegeben")
	}
	db, err := sql.Open("sqlite3", dsn(path))
	if err != nil {
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	// Connections are cheap; keep a few idle so their page caches survive.
	db.SetMaxIdleConns(4)
	s := &Store{db: db, path: path, wlock: make(chan struct{}, 1)}
	s.Shared = sqlstore.NewShared(dialect{s})
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("sqlite: open %s: %w", path, err)
	}
	if err := s.migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return s, nil
}

// dsn builds a mattn/go-sqlite3 data source name: a file: URI (so that any
// path works) with the connection settings every connection of the pool
// gets.
func dsn(path string) string {
	esc := strings.NewReplacer("%", "%25", "?", "%3f", "#", "%23").Replace(path)
	return "file:" + esc + "?" + strings.Join([]string{
		"_journal_mode=WAL",
		"_synchronous=NORMAL",
		"_foreign_keys=on",
		fmt.Sprintf("_busy_timeout=%d", BusyTimeout),
		"_txlock=immediate", // writers take the lock at BEGIN, not mid-transaction
		fmt.Sprintf("_cache_size=%d", -cacheSize),
	}, "&")
}

// cacheSize is the page cache of every connection, in KiB (64 MiB).
const cacheSize = 64 * 1024

// DB returns the underlying pool for the other stores of this package (and
// tests). Transactions begun on it are BEGIN IMMEDIATE; inside the package,
// write through Store.writeTx so that writers queue.
func (s *Store) DB() *sql.DB { return s.db }

// Path returns the database file name given to Open.
func (s *Store) Path() string { return s.path }

// Close closes the database.
func (s *Store) Close() error {
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("sqlite: close: %w", err)
	}
	return nil
}

// migrate applies the schema steps not yet recorded (data/internal/sqlstore
// holds the one list of both stores).
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.db.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS migrations (
		name       TEXT PRIMARY KEY,
		applied_at TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
	)`); err != nil {
		return fmt.Errorf("sqlite: create migrations table: %w", err)
	}
	return sqlstore.Migrate(ctx, dialect{s})
}

// writeTx runs fn in a write transaction, after the writers queued before
// it. fn's error is returned unchanged after the rollback; a nil error
// commits.
func (s *Store) writeTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	select {
	case s.wlock <- struct{}{}:
	case <-ctx.Done():
		return ctx.Err()
	}
	defer func() { <-s.wlock }()

	var tx *sql.Tx
	return sqlstore.RunTx(ctx, func() (func() error, func(), error) {
		var err error
		if s.OnWait != nil {
			t := time.AfterFunc(waitNotice, s.OnWait)
			defer t.Stop()
		}
		if tx, err = s.db.BeginTx(ctx, nil); err != nil {
			return nil, nil, err
		}
		return tx.Commit, func() { tx.Rollback() }, nil
	}, func() error { return fn(tx) }, wrapErr)
}

// wrapErr adds what failed to a driver error. A constraint violation is the
// caller's fault and becomes geo.EINVALID; a lock held past the busy
// timeout by another process (a long import) becomes geo.EUNAVAILABLE:
// try again shortly. Anything else stays internal.
func wrapErr(err error, format string, args ...any) error {
	what := fmt.Sprintf(format, args...)
	var se sqlite3.Error
	if errors.As(err, &se) {
		switch se.Code {
		case sqlite3.ErrConstraint:
			return geo.Errorf(geo.EINVALID, "%s: %w", what, err)
		case sqlite3.ErrBusy, sqlite3.ErrLocked:
			_ = what // the message is for people: which statement waited is no help to them
			return geo.Errorf(geo.EUNAVAILABLE, "Die Datenbank ist gerade belegt (ein anderer Vorgang schreibt, etwa ein Import); bitte in einigen Sekunden erneut versuchen")
		}
	}
	return fmt.Errorf("sqlite: %s: %w", what, err)
}

// stmtErr is wrapErr for a statement of a write transaction: once ctx is
// cancelled, database/sql rolls the transaction back and closes its
// statements, and the caller gets ctx's error instead (sqlstore.StmtErr).
func stmtErr(ctx context.Context, err error, format string, args ...any) error {
	return sqlstore.StmtErr(ctx, err, wrapErr, format, args...)
}

// ctxCheckEvery is how many rows a bulk write goes between checks of its
// context. Rows are executed with a context that cannot be cancelled:
// mattn/go-sqlite3 starts a goroutine per statement for a cancellable one,
// which costs more than the insert itself.
const ctxCheckEvery = 1024
