package sqlstore

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/encoding/wkb"

	"gigaplan/geo"
)

// AreaStore implements the area reads of geo.Store over a Dialect:
// Areas, AreaByName, AssignmentsOf and Counts. The writes (ImportAreas,
// ReplaceAssignments, with their bulk paths and totals) and the streamed
// Assignments stay in the adapters.
type AreaStore struct {
	D Dialect
}

// kindOrder sorts areas as geo.AreaKinds does.
const kindOrder = `CASE r.kind WHEN 'municipality' THEN 0 WHEN 'district' THEN 1
	WHEN 'zone' THEN 2 WHEN 'buildarea' THEN 3 ELSE 4 END`

// areaCols are the columns scanArea reads; the geometry leaves the
// database as WKB.
func (s AreaStore) areaCols() string {
	return `r.id, r.kind, r.name, ` + s.D.GeomWKB("r.geom") + `, r.source, r.src_crs, r.src_geom, r.municipality_id, r.ags`
}

// scanArea scans areaCols plus extra destinations.
func scanArea(r interface{ Scan(...any) error }, extra ...any) (geo.Area, error) {
	var a geo.Area
	var kind string
	var blob, src []byte
	var crs int64
	if err := r.Scan(append([]any{&a.ID, &kind, &a.Name, &blob, &a.Source, &crs, &src, &a.Municipality, &a.AGS}, extra...)...); err != nil {
		return a, err
	}
	a.Kind = geo.AreaKind(kind)
	var err error
	if a.Geometry, err = multiPolygon(blob); err != nil {
		return a, fmt.Errorf("area %d: %w", a.ID, err)
	}
	if crs != 0 && len(src) > 0 {
		if a.SrcGeometry, err = multiPolygon(src); err != nil {
			return a, fmt.Errorf("area %d: source geometry: %w", a.ID, err)
		}
		a.SrcCRS = geo.CRS(crs)
	}
	return a, nil
}

// multiPolygon decodes a (multi)polygon from WKB.
func multiPolygon(blob []byte) (orb.MultiPolygon, error) {
	g, err := wkb.Unmarshal(blob)
	if err != nil {
		return nil, fmt.Errorf("decode geometry: %w", err)
	}
	switch g := g.(type) {
	case orb.MultiPolygon:
		return g, nil
	case orb.Polygon:
		return orb.MultiPolygon{g}, nil
	}
	return nil, fmt.Errorf("geometry is a %s, want a (multi)polygon", g.GeoJSONType())
}

// Areas returns the areas of kind (every kind if empty) with the number of
// addresses assigned to each and their households and businesses (the
// totals the writes keep), ordered by kind (as geo.AreaKinds) and name.
// EINVALID for an unknown kind.
func (s AreaStore) Areas(ctx context.Context, kind geo.AreaKind) ([]geo.AreaSummary, error) {
	if kind != "" {
		if _, err := geo.ParseAreaKind(string(kind)); err != nil {
			return nil, err
		}
	}
	return queryAll(ctx, s.D, s.D.Pool(), "list areas", func(r Rows) (geo.AreaSummary, error) {
		var sum geo.AreaSummary
		var err error
		sum.Area, err = scanArea(r, &sum.Addresses, &sum.Households, &sum.Businesses)
		return sum, err
	}, `SELECT `+s.areaCols()+`,
		r.total_addresses, r.total_households, r.total_businesses
		FROM areas r
		WHERE CAST($1 AS text) = '' OR r.kind = CAST($1 AS text)
		ORDER BY `+kindOrder+`, r.name, r.id`, string(kind))
}

// AreaRefs implements geo.Store.
func (s AreaStore) AreaRefs(ctx context.Context) ([]geo.Area, error) {
	return queryAll(ctx, s.D, s.D.Pool(), "list area names", func(r Rows) (geo.Area, error) {
		var a geo.Area
		var kind string
		err := r.Scan(&a.ID, &kind, &a.Name, &a.Source, &a.Municipality, &a.AGS)
		a.Kind = geo.AreaKind(kind)
		return a, err
	}, `SELECT r.id, r.kind, r.name, r.source, r.municipality_id, r.ags FROM areas r ORDER BY `+kindOrder+`, r.name, r.id`)
}

