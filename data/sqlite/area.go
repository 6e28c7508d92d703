package sqlite

import (
	"context"
	"database/sql"
	"fmt"
	"iter"
	"slices"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"gigaplan/geo"
)

// kindOrder sorts areas as geo.AreaKinds does.
const kindOrder = `CASE r.kind WHEN 'municipality' THEN 0 WHEN 'district' THEN 1
	WHEN 'zone' THEN 2 WHEN 'buildarea' THEN 3 ELSE 4 END`

const areaCols = `r.id, r.kind, r.name, r.geom, r.source`

const upsertAreaSQL = `INSERT INTO areas (kind, name, geom, source, min_lon, min_lat, max_lon, max_lat)
	VALUES (?, ?, ?, ?, ?, ?, ?, ?)
	ON CONFLICT (kind, name) DO UPDATE SET
	geom = excluded.geom, source = excluded.source,
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
		stmt, err := tx.PrepareContext(ctx, upsertAreaSQL)
		if err != nil {
			return wrapErr(err, "prepare area upsert")
		}
		defer stmt.Close()
		n := 0
		ids := []int64{}
		for a, err := range seq {
			if err != nil {
				return err
			}
			if err := ctx.Err(); err != nil {
				return err
			}
			if _, err := geo.ParseAreaKind(string(a.Kind)); err != nil {
				return err
			}
			if strings.TrimSpace(a.Name) == "" {
				return geo.Errorf(geo.EINVALID, "%s area without a name", a.Kind)
			}
			if len(a.Geometry) == 0 {
				return geo.Errorf(geo.EINVALID, "%s %q: empty geometry", a.Kind, a.Name)
			}
			b, err := wkb.Marshal(a.Geometry)
			if err != nil {
				return geo.Errorf(geo.EINVALID, "%s %q: encode geometry: %w", a.Kind, a.Name, err)
			}
			bb := a.Geometry.Bound()
			var id int64
			if err := stmt.QueryRowContext(ctx, string(a.Kind), a.Name, b, a.Source,
				bb.Min.Lon(), bb.Min.Lat(), bb.Max.Lon(), bb.Max.Lat()).Scan(&id); err != nil {
				return stmtErr(ctx, err, "insert %s %q", a.Kind, a.Name)
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
		return nil
	})
	if err != nil {
		return geo.WriteStats{}, err
	}
	return stats, nil
}

// scanArea scans areaCols plus extra destinations.
func scanArea(r scanner, extra ...any) (geo.Area, error) {
	var a geo.Area
	var kind string
	var blob []byte
	if err := r.Scan(append([]any{&a.ID, &kind, &a.Name, &blob, &a.Source}, extra...)...); err != nil {
		return a, err
	}
	a.Kind = geo.AreaKind(kind)
	g, err := wkb.Unmarshal(blob)
	if err != nil {
		return a, fmt.Errorf("area %d: decode geometry: %w", a.ID, err)
	}
	switch g := g.(type) {
	case orb.MultiPolygon:
		a.Geometry = g
	case orb.Polygon:
		a.Geometry = orb.MultiPolygon{g}
	default:
		return a, fmt.Errorf("area %d: geometry is a %s, want a (multi)polygon", a.ID, g.GeoJSONType())
	}
	return a, nil
}

// Areas returns the areas of kind (every kind if empty) with the number of
// addresses assigned to each and their households and businesses (the
// totals the writes keep, see totals.go), ordered by kind (as
// geo.AreaKinds) and name. EINVALID for an unknown kind.
func (s *Store) Areas(ctx context.Context, kind geo.AreaKind) ([]geo.AreaSummary, error) {
	if kind != "" {
		if _, err := geo.ParseAreaKind(string(kind)); err != nil {
			return nil, err
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+areaCols+`,
		r.total_addresses, r.total_households, r.total_businesses
		FROM areas r
		WHERE ?1 = '' OR r.kind = ?1
		ORDER BY `+kindOrder+`, r.name, r.id`, string(kind))
	if err != nil {
		return nil, wrapErr(err, "list areas")
	}
	defer rows.Close()
	out := []geo.AreaSummary{}
	for rows.Next() {
		var sum geo.AreaSummary
		sum.Area, err = scanArea(rows, &sum.Addresses, &sum.Households, &sum.Businesses)
		if err != nil {
			return nil, wrapErr(err, "list areas")
		}
		out = append(out, sum)
	}
	if err := rows.Err(); err != nil {
		return nil, wrapErr(err, "list areas")
	}
	return out, nil
}

// AreaByName returns the area of kind with this name; with an empty kind
// the name must be unique across kinds. ENOTFOUND if there is none,
// EINVALID if the name is ambiguous or the kind unknown.
func (s *Store) AreaByName(ctx context.Context, kind geo.AreaKind, name string) (geo.Area, error) {
	if kind != "" {
		if _, err := geo.ParseAreaKind(string(kind)); err != nil {
			return geo.Area{}, err
		}
	}
	rows, err := s.db.QueryContext(ctx, `SELECT `+areaCols+` FROM areas r
		WHERE r.name = ?1 AND (?2 = '' OR r.kind = ?2)
		ORDER BY `+kindOrder+` LIMIT 5`, name, string(kind))
	if err != nil {
		return geo.Area{}, wrapErr(err, "area %q", name)
	}
	defer rows.Close()
	var found []geo.Area
	for rows.Next() {
		a, err := scanArea(rows)
		if err != nil {
			return geo.Area{}, wrapErr(err, "area %q", name)
		}
		found = append(found, a)
	}
	if err := rows.Err(); err != nil {
		return geo.Area{}, wrapErr(err, "area %q", name)
	}
	switch len(found) {
	case 0:
		if kind != "" {
			return geo.Area{}, geo.Errorf(geo.ENOTFOUND, "%s %q not found", kind, name)
		}
		return geo.Area{}, geo.Errorf(geo.ENOTFOUND, "area %q not found", name)
	case 1:
		return found[0], nil
	}
	kinds := make([]string, len(found))
	for i, a := range found {
		kinds[i] = string(a.Kind)
	}
	return geo.Area{}, geo.Errorf(geo.EINVALID, "area name %q is ambiguous (%s): give the kind", name, strings.Join(kinds, ", "))
}

// ReplaceAssignments deletes every assignment and inserts as, in one
// transaction that also refreshes the totals. A pair given twice is stored once; an unknown address or
// area ID is EINVALID and leaves the assignments as they were.
func (s *Store) ReplaceAssignments(ctx context.Context, as []geo.Assignment) error {
	pairs := geo.SortedAssignments(as)
	return s.writeTx(ctx, func(tx *sql.Tx) error {
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
		rowCtx := context.WithoutCancel(ctx)
		if len(del) > 0 {
			stmt, err := tx.PrepareContext(ctx, `DELETE FROM assignments WHERE address_id = ? AND area_id = ?`)
			if err != nil {
				return wrapErr(err, "prepare assignment delete")
			}
			defer stmt.Close()
			for i, a := range del {
				if i%ctxCheckEvery == 0 {
					if err := ctx.Err(); err != nil {
						return err
					}
				}
				if _, err := stmt.ExecContext(rowCtx, a.AddressID, a.AreaID); err != nil {
					return stmtErr(ctx, err, "unassign address %d from area %d", a.AddressID, a.AreaID)
				}
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
		stmt, err := tx.PrepareContext(ctx, `INSERT INTO assignments (address_id, area_id) VALUES (?, ?)`)
		if err != nil {
			return wrapErr(err, "prepare assignment insert")
		}
		defer stmt.Close()
		for i, a := range add {
			if i%ctxCheckEvery == 0 {
				if err := ctx.Err(); err != nil {
					return err
				}
			}
			if _, err := stmt.ExecContext(rowCtx, a.AddressID, a.AreaID); err != nil {
				return stmtErr(ctx, err, "assign address %d to area %d (unknown address or area?)", a.AddressID, a.AreaID)
			}
		}
		if rebuild {
			if _, err := tx.ExecContext(ctx, `CREATE INDEX assignments_area ON assignments (area_id)`); err != nil {
				return wrapErr(err, "create assignment index")
			}
		}
		if err := refreshAreaTotalsOf(ctx, tx, touchedAreas(add, del)); err != nil {
			return err
		}
		return refreshTotals(ctx, tx, refreshAssignmentTotalsSQL)
	})
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

// AssignmentsOf returns the areas an address is assigned to, ordered by
// kind and name; none (and no error) for an unknown address.
func (s *Store) AssignmentsOf(ctx context.Context, addressID int64) ([]geo.Area, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+areaCols+` FROM assignments s
		JOIN areas r ON r.id = s.area_id
		WHERE s.address_id = ?
		ORDER BY `+kindOrder+`, r.name, r.id`, addressID)
	if err != nil {
		return nil, wrapErr(err, "areas of address %d", addressID)
	}
	defer rows.Close()
	out := []geo.Area{}
	for rows.Next() {
		a, err := scanArea(rows)
		if err != nil {
			return nil, wrapErr(err, "areas of address %d", addressID)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, wrapErr(err, "areas of address %d", addressID)
	}
	return out, nil
}

// Assignments yields every assignment ordered by address, then area (the
// primary key's order: no sort).
func (s *Store) Assignments(ctx context.Context) iter.Seq2[geo.Assignment, error] {
	return func(yield func(geo.Assignment, error) bool) {
		// Uncancellable query, ctx checked every ctxCheckEvery rows: see
		// Addresses.
		rows, err := s.db.QueryContext(context.WithoutCancel(ctx),
			`SELECT address_id, area_id FROM assignments ORDER BY address_id, area_id`)
		if err != nil {
			yield(geo.Assignment{}, wrapErr(err, "list assignments"))
			return
		}
		defer rows.Close()
		for n := 0; rows.Next(); n++ {
			if n%ctxCheckEvery == 0 {
				if err := ctx.Err(); err != nil {
					yield(geo.Assignment{}, err)
					return
				}
			}
			var a geo.Assignment
			if err := rows.Scan(&a.AddressID, &a.AreaID); err != nil {
				yield(geo.Assignment{}, wrapErr(err, "list assignments"))
				return
			}
			if !yield(a, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(geo.Assignment{}, wrapErr(err, "list assignments"))
		}
	}
}

// Counts returns the store's totals. Areas has an entry for every kind.
// It reads the totals the writes keep (see totals.go) and counts the areas
// by kind, so it stays cheap for /healthz at any number of addresses.
func (s *Store) Counts(ctx context.Context) (geo.Counts, error) {
	c := geo.Counts{Areas: map[geo.AreaKind]int{}}
	for _, k := range geo.AreaKinds {
		c.Areas[k] = 0
	}
	err := s.db.QueryRowContext(ctx, `SELECT addresses, households, businesses, assignments, unassigned
		FROM store_totals WHERE id = 1`).
		Scan(&c.Addresses, &c.Households, &c.Businesses, &c.Assignments, &c.Unassigned)
	if err != nil {
		return geo.Counts{}, wrapErr(err, "counts")
	}
	rows, err := s.db.QueryContext(ctx, `SELECT kind, count(*) FROM areas GROUP BY kind`)
	if err != nil {
		return geo.Counts{}, wrapErr(err, "count areas")
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return geo.Counts{}, wrapErr(err, "count areas")
		}
		c.Areas[geo.AreaKind(k)] = n
	}
	if err := rows.Err(); err != nil {
		return geo.Counts{}, wrapErr(err, "count areas")
	}
	return c, nil
}
