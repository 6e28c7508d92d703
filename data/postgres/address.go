package postgres

import (
	"context"
	"iter"
	"strings"

	"github.com/jackc/pgx/v5"

	"gigaplan/data/internal/sqlstore"
	"gigaplan/geo"
)

// createAddressImport is the per-transaction staging table that an import
// COPYs into.
const createAddressImport = `CREATE TEMP TABLE import_addresses (
	ord bigint NOT NULL, key text NOT NULL, oi text NOT NULL, ags text NOT NULL, street_key text NOT NULL,
	street text NOT NULL, house_number text NOT NULL, suffix text NOT NULL, postcode text NOT NULL,
	city text NOT NULL, locality text NOT NULL, lon double precision NOT NULL, lat double precision NOT NULL,
	households integer NOT NULL, businesses integer NOT NULL, type text NOT NULL, quality text NOT NULL,
	placeholder boolean NOT NULL, source text NOT NULL, search_key text NOT NULL,
	src_crs bigint NOT NULL, src_x double precision NOT NULL, src_y double precision NOT NULL
) ON COMMIT DROP`

// upsertAddresses moves the staged rows into addresses and returns how many
// were inserted. Of a key staged twice the last row wins; new addresses get
// their IDs in the order of their first row, as row-by-row upserts would.
// (xmax = 0) is true for a row the INSERT created, false for one that ON
// CONFLICT updated.
var upsertAddresses = `WITH src AS (
	SELECT DISTINCT ON (key) *, min(ord) OVER (PARTITION BY key) AS first
	FROM import_addresses ORDER BY key, ord DESC
), up AS (
	INSERT INTO addresses (` + strings.Join(sqlstore.AddressImportCols, ", ") + `)
	SELECT ` + strings.Join(sqlstore.AddressImportCols, ", ") + ` FROM src ORDER BY first
	` + sqlstore.AddressUpsert + `
	RETURNING id, (xmax = 0) AS inserted
)`

// upsertCount ends the upsert statements: the number inserted.
const upsertCount = `
SELECT count(*) FILTER (WHERE inserted) FROM up`

// upsertUniqueAddresses is upsertAddresses for staged rows whose keys are
// all different: no sorts to find the last row of a key.
var upsertUniqueAddresses = `WITH up AS (
	INSERT INTO addresses (` + strings.Join(sqlstore.AddressImportCols, ", ") + `)
	SELECT ` + strings.Join(sqlstore.AddressImportCols, ", ") + ` FROM import_addresses ORDER BY ord
	` + sqlstore.AddressUpsert + `
	RETURNING id, (xmax = 0) AS inserted
)`

// bulkMemory is the work_mem and maintenance_work_mem of a bulk write's
// transaction (SET LOCAL): the sorts of the upsert and of the overlay's
// difference, and the index builds, stay in memory instead of spilling to
// disk at the server's default 4 MB.
const bulkMemory = `256MB`

// setBulkMemory raises the memory of tx's sorts and index builds.
func setBulkMemory(ctx context.Context, tx pgx.Tx) error {
	for _, q := range []string{`SET LOCAL work_mem = '` + bulkMemory + `'`, `SET LOCAL maintenance_work_mem = '` + bulkMemory + `'`} {
		if _, err := tx.Exec(ctx, q); err != nil {
			return stmtErr(ctx, err, "set bulk memory")
		}
	}
	return nil
}

// rebuildIndexesFrom is the number of staged addresses from which an
// import into an empty addresses table drops the table's secondary
// indexes (search key, GiST of the points) and builds them again after
// the upsert: a sorted build is about 4× faster than as many single
// inserts, the GiST one above all.
var rebuildIndexesFrom int64 = 50_000

