package sqlite

import (
	"context"
	"database/sql"
	"iter"
	"strings"

	"gigaplan/data/internal/sqlstore"
	"gigaplan/geo"
)

var upsertAddressSQL = `INSERT INTO addresses (` + strings.Join(sqlstore.AddressImportCols, ", ") + `)
	VALUES (?` + strings.Repeat(", ?", len(sqlstore.AddressImportCols)-1) + `)
	` + sqlstore.AddressUpsert

// ImportAddresses upserts every address of seq by Key in one transaction.
// Inserted and Updated are counted from the table's size before and after,
// which costs two counts instead of a lookup per row; an address whose key
// occurs twice in seq counts once as inserted and once as updated. An empty
// Type is stored as private; an empty key or unknown type is EINVALID.
// An error from seq, or the context's error, is returned unchanged after
// the rollback.
func (s *Store) ImportAddresses(ctx context.Context, seq iter.Seq2[geo.Address, error]) (geo.WriteStats, error) {
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
		if err := noteSearchKeys(ctx, tx); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, upsertAddressSQL)
		if err != nil {
			return wrapErr(err, "prepare address upsert")
		}
		defer stmt.Close()
		rowCtx := context.WithoutCancel(ctx)
		n := 0
		var row []any
		for a, err := range seq {
			if err != nil {
				return err
			}
			if n%ctxCheckEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if row, err = sqlstore.AddressRow(row, a); err != nil {
				return err
			}
			if _, err := stmt.ExecContext(rowCtx, row...); err != nil {
				return stmtErr(ctx, err, "insert address %q", a.Key)
			}
			n++
		}
		if err := s.writeSearchWords(ctx, tx); err != nil {
			return err
		}
		after, err := countRows(ctx, tx, "addresses")
		if err != nil {
			return err
		}
		stats = geo.WriteStats{Inserted: after - before, Updated: n - (after - before)}
		return refreshImportTotals(ctx, tx)
	})
	if err != nil {
		return geo.WriteStats{}, err
	}
	return stats, nil
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
