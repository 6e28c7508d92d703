package postgres

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"gigaplan/data/internal/sqlstore"
	"gigaplan/geo"
)

// upsertAreaSQL writes one area; the geometry arrives as WKB and gets SRID
// 4326 explicitly. It returns whether the row was inserted (not updated).
const upsertAreaSQL = `INSERT INTO areas (kind, name, geom, source, src_crs, src_geom, municipality_id, ags)
	VALUES ($1, $2, ST_GeomFromWKB($3, 4326), $4, $5, $6, $7, $8)
	ON CONFLICT (municipality_id, kind, name, ags) DO UPDATE SET geom = excluded.geom, source = excluded.source,
	src_crs = excluded.src_crs, src_geom = excluded.src_geom
	RETURNING id, (xmax = 0)`

// ImportAreas upserts every area of seq by (Kind, Name) in one
// transaction, storing the geometry as a PostGIS MultiPolygon in SRID
// 4326. An unknown kind, an empty name or an empty geometry is EINVALID,
// and so is a geometry PostGIS refuses (e.g. a ring that is not closed).
// Errors from seq or the context are returned unchanged after the
// rollback.
func (s *Store) ImportAreas(ctx context.Context, seq iter.Seq2[geo.Area, error]) (geo.WriteStats, error) {
	var stats geo.WriteStats
	err := s.tx(ctx, func(tx pgx.Tx) error {
		stats = geo.WriteStats{}
		if err := lockTotals(ctx, tx); err != nil {
			return err
		}
		if err := markOverlay(ctx, tx, true); err != nil {
			return err
		}
		ids := []int64{}
		for a, err := range sqlstore.ImportAreas(ctx, seq) {
			if err != nil {
				return err
			}
			changed, err := sqlstore.NoteAreaBefore(ctx, dialect{s}, sharedQ{tx}, a)
			if err != nil {
				return err
			}
			var id int64
			var inserted bool
			if err := tx.QueryRow(ctx, upsertAreaSQL, string(a.Kind), a.Name, a.WKB, a.Source, int64(a.SrcCRS), a.SrcWKB, a.Municipality, a.AGS).Scan(&id, &inserted); err != nil {
				var pe *pgconn.PgError
				if errors.As(err, &pe) && pe.Code == "XX000" && ctx.Err() == nil {
					// PostGIS reports invalid WKB as an internal error.
					return &geo.Error{Code: geo.EINVALID, Message: fmt.Sprintf("%s %q: invalid geometry: %s", a.Kind, a.Name, pe.Message), Err: err}
				}
				return stmtErr(ctx, err, "insert %s %q", a.Kind, a.Name)
			}
			if changed {
				if err := sqlstore.NoteAreaAfter(ctx, dialect{s}, sharedQ{tx}, id, a); err != nil {
					return err
				}
			}
			ids = append(ids, id)
			if inserted {
				stats.Inserted++
			} else {
				stats.Updated++
			}
		}
		if err := sqlstore.RecordImport(ctx, dialect{s}, sharedQ{tx}, len(ids)); err != nil {
			return err
		}
		// An area keeps its ID (and so its assignments) when replaced;
		// refresh its totals all the same, so that they cannot outlive
		// a change of that rule.
		if err := refreshAreaTotalsOf(ctx, tx, ids); err != nil {
			return err
		}
		return analyzeAreas(ctx, tx, len(ids))
	})
	if err != nil {
		return geo.WriteStats{}, err
	}
	return stats, nil
}

// analyzeAreas gathers the planner's statistics of areas after an import
// that wrote n rows, when autovacuum would (more than 50 rows plus a tenth
// of the table changed) or the table has none: without them (autovacuum
// may be off, or not yet round) PostgreSQL guesses the table's rows from
// its pages, which hold the outlines, and plans the list of area names
// (AreaRefs, read by every report and page) as a parallel scan: about
// 40 ms a time at 11,100 areas instead of 15.
func analyzeAreas(ctx context.Context, tx pgx.Tx, n int) error {
	var tuples float64
	if err := tx.QueryRow(ctx, `SELECT reltuples FROM pg_class WHERE oid = 'areas'::regclass`).Scan(&tuples); err != nil {
		return stmtErr(ctx, err, "read the statistics of areas")
	}
	if tuples >= 0 && float64(n) <= 50+0.1*tuples {
		return nil
	}
	if _, err := tx.Exec(ctx, `ANALYZE areas`); err != nil {
		return stmtErr(ctx, err, "analyze areas")
	}
	return nil
}

// bulkAssignments is the number of new assignments above which
// ReplaceAssignments drops the foreign keys and the area index of
// assignments and adds them again after the insert.
var bulkAssignments = 200_000

