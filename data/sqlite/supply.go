package sqlite

import (
	"context"
	"database/sql"

	"gigaplan/geo"
)

var _ geo.SupplyStore = (*Store)(nil)

// ReplaceSupply is the shared code's (sqlstore.SupplyStore).

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