// AreaByName returns the area of kind with this name; with an empty kind
// the name must be unique across kinds. ENOTFOUND if there is none,
// EINVALID if the name is ambiguous or the kind unknown.
func (s AreaStore) AreaByName(ctx context.Context, kind geo.AreaKind, name string) (geo.Area, error) {
	if kind != "" {
		if _, err := geo.ParseAreaKind(string(kind)); err != nil {
			return geo.Area{}, err
		}
	}
	found, err := queryAll(ctx, s.D, s.D.Pool(), fmt.Sprintf("area %q", name), func(r Rows) (geo.Area, error) { return scanArea(r) },
		`SELECT `+s.areaCols()+` FROM areas r
		WHERE r.name = $1 AND (CAST($2 AS text) = '' OR r.kind = CAST($2 AS text))
		ORDER BY `+kindOrder+` LIMIT 5`, name, string(kind))
	if err != nil {
		return geo.Area{}, err
	}
	switch len(found) {
	case 0:
		if kind != "" {
			return geo.Area{}, geo.Errorf(geo.ENOTFOUND, "%s „%s“ nicht gefunden", kind.German(), name)
		}
		return geo.Area{}, geo.Errorf(geo.ENOTFOUND, "Gebiet „%s“ nicht gefunden", name)
	case 1:
		return found[0], nil
	}
	kinds := make([]string, len(found))
	sameKind := true
	for i, a := range found {
		kinds[i] = a.Kind.German()
		sameKind = sameKind && a.Kind == found[0].Kind
	}
	if sameKind {
		return geo.Area{}, geo.Errorf(geo.EINVALID, "der Gebietsname „%s“ ist mehrdeutig: %d Gebiete der Art %s dieses Namens in verschiedenen Gemeinden; bitte die Gemeinde angeben", name, len(found), found[0].Kind.German())
	}
	return geo.Area{}, geo.Errorf(geo.EINVALID, "der Gebietsname „%s“ ist mehrdeutig (%s): bitte die Art angeben", name, strings.Join(kinds, ", "))
}

// AreaIn implements geo.Store: by (municipality, kind, name), the area's
// identity; with no kind, the first in kind order (as Areas lists them).
func (s AreaStore) AreaIn(ctx context.Context, municipality int64, kind geo.AreaKind, name string) (geo.Area, error) {
	found, err := queryAll(ctx, s.D, s.D.Pool(), fmt.Sprintf("area %q", name), func(r Rows) (geo.Area, error) { return scanArea(r) },
		`SELECT `+s.areaCols()+` FROM areas r
		WHERE r.municipality_id = $1 AND r.name = $2 AND (CAST($3 AS text) = '' OR r.kind = CAST($3 AS text))
		ORDER BY `+kindOrder+` LIMIT 1`, municipality, name, string(kind))
	switch {
	case err != nil:
		return geo.Area{}, err
	case len(found) == 0:
		return geo.Area{}, geo.Errorf(geo.ENOTFOUND, "Gebiet „%s“ in dieser Gemeinde nicht gefunden", name)
	}
	return found[0], nil
}

// AssignmentsOf returns the areas an address is assigned to, ordered by
// kind and name; none (and no error) for an unknown address.
func (s AreaStore) AssignmentsOf(ctx context.Context, addressID int64) ([]geo.Area, error) {
	return queryAll(ctx, s.D, s.D.Pool(), fmt.Sprintf("areas of address %d", addressID), func(r Rows) (geo.Area, error) { return scanArea(r) },
		`SELECT `+s.areaCols()+` FROM assignments s
		JOIN areas r ON r.id = s.area_id
		WHERE s.address_id = $1
		ORDER BY `+kindOrder+`, r.name, r.id`, addressID)
}

