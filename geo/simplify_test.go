package geo

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// star is a random star-shaped closed ring of n vertices around the origin.
func star(rng *rand.Rand, n int) orb.Ring {
	r := make(orb.Ring, 0, n+1)
	for i := range n {
		a := 2 * math.Pi * float64(i) / float64(n)
		d := 0.5 + rng.Float64()
		r = append(r, orb.Point{d * math.Cos(a), d * math.Sin(a)})
	}
	return append(r, r[0])
}

// distToRing is the distance from p to the nearest segment of r.
func distToRing(p orb.Point, r orb.Ring) float64 {
	best := math.Inf(1)
	for i := 0; i+1 < len(r); i++ {
		best = min(best, math.Sqrt(planar.DistanceFromSegmentSquared(r[i], r[i+1], p)))
	}
	return best
}

// TestSimplifyRingWithinTolerance: every input vertex lies within the
// tolerance (plus the snapping's half diagonal) of the simplified ring,
// the result is closed, smaller or equal, and the input is unchanged.
func TestSimplifyRingWithinTolerance(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		n   int
		tol float64
	}{{10, 0.01}, {500, 0.001}, {500, 0.05}, {3000, 0.01}, {3000, 0.3}} {
		in := star(rng, tc.n)
		orig := append(orb.Ring(nil), in...)
		out := SimplifyRing(in, tc.tol)
		if in.Equal(orig) == false {
			t.Fatalf("n=%d tol=%g: input modified", tc.n, tc.tol)
		}
		if out == nil {
			t.Fatalf("n=%d tol=%g: collapsed", tc.n, tc.tol)
		}
		if out[0] != out[len(out)-1] || len(out) > len(in) {
			t.Errorf("n=%d tol=%g: %d → %d vertices, closed %v", tc.n, tc.tol, len(in), len(out), out[0] == out[len(out)-1])
		}
		limit := tc.tol * (1 + math.Sqrt2/2) * 1.0000001
		for i, p := range in {
			if d := distToRing(p, out); d > limit {
				t.Fatalf("n=%d tol=%g: vertex %d is %g from the simplified ring (limit %g)", tc.n, tc.tol, i, d, limit)
			}
		}
		if tc.tol >= 0.05 && len(out) >= len(in)/2 {
			t.Errorf("n=%d tol=%g: kept %d of %d vertices", tc.n, tc.tol, len(out), len(in))
		}
	}
}

func TestSimplifyRingCollapses(t *testing.T) {
	tiny := orb.Ring{{0, 0}, {1e-9, 0}, {1e-9, 1e-9}, {0, 0}}
	if got := SimplifyRing(tiny, 1e-3); got != nil {
		t.Errorf("tiny ring: got %v, want nil", got)
	}
	if got := SimplifyRing(orb.Ring{{0, 0}, {1, 1}}, 1); got != nil {
		t.Errorf("two points: got %v, want nil", got)
	}
	mp := orb.MultiPolygon{{tiny}, {{{0, 0}, {1, 0}, {1, 1}, {0, 1}, {0, 0}}, tiny}}
	got := SimplifyMultiPolygon(mp, 1e-3)
	if len(got) != 1 || len(got[0]) != 1 {
		t.Errorf("multipolygon: got %v, want the square without the tiny hole", got)
	}
}

// TestSimplifyRingBoundedWork counts the distance tests of the worst
// case for plain Douglas-Peucker, a comb whose every split cuts off one
// tooth: the bounded runs keep the count linear in the vertices.
func TestSimplifyRingBoundedWork(t *testing.T) {
	const teeth = 25_000 // 100,000 vertices
	r := orb.Ring{{0, 0}}
	for i := range teeth {
		x := float64(i)
		r = append(r, orb.Point{x, 100}, orb.Point{x + 0.5, 100}, orb.Point{x + 0.5, 1}, orb.Point{x + 1, 1})
	}
	r = append(r, orb.Point{teeth, 0}, orb.Point{0, 0})
	distanceTests.Store(0)
	out := SimplifyRing(r, 0.01)
	if len(out) < len(r)-2 {
		t.Errorf("the comb lost teeth: %d of %d vertices", len(out), len(r))
	}
	if limit := int64(len(r)) * 300; distanceTests.Load() > limit {
		t.Errorf("%d distance tests for %d vertices, want at most %d", distanceTests.Load(), len(r), limit)
	}
}
