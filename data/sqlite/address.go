package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"strings"

	"gigaplan/data/internal/sqlstore"
	"gigaplan/geo"
)

// addressInsert is the multi-row upsert of an address import.
var addressInsert = sqlstore.Insert{Table: "addresses", Cols: sqlstore.AddressImportCols, Tail: sqlstore.AddressUpsert}

// importBatch is the number of addresses per batch of an import: the
// reading goroutine fills one while the transaction writes the other.
const importBatch = 4 * stmtRows

// importCacheSize is the page cache (KiB) of the connection that imports
// addresses, for the time of the import: the search key index takes its
// rows in random order, and with the connection's usual 64 MiB its pages
// are evicted and read back from the WAL again and again beyond about a
// million addresses.
const importCacheSize = 512 * 1024

// ImportAddresses upserts every address of seq by Key in one transaction.
// A goroutine reads seq and builds the rows (sqlstore.AddressBatches)
// while the transaction writes the batch before with multi-row upserts.
// Inserted and Updated are counted from the table's size before and after,
// which costs two counts instead of a lookup per row; an address whose key
// occurs twice in seq counts once as inserted and once as updated (the
// later row wins). An empty Type is stored as private; an empty key or
// unknown type is EINVALID. An error from seq, or the context's error, is
// returned unchanged after the rollback.
func (s *Store) ImportAddresses(ctx context.Context, seq iter.Seq2[geo.Address, error]) (geo.WriteStats, error) {
	next, done, stop := sqlstore.AddressBatches(ctx, seq, importBatch)
	defer stop()
	var stats geo.WriteStats
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		before, err := countRows(ctx, tx, "addresses")
		if err != nil {
			return err
		}
		if err := noteChangedAddresses(ctx, tx); err != nil {
			return err
		}
		if err := markOverlay(ctx, tx, true); err != nil {
			return err
		}
		stopNoting, err := s.noteOverlayWork(ctx, tx, before)
		if err != nil {
			return err
		}
		// Into an empty table every address gets its words at the end;
		// otherwise triggers note the new and re-keyed ones.
		if before > 0 {
			if err := noteSearchKeys(ctx, tx); err != nil {
				return err
			}
		}
		restore, err := setCacheSize(ctx, tx, importCacheSize)
		if err != nil {
			return err
		}
		defer restore()
		// Into an empty table, building the secondary indexes once at the
		// end (a sort) is cheaper than inserting the rows into them in
		// random order. Readers keep seeing the committed state: in WAL
		// mode the dropped index is theirs until the commit.
		var rebuild []string
		if before == 0 {
			if rebuild, err = dropIndexes(ctx, tx, "addresses"); err != nil {
				return err
			}
		}
		ins := newInserter(tx, addressInsert)
		defer ins.close()
		n := 0
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			b, err := next()
			if err != nil {
				return err
			}
			if b == nil {
				break
			}
			if err := ins.write(ctx, &b.Addresses, func(i int) (string, []any) {
				return "insert address %q", []any{b.Keys[i]}
			}); err != nil {
				return err
			}
			n += len(b.Keys)
			done(b)
		}
		if err := stopNoting(); err != nil {
			return err
		}
		if err := createIndexes(ctx, tx, rebuild); err != nil {
			return err
		}
		if err := s.writeSearchWords(ctx, tx, before == 0); err != nil {
			return err
		}
		after, err := countRows(ctx, tx, "addresses")
		if err != nil {
			return err
		}
		stats = geo.WriteStats{Inserted: after - before, Updated: n - (after - before)}
		if err := sqlstore.RecordImport(ctx, dialect{s}, sharedQ{tx}, n); err != nil {
			return err
		}
		return refreshImportTotals(ctx, tx)
	})
	if err != nil {
		return geo.WriteStats{}, err
	}
	return stats, nil
}

// dropIndexes drops the indexes of table that were created by a
// statement (not those of its UNIQUE and PRIMARY KEY constraints, which
// an upsert needs) and returns the statements that create them again.
func dropIndexes(ctx context.Context, tx *sql.Tx, table string) ([]string, error) {
	rows, err := tx.QueryContext(ctx, `SELECT name, sql FROM sqlite_schema WHERE type = 'index' AND tbl_name = ? AND sql IS NOT NULL`, table)
	if err != nil {
		return nil, stmtErr(ctx, err, "read indexes of %s", table)
	}
	var names, defs []string
	for rows.Next() {
		var name, def string
		if err := rows.Scan(&name, &def); err != nil {
			rows.Close()
			return nil, stmtErr(ctx, err, "read indexes of %s", table)
		}
		names, defs = append(names, name), append(defs, def)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, stmtErr(ctx, err, "read indexes of %s", table)
	}
	for _, n := range names {
		if _, err := tx.ExecContext(ctx, `DROP INDEX "`+strings.ReplaceAll(n, `"`, `""`)+`"`); err != nil {
			return nil, stmtErr(ctx, err, "drop index %s", n)
		}
	}
	return defs, nil
}

// createIndexes runs the statements dropIndexes returned, without ctx's
// cancellation (as the import ran them before).
func createIndexes(ctx context.Context, tx *sql.Tx, defs []string) error {
	for _, def := range defs {
		if _, err := tx.ExecContext(context.WithoutCancel(ctx), def); err != nil {
			return stmtErr(ctx, err, "create index")
		}
	}
	return nil
}

// setCacheSize sets the page cache of tx's connection to kib KiB and
// returns how to set it back to the connection's usual size (dsn), so that
// a pooled connection does not keep a bulk write's cache.
func setCacheSize(ctx context.Context, tx *sql.Tx, kib int) (restore func(), err error) {
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("PRAGMA cache_size = %d", -kib)); err != nil {
		return nil, stmtErr(ctx, err, "set cache size")
	}
	return func() {
		tx.ExecContext(context.WithoutCancel(ctx), fmt.Sprintf("PRAGMA cache_size = %d", -cacheSize))
	}, nil
}

// countRows counts a table's rows; table is a constant of this package.
func countRows(ctx context.Context, q interface {
	QueryRowContext(context.Context, string, ...any) *sql.Row
}, table string) (int, error) {
	var n int
	if err := q.QueryRowContext(ctx, "SELECT count(*) FROM "+table).Scan(&n); err != nil {
		return 0, wrapErr(err, "count %s", table)
	}
	return n, nil
}
