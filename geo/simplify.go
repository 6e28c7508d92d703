package geo

import (
	"math"
	"slices"
	"sync/atomic"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/planar"
)

// Simplification bounded for any input shape.
//
// Douglas-Peucker is quadratic when every split cuts off only one vertex
// (a spiral, a comb of long parallel teeth): a comb of a million vertices,
// within the import's vertex limit, took minutes. SimplifyMultiPolygon
// therefore first snaps every vertex to a grid of the tolerance and drops
// repeats (linear; what survives is at most the outline's length in grid
// cells), then runs Douglas-Peucker on runs of at most dpChunk vertices,
// each keeping its end points: at most dpChunk²/2 distance tests per run,
// so O(n·dpChunk) in the worst case and O(n log dpChunk) usually. The
// price is a kept vertex every dpChunk vertices of a long detailed ring,
// which no one sees at the tolerance asked for.

// dpChunk is the most vertices one Douglas-Peucker run sees.
const dpChunk = 256

// SimplifyMultiPolygon returns mp simplified to tolerance tol (in mp's
// units): vertices snapped to multiples of tol, then Douglas-Peucker with
// tolerance tol. Rings that collapse (fewer than four points) are left
// out, and a polygon whose exterior collapses with them; the result may
// be empty. mp is not modified.
func SimplifyMultiPolygon(mp orb.MultiPolygon, tol float64) orb.MultiPolygon {
	out := make(orb.MultiPolygon, 0, len(mp))
	for _, p := range mp {
		var sp orb.Polygon
		for i, r := range p {
			sr := SimplifyRing(r, tol)
			if sr == nil {
				if i == 0 {
					break
				}
				continue
			}
			sp = append(sp, sr)
		}
		if len(sp) > 0 {
			out = append(out, sp)
		}
	}
	return out
}

// SimplifyRing simplifies one closed ring as SimplifyMultiPolygon does;
// nil if it collapses. r is not modified.
func SimplifyRing(r orb.Ring, tol float64) orb.Ring {
	if len(r) < 4 {
		return nil
	}
	if !(tol > 0) {
		return slices.Clone(r)
	}
	snapped := make(orb.Ring, 0, min(len(r), 1<<16))
	for _, p := range r {
		q := orb.Point{math.Round(p[0]/tol) * tol, math.Round(p[1]/tol) * tol}
		if n := len(snapped); n > 0 && snapped[n-1] == q {
			continue
		}
		snapped = append(snapped, q)
	}
	if snapped[0] != snapped[len(snapped)-1] {
		snapped = append(snapped, snapped[0])
	}
	if len(snapped) < 4 {
		return nil
	}
	keep := make([]bool, len(snapped))
	for start := 0; start < len(snapped)-1; start += dpChunk {
		end := min(start+dpChunk, len(snapped)-1)
		douglasPeucker(snapped[start:end+1], tol*tol, keep[start:end+1])
	}
	out := snapped[:0]
	for i, p := range snapped {
		if keep[i] {
			out = append(out, p)
		}
	}
	if len(out) < 4 {
		return nil
	}
	return out
}

// distanceTests counts douglasPeucker's distance tests, for the test
// that bounds them.
var distanceTests atomic.Int64

// douglasPeucker marks in keep the vertices of ls that Douglas-Peucker
// keeps at squared tolerance tol2; the end points are always kept.
func douglasPeucker(ls []orb.Point, tol2 float64, keep []bool) {
	var tests int64
	defer func() { distanceTests.Add(tests) }()
	keep[0], keep[len(ls)-1] = true, true
	stack := []int{0, len(ls) - 1}
	for len(stack) > 0 {
		start, end := stack[len(stack)-2], stack[len(stack)-1]
		stack = stack[:len(stack)-2]
		maxDist, maxIndex := 0.0, 0
		tests += int64(max(end-start-1, 0))
		for i := start + 1; i < end; i++ {
			if d := planar.DistanceFromSegmentSquared(ls[start], ls[end], ls[i]); d > maxDist {
				maxDist, maxIndex = d, i
			}
		}
		if maxDist > tol2 {
			keep[maxIndex] = true
			stack = append(stack, start, maxIndex, maxIndex, end)
		}
	}
}
