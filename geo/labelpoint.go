package geo

import (
	"math"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geos"
)

// LabelPoint returns a point inside the largest polygon of mp, where a map
// puts the area's name: GEOS's point on surface, which unlike the centroid
// always lies inside (a crescent-shaped Ortsteil's centroid may lie in its
// neighbour). ok is false for an empty or broken geometry.
func LabelPoint(mp orb.MultiPolygon) (p orb.Point, ok bool) {
	var largest orb.Polygon
	best := -1.0
	for _, poly := range mp {
		if len(poly) == 0 || len(poly[0]) < 4 {
			continue
		}
		if s := math.Abs(ringArea(poly[0])); s > best {
			best, largest = s, poly
		}
	}
	if largest == nil {
		return orb.Point{}, false
	}
	g, err := newGEOSMultiPolygon(geos.NewContext(), orb.MultiPolygon{largest})
	if err != nil {
		return orb.Point{}, false
	}
	defer func() {
		if recover() != nil {
			p, ok = orb.Point{}, false
		}
	}()
	pt := g.PointOnSurface()
	if pt == nil || pt.IsEmpty() {
		return orb.Point{}, false
	}
	return orb.Point{pt.X(), pt.Y()}, true
}
