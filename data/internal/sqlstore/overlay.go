package sqlstore

import (
	"context"
	"errors"
	"math"
	"slices"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"gigaplan/geo"
)

// The pending work of the overlay (migration 0016): the writes note it in
// overlay_pending in their own transaction, Service.Reassign reads it
// (OverlayPending, PendingPoints), and UpdateOverlay clears what it did.

// NoteAll notes that every address is to be located again.
func NoteAll(ctx context.Context, d Dialect, q Querier) error {
	if _, err := q.Exec(ctx, `INSERT INTO overlay_pending (kind) VALUES ('all')`); err != nil {
		return d.Err(ctx, err, "note overlay work")
	}
	return nil
}

// noteBox notes an area inserted, changed or removed, with its bounding
// box then.
func noteBox(ctx context.Context, d Dialect, q Querier, id int64, b orb.Bound) error {
	if _, err := q.Exec(ctx, `INSERT INTO overlay_pending (kind, ref_id, min_lon, min_lat, max_lon, max_lat)
		VALUES ('area', $1, $2, $3, $4, $5)`, id, b.Min.Lon(), b.Min.Lat(), b.Max.Lon(), b.Max.Lat()); err != nil {
		return d.Err(ctx, err, "note overlay work")
	}
	return nil
}

// NoteAreaBefore runs before an area import's upsert of a: it notes the
// old bounding box of the area a replaces, if its geometry changes, and
// reports whether the upsert changes the geometry (or inserts); then
// NoteAreaAfter notes the new one.
func NoteAreaBefore(ctx context.Context, d Dialect, q Querier, a ImportArea) (changed bool, err error) {
	var id, crs int64
	var blob, src []byte
	err = q.QueryRow(ctx, `SELECT id, `+d.GeomWKB("geom")+`, src_crs, src_geom FROM areas
		WHERE municipality_id = $1 AND kind = $2 AND name = $3 AND ags = $4`,
		a.Municipality, string(a.Kind), a.Name, a.AGS).Scan(&id, &blob, &crs, &src)
	if errors.Is(err, ErrNoRows) {
		return true, nil
	}
	if err != nil {
		return false, d.Err(ctx, err, "read %s %q", a.Kind, a.Name)
	}
	if string(blob) == string(a.WKB) && geo.CRS(crs) == a.SrcCRS && string(src) == string(a.SrcWKB) {
		return false, nil
	}
	old, err := multiPolygon(blob)
	if err != nil {
		return false, d.Err(ctx, err, "read %s %q", a.Kind, a.Name)
	}
	return true, noteBox(ctx, d, q, id, old.Bound())
}

// NoteAreaAfter notes the new bounding box of an area NoteAreaBefore
// found changed, now stored under id.
func NoteAreaAfter(ctx context.Context, d Dialect, q Querier, id int64, a ImportArea) error {
	return noteBox(ctx, d, q, id, a.Geometry.Bound())
}

// noteRemoved notes the bounding box of an area about to be removed.
func noteRemoved(ctx context.Context, d Dialect, q Querier, id int64) error {
	var blob []byte
	err := q.QueryRow(ctx, `SELECT `+d.GeomWKB("geom")+` FROM areas WHERE id = $1`, id).Scan(&blob)
	if errors.Is(err, ErrNoRows) {
		return nil
	}
	if err != nil {
		return d.Err(ctx, err, "read area %d", id)
	}
	g, err := multiPolygon(blob)
	if err != nil {
		return d.Err(ctx, err, "read area %d", id)
	}
	return noteBox(ctx, d, q, id, g.Bound())
}