// ImportAddresses upserts every address of seq by Key in one transaction:
// a goroutine reads seq and builds the rows (sqlstore.AddressBatches) while
// they are COPYed into a temporary table, and then inserted with ON
// CONFLICT (key) DO UPDATE. As in data/sqlite, an address whose key occurs
// twice in seq counts once as inserted and once as updated (the later row
// wins), an empty Type is stored as private, and an empty key or unknown
// type is EINVALID. An error from seq, or the context's error, is
// returned unchanged after the rollback. Concurrent imports do not disturb
// each other's counts.
//
// An import of many addresses into an empty table drops the secondary
// indexes of addresses and builds them again before the commit
// (rebuildIndexesFrom): readers of addresses then wait for that import's
// commit instead of seeing the empty table.
func (s *Store) ImportAddresses(ctx context.Context, seq iter.Seq2[geo.Address, error]) (geo.WriteStats, error) {
	next, done, stop := sqlstore.AddressBatches(ctx, seq, importBatch)
	defer stop()
	var stats geo.WriteStats
	err := s.tx(ctx, func(tx pgx.Tx) error {
		if err := setBulkMemory(ctx, tx); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, createAddressImport); err != nil {
			return stmtErr(ctx, err, "create import table")
		}
		// Rows of keys seen before: only then must the upsert find the
		// last row of each key.
		seen := make(map[string]struct{})
		repeats := 0
		var b *sqlstore.AddressBatch
		i := 0
		var n int64
		row := make([]any, 1+len(sqlstore.AddressImportCols))
		copied, err := copyRows(ctx, tx, "import_addresses", append([]string{"ord"}, sqlstore.AddressImportCols...), func() ([]any, error) {
			if b == nil || i == len(b.Keys) {
				if b != nil {
					done(b)
				}
				var err error
				if b, err = next(); b == nil || err != nil {
					return nil, err
				}
				i = 0
			}
			k := b.Keys[i]
			if _, dup := seen[k]; dup {
				repeats++
			} else {
				seen[k] = struct{}{}
			}
			n++
			row[0] = n
			copy(row[1:], b.Addresses.Row(i))
			i++
			return row, nil
		})
		if err != nil {
			return err
		}
		seen = nil
		// Lock the totals only now, so that concurrent imports COPY
		// side by side and queue for the upsert and the refresh.
		if err := lockTotals(ctx, tx); err != nil {
			return err
		}
		if err := markOverlay(ctx, tx, true); err != nil {
			return err
		}
		var empty bool
		if err := tx.QueryRow(ctx, `SELECT NOT EXISTS (SELECT 1 FROM addresses)`).Scan(&empty); err != nil {
			return stmtErr(ctx, err, "count addresses")
		}
		noteChanged := noteChangedAddresses
		if empty {
			noteChanged = noteNoChangedAddresses
		}
		if _, err := tx.Exec(ctx, noteChanged); err != nil {
			return stmtErr(ctx, err, "note changed addresses")
		}
		if !empty {
			if _, err := tx.Exec(ctx, noteSearchKeys); err != nil {
				return stmtErr(ctx, err, "note changed search keys")
			}
		}
		var rebuild []string
		if empty && copied >= rebuildIndexesFrom {
			if rebuild, err = dropIndexes(ctx, tx, "addresses", "addresses_search_key", "addresses_geom", "addresses_lon_lat"); err != nil {
				return err
			}
		}
		if err := s.noteOverlayWork(ctx, tx, empty); err != nil {
			return err
		}
		upsert := upsertUniqueAddresses
		if repeats > 0 {
			upsert = upsertAddresses
		}
		if !empty {
			upsert += notePendingInsert
		}
		upsert += upsertCount
		var inserted int
		if err := tx.QueryRow(ctx, upsert).Scan(&inserted); err != nil {
			return stmtErr(ctx, err, "insert addresses")
		}
		if err := createIndexes(ctx, tx, rebuild); err != nil {
			return err
		}
		if err := s.writeSearchWords(ctx, tx, empty); err != nil {
			return err
		}
		if copied >= rebuildIndexesFrom {
			// Statistics for the planner after a bulk load: without them
			// (autovacuum may be off, or not yet round) reads by key, such
			// as a town's report rows, are planned as scans of the state.
			if _, err := tx.Exec(ctx, `ANALYZE addresses; ANALYZE address_words`); err != nil {
				return stmtErr(ctx, err, "analyze addresses")
			}
		}
		stats = geo.WriteStats{Inserted: inserted, Updated: int(copied) - inserted}
		if err := sqlstore.RecordImport(ctx, dialect{s}, sharedQ{tx}, int(copied)); err != nil {
			return err
		}
		return refreshImportTotals(ctx, tx)
	})
	if err != nil {
		return geo.WriteStats{}, err
	}
	return stats, nil
}

// importBatch is the number of addresses per batch that the reading
// goroutine of an import hands to the COPY.
const importBatch = 4096

// dropIndexes drops the named indexes of table that exist and returns the
// statements that create them again as they were (pg_get_indexdef), so
// that a later migration's change of an index is kept.
func dropIndexes(ctx context.Context, tx pgx.Tx, table string, names ...string) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT i.relname, pg_get_indexdef(i.oid) FROM pg_index x
		JOIN pg_class i ON i.oid = x.indexrelid
		WHERE x.indrelid = $1::regclass AND i.relname = ANY($2)`, table, names)
	if err != nil {
		return nil, stmtErr(ctx, err, "read indexes of %s", table)
	}
	type index struct{ name, def string }
	found, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (index, error) {
		var ix index
		return ix, r.Scan(&ix.name, &ix.def)
	})
	if err != nil {
		return nil, stmtErr(ctx, err, "read indexes of %s", table)
	}
	var defs []string
	for _, ix := range found {
		if _, err := tx.Exec(ctx, `DROP INDEX `+pgx.Identifier{ix.name}.Sanitize()); err != nil {
			return nil, stmtErr(ctx, err, "drop index %s", ix.name)
		}
		defs = append(defs, ix.def)
	}
	return defs, nil
}

// createIndexes runs the statements dropIndexes returned.
func createIndexes(ctx context.Context, tx pgx.Tx, defs []string) error {
	for _, def := range defs {
		if _, err := tx.Exec(ctx, def); err != nil {
			return stmtErr(ctx, err, "%s", def)
		}
	}
	return nil
}

// copyRows COPYs the rows next returns (nil at the end) into table and
// returns their number. An error from next, and the cancellation of ctx
// (checked every ctxCheckEvery rows), abort the COPY and are returned
// unchanged; the transaction must then be rolled back. The COPY itself
// runs uncancelled, so that an abort leaves the connection usable.
func copyRows(ctx context.Context, tx pgx.Tx, table string, cols []string, next func() ([]any, error)) (int64, error) {
	var srcErr error
	i := 0
	n, err := tx.CopyFrom(context.WithoutCancel(ctx), pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
		if i%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				srcErr = err
				return nil, err
			}
		}
		i++
		row, err := next()
		if err != nil {
			srcErr = err
		}
		return row, err
	}))
	if srcErr != nil {
		return 0, srcErr
	}
	if err != nil {
		return 0, stmtErr(ctx, err, "copy into %s", table)
	}
	if err := ctx.Err(); err != nil {
		return 0, err
	}
	return n, nil
}
