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
	RETURNING (xmax = 0) AS inserted
)
SELECT count(*) FILTER (WHERE inserted) FROM up`

// ImportAddresses upserts every address of seq by Key in one transaction:
// the rows are COPYed into a temporary table and then inserted with ON
// CONFLICT (key) DO UPDATE. As in data/sqlite, an address whose key occurs
// twice in seq counts once as inserted and once as updated, an empty Type
// is stored as private, and an empty key or unknown type is EINVALID. An
// error from seq, or the context's error, is returned unchanged after the
// rollback. Concurrent imports do not disturb each other's counts.
func (s *Store) ImportAddresses(ctx context.Context, seq iter.Seq2[geo.Address, error]) (geo.WriteStats, error) {
	var stats geo.WriteStats
	err := s.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, createAddressImport); err != nil {
			return stmtErr(ctx, err, "create import table")
		}
		next, stop := iter.Pull2(seq)
		defer stop()
		var n int64
		var row, vals []any
		copied, err := copyRows(ctx, tx, "import_addresses", append([]string{"ord"}, sqlstore.AddressImportCols...), func() ([]any, error) {
			a, err, ok := next()
			if !ok {
				return nil, nil
			}
			if err != nil {
				return nil, err
			}
			if vals, err = sqlstore.AddressRow(vals, a); err != nil {
				return nil, err
			}
			n++
			row = append(append(row[:0], n), vals...)
			return row, nil
		})
		if err != nil {
			return err
		}
		// Lock the totals only now, so that concurrent imports COPY
		// side by side and queue for the upsert and the refresh.
		if err := lockTotals(ctx, tx); err != nil {
			return err
		}
		if err := markOverlay(ctx, tx, true); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, noteChangedAddresses); err != nil {
			return stmtErr(ctx, err, "note changed addresses")
		}
		if _, err := tx.Exec(ctx, noteSearchKeys); err != nil {
			return stmtErr(ctx, err, "note changed search keys")
		}
		var inserted int
		if err := tx.QueryRow(ctx, upsertAddresses).Scan(&inserted); err != nil {
			return stmtErr(ctx, err, "insert addresses")
		}
		if err := s.writeSearchWords(ctx, tx); err != nil {
			return err
		}
		stats = geo.WriteStats{Inserted: inserted, Updated: int(copied) - inserted}
		return refreshImportTotals(ctx, tx)
	})
	if err != nil {
		return geo.WriteStats{}, err
	}
	return stats, nil
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