// OverlayPending implements geo.Store.
func (s AreaStore) OverlayPending(ctx context.Context) (geo.OverlayPending, error) {
	var p geo.OverlayPending
	var frame int64
	q := s.D.Pool()
	if err := q.QueryRow(ctx, `SELECT overlay_frame FROM store_totals`).Scan(&frame); err != nil {
		return p, s.D.Err(ctx, err, "read overlay work")
	}
	p.Frame = geo.CRS(frame)
	if err := q.QueryRow(ctx, `SELECT coalesce(max(seq), 0) FROM overlay_pending`).Scan(&p.Seq); err != nil {
		return p, s.D.Err(ctx, err, "read overlay work")
	}
	var all int
	if err := q.QueryRow(ctx, `SELECT count(*) FILTER (WHERE kind = 'address'), count(*) FILTER (WHERE kind = 'all')
		FROM overlay_pending WHERE seq <= $1`, p.Seq).Scan(&p.Addresses, &all); err != nil {
		return p, s.D.Err(ctx, err, "read overlay work")
	}
	p.All = all > 0
	type box struct {
		id int64
		b  orb.Bound
	}
	boxes, err := queryAll(ctx, s.D, q, "read overlay work", func(r Rows) (v box, err error) {
		err = r.Scan(&v.id, &v.b.Min[0], &v.b.Min[1], &v.b.Max[0], &v.b.Max[1])
		return v, err
	}, `SELECT ref_id, min_lon, min_lat, max_lon, max_lat FROM overlay_pending
		WHERE kind = 'area' AND seq <= $1 ORDER BY seq`, p.Seq)
	if err != nil {
		return p, err
	}
	for _, b := range boxes {
		p.Boxes = append(p.Boxes, b.b)
		p.Areas = append(p.Areas, b.id)
	}
	slices.Sort(p.Areas)
	p.Areas = slices.Compact(p.Areas)
	return p, nil
}

