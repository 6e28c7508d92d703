package postgres

import (
	"context"
	"errors"
	"iter"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"gigaplan/geo"
)

// ReplaceSupply implements geo.SupplyStore: in one transaction that locks
// the table against other writers, it deletes every supply row and COPYs
// those of seq. An unknown address or one given twice violates a
// constraint and is EINVALID, as is a negative or non-finite bandwidth.
func (s *Store) ReplaceSupply(ctx context.Context, seq iter.Seq2[geo.Supply, error]) (int, error) {
	var n int64
	err := s.tx(ctx, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `LOCK TABLE supply IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return stmtErr(ctx, err, "lock supply")
		}
		if _, err := tx.Exec(ctx, `DELETE FROM supply`); err != nil {
			return stmtErr(ctx, err, "delete supply")
		}
		next, stop := iter.Pull2(seq)
		defer stop()
		var err error
		n, err = copyRows(ctx, tx, "supply", []string{"address_id", "download", "upload", "technology", "operator",
			"planned_operator", "planned_date", "source"}, func() ([]any, error) {
			sp, err, ok := next()
			if !ok {
				return nil, nil
			}
			if err != nil {
				return nil, err
			}
			if !validBandwidth(sp.Download) || !validBandwidth(sp.Upload) {
				return nil, geo.Errorf(geo.EINVALID, "supply of address %d: bandwidth %v/%v Mbit/s is not a non-negative number", sp.AddressID, sp.Download, sp.Upload)
			}
			var planned any
			if !sp.PlannedDate.IsZero() {
				planned = utcDate(sp.PlannedDate)
			}
			return []any{sp.AddressID, sp.Download, sp.Upload, sp.Technology, sp.Operator,
				sp.PlannedOperator, planned, sp.Source}, nil
		})
		if err != nil {
			var ge *geo.Error
			if errors.As(err, &ge) && ge.Code == geo.EINVALID && strings.HasPrefix(ge.Message, "copy into supply: ") {
				ge.Message = "insert supply (unknown address, or given twice): " + strings.TrimPrefix(ge.Message, "copy into supply: ")
			}
			return err
		}
		return nil
	})
	if err != nil {
		return 0, err
	}
	return int(n), nil
}

func validBandwidth(v float64) bool { return v >= 0 && !math.IsInf(v, 0) && !math.IsNaN(v) }

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