// AreaNamesOf implements geo.Store: one query over the assignments of
// the given addresses (at most a search page: the IDs are inlined as
// integers).
func (s AreaStore) AreaNamesOf(ctx context.Context, ids []int64, kind geo.AreaKind) (map[int64]string, error) {
	out := make(map[int64]string, len(ids))
	if len(ids) == 0 {
		return out, nil
	}
	var list strings.Builder
	for i, id := range ids {
		if i > 0 {
			list.WriteByte(',')
		}
		list.WriteString(strconv.FormatInt(id, 10))
	}
	rows, err := s.D.Pool().Query(ctx, `SELECT s.address_id, r.name FROM assignments s
		JOIN areas r ON r.id = s.area_id
		WHERE s.address_id IN (`+list.String()+`) AND r.kind = $1
		ORDER BY s.address_id, r.name, r.id`, string(kind))
	if err != nil {
		return nil, s.D.Err(ctx, err, "area names of %d addresses", len(ids))
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var name string
		if err := rows.Scan(&id, &name); err != nil {
			return nil, s.D.Err(ctx, err, "area names of %d addresses", len(ids))
		}
		if _, ok := out[id]; !ok {
			out[id] = name
		}
	}
	if err := rows.Err(); err != nil {
		return nil, s.D.Err(ctx, err, "area names of %d addresses", len(ids))
	}
	return out, nil
}

// Counts returns the store's totals. Areas has an entry for every kind.
// It reads the totals the writes keep and counts the areas by kind, so it
// stays cheap for /healthz at any number of addresses.
func (s AreaStore) Counts(ctx context.Context) (geo.Counts, error) {
	c := geo.Counts{Areas: map[geo.AreaKind]int{}}
	for _, k := range geo.AreaKinds {
		c.Areas[k] = 0
	}
	err := s.D.Pool().QueryRow(ctx, `SELECT addresses, households, businesses, assignments, unassigned
		FROM store_totals WHERE id = 1`).
		Scan(&c.Addresses, &c.Households, &c.Businesses, &c.Assignments, &c.Unassigned)
	if err != nil {
		return geo.Counts{}, s.D.Err(ctx, err, "counts")
	}
	rows, err := s.D.Pool().Query(ctx, `SELECT kind, count(*) FROM areas GROUP BY kind`)
	if err != nil {
		return geo.Counts{}, s.D.Err(ctx, err, "count areas")
	}
	defer rows.Close()
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			return geo.Counts{}, s.D.Err(ctx, err, "count areas")
		}
		c.Areas[geo.AreaKind(k)] = n
	}
	if err := rows.Err(); err != nil {
		return geo.Counts{}, s.D.Err(ctx, err, "count areas")
	}
	return c, nil
}

// SetOverlayStale marks ($1 true) or clears the overlay's staleness, in
// the transaction of the import that changes addresses or areas, or of the
// ReplaceAssignments that brings the assignments up to date.
const SetOverlayStale = `UPDATE store_totals SET overlay_stale = $1, generation = generation + 1`

// DataGeneration implements geo.Store: store_totals.generation, which
// SetOverlayStale, the overlay's update and Clear bump in their
// transactions (migration 0024).
func (s AreaStore) DataGeneration(ctx context.Context) (int64, error) {
	var g int64
	if err := s.D.Pool().QueryRow(ctx, `SELECT generation FROM store_totals WHERE id = 1`).Scan(&g); err != nil {
		return 0, s.D.Err(ctx, err, "data generation")
	}
	return g, nil
}

// OverlayStale implements geo.Store: the mark, or pending work that an
// overlay (of an import that committed before another) left.
func (s AreaStore) OverlayStale(ctx context.Context) (bool, error) {
	var stale bool
	if err := s.D.Pool().QueryRow(ctx, `SELECT overlay_stale OR EXISTS (SELECT 1 FROM overlay_pending) FROM store_totals`).Scan(&stale); err != nil {
		return false, s.D.Err(ctx, err, "read overlay state")
	}
	return stale, nil
}

