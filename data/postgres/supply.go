package postgres

import (
	"context"
	"time"

	"gigaplan/geo"
)

// ReplaceSupply is the shared code's (sqlstore.SupplyStore).

// SupplyAll implements geo.SupplyStore.
func (s *Store) SupplyAll(ctx context.Context) (map[int64]geo.Supply, error) {
	rows, err := s.pool.Query(ctx, `SELECT address_id, download, upload, technology, operator,
		planned_operator, planned_date, source FROM supply`)
	if err != nil {
		return nil, stmtErr(ctx, err, "read supply")
	}
	defer rows.Close()
	out := make(map[int64]geo.Supply)
	for rows.Next() {
		var sp geo.Supply
		var planned *time.Time
		if err := rows.Scan(&sp.AddressID, &sp.Download, &sp.Upload, &sp.Technology, &sp.Operator,
			&sp.PlannedOperator, &planned, &sp.Source); err != nil {
			return nil, stmtErr(ctx, err, "read supply")
		}
		if planned != nil {
			sp.PlannedDate = utcDate(*planned)
		}
		out[sp.AddressID] = sp
	}
	if err := rows.Err(); err != nil {
		return nil, stmtErr(ctx, err, "read supply")
	}
	return out, nil
}

// utcDate returns midnight UTC of t's calendar day (in t's location): what
// a date column stores of t, and how data/sqlite reads a date back
// (time.Parse(time.DateOnly, …)).
func utcDate(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, time.UTC)
}
