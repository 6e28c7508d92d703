package postgres

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"gigaplan/geo"
)

// kindOrder sorts areas as geo.AreaKinds does.
const kindOrder = `CASE r.kind WHEN 'municipality' THEN 0 WHEN 'district' THEN 1
	WHEN 'zone' THEN 2 WHEN 'buildarea' THEN 3 ELSE 4 END`

// areaCols are the columns scanned by scanArea; the geometry leaves the
// database as WKB.
const areaCols = `r.id, r.kind, r.name, ST_AsBinary(r.geom), r.source`

// upsertAreaSQL writes one area; the geometry arrives as WKB and gets SRID
// 4326 explicitly. It returns whether the row was inserted (not updated).
const upsertAreaSQL = `INSERT INTO areas (kind, name, geom, source)
	VALUES ($1, $2, ST_GeomFromWKB($3, 4326), $4)
	ON CONFLICT (kind, name) DO UPDATE SET geom = excluded.geom, source = excluded.source
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
			var id int64
			var inserted bool
			if err := tx.QueryRow(ctx, upsertAreaSQL, string(a.Kind), a.Name, b, a.Source).Scan(&id, &inserted); err != nil {
				var pe *pgconn.PgError
				if errors.As(err, &pe) && pe.Code == "XX000" && ctx.Err() == nil {
					// PostGIS reports invalid WKB as an internal error.
					return &geo.Error{Code: geo.EINVALID, Message: fmt.Sprintf("%s %q: invalid geometry: %s", a.Kind, a.Name, pe.Message), Err: err}
				}
				return stmtErr(ctx, err, "insert %s %q", a.Kind, a.Name)
			}
			ids = append(ids, id)
			if inserted {
				stats.Inserted++
			} else {
				stats.Updated++
			}
		}
		// An area keeps its ID (and so its assignments) when replaced;
		// refresh its totals all the same, so that they cannot outlive
		// a change of that rule.
		return refreshAreaTotalsOf(ctx, tx, ids)
	})
	if err != nil {
		return geo.WriteStats{}, err
	}
	return stats, nil
}

// scanArea scans areaCols plus extra destinations.
func scanArea(r pgx.Row, extra ...any) (geo.Area, error) {
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
	rows, err := s.pool.Query(ctx, `SELECT `+areaCols+`,
		r.total_addresses, r.total_households, r.total_businesses
		FROM areas r
		WHERE $1::text = '' OR r.kind = $1::text
		ORDER BY `+kindOrder+`, r.name, r.id`, string(kind))
	if err != nil {
		return nil, stmtErr(ctx, err, "list areas")
	}
	defer rows.Close()
	out := []geo.AreaSummary{}
	for rows.Next() {
		var sum geo.AreaSummary
		sum.Area, err = scanArea(rows, &sum.Addresses, &sum.Households, &sum.Businesses)
		if err != nil {
			return nil, stmtErr(ctx, err, "list areas")
		}
		out = append(out, sum)
	}
	if err := rows.Err(); err != nil {
		return nil, stmtErr(ctx, err, "list areas")
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
	rows, err := s.pool.Query(ctx, `SELECT `+areaCols+` FROM areas r
		WHERE r.name = $1 AND ($2::text = '' OR r.kind = $2::text)
		ORDER BY `+kindOrder+` LIMIT 5`, name, string(kind))
	if err != nil {
		return geo.Area{}, stmtErr(ctx, err, "area %q", name)
	}
	defer rows.Close()
	var found []geo.Area
	for rows.Next() {
		a, err := scanArea(rows)
		if err != nil {
			return geo.Area{}, stmtErr(ctx, err, "area %q", name)
		}
		found = append(found, a)
	}
	if err := rows.Err(); err != nil {
		return geo.Area{}, stmtErr(ctx, err, "area %q", name)
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

// ReplaceAssignments deletes every assignment and COPYs as in their place,
// and refreshes the totals, in one transaction that locks the table (and
// the totals) against other writers (readers
// go on and see the old assignments until the commit). A pair given twice
// is stored once; an unknown address or area ID is EINVALID and leaves the
// assignments as they were.
func (s *Store) ReplaceAssignments(ctx context.Context, as []geo.Assignment) error {
	pairs := geo.SortedAssignments(as)
	return s.retryTx(ctx, func(tx pgx.Tx) error {
		if err := lockTotals(ctx, tx); err != nil {
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
		if len(touched) == 0 {
			return nil
		}
		if err := refreshAreaTotalsOf(ctx, tx, touched); err != nil {
			return err
		}
		return refreshTotals(ctx, tx, refreshAssignmentTotalsSQL)
	})
}

// Assignments yields every assignment ordered by address, then area.
func (s *Store) Assignments(ctx context.Context) iter.Seq2[geo.Assignment, error] {
	return func(yield func(geo.Assignment, error) bool) {
		rows, err := s.pool.Query(ctx, `SELECT address_id, area_id FROM assignments ORDER BY address_id, area_id`)
		if err != nil {
			yield(geo.Assignment{}, stmtErr(ctx, err, "list assignments"))
			return
		}
		defer rows.Close()
		for rows.Next() {
			var a geo.Assignment
			if err := rows.Scan(&a.AddressID, &a.AreaID); err != nil {
				yield(geo.Assignment{}, stmtErr(ctx, err, "scan assignment"))
				return
			}
			if !yield(a, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(geo.Assignment{}, stmtErr(ctx, err, "list assignments"))
		}
	}
}

// AssignmentsOf returns the areas an address is assigned to, ordered by
// kind and name; none (and no error) for an unknown address.
func (s *Store) AssignmentsOf(ctx context.Context, addressID int64) ([]geo.Area, error) {
	rows, err := s.pool.Query(ctx, `SELECT `+areaCols+` FROM assignments s
		JOIN areas r ON r.id = s.area_id
		WHERE s.address_id = $1
		ORDER BY `+kindOrder+`, r.name, r.id`, addressID)
	if err != nil {
		return nil, stmtErr(ctx, err, "areas of address %d", addressID)
	}
	defer rows.Close()
	out := []geo.Area{}
	for rows.Next() {
		a, err := scanArea(rows)
		if err != nil {
			return nil, stmtErr(ctx, err, "areas of address %d", addressID)
		}
		out = append(out, a)
	}
	if err := rows.Err(); err != nil {
		return nil, stmtErr(ctx, err, "areas of address %d", addressID)
	}
	return out, nil
}

// Counts returns the store's totals. Areas has an entry for every kind.
// It reads the totals the writes keep (see totals.go) and counts the areas
// by kind, so it stays cheap for /healthz at any number of addresses.
func (s *Store) Counts(ctx context.Context) (geo.Counts, error) {
	c := geo.Counts{Areas: map[geo.AreaKind]int{}}
	for _, k := range geo.AreaKinds {
		c.Areas[k] = 0
	}
	err := s.pool.QueryRow(ctx, `SELECT addresses, households, businesses, assignments, unassigned
		FROM store_totals WHERE id = 1`).
		Scan(&c.Addresses, &c.Households, &c.Businesses, &c.Assignments, &c.Unassigned)
	if err != nil {
		return geo.Counts{}, stmtErr(ctx, err, "counts")
	}
	rows, err := s.pool.Query(ctx, `SELECT kind, count(*) FROM areas GROUP BY kind`)
	if err != nil {
		return geo.Counts{}, stmtErr(ctx, err, "count areas")
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return geo.Counts{}, stmtErr(ctx, err, "count areas")
		}
		c.Areas[geo.AreaKind(k)] = n
	}
	if err := rows.Err(); err != nil {
		return geo.Counts{}, stmtErr(ctx, err, "count areas")
	}
	return c, nil
}
