package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
)

// ringSegs returns a ring's points, closed, and the ids of all its
// segments, as locateInRing takes them.
func ringSegs(r orb.Ring) ([]orb.Point, []uint32) {
	pts := append([]orb.Point(nil), r...)
	if pts[0] != pts[len(pts)-1] {
		pts = append(pts, pts[0])
	}
	segs := make([]uint32, len(pts)-1)
	for i := range segs {
		segs[i] = uint32(i)
	}
	return pts, segs
}

// checkCrossRing fails if crossRing answers (ok) differently from
// locateInRing at p, and reports whether it answered.
func checkCrossRing(t *testing.T, pts []orb.Point, segs []uint32, p orb.Point) bool {
	t.Helper()
	loc, ok := crossRing(pts, segs, p[0], p[1], false)
	if !ok {
		return false
	}
	if want := locateInRing(pts, segs, p[0], p[1]); loc != want {
		t.Fatalf("ring %v, point (%.17g, %.17g): crossRing %d, locateInRing %d", pts, p[0], p[1], loc, want)
	}
	return true
}

// TestCrossRingMatchesLocateInRing: the branch-free ring test agrees with
// the full rules wherever it answers, on the Cologne districts, the
// synthetic benchmark's stars and the fuzz seeds' adversarial shapes, at
// their vertices, edge midpoints, points a few ulps off them, points on a
// vertex's horizontal line and random points. It must answer for nearly
// all random points (else the fast path is pointless), and must not for
// vertices.
func TestCrossRingMatchesLocateInRing(t *testing.T) {
	synthetic, _ := SyntheticBench(1, 10, 300, 3)
	sets := [][]Area{MustLoadCologneDistricts(t), synthetic}
	for _, seed := range [][]byte{
		{1, 0, 1, 1, 1, 40, 0, 0, 3},
		{0, 0, 1, 1, 4, 9, 9, 3, 1, 1, 2, 2, 3, 3, 1, 1, 0, 0, 9, 9},
		{2, 0, 2, 2, 5, 6, 5, 4, 0, 3, 3, 6, 4, 4},
		{0, 1, 2, 2, 0, 4, 0, 0, 4, 4, 4, 0, 0, 4, 9, 9, 1, 20, 0, 0, 2},
	} {
		sets = append(sets, fuzzAreas(seed))
	}
	rng := rand.New(rand.NewPCG(18, 18))
	randomOK, randomN := 0, 0
	for _, areas := range sets {
		for _, a := range areas {
			for _, poly := range a.Geometry {
				for _, ring := range poly {
					if len(ring) < 3 {
						continue
					}
					pts, segs := ringSegs(ring)
					bb := ring.Bound()
					var probe []orb.Point
					for i := range len(pts) - 1 {
						p, q := pts[i], pts[i+1]
						if checkCrossRing(t, pts, segs, p) {
							t.Fatalf("ring vertex (%.17g, %.17g): crossRing answered", p[0], p[1])
						}
						m := orb.Point{(p[0] + q[0]) / 2, (p[1] + q[1]) / 2}
						probe = append(probe, m,
							orb.Point{math.Nextafter(m[0], math.Inf(1)), m[1]},
							orb.Point{math.Nextafter(m[0], math.Inf(-1)), m[1]},
							orb.Point{m[0], math.Nextafter(m[1], math.Inf(1))},
							orb.Point{p[0] + (bb.Max[0]-bb.Min[0])*(rng.Float64()-0.5), p[1]}, // on the vertex's line
						)
					}
					// Only a sample of a large ring's probes: the test is O(n) per point.
					step := max(1, len(probe)/2000)
					for i := 0; i < len(probe); i += step {
						checkCrossRing(t, pts, segs, probe[i])
					}
					for range 200 {
						if bb.Min[0] == bb.Max[0] || bb.Min[1] == bb.Max[1] {
							break // a degenerate ring: every point is on it
						}
						p := orb.Point{bb.Min[0] + (bb.Max[0]-bb.Min[0])*rng.Float64(), bb.Min[1] + (bb.Max[1]-bb.Min[1])*rng.Float64()}
						randomN++
						if checkCrossRing(t, pts, segs, p) {
							randomOK++
						}
					}
				}
			}
		}
	}
	if randomOK < randomN*99/100 {
		t.Errorf("crossRing answered %d of %d random points, want ≥ 99 %%", randomOK, randomN)
	}
}

// FuzzCrossRing: for any ring (up to 12 vertices on a fine lattice, so
// that vertices, collinear points and horizontal edges are common) and any
// point, crossRing agrees with locateInRing when it answers.
func FuzzCrossRing(f *testing.F) {
	f.Add([]byte{0, 0, 8, 0, 8, 8, 0, 8}, uint16(4), uint16(4))
	f.Add([]byte{0, 0, 8, 0, 4, 4, 8, 8, 0, 8}, uint16(4), uint16(4)) // the point on a vertex
	f.Add([]byte{0, 0, 8, 0, 8, 0, 8, 8, 0, 8}, uint16(8), uint16(0)) // duplicate vertex, point on it
	f.Add([]byte{0, 0, 9, 3, 0, 6}, uint16(3), uint16(1))             // point on an edge
	f.Fuzz(func(t *testing.T, coords []byte, u, v uint16) {
		if len(coords) < 6 || len(coords) > 24 {
			return
		}
		c := func(a, b float64) orb.Point { return orb.Point{7.5 + a/7, 48 + b/7} }
		var ring orb.Ring
		for i := 0; i+1 < len(coords); i += 2 {
			ring = append(ring, c(float64(coords[i]%16), float64(coords[i+1]%16)))
		}
		pts, segs := ringSegs(ring)
		// The point on the lattice (u, v < 64: quarter steps) or, for
		// u ≥ 64, off it by an ulp.
		p := c(float64(u%64)/4, float64(v%64)/4)
		if u >= 64 {
			p[0] = math.Nextafter(p[0], math.Inf(int(u%2)*2-1))
		}
		checkCrossRing(t, pts, segs, p)
	})
}
