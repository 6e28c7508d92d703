package geo

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/paulmach/orb"
)

// SyntheticBench returns BenchOverlay's areas and points for the given
// sizes and seed, so that other methods can be timed on the same data.
func SyntheticBench(points, polygons, vertices int, seed int64) ([]Area, []orb.Point) {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6f7665726c6179))
	areas := SyntheticAreas(rng, polygons, vertices)
	return areas, SyntheticPoints(rng, points)
}

// The synthetic region: about a county, 0.5° × 0.5° around 48.5N 8E.
const (
	synMinX, synMaxX = 7.75, 8.25
	synMinY, synMaxY = 48.25, 48.75
)

// SyntheticAreas returns m wobbly star-shaped areas of about v vertices each
// (radial noise on a few harmonics plus jitter), spread over the synthetic
// region; positions are random, so some overlap. Every third area has a
// hole, every seventh a second, smaller part. Kinds cycle through zone,
// build area, district and municipality. Deterministic for a given rng state.
// For benchmarks and tests.
func SyntheticAreas(rng *rand.Rand, m, v int) []Area {
	kinds := []AreaKind{KindZone, KindBuildArea, KindDistrict, KindMunicipality}
	cosLat := math.Cos((synMinY + synMaxY) / 2 * math.Pi / 180)
	star := func(cx, cy, r float64, n int, cw bool) orb.Ring {
		n = max(n, 3)
		// A few harmonics with random phases, plus per-vertex noise; the
		// radius stays within [0.6r, 1.4r], so the ring is simple.
		var amp, ph [3]float64
		for k := range amp {
			amp[k] = 0.1 * rng.Float64()
			ph[k] = 2 * math.Pi * rng.Float64()
		}
		ring := make(orb.Ring, 0, n+1)
		for i := range n {
			j := i
			if cw {
				j = n - i
			}
			t := 2 * math.Pi * (float64(j) + 0.4*(rng.Float64()-0.5)) / float64(n)
			rr := 1 + 0.08*(rng.Float64()-0.5)
			for k := range amp {
				rr += amp[k] * math.Sin(float64(k*3+2)*t+ph[k])
			}
			rr *= r
			ring = append(ring, orb.Point{cx + rr*math.Cos(t)/cosLat, cy + rr*math.Sin(t)})
		}
		return append(ring, ring[0])
	}
	areas := make([]Area, m)
	for i := range areas {
		r := 0.012 + 0.03*rng.Float64()
		cx := synMinX + r/cosLat + (synMaxX-synMinX-2*r/cosLat)*rng.Float64()
		cy := synMinY + r + (synMaxY-synMinY-2*r)*rng.Float64()
		poly := orb.Polygon{star(cx, cy, r, v, false)}
		if i%3 == 1 {
			// Max radius 0.25·1.4r < min shell radius 0.6r.
			hx := cx + 0.15*r*(rng.Float64()-0.5)/cosLat
			hy := cy + 0.15*r*(rng.Float64()-0.5)
			poly = append(poly, star(hx, hy, 0.2*r, max(v/4, 3), true))
		}
		mp := orb.MultiPolygon{poly}
		if i%7 == 6 {
			// A second part 2.2r east: max extents 1.4r + 0.4·1.4r < 2.2r.
			mp = append(mp, orb.Polygon{star(cx+2.2*r/cosLat, cy, 0.4*r, max(v/4, 3), false)})
		}
		areas[i] = Area{ID: int64(i + 1), Kind: kinds[i%len(kinds)], Name: fmt.Sprintf("syn-%03d", i), Geometry: mp}
	}
	return areas
}

// SyntheticPoints returns n points uniform over the synthetic region.
func SyntheticPoints(rng *rand.Rand, n int) []orb.Point {
	pts := make([]orb.Point, n)
	for i := range pts {
		pts[i] = orb.Point{synMinX + (synMaxX-synMinX)*rng.Float64(), synMinY + (synMaxY-synMinY)*rng.Float64()}
	}
	return pts
}
