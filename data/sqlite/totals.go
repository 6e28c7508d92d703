package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
)

// The totals of migration 0006: areas.total_* and the one row of
// store_totals. Each write that can change them refreshes them in its own
// transaction with the set-based statements below, so that Areas and
// Counts read them instead of aggregating every assignment.

// zeroAreaTotalsSQL clears the totals of the areas (a condition on the IDs
// may be added), before fillAreaTotalsSQL writes those with assignments.
const zeroAreaTotalsSQL = `UPDATE areas SET total_addresses = 0, total_households = 0, total_businesses = 0
	WHERE (total_addresses <> 0 OR total_households <> 0 OR total_businesses <> 0)`

// fillAreaTotalsSQL writes the totals of every area with assignments (%s:
// a WHERE on the area IDs, or nothing): the figures of the query Areas ran
// before the totals were kept.
const fillAreaTotalsSQL = `UPDATE areas SET total_addresses = t.n, total_households = t.h, total_businesses = t.b
	FROM (SELECT s.area_id, count(*) AS n, sum(a.households) AS h, sum(a.businesses) AS b
		FROM assignments s JOIN addresses a ON a.id = s.address_id
		%s
		GROUP BY s.area_id) AS t
	WHERE areas.id = t.area_id`

// refreshAreaTotals recomputes the totals of the areas with the given IDs,
// or of every area if ids is nil.
func refreshAreaTotals(ctx context.Context, tx *sql.Tx, ids []int64) error {
	zero, fill := zeroAreaTotalsSQL, fillAreaTotalsSQL
	var args []any
	if ids == nil {
		fill = fmt.Sprintf(fill, "")
	} else {
		if len(ids) == 0 {
			return nil
		}
		js, err := json.Marshal(ids)
		if err != nil {
			return wrapErr(err, "refresh area totals")
		}
		zero += ` AND id IN (SELECT value FROM json_each(?1))`
		fill = fmt.Sprintf(fill, `WHERE s.area_id IN (SELECT value FROM json_each(?1))`)
		args = []any{string(js)}
	}
	rowCtx := context.WithoutCancel(ctx) // see Addresses
	if _, err := tx.ExecContext(rowCtx, zero, args...); err != nil {
		return stmtErr(ctx, err, "clear area totals")
	}
	if _, err := tx.ExecContext(rowCtx, fill, args...); err != nil {
		return stmtErr(ctx, err, "refresh area totals")
	}
	return ctx.Err()
}

// refreshAddressTotalsSQL recomputes the address totals after an import.
// New addresses have no assignments yet, so each one added is also one
// more without a district.
const refreshAddressTotalsSQL = `UPDATE store_totals SET
	unassigned = unassigned + t.n - addresses,
	addresses = t.n, households = t.h, businesses = t.b
	FROM (SELECT count(*) AS n, coalesce(sum(households), 0) AS h, coalesce(sum(businesses), 0) AS b
		FROM addresses) AS t`

// refreshAssignmentTotalsSQL recomputes the assignment totals after the
// assignments were replaced.
const refreshAssignmentTotalsSQL = `UPDATE store_totals SET
	assignments = (SELECT count(*) FROM assignments),
	unassigned = (SELECT count(*) FROM addresses a WHERE NOT EXISTS (
		SELECT 1 FROM assignments s JOIN areas r ON r.id = s.area_id
		WHERE s.address_id = a.id AND r.kind = 'district'))`

// refreshTotals runs one of the store_totals refreshes and checks that
// the row is there.
func refreshTotals(ctx context.Context, tx *sql.Tx, query string) error {
	res, err := tx.ExecContext(context.WithoutCancel(ctx), query)
	if err != nil {
		return stmtErr(ctx, err, "refresh store totals")
	}
	if n, err := res.RowsAffected(); err != nil || n != 1 {
		return wrapErr(fmt.Errorf("store_totals has %d rows, want 1 (%v)", n, err), "refresh store totals")
	}
	return ctx.Err()
}
