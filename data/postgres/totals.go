package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"gigaplan/data/internal/sqlstore"
)

// The totals of migration 0006: areas.total_* and the one row of
// store_totals. Each write that can change them refreshes them in its own
// transaction with the set-based statements below, so that Areas and
// Counts read them instead of aggregating every assignment.
//
// Every such write first locks the store_totals row (lockTotals): the
// refreshes then see the data of every write committed before, and the
// writes take their locks in one order. Address imports therefore
// queue behind each other like the other writes.

// lockTotals locks the store_totals row until the transaction ends.
func lockTotals(ctx context.Context, tx pgx.Tx) error {
	var id int
	if err := tx.QueryRow(ctx, `SELECT id FROM store_totals WHERE id = 1 FOR UPDATE`).Scan(&id); err != nil {
		return stmtErr(ctx, err, "lock store totals")
	}
	return nil
}

// zeroAreaTotalsSQL clears the totals of the areas (a condition on the IDs
// may be added), before the fill writes those with assignments.
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

// refreshAreaTotalsOf recomputes the totals of the areas with the given
// IDs.
func refreshAreaTotalsOf(ctx context.Context, tx pgx.Tx, ids []int64) error {
	if len(ids) == 0 {
		return nil
	}
	return refreshAreaTotals(ctx, tx, zeroAreaTotalsSQL+` AND id = ANY($1::bigint[])`,
		fmt.Sprintf(fillAreaTotalsSQL, `WHERE s.area_id = ANY($1::bigint[])`), ids)
}

// refreshAreaTotals runs a zero and a fill statement.
func refreshAreaTotals(ctx context.Context, tx pgx.Tx, zero, fill string, args ...any) error {
	if _, err := tx.Exec(ctx, zero, args...); err != nil {
		return stmtErr(ctx, err, "clear area totals")
	}
	if _, err := tx.Exec(ctx, fill, args...); err != nil {
		return stmtErr(ctx, err, "refresh area totals")
	}
	return nil
}

// noteChangedAddresses runs before an import's upsert: it lists the
// existing addresses whose households or businesses the staged rows
// change (the last row of a key wins, as in upsertAddresses) in a
// temporary table, so that only the totals of their areas are refreshed.
const noteChangedAddresses = `CREATE TEMP TABLE changed_addresses ON COMMIT DROP AS
	SELECT a.id FROM addresses a
	JOIN (SELECT DISTINCT ON (key) key, households, businesses
		FROM import_addresses ORDER BY key, ord DESC) i ON i.key = a.key
	WHERE a.households <> i.households OR a.businesses <> i.businesses`

// noteNoChangedAddresses is noteChangedAddresses for an import into an
// empty table, which changes no address.
const noteNoChangedAddresses = `CREATE TEMP TABLE changed_addresses (id bigint) ON COMMIT DROP`

// changedAreaIDs selects the areas of the changed addresses.
const changedAreaIDs = `SELECT DISTINCT s.area_id FROM changed_addresses c
	JOIN assignments s ON s.address_id = c.id`

// refreshChangedAreaTotals refreshes the totals of the areas of the
// addresses noteChangedAddresses listed.
func refreshChangedAreaTotals(ctx context.Context, tx pgx.Tx) error {
	return refreshAreaTotals(ctx, tx, zeroAreaTotalsSQL+` AND id IN (`+changedAreaIDs+`)`,
		fmt.Sprintf(fillAreaTotalsSQL, `WHERE s.area_id IN (`+changedAreaIDs+`)`))
}

// refreshAddressTotalsSQL recomputes the address totals after an import.
// New addresses have no assignments yet, so each one added is also one
// more without a district.
const refreshAddressTotalsSQL = `UPDATE store_totals SET
	unassigned = unassigned + t.n - addresses,
	addresses = t.n, households = t.h, businesses = t.b
	FROM (SELECT count(*) AS n, coalesce(sum(households), 0) AS h, coalesce(sum(businesses), 0) AS b
		FROM addresses) AS t
	WHERE id = 1`

// refreshAssignmentTotalsSQL recomputes the assignment totals after the
// assignments were replaced.
const refreshAssignmentTotalsSQL = `UPDATE store_totals SET
	assignments = (SELECT count(*) FROM assignments),
	unassigned = (SELECT count(*) FROM addresses a WHERE NOT EXISTS (
		SELECT 1 FROM assignments s JOIN areas r ON r.id = s.area_id
		WHERE s.address_id = a.id AND r.kind = 'district'))
	WHERE id = 1`

// refreshTotals runs one of the store_totals refreshes and checks that
// the row is there.
func refreshTotals(ctx context.Context, tx pgx.Tx, query string) error {
	tag, err := tx.Exec(ctx, query)
	if err != nil {
		return stmtErr(ctx, err, "refresh store totals")
	}
	if n := tag.RowsAffected(); n != 1 {
		return fmt.Errorf("postgres: refresh store totals: store_totals has %d rows, want 1", n)
	}
	return nil
}

// refreshImportTotals refreshes the totals after an address import: the
// store's, and those of the areas of the addresses whose households or
// businesses changed (new addresses have no assignments yet).
func refreshImportTotals(ctx context.Context, tx pgx.Tx) error {
	if err := refreshTotals(ctx, tx, refreshAddressTotalsSQL); err != nil {
		return err
	}
	return refreshChangedAreaTotals(ctx, tx)
}

// markOverlay marks the overlay stale (an import) or up to date (the
// assignments replaced) in tx.
func markOverlay(ctx context.Context, tx pgx.Tx, stale bool) error {
	if _, err := tx.Exec(ctx, sqlstore.SetOverlayStale, stale); err != nil {
		return stmtErr(ctx, err, "mark overlay")
	}
	return nil
}
