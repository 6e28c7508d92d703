package geo

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"github.com/paulmach/orb"
	orbgeo "github.com/paulmach/orb/geo"
	"github.com/twpayne/go-geos"
)

// MinOverlapM2 is the smallest intersection, in square metres, that
// Overlaps reports. Smaller intersections are digitising noise along shared
// boundaries; touching areas intersect in lines or points (area 0).
const MinOverlapM2 = 1.0

// Overlap is a pair of areas of one exclusive kind (municipality or
// district) whose interiors overlap. Addresses in the overlap belong to
// both according to Index.Locate; the overlay keeps the area with the lower
// index (Service.Reassign applies that rule) and reports the overlap
// so that people can fix the data.
type Overlap struct {
	Kind AreaKind
	A, B string // area names, A from the area with the lower index
	// AID and BID are the IDs of A and B.
	AID, BID int64
	// AreaM2 is the geodesic area of the intersection in square metres
	// (orb/geo.Area, spherical approximation).
	AreaM2   float64
	Geometry orb.MultiPolygon // the polygonal part of the intersection, WGS84
}

// Overlaps finds the pairs of areas of the same exclusive kind whose
// interiors overlap by more than MinOverlapM2: a bounding-box prefilter,
// then the GEOS intersection. Areas that only touch are not reported.
// Pairs are ordered by kind (as AreaKinds), then by the indices of their
// areas. The error is EINVALID when a geometry cannot be built or GEOS
// fails on it (e.g. on invalid input).
func Overlaps(areas []Area) (out []Overlap, err error) {
	return OverlapsOf(areas, nil)
}

// OverlapsOf is Overlaps for the pairs with at least one area whose ID
// is in changed (every pair if changed is nil): what an overlay checks
// after an import changed a few areas.
func OverlapsOf(areas []Area, changed map[int64]bool) (out []Overlap, err error) {
	ctx := geos.NewContext()
	defer func() {
		// go-geos panics on GEOS errors (e.g. TopologyException).
		if r := recover(); r != nil {
			out, err = nil, Errorf(EINVALID, "overlaps: GEOS: %v", r)
		}
	}()
	type cand struct {
		i       int
		box     box
		g       *geos.Geom
		changed bool
	}
	byKind := map[AreaKind][]cand{}
	for i, a := range areas {
		if !a.Kind.Exclusive() || len(a.Geometry) == 0 {
			continue
		}
		b := a.Geometry.Bound()
		byKind[a.Kind] = append(byKind[a.Kind], cand{i: i, box: box{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}, changed: changed == nil || changed[a.ID]})
	}
	for _, k := range AreaKinds {
		cs := byKind[k]
		// The pairs to check, in order; with changed, only those of the
		// changed areas (a pair of two changed areas once).
		var pairs [][2]int
		for x := range cs {
			if changed != nil && !cs[x].changed {
				continue
			}
			for y := range cs {
				if y == x || (changed == nil || cs[y].changed) && y < x {
					continue
				}
				p, q := &cs[x], &cs[y]
				if p.box.maxX < q.box.minX || q.box.maxX < p.box.minX || p.box.maxY < q.box.minY || q.box.maxY < p.box.minY {
					continue
				}
				pairs = append(pairs, [2]int{min(x, y), max(x, y)})
			}
		}
		slices.SortFunc(pairs, func(a, b [2]int) int {
			return cmp.Or(cmp.Compare(a[0], b[0]), cmp.Compare(a[1], b[1]))
		})
		for _, pq := range pairs {
			p, q := &cs[pq[0]], &cs[pq[1]]
			for _, c := range []*cand{p, q} {
				if c.g == nil {
					if c.g, err = newGEOSMultiPolygon(ctx, areas[c.i].Geometry); err != nil {
						return nil, Errorf(EINVALID, "overlaps: area %q: %w", areas[c.i].Name, err)
					}
				}
			}
			inter := p.g.Intersection(q.g)
			if inter.IsEmpty() || inter.Area() == 0 {
				continue
			}
			mp := polygonalPart(inter)
			m2 := orbgeo.Area(mp)
			if m2 <= MinOverlapM2 {
				continue
			}
			out = append(out, Overlap{Kind: k, A: areas[p.i].Name, B: areas[q.i].Name, AID: areas[p.i].ID, BID: areas[q.i].ID, AreaM2: m2, Geometry: mp})
		}
	}
	return out, nil
}

// polygonalPart returns the polygons of a GEOS geometry (polygon,
// multipolygon or collection) as an orb multipolygon.
func polygonalPart(g *geos.Geom) orb.MultiPolygon {
	var mp orb.MultiPolygon
	var walk func(g *geos.Geom)
	walk = func(g *geos.Geom) {
		switch g.TypeID() {
		case geos.TypeIDPolygon:
			if g.IsEmpty() {
				return
			}
			poly := orb.Polygon{ringFromGEOS(g.ExteriorRing())}
			for i := range g.NumInteriorRings() {
				poly = append(poly, ringFromGEOS(g.InteriorRing(i)))
			}
			mp = append(mp, poly)
		case geos.TypeIDMultiPolygon, geos.TypeIDGeometryCollection:
			for i := range g.NumGeometries() {
				walk(g.Geometry(i))
			}
		}
	}
	walk(g)
	return mp
}

func ringFromGEOS(g *geos.Geom) orb.Ring {
	coords := g.CoordSeq().ToCoords()
	r := make(orb.Ring, len(coords))
	for i, c := range coords {
		r[i] = orb.Point{c[0], c[1]}
	}
	return r
}

// newGEOSMultiPolygon converts an orb multipolygon to a GEOS geometry in
// ctx, closing open rings. Its C memory is freed by go-geos's cleanup when
// the *geos.Geom becomes unreachable (v0.20.4 has no explicit Destroy).
func newGEOSMultiPolygon(ctx *geos.Context, mp orb.MultiPolygon) (g *geos.Geom, err error) {
	defer func() {
		if r := recover(); r != nil {
			g, err = nil, fmt.Errorf("GEOS: %v", r)
		}
	}()
	polys := make([]*geos.Geom, 0, len(mp))
	for _, poly := range mp {
		if len(poly) == 0 || len(poly[0]) == 0 {
			continue
		}
		coordss := make([][][]float64, 0, len(poly))
		for _, ring := range poly {
			if len(ring) == 0 {
				continue
			}
			cs := make([][]float64, 0, len(ring)+1)
			for _, p := range ring {
				if math.IsNaN(p[0]) || math.IsNaN(p[1]) || math.IsInf(p[0], 0) || math.IsInf(p[1], 0) {
					return nil, fmt.Errorf("coordinate not finite")
				}
				cs = append(cs, []float64{p[0], p[1]})
			}
			if ring[0] != ring[len(ring)-1] {
				cs = append(cs, []float64{ring[0][0], ring[0][1]})
			}
			coordss = append(coordss, cs)
		}
		polys = append(polys, ctx.NewPolygon(coordss))
	}
	return ctx.NewCollection(geos.TypeIDMultiPolygon, polys), nil
}