// ImportArea is an area of an import with its geometry as WKB, and its
// source geometry as WKB (nil when it has none).
type ImportArea struct {
	geo.Area
	WKB, SrcWKB []byte
}

// ImportAreas checks the areas of seq for import (AreaWKB) and yields
// them with their WKB, until seq fails, an area is refused or ctx is
// done (checked before each area): that error is the last yielded.
func ImportAreas(ctx context.Context, seq iter.Seq2[geo.Area, error]) iter.Seq2[ImportArea, error] {
	return func(yield func(ImportArea, error) bool) {
		for a, err := range seq {
			if err == nil {
				err = ctx.Err()
			}
			var b, src []byte
			if err == nil {
				b, err = AreaWKB(a)
			}
			if err == nil && a.SrcCRS != 0 && len(a.SrcGeometry) > 0 {
				if src, err = wkb.Marshal(a.SrcGeometry); err != nil {
					err = geo.Errorf(geo.EINVALID, "%s „%s“: Geometrie im Quellsystem nicht speicherbar: %w", a.Kind.German(), a.Name, err)
				}
			}
			if err != nil {
				yield(ImportArea{}, err)
				return
			}
			if src == nil {
				a.SrcCRS = 0
			}
			if !yield(ImportArea{a, b, src}, nil) {
				return
			}
		}
	}
}

// AreaWKB checks an area for import (a known kind, a name, a geometry)
// and returns its geometry as WKB; EINVALID otherwise.
func AreaWKB(a geo.Area) ([]byte, error) {
	if _, err := geo.ParseAreaKind(string(a.Kind)); err != nil {
		return nil, err
	}
	if strings.TrimSpace(a.Name) == "" {
		return nil, geo.Errorf(geo.EINVALID, "%s ohne Namen", a.Kind.German())
	}
	if len(a.Geometry) == 0 {
		return nil, geo.Errorf(geo.EINVALID, "%s „%s“: Geometrie fehlt", a.Kind.German(), a.Name)
	}
	b, err := wkb.Marshal(a.Geometry)
	if err != nil {
		return nil, geo.Errorf(geo.EINVALID, "%s „%s“: Geometrie nicht speicherbar: %w", a.Kind.German(), a.Name, err)
	}
	return b, nil
}

// DeleteAreas implements geo.Store: the areas go with their assignments,
// in one transaction that marks the overlay stale (the caller runs it). An
// area a campaign uses (as its area or build area) or a market survey has as
// its project area is refused, EINVALID naming the campaign or survey;
// then nothing is deleted.
func (s AreaStore) DeleteAreas(ctx context.Context, ids []int64) error {
	return s.D.WriteTx(ctx, func(q Querier) error {
		if _, err := q.Exec(ctx, SetOverlayStale, true); err != nil {
			return s.D.Err(ctx, err, "mark overlay")
		}
		if _, err := q.Exec(ctx, UnknownAGSMismatches); err != nil {
			return s.D.Err(ctx, err, "mark overlay")
		}
		for _, id := range ids {
			var campaign, area string
			err := q.QueryRow(ctx, `SELECT c.name, r.name FROM campaign_areas ca
				JOIN campaigns c ON c.id = ca.campaign_id
				JOIN areas r ON r.id = $1
				WHERE ca.area_id = $1 OR ca.build_area_id = $1
				ORDER BY c.name LIMIT 1`, id).Scan(&campaign, &area)
			if err == nil {
				return geo.Errorf(geo.EINVALID, "Gebiet „%s“ gehört zur Kampagne „%s“ und wird nicht entfernt", area, campaign)
			}
			if !errors.Is(err, ErrNoRows) {
				return s.D.Err(ctx, err, "check area %d", id)
			}
			var survey string
			err = q.QueryRow(ctx, `SELECT v.name, r.name FROM surveys v
				JOIN areas r ON r.id = $1
				WHERE v.area_id = $1
				ORDER BY v.id LIMIT 1`, id).Scan(&survey, &area)
			if err == nil {
				return geo.Errorf(geo.EINVALID, "Gebiet „%s“ ist das Projektgebiet der Markterkundung „%s“ und wird nicht entfernt", area, survey)
			}
			if !errors.Is(err, ErrNoRows) {
				return s.D.Err(ctx, err, "check area %d", id)
			}
			if err := noteRemoved(ctx, s.D, q, id); err != nil {
				return err
			}
			if _, err := q.Exec(ctx, `DELETE FROM areas WHERE id = $1`, id); err != nil {
				return s.D.Err(ctx, err, "delete area %d", id)
			}
		}
		return nil
	})
}

