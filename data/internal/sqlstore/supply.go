package sqlstore

import (
	"context"
	"errors"
	"iter"
	"math"

	"gigaplan/geo"
)

// SupplyStore implements geo.SupplyStore over a Dialect.
type SupplyStore struct {
	D Dialect
}

var supplyCols = []string{"address_id", "download", "upload", "technology", "operator",
	"planned_operator", "planned_date", "source"}

// ValidBandwidth reports whether v is a non-negative finite Mbit/s figure.
func ValidBandwidth(v float64) bool { return v >= 0 && !math.IsInf(v, 0) && !math.IsNaN(v) }

// ReplaceSupply implements geo.SupplyStore: in one transaction that locks
// the table against other writers, it deletes every supply row and
// bulk-inserts those of seq. An unknown address or one given twice
// violates a constraint and is EINVALID, as is a negative or non-finite
// bandwidth. Errors from seq or the context are returned unchanged after
// the rollback.
func (s SupplyStore) ReplaceSupply(ctx context.Context, seq iter.Seq2[geo.Supply, error]) (int, error) {
	var n int64
	err := s.D.BulkTx(ctx, func(q Querier) error {
		if err := s.D.LockTable(ctx, q, "supply"); err != nil {
			return err
		}
		if _, err := q.Exec(ctx, `DELETE FROM supply`); err != nil {
			return s.D.Err(ctx, err, "delete supply")
		}
		next, stop := iter.Pull2(seq)
		defer stop()
		var srcErr error
		var err error
		n, err = s.D.Insert(ctx, q, "supply", supplyCols, func() ([]any, error) {
			sp, err, ok := next()
			switch {
			case !ok:
				return nil, nil
			case err != nil:
				srcErr = err
				return nil, err
			case !ValidBandwidth(sp.Download) || !ValidBandwidth(sp.Upload):
				srcErr = geo.Errorf(geo.EINVALID, "supply of address %d: bandwidth %v/%v Mbit/s is not a non-negative number", sp.AddressID, sp.Download, sp.Upload)
				return nil, srcErr
			}
			var planned any
			if !sp.PlannedDate.IsZero() {
				planned = s.D.Date(sp.PlannedDate)
			}
			return []any{sp.AddressID, sp.Download, sp.Upload, sp.Technology, sp.Operator,
				sp.PlannedOperator, planned, sp.Source}, nil
		})
		switch {
		case srcErr != nil:
			return srcErr
		case errors.Is(err, context.Canceled), errors.Is(err, context.DeadlineExceeded):
			return err
		case geo.ErrorCode(err) == geo.EINVALID:
			return geo.Errorf(geo.EINVALID, "insert supply (unknown address, or given twice): %s", geo.ErrorMessage(err))
		case err != nil:
			return err
		}
		return RecordImport(ctx, s.D, q, int(n))
	})
	if err != nil {
		return 0, err
	}
	return int(n), nil
}

// SupplyAll implements geo.SupplyStore: every supply row by address.
func (s SupplyStore) SupplyAll(ctx context.Context) (map[int64]geo.Supply, error) {
	return s.supply(ctx, "read supply", `SELECT address_id, download, upload, technology, operator,
		planned_operator, planned_date, source FROM supply`)
}

// SupplyIn implements geo.SupplyStore: the supply rows of the addresses
// assigned to area, found through the area index and the supply table's
// primary key.
func (s SupplyStore) SupplyIn(ctx context.Context, area int64) (map[int64]geo.Supply, error) {
	return s.supply(ctx, "read supply of an area", SupplyInQuery, area)
}

// SupplyInQuery is SupplyIn's query ($1: the area ID), for the adapters'
// query-plan tests.
const SupplyInQuery = `SELECT p.address_id, p.download, p.upload, p.technology, p.operator,
	p.planned_operator, p.planned_date, p.source
	FROM assignments m JOIN supply p ON p.address_id = m.address_id
	WHERE m.area_id = $1`

// supply reads the supply rows of query by address.
func (s SupplyStore) supply(ctx context.Context, what, query string, args ...any) (map[int64]geo.Supply, error) {
	out := make(map[int64]geo.Supply)
	for sp, err := range stream(ctx, s.D, what, func(r Rows) (sp geo.Supply, err error) {
		err = r.Scan(&sp.AddressID, &sp.Download, &sp.Upload, &sp.Technology, &sp.Operator,
			&sp.PlannedOperator, Date{&sp.PlannedDate}, &sp.Source)
		return sp, err
	}, query, args...) {
		if err != nil {
			return nil, err
		}
		out[sp.AddressID] = sp
	}
	return out, nil
}
