package geo

import (
	"cmp"
	"context"
	"fmt"
	"slices"

	"github.com/paulmach/orb"
)

// Totals are the households, businesses and addresses (buildings)
// assigned to an area.
type Totals struct {
	Households, Businesses, Buildings int
}

// Preview is the overlay as an import would leave it, computed without
// writing: the totals of every area, and of every area limited to a build
// area (what a campaign area with a build area counts).
type Preview struct {
	totals map[[2]int64]Totals
}

// Of returns the totals of area areaID, limited to the addresses also in
// build area buildAreaID when that is not 0.
func (p *Preview) Of(areaID, buildAreaID int64) Totals {
	return p.totals[[2]int64{areaID, buildAreaID}]
}

// point is what the preview keeps of an address.
type point struct {
	lon, lat               float64
	households, businesses int
	srcCRS                 CRS
	x, y                   float64
}

func pointOf(a Address) point {
	return point{a.Lon, a.Lat, a.Households, a.Businesses, a.SrcCRS, a.SrcX, a.SrcY}
}

// PreviewAddresses reads srcs as ImportAddresses would (a record it skips
// or refuses is skipped or refused here too) and returns the overlay of
// the stored addresses, with those of srcs upserted by key, against the
// stored areas. Nothing is written. (CheckAddresses tells more.)
func (s *Service) PreviewAddresses(ctx context.Context, srcs []Source, opt ParseOptions) (*Preview, error) {
	_, after, err := s.planAddresses(ctx, srcs, opt, false)
	return after, err
}

// PreviewAreas reads srcs as ImportAreas would and returns the overlay of
// the stored addresses against the stored areas with those of srcs
// upserted by kind and name (a new area gets an ID after every stored
// one). Nothing is written. (CheckAreas tells more.)
func (s *Service) PreviewAreas(ctx context.Context, srcs []Source, opt ParseOptions) (*Preview, error) {
	_, after, err := s.planAreas(ctx, srcs, opt, false)
	return after, err
}

func (s *Service) storedAreas(ctx context.Context) ([]Area, error) {
	sums, err := s.Store.Areas(ctx, "")
	if err != nil {
		return nil, err
	}
	areas := make([]Area, len(sums))
	for i, a := range sums {
		areas[i] = a.Area
	}
	return areas, nil
}

// preview assigns pts to areas as Reassign does and sums the totals.
func (s *Service) preview(pts []point, areas []Area) (*Preview, error) {
	p := &Preview{totals: map[[2]int64]Totals{}}
	if len(areas) == 0 || len(pts) == 0 {
		return p, nil
	}
	slices.SortFunc(areas, func(a, b Area) int { return cmp.Compare(a.ID, b.ID) })
	frame, framed := overlayFrame(areas)
	ix, err := NewIndex(framed)
	if err != nil {
		return nil, fmt.Errorf("build overlay index: %w", err)
	}
	xy := make([]orb.Point, len(pts))
	for i, q := range pts {
		switch {
		case frame == 0:
			xy[i] = orb.Point{q.lon, q.lat}
		case q.srcCRS == frame:
			xy[i] = orb.Point{q.x, q.y}
		default:
			x, y, err := frame.FromWGS84(q.lon, q.lat)
			if err != nil {
				return nil, Errorf(EINVALID, "Adresse bei (%s, %s): %v", fmtCoord(q.lon), fmtCoord(q.lat), err)
			}
			xy[i] = orb.Point{x, y}
		}
	}
	counts, hits := ix.locateParallel(xy, s.Workers)
	var as []Assignment
	off := 0
	for i, c := range counts {
		end := off + int(c)
		as, _ = appendAssignments(as[:0], int64(i), hits[off:end], areas, false, 0)
		off = end
		q := pts[i]
		add := func(key [2]int64) {
			t := p.totals[key]
			t.Households += q.households
			t.Businesses += q.businesses
			t.Buildings++
			p.totals[key] = t
		}
		for _, a := range as {
			add([2]int64{a.AreaID, 0})
			for _, b := range as {
				if b.AreaID != a.AreaID && areaKind(areas, b.AreaID) == KindBuildArea {
					add([2]int64{a.AreaID, b.AreaID})
				}
			}
		}
	}
	return p, nil
}

// areaKind finds the kind of the area with id in areas (sorted by ID).
func areaKind(areas []Area, id int64) AreaKind {
	i, ok := slices.BinarySearchFunc(areas, id, func(a Area, id int64) int { return cmp.Compare(a.ID, id) })
	if !ok {
		return ""
	}
	return areas[i].Kind
}