// agsMismatchWhere keeps the assignments whose address's AGS differs from
// its municipality's (addresses a, assignments s, areas r).
const agsMismatchWhere = `r.kind = 'municipality' AND r.ags <> '' AND a.ags <> '' AND a.ags <> r.ags`

// AGSMismatches implements geo.Store: the count kept in store_totals
// (counted and kept first when it is unknown), and the examples: the
// first addresses by ID, found by walking addresses in ID order (a join
// ordered afterwards made SQLite read every assignment and look up its
// address: 7.2 s of a cold 3 M store after each import, 0.07 s now). An
// address has at most one municipality, so one row per address.
func (s AreaStore) AGSMismatches(ctx context.Context, limit int) (int, []geo.AGSMismatch, error) {
	const from = ` FROM addresses a
		JOIN assignments s ON s.address_id = a.id
		JOIN areas r ON r.id = s.area_id
		WHERE ` + agsMismatchWhere
	var n int
	if err := s.D.Pool().QueryRow(ctx, `SELECT ags_mismatches FROM store_totals`).Scan(&n); err != nil {
		return 0, nil, s.D.Err(ctx, err, "count AGS mismatches")
	}
	if n < 0 {
		err := s.D.WriteTx(ctx, func(q Querier) error {
			if _, err := q.Exec(ctx, `UPDATE store_totals SET ags_mismatches = (SELECT count(*)`+from+`) WHERE ags_mismatches < 0`); err != nil {
				return err
			}
			return q.QueryRow(ctx, `SELECT ags_mismatches FROM store_totals`).Scan(&n)
		})
		if err != nil {
			return 0, nil, s.D.Err(ctx, err, "count AGS mismatches")
		}
	}
	if n == 0 {
		return 0, nil, nil
	}
	out, err := queryAll(ctx, s.D, s.D.Pool(), "AGS mismatches", func(r Rows) (m geo.AGSMismatch, err error) {
		err = r.Scan(&m.Address.ID, &m.Address.Key, &m.Address.AGS, &m.Address.Street, &m.Address.HouseNumber, &m.Address.Suffix,
			&m.Address.Postcode, &m.Address.City, &m.Address.Source, &m.Municipality, &m.AGS)
		return m, err
	}, `SELECT a.id, a.key, a.ags, a.street, a.house_number, a.suffix, a.postcode, a.city, a.source, r.name, r.ags
		FROM (SELECT a.* FROM addresses a WHERE a.ags <> '' AND EXISTS (SELECT 1 FROM assignments s
			JOIN areas r ON r.id = s.area_id WHERE s.address_id = a.id AND r.kind = 'municipality' AND r.ags <> '' AND r.ags <> a.ags)
			ORDER BY a.id LIMIT $1) a
		JOIN assignments s ON s.address_id = a.id
		JOIN areas r ON r.id = s.area_id
		WHERE `+agsMismatchWhere+`
		ORDER BY a.id`, limit)
	return n, out, err
}

// UnknownAGSMismatches sets the kept count of AGS mismatches unknown, in
// a write that changes an address's AGS or removes areas.
const UnknownAGSMismatches = `UPDATE store_totals SET ags_mismatches = -1`
