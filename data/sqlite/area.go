package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"slices"
	"strings"

	"gigaplan/data/internal/sqlstore"
	"gigaplan/geo"
)

const upsertAreaSQL = `INSERT INTO areas (kind, name, geom, source, min_lon, min_lat, max_lon, max_lat, src_crs, src_geom, municipality_id, ags)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (municipality_id, kind, name, ags) DO UPDATE SET
	geom = excluded.geom, source = excluded.source, src_crs = excluded.src_crs, src_geom = excluded.src_geom,
	min_lon = excluded.min_lon, min_lat = excluded.min_lat,
	max_lon = excluded.max_lon, max_lat = excluded.max_lat
	RETURNING id`

// ImportAreas upserts every area of seq by (Kind, Name) in one
// transaction, storing the geometry as WKB with its bounding box. An
// unknown kind, an empty name or an empty geometry is EINVALID. Errors
// from seq or the context are returned unchanged after the rollback.
func (s *Store) ImportAreas(ctx context.Context, seq iter.Seq2[geo.Area, error]) (geo.WriteStats, error) {
	var stats geo.WriteStats
	err := s.writeTx(ctx, func(tx *sql.Tx) error {
		before, err := countRows(ctx, tx, "areas")
		if err != nil {
			return err
		}
		if err := markOverlay(ctx, tx, true); err != nil {
			return err
		}
		stmt, err := tx.PrepareContext(ctx, upsertAreaSQL)
		if err != nil {
			return wrapErr(err, "prepare area upsert")
		}
		defer stmt.Close()
		n := 0
		ids := []int64{}
		for a, err := range sqlstore.ImportAreas(ctx, seq) {
			if err != nil {
				return err
			}
			changed, err := sqlstore.NoteAreaBefore(ctx, dialect{s}, sharedQ{tx}, a)
			if err != nil {
				return err
			}
			bb := a.Geometry.Bound()
			var id int64
			if err := stmt.QueryRowContext(ctx, string(a.Kind), a.Name, a.WKB, a.Source,
				bb.Min.Lon(), bb.Min.Lat(), bb.Max.Lon(), bb.Max.Lat(), int64(a.SrcCRS), a.SrcWKB, a.Municipality, a.AGS).Scan(&id); err != nil {
				return stmtErr(ctx, err, "insert %s %q", a.Kind, a.Name)
			}
			if changed {
				if err := sqlstore.NoteAreaAfter(ctx, dialect{s}, sharedQ{tx}, id, a); err != nil {
					return err
				}
			}
			ids = append(ids, id)
			n++
		}
		after, err := countRows(ctx, tx, "areas")
		if err != nil {
			return err
		}
		// An area keeps its ID (and so its assignments) when replaced;
		// refresh its totals all the same, so that they cannot outlive
		// a change of that rule.
		if err := refreshAreaTotalsOf(ctx, tx, ids); err != nil {
			return err
		}
		stats = geo.WriteStats{Inserted: after - before, Updated: n - (after - before)}
		return sqlstore.RecordImport(ctx, dialect{s}, sharedQ{tx}, n)
	})
	if err != nil {
		return geo.WriteStats{}, err
	}
	return stats, nil
}

// ReplaceAssignments deletes every assignment and inserts as, in one
// transaction that also refreshes the totals. A pair given twice is stored once; an unknown address or
// area ID is EINVALID and leaves the assignments as they were.
func (s *Store) ReplaceAssignments(ctx context.Context, as []geo.Assignment) error {
	return s.replaceAssignments(ctx, sqlstore.ReplaceAll(as))
}

