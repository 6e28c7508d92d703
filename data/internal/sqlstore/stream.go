package sqlstore

import (
	"context"
	"iter"

	"github.com/paulmach/orb"

	"gigaplan/geo"
)

// CheckEvery is how many rows a streamed read goes between checks of its
// context (see Dialect.StreamCtx).
const CheckEvery = 1024

// stream yields the rows of query scanned by scan, read while the caller
// ranges; stopping early releases them. The query runs with the
// dialect's StreamCtx, and ctx is checked every CheckEvery rows; what
// names the read in errors.
func stream[T any](ctx context.Context, d Dialect, what string, scan func(Rows) (T, error), query string, args ...any) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		rows, err := d.Pool().Query(d.StreamCtx(ctx), query, args...)
		if err != nil {
			yield(zero, d.Err(ctx, err, "%s", what))
			return
		}
		defer rows.Close()
		for n := 0; rows.Next(); n++ {
			if n%CheckEvery == 0 {
				if err := ctx.Err(); err != nil {
					yield(zero, err)
					return
				}
			}
			v, err := scan(rows)
			if err != nil {
				yield(zero, d.Err(ctx, err, "%s", what))
				return
			}
			if !yield(v, nil) {
				return
			}
		}
		if err := rows.Err(); err != nil {
			yield(zero, d.Err(ctx, err, "%s", what))
		}
	}
}

// Addresses implements geo.Store: the addresses matching f, ordered by ID
// (or by postcode, search key and ID with f.ByStreet), streamed.
func (s AddressStore) Addresses(ctx context.Context, f geo.AddressFilter) iter.Seq2[geo.Address, error] {
	q, args := AddressesQuery(f)
	scan := ScanAddress
	if f.Brief {
		scan = scanBriefAddress
	}
	return stream(ctx, s.D, "list addresses", func(r Rows) (geo.Address, error) { return scan(r) }, q, args...)
}

// Points implements geo.Store: one query of id, lon and lat, into slices
// sized by a count first.
func (s AddressStore) Points(ctx context.Context) ([]int64, []orb.Point, error) {
	return s.SourcePoints(ctx, 0)
}

// SourcePoints implements geo.Store: the points in frame, from the
// source coordinates of the addresses that have them in frame, else
// transformed from WGS84 (frame 0: lon and lat as stored). An address
// that cannot be transformed is EINVALID.
func (s AddressStore) SourcePoints(ctx context.Context, frame geo.CRS) ([]int64, []orb.Point, error) {
	var n int
	if err := s.D.Pool().QueryRow(ctx, `SELECT count(*) FROM addresses`).Scan(&n); err != nil {
		return nil, nil, s.D.Err(ctx, err, "count addresses")
	}
	ids, pts := make([]int64, 0, n), make([]orb.Point, 0, n)
	type point struct {
		id       int64
		lon, lat float64
		crs      int64
		x, y     float64
	}
	for v, err := range stream(ctx, s.D, "list points", func(r Rows) (v point, err error) {
		err = r.Scan(&v.id, &v.lon, &v.lat, &v.crs, &v.x, &v.y)
		return v, err
	}, `SELECT id, lon, lat, src_crs, src_x, src_y FROM addresses ORDER BY id`) {
		if err != nil {
			return nil, nil, err
		}
		p, err := framePoint(frame, v.id, v.lon, v.lat, v.crs, v.x, v.y)
		if err != nil {
			return nil, nil, err
		}
		ids, pts = append(ids, v.id), append(pts, p)
	}
	return ids, pts, nil
}

// framePoint is an address's position in frame: its source coordinates
// when they are in frame, else lon and lat transformed from WGS84 (frame
// 0: lon and lat). An address that cannot be transformed is EINVALID.
func framePoint(frame geo.CRS, id int64, lon, lat float64, crs int64, x, y float64) (orb.Point, error) {
	switch {
	case frame == 0:
		return orb.Point{lon, lat}, nil
	case geo.CRS(crs) != frame:
		x, y, err := frame.FromWGS84(lon, lat)
		if err != nil {
			return orb.Point{}, geo.Errorf(geo.EINVALID, "address %d: %v", id, err)
		}
		return orb.Point{x, y}, nil
	}
	return orb.Point{x, y}, nil
}

// Assignments implements geo.Store: every assignment ordered by address,
// then area (the primary key's order), streamed.
func (s AreaStore) Assignments(ctx context.Context) iter.Seq2[geo.Assignment, error] {
	return stream(ctx, s.D, "list assignments", func(r Rows) (a geo.Assignment, err error) {
		err = r.Scan(&a.AddressID, &a.AreaID)
		return a, err
	}, `SELECT address_id, area_id FROM assignments ORDER BY address_id, area_id`)
}

// AssignmentsIn implements geo.Store: every assignment of the addresses
// assigned to area, ordered by address, then area, streamed. The outer
// side walks the area index (assignments_area: area, then address), the
// inner side the primary key, so that the read costs the area's
// addresses, not the store's.
func (s AreaStore) AssignmentsIn(ctx context.Context, area int64) iter.Seq2[geo.Assignment, error] {
	return stream(ctx, s.D, "list assignments of an area", func(r Rows) (a geo.Assignment, err error) {
		err = r.Scan(&a.AddressID, &a.AreaID)
		return a, err
	}, AssignmentsInQuery, area)
}

// AssignmentsInQuery is AssignmentsIn's query ($1: the area ID), for the
// adapters' query-plan tests.
const AssignmentsInQuery = `SELECT s.address_id, s.area_id FROM assignments m
	JOIN assignments s ON s.address_id = m.address_id
	WHERE m.area_id = $1
	ORDER BY m.address_id, s.area_id`
