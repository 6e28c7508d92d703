package sqlite

import (
	"context"
	"database/sql"
	"iter"
	"math"

	"gigaplan/geo"
)

var _ geo.SupplyStore = (*Store)(nil)

const insertSupplySQL = `INSERT INTO supply (address_id, download, upload, technology, operator,
	planned_operator, planned_date, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`

// ReplaceSupply implements geo.SupplyStore: it deletes every supply row
// and inserts those of seq, in one transaction. An unknown address or one
// given twice violates a constraint and is EINVALID.
func (s *Store) ReplaceSupply(ctx context.Context, seq iter.Seq2[geo.Supply, error]) (int, error) {
	n := 0
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, `DELETE FROM supply`); err != nil {
			return stmtErr(ctx, err, "delete supply")
		}
		stmt, err := tx.PrepareContext(ctx, insertSupplySQL)
		if err != nil {
			return wrapErr(err, "prepare supply insert")
		}
		defer stmt.Close()
		rowCtx := context.WithoutCancel(ctx)
		for sp, err := range seq {
			if err != nil {
				return err
			}
			if n%ctxCheckEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if !validBandwidth(sp.Download) || !validBandwidth(sp.Upload) {
				return geo.Errorf(geo.EINVALID, "supply of address %d: bandwidth %v/%v Mbit/s is not a non-negative number", sp.AddressID, sp.Download, sp.Upload)
			}
			var planned any
			if !sp.PlannedDate.IsZero() {
				planned = fmtDate(sp.PlannedDate)
			}
			if _, err := stmt.ExecContext(rowCtx, sp.AddressID, sp.Download, sp.Upload, sp.Technology, sp.Operator,
				sp.PlannedOperator, planned, sp.Source); err != nil {
				return stmtErr(ctx, err, "insert supply of address %d (unknown address, or given twice)", sp.AddressID)
			}
			n++
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return n, nil
}

func validBandwidth(v float64) bool { return v >= 0 && !math.IsInf(v, 0) && !math.IsNaN(v) }

// SupplyAll implements geo.SupplyStore.
func (s *Store) SupplyAll(ctx context.Context) (map[int64]geo.Supply, error) {
	// Uncancellable query, ctx checked every ctxCheckEvery rows (see
	// Addresses).
	rows, err := s.db.QueryContext(context.WithoutCancel(ctx), `SELECT address_id, download, upload, technology, operator,
		planned_operator, planned_date, source FROM supply`)
	if err != nil {
		return nil, wrapErr(err, "read supply")
	}
	defer rows.Close()
	out := make(map[int64]geo.Supply)
	for rows.Next() {
		if len(out)%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
		}
		var sp geo.Supply
		var planned sql.NullString
		if err := rows.Scan(&sp.AddressID, &sp.Download, &sp.Upload, &sp.Technology, &sp.Operator,
			&sp.PlannedOperator, &planned, &sp.Source); err != nil {
			return nil, wrapErr(err, "read supply")
		}
		if planned.Valid {
			if sp.PlannedDate, err = parseDate(planned.String); err != nil {
				return nil, err
			}
		}
		out[sp.AddressID] = sp
	}
	if err := rows.Err(); err != nil {
		return nil, wrapErr(err, "read supply")
	}
	return out, nil
}