// replaceAssignments is UpdateOverlay for a Full update.
func (s *Store) replaceAssignments(ctx context.Context, u geo.OverlayUpdate) error {
	pairs := geo.SortedAssignments(u.Assignments)
	return s.writeTx(ctx, func(tx *sql.Tx) error {
		if err := sqlstore.FinishOverlay(ctx, dialect{s}, sharedQ{tx}, u); err != nil {
			return err
		}
		// Write only the difference to what is stored: after a new zone
		// or a changed district only a few assignments change, and
		// rewriting millions of rows (and their area index) would take
		// minutes.
		add, del, err := assignmentDiff(ctx, tx, pairs)
		if err != nil {
			return err
		}
		if len(add) == 0 && len(del) == 0 {
			return nil
		}
		if len(del) > 0 {
			w := newBatchWriter(tx, 2, deleteAssignmentsSQL)
			defer w.close()
			if err := writeAssignments(ctx, w, del, "unassign address %d from area %d"); err != nil {
				return err
			}
		}
		// Many new rows: building the area index once afterwards is
		// faster than keeping it up to date row by row.
		rebuild := len(add) > bulkAssignments
		if rebuild {
			if _, err := tx.ExecContext(ctx, `DROP INDEX assignments_area`); err != nil {
				return wrapErr(err, "drop assignment index")
			}
		}
		w := newInserter(tx, assignmentInsert)
		defer w.close()
		if err := writeAssignments(ctx, w, add, "assign address %d to area %d (unknown address or area?)"); err != nil {
			return err
		}
		if rebuild {
			if _, err := tx.ExecContext(ctx, `CREATE INDEX assignments_area ON assignments (area_id)`); err != nil {
				return wrapErr(err, "create assignment index")
			}
		}
		// After many new rows, one pass over the addresses in key order
		// (refreshAllAreaTotals) is faster than reading each touched
		// area's assignments through the area index, even for few areas.
		refresh := func() error { return refreshAreaTotalsOf(ctx, tx, touchedAreas(add, del)) }
		if rebuild {
			refresh = func() error { return refreshAllAreaTotals(ctx, tx) }
		}
		if err := refresh(); err != nil {
			return err
		}
		return refreshTotals(ctx, tx, refreshAssignmentTotalsSQL)
	})
}

// assignmentInsert is the multi-row insert of new assignments.
var assignmentInsert = sqlstore.Insert{Table: "assignments", Cols: []string{"address_id", "area_id"}}

// deleteAssignmentsSQL deletes n assignments given as (address ID, area ID)
// pairs.
func deleteAssignmentsSQL(n int) string {
	var b strings.Builder
	b.WriteString(`DELETE FROM assignments WHERE (address_id, area_id) IN (VALUES `)
	for i := range n {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "($%d, $%d)", 2*i+1, 2*i+2)
	}
	b.WriteString(")")
	return b.String()
}

// writeAssignments runs w over list, a batch of rows at a time, checking
// ctx between batches; what names a failed pair (address ID, area ID).
func writeAssignments(ctx context.Context, w *batchWriter, list []geo.Assignment, what string) error {
	v := sqlstore.Values{Width: 2, Vals: make([]any, 0, 2*min(len(list), importBatch))}
	for i := 0; i < len(list); i += importBatch {
		if err := ctx.Err(); err != nil {
			return err
		}
		part := list[i:min(len(list), i+importBatch)]
		v.Vals = v.Vals[:0]
		for _, a := range part {
			v.Vals = append(v.Vals, a.AddressID, a.AreaID)
		}
		if err := w.write(ctx, &v, func(j int) (string, []any) {
			return what, []any{part[j].AddressID, part[j].AreaID}
		}); err != nil {
			return err
		}
	}
	return nil
}

// bulkAssignments is the number of new assignments above which
// ReplaceAssignments rebuilds the area index instead of updating it.
var bulkAssignments = 200_000

// assignmentDiff merges the stored assignments (in key order) with the
// sorted new ones: add is what is new, del what is gone.
func assignmentDiff(ctx context.Context, tx *sql.Tx, pairs []geo.Assignment) (add, del []geo.Assignment, err error) {
	rows, err := tx.QueryContext(context.WithoutCancel(ctx), `SELECT address_id, area_id FROM assignments ORDER BY address_id, area_id`)
	if err != nil {
		return nil, nil, wrapErr(err, "read assignments")
	}
	defer rows.Close()
	i := 0
	for n := 0; rows.Next(); n++ {
		if n%ctxCheckEvery == 0 {
			if err := ctx.Err(); err != nil {
				return nil, nil, err
			}
		}
		var old geo.Assignment
		if err := rows.Scan(&old.AddressID, &old.AreaID); err != nil {
			return nil, nil, wrapErr(err, "read assignments")
		}
		for i < len(pairs) && geo.CompareAssignments(pairs[i], old) < 0 {
			add = append(add, pairs[i])
			i++
		}
		if i < len(pairs) && pairs[i] == old {
			i++
			continue
		}
		del = append(del, old)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, wrapErr(err, "read assignments")
	}
	return append(add, pairs[i:]...), del, nil
}

// touchedAreas are the areas whose assignments change.
func touchedAreas(add, del []geo.Assignment) []int64 {
	seen := map[int64]bool{}
	var ids []int64
	for _, list := range [][]geo.Assignment{add, del} {
		for _, a := range list {
			if !seen[a.AreaID] {
				seen[a.AreaID] = true
				ids = append(ids, a.AreaID)
			}
		}
	}
	slices.Sort(ids)
	return ids
}
