package geo

import (
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"github.com/paulmach/orb"
	"github.com/twpayne/go-geos"
)

// OverlayBench is the result of BenchOverlay.
type OverlayBench struct {
	Points, Polygons, Vertices int
	BuildTime                  time.Duration // NewIndex
	EnginePPS                  float64       // points per second, Index.AssignAll with one worker (batched lookups, results materialised)
	LocatePPS                  float64       // points per second, Index.Locate point by point, one goroutine
	BaselinePPS                float64       // points per second, go-geos prepared Covers + bbox prefilter, one goroutine
	Ratio                      float64       // EnginePPS / BaselinePPS
	Workers                    int           // goroutines used for both figures (1: per-core)
	Mismatches                 int           // points whose area lists differ between engine and baseline
	Hits                       int           // (point, area) pairs found by the engine
	// Assign is the engine's answer: per point, the indices of the areas
	// (of SyntheticBench's) that cover it, ascending.
	Assign [][]int32
}

func (b OverlayBench) String() string {
	return fmt.Sprintf("%d points × %d polygons × %d vertices: build %v, engine %.2f M points/s (Locate %.2f M/s), GEOS prepared baseline %.3f M points/s, ratio %.1f×, workers %d, hits %d, mismatches %d",
		b.Points, b.Polygons, b.Vertices, b.BuildTime.Round(time.Millisecond), b.EnginePPS/1e6, b.LocatePPS/1e6, b.BaselinePPS/1e6, b.Ratio, b.Workers, b.Hits, b.Mismatches)
}

// BenchOverlay runs the overlay benchmark once, for the CLI's
// "gigaplan bench overlay": it makes polygons wobbly star-shaped areas of
// vertices vertices each (some overlapping, some with holes, some with two
// parts) over a county-sized region around 48.5N 8E and points uniform over
// the region's box (deterministic from seed; see SyntheticAreas), builds the
// Index (BuildTime), then times, single-threaded over the same points, the
// engine (AssignAll with one worker, and Locate point by point; best of
// three passes each) and the
// go-geos prepared-geometry baseline (bbox prefilter, one point geometry
// per point, PrepGeom.Covers), and counts the points where engine and
// baseline disagree (Mismatches, must be 0).
func BenchOverlay(points, polygons, vertices int, seed int64) (OverlayBench, error) {
	if points < 1 || polygons < 1 || vertices < 3 {
		return OverlayBench{}, Errorf(EINVALID, "bench overlay: need points ≥ 1, polygons ≥ 1, vertices ≥ 3")
	}
	areas, pts := SyntheticBench(points, polygons, vertices, seed)
	res := OverlayBench{Points: points, Polygons: polygons, Vertices: vertices, Workers: 1}

	start := time.Now()
	ix, err := NewIndex(areas)
	if err != nil {
		return res, err
	}
	res.BuildTime = time.Since(start)

	// The engine passes are short (~0.1 s), so take the best of three to
	// damp noise from other processes; the baseline pass is long.
	var engine [][]int32
	var buf []int
	for range 3 {
		start = time.Now()
		engine = ix.AssignAll(pts, 1)
		res.EnginePPS = max(res.EnginePPS, float64(len(pts))/time.Since(start).Seconds())
		start = time.Now()
		for _, p := range pts {
			buf = ix.Locate(p, buf[:0])
		}
		res.LocatePPS = max(res.LocatePPS, float64(len(pts))/time.Since(start).Seconds())
	}
	for _, e := range engine {
		res.Hits += len(e)
	}
	res.Assign = engine

	base, err := newGEOSBaseline(areas)
	if err != nil {
		return res, err
	}
	var got []int
	mismatches := 0
	start = time.Now()
	for i, p := range pts {
		got = base.locate(p, got[:0])
		if !equalInts(got, engine[i]) {
			mismatches++
		}
	}
	el := time.Since(start)
	res.BaselinePPS = float64(len(pts)) / el.Seconds()
	res.Ratio = res.EnginePPS / res.BaselinePPS
	res.Mismatches = mismatches
	return res, nil
}

func equalInts(a []int, b []int32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != int(b[i]) {
			return false
		}
	}
	return true
}

// SyntheticBench returns BenchOverlay's areas and points for the given
// sizes and seed, so that other methods can be timed on the same data.
func SyntheticBench(points, polygons, vertices int, seed int64) ([]Area, []orb.Point) {
	rng := rand.New(rand.NewPCG(uint64(seed), 0x6f7665726c6179))
	areas := SyntheticAreas(rng, polygons, vertices)
	return areas, SyntheticPoints(rng, points)
}

// geosBaseline is the comparison method: per area a bounding box and a
// go-geos prepared geometry; per point one point geometry and Covers
// (never PrepGeom.ContainsXY/IntersectsXY, stubs on GEOS 3.11). Not safe for
// concurrent use: it owns one geos.Context.
type geosBaseline struct {
	ctx   *geos.Context
	boxes []box
	prep  []*geos.PrepGeom
}

func newGEOSBaseline(areas []Area) (*geosBaseline, error) {
	b := &geosBaseline{ctx: geos.NewContext()}
	for _, a := range areas {
		g, err := newGEOSMultiPolygon(b.ctx, a.Geometry)
		if err != nil {
			return nil, Errorf(EINVALID, "baseline: area %q: %w", a.Name, err)
		}
		bd := a.Geometry.Bound()
		b.boxes = append(b.boxes, box{bd.Min[0], bd.Min[1], bd.Max[0], bd.Max[1]})
		b.prep = append(b.prep, g.Prepare())
	}
	return b, nil
}

func (b *geosBaseline) locate(p orb.Point, dst []int) []int {
	var pt *geos.Geom
	for i, bx := range b.boxes {
		if p[0] < bx.minX || p[0] > bx.maxX || p[1] < bx.minY || p[1] > bx.maxY {
			continue
		}
		if pt == nil {
			pt = b.ctx.NewPointFromXY(p[0], p[1])
		}
		if b.prep[i].Covers(pt) {
			dst = append(dst, i)
		}
	}
	return dst
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