// PendingPoints implements geo.Store: one query for the pending
// addresses, and one range query of addresses_lon_lat per box.
func (s AddressStore) PendingPoints(ctx context.Context, p geo.OverlayPending, frame geo.CRS, margin float64) ([]int64, []orb.Point, error) {
	const cols = `a.id, a.lon, a.lat, a.src_crs, a.src_x, a.src_y`
	seen := map[int64]orb.Point{}
	read := func(query string, args ...any) error {
		rows, err := s.D.Pool().Query(ctx, query, args...)
		if err != nil {
			return s.D.Err(ctx, err, "list points to locate")
		}
		defer rows.Close()
		for rows.Next() {
			var id, crs int64
			var lon, lat, x, y float64
			if err := rows.Scan(&id, &lon, &lat, &crs, &x, &y); err != nil {
				return s.D.Err(ctx, err, "list points to locate")
			}
			if _, ok := seen[id]; ok {
				continue
			}
			pt, err := framePoint(frame, id, lon, lat, crs, x, y)
			if err != nil {
				return err
			}
			seen[id] = pt
		}
		if err := rows.Err(); err != nil {
			return s.D.Err(ctx, err, "list points to locate")
		}
		return nil
	}
	if p.Addresses > 0 {
		if err := read(`SELECT `+cols+` FROM (SELECT DISTINCT ref_id FROM overlay_pending
			WHERE kind = 'address' AND seq <= $1) p JOIN addresses a ON a.id = p.ref_id`, p.Seq); err != nil {
			return nil, nil, err
		}
	}
	for _, b := range p.Boxes {
		if err := read(`SELECT `+cols+` FROM addresses a
			WHERE a.lon >= $1 AND a.lon <= $2 AND a.lat >= $3 AND a.lat <= $4`,
			b.Min.Lon()-margin, b.Max.Lon()+margin, b.Min.Lat()-margin, b.Max.Lat()+margin); err != nil {
			return nil, nil, err
		}
	}
	ids := make([]int64, 0, len(seen))
	for id := range seen {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	pts := make([]orb.Point, len(ids))
	for i, id := range ids {
		pts[i] = seen[id]
	}
	return ids, pts, nil
}

// StoredOverlaps implements geo.Store.
func (s AreaStore) StoredOverlaps(ctx context.Context) ([]geo.Overlap, error) {
	return queryAll(ctx, s.D, s.D.Pool(), "read overlaps", func(r Rows) (o geo.Overlap, err error) {
		var kind string
		var blob []byte
		if err = r.Scan(&o.AID, &o.BID, &kind, &o.AreaM2, &blob); err != nil {
			return o, err
		}
		o.Kind = geo.AreaKind(kind)
		if len(blob) > 0 {
			o.Geometry, err = multiPolygon(blob)
		}
		return o, err
	}, `SELECT area_a, area_b, kind, area_m2, geom FROM area_overlaps ORDER BY area_a, area_b`)
}

// FinishOverlay is the end of UpdateOverlay's transaction, after the
// assignments: it stores the overlaps, clears the pending work up to
// u.Pending.Seq and the stale mark, and records the frame.
func FinishOverlay(ctx context.Context, d Dialect, q Querier, u geo.OverlayUpdate) error {
	if u.Full {
		if _, err := q.Exec(ctx, `DELETE FROM area_overlaps`); err != nil {
			return d.Err(ctx, err, "store overlaps")
		}
	} else {
		for _, id := range u.Pending.Areas {
			if _, err := q.Exec(ctx, `DELETE FROM area_overlaps WHERE area_a = $1 OR area_b = $1`, id); err != nil {
				return d.Err(ctx, err, "store overlaps")
			}
		}
	}
	for _, o := range u.Overlaps {
		a, b := o.AID, o.BID
		if a > b {
			a, b = b, a
		}
		blob, err := wkb.Marshal(o.Geometry)
		if err != nil {
			return d.Err(ctx, err, "store overlaps")
		}
		if _, err := q.Exec(ctx, `INSERT INTO area_overlaps (area_a, area_b, kind, area_m2, geom) VALUES ($1, $2, $3, $4, $5)`,
			a, b, string(o.Kind), o.AreaM2, blob); err != nil {
			return d.Err(ctx, err, "store overlap of areas %d and %d", a, b)
		}
	}
	if _, err := q.Exec(ctx, `DELETE FROM overlay_pending WHERE seq <= $1`, u.Pending.Seq); err != nil {
		return d.Err(ctx, err, "clear overlay work")
	}
	if u.Full {
		if _, err := q.Exec(ctx, UnknownAGSMismatches); err != nil {
			return d.Err(ctx, err, "mark overlay")
		}
	}
	if _, err := q.Exec(ctx, `UPDATE store_totals SET overlay_stale = $1, overlay_frame = $2, generation = generation + 1`, false, int64(u.Frame)); err != nil {
		return d.Err(ctx, err, "mark overlay")
	}
	return nil
}

// ReplaceAll is the update of ReplaceAssignments: every assignment, all
// pending work done, the frame unknown.
func ReplaceAll(as []geo.Assignment) geo.OverlayUpdate {
	return geo.OverlayUpdate{Pending: geo.OverlayPending{Seq: math.MaxInt64}, Frame: geo.UnknownFrame, Full: true, Assignments: as}
}

// The statements of an incremental update, over the staged located
// addresses (overlay_ids) and their new assignments (overlay_new): the
// totals of the assignments that go are subtracted before they are
// deleted, those of the new ones added before they are inserted.
var incrementalSQL = []string{
	agsMismatchDelta("-"),
	`UPDATE areas SET total_addresses = total_addresses - t.n, total_households = total_households - t.h,
		total_businesses = total_businesses - t.b
	FROM (SELECT s.area_id, count(*) AS n, sum(a.households) AS h, sum(a.businesses) AS b
		FROM overlay_ids x JOIN assignments s ON s.address_id = x.id JOIN addresses a ON a.id = x.id
		WHERE NOT EXISTS (SELECT 1 FROM overlay_new w WHERE w.address_id = s.address_id AND w.area_id = s.area_id)
		GROUP BY s.area_id) AS t
	WHERE areas.id = t.area_id`,
	`DELETE FROM assignments WHERE address_id IN (SELECT id FROM overlay_ids)
		AND NOT EXISTS (SELECT 1 FROM overlay_new w
			WHERE w.address_id = assignments.address_id AND w.area_id = assignments.area_id)`,
	`UPDATE areas SET total_addresses = total_addresses + t.n, total_households = total_households + t.h,
		total_businesses = total_businesses + t.b
	FROM (SELECT w.area_id, count(*) AS n, sum(a.households) AS h, sum(a.businesses) AS b
		FROM overlay_new w JOIN addresses a ON a.id = w.address_id
		WHERE NOT EXISTS (SELECT 1 FROM assignments s WHERE s.address_id = w.address_id AND s.area_id = w.area_id)
		GROUP BY w.area_id) AS t
	WHERE areas.id = t.area_id`,
	`INSERT INTO assignments (address_id, area_id) SELECT w.address_id, w.area_id FROM overlay_new w
		WHERE NOT EXISTS (SELECT 1 FROM assignments s WHERE s.address_id = w.address_id AND s.area_id = w.area_id)`,
	agsMismatchDelta("+"),
	// An address has at most one district (Service.Reassign), so the
	// addresses without one are all less the districts' addresses.
	`UPDATE store_totals SET assignments = (SELECT coalesce(sum(total_addresses), 0) FROM areas),
		unassigned = addresses - (SELECT coalesce(sum(total_addresses), 0) FROM areas WHERE kind = 'district')`,
}

// agsMismatchDelta subtracts (op "-", before the assignments of the
// located addresses change) or adds (op "+", after) their AGS mismatches
// to the kept count, if it is known.
func agsMismatchDelta(op string) string {
	return `UPDATE store_totals SET ags_mismatches = ags_mismatches ` + op + ` (SELECT count(*)
		FROM overlay_ids x JOIN addresses a ON a.id = x.id JOIN assignments s ON s.address_id = x.id
		JOIN areas r ON r.id = s.area_id WHERE ` + agsMismatchWhere + `)
	WHERE ags_mismatches >= 0`
}

// stageRows is the number of rows per INSERT into a staging table.
const stageRows = 500

// UpdateIncremental implements geo.Store's UpdateOverlay for an update
// that is not Full: the assignments of u.Addresses become u.Assignments,
// with the totals changed by the difference.
func UpdateIncremental(ctx context.Context, d Dialect, u geo.OverlayUpdate) error {
	pairs := geo.SortedAssignments(u.Assignments)
	return d.WriteTx(ctx, func(q Querier) error {
		var one int
		if err := q.QueryRow(ctx, `SELECT 1 FROM store_totals WHERE id = 1`+d.Lock()).Scan(&one); err != nil {
			return d.Err(ctx, err, "lock store totals")
		}
		for _, st := range append(d.TempTable("overlay_ids", "id bigint PRIMARY KEY"),
			d.TempTable("overlay_new", "address_id bigint, area_id bigint, PRIMARY KEY (address_id, area_id)")...) {
			if _, err := q.Exec(ctx, st); err != nil {
				return d.Err(ctx, err, "stage overlay")
			}
		}
		ids := Insert{Table: "overlay_ids", Cols: []string{"id"}}
		for i := 0; i < len(u.Addresses); i += stageRows {
			part := u.Addresses[i:min(len(u.Addresses), i+stageRows)]
			args := make([]any, len(part))
			for j, id := range part {
				args[j] = id
			}
			if _, err := q.Exec(ctx, ids.SQL(len(part))+` ON CONFLICT DO NOTHING`, args...); err != nil {
				return d.Err(ctx, err, "stage overlay")
			}
		}
		add := Insert{Table: "overlay_new", Cols: []string{"address_id", "area_id"}}
		for i := 0; i < len(pairs); i += stageRows {
			part := pairs[i:min(len(pairs), i+stageRows)]
			args := make([]any, 0, 2*len(part))
			for _, p := range part {
				args = append(args, p.AddressID, p.AreaID)
			}
			if _, err := q.Exec(ctx, add.SQL(len(part)), args...); err != nil {
				return d.Err(ctx, err, "stage overlay")
			}
		}
		// Statistics of the staged rows, so that the statements below
		// read the assignments of those addresses by key instead of
		// every assignment (SQLite takes a table without statistics for
		// a million rows).
		for _, st := range []string{`ANALYZE overlay_ids`, `ANALYZE overlay_new`} {
			if _, err := q.Exec(ctx, st); err != nil {
				return d.Err(ctx, err, "stage overlay")
			}
		}
		for _, st := range incrementalSQL {
			if _, err := q.Exec(ctx, st); err != nil {
				return d.Err(ctx, err, "update assignments (unknown address or area?)")
			}
		}
		return FinishOverlay(ctx, d, q, u)
	})
}