// dropConstraints drops the constraints of table of the given types
// (pg_constraint.contype: 'p' primary key, 'f' foreign key) and returns
// the statements that add them again as they were (pg_get_constraintdef):
// adding a primary key sorts once, adding a foreign key checks every row
// with one join. Primary keys come first in the statements.
func dropConstraints(ctx context.Context, tx pgx.Tx, table string, types ...string) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint
		WHERE conrelid = $1::regclass AND contype::text = ANY($2) ORDER BY contype DESC, conname`, table, types)
	if err != nil {
		return nil, stmtErr(ctx, err, "read constraints of %s", table)
	}
	type constraint struct{ name, def string }
	found, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (constraint, error) {
		var c constraint
		return c, r.Scan(&c.name, &c.def)
	})
	if err != nil {
		return nil, stmtErr(ctx, err, "read constraints of %s", table)
	}
	var defs []string
	for _, c := range found {
		name := pgx.Identifier{c.name}.Sanitize()
		if _, err := tx.Exec(ctx, `ALTER TABLE `+table+` DROP CONSTRAINT `+name); err != nil {
			return nil, stmtErr(ctx, err, "drop constraint %s", c.name)
		}
		defs = append(defs, `ALTER TABLE `+table+` ADD CONSTRAINT `+name+` `+c.def)
	}
	return defs, nil
}

// ReplaceAssignments deletes every assignment and COPYs as in their place,
// and refreshes the totals, in one transaction that locks the table (and
// the totals) against other writers (readers
// go on and see the old assignments until the commit). More than
// bulkAssignments new assignments are checked against their addresses and
// areas by adding the foreign keys again after the insert; dropping them
// locks addresses, areas and assignments, so readers then wait for the
// commit (seconds, once after a large import). A pair given twice
// is stored once; an unknown address or area ID is EINVALID and leaves the
// assignments as they were.
func (s *Store) ReplaceAssignments(ctx context.Context, as []geo.Assignment) error {
	return s.replaceAssignments(ctx, sqlstore.ReplaceAll(as))
}

// replaceAssignments is UpdateOverlay for a Full update.
func (s *Store) replaceAssignments(ctx context.Context, u geo.OverlayUpdate) error {
	pairs := geo.SortedAssignments(u.Assignments)
	return s.retryTx(ctx, func(tx pgx.Tx) error {
		if err := lockTotals(ctx, tx); err != nil {
			return err
		}
		if err := sqlstore.FinishOverlay(ctx, dialect{s}, sharedQ{tx}, u); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `LOCK TABLE assignments IN SHARE ROW EXCLUSIVE MODE`); err != nil {
			return stmtErr(ctx, err, "lock assignments")
		}
		// Stage the new set, then write only the difference: after a new
		// zone or a changed district only a few assignments change, and
		// rewriting millions of rows with their indexes takes minutes.
		if _, err := tx.Exec(ctx, `CREATE TEMP TABLE new_assignments (address_id bigint, area_id bigint) ON COMMIT DROP`); err != nil {
			return stmtErr(ctx, err, "stage assignments")
		}
		i := 0
		if _, err := copyRows(ctx, tx, "new_assignments", []string{"address_id", "area_id"}, func() ([]any, error) {
			if i == len(pairs) {
				return nil, nil
			}
			p := pairs[i]
			i++
			return []any{p.AddressID, p.AreaID}, nil
		}); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `ANALYZE new_assignments`); err != nil {
			return stmtErr(ctx, err, "stage assignments")
		}
		if err := setBulkMemory(ctx, tx); err != nil {
			return err
		}
		// Many new assignments: check their foreign keys with one join
		// each when the constraints are added again, instead of with a
		// locking lookup per row (two thirds of the time), and build the
		// area index once.
		var added int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM new_assignments n WHERE NOT EXISTS (
			SELECT 1 FROM assignments s WHERE s.address_id = n.address_id AND s.area_id = n.area_id)`).Scan(&added); err != nil {
			return stmtErr(ctx, err, "stage assignments")
		}
		var rebuild []string
		if added > bulkAssignments {
			var err error
			if rebuild, err = dropConstraints(ctx, tx, "assignments", "f"); err != nil {
				return err
			}
			idx, err := dropIndexes(ctx, tx, "assignments", "assignments_area")
			if err != nil {
				return err
			}
			rebuild = append(idx, rebuild...)
		}
		var touched []int64
		rows, err := tx.Query(ctx, `WITH gone AS (
				DELETE FROM assignments s WHERE NOT EXISTS (SELECT 1 FROM new_assignments n
					WHERE n.address_id = s.address_id AND n.area_id = s.area_id)
				RETURNING s.area_id),
			added AS (
				INSERT INTO assignments (address_id, area_id)
				SELECT n.address_id, n.area_id FROM new_assignments n
				WHERE NOT EXISTS (SELECT 1 FROM assignments s WHERE s.address_id = n.address_id AND s.area_id = n.area_id)
				RETURNING area_id)
			SELECT area_id FROM gone UNION SELECT area_id FROM added`)
		if err == nil {
			touched, err = pgx.CollectRows(rows, pgx.RowTo[int64])
		}
		if err != nil {
			err = stmtErr(ctx, err, "copy into assignments")
			var ge *geo.Error
			if errors.As(err, &ge) && ge.Code == geo.EINVALID {
				ge.Message = "assign addresses to areas (unknown address or area?): " + strings.TrimPrefix(ge.Message, "copy into assignments: ")
			}
			return err
		}
		if err := createIndexes(ctx, tx, rebuild); err != nil {
			var ge *geo.Error
			if errors.As(err, &ge) && ge.Code == geo.EINVALID {
				ge.Message = "assign addresses to areas (unknown address or area?): " + ge.Message
			}
			return err
		}
		if added > bulkAssignments {
			// As after an address import: statistics for the planner, so
			// that the incremental overlay and the reports read
			// assignments by key (2.6 s → 0.25 s per statement at 3 M).
			if _, err := tx.Exec(ctx, `ANALYZE assignments`); err != nil {
				return stmtErr(ctx, err, "analyze assignments")
			}
		}
		if len(touched) == 0 {
			return nil
		}
		if err := refreshAreaTotalsOf(ctx, tx, touched); err != nil {
			return err
		}
		return refreshTotals(ctx, tx, refreshAssignmentTotalsSQL)
	})
}
