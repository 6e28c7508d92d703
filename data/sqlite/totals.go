package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"

	"gigaplan/data/internal/sqlstore"
)

// The totals of migration 0006: areas.total_* and the one row of
// store_totals. Each write that can change them refreshes them in its own
// transaction with the set-based statements below, so that Areas and
// Counts read them instead of aggregating every assignment.

// zeroAreaTotalsSQL clears the totals of the areas (a condition on the IDs
// may be added), before the fill writes those with assignments.
const zeroAreaTotalsSQL = `UPDATE areas SET total_addresses = 0, total_households = 0, total_businesses = 0
	WHERE (total_addresses <> 0 OR total_households <> 0 OR total_businesses <> 0)`

// fillAreaTotalsSQL writes the totals of every area with assignments: the
// figures of the query Areas ran before the totals were kept. CROSS JOIN
// makes SQLite read the addresses in order and look up their assignments
// by primary key, then sort by area; looking up each assignment's address
// in area order is 2–3× slower at 6 million assignments (17 s instead of
// 40–55 s on the scale run).
const fillAreaTotalsSQL = `UPDATE areas SET total_addresses = t.n, total_households = t.h, total_businesses = t.b
	FROM (SELECT s.area_id, count(*) AS n, sum(a.households) AS h, sum(a.businesses) AS b
		FROM addresses a CROSS JOIN assignments s ON s.address_id = a.id
		GROUP BY s.area_id) AS t
	WHERE areas.id = t.area_id`

// fillSomeAreaTotalsSQL is fillAreaTotalsSQL for the areas whose IDs the
// subquery %s selects, read through the assignments' area index.
const fillSomeAreaTotalsSQL = `UPDATE areas SET total_addresses = t.n, total_households = t.h, total_businesses = t.b
	FROM (SELECT s.area_id, count(*) AS n, sum(a.households) AS h, sum(a.businesses) AS b
		FROM assignments s JOIN addresses a ON a.id = s.address_id
		WHERE s.area_id IN (%s)
		GROUP BY s.area_id) AS t
	WHERE areas.id = t.area_id`

// areaIDsJSON is the subquery of the area IDs in the JSON array ?1.
const areaIDsJSON = `SELECT value FROM json_each(?1)`

// refreshAllAreaTotals recomputes the totals of every area.
func refreshAllAreaTotals(ctx context.Context, tx *sql.Tx) error {
	return refreshAreaTotals(ctx, tx, zeroAreaTotalsSQL, fillAreaTotalsSQL)
}

// manyAreas is the number of areas above which refreshAreaTotalsOf
// refreshes every area: one pass over the assignments in key order is
// then faster than reading them area by area.
const manyAreas = 1000

// refreshAreaTotalsOf recomputes the totals of the areas with the given
// IDs.
func refreshAreaTotalsOf(ctx context.Context, tx *sql.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	if len(ids) > manyAreas {
		return refreshAllAreaTotals(ctx, tx)
	}
	js, err := json.Marshal(ids)
	if err != nil {
		return wrapErr(err, "refresh area totals")
	}
	return refreshAreaTotals(ctx, tx, zeroAreaTotalsSQL+` AND id IN (`+areaIDsJSON+`)`,
		fmt.Sprintf(fillSomeAreaTotalsSQL, areaIDsJSON), string(js))
}

// refreshAreaTotals runs a zero and a fill statement.
func refreshAreaTotals(ctx context.Context, tx *sql.Tx, zero, fill string, args ...any) error {
	rowCtx := context.WithoutCancel(ctx) // see Addresses
	if _, err := tx.ExecContext(rowCtx, zero, args...); err != nil {
		return stmtErr(ctx, err, "clear area totals")
	}
	if _, err := tx.ExecContext(rowCtx, fill, args...); err != nil {
		return stmtErr(ctx, err, "refresh area totals")
	}
	return ctx.Err()
}

// An address import notes the addresses whose households or businesses
// it changes in the temporary table changed_addresses, by a temporary
// trigger that lives only in the import's transaction; the totals of
// their areas are then refreshed, not those of every area.
const (
	createChangedAddresses = `CREATE TEMP TABLE IF NOT EXISTS changed_addresses (id INTEGER PRIMARY KEY)`
	clearChangedAddresses  = `DELETE FROM temp.changed_addresses`
	createChangedTrigger   = `CREATE TEMP TRIGGER changed_addresses_note
		AFTER UPDATE OF households, businesses ON main.addresses
		WHEN old.households <> new.households OR old.businesses <> new.businesses
		BEGIN INSERT OR IGNORE INTO changed_addresses (id) VALUES (new.id); END`
	dropChangedTrigger = `DROP TRIGGER temp.changed_addresses_note`
	changedAreaIDs     = `SELECT DISTINCT s.area_id FROM temp.changed_addresses c
		JOIN assignments s ON s.address_id = c.id`
)

// noteChangedAddresses starts noting changed addresses in tx.
func noteChangedAddresses(ctx context.Context, tx *sql.Tx) error {
	for _, q := range []string{createChangedAddresses, clearChangedAddresses, createChangedTrigger} {
		if _, err := tx.ExecContext(ctx, q); err != nil {
			return stmtErr(ctx, err, "note changed addresses")
		}
	}
	return nil
}

// refreshChangedAreaTotals stops noting changed addresses and refreshes
// the totals of their areas.
func refreshChangedAreaTotals(ctx context.Context, tx *sql.Tx) error {
	if _, err := tx.ExecContext(ctx, dropChangedTrigger); err != nil {
		return stmtErr(ctx, err, "note changed addresses")
	}
	err := refreshAreaTotals(ctx, tx, zeroAreaTotalsSQL+` AND id IN (`+changedAreaIDs+`)`,
		fmt.Sprintf(fillSomeAreaTotalsSQL, changedAreaIDs))
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, clearChangedAddresses); err != nil {
		return stmtErr(ctx, err, "note changed addresses")
	}
	return nil
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
// assignments were replaced. The addresses without a district are counted
// as all addresses less those with one (every assignment's address exists:
// foreign key): the assignments are read in key order, without touching
// the addresses, 4× faster than NOT EXISTS per address at 3 million
// addresses (8 s instead of 32 s on the scale run).
const refreshAssignmentTotalsSQL = `UPDATE store_totals SET
	assignments = (SELECT count(*) FROM assignments),
	unassigned = addresses - (SELECT count(*) FROM (SELECT DISTINCT s.address_id
		FROM assignments s CROSS JOIN areas r ON r.id = s.area_id
		WHERE r.kind = 'district'))`

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

// refreshImportTotals refreshes the totals after an address import: the
// store's, and those of the areas of the addresses whose households or
// businesses changed (new addresses have no assignments yet).
func refreshImportTotals(ctx context.Context, tx *sql.Tx) error {
	if err := refreshTotals(ctx, tx, refreshAddressTotalsSQL); err != nil {
		return err
	}
	return refreshChangedAreaTotals(ctx, tx)
}

// markOverlay marks the overlay stale (an import) or up to date (the
// assignments replaced) in tx.
func markOverlay(ctx context.Context, tx *sql.Tx, stale bool) error {
	if _, err := tx.ExecContext(ctx, rebind(sqlstore.SetOverlayStale), stale); err != nil {
		return stmtErr(ctx, err, "mark overlay")
	}
	return nil
}
